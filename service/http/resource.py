"""The CRUD flow every collection shares: list, read, create, update, delete.

A resource module declares what is particular to it (model, schema, filters,
expansions, nested parts) by subclassing `Resource`; the flow itself (404s,
ETags and preconditions, versions, unique and reference checks, cascades,
transactions, Location headers, list envelopes) lives here once.
"""
from collections import defaultdict
from urllib.parse import urlencode

import peewee
from flask import Response, request, url_for

from .. import history, search
from ..db import compiled, database, write_transaction
from ..models import utcnow
from .errors import ApiError
from .etag import check_if_match, etag_for, not_modified
from .formats import requested_format, schema_columns, streamed
from .json import JSON_MEDIA_TYPE, encode_json, wants_pretty
from .listing import Listing


def json_response(payload, status=200, headers=None):
    body = encode_json(payload)
    response = Response(body, status=status, mimetype=JSON_MEDIA_TYPE, headers=headers)
    response.content_type = JSON_MEDIA_TYPE
    return response


def attach(rows, backref, *order_by):
    """Load one backref of many rows in one query (no N+1), as plain lists."""
    if not rows:
        return
    model = type(rows[0])
    fk = next(f for f in model._meta.backrefs if f.backref == backref)
    children = defaultdict(list)
    ids = [row.get_id() for row in rows]
    order_by = order_by or (fk.model._meta.primary_key,)
    query = lambda: fk.model.select().where(fk.in_(ids)).order_by(*order_by)
    # (peewee fields compare into expressions, so the shape names them as text)
    shape = (fk.model, fk.name, "attach", tuple(field.name for field in order_by), len(ids))
    for child in compiled(shape, query, ids):
        children[child.__data__[fk.name]].append(child)
    for row in rows:
        row.__dict__[backref] = children[row.get_id()]


# Each model's resource, for the revisions of rows a delete changes elsewhere.
RESOURCES = {}


class Resource:
    model = None
    schema = None           # marshmallow schema class: output, and input for POST/PUT
    endpoint = None         # the item route's endpoint, for Location headers
    filters = {}            # query parameter -> expression builder (see Listing)
    default_sort = ("id",)
    expansions = {}         # ?expand name -> (foreign key field name, Resource)
    nested = ()             # body fields written by `write_nested`, not as columns
    search_kind = None      # kept in the search index, in the write's transaction

    def __init__(self):
        self.listing = Listing(self.model, filters=self.filters, default_sort=self.default_sort)
        self.serializer = self.schema()
        self.name = self.model._meta.table_name.replace("_", " ")
        RESOURCES.setdefault(self.model, self)

    # -- reading -------------------------------------------------------------

    def base_query(self, **scope):
        query = self.model.select()
        for name, value in scope.items():
            query = query.where(self.model._meta.fields[name] == value)
        return query

    def find(self, key, for_update=False, **scope):
        if not all(map(_storable, (key, *scope.values()))):
            # /participants/99999999999999999999 names no row; the driver would
            # raise on the bound parameter (a 500) rather than find nothing.
            raise ApiError(404, f"No {self.name} with id {key}.")
        for_update = for_update and not isinstance(database.obj, peewee.SqliteDatabase)

        def query():
            found = self.base_query(**scope).where(self.model._meta.primary_key == key)
            return found.for_update() if for_update else found
        shape = (self.model, "find", tuple(scope), for_update)
        row = next(iter(compiled(shape, query, [*scope.values(), key])), None)
        if row is None:
            raise ApiError(404, f"No {self.name} with id {key}.")
        return row

    def by_ids(self, ids):
        """The rows with these primary keys, in no particular order."""
        key = self.model._meta.primary_key
        return compiled((self.model, "by ids", len(ids)), lambda: self.model.select().where(key.in_(ids)), ids)

    def prepare(self, rows):
        """Load what the representation needs for many rows at once."""

    def represent(self, rows, expand=(), fields=()):
        self.prepare(rows)
        items = self.serializer.dump(rows, many=True)
        for name in expand or ():
            fk_name, related = self.expansions[name]
            ids = sorted({row.__data__.get(fk_name) for row in rows} - {None})
            by_id = {r.get_id(): r for r in related.by_ids(ids)}
            objects = {key: item for key, item in zip(by_id, related.represent(list(by_id.values())))}
            for row, item in zip(rows, items):
                item[name] = objects.get(row.__data__.get(fk_name))
        if fields:
            items = [{k: v for k, v in item.items() if k in fields} for item in items]
        return items

    def list(self, args, **scope):
        format = requested_format(args)
        if format != "json":
            return streamed(format, self.every_item(args, **scope), args.get("bom", False),
                            self.model._meta.table_name, self.expanded_columns(args.get("expand")))
        rows, next_cursor, total = self.listing.page(args, self.base_query(**scope))
        payload = {"items": self.represent(rows, args.get("expand"), args.get("fields")),
                   "next_cursor": next_cursor}
        if total is not None:
            payload["total"] = total
        headers = {}
        if next_cursor:
            query = request.args.copy()
            query["cursor"] = next_cursor
            headers["Link"] = f'<{request.base_url}?{_urlencode(query)}>; rel="next"'
        return json_response(payload, headers=headers)

    def expanded_columns(self, expand):
        """{name: the related object's fields}, for CSV columns `name.field`."""
        return {name: schema_columns(self.expansions[name][1].serializer) for name in expand or ()}

    def every_item(self, args, **scope):
        """Every matching item, in the list's order, read a page at a time.

        The first page is read now, not when streaming starts: a bad cursor
        must be a 400 before the 200 and its headers are sent, not an error
        in the middle of the body.
        """
        args = {**args, "limit": 500, "cursor": args.get("cursor"), "count": False}
        first = self.listing.page(args, self.base_query(**scope))
        return self._pages(first, args, scope)

    def _pages(self, page, args, scope):
        while True:
            rows, next_cursor, _ = page
            yield from self.represent(rows, args.get("expand"), args.get("fields"))
            if next_cursor is None:
                return
            args["cursor"] = next_cursor
            page = self.listing.page(args, self.base_query(**scope))

    def read(self, key, args=None, **scope):
        args = args or {}
        row = self.find(key, **scope)
        item = self.represent([row], args.get("expand"), args.get("fields"))[0]
        return self.item_response(row, item, varied=bool(args.get("expand") or args.get("fields")))

    def item_response(self, row, item, status=200, headers=None, varied=False):
        body = encode_json(item)
        etag = etag_for(row.version, body if varied or wants_pretty() else None)
        if status == 200 and not_modified(etag):
            return Response(status=304, headers={"ETag": etag})
        response = Response(body, status=status, mimetype=JSON_MEDIA_TYPE, headers=headers)
        response.content_type = JSON_MEDIA_TYPE
        response.headers["ETag"] = etag
        return response

    # -- writing -------------------------------------------------------------

    def create(self, data, **scope):
        with write_transaction():
            row = self.model(**scope)
            self.check(row, data)
            self.write(row, data, creating=True)
            item = self.represent([row])[0]
            history.record(self.name, row.get_id(), "create", None, item, row.version)
        location = url_for(self.endpoint, **self.location_values(row))
        return self.item_response(row, item, 201, {"Location": location})

    def location_values(self, row):
        return {f"{self.model._meta.table_name}_id": row.get_id()}

    def update(self, key, data, **scope):
        """Apply a PATCH or PUT body, already loaded by its schema.

        For PATCH the schema loads partially (absent fields stay as they are;
        null clears, RFC 7396); for PUT fully, so absent optional fields come
        back as their defaults and the row is replaced.
        """
        with write_transaction():
            row = self.find(key, for_update=True, **scope)
            check_if_match(row.version)
            self.check(row, data)
            before = self.represent([row])[0]
            row.version += 1
            row.updated_at = utcnow()
            self.write(row, data)
            after = self.represent([row])[0]
            history.record(self.name, row.get_id(), "update", before, after, row.version)
        return self.item_response(row, after)

    def delete(self, key, cascade=False, **scope):
        with write_transaction():
            row = self.find(key, for_update=True, **scope)
            check_if_match(row.version)
            references = self.references(row)
            if references and not cascade:
                listed = ", ".join(f"{count} {name}" for name, count in references.items())
                raise ApiError(409, f"This {self.name} is still referenced by {listed}; "
                                    "remove those first or repeat with ?cascade=true.",
                               kind="referenced", references=references)
            # Rows whose representation this delete changes get a new version
            # (and ETag) while they can still be found: the owner that embeds
            # this row, and on a cascade the rows whose reference is cleared or
            # whose link to this row is dropped.
            changed = self.changed_by_delete(row, cascade)
            before = {model: dict(zip(rows, RESOURCES[model].represent(list(rows.values()))))
                      for model, rows in changed.items()}
            touch_owners(self.model, self.model._meta.primary_key == row.get_id())
            if cascade:
                for fk in self.model._meta.backrefs:
                    if fk.on_delete != "CASCADE":
                        touch(fk.model, fk == row.get_id())
            # Owned parts go through ON DELETE CASCADE; referencing rows with a
            # nullable key are unlinked and the others deleted (cascade only).
            history.record(self.name, row.get_id(), "delete", self.represent([row])[0], None, row.version)
            row.delete_instance(recursive=cascade, delete_nullable=False)
            record_changes(changed, before)
        return Response(status=204)

    def changed_by_delete(self, row, cascade):
        """{model: {id: row}}: the other resources' rows whose representation
        deleting `row` changes (the owner that embeds it; on a cascade, the
        rows that lose their reference to it or go with it, and theirs)."""
        changed = {}
        _add_owners(changed, self.model, [row])
        if cascade:
            self._cascade(row, changed)
        changed.get(self.model, {}).pop(row.get_id(), None)
        return {model: rows for model, rows in changed.items() if rows}

    def _cascade(self, row, changed):
        for fk in self.model._meta.backrefs:
            if fk.on_delete == "CASCADE":
                continue  # an owned part goes with the row and is part of its representation
            children = list(fk.model.select().where(fk == row.get_id()))
            _add(changed, fk.model, children)
            if not fk.null and fk.model in RESOURCES:  # deleted too, with what refers to them
                for child in children:
                    RESOURCES[fk.model]._cascade(child, changed)

    def history(self, key, **scope):
        """The row's revisions; they outlive the row, so a deleted id still answers."""
        revisions = [revision for revision in history.revisions(self.name, key)
                     if _within(revision["before"] or revision["after"], scope)]
        if not revisions:
            self.find(key, **scope)  # 404 for an id that never existed here
        return json_response({"items": revisions})

    def references(self, row):
        """Rows of other resources that point at `row`, by 'table.field'."""
        found = {}
        for fk in self.model._meta.backrefs:
            if fk.on_delete == "CASCADE":
                continue  # an owned part, not a reference
            count = fk.model.select().where(fk == row.get_id()).count()
            if count:
                found[f"{fk.model._meta.table_name}.{fk.name}"] = count
        return found

    def check(self, row, data):
        """Refuse, naming the field, a unique key already taken or a dangling reference."""
        errors, conflicts = {}, {}
        for name, value in data.items():
            field = _column(self.model, name)
            if field is None or value is None:
                continue
            if isinstance(field, peewee.ForeignKeyField):
                target = field.rel_model
                if not target.select().where(field.rel_field == value).exists():
                    errors[name] = [f"No {target._meta.table_name} with id {value}."]
            elif field.unique or field.primary_key:  # a natural key (country code) is unique too
                clash = self.model.select().where(field == value)
                if row.get_id() is not None:
                    clash = clash.where(self.model._meta.primary_key != row.get_id())
                if clash.exists():
                    conflicts[name] = [f"Already used by {self.name} {clash.first().get_id()}."]
        if errors:
            raise ApiError(422, "Invalid references: " + ", ".join(errors), kind="invalid-body",
                           errors=errors)
        if conflicts:
            raise ApiError(409, "Unique fields already taken: " + ", ".join(conflicts),
                           kind="conflict", errors=conflicts)

    def write(self, row, data, creating=False):
        """Set columns from `data`, save, then write the nested parts."""
        for name, value in data.items():
            if name not in self.nested:
                setattr(row, name, value)  # peewee maps `speaker_id` to the speaker key
        row.save(force_insert=creating)
        self.write_nested(row, data)
        touch_owners(self.model, self.model._meta.primary_key == row.get_id())
        if self.search_kind:
            search.index(self.search_kind, row)

    def write_nested(self, row, data):
        """Replace owned parts named in `data` (aliases, roles, topic links…)."""


def _add(changed, model, rows):
    """Note `rows` as changed: as themselves if they are a resource's, and as
    a change of the rows that embed them (a topic link is its statement's)."""
    if model in RESOURCES:
        changed.setdefault(model, {}).update((row.get_id(), row) for row in rows)
    _add_owners(changed, model, rows)


def _add_owners(changed, model, rows):
    for fk in model._meta.sorted_fields:
        if isinstance(fk, peewee.ForeignKeyField) and fk.on_delete == "CASCADE" and rows:
            owner = fk.rel_model
            keys = list({row.__data__[fk.name] for row in rows})
            _add(changed, owner, list(owner.select().where(owner._meta.primary_key.in_(keys))))


def record_changes(changed, before):
    """A revision for each row a delete changed elsewhere: an update with its
    new representation, or a delete if it went too (nothing is lost)."""
    for model, rows in changed.items():
        resource = RESOURCES[model]
        remaining = {r.get_id(): r for r in model.select().where(model._meta.primary_key.in_(list(rows)))}
        after = dict(zip(remaining, resource.represent(list(remaining.values()))))
        for key, old in rows.items():
            if key in remaining:
                history.record(resource.name, key, "update", before[model][key], after[key],
                               remaining[key].version)
            else:
                history.record(resource.name, key, "delete", before[model][key], None, old.version)


def touch(model, condition):
    """A new version for rows whose representation changed without a write of
    their own (a reference cleared, an embedded part changed), so a strong
    ETag never names two different bodies; and for the rows that embed them."""
    if "version" in model._meta.fields:
        model.update(version=model.version + 1, updated_at=utcnow()).where(condition).execute()
    touch_owners(model, condition)


def touch_owners(model, condition):
    """Touch the rows that embed `model`'s rows as owned parts (a role's
    participant, a topic link's statement): its ON DELETE CASCADE keys."""
    for fk in model._meta.sorted_fields:
        if isinstance(fk, peewee.ForeignKeyField) and fk.on_delete == "CASCADE":
            owner = fk.rel_model
            touch(owner, owner._meta.primary_key.in_(model.select(fk).where(condition)))


def _within(state, scope):
    """Whether a recorded state belongs under the path's parent (a role's
    participant): another participant's path must not show its history."""
    return all(state.get(f"{name}_id") == value for name, value in scope.items())


def _storable(value):
    """A path value both engines can bind: an int that fits a signed 64-bit
    column, a string without NUL (PostgreSQL text cannot hold it)."""
    if isinstance(value, int):
        return -2**63 <= value < 2**63
    return "\x00" not in str(value)


def _column(model, name):
    """The model field a body field writes: `speaker_id` is the `speaker` key."""
    for field in model._meta.sorted_fields:
        if name in (field.name, getattr(field, "object_id_name", None)):
            return field
    return None


def _urlencode(multidict):
    return urlencode(list(multidict.items(multi=True)))
