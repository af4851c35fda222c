"""Extraction assist: proposes who said what and who met whom in one article.

Rule-based and explainable (every proposal names the rule that found it),
with no model to download. The pipeline, one module per step:

    lexicon.py   every word list the rules use (verbs of saying, particles, titles …)
    text.py      tokens with offsets into the stored body, quotes, sentences
    mentions.py  participants named: aliases, titles on the article's date, new names
    rules.py     attributions: cue, speaker, where the content starts
    spans.py     docs/data-model.md's span rule: the statement's text, start, end, kind
    meetings.py  meetings: who met whom, where
    store.py     ?commit=true: saves the confident proposals, once
    evaluate.py  `flask eval-extract`: precision and recall against fixtures/
    cli.py       `flask extract ARTICLE_ID` and `flask eval-extract`

`extract(article)` reads the database (aliases, roles, outlets) and writes
nothing.
"""
from __future__ import annotations

import datetime
import itertools

from ..arabic import normalize
from ..models import Outlet
from . import dates, lexicon, meetings
from .budget import Budget, BudgetExceeded
from .mentions import Candidate, Mention, find_mentions
from .rules import RuleSet, credited_person
from .spans import content_end, credit_span, cut
from .text import Text

__all__ = ["extract", "COMMIT_THRESHOLD", "Budget", "BudgetExceeded"]

# Proposals at or above this speaker confidence are saved by ?commit=true.
# Below it sit carried-over speakers from another paragraph, ambiguous
# titles and names nobody has on file: an editor decides those.
COMMIT_THRESHOLD = 0.75


def article_period(article) -> tuple[datetime.date, datetime.date] | None:
    """The days the article's date may mean, as [first, last] (its precision widens it)."""
    if article.published_at is None:
        return None
    moment = article.published_at + datetime.timedelta(minutes=article.published_at_offset or 0)
    return dates.period(moment.date(), article.date_precision)


def extract(article, budget: Budget | None = None) -> dict:
    """Proposals for one stored article: statements, participants, events (see docs/extraction.md).

    Raises budget.BudgetExceeded (an OverBudget domain error) past the budget's limits."""
    budget = budget or Budget()
    budget.check_body(article.body)
    text = Text(article.body)
    budget.check_time()
    period = article_period(article)
    mentions, directory = find_mentions(text, period, budget)
    media_names = {normalize(name) for outlet in Outlet.select(Outlet.name, Outlet.name_ar)
                   for name in (outlet.name, outlet.name_ar) if name}
    rules = RuleSet(text, mentions, media_names, budget)
    statements, seen, speakers_used = [], set(), set()
    sentence_of_statement = []
    budget.check_time()
    for sentence in text.sentences:
        budget.check_time()
        view, attributions, credits = rules.sentence_attributions(sentence)
        # A credit covers every statement of its sentence (docs/data-model.md), and so
        # does an agency that frames them ("وأفادت وكالة … بأن").
        framing = [a.source_text for a in attributions if a.is_source and a.source_text]
        sentence_credit = credits[0][2] if credits else (framing[0] if framing else None)
        for index, attribution in enumerate(attributions):
            following = itertools.islice(attributions, index + 1, None)
            if attribution.is_source and attribution.source_text and attribution.content is not None \
                    and (_personal(attribution.source_text) or not _frames(attribution, attributions, index)):
                # A source that frames nobody's words says them itself
                # ("وذكرت صحيفة الوطن أن …", "وقال شهود إن …"): data/extraction-dev/GUIDE.md's speaker.
                attribution.speakers = [_document_issuer(attribution.source_text, rules)
                                        or Candidate(None, " ".join(attribution.source_text.split()), 0.3, "source")]
                attribution.is_source = False
            if attribution.is_source or not attribution.speakers or attribution.content is None:
                continue
            if credits and len(attribution.speakers) == 1 and attribution.speakers[0].via in ("organization", "carried",
                                                                                               "subject", "name") \
                    and _body(attribution.speakers[0]):
                spokesman = credited_person(view, credits)
                if spokesman is not None:
                    attribution.speakers = [spokesman]  # "أشار الاتحاد، وفق … سامي الطاهري، إلى أن"
            stop = attribution.content_stop
            span = cut(view, attribution, stop if stop is not None else content_end(view, attribution, following,
                                                                                     credits))
            if span is None:
                continue
            first, last = attribution.first, attribution.last
            while last > first and not view.items[last].word and view.items[last].raw not in ")»”\"":
                last -= 1
            attribution_text = text.body[view.items[first].start:view.items[last].end]
            for number, speaker in enumerate(attribution.speakers):
                body_text = text.body[span.start:span.end]
                identity = (speaker.participant_id or normalize(speaker.name), normalize(body_text))
                if identity in seen:
                    continue  # a headline repeated in the body: its first occurrence only
                seen.add(identity)
                alternatives = []
                if number < len(attribution.speaker_mentions):
                    alternatives = attribution.speaker_mentions[number].candidates[1:]
                if speaker.participant_id is not None:
                    speakers_used.add(speaker.participant_id)
                statements.append({
                    "speaker": speaker.as_dict(),
                    "candidates": [c.as_dict() for c in alternatives],
                    "text": body_text,
                    "start": span.start,
                    "end": span.end,
                    "kind": span.kind,
                    "cue": attribution.cue_text,
                    "attribution_text": attribution_text,
                    "attributed_via": attribution.source_text or sentence_credit,
                    "addressee": attribution.addressee.as_dict() if attribution.addressee else None,
                    "event": None,
                    "rule": attribution.rule,
                })
                sentence_of_statement.append(sentence)
        if credits and not any(a.speakers and not a.is_source for a in attributions):
            credited = credited_statement(view, credits)
            if credited is not None:
                statements.append(credited)
                sentence_of_statement.append(sentence)
    events = meetings.find(text, mentions, period, directory, budget,
                           speakers=[(sentence, statement["speaker"]) for sentence, statement
                                     in zip(sentence_of_statement, statements)])
    meetings.assign(statements, sentence_of_statement, events, text)
    return {
        "statements": statements,
        "participants": participants(mentions, speakers_used, _names_used(statements, events)),
        "events": events,
    }


def credited_statement(view, credits) -> dict | None:
    """"وتتعرض المنظمة الشغيلة، وفق سامي الطاهري، إلى …", "…، وفق ليلى الشتاوي.": a sentence
    with no verb of saying whose words a credit gives to a person or a source."""
    for first, last, source in credits:
        head = (normalize(source).split() or [""])[0]
        if head in lexicon.MEDIA_HEADS or head[1:] in lexicon.MEDIA_HEADS:
            continue  # "وفقاً لبيان نشرته الخارجية": a document credits, it does not speak
        if any(view.norm(q) in lexicon.FRAMING_VERBS for q in range(first, len(view))):
            continue  # "ووفقاً للخارجية السورية تناول اللقاء …": the journalist's framing
        mention = next((view.mention_at(q) for q in range(first, last + 1)
                        if view.mention_at(q) is not None and view.mention_at(q).best
                        and view.mention_at(q).kind in ("name", "alias", "source", "title", "organization")), None)
        if mention is None:
            continue
        if mention.kind == "organization" and (len(mention.text.split()) < 2 or not any(
                view.mention_at(q) is mention for q in range(first, min(first + 2, last + 1)))):
            continue  # a body credits only by its full name, right after the opener ("وحسب وزارة الداخلية، فقد")
        span = credit_span(view, first, last)
        if span is None:
            continue
        body = view.text.body
        return {
            "speaker": mention.best.as_dict(), "candidates": [], "text": body[span.start:span.end],
            "start": span.start, "end": span.end, "kind": span.kind, "cue": None,
            "attribution_text": body[view.items[first].start:view.items[last].end],
            "attributed_via": None, "addressee": None, "event": None, "rule": "credited",
        }
    return None


def _document_issuer(source_text: str, rules: RuleSet) -> Candidate | None:
    """"وأوضح البلاغ أن": a document named alone speaks for the body that spoke last (GUIDE: the body
    behind the document)."""
    words = normalize(source_text).split()
    if len(words) != 1 or words[0] not in lexicon.DOCUMENT_HEADS or not words[0].startswith("ال"):
        return None
    return rules.last_body


def _body(candidate: Candidate) -> bool:
    """A body, not a person or a source: its first word heads an organization's name."""
    first = (normalize(candidate.name).split() or [""])[0]
    return candidate.via == "organization" or any(
        form in lexicon.ORGANIZATION_HEADS for form in (first, first[1:] if first[:1] == "و" else first))


def _kind_of(mention: Mention) -> str | None:
    """person or organization for a name not on file (an editor's proposal); None when on file."""
    if mention.best.participant_id is not None:
        return None
    return "organization" if mention.best.via in ("organization", "source") else "person"


def _personal(source_text: str) -> bool:
    """Sources that are people, not outlets ("مصادر", "شهود", "مسؤول إسرائيلي"): they speak even
    when they report someone else's words (data/extraction-dev/GUIDE.md); an agency that does only frames."""
    first = normalize(source_text).split()[:1]
    return bool(first) and (first[0] in lexicon.PERSONAL_SOURCES
                            or first[0][:1] == "و" and first[0][1:] in lexicon.PERSONAL_SOURCES)


def _frames(source, attributions, index) -> bool:
    """Does a source's content hold another speaker's attribution ("أفادت سانا بأن الأسد أكد")?

    The next attribution decides: it is the nearest one inside the content."""
    for other in itertools.islice(attributions, index + 1, None):
        if other.first >= source.content:
            return not other.is_source
    return False


def _names_used(statements: list[dict], events: list[dict]) -> set[str]:
    """Normalized names of the speakers and meeting sides not on file."""
    names = {normalize(s["speaker"]["name"]) for s in statements if s["speaker"]["id"] is None}
    names |= {normalize(p["name"]) for e in events for p in e["participants"] if p["id"] is None}
    return names


def participants(mentions: list[Mention], speakers_used: set[int], names_used: set[str] = frozenset()) -> list[dict]:
    """Everyone the article names, once each, with where."""
    named_in_full = {m.best.participant_id for m in mentions if m.best and not m.short}
    found: dict = {}
    for mention in mentions:
        best = mention.best
        if best is None:
            continue
        if mention.short and best.participant_id not in named_in_full | speakers_used:
            continue  # "الأسد" alone may be the animal; trusted only with context
        if best.via == "source":
            continue  # "مصادر مطلعة", "مسؤول إسرائيلي": a speaker, never a participant to create
        if best.participant_id is None and best.via == "organization" and normalize(best.name) not in names_used:
            continue  # a body named in passing ("وزارة النقل") is proposed only when it speaks or meets
        key = mention.key
        entry = found.setdefault(key, {
            "id": best.participant_id,
            "name": best.name,
            "kind": _kind_of(mention),
            "title": None,
            "confidence": 0.0,
            "mentions": [],
        })
        if best.participant_id is None and best.role and not entry["title"]:
            entry["title"] = best.role  # "وزير الخارجية الأردني" for "أيمن الصفدي"
        entry["confidence"] = round(max(entry["confidence"], best.score), 2)
        entry["mentions"].append({"text": mention.text, "start": mention.start, "end": mention.end,
                                  "via": best.via})
        if best.participant_id is None and len(best.name) > len(entry["name"]):
            entry["name"] = best.name
    return list(found.values())
