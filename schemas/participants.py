"""Participants, the names they go by, and the posts they hold."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.models import ALIAS_KINDS, ALIAS_LANGUAGES, PARTICIPANT_KINDS, PRECISIONS

from .common import (
    BaseSchema,
    Choice,
    FullMatch,
    Id,
    Integer,
    ListQuery,
    Nullable,
    QuerySchema,
    ResourceSchema,
    Text,
    ValueFilter,
)
from .places import CountryCode


class AliasSchema(BaseSchema):
    name = Text(300, required=True, metadata={"example": "الرئيس الأسد"})
    language = fields.String(load_default="ar", validate=validate.OneOf(ALIAS_LANGUAGES))
    kind = fields.String(load_default="full", validate=validate.OneOf(ALIAS_KINDS))


class RoleSchema(ResourceSchema):
    participant_id = fields.Integer(dump_only=True)
    title_ar = Text(300, required=True, metadata={"example": "رئيس مجلس الوزراء"})
    title_en = Nullable(Text(300, metadata={"example": "Prime Minister of Syria"}))
    organization_id = Nullable(Id())
    country_code = Nullable(CountryCode())
    start_date = Nullable(fields.Date())
    start_date_precision = Nullable(Choice(PRECISIONS))
    end_date = Nullable(fields.Date(metadata={"description": "null: still in post"}))
    end_date_precision = Nullable(Choice(PRECISIONS))

    @validates_schema
    def check_dates(self, data, partial=None, **kwargs):
        if errors := role_date_errors(data):
            raise ValidationError(errors)


ROLE_DATE_FIELDS = ("start_date", "start_date_precision", "end_date", "end_date_precision")


def role_date_errors(role):
    """The rules a role's dates obey, for a body or for a row as a PATCH leaves it."""
    errors = {}
    start, end = role.get("start_date"), role.get("end_date")
    if start and end and end < start:
        errors["end_date"] = ["Ends before it starts."]
    for name in ("start_date", "end_date"):
        if role.get(f"{name}_precision") and not role.get(name):
            errors[f"{name}_precision"] = [f"A precision without a {name}."]
    return errors


class ParticipantSchema(ResourceSchema):
    kind = fields.String(load_default="person", validate=validate.OneOf(PARTICIPANT_KINDS))
    name_ar = Text(300, required=True, metadata={"example": "بشار الأسد"})
    name_en = Nullable(Text(300, metadata={"example": "Bashar al-Assad"}))
    country_code = Nullable(CountryCode())
    wikidata_id = Nullable(fields.String(validate=FullMatch(r"^Q[1-9][0-9]{0,11}$"),
                                         metadata={"example": "Q44329"}))
    description = Nullable(Text(5000))
    merged_into_id = fields.Integer(dump_only=True, allow_none=True,
                                    metadata={"description": "Set when this record was merged into another"})
    aliases = fields.List(fields.Nested(AliasSchema), validate=validate.Length(max=200), load_default=list,
                          metadata={"description": "Every spelling texts use; replaced as a whole on write"})
    roles = fields.List(fields.Nested(RoleSchema), validate=validate.Length(max=100), load_default=list,
                        metadata={"description": "Posts held; replaced as a whole on write"})


class ParticipantQuery(ListQuery):
    SORTABLE = ("id", "name_ar", "name_en")
    OUTPUT = ParticipantSchema
    country = ValueFilter(CountryCode(), "Participants of these countries")
    kind = ValueFilter(Choice(PARTICIPANT_KINDS), "person or organization")
    wikidata_id = ValueFilter(fields.String(validate=validate.Length(max=20)), "By Wikidata id")
    q = fields.String(validate=validate.Length(1, 300),
                      metadata={"description": "A name or alias in any spelling variant"})


class RoleQuery(ListQuery):
    SORTABLE = ("id", "start_date", "end_date")
    OUTPUT = RoleSchema
    country = ValueFilter(CountryCode(), "Posts in these countries")


class ResolveQuery(QuerySchema):
    name = Text(300, required=True, metadata={"description": "A name or a title-only mention",
                                              "example": "الرئيس الإيراني"})
    date = fields.Date(metadata={"description": "The day the mention refers to (e.g. the article's date)",
                                 "example": "2017-01-18"})
    limit = Integer(load_default=5, validate=validate.Range(1, 50))


class ResolvedSchema(Schema):
    participant = fields.Nested(ParticipantSchema)
    role = fields.Nested(RoleSchema, allow_none=True,
                         metadata={"description": "The post held on `date`, or null"})
    score = fields.Float(metadata={"description": "1.0 for an exact alias; lower for partial or title matches"})


class ResolvePageSchema(Schema):
    items = fields.List(fields.Nested(ResolvedSchema))


class CounterpartSchema(Schema):
    participant = fields.Nested(ParticipantSchema)
    meetings = fields.Integer(metadata={"description": "Events both took part in"})
    first_date = fields.Date(allow_none=True)
    last_date = fields.Date(allow_none=True)


class CounterpartPageSchema(Schema):
    items = fields.List(fields.Nested(CounterpartSchema))
    next_cursor = fields.String(allow_none=True)


class CounterpartQuery(QuerySchema):
    limit = Integer(load_default=50, validate=validate.Range(1, 500))
    cursor = fields.String(validate=validate.Length(max=500),
                           metadata={"description": "`next_cursor` of the previous page"})
