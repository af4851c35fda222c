"""The SQLite backend: one FTS5 table per kind, rowid = the record's id.

The tables hold our normalized terms, not the raw text: FTS5's unicode61
tokenizer would split أكّد at the shadda and never fold أ/ا. Rows leave the
index by trigger when their record is deleted (cascades included), and are
written by the write path in the same transaction as the record.

Nothing reads the indexed text back (snippets come from the records), so
where SQLite can delete from it (3.43, db.CONTENTLESS_FTS) a table keeps no
copy of it: `content=''` with `contentless_delete`, which took the 100k
benchmark file from 301 MB to 171 MB. An older SQLite gets the table with
its copy; `compact` turns one into the other.
"""
import contextlib

from ..db import CONTENTLESS_FTS
from .query import RECENCY, Phrase, rank_window

# bm25 column weights: exact, terms, names, context (the speaker's names
# count, but less than the words of the statement; the attribution least).
WEIGHTS = "1.0, 1.0, 0.5, 0.2"
COLUMNS = "exact, terms, names, context"
# FTS5's own settings while many rows go in at once (SqliteIndex._bulk_settings),
# and its defaults, which a table that was never configured has.
BULK_SETTINGS = {"hashsize": 64 << 20, "automerge": 0}
FTS5_DEFAULTS = {"hashsize": 1 << 20, "automerge": 4}


def _quoted(term):
    return '"' + term.replace('"', '""') + '"'


def _item(item):
    if isinstance(item, Phrase):
        return "exact : " + _quoted(" ".join(item.tokens))
    return "{terms names context} : (" + " OR ".join(_quoted(k) for k in item.keys) + ")"


def compile_match(groups):
    """The FTS5 MATCH expression for parsed query groups."""
    compiled = []
    for group in groups:
        positive = " AND ".join(_item(i) for i in group if not i.negated)
        negative = " OR ".join(_item(i) for i in group if i.negated)
        compiled.append(f"({positive})" + (f" NOT ({negative})" if negative else ""))
    return " OR ".join(compiled)


def _row(key, document):
    return (key, " ".join(document.exact), " ".join(document.terms),
            " ".join(document.names), " ".join(document.context))


class SqliteIndex:
    def __init__(self, database):
        self.database = database

    def create(self, kind):
        contentless = ", content = '', contentless_delete = 1" if CONTENTLESS_FTS else ""
        self.database.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {kind}_fts USING fts5("
            f"{COLUMNS}, tokenize = 'unicode61 remove_diacritics 0'{contentless})")
        self.database.execute_sql(
            f"CREATE TRIGGER IF NOT EXISTS {kind}_fts_delete AFTER DELETE ON {kind} "
            f"BEGIN DELETE FROM {kind}_fts WHERE rowid = old.id; END")

    def put(self, kind, key, document):
        self.database.execute_sql(f"DELETE FROM {kind}_fts WHERE rowid = ?", (key,))
        self.database.execute_sql(f"INSERT INTO {kind}_fts (rowid, {COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                                  _row(key, document))

    def put_many(self, kind, rows, replace=True):
        """Index (key, document) rows; `replace`: instead of everything indexed so far."""
        if replace and self.is_contentless(kind):
            self.database.execute_sql(f"INSERT INTO {kind}_fts ({kind}_fts) VALUES ('delete-all')")
        elif replace:
            self.database.execute_sql(f"DELETE FROM {kind}_fts")
        with self._bulk_settings(kind):
            self.database.cursor().executemany(
                f"INSERT INTO {kind}_fts (rowid, {COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                (_row(key, document) for key, document in rows))

    @contextlib.contextmanager
    def _bulk_settings(self, kind):
        """FTS5 settings for many rows at once, put back after (they are kept
        in the index's own config table, in the write's transaction).

        FTS5 writes a segment each time its pending terms pass `hashsize`
        (1 MB by default) and merges segments as they pile up (`automerge`);
        a bulk load's caller merges everything once at its end (`optimize`),
        so those merges are work done twice. Measured on the 100k dump:
        FTS5's share of the import 2.7 s -> 2.0 s.
        """
        previous = dict(self.database.execute_sql(
            f"SELECT k, v FROM {kind}_fts_config WHERE k IN ('hashsize', 'automerge')").fetchall())
        for name, value in BULK_SETTINGS.items():
            self._configure(kind, name, value)
        try:
            yield
        finally:
            for name in BULK_SETTINGS:
                self._configure(kind, name, previous.get(name, FTS5_DEFAULTS[name]))

    def _configure(self, kind, name, value):
        self.database.execute_sql(f"INSERT INTO {kind}_fts ({kind}_fts, rank) VALUES (?, ?)", (name, value))

    def is_contentless(self, kind):
        sql = self.database.execute_sql("SELECT sql FROM sqlite_master WHERE name = ?", (f"{kind}_fts",)).fetchone()
        return sql is not None and "contentless_delete" in sql[0]

    def compact(self, kind):
        """Re-create a table that keeps a copy of the text without it (where
        SQLite can): False if there was nothing to do. The caller re-indexes."""
        if not CONTENTLESS_FTS or self.is_contentless(kind):
            return False
        self.database.execute_sql(f"DROP TRIGGER IF EXISTS {kind}_fts_delete")
        self.database.execute_sql(f"DROP TABLE {kind}_fts")
        self.create(kind)
        return True

    def optimize(self, kind):
        # A bulk load leaves the index in many segments (FTS5 flushes one
        # every megabyte of terms); a query reads every segment, so merge
        # them into one while the load still holds the write lock.
        self.database.execute_sql(f"INSERT INTO {kind}_fts ({kind}_fts) VALUES ('optimize')")

    def count(self, kind):
        return self.database.execute_sql(f"SELECT count(*) FROM {kind}_fts").fetchone()[0]

    def matching_ids(self, kind, groups):
        return f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ?", [compile_match(groups)]

    def ranked(self, kind, groups, limit, offset):
        # bm25 scores only the newest rank_window() matches: FTS5 walks rowids
        # in order, so the inner LIMIT ends the walk. Only the candidates that
        # score at least the page's last score (ties included, so the order
        # is exactly score then recency) are joined for the recency tie-break.
        join, recency = RECENCY[kind]
        window = rank_window()
        cursor = self.database.execute_sql(
            f"WITH candidates AS MATERIALIZED (SELECT rowid AS id, -bm25({kind}_fts, {WEIGHTS}) AS score "
            f"FROM {kind}_fts WHERE {kind}_fts MATCH ? ORDER BY rowid DESC LIMIT ?), "
            "boundary AS (SELECT min(score) AS score FROM "
            "(SELECT score FROM candidates ORDER BY score DESC LIMIT ?)) "
            f"SELECT c.id, c.score FROM candidates c {join} WHERE c.score >= (SELECT score FROM boundary) "
            f"ORDER BY c.score DESC, {recency} LIMIT ? OFFSET ?",
            (compile_match(groups), -1 if window is None else window, limit + offset, limit, offset))
        return [(key, score) for key, score in cursor.fetchall()]
