"""The ranked index: one tantivy index per kind, for /search's best-first pages.

SQLite's FTS5 and PostgreSQL's ts_rank score every match before they can
return the best 50, so a common word costs work in proportion to the
archive. tantivy (MIT) scores a match in tens of nanoseconds, where FTS5
takes over a microsecond. (Its block-max WAND, which skips the blocks of
postings that cannot reach the page, works on the plain score only: with
the recency boost below, every match is scored. Measured on the 100k bench
database, 2026-12-03: 0.4 ms for 15,438 matches, 0.8 ms for 34,496.)

It holds the same normalized terms as the database's index (documents.py),
in the same four fields, tokenized on whitespace only (the terms are
already ours: tantivy must neither split nor fold them). Field weights
mirror the bm25 weights of the database's index: the text, the speaker's
names at half, the attribution at a fifth. Each document also carries its
record's id and recency (fast fields), so equal scores come newest first
as they do in the database.

This module only reads and writes the directory; follower.py keeps it in
step with the database.
"""
from pathlib import Path

import tantivy

from .query import Phrase

KINDS = ("statement", "article", "participant")
TOKENIZER = "whitespace"
WEIGHTS = {"terms": 1.0, "names": 0.5, "context": 0.2}
WRITER_HEAP = 16_000_000        # one thread: enough for the follower's small batches
BULK_WRITER_HEAP = 256_000_000  # a rebuild: fewer, larger segments
# The recency boost: tantivy multiplies a score by log2(2 + boost), so a
# boost of 0 to BOOST (by publication date, 1990 to 2040) raises the newest
# by at most 0.72%: it orders what bm25 scores (almost) the same, newest
# first, without reordering matches that bm25 tells apart. Every
# statement of one speaker matched only by the speaker's name scores the
# same; the boost spreads them, so a page needs no long run of ties.
BOOST = 0.01
BOOST_FROM = 631_152_000_000_000   # 1990-01-01, in microseconds since 1970
BOOST_TO = 2_208_988_800_000_000   # 2040-01-01


SCHEMA_VERSION = 2  # part of the directory's name: a changed schema is a new index, built anew


def _schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("exact", tokenizer_name=TOKENIZER, index_option="position")
    for field in WEIGHTS:
        builder.add_text_field(field, tokenizer_name=TOKENIZER, index_option="freq")
    builder.add_integer_field("key", indexed=True, fast=True)
    builder.add_integer_field("recency", fast=True)
    builder.add_integer_field("recency_key", fast=True)
    builder.add_float_field("boost", fast=True)
    return builder.build()


SCHEMA = _schema()


def _open(path):
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(SCHEMA, str(path), reuse=True)
    index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


def recency_boost(recency):
    """The `boost` of a document: 0 (undated, or 1990) to BOOST (2040), linear in its date."""
    if recency[0] <= BOOST_FROM:
        return 0.0
    return BOOST * min(1.0, (recency[0] - BOOST_FROM) / (BOOST_TO - BOOST_FROM))


def document(key, document_, recency):
    return tantivy.Document(
        key=key, exact=" ".join(document_.exact), terms=" ".join(document_.terms),
        names=" ".join(document_.names), context=" ".join(document_.context),
        recency=recency[0], recency_key=recency[1], boost=recency_boost(recency))


def _word(item):
    clauses = []
    for key in item.keys:
        for field, weight in WEIGHTS.items():
            query = tantivy.Query.term_query(SCHEMA, field, key)
            clauses.append((tantivy.Occur.Should, query if weight == 1.0 else tantivy.Query.boost_query(query, weight)))
    return tantivy.Query.boolean_query(clauses)


def _item(item):
    if isinstance(item, Phrase):
        return tantivy.Query.phrase_query(SCHEMA, "exact", list(item.tokens))
    return _word(item)


def compile_query(groups):
    """The tantivy query for parsed groups: the same boolean as the database's MATCH."""
    compiled = []
    for group in groups:
        clauses = [(tantivy.Occur.MustNot if item.negated else tantivy.Occur.Must, _item(item)) for item in group]
        compiled.append(tantivy.Query.boolean_query(clauses))
    if len(compiled) == 1:
        return compiled[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in compiled])


class KindIndex:
    """The tantivy index of one kind of record, in its own directory."""

    def __init__(self, path):
        self.path = Path(path)
        self.index = _open(self.path)

    def reload(self):
        self.index.reload()

    def writer(self, heap=WRITER_HEAP, threads=1):
        return self.index.writer(heap, threads)

    def count(self):
        return self.index.searcher().num_docs

    def ranked(self, groups, limit):
        """The best `limit` (id, score), best first, equal scores newest first.

        tantivy orders by score alone; a page must also hold every document
        tied with its last score before the tie-break can be applied, so
        the fetch grows until the last document fetched scores below the
        page's last (or every match is in). The recency boost keeps such
        runs of ties short.
        """
        if limit <= 0:
            return []
        searcher = self.index.searcher()
        query = compile_query(groups)
        fetch = max(limit + 1, 64)
        while True:
            hits = searcher.search(query, fetch, count=False, weight_by_field="boost").hits
            if len(hits) < fetch or hits[-1][0] < hits[limit - 1][0]:
                break
            fetch *= 4
        addresses = [address for _, address in hits]
        keys = searcher.fast_field_values("key", addresses)
        recency = searcher.fast_field_values("recency", addresses)
        recency_keys = searcher.fast_field_values("recency_key", addresses)
        order = sorted(zip(hits, keys, recency, recency_keys),
                       key=lambda hit: (-hit[0][0], -hit[2], -hit[3]))
        return [(key, score) for (score, _), key, _, _ in order[:limit]]


class RankedIndex:
    """The three kinds' indexes under one directory."""

    def __init__(self, root):
        self.root = Path(root)
        self.kinds = {kind: KindIndex(self.root / kind) for kind in KINDS}

    def reload(self):
        for index in self.kinds.values():
            index.reload()

    def ranked(self, kind, groups, limit):
        return self.kinds[kind].ranked(groups, limit)
