"""Snippets of the original text with the matched words marked.

Matching runs on normalized text, but readers want the outlet's own
spelling: arabic.word_spans maps every original word to its normalized
form, so the marks land on the original characters (tashkeel included).
"""
import re
from functools import lru_cache
from html import escape

from .. import arabic

BEFORE, AFTER = 12, 24
_CHUNK = re.compile(r"\S+")


@lru_cache(maxsize=1 << 16)
def _chunk_words(chunk):
    """(start, end, search keys) of each word of a space-free chunk of original text.

    Cached: a page of hits repeats the same Zipfian news vocabulary, and
    normalizing word by word is most of a snippet's cost. No word spans a
    space (normalize deletes none), so chunks split the text as words do.
    """
    return tuple((start, end, frozenset(arabic.search_keys(word)))
                 for start, end, word in arabic.word_spans(chunk))


def _word_spans(original):
    return [(chunk.start() + start, chunk.start() + end, keys)
            for chunk in _CHUNK.finditer(original) for start, end, keys in _chunk_words(chunk.group())]


def snippet(original, keys):
    spans = _word_spans(original)
    hits = [i for i, (_, _, word_keys) in enumerate(spans) if not keys.isdisjoint(word_keys)]
    if not spans:
        return ""
    first = hits[0] if hits else 0
    lo, hi = max(0, first - BEFORE), min(len(spans), first + AFTER)
    start, end = spans[lo][0], spans[hi - 1][1]
    marked, cursor = [], start
    for i in (i for i in hits if lo <= i < hi):
        word_start, word_end, _ = spans[i]
        marked.append(escape(original[cursor:word_start], quote=False))
        marked.append(f"<mark>{escape(original[word_start:word_end], quote=False)}</mark>")
        cursor = word_end
    marked.append(escape(original[cursor:end], quote=False))
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(spans) else ""
    return prefix + "".join(marked).strip() + suffix
