"""An article body as the rules see it: tokens with offsets, quotes, sentences.

Offsets are Python str indices into the body exactly as stored, so every
span the extractor proposes satisfies docs/data-model.md's `body[start:end] == text`.
Words come from service.arabic.word_spans (one tokenizer for the service);
every other non-space character is a token of its own.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..arabic import normalize, word_spans
from .lexicon import COMPLEMENTIZERS, FURNITURE_MARK, OPENING_MARKS, QUOTE_MARKS, SENTENCE_ENDS

# Characters a quote mark's neighbourhood is read over (both sides).
LOOK = 64

# Marks and tatweel, removed for the "bare" form prepositions are compared on.
_MARKS = dict.fromkeys([*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, 0x0640], None)


@dataclass
class Token:
    index: int
    start: int
    end: int
    raw: str
    norm: str          # normalized word, or the punctuation character itself
    word: bool
    paragraph: int = 0
    quote: int | None = None   # the quote this token sits inside (marks excluded)

    @functools.cached_property
    def bare(self) -> str:
        """The raw word without its marks (computed once: the rules ask for it often)."""
        return self.raw.translate(_MARKS)


@dataclass
class Quote:
    open: int            # token index of the opening mark
    close: int | None    # token index of the closing mark; None: runs to the paragraph's end
    end: int             # token index after the last quoted token


@dataclass
class Sentence:
    first: int           # token index
    stop: int            # token index after the last token
    paragraph: int
    tokens: list[int] = field(default_factory=list)


class Text:
    """Tokens, paragraphs (lines), quotes and sentences of one body."""

    def __init__(self, body: str):
        self.body = body
        self.tokens = _tokenize(body)
        self.quotes: list[Quote] = []
        self._by_open: dict[int, Quote] = {}
        self._by_close: dict[int, Quote] = {}
        self.paragraphs: list[tuple[int, int]] = []
        self._split_paragraphs()
        for first, stop in self.paragraphs:
            self._pair_quotes(first, stop)
        self.sentences = [s for first, stop in self.paragraphs for s in self._split_sentences(first, stop)]

    # -- helpers the rules use -------------------------------------------------

    def words(self, first: int, stop: int):
        return [t for t in self.tokens[first:stop] if t.word]

    def quote_at(self, index: int) -> Quote | None:
        """The quote whose opening mark is token `index`."""
        return self._by_open.get(index)

    def quote_of_close(self, index: int) -> Quote | None:
        """The quote that token `index` closes."""
        return self._by_close.get(index)

    # -- segmentation ----------------------------------------------------------

    def _split_paragraphs(self):
        first = 0
        for i, token in enumerate(self.tokens):
            if token.raw == "\n":
                self.paragraphs.append((first, i))
                first = i + 1
        self.paragraphs.append((first, len(self.tokens)))
        for number, (first, stop) in enumerate(self.paragraphs):
            for token in self.tokens[first:stop]:
                token.paragraph = number

    def _pair_quotes(self, first: int, stop: int):
        """Pair quote marks within a paragraph.

        Outlets mix marks (« », “ ”, " ") and sometimes open with a closing
        mark (أن” سوريا … قوة”) or never close. So any mark may open a quote
        where text follows it, and any mark closes the open one. A mark
        that cannot open (followed by punctuation, "تستمر”.") is stray and
        ignored. An unclosed quote runs to the end of the paragraph.
        """
        opened = None
        for token in self.tokens[first:stop]:
            if token.raw not in QUOTE_MARKS:
                continue
            if opened is None:
                if self._can_open(token):
                    opened = token.index
            else:
                self._add_quote(opened, token.index, token.index)
                opened = None
        if opened is not None:
            self._add_quote(opened, None, stop)

    def _can_open(self, mark: Token) -> bool:
        # A bounded look on either side: the cost of a mark never grows with the body.
        after = self.body[mark.end:mark.end + LOOK].split("\n", 1)[0].lstrip(" \u00a0\t")
        if not after or not (after[0].isalnum() or after[0] in "(["):
            return False
        if mark.raw in OPENING_MARKS or mark.raw == '"':
            return True
        # A closing-style mark opens only where a quote can start: after a
        # space, a colon or an introducer it is glued to ("أن” سوريا").
        if mark.start == 0:
            return True
        before = self.body[max(0, mark.start - LOOK):mark.start]
        return before[-1].isspace() or before[-1] in ":(" or _is_introducer_word(before)

    def _add_quote(self, open_index: int, close_index: int | None, end: int):
        number = len(self.quotes)
        quote = Quote(open_index, close_index, end)
        self.quotes.append(quote)
        self._by_open[open_index] = quote
        if close_index is not None:
            self._by_close[close_index] = quote
        for token in self.tokens[open_index + 1:end]:
            token.quote = number

    def _split_sentences(self, first: int, stop: int):
        sentences, current = [], []
        for token in self.tokens[first:stop]:
            if token.quote is None and self._ends_sentence(token, stop):
                if current:
                    sentences.append(current)
                current = []
                continue
            current.append(token.index)
        if current:
            sentences.append(current)
        result = []
        for indices in sentences:
            while indices and self.tokens[indices[-1]].raw.isspace():
                indices.pop()
            while indices and self.tokens[indices[0]].raw.isspace():
                indices.pop(0)
            if any(self.tokens[i].word for i in indices):
                result.append(Sentence(indices[0], indices[-1] + 1, self.tokens[indices[0]].paragraph, indices))
        return result

    def _ends_sentence(self, token: Token, stop: int) -> bool:
        if token.raw == FURNITURE_MARK:
            # "+صور" at the end of a headline line: page furniture.
            return True
        if token.raw not in SENTENCE_ENDS:
            return False
        if token.raw == ".":
            # 18.01.2017 and 3.5 are numbers, not sentence ends.
            before = self.body[token.start - 1:token.start]
            after = self.body[token.end:token.end + 1]
            if before.isdigit() and after.isdigit():
                return False
        return True


def _is_introducer_word(before: str) -> bool:
    tail = before.split()[-1] if before.split() else ""
    return normalize(tail) in COMPLEMENTIZERS


def _tokenize(body: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    seen = set()
    for start, end, norm in word_spans(body):
        if (start, end) in seen:
            continue  # a ligature NFKC expands into several words: one token
        seen.add((start, end))
        _punctuation(body, position, start, tokens)
        tokens.append(Token(len(tokens), start, end, body[start:end], norm, True))
        position = end
    _punctuation(body, position, len(body), tokens)
    return tokens


def _punctuation(body: str, start: int, end: int, tokens: list[Token]):
    i = start
    while i < end:
        char = body[i]
        if char == "\n":
            tokens.append(Token(len(tokens), i, i + 1, char, char, False))
            i += 1
        elif char.isspace():
            j = i
            while j < end and body[j].isspace() and body[j] != "\n":
                j += 1
            tokens.append(Token(len(tokens), i, j, body[i:j], " ", False))
            i = j
        else:
            tokens.append(Token(len(tokens), i, i + 1, char, char, False))
            i += 1
