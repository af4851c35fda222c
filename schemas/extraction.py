"""Extraction proposals: what POST /articles/{id}/extract answers (docs/extraction.md)."""
from marshmallow import Schema, fields

from service.models import EVENT_KINDS, PRECISIONS, STATEMENT_KINDS

from .common import BaseSchema, Choice, QuerySchema
from .events import EventSchema
from .statements import StatementSchema


class ExtractQuery(QuerySchema):
    commit = fields.Boolean(load_default=False, metadata={
        "description": "Save the confident proposals (needs scope `write`); "
                       "statements and meetings already recorded are skipped"})


class ExtractBody(BaseSchema):
    """The request body: empty, or `{}`. Proposals are made for the article as stored."""


class Output(Schema):
    class Meta:
        ordered = True


class GuessSchema(Output):
    id = fields.Integer(allow_none=True, metadata={
        "description": "The participant on file; null for a name not on file"})
    name = fields.String(metadata={"description": "The canonical name, or the name at its fullest in the article",
                                   "example": "عماد خميس"})
    confidence = fields.Float(metadata={"example": 0.95})


class ProposedStatementSchema(Output):
    speaker = fields.Nested(GuessSchema, metadata={"description": "The single best guess"})
    candidates = fields.List(fields.Nested(GuessSchema), metadata={"description": "Other possible speakers"})
    text = fields.String(metadata={"description": "The reported content, cut by docs/data-model.md's span rule",
                                   "example": "تعزيز التعاون الثنائي وتطوير العلاقات المشتركة"})
    start = fields.Integer(metadata={"description": "Offset of `text` in the article body"})
    end = fields.Integer()
    kind = Choice(STATEMENT_KINDS)
    cue = fields.String(allow_none=True, metadata={"example": "أكد"})
    attribution_text = fields.String(metadata={"example": "وأكد خميس"})
    attributed_via = fields.String(allow_none=True, metadata={"example": "وكالة «سانا»"})
    addressee = fields.Nested(GuessSchema, allow_none=True)
    event = fields.Integer(allow_none=True, metadata={"description": "Index in `events` of the meeting it was said at"})
    rule = fields.String(metadata={"description": "The rule that found it", "example": "verb-then-speaker"})


class MentionSchema(Output):
    text = fields.String(metadata={"example": "نائب الرئيس الإيراني"})
    start = fields.Integer()
    end = fields.Integer()
    via = fields.String(metadata={"description": "alias, short-alias, role (a title on the article's date) or name"})


class ProposedParticipantSchema(Output):
    id = fields.Integer(allow_none=True, metadata={"description": "null: not on file, proposed as a new participant"})
    name = fields.String(metadata={"description": "The canonical name, or for a new participant the fullest "
                                                  "name the article gives", "example": "أيمن الصفدي"})
    kind = fields.String(allow_none=True, metadata={
        "description": "For a new participant: person or organization; null when on file",
        "example": "person"})
    title = fields.String(allow_none=True, metadata={
        "description": "For a new participant: the title the article gives them", "example": "وزير الخارجية الأردني"})
    confidence = fields.Float()
    mentions = fields.List(fields.Nested(MentionSchema))


class ProposedEventParticipantSchema(Output):
    id = fields.Integer(allow_none=True)
    name = fields.String()
    side = fields.String(allow_none=True, metadata={"description": "host or guest, when the place says"})


class EvidenceSchema(Output):
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()


class ProposedEventSchema(Output):
    kind = Choice(EVENT_KINDS)
    participants = fields.List(fields.Nested(ProposedEventParticipantSchema))
    place = fields.String(allow_none=True, metadata={"example": "طهران"})
    country_code = fields.String(allow_none=True)
    date = fields.String(allow_none=True, metadata={"description": "The article's date, at its precision"})
    date_precision = Choice(PRECISIONS, allow_none=True)
    confidence = fields.Float()
    evidence = fields.List(fields.Nested(EvidenceSchema), metadata={"description": "The sentences that report it"})


class SkippedSchema(Output):
    statements = fields.Integer(metadata={"description": "Confident proposals already recorded"})
    events = fields.Integer()


class SavedSchema(Output):
    statements = fields.List(fields.Nested(StatementSchema))
    events = fields.List(fields.Nested(EventSchema))
    skipped = fields.Nested(SkippedSchema)


class ExtractionSchema(Output):
    statements = fields.List(fields.Nested(ProposedStatementSchema))
    participants = fields.List(fields.Nested(ProposedParticipantSchema))
    events = fields.List(fields.Nested(ProposedEventSchema))
    saved = fields.Nested(SavedSchema, metadata={"description": "Only with ?commit=true: the rows written"})
