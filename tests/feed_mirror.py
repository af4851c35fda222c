"""A follower of the change feed that keeps a copy of the dataset in another database.

What a consuming service would do, through the records layer of the
copy: every change is applied as it comes (a create or an import makes the
record, an update replaces it, a delete removes it), the record's own
version and timestamps kept, so the copy's export can be held against the
source's.
"""
import datetime

import peewee

from service.db import database, write_transaction
from service.errors import NotFound
from service.models import Role
from service.records import RESOURCES
from service.records.base import _column


def records_named(name):
    return next(records for records in RESOURCES.values() if records.name == name)


def apply(change):
    records = records_named(change["resource"])
    key = change["id"]
    if change["representation"] is None:
        try:
            records.delete(key, cascade=True)
        except NotFound:
            pass  # went with a cascade already applied
        return
    item = change["representation"]
    # What a body may not write (id, version, timestamps, the parent of a
    # role, a merge's pointer) is the record's state all the same: it is
    # written as the source has it.
    read_only = {name for name, field in records.serializer.fields.items() if field.dump_only}
    body = records.serializer.load({name: value for name, value in item.items()
                                    if name not in read_only and name not in EMBEDDED_RECORDS})
    columns = _columns(records.model, {name: item[name] for name in read_only if name in item})
    pk = records.model._meta.primary_key
    with write_transaction():
        owners = _owner_stamps(records.model, item) if change["action"] == "import" else []
        if records.model.select().where(pk == key).exists():
            records.update(key, body)
        else:
            records.create(body, **{column.name: value for column, value in columns.items()})
        records.model.update(columns).where(pk == key).execute()
        for name, model in EMBEDDED_RECORDS.items():
            if name in item and change["action"] != "import":
                _replace_embedded(model, records.model, key, item[name])
        for owner, owner_key, stamps in owners:
            owner.update(stamps).where(owner._meta.primary_key == owner_key).execute()


def _owner_stamps(model, item):
    """[(owner model, key, its version and updated_at)] of the records that embed this one.

    Writing a role bumps its participant's version, as it does in the source,
    where that bump has a revision of its own; an import bumps nothing (it is
    a restore), so a follower applying one keeps its owners as they were."""
    stamps = []
    for fk in model._meta.sorted_fields:
        if isinstance(fk, peewee.ForeignKeyField) and fk.on_delete == "CASCADE":
            owner_key = item.get(fk.object_id_name)
            owner = fk.rel_model.get_or_none(fk.rel_model._meta.primary_key == owner_key)
            if owner is not None:
                stamps.append((fk.rel_model, owner_key, {"version": owner.version, "updated_at": owner.updated_at}))
    return stamps


# Records of their own that a representation also embeds (a participant's
# roles): written with their ids, as the source holds them. An import has a
# change of each of them, after their parents and the rows they refer to
# (the dump's dependency order), so there they come as themselves.
EMBEDDED_RECORDS = {"roles": Role}


def _replace_embedded(model, owner, key, items):
    fk = next(field for field in model._meta.sorted_fields
              if isinstance(field, peewee.ForeignKeyField) and field.rel_model is owner)
    ids = [item["id"] for item in items]
    model.delete().where((fk == key) & model.id.not_in(ids or [0])).execute()
    for item in items:
        columns = {**_columns(model, item), fk: key}
        if model.select().where(model.id == item["id"]).exists():
            model.update(columns).where(model.id == item["id"]).execute()
        else:
            model.insert(columns).execute()


def _columns(model, values):
    """{column: stored value} for representation fields that are columns of `model`."""
    columns = {}
    for name, value in values.items():
        column = _column(model, name)
        if column is not None:
            columns[column] = _stored(column, value)
    return columns


def _stored(column, value):
    if isinstance(column, peewee.DateTimeField) and value is not None:
        return datetime.datetime.fromisoformat(value).replace(tzinfo=None)
    return value


def follow(client, apply_in, limit=100):
    """Read the feed from its start until it is empty, applying each page with `apply_in`."""
    since, seen = None, []
    while True:
        page = client.get("/api/v1/changes", query_string={"limit": limit, **({"since": since} if since else {})})
        assert page.status_code == 200, page.get_json()
        body = page.get_json()
        if not body["items"]:
            return seen
        apply_in(body["items"])
        seen += body["items"]
        since = body["next_cursor"]


def close():
    if not database.is_closed():
        database.close()
