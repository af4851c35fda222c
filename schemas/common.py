"""Fields and base schemas shared by every resource."""
import copy
import datetime
import functools
import re
from collections.abc import Mapping

from marshmallow import EXCLUDE, INCLUDE, RAISE, Schema, ValidationError, fields, pre_load, validate
from webargs.fields import DelimitedList

MAX_ID = 2**63 - 1
MAX_OFFSET = 100_000_000


class Integer(fields.Integer):
    """An integer; given as text (a query parameter), in ASCII digits only.

    Python's int() also reads `５` (full-width), `٥` (Arabic-Indic), `5_0` and
    ` 5`: a client sending those made a mistake, and the answer says so.

    In a JSON body an integral number written with a fraction (`12.0`) is
    that integer, as JSON Schema (OpenAPI 3.1) counts it; only up to 2**53,
    where every such number is exact (beyond it `9007199254740993.0` would
    arrive as another id). `12.5` is refused.
    """

    DIGITS = re.compile(r"-?[0-9]+")
    EXACT_FLOAT = 2**53

    def _validated(self, value):
        if isinstance(value, str) and self.DIGITS.fullmatch(value) is None:
            raise self.make_error("invalid", input=value)
        if isinstance(value, float) and value.is_integer() and abs(value) <= self.EXACT_FLOAT:
            value = int(value)
        return super()._validated(value)


def Id(strict=True, **kwargs):
    """A primary or foreign key: a positive 64-bit integer (in a body, never a string or a fraction)."""
    return Integer(strict=strict, validate=validate.Range(1, MAX_ID), **kwargs)


def Text(max_length, min_length=None, **kwargs):
    """A bounded string; required strings also refuse the empty string."""
    if min_length is None:
        min_length = 1 if kwargs.get("required") else 0
    return fields.String(validate=validate.Length(min_length, max_length), **kwargs)


# An http(s) address: no spaces or control characters, a host (no IPv6
# brackets: "http://[x" parses as no URL at all), then an optional path,
# query or fragment. The spec documents this pattern and the
# validator applies exactly it, so a client can check an address before sending.
WEB_ADDRESS = r"^https?://[^\x00-\x20\x7f/?#\[\]]+([/?#][^\x00-\x20\x7f]*)?$"


class FullMatch(validate.Regexp):
    """A documented pattern the whole value must match (Regexp.match would
    let `$` match before a final newline)."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


def WebAddress(**kwargs):
    return fields.String(validate=[validate.Length(max=2000),
                                   FullMatch(WEB_ADDRESS, error="Not an http(s) URL.")], **kwargs)


def Choice(choices, **kwargs):
    return fields.String(validate=validate.OneOf(choices), **kwargs)


def Nullable(field):
    """A field that may be null or left out: omitted on create means null."""
    field.allow_none = True
    field.load_default = None
    return field


class CommaList(DelimitedList):
    """A list parameter given comma-separated (`fields=id,text`, as the spec
    says), repeated (`fields=id&fields=text`, as generated clients, requests
    and httpx send a list), or both: every value counts, none is dropped."""

    is_multiple = True  # webargs hands over every value of a repeated parameter

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (list, tuple)):
            value = self.delimiter.join(value)
        return super()._deserialize(value, attr, data, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        # A list, not the comma-joined string: the spec's `default` of an
        # array parameter must be an array.
        return fields.List._serialize(self, value, attr, obj, **kwargs)


class UtcDateTime(fields.DateTime):
    """A timestamp stored as naive UTC and served as RFC 3339 with its offset."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.isoformat()


# Characters no engine stores: NUL (PostgreSQL text cannot hold it) and
# unpaired UTF-16 surrogates, which JSON can spell ("\ud800") but which are
# not Unicode scalar values, so they cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _holds_nul(value):
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, (list, tuple)):
        return any(map(_holds_nul, value))
    if isinstance(value, Mapping):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    return False


class Moment(fields.AwareDateTime):
    """An RFC 3339 timestamp with its offset, whose UTC instant is a real
    datetime (0001-01-01T00:00:00+04:30 is not: converting it overflows)."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            moment.astimezone(datetime.timezone.utc)
        except OverflowError:
            raise ValidationError("Out of range once converted to UTC.") from None
        return moment


class BaseSchema(Schema):
    """Unknown fields are an error, and so is writing a read-only one."""

    class Meta:
        unknown = RAISE
        ordered = True

    @pre_load
    def reject_nul(self, data, **kwargs):
        # JSON allows "\u0000" and "\ud800", but no engine can store them (the
        # driver raises, a 500), so none gets them: refused, never silently dropped.
        if isinstance(data, Mapping):
            holding = [name for name in data if _holds_nul(name) or _holds_nul(data.get(name))]
            if holding:
                raise ValidationError({name: ["NUL characters (U+0000) and unpaired surrogates "
                                             "(U+D800 to U+DFFF) are not allowed."] for name in holding})
        return data

    @pre_load
    def reject_read_only(self, data, **kwargs):
        if isinstance(data, dict):
            read_only = [name for name, field in self.fields.items()
                         if field.dump_only and (field.data_key or name) in data]
            if read_only:
                raise ValidationError({name: ["Read-only field; it cannot be written."]
                                       for name in read_only})
        return data


class VersionedSchema(BaseSchema):
    """Every resource has timestamps and a version the service keeps."""

    created_at = UtcDateTime(dump_only=True)
    updated_at = UtcDateTime(dump_only=True)
    version = fields.Integer(dump_only=True)


class ResourceSchema(VersionedSchema):
    id = fields.Integer(dump_only=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details; a problem may carry extension members (§3.2)."""

    class Meta:
        unknown = INCLUDE  # documented as additionalProperties: true
        ordered = True

    type = fields.String(metadata={"example": "/problems/invalid-body"})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.Raw(),
                         metadata={"description": "Messages per field, for validation failures"})
    references = fields.Dict(keys=fields.String(), values=fields.Integer(),
                             metadata={"description": "What still refers to the row, for a 409 on delete"})
    current_etag = fields.String(metadata={"description": "The row's ETag now, for a 412 on a stale If-Match"})
    merged_into_id = fields.Integer(metadata={
        "description": "The survivor, for a 308 or 409 on a participant merged into another"})


class QuerySchema(BaseSchema):
    """Query parameters every operation takes."""

    pretty = fields.Boolean(load_default=False, metadata={"description": "Indent the JSON for reading"})


class ItemQuery(QuerySchema):
    """Query parameters of an item GET: `expand` and `fields`."""

    EXPANDABLE = {}  # ?expand name -> the schema of the record it embeds
    OUTPUT = None

    expand = CommaList(fields.String(validate=validate.Length(max=50)),
                                  validate=validate.Length(max=10),
                                  metadata={"description": "Related objects to embed, comma-separated (or the parameter repeated)"})
    fields_ = CommaList(fields.String(validate=validate.Length(max=50)),
                                   data_key="fields", attribute="fields",
                                   # `?fields=` (empty) is not "every field": the spec's enum refuses it.
                                   validate=[validate.Length(min=1, error="Name at least one field, or leave `fields` out."),
                                             validate.Length(max=50)],
                                   metadata={"description": "Only these fields in the response, comma-separated (or the parameter repeated)"})

    def __init__(self, *args, **kwargs):
        # A resource that embeds nothing does not take `expand` at all: the
        # spec leaves it out and a request giving it is an unknown parameter
        # (400). Declared with no names, `?expand=` would be valid as [] and
        # invalid as [""] at once, which no reading of the request satisfies.
        if not self.EXPANDABLE:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "expand")
        super().__init__(*args, **kwargs)

    def on_bind_field(self, field_name, field_obj):
        # Each resource's names become the list items' enum: the spec says
        # exactly which names a request may give, and a request naming another
        # is a 400 that lists them (a typo never silently widens a response).
        choices = self.choices().get(field_name)
        if choices is None:
            return
        what = {"expand": "expandable", "fields_": "known", "sort": "sortable"}[field_name]
        # A bound field is a shallow copy of the declared one, shared by every
        # resource: its validator lists (and its inner field) are replaced, not appended to.
        field_obj.inner = copy.copy(field_obj.inner)
        field_obj.inner.validators = [*field_obj.inner.validators, validate.OneOf(
            choices, error=f"Unknown name {{input!r}}; {what}: {', '.join(choices)}.")]

    def choices(self):
        """The names `expand` and `fields` accept, by parameter."""
        names = {"expand": tuple(self.EXPANDABLE)}
        if self.OUTPUT is not None:
            output = [field.data_key or name for name, field in self.OUTPUT().fields.items() if not field.load_only]
            names["fields_"] = tuple(dict.fromkeys([*output, *self.EXPANDABLE]))
        return names


def item_query_for(list_query):
    """The item GET's parameters: the list's `expand` and `fields` names."""
    name = list_query.__name__.replace("Query", "ItemQuery")
    return type(name, (ItemQuery,), {"EXPANDABLE": list_query.EXPANDABLE, "OUTPUT": list_query.OUTPUT})


class WriteQuery(QuerySchema):
    """A POST, PUT or PATCH takes no query parameters but `pretty`: any other is a 400."""


class DeleteQuery(QuerySchema):
    cascade = fields.Boolean(load_default=False, metadata={
        "description": "Also delete what still references the row (nullable references are cleared)"})


class ListQuery(ItemQuery):
    """Query parameters every list takes; resources add their filters."""

    SORTABLE = ("id",)

    limit = Integer(strict=False, load_default=50, validate=validate.Range(1, 500),
                           metadata={"description": "Page size, 1 to 500"})
    cursor = fields.String(validate=validate.Length(max=2000),
                           metadata={"description": "The `next_cursor` of the previous page"})
    sort = CommaList(fields.String(validate=validate.Length(max=50)),
                                validate=validate.Length(max=5),
                                metadata={"description": "Fields to sort by, comma-separated (or the parameter repeated); `-` for descending"})
    count = fields.Boolean(load_default=False, metadata={"description": "Include `total`"})
    format = fields.String(validate=validate.OneOf(["json", "csv", "ndjson"]), metadata={
        "description": "json (a page); csv or ndjson stream every matching row "
                       "(also chosen by `Accept: text/csv` or `application/x-ndjson`)"})
    bom = fields.Boolean(load_default=False, metadata={"description": "Start a CSV with a UTF-8 BOM, for spreadsheets"})

    def choices(self):
        """And the keys `sort` accepts: each sortable field, ascending or `-` descending."""
        return {**super().choices(), "sort": tuple(key for name in self.SORTABLE for key in (name, f"-{name}"))}


def IdFilter(description):
    """A repeatable id filter: `?speaker=3&speaker=7` means 3 or 7."""
    return fields.List(Id(strict=False), validate=validate.Length(max=100), metadata={"description": description})


def ValueFilter(field, description):
    return fields.List(field, validate=validate.Length(max=100), metadata={"description": description})


@functools.cache
def view_of(query):
    """What a GET of the resource `query` lists answers, for the spec: its
    OUTPUT schema with no field required (`?fields=` may leave any out) and
    each `?expand` name as the related record or null."""
    output = query.OUTPUT
    attributes = {}
    for name, field in output._declared_fields.items():
        attributes[name] = copy.copy(field)
        attributes[name].required = False
    for name, related in query.EXPANDABLE.items():
        attributes[name] = fields.Nested(related, allow_none=True, dump_only=True, metadata={
            "description": f"The {name} as its own endpoint returns it, with `?expand={name}`"})
    return type(output.__name__.removesuffix("Schema") + "View", (output,), attributes)


@functools.cache
def page_of(item_schema):
    """The list envelope of docs/api.md, for the spec."""
    name = item_schema.__name__.replace("Schema", "").removesuffix("View") + "Page"
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema)),
        "next_cursor": fields.String(allow_none=True, metadata={"description": "Opaque; null on the last page"}),
        "total": fields.Integer(metadata={"description": "Only with ?count=true"}),
        "Meta": type("Meta", (), {"ordered": True, "unknown": EXCLUDE}),
    })


class RevisionSchema(Schema):
    id = fields.Integer(metadata={"description": "Increases in commit order"})
    resource = fields.String(metadata={"description": "The kind of record: statement, participant, role…"})
    row_id = fields.String(metadata={"description": "The record's id (a country's code), as text"})
    action = fields.String(metadata={"description": "create, update, delete or import"})
    version = fields.Integer(allow_none=True, metadata={"description": "The row's version after the change"})
    api_key = fields.String(allow_none=True, metadata={
        "description": "The name of the key that made it; shown to a request with an admin key only"})
    at = fields.String(metadata={"description": "RFC 3339"})
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class HistoryQuery(QuerySchema):
    """A record's history is a list like any other: paged, oldest first."""
    limit = fields.Integer(strict=False, load_default=50, validate=validate.Range(1, 500),
                           metadata={"description": "Page size, 1 to 500"})
    cursor = fields.String(validate=validate.Length(max=2000),
                           metadata={"description": "The `next_cursor` of the previous page"})


class RevisionPage(Schema):
    items = fields.List(fields.Nested(RevisionSchema))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Opaque; null on the last page"})
