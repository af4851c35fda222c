"""Snippets of the original text with the matched words marked.

Matching runs on normalized text, but readers want the outlet's own
spelling: arabic.word_spans maps every original word to its normalized
form, so the marks land on the original characters (tashkeel included).
"""
from html import escape

from .. import arabic

BEFORE, AFTER = 12, 24


def snippet(original, keys):
    spans = arabic.word_spans(original)
    hits = [i for i, (_, _, word) in enumerate(spans) if keys & set(arabic.search_keys(word))]
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
