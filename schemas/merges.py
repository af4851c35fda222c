"""Merging a duplicate participant into its survivor, and undoing it."""
from marshmallow import Schema, fields

from .common import BaseSchema, Id
from .participants import ParticipantSchema


class MergeSchema(BaseSchema):
    survivor_id = Id(required=True, metadata={
        "description": "The participant that stays; if it was merged itself, its own survivor", "example": 4})


class MergeResultSchema(Schema):
    merged = fields.Nested(ParticipantSchema, metadata={
        "description": "The participant merged away (after a merge: with `merged_into_id`)"})
    survivor = fields.Nested(ParticipantSchema, metadata={"description": "The participant it was merged into"})
    moved = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "How many of each kind of row moved (or came back, after an unmerge)"})
