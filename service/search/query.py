"""The search query language journalists type, parsed once for both engines.

    الارهاب امريكا          both words (AND)
    "محور المقاومة"         the phrase, words adjacent («…» and “…” work too)
    الاسد OR خامنئي         either side
    الارهاب -امريكا         the first word, not the second

Every word is normalized (arabic.normalize) and expanded to its search keys
(the word with its proclitics removed: والأسد → الاسد, اسد), so a query
matches however the outlet spelled or prefixed the word. Anything else is
literal: no user text reaches an FTS engine's own syntax, so a query can be
refused with a 400 but never crash the engine.
"""
import re
from dataclasses import dataclass

from .. import arabic
from ..config import DEFAULT_SEARCH_RANK_WINDOW
from ..errors import InvalidQuery

_PIECES = re.compile(r'-?"[^"]*"?|\S+')
QUOTE_MARKS = str.maketrans(dict.fromkeys("«»“”„", '"'))
MAX_ITEMS = 20


@dataclass(frozen=True)
class Word:
    keys: tuple          # any of these normalized keys matches
    negated: bool = False


@dataclass(frozen=True)
class Phrase:
    tokens: tuple        # normalized tokens, adjacent and in order
    negated: bool = False


def invalid(detail):
    return InvalidQuery(detail, field="q")


def parse(text):
    """Return the query as OR-groups of AND-items (Word or Phrase)."""
    groups, items = [], []
    # OR is an operator only as typed, in capitals: split before normalizing
    # (which lowercases Latin), folding only the quote marks first so «…»
    # and “…” make phrases too.
    for raw in _PIECES.findall(text.translate(QUOTE_MARKS)):
        if raw == "OR":
            groups.append(items)
            items = []
            continue
        piece = arabic.normalize(raw)
        negated = piece.startswith("-")
        body = piece[1:] if negated else piece
        if body.startswith('"'):
            words = arabic.tokens(body.strip('"'))
            if len(words) == 1:
                items.append(Word(tuple(arabic.query_terms(words[0])), negated))
            elif words:
                items.append(Phrase(tuple(words), negated))
            continue
        # A piece like "al-Assad" holds several words: all of them must match.
        for word in arabic.tokens(body):
            items.append(Word(tuple(arabic.query_terms(word)), negated))
    groups.append(items)
    groups = [group for group in groups if group]
    if not groups:
        raise invalid("The query has no word to search for.")
    if sum(len(group) for group in groups) > MAX_ITEMS:
        raise invalid(f"The query has more than {MAX_ITEMS} words.")
    for group in groups:
        if all(item.negated for item in group):
            raise invalid("Exclusions (-word) need at least one word to find beside them.")
    return groups


def highlight_keys(groups):
    """The normalized keys whose words a snippet should mark."""
    keys = set()
    for group in groups:
        for item in group:
            if not item.negated:
                keys.update(item.keys if isinstance(item, Word) else item.tokens)
    return keys


# How both engines break a tie between equal scores (newest first), in SQL
# joined to the ranked candidates `c`: (join, ORDER BY terms) per kind.
RECENCY = {
    "statement": ("JOIN statement s ON s.id = c.id JOIN article a ON a.id = s.article_id",
                  "a.published_at DESC NULLS LAST, s.id DESC"),
    "article": ("JOIN article a ON a.id = c.id", "a.published_at DESC NULLS LAST, a.id DESC"),
    "participant": ("", "c.id ASC"),
}


# The operator's SEARCH_RANK_WINDOW, set at app start (`set_rank_window`).
_rank_window = DEFAULT_SEARCH_RANK_WINDOW


def set_rank_window(window):
    global _rank_window
    _rank_window = int(window)


def rank_window():
    """SEARCH_RANK_WINDOW as the app set it (else the default); None (0 set): rank every match."""
    return _rank_window if _rank_window > 0 else None
