"""Arabic text normalization and search keys.

Why this module exists
----------------------
Neither search engine we run on understands Arabic:

* SQLite FTS5's ``unicode61`` tokenizer folds Latin diacritics only.  It does
  not fold Arabic letter variants (أ/إ/آ/ا, ى/ي, ة/ه), and it treats harakat
  (tashkeel) and tatweel as separators, so "أكّد" is indexed as two tokens
  and a search for "اكد" finds nothing.
* PostgreSQL's ``unaccent`` has no Arabic rules, and its text-search
  configurations have no Arabic stemmer we want (it would damage names).

So we normalize in Python, identically before indexing and before querying,
on both engines.  Normalized text is used only for alias keys, the
statement's shadow text and the search index; the stored text is never
rewritten.

Two layers
----------
1. ``normalize`` folds spelling variation that carries no meaning for search
   (see the rule functions below, applied in the order they are listed).
2. ``search_keys`` adds *extra* keys per token with the proclitics
   و ف ب ك ل ال removed.  It never replaces the token: light stemming
   damages names (ولايتي is a name, not و + لايتي), so the full token is
   always the first key and names are never lost.  Matching is "any key of
   the query word equals any key of a document word".

Deliberately NOT done (each would hurt precision on names and distinct words):
no suffix stripping (ها، هم، ات، ين ...), no folding of a trailing nisba ي
(ايراني stays distinct from ايران, سوري from سوريا), no verb prefixes
(س، ي، ت، ن), no spelling-variant folding such as سوريا/سورية (that belongs
in the alias table).  Known cost of the mandated ى→ي fold: the preposition
على and the name علي share the key علي.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from itertools import chain

__all__ = [
    "MIN_STEM",
    "PROCLITICS",
    "index_terms",
    "normalize",
    "query_terms",
    "search_keys",
    "tokens",
    "word_spans",
]


def _ranges(*spans: tuple[int, int]) -> list[int]:
    return [cp for lo, hi in spans for cp in range(lo, hi + 1)]


# --------------------------------------------------------------------------
# Normalization rules, one function each, in the order normalize() applies
# them.  Each table-based rule exposes its table so normalize() can apply
# all of them in a single str.translate pass (see _COMBINED_TABLE).
# --------------------------------------------------------------------------


def _nfkc(text: str) -> str:
    # First, so that presentation forms (ﺃ, ﻻ, ﷲ ...) become ordinary letters
    # that the later rules know how to fold.
    return unicodedata.normalize("NFKC", text)


# Quranic annotation marks, harakat/tanween/shadda/sukun, superscript alef,
# small high Quranic marks, and tatweel (a purely typographic stretch).
_MARKS_TABLE = dict.fromkeys(
    _ranges((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670),
            (0x06D6, 0x06ED), (0x0640, 0x0640)),
    None,
)


def _strip_marks(text: str) -> str:
    return text.translate(_MARKS_TABLE)


# Invisible format characters (ZWSP/ZWNJ/ZWJ, LRM/RLM, Arabic letter mark,
# bidi embeddings/isolates, soft hyphen, BOM).  Not in docs/data-model.md's list, but
# copy-pasted news text carries them inside words and they would otherwise
# split a word in two for the tokenizer.
_INVISIBLE_TABLE = dict.fromkeys(
    _ranges((0x200B, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069),
            (0x061C, 0x061C), (0x00AD, 0x00AD), (0xFEFF, 0xFEFF)),
    None,
)


def _strip_invisible(text: str) -> str:
    return text.translate(_INVISIBLE_TABLE)


# Writers and OCR use the hamza/madda/wasla alef, final ى/ي and ة/ه
# interchangeably; the hamza seat of ؤ/ئ varies by spelling convention
# (مسؤول = مسئول).
_LETTERS_TABLE = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "ء", "ئ": "ء",
})


def _fold_letters(text: str) -> str:
    return text.translate(_LETTERS_TABLE)


# Iranian sources (IRNA, Tasnim, Press TV Arabic ...) type Arabic with a
# Persian keyboard, so names arrive with Farsi yeh ی and keheh ک, which
# look identical to ي/ك in most fonts but are different code points.
_PERSIAN_TABLE = str.maketrans({"\u06CC": "\u064A", "\u06A9": "\u0643"})


def _fold_persian_letters(text: str) -> str:
    return text.translate(_PERSIAN_TABLE)


# NFKC leaves Arabic-Indic (٠-٩) and Persian (۰-۹) digits alone.
_DIGITS_TABLE = {
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
}


def _fold_digits(text: str) -> str:
    return text.translate(_DIGITS_TABLE)


def _lowercase(text: str) -> str:
    # Arabic has no case; lowering the whole string is the cheap way to
    # lowercase the Latin names and acronyms (Khamenei, IRNA) it contains.
    return text.lower()


# Arabic typography uses guillemets, English-style and German-style quotes
# for the same purpose; phrase matching on the shadow text must not care.
_QUOTES_TABLE = str.maketrans(dict.fromkeys("«»“”„\"", '"'))


def _fold_quotes(text: str) -> str:
    return text.translate(_QUOTES_TABLE)


def _collapse_whitespace(text: str) -> str:
    # str.split() knows every Unicode space and strips both ends for free.
    return " ".join(text.split())


# The table rules have disjoint inputs and none of them produces a character
# another one (or _lowercase) would change, so one merged translate pass is
# equivalent to applying them one after another -- and several times faster
# on the write path.  tests/test_arabic.py checks the equivalence.
_COMBINED_TABLE = {
    **_MARKS_TABLE, **_INVISIBLE_TABLE, **_LETTERS_TABLE,
    **_PERSIAN_TABLE, **_DIGITS_TABLE, **_QUOTES_TABLE,
}


def normalize(text: str) -> str:
    """Search form of ``text``; idempotent.  Never store its result as text."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_COMBINED_TABLE).lower()
    return " ".join(text.split())


# --------------------------------------------------------------------------
# Tokenization
# --------------------------------------------------------------------------

# A word is a run of letters or digits of any script (underscore excluded).
# Punctuation, quote marks and spaces separate words.  Only meaningful on
# normalized text, where marks and tatweel are already gone.
_WORD = re.compile(r"[^\W_]+")

# In original text a word may also contain the characters normalize()
# deletes, so that "أكّد" and "ســوريا" are one word, not two.
_DELETED = "".join(map(chr, chain(_MARKS_TABLE, _INVISIBLE_TABLE)))
_ORIGINAL_WORD = re.compile(r"(?:[^\W_]|[%s])+" % re.escape(_DELETED))


def tokens(text: str) -> list[str]:
    """Normalized words of ``text`` (no clitic folding)."""
    return _WORD.findall(normalize(text))


def word_spans(original: str) -> list[tuple[int, int, str]]:
    """(start, end, normalized word) for each word of the ORIGINAL text.

    Offsets index ``original`` so snippets can highlight the text as stored.
    Each original word is normalized on its own; the rare word that NFKC
    expands into several (e.g. the ligature ﷺ) yields one entry per
    normalized word, all with the span of the original glyphs.
    """
    spans = []
    for m in _ORIGINAL_WORD.finditer(original):
        start, end = m.span()
        for word in _WORD.findall(normalize(m.group())):
            spans.append((start, end, word))
    return spans


# --------------------------------------------------------------------------
# Clitic folding (search keys only)
# --------------------------------------------------------------------------

# Every sequence conjunction? + preposition? + article? that Arabic allows
# before a noun (و/ف, then ب/ك/ل, then ال; ل + ال is written لل).  Ordered
# by length so the keys come out longest stem first.
PROCLITICS: tuple[str, ...] = (
    "و", "ف", "ب", "ك", "ل",
    "ال", "وب", "وك", "ول", "فب", "فك", "فل", "لل",
    "وال", "فال", "بال", "كال", "ولل", "فلل",
    "وبال", "وكال", "فبال", "فكال",
)

# Shortest stem a proclitic may leave.  Arabic roots are triliteral, so a
# real noun stem almost always has 3+ letters (والأسد -> اسد); a 2-letter
# remainder is nearly always a particle or a word that merely starts with
# و/ب/ل (وهو, بحق, الله -> not هو, حق, له).
MIN_STEM = 3

_PROCLITICS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _p in PROCLITICS:
    _PROCLITICS_BY_FIRST[_p[0]] = _PROCLITICS_BY_FIRST.get(_p[0], ()) + (_p,)
del _p


@functools.lru_cache(maxsize=1 << 17)
def _keys(token: str) -> tuple[str, ...]:
    # Cached: news vocabulary is Zipfian, so most tokens repeat across the
    # 1M-statement corpus.  A tuple, so callers cannot corrupt the cache.
    keys = [token]
    for prefix in _PROCLITICS_BY_FIRST.get(token[:1], ()):
        if token.startswith(prefix):
            stem = token[len(prefix):]
            # A number may follow the article directly (الـ23 -> ال23 -> 23);
            # digits cannot be mistaken for letters of a word, so no minimum.
            if len(stem) >= MIN_STEM or (stem and stem.isdigit()):
                keys.append(stem)
    return tuple(dict.fromkeys(keys))


def search_keys(token: str) -> list[str]:
    """``token`` (already normalized) followed by its proclitic-free stems."""
    return list(_keys(token))


def index_terms(text: str) -> list[str]:
    """Every search key of every word of ``text``, deduplicated in order."""
    return list(dict.fromkeys(chain.from_iterable(map(_keys, tokens(text)))))


def query_terms(word: str) -> list[str]:
    """Keys of one query word, to be OR'ed against the index.

    Returns [] if ``word`` has no letters or digits.  Raises ValueError if it
    is several words: the caller must split the query with ``tokens()`` and
    decide how words combine (OR'ing them here would silently widen it).
    """
    words = tokens(word)
    if not words:
        return []
    if len(words) > 1:
        raise ValueError(f"query_terms expects one word, got {words!r}")
    return list(_keys(words[0]))
