"""The change feed: the revision log read as a stream to follow, not as history.

One log, read two ways. /revisions shows each change with the states
before and after it; the feed shows each change as what a follower needs to
apply it: the record's kind and id, its version, the action and the new
representation (none for a delete). A position in the feed is a revision
id, and revision ids become visible in commit order (revisions.py), so a
follower that asks for everything after the last id it applied never misses
or repeats a change.

An import's compact revision holds no body (the row is its own state); the
feed shows the state that import left: the `before` of the row's next
revision when there is one, else the row as it is now.
"""
import json

import peewee

from ..db import database
from ..models import Revision
from . import revisions
from .base import RESOURCES

BY_NAME = {}


def _records(name):
    if not BY_NAME:
        BY_NAME.update((records.name, records) for records in RESOURCES.values())
    return BY_NAME.get(name)


def head():
    """The database, and (id, time) of the last revision committed in it ((0, None)
    for an empty log): what names the state of the data (http/answers.py)."""
    row = database.execute_sql("SELECT id, at FROM revision ORDER BY id DESC LIMIT 1").fetchone()
    return str(database.obj.database), *(row or (0, None))


def latest_position():
    """The id of the last revision committed (0 for an empty log)."""
    return head()[1]


def after(position, resources=None, limit=50):
    """Up to `limit` revisions after `position`, in commit order (of `resources` only, if given)."""
    query = Revision.select().where(Revision.id > position)
    if resources:
        query = query.where(Revision.resource.in_(resources))
    return list(query.order_by(Revision.id).limit(limit))


def represent(rows, show_actor=True):
    """The feed's items for revisions `rows` (in order)."""
    imported = _states_after_imports([row for row in rows if row.action == "import"])
    items = []
    for row in rows:
        change = revisions.represent(row, show_actor)
        representation = imported.get(row.id) if row.action == "import" else change["after"]
        items.append({"revision": row.id, "resource": row.resource, "id": _record_id(row),
                      "version": row.version, "action": row.action, "at": change["at"],
                      "api_key": change["api_key"], "representation": representation})
    return items


def _record_id(row):
    """The record's id as its representation writes it (a number, a country's code as text)."""
    records = _records(row.resource)
    if records is not None and isinstance(records.model._meta.primary_key, peewee.IntegerField):
        try:
            return int(row.row_key)
        except ValueError:
            pass
    return row.row_key


def _states_after_imports(imports):
    """{revision id: the representation the import left} for import revisions."""
    states = {}
    by_resource = {}
    for row in imports:
        by_resource.setdefault(row.resource, []).append(row)
    for resource, rows in by_resource.items():
        keys = sorted({row.row_key for row in rows})
        later = (Revision.select(Revision.id, Revision.row_key, Revision.before)
                 .where((Revision.resource == resource) & Revision.row_key.in_(keys)
                        & (Revision.id > min(row.id for row in rows)))
                 .order_by(Revision.id))
        following = {}  # row key -> its revisions after the first import here, oldest first
        for revision in later:
            following.setdefault(revision.row_key, []).append(revision)
        records = _records(resource)
        current = {}
        if records is not None:
            ids = [_record_id(row) for row in rows]
            current = {str(row.get_id()): item for row, item in records.represent_ids(sorted(set(ids), key=str))}
        for row in rows:
            next_one = next((r for r in following.get(row.row_key, ()) if r.id > row.id), None)
            if next_one is not None:
                states[row.id] = json.loads(next_one.before) if next_one.before else None
            else:
                states[row.id] = current.get(row.row_key)
    return states
