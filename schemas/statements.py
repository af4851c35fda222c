"""Statements: what a participant said, as one article reports it."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.models import STATEMENT_KINDS

from .articles import ArticleSchema
from .common import (
    MAX_OFFSET,
    Choice,
    Id,
    IdFilter,
    Integer,
    ListQuery,
    Nullable,
    QuerySchema,
    ResourceSchema,
    Text,
    ValueFilter,
)
from .events import EventSchema
from .participants import ParticipantSchema
from .places import CountryCode


class StatementSchema(ResourceSchema):
    article_id = Id(required=True)
    speaker_id = Id(required=True)
    event_id = Nullable(Id())
    addressee_id = Nullable(Id())
    text = Text(100_000, required=True, metadata={
        "description": "The reported content verbatim, without quotation marks or attribution",
        "example": "ليس لدينا أدنى شك في أن الشعب السوري سينتصر"})
    kind = Choice(STATEMENT_KINDS, required=True, metadata={"description": "direct quote or indirect paraphrase"})
    start = Nullable(Integer(strict=True, validate=validate.Range(0, MAX_OFFSET),
                                    metadata={"description": "Offset of `text` in the article body"}))
    end = Nullable(Integer(strict=True, validate=validate.Range(0, MAX_OFFSET)))
    attribution_text = Nullable(Text(2000, metadata={"example": "من جانبه أكد لاريجاني"}))
    cue = Nullable(Text(100, metadata={"example": "أكد"}))
    attributed_via = Nullable(Text(300, metadata={"example": "وكالة سانا"}))
    topic_ids = fields.List(Id(), validate=validate.Length(max=50), load_default=list)

    @validates_schema
    def check_span(self, data, **kwargs):
        start, end = data.get("start"), data.get("end")
        if "start" in data or "end" in data:
            if errors := span_errors(start, end, partial=bool(kwargs.get("partial"))):
                raise ValidationError(errors)


PAIRING = "Give both start and end, or neither."


def span_errors(start, end, partial=False):
    """{field: [message]} when a span's offsets break the pairing rule: both
    or neither, and end after start. A partial body (PATCH) may give one of
    them alone: the rule is checked again on the row it leaves."""
    if (start is None) != (end is None) and not partial:
        return {"end" if end is None else "start": [PAIRING]}
    if start is not None and end is not None and end <= start:
        return {"end": ["Must be greater than start."]}
    return {}


class StatementFilters(QuerySchema):
    """The feed's filters, shared by the feed, a participant's statements and the stats."""

    speaker = IdFilter("Said by these participants")
    country = ValueFilter(CountryCode(), "Said by participants of these countries")
    topic = IdFilter("Tagged with these topics")
    kind = ValueFilter(Choice(STATEMENT_KINDS), "direct or indirect")
    outlet = IdFilter("Reported by articles of these outlets")
    event = IdFilter("Made at these events")
    article = IdFilter("Reported by these articles")
    addressee = IdFilter("Addressed to these participants")
    from_ = fields.Date(data_key="from", attribute="from",
                        metadata={"description": "Reported on or after this date (article publication)"})
    to = fields.Date(metadata={"description": "Reported on or before this date"})
    q = fields.String(validate=validate.Length(1, 500), metadata={"description": "Arabic-normalized full-text search"})


class StatementQuery(ListQuery, StatementFilters):
    SORTABLE = ("id", "created_at", "published_at")  # published_at: the reporting article's
    EXPANDABLE = {"speaker": ParticipantSchema, "article": ArticleSchema, "event": EventSchema,
                  "addressee": ParticipantSchema}
    OUTPUT = StatementSchema


GROUPINGS = ("participant", "country", "topic", "outlet", "month")


class StatementStatsQuery(StatementFilters):
    group_by = Choice(GROUPINGS, required=True, metadata={"description": "What to count statements by"})


class RelatedSchema(Schema):
    statement = fields.Nested(StatementSchema)
    outlet = fields.Dict(allow_none=True, metadata={"description": "The reporting article's outlet, or null"})
    similarity = fields.Float(metadata={"description": "Word-bigram containment of the normalized texts, 0–1"})


class RelatedPageSchema(Schema):
    items = fields.List(fields.Nested(RelatedSchema))
