"""Articles: a news report as its outlet published it."""
import datetime

from marshmallow import fields, validate

from service.models import PRECISIONS

from .common import (
    Choice,
    FullMatch,
    Id,
    IdFilter,
    ListQuery,
    Moment,
    Nullable,
    ResourceSchema,
    Text,
    ValueFilter,
    WebAddress,
)
from .places import OutletSchema

MAX_BODY_CHARS = 2_000_000


def LanguageTag(**kwargs):
    """A BCP 47 tag (`ar`, `fa-IR`), in a body and in the filter alike."""
    return fields.String(validate=[validate.Length(max=35), FullMatch(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")],
                         **kwargs)


class PublishedAt(Moment):
    """Served in the outlet's own offset ("بتوقيت طهران" → +04:30), kept in UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        offset = getattr(obj, f"{attr}_offset", None) or 0
        zone = datetime.timezone(datetime.timedelta(minutes=offset))
        return value.replace(tzinfo=datetime.timezone.utc).astimezone(zone).isoformat()


class ArticleSchema(ResourceSchema):
    outlet_id = Nullable(Id())
    title = Nullable(Text(2000, metadata={"example": "رئيسي والأسد يؤكدان أهمية توسيع العلاقات بين إيران وسوريا"}))
    body = Text(MAX_BODY_CHARS, required=True, metadata={"description": "The text exactly as published"})
    url = Nullable(WebAddress())
    published_at = Nullable(PublishedAt(metadata={"example": "2022-05-08T17:54:00+04:30"}))
    date_precision = Nullable(Choice(PRECISIONS))
    language = LanguageTag(load_default="ar", metadata={"description": "BCP 47 tag"})
    dateline = Nullable(Text(300, metadata={"example": "طهران-سانا"}))
    credits = Nullable(Text(500, metadata={"description": "Agencies the text credits", "example": "سانا"}))
    provenance = Nullable(Text(2000, metadata={"description": "Where the record came from"}))
    content_hash = fields.String(dump_only=True, metadata={"description": "SHA-256 of the normalized body; equal for syndicated copies"})


class ArticleQuery(ListQuery):
    SORTABLE = ("id", "published_at", "created_at")
    EXPANDABLE = {"outlet": OutletSchema}
    OUTPUT = ArticleSchema
    outlet = IdFilter("Articles of these outlets")
    language = ValueFilter(LanguageTag(), "Articles in these languages (BCP 47 tags)")
    content_hash = ValueFilter(fields.String(validate=validate.Length(max=64)), "Copies of a text")
    published_after = Moment(metadata={"description": "Published at or after (RFC 3339)"})
    published_before = Moment(metadata={"description": "Published before (RFC 3339)"})
