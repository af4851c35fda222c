"""Duplicate candidates: the query, the scored pairs with their reasons, and a dismissal."""
from marshmallow import Schema, fields, validate

from .common import Integer, QuerySchema, ResourceSchema
from .participants import ParticipantSchema

REASON_CODES = ("same_wikidata_id", "shared_name", "name_contained", "transliteration", "same_post",
                "met_each_other", "different_kind", "different_country")


class DuplicateQuery(QuerySchema):
    limit = Integer(strict=False, load_default=20, validate=validate.Range(1, 100),
                    metadata={"description": "Page size, 1 to 100"})
    cursor = fields.String(validate=validate.Length(max=2000),
                           metadata={"description": "The `next_cursor` of the previous page"})
    min_score = fields.Float(load_default=0.3, validate=validate.Range(0, 1), metadata={
        "description": "Only pairs scored at least this (0 to 1): 0 shows every pair that shares a name key"})


class ReasonSchema(Schema):
    class Meta:
        ordered = True

    code = fields.String(metadata={"description": "What the evidence is", "enum": list(REASON_CODES)})
    weight = fields.Float(metadata={
        "description": "Positive: how much it argues for one person (0 to 1, combined as independent "
                       "evidence); negative: the share of the score it takes away"})
    detail = fields.String(metadata={"description": "The evidence in words, naming the names, posts or events"})


class CandidateSchema(Schema):
    class Meta:
        ordered = True

    participant = fields.Nested(ParticipantSchema, metadata={
        "description": "The participant asked about (desk-wide: the lower id of the pair)"})
    candidate = fields.Nested(ParticipantSchema, metadata={"description": "The likely duplicate"})
    score = fields.Float(metadata={"description": "0 to 1, best first"})
    reasons = fields.List(fields.Nested(ReasonSchema))


class CandidatePage(Schema):
    class Meta:
        ordered = True

    items = fields.List(fields.Nested(CandidateSchema))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Opaque; null on the last page"})


class DismissalSchema(ResourceSchema):
    participant_id = fields.Integer(dump_only=True, metadata={"description": "The lower id of the pair"})
    other_id = fields.Integer(dump_only=True, metadata={"description": "The higher id of the pair"})
    names = fields.List(fields.String(allow_none=True), dump_only=True, metadata={
        "description": "The two participants' Arabic names, lower id first (null for one deleted since)"})
