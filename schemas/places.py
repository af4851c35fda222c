"""Countries, outlets and topics: the small reference resources."""
from marshmallow import fields, validate

from service.models import OUTLET_KINDS

from .common import (
    Choice,
    FullMatch,
    ListQuery,
    Nullable,
    ResourceSchema,
    Text,
    ValueFilter,
    VersionedSchema,
    WebAddress,
)

COUNTRY_CODE = FullMatch(r"^[A-Z]{2}$", error="An ISO 3166-1 alpha-2 code in capitals, like SY or IR.")


def CountryCode(**kwargs):
    return fields.String(validate=COUNTRY_CODE, **kwargs)


class CountrySchema(VersionedSchema):
    code = CountryCode(required=True, metadata={"example": "SY"})
    name_ar = Text(200, required=True, metadata={"example": "سورية"})
    name_en = Text(200, required=True, metadata={"example": "Syria"})


class CountryQuery(ListQuery):
    SORTABLE = ("code", "name_en", "name_ar")
    OUTPUT = CountrySchema


class OutletSchema(ResourceSchema):
    name = Text(200, required=True, metadata={"example": "SANA"})
    name_ar = Nullable(Text(200, metadata={"example": "سانا"}))
    url = Nullable(WebAddress())
    country_code = Nullable(CountryCode())
    kind = Nullable(Choice(OUTLET_KINDS))


class OutletQuery(ListQuery):
    SORTABLE = ("id", "name")
    EXPANDABLE = {}
    OUTPUT = OutletSchema
    country = ValueFilter(CountryCode(), "Outlets of these countries")
    kind = ValueFilter(Choice(OUTLET_KINDS), "Outlets of these kinds")


class TopicSchema(ResourceSchema):
    slug = fields.String(required=True, validate=[validate.Length(max=100),
                                                  FullMatch(r"^[a-z0-9]+(-[a-z0-9]+)*$")],
                         metadata={"example": "reconstruction"})
    name_ar = Text(200, required=True, metadata={"example": "إعادة الإعمار"})
    name_en = Nullable(Text(200, metadata={"example": "Reconstruction"}))


class TopicQuery(ListQuery):
    SORTABLE = ("id", "slug")
    OUTPUT = TopicSchema
    slug = ValueFilter(fields.String(validate=validate.Length(max=100)), "Topics with these slugs")
