"""The PostgreSQL backend: one table per kind with tsvector columns and GIN indexes.

The tsvectors are written as literals built in Python from our normalized
terms, never through to_tsvector: PostgreSQL's parser depends on the
cluster's locale (under C it drops Arabic letters) and its `arabic` config
stems names. The same terms as on SQLite go in, so both engines find the
same records. Rows leave the index by ON DELETE CASCADE.
"""
import struct

from ..db import copy_binary
from .query import RECENCY, Phrase, rank_window

MAX_POSITION = 16383  # PostgreSQL's limit for a tsvector position


def _lexeme(term):
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


# "1A" … "16383D": a tsvector position with its weight, spelled once, as
# text and as the binary format packs it (the weight in the top two bits).
_PLACES = {weight: [f"{position}{weight}" for position in range(MAX_POSITION + 1)] for weight in "ABCD"}
_WEIGHT_BITS = {"A": 3 << 14, "B": 2 << 14, "C": 1 << 14, "D": 0}
_PACKED_PLACES = {weight: [struct.pack(">H", bits | position) for position in range(MAX_POSITION + 1)]
                  for weight, bits in _WEIGHT_BITS.items()}
_CAPPED = {places[MAX_POSITION] for places in _PACKED_PLACES.values()}
MAX_PLACES = 256  # positions PostgreSQL keeps per lexeme
_COUNTS = [struct.pack(">H", count) for count in range(MAX_PLACES + 1)]
# term -> its spelling, text ("'term':") or binary (UTF-8, NUL-terminated):
# terms repeat across documents (news vocabulary is Zipfian).
_LEXEMES, _LEXEME_BYTES = {}, {}
_LEXEMES_KEPT = 1 << 18


def _spelled(cache, term, spell):
    found = cache.get(term)
    if found is None:
        if len(cache) >= _LEXEMES_KEPT:
            cache.clear()
        found = cache[term] = spell(term)
    return found


def _numbered(terms, places, start):
    """(term, place) for `terms` from position `start` on (the last position repeats past the limit)."""
    end = start + len(terms)
    if end - 1 <= MAX_POSITION:
        return zip(terms, places[start:end])
    return zip(terms, [places[min(position, MAX_POSITION)] for position in range(start, end)])


def _positions(weighted_streams, spelled_places):
    """{term: [place, …]} of (terms, weight) streams, positions in order, each
    place as `spelled_places[weight]` spells it; and whether they ran past the limit."""
    positions = {}
    start = 1
    for terms, weight in weighted_streams:
        for term, place in _numbered(terms, spelled_places[weight], start):
            found = positions.get(term)
            if found is None:
                positions[term] = [place]
            else:
                found.append(place)
        start += len(terms)
    return positions, start - 1 > MAX_POSITION


def tsvector(weighted_streams):
    """A tsvector literal from (terms, weight) streams, positions in order
    (at most 256 per lexeme, as PostgreSQL keeps). A bulk load builds one per
    document in Python, so the places and quoted lexemes are spelled once
    and looked up (a third less CPU than formatting each, on the 100k dump)."""
    positions, _ = _positions(weighted_streams, _PLACES)
    return " ".join([_spelled(_LEXEMES, term, _quoted)
                     + ",".join(places if len(places) <= MAX_PLACES else places[:MAX_PLACES])
                     for term, places in positions.items()])


def tsvector_bytes(weighted_streams):
    """The same tsvector in PostgreSQL's binary format (tsvectorsend's), for
    COPY … (FORMAT binary): the server reads it in about 40% of the time it
    takes to parse the literal. The one thing its text reading does that the
    binary one does not, keeping one of the positions repeated past the limit
    (the highest weight), is done here."""
    positions, capped = _positions(weighted_streams, _PACKED_PLACES)
    parts = [struct.pack(">i", len(positions))]
    for term, places in positions.items():
        places = places[:MAX_PLACES]
        if capped and len(places) > 1 and places[-2] in _CAPPED:
            places = _one_capped_place(places)
        parts.append(_spelled(_LEXEME_BYTES, term, _nul_terminated))
        parts.append(_COUNTS[len(places)])
        parts.extend(places)
    return b"".join(parts)


def _one_capped_place(places):
    capped = [place for place in places if place in _CAPPED]
    return [place for place in places if place not in _CAPPED] + [max(capped)]


def _quoted(term):
    return _lexeme(term) + ":"


def _nul_terminated(term):
    return term.encode("utf-8") + b"\0"


def _tsquery(item):
    if isinstance(item, Phrase):
        return "exact", " <-> ".join(_lexeme(t) for t in item.tokens)
    return "terms", " | ".join(_lexeme(k) for k in item.keys)


def compile_condition(groups):
    """A SQL boolean over the `terms`/`exact` columns, with its parameters."""
    sql_groups, params = [], []
    for group in groups:
        conditions = []
        for item in group:
            column, query = _tsquery(item)
            conditions.append(("NOT " if item.negated else "") + f"f.{column} @@ %s::tsquery")
            params.append(query)
        sql_groups.append("(" + " AND ".join(conditions) + ")")
    return " OR ".join(sql_groups), params


def rank_query(groups):
    keys = sorted({key for group in groups for item in group if not item.negated
                   for key in (item.keys if not isinstance(item, Phrase) else item.tokens)})
    return " | ".join(_lexeme(k) for k in keys)


def _terms(document):
    # Weights mirror SQLite's bm25 column weights: text A, speaker B, attribution D.
    return [(document.terms, "A"), (document.names, "B"), (document.context, "D")]


def _exact(document):
    return [(document.exact, "A")]


def _binary_row(key, document):
    """A search table's row in COPY's binary format: its three fields, each after its length."""
    terms, exact = tsvector_bytes(_terms(document)), tsvector_bytes(_exact(document))
    return b"".join([_ROW_HEAD, struct.pack(">i", key), struct.pack(">i", len(terms)), terms,
                     struct.pack(">i", len(exact)), exact])


_ROW_HEAD = struct.pack(">hi", 3, 4)  # three fields, the first an int4 (4 bytes)


class PostgresIndex:
    def __init__(self, database):
        self.database = database

    def create(self, kind):
        self.database.execute_sql(
            f"CREATE TABLE IF NOT EXISTS {kind}_search ("
            f"{kind}_id INTEGER PRIMARY KEY REFERENCES {kind} (id) ON DELETE CASCADE, "
            "terms TSVECTOR NOT NULL, exact TSVECTOR NOT NULL)")
        self.database.execute_sql(
            f"CREATE INDEX IF NOT EXISTS {kind}_search_terms ON {kind}_search USING GIN (terms)")
        self.database.execute_sql(
            f"CREATE INDEX IF NOT EXISTS {kind}_search_exact ON {kind}_search USING GIN (exact)")

    def _row(self, key, document):
        return (key, tsvector(_terms(document)), tsvector(_exact(document)))

    def put(self, kind, key, document):
        self.database.execute_sql(
            f"INSERT INTO {kind}_search ({kind}_id, terms, exact) VALUES (%s, %s::tsvector, %s::tsvector) "
            f"ON CONFLICT ({kind}_id) DO UPDATE SET terms = EXCLUDED.terms, exact = EXCLUDED.exact",
            self._row(key, document))

    def put_many(self, kind, rows, replace=True):
        """Index (key, document) rows; `replace`: instead of everything indexed so far."""
        if replace:
            self.database.execute_sql(f"DELETE FROM {kind}_search")
        copy_binary(f"{kind}_search", [f"{kind}_id", "terms", "exact"],
                    (_binary_row(key, document) for key, document in rows))

    def optimize(self, kind):
        # GIN indexes take bulk inserts as they come; the planner needs
        # fresh statistics to choose them for the new rows.
        self.database.execute_sql(f"ANALYZE {kind}_search")

    def count(self, kind):
        return self.database.execute_sql(f"SELECT count(*) FROM {kind}_search").fetchone()[0]

    def matching_ids(self, kind, groups):
        condition, params = compile_condition(groups)
        return f"SELECT f.{kind}_id FROM {kind}_search f WHERE {condition}", params

    def ranked(self, kind, groups, limit, offset):
        # As on SQLite: ts_rank scores only the newest rank_window() matches,
        # and only the candidates scoring at least the page's last score
        # (ties included) are joined for the recency tie-break.
        join, recency = RECENCY[kind]
        condition, params = compile_condition(groups)
        cursor = self.database.execute_sql(
            f"WITH candidates AS MATERIALIZED (SELECT f.{kind}_id AS id, "
            f"ts_rank(f.terms, %s::tsquery) AS score FROM (SELECT * FROM {kind}_search f WHERE {condition} "
            f"ORDER BY f.{kind}_id DESC LIMIT %s) f), "
            "boundary AS (SELECT min(score) AS score FROM "
            "(SELECT score FROM candidates ORDER BY score DESC LIMIT %s) top) "
            f"SELECT c.id, c.score FROM candidates c {join} WHERE c.score >= (SELECT score FROM boundary) "
            f"ORDER BY c.score DESC, {recency} LIMIT %s OFFSET %s",
            [rank_query(groups), *params, rank_window(), limit + offset, limit, offset])  # LIMIT NULL: all
        return [(key, float(score)) for key, score in cursor.fetchall()]
