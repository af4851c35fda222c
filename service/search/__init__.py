"""Search: the one interface the views and the write path use.

    index(kind, row)          keep a record's index entry in step with it
    add_many(kind, docs)      a bulk load's batch (synth); rebuild() after an import
    matching(kind, q)         a peewee condition: records that match q
    ranked(q, kinds, …)       hits, best first: (kind, id, score)

Two indexes hold the same normalized terms (service.arabic). In the
database, an SQLite FTS5 or a PostgreSQL tsvector index, written in each
write's own transaction, answers `matching` (the feed's `?q=`, with its
filters and counts). Beside it, the ranked index (tantivy_index.py)
answers `ranked`: the best hits among every match, in milliseconds however
common the word. It follows the database through the revision log
(follower.py), so a search sees every write acknowledged before it; when it
cannot (no index yet on a large database, a backlog it cannot apply in
time), `ranked` asks the database's index instead, over the newest
SEARCH_RANK_WINDOW matches. Views never build search SQL.
"""
from peewee import SQL

from ..db import database, is_sqlite
from ..models import Statement
from . import documents, follower
from .postgres import PostgresIndex
from .query import parse
from .sqlite import SqliteIndex

KINDS = ("statement", "article", "participant")


def backend():
    return SqliteIndex(database) if is_sqlite() else PostgresIndex(database)


def create_index():
    """Create the index tables (a migration step) and fill them from the records."""
    index = backend()
    for kind in KINDS:
        index.create(kind)
    rebuild()


def rebuild(kinds=KINDS):
    """Re-index every record of `kinds` (after an import, or to repair the index)."""
    index = backend()
    for kind in kinds:
        index.put_many(kind, documents.every_record(kind))
        index.optimize(kind)
    forget_ranked()


def compact_index():
    """Re-create SQLite's index tables without their copy of the text, where
    they still keep one and SQLite can do without (search/sqlite.py)."""
    index = backend()
    for kind in KINDS:
        if index.compact(kind):
            index.put_many(kind, documents.every_record(kind), replace=False)
            index.optimize(kind)


# The operator's SEARCH_INDEX_DIR, set at app start (`set_index_dir`): where a
# PostgreSQL database's ranked index lives (an SQLite file's lies beside it).
_index_dir = None


def set_index_dir(path):
    global _index_dir
    _index_dir = path or None


def ranked_index():
    """This database's follower of the ranked index (None where there can be none)."""
    return follower.for_database(_index_dir)


def forget_ranked():
    """After writes that left no revision (a bulk load): the ranked index is
    rebuilt before it is used again, at once if this runs outside a
    transaction, else by the next search (or `flask search rebuild` for a
    large database): the transaction may still roll back."""
    found = ranked_index()
    if found is None:
        return
    if database.in_transaction():
        found.invalidate()
    else:
        found.rebuild()


def add_many(kind, documents_by_id):
    """Index new records, (id, Document) pairs, in one statement (a bulk load's batch)."""
    backend().put_many(kind, documents_by_id, replace=False)


def finish_bulk_load(kinds=KINDS):
    """After add_many batches: compact what the batches wrote, for searches."""
    index = backend()
    for kind in kinds:
        index.optimize(kind)
    forget_ranked()


def index(kind, row):
    backend().put(kind, row.id, documents.of_record(kind, row))


def index_speaker(participant_id):
    """A participant's names are part of their statements' documents."""
    names = documents.participant_names(participant_id)
    index_ = backend()
    for statement in Statement.select().where(Statement.speaker == participant_id):
        index_.put("statement", statement.id,
                   documents.statement_document(statement.text, statement.attribution_text, names))


def matching(kind, q):
    """A condition on the kind's model: its id is among the records matching q."""
    model = documents.MODELS[kind]
    sql, params = backend().matching_ids(kind, parse(q))
    return model.id.in_(SQL(f"({sql})", params))


def ranked(q, kinds=KINDS, limit=50, offset=0):
    """The best (kind, id, score) hits for q across kinds, best first.

    Each kind is ranked by bm25 (the ranked index's; the database's as the
    fallback), then recency; kinds are merged by score. Offsets make pages
    stable while the data is.
    """
    groups = parse(q)
    found = ranked_index()
    fresh = found.fresh() if found is not None else None
    index_ = backend()
    hits = []
    for kind in kinds:
        best = (fresh.ranked(kind, groups, limit + offset) if fresh is not None
                else index_.ranked(kind, groups, limit + offset, 0))
        hits.extend((kind, key, score) for key, score in best)
    order = {kind: position for position, kind in enumerate(KINDS)}
    hits.sort(key=lambda hit: (-round(hit[2], 9), order[hit[0]]))
    return hits[offset:offset + limit]
