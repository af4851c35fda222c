"""The revision log: one row per change of a domain row, in commit order.

Every create, update, delete and import is recorded in the write's own
transaction (who, with which API key, when, the representation before and
after), so a record and its history never disagree, a deleted row's last
state stays readable, and a reader that follows `id` upwards sees every
change once, in the order the writes committed.

Commit order: SQLite has one writer at a time, so ids are commit order. On
PostgreSQL ids come from a sequence and two transactions may commit in the
other order than they drew their ids; each transaction therefore takes one
advisory lock just before it draws its first revision id and holds it to
its commit, so a later id is never visible before an earlier one.

An import is a restore, not an edit: its compact revisions (action
`import`, the row's version, no copy of the body, since the row is its own
state) make history and the change feed see every imported row.
"""
import contextvars
import json

from ..db import COMMIT_ORDER_LOCK, bulk_insert, database, is_sqlite
from ..models import Revision, utcnow

# The API key name a write is made with; set around a request by the HTTP
# layer, None for the operator's commands and the fixtures.
actor = contextvars.ContextVar("revision_actor", default=None)


def _hold_commit_order():
    if not is_sqlite():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (COMMIT_ORDER_LOCK,))


def record(resource, key, action, before, after, version):
    _hold_commit_order()
    Revision.create(
        resource=resource, row_key=str(key), action=action, version=version, api_key=actor.get(),
        before=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False) if after is not None else None,
    )


def record_imported(resource, key_name, rows):
    """One compact revision per imported row (dicts by field name, keyed by `key_name`)."""
    if not rows:
        return
    _hold_commit_order()
    at, name = utcnow(), actor.get()
    bulk_insert(Revision, [
        {"resource": resource, "row_key": str(row[key_name]), "action": "import",
         "version": row.get("version"), "api_key": name, "at": at}
        for row in rows])


def represent(revision, show_actor=True):
    return {"id": revision.id, "resource": revision.resource, "row_id": revision.row_key,
            "action": revision.action, "version": revision.version,
            "api_key": revision.api_key if show_actor else None,
            "at": revision.at.isoformat() + "+00:00",
            "before": json.loads(revision.before) if revision.before else None,
            "after": json.loads(revision.after) if revision.after else None}


def of_row(resource, key):
    """The revisions of one row (a query: the caller orders and pages it)."""
    return Revision.select().where((Revision.resource == resource) & (Revision.row_key == str(key)))
