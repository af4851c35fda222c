"""Lists: filters, sorting and keyset pagination with opaque cursors.

Keyset (not OFFSET) pagination: a cursor holds the sort-key values of the
last row served, and the next page starts strictly after them, so rows
inserted or deleted between pages never cause a skip or a repeat, and page
1000 costs what page 1 costs.

A cursor is `base64url(JSON).base64url(HMAC)`, signed with the service's
key (service/signing.py): one the service did not issue is a 400 before its
payload is read, and behind the signature the payload is still parsed with
the guarded parser and every key bounded, so no cursor is ever a 500.
"""
import base64
import binascii
import datetime
import json
import operator
from functools import reduce

import peewee

from .. import signing
from .errors import ApiError
from .json import LONE_SURROGATE, loads

# The furthest a ranked list's offset cursor may point: past any rank window.
MAX_OFFSET = 1_000_000
STANDARD_PARAMETERS = {"limit", "cursor", "sort", "count", "expand", "fields", "pretty", "format", "bom"}


class Listing:
    """How one collection is filtered and sorted.

    `filters` maps a query parameter to a function from its (list) value to
    a peewee expression; a parameter not mapped filters the model field of
    the same name, any of the given values (repeated parameter = OR). A key
    may also be a tuple of parameters that make one condition together (a
    range's two ends: one subquery with both bounds uses an index that two
    subqueries with one bound each cannot); its function gets one value per
    name, None for a name not given.

    `sort_fields` maps a sort key to a field of a related model (a
    statement's `published_at` is its article's): the query joins that model
    to order by it, and the cursor carries its value like any other key.
    """

    def __init__(self, model, *, filters=None, default_sort=("id",), sort_fields=None):
        self.model = model
        self.sort_fields = sort_fields or {}
        self.filters = filters or {}
        self.combined = {name for names in self.filters if isinstance(names, tuple) for name in names}
        self.default_sort = default_sort

    def conditions(self, args):
        conditions = []
        for names, build in self.filters.items():
            if isinstance(names, tuple) and any(args.get(name) is not None for name in names):
                conditions.append(build(*(args.get(name) for name in names)))
        for name, value in args.items():
            if name in STANDARD_PARAMETERS or value is None or name in self.combined:
                continue
            if name in self.filters:
                conditions.append(self.filters[name](value))
            else:
                field = self.model._meta.fields[name]
                conditions.append(field.in_(value) if isinstance(value, list) else field == value)
        return conditions

    def sort_keys(self, sort):
        """(field, descending) pairs, ending with the primary key as tiebreaker.

        A field named again (`-published_at,published_at`) orders nothing
        that its first mention has not: it is left out, as SQL would ignore
        it, rather than joined twice.
        """
        keys = []
        for key in sort or self.default_sort:
            descending = key.startswith("-")
            name = key.lstrip("-")
            field = self.sort_fields.get(name) or self.model._meta.fields[name]
            if not any(seen is field for seen, _ in keys):
                keys.append((field, descending))
        primary = self.model._meta.primary_key
        if not any(field is primary for field, _ in keys):
            keys.append((primary, keys[-1][1] if keys else False))
        return keys

    def filtered(self, args, query=None):
        """The query narrowed by the filters in `args`."""
        query = self.model.select() if query is None else query
        conditions = self.conditions(args)
        return query.where(*conditions) if conditions else query

    def page(self, args, query=None):
        """Return (rows, next_cursor, total) for parsed list query arguments."""
        query = self.filtered(args, query)
        total = query.count() if args.get("count") else None
        keys = self.sort_keys(args.get("sort"))
        signature = ",".join(("-" if d else "") + f.name for f, d in keys)
        joined = [field for field, _ in keys if field.model is not self.model]
        for field in joined:
            query = query.join_from(self.model, field.model).select_extend(field.alias(_sort_alias(field)))
        if joined:
            query = query.objects()  # the joined keys land on each row as attributes
        if args.get("cursor"):
            query = query.where(_after(keys, decode_cursor(args["cursor"], keys, signature)))
        limit = args["limit"]
        rows = list(query.order_by(*_ordering(keys)).limit(limit + 1))
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            next_cursor = encode_cursor([_key_value(rows[-1], f, self.model) for f, _ in keys], signature)
        return rows, next_cursor, total


def _sort_alias(field):
    return f"sort_{field.model._meta.table_name}_{field.name}"


def _key_value(row, field, model):
    if field.model is model:
        return row.__data__.get(field.name)
    return getattr(row, _sort_alias(field))


def _ordering(keys):
    order = []
    for field, descending in keys:
        if field.null:
            # Nulls sort after values ascending and before them descending,
            # the same on SQLite and PostgreSQL, by ordering on IS NULL first.
            order.append(field.is_null().desc() if descending else field.is_null().asc())
        order.append(field.desc() if descending else field.asc())
    return order


def _after(keys, values):
    """The rows strictly after `values` in the order of `keys`."""
    expanded = []  # (expression, descending, value) with null flags made explicit
    for (field, descending), value in zip(keys, values):
        if field.null:
            expanded.append((field.is_null(), descending, value is None))
        expanded.append((field, descending, value))
    disjuncts = []
    for i, (expression, descending, value) in enumerate(expanded):
        if value is None:
            continue  # nothing sorts strictly after NULL inside the null group
        equal_before = [_equals(e, v) for e, _, v in expanded[:i]]
        beyond = expression < value if descending else expression > value
        disjuncts.append(reduce(operator.and_, equal_before + [beyond]))
    if not disjuncts:
        return peewee.SQL("1 = 0")
    return reduce(operator.or_, disjuncts)


def _equals(expression, value):
    return expression.is_null() if value is None else expression == value


def _b64(data):
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(payload):
    """A cursor carrying `payload` (bytes) with its signature."""
    return f"{_b64(payload)}.{_b64(signing.signature(signing.CURSOR, payload))}"


def unseal(cursor):
    """The payload of a cursor this service signed, or None."""
    body, dot, mac = cursor.partition(".")
    if not dot:
        return None
    try:
        payload, given = _unb64(body), _unb64(mac)
    except (binascii.Error, ValueError):
        return None
    return payload if signing.verify(signing.CURSOR, payload, given) else None


def _bad_cursor(reason):
    return ApiError(400, f"Malformed cursor: {reason}.", kind="invalid-parameter",
                    errors={"cursor": [f"Malformed cursor: {reason}."]})


def encode_cursor(values, signature):
    payload = json.dumps({"s": signature, "k": [_jsonable(v) for v in values]},
                         separators=(",", ":"), ensure_ascii=False)
    return seal(payload.encode())


def decode_cursor(cursor, keys, signature):
    raw = unseal(cursor)
    if raw is None:
        raise _bad_cursor("not a cursor this service issued")
    try:
        payload = loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _bad_cursor("not a cursor this service issued") from None
    if not isinstance(payload, dict) or payload.get("s") != signature:
        raise _bad_cursor("it was issued for another sort order")
    values = payload.get("k")
    if not isinstance(values, list) or len(values) != len(keys):
        raise _bad_cursor("wrong number of keys")
    try:
        return [_from_json(field, value) for (field, _), value in zip(keys, values)]
    except (TypeError, ValueError):
        raise _bad_cursor("a key has the wrong type") from None


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _from_json(field, value):
    if value is None:
        if not field.null:
            raise ValueError("null key")
        return None
    if isinstance(field, peewee.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(field, peewee.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, peewee.IntegerField):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("not an integer")
        if not -2**63 <= value < 2**63:
            raise ValueError("outside a 64-bit column")  # the driver would fail to bind it
        return value
    if not isinstance(value, (str, int)):
        raise TypeError("unexpected key type")
    if isinstance(value, str) and ("\x00" in value or LONE_SURROGATE.search(value)):
        # PostgreSQL text cannot hold NUL, and no driver can encode a lone surrogate: it would raise
        raise ValueError("a character no column holds")
    return value


def encode_offset(offset, context):
    """A cursor for ranked results, where keyset order cannot apply: an offset
    tied to the query it belongs to."""
    return encode_cursor([offset], f"rank:{context}")


def decode_offset(cursor, context):
    if not cursor:
        return 0
    keys = [(peewee.IntegerField(), False)]
    (offset,) = decode_cursor(cursor, keys, f"rank:{context}")
    if not 0 <= offset <= MAX_OFFSET:
        raise _bad_cursor(f"an offset outside 0 to {MAX_OFFSET}")
    return offset



def encode_position(position):
    """A cursor for a place in the change feed: a revision id, signed like every cursor."""
    return encode_cursor([position], "changes")


def decode_position(cursor):
    """The revision id of a feed cursor (the query parameter `since`), or a 400 naming `since`."""
    try:
        (position,) = decode_cursor(cursor, [(peewee.IntegerField(), False)], "changes")
        if position < 0:
            raise _bad_cursor("a position before the log's start")
    except ApiError as error:
        detail = error.detail.replace("Malformed cursor", "Malformed `since`")
        raise ApiError(400, detail, kind="invalid-parameter", errors={"since": [detail]}) from None
    return position


def offset_page(args, context, fetch):
    """One page of results in rank order (best first), where keyset order
    cannot apply: (items of the page, next cursor or None, offset of the page).

    `fetch(offset, count)` returns up to `count` results from `offset` on. The
    cursor is an offset tied to `context` (the query), so a cursor of another
    query is refused rather than served as a page of this one.
    """
    offset = decode_offset(args.get("cursor"), context)
    found = fetch(offset, args["limit"] + 1)
    page = found[:args["limit"]]
    more = len(found) > len(page)
    return page, encode_offset(offset + len(page), context) if more else None, offset
