"""docs/data-model.md's span rule: what part of the sentence is the statement's text.

- The content runs from the introducer to the end of the sentence or to the
  next attribution (a participle, "وقال", a trailing "، وفقاً لبيان …").
- Closing full stops, commas and a stray closing mark are not content; a
  closing mark whose quote opened inside the content is ("… سوريا"").
- When the whole content is one quote, the statement is `direct` and its
  text is inside the marks. Unless a colon introduced the quote, an
  introducer that opens the quote is cut too (على “أنَّ مخططات …” ->
  "مخططات …"): the text holds content only.
- Otherwise the statement is `indirect` and keeps any marks it contains.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import lexicon
from .rules import Attribution, SentenceView

TRAILING = set(".,،:;؛…!؟?") | {"-", "–"}

# Two spans say the same thing when they share half of the shorter one: the
# rule `make eval-extract` scores by and ?commit=true deduplicates by.
MIN_OVERLAP = 0.5


def overlap(a: dict, b: dict) -> float:
    """Shared characters of two {start, end} spans, as a share of the shorter."""
    shared = min(a["end"], b["end"]) - max(a["start"], b["start"])
    shorter = min(a["end"] - a["start"], b["end"] - b["start"])
    return shared / shorter if shared > 0 and shorter > 0 else 0.0
QUOTE_INTRODUCERS = lexicon.BARE_COMPLEMENTIZERS
QUOTED_PREPOSITIONS = ("على", "عن", "إلى", "الى")   # “على استمرار إيران …” -> "استمرار إيران …"


@dataclass
class Span:
    start: int
    end: int
    kind: str


def content_end(view: SentenceView, attribution: Attribution, following: list[Attribution], credits) -> int:
    """Item position after the content: the next attribution, a trailing credit, or the sentence end."""
    end = len(view)
    for other in following:
        if other.first > attribution.content:
            end = min(end, other.first)
            break
    for first, _, _ in credits:   # credits are in reading order
        if first >= end:
            break
        if attribution.content < first and view.is_comma(first - 1):
            end = first  # "…، وفقاً لبيان نشرته الخارجية السورية."
    return end


def cut(view: SentenceView, attribution: Attribution, end: int) -> Span | None:
    text = view.text
    first = attribution.content
    if first is None or first >= end:
        return None
    last = end - 1
    while last >= first and _trailing(view, first, last):
        last -= 1
    if last < first:
        return None
    opening = view.items[first]
    quote = text.quote_at(opening.index) if opening.raw in lexicon.QUOTE_MARKS else None
    if quote is not None and _quote_ends_at(view, quote, last):
        return _inside(view, quote, strip_introducer=not attribution.after_colon)
    start = attribution.content_offset if attribution.content_offset is not None else opening.start
    if opening.raw in lexicon.QUOTE_MARKS and quote is None:
        start = view.items[first + 1].start if first + 1 <= last else start  # a stray mark
    return Span(start, view.items[last].end, "indirect")


def credit_span(view: SentenceView, first: int, last: int) -> Span | None:
    """The words a credit (items first..last: "وفق سامي الطاهري") gives to its source.

    At the sentence's end it credits what precedes it; inside, what follows it
    ("وبحسب المسؤول، فإن …", "وتتعرض المنظمة، وفق X، إلى …": the clause it interrupts).
    """
    if last + 1 >= len(view) or all(_trailing(view, q, q) for q in range(last + 1, len(view))):
        start, stop = 0, first - 1
        while start < stop and not view.items[start].word:
            start += 1
    else:
        start, stop = last + 1, len(view) - 1
        while start <= stop and (view.is_comma(start) or view.norm(start) in lexicon.BARE_COMPLEMENTIZERS):
            start += 1
    while stop >= start and _trailing(view, start, stop):
        stop -= 1
    if stop < start or stop - start < 2:
        return None
    return Span(view.items[start].start, view.items[stop].end, "indirect")


def _trailing(view: SentenceView, first: int, last: int) -> bool:
    token = view.items[last]
    if token.raw in TRAILING:
        return True
    if token.raw in lexicon.QUOTE_MARKS:
        quote = view.text.quote_of_close(token.index)
        # Keep a closing mark whose quote opened inside the content.
        return quote is None or view.position.get(quote.open, -1) < first
    return False


def _quote_ends_at(view: SentenceView, quote, last: int) -> bool:
    if quote.close is not None:
        return view.items[last].index == quote.close
    return view.items[last].index < quote.end


def _inside(view: SentenceView, quote, strip_introducer: bool) -> Span | None:
    body = view.text.body
    tokens = view.text.tokens
    start = tokens[quote.open].end
    end = tokens[quote.close].start if quote.close is not None else tokens[quote.end - 1].end
    words = [t for t in tokens[quote.open + 1:quote.close if quote.close is not None else quote.end] if t.word]
    opens_with_introducer = words and (words[0].norm in QUOTE_INTRODUCERS or words[0].bare in QUOTED_PREPOSITIONS)
    if strip_introducer and opens_with_introducer and len(words) > 1:
        start = words[0].end
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in TRAILING):
        end -= 1
    if end <= start:
        return None
    return Span(start, end, "direct")
