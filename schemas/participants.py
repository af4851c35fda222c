"""Participants, the names they go by, and the posts they hold."""
from marshmallow import ValidationError, fields, validate, validates_schema

from service.models import ALIAS_KINDS, ALIAS_LANGUAGES, PARTICIPANT_KINDS, PRECISIONS
from .common import BaseSchema, Choice, Id, IdFilter, ListQuery, Optional, ResourceSchema, Text, ValueFilter
from .places import CountryCode


class AliasSchema(BaseSchema):
    name = Text(300, required=True, metadata={"example": "الرئيس الأسد"})
    language = fields.String(load_default="ar", validate=validate.OneOf(ALIAS_LANGUAGES))
    kind = fields.String(load_default="full", validate=validate.OneOf(ALIAS_KINDS))


class RoleSchema(ResourceSchema):
    participant_id = fields.Integer(dump_only=True)
    title_ar = Text(300, required=True, metadata={"example": "رئيس مجلس الوزراء"})
    title_en = Optional(Text(300, metadata={"example": "Prime Minister of Syria"}))
    organization_id = Optional(Id())
    country_code = Optional(CountryCode())
    start_date = Optional(fields.Date())
    start_date_precision = Optional(Choice(PRECISIONS))
    end_date = Optional(fields.Date(metadata={"description": "null: still in post"}))
    end_date_precision = Optional(Choice(PRECISIONS))

    @validates_schema
    def check_dates(self, data, partial=None, **kwargs):
        errors = {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            errors["end_date"] = ["Ends before it starts."]
        for name in ("start_date", "end_date"):
            if data.get(f"{name}_precision") and not data.get(name):
                errors[f"{name}_precision"] = [f"A precision without a {name}."]
        if errors:
            raise ValidationError(errors)


class ParticipantSchema(ResourceSchema):
    kind = fields.String(load_default="person", validate=validate.OneOf(PARTICIPANT_KINDS))
    name_ar = Text(300, required=True, metadata={"example": "بشار الأسد"})
    name_en = Optional(Text(300, metadata={"example": "Bashar al-Assad"}))
    country_code = Optional(CountryCode())
    wikidata_id = Optional(fields.String(validate=validate.Regexp(r"^Q[1-9][0-9]{0,11}$"),
                                         metadata={"example": "Q44329"}))
    description = Optional(Text(5000))
    merged_into_id = fields.Integer(dump_only=True, allow_none=True,
                                    metadata={"description": "Set when this record was merged into another"})
    aliases = fields.List(fields.Nested(AliasSchema), validate=validate.Length(max=200),
                          metadata={"description": "Every spelling texts use; replaced as a whole on write"})
    roles = fields.List(fields.Nested(RoleSchema), validate=validate.Length(max=100),
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
