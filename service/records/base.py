"""The operations every kind of record shares: find, represent, create, update, delete.

A kind of record (statements, participants…) subclasses `Records` and
declares what is particular to it: its model and schema, its filters and
expansions, the body fields it writes as owned parts (`nested`), the rules a
body must keep (`validate`), what a representation needs loaded
(`load_parts`). The flow itself lives here once: unique and reference
checks, versions, cascades, the version bumps of owners, the revision
record and the search index update, all in the caller's one transaction.

It knows no request and no HTTP status: it raises the errors of
`service.errors`, which the HTTP layer maps to problem+json.
"""
from collections import defaultdict

import peewee

from .. import search
from ..db import bulk_insert, compiled, database, write_transaction
from ..errors import Conflict, InvalidRecord, NotFound, StillReferenced
from ..models import DomainModel, new_row_tokens, utcnow
from . import dumps, revisions

# Every kind of record, by model: for the rows a write changes elsewhere.
RESOURCES = {}


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


def missing_ids(model, ids):
    found = {row.id for row in model.select(model.id).where(model.id.in_(list(ids)))}
    return sorted(set(ids) - found)


class Records:
    model = None
    schema = None           # marshmallow schema class: the representation, and the body it loads
    filters = {}            # list query parameter -> expression builder (see http/listing.py)
    default_sort = ("id",)
    sort_fields = {}        # ?sort name -> a related model's field (joined to sort by it)
    expansions = {}         # ?expand name -> (foreign key field name, Records)
    nested = ()             # body fields written by `write_parts`, not as columns
    search_kind = None      # kept in the search index, in the write's transaction

    def __init__(self):
        self.serializer = self.schema()
        self.name = self.model._meta.table_name.replace("_", " ")
        RESOURCES.setdefault(self.model, self)

    # -- reading -------------------------------------------------------------

    def scoped(self, **scope):
        """Every row, or those under a parent (a participant's roles)."""
        query = self.model.select()
        for name, value in scope.items():
            query = query.where(self.model._meta.fields[name] == value)
        return query

    def listed(self, **scope):
        """The rows a list shows: `scoped`, less those a kind keeps out of lists (merged participants)."""
        return self.scoped(**scope)

    def find(self, key, for_update=False, **scope):
        if not all(map(_storable, (key, *scope.values()))):
            # /participants/99999999999999999999 names no row; the driver would
            # raise on the bound parameter rather than find nothing.
            raise NotFound(f"No {self.name} with id {key}.")
        for_update = for_update and not isinstance(database.obj, peewee.SqliteDatabase)

        def query():
            found = self.scoped(**scope).where(self.model._meta.primary_key == key)
            return found.for_update() if for_update else found
        shape = (self.model, "find", tuple(scope), for_update)
        row = next(iter(compiled(shape, query, [*scope.values(), key])), None)
        if row is None:
            raise NotFound(f"No {self.name} with id {key}.")
        return row

    def by_ids(self, ids):
        """The rows with these primary keys, in no particular order."""
        key = self.model._meta.primary_key
        return compiled((self.model, "by ids", len(ids)), lambda: self.model.select().where(key.in_(ids)), ids)

    def in_order(self, ids):
        """The rows with these primary keys, in the order given (missing ones left out)."""
        rows = {row.get_id(): row for row in self.by_ids(list(ids))} if ids else {}
        return [rows[key] for key in ids if key in rows]

    def load_parts(self, rows):
        """Load the owned parts a representation embeds, for many rows at once."""

    def represent(self, rows, expand=(), fields=()):
        """The dicts the schema dumps for `rows` (kept by version: dumps.py), with
        expansions and only `fields`."""
        items = dumps.dump(rows, self.load_parts, self.serializer)
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

    def represent_ids(self, ids, expand=(), fields=()):
        """(row, item) pairs for these keys, in the order given."""
        rows = self.in_order(ids)
        return list(zip(rows, self.represent(rows, expand, fields)))

    # -- writing -------------------------------------------------------------
    # `precondition(row)` is the caller's check of the stored row and its
    # version (the HTTP layer's If-Match); it runs after the row is locked.

    def create(self, data, **scope):
        """Insert a row from a loaded body; returns (row, representation)."""
        with write_transaction():
            row = self.model(**scope)
            self.check_body(row, data)
            self.write(row, data, creating=True)
            item = self.represent([row])[0]
            revisions.record(self.name, row.get_id(), "create", None, item, row.version)
        return row, item

    def update(self, key, data, precondition=None, **scope):
        """Apply a PATCH or PUT body, already loaded by its schema; returns (row, representation).

        For PATCH the schema loads partially (absent fields stay as they are;
        null clears, RFC 7396); for PUT fully, so absent optional fields come
        back as their defaults and the row is replaced.
        """
        with write_transaction():
            row = self.find(key, for_update=True, **scope)
            self.check_change(row)
            if precondition:
                precondition(row)
            self.check_body(row, data)
            before = self.represent([row])[0]
            row.version += 1
            row.updated_at = utcnow()
            self.write(row, data)
            after = self.represent([row])[0]
            revisions.record(self.name, row.get_id(), "update", before, after, row.version)
        return row, after

    def delete(self, key, cascade=False, precondition=None, **scope):
        with write_transaction():
            row = self.find(key, for_update=True, **scope)
            self.check_change(row)
            if precondition:
                precondition(row)
            references = self.references(row)
            if references and not cascade:
                listed = ", ".join(f"{count} {name}" for name, count in references.items())
                raise StillReferenced(f"This {self.name} is still referenced by {listed}; "
                                      "remove those first or repeat with ?cascade=true.",
                                      references=references)
            # Rows whose representation this delete changes get a new version
            # (and ETag) and a revision: the owner that embeds this row, and on
            # a cascade the rows whose reference is cleared or whose link to
            # this row is dropped.
            changed = self.changed_by_delete(row, cascade)
            before = {model: dict(zip(rows, RESOURCES[model].represent(list(rows.values()))))
                      for model, rows in changed.items()}
            bump_owners(self.model, self.model._meta.primary_key == row.get_id())
            if cascade:
                for fk in self.model._meta.backrefs:
                    if fk.on_delete != "CASCADE":
                        bump(fk.model, fk == row.get_id())
            # Owned parts go through ON DELETE CASCADE; referencing rows with a
            # nullable key are unlinked and the others deleted (cascade only).
            revisions.record(self.name, row.get_id(), "delete", self.represent([row])[0], None, row.version)
            row.delete_instance(recursive=cascade, delete_nullable=False)
            record_changes(changed, before)

    def changed_by_delete(self, row, cascade):
        """{model: {id: row}}: the other kinds' rows whose representation
        deleting `row` changes (the owner that embeds it; on a cascade, the
        rows that lose their reference to it or go with it, and theirs)."""
        changed = {}
        _add_owners(changed, self.model, [row])
        _add_owned_records(changed, self.model, row)
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
                    _add_owned_records(changed, fk.model, child)
                    RESOURCES[fk.model]._cascade(child, changed)

    def references(self, row):
        """Rows of other kinds that point at `row`, by 'table.field'."""
        found = {}
        for fk in self.model._meta.backrefs:
            if fk.on_delete == "CASCADE":
                continue  # an owned part, not a reference
            count = fk.model.select().where(fk == row.get_id()).count()
            if count:
                found[f"{fk.model._meta.table_name}.{fk.name}"] = count
        return found

    def check_change(self, row):
        """Refuse any update or delete of `row` (a merged participant is read-only)."""

    def refuses_reference(self, key):
        """Why a new reference to row `key` is refused (it was merged into another), or None."""
        return None

    def check_body(self, row, data):
        """Refuse, naming the field, a unique key already taken, a dangling
        reference, or a value that breaks a rule of this kind (`validate`)."""
        errors, conflicts = {}, {}
        for name, value in data.items():
            field = _column(self.model, name)
            if field is None or value is None:
                continue
            if isinstance(field, peewee.ForeignKeyField):
                target = field.rel_model
                if not target.select().where(field.rel_field == value).exists():
                    errors[name] = [f"No {target._meta.table_name} with id {value}."]
                elif target in RESOURCES and (refusal := RESOURCES[target].refuses_reference(value)):
                    errors[name] = [refusal]
            elif field.unique or field.primary_key:  # a natural key (country code) is unique too
                clash = self.model.select().where(field == value)
                if row.get_id() is not None:
                    clash = clash.where(self.model._meta.primary_key != row.get_id())
                if clash.exists():
                    conflicts[name] = [f"Already used by {self.name} {clash.first().get_id()}."]
        if errors:
            raise InvalidRecord("Invalid references: " + ", ".join(errors), errors=errors)
        if conflicts:
            raise Conflict("Unique fields already taken: " + ", ".join(conflicts), errors=conflicts)
        self.validate(row, data)

    def validate(self, row, data):
        """The rules of this kind that a schema, seeing one body alone, cannot check."""

    def write(self, row, data, creating=False):
        """Set columns from `data`, save, write the owned parts, bump and record the owners."""
        for name, value in data.items():
            if name not in self.nested:
                setattr(row, name, value)  # peewee maps `speaker_id` to the speaker key
        owners = owners_of(self.model, [row])
        owners_before = represent_changed(owners)
        row.save(force_insert=creating)
        self.write_parts(row, data)
        bump_owners(self.model, self.model._meta.primary_key == row.get_id())
        record_changes(owners, owners_before)
        if self.search_kind:
            search.index(self.search_kind, row)

    def write_parts(self, row, data):
        """Replace the owned parts named in `data` (aliases, roles, topic links…)."""


def bulk_restore(model, rows):
    """Insert rows as given (ids, versions and timestamps kept: a restore, not
    an edit), with one compact revision each for the rows of a kind of record.

    Each row gets a row token, as every insert does (models.DomainModel): a
    dump carries none, and a row's ETag and its kept representation
    (dumps.py) rely on one."""
    if rows and issubclass(model, DomainModel) and "row_token" not in rows[0]:
        for row, token in zip(rows, new_row_tokens(len(rows))):
            row["row_token"] = token
    bulk_insert(model, rows)
    key = model._meta.primary_key.name
    if model in RESOURCES:  # (a row given without its key is not one a restore keeps)
        revisions.record_imported(RESOURCES[model].name, key, [row for row in rows if key in row])


def record_replaced(records, replaced, created):
    """Revisions for owned parts that are records of their own (a participant's
    roles) when their owner's write replaces them: a delete for each
    (row, representation) `replaced`, a create for each row `created`."""
    for row, item in replaced:
        revisions.record(records.name, row.get_id(), "delete", item, None, row.version)
    for row, item in zip(created, records.represent(created)):
        revisions.record(records.name, row.get_id(), "create", None, item, row.version)


def owners_of(model, rows):
    """{model: {id: row}}: the rows of other kinds that embed `rows` as owned parts."""
    changed = {}
    _add_owners(changed, model, rows)
    return changed


def represent_changed(changed):
    return {model: dict(zip(rows, RESOURCES[model].represent(list(rows.values()))))
            for model, rows in changed.items()}


def _add(changed, model, rows):
    """Note `rows` as changed: as themselves if they are a kind's, and as
    a change of the rows that embed them (a topic link is its statement's)."""
    if model in RESOURCES:
        changed.setdefault(model, {}).update((row.get_id(), row) for row in rows)
    _add_owners(changed, model, rows)


def _add_owned_records(changed, model, row):
    """Note the owned parts of `row` that are records of their own (a
    participant's roles): they go with it by ON DELETE CASCADE."""
    for fk in model._meta.backrefs:
        if fk.on_delete == "CASCADE" and fk.model in RESOURCES:
            changed.setdefault(fk.model, {}).update(
                (part.get_id(), part) for part in fk.model.select().where(fk == row.get_id()))


def _add_owners(changed, model, rows):
    for fk in model._meta.sorted_fields:
        if isinstance(fk, peewee.ForeignKeyField) and fk.on_delete == "CASCADE" and rows:
            owner = fk.rel_model
            keys = list({row.__data__[fk.name] for row in rows} - {None})
            if keys:
                _add(changed, owner, list(owner.select().where(owner._meta.primary_key.in_(keys))))


def record_changes(changed, before):
    """A revision for each row a write changed elsewhere: an update with its
    new representation, or a delete if it went too (nothing is lost)."""
    for model, rows in changed.items():
        records = RESOURCES[model]
        remaining = {r.get_id(): r for r in model.select().where(model._meta.primary_key.in_(list(rows)))}
        after = dict(zip(remaining, records.represent(list(remaining.values()))))
        for key, old in rows.items():
            if key in remaining:
                revisions.record(records.name, key, "update", before[model][key], after[key],
                                 remaining[key].version)
            else:
                revisions.record(records.name, key, "delete", before[model][key], None, old.version)


def bump(model, condition):
    """A new version for rows whose representation changed without a write of
    their own (a reference cleared, an embedded part changed), so a strong
    ETag never names two different bodies; and for the rows that embed them."""
    if "version" in model._meta.fields:
        model.update(version=model.version + 1, updated_at=utcnow()).where(condition).execute()
    bump_owners(model, condition)


def bump_owners(model, condition):
    """Bump the rows that embed `model`'s rows as owned parts (a role's
    participant, a topic link's statement): its ON DELETE CASCADE keys."""
    for fk in model._meta.sorted_fields:
        if isinstance(fk, peewee.ForeignKeyField) and fk.on_delete == "CASCADE":
            owner = fk.rel_model
            bump(owner, owner._meta.primary_key.in_(model.select(fk).where(condition)))


def _storable(value):
    """A value both engines can bind: an int that fits a signed 64-bit
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
