"""Search and statistics: parameters and response shapes."""
from marshmallow import Schema, fields, validate

from service.search import KINDS

from .common import CommaList, Integer, QuerySchema


class SearchQuery(QuerySchema):
    q = fields.String(required=True, validate=validate.Length(1, 500), metadata={
        "description": 'Words (all must match), "a phrase", OR, and -exclusions; Arabic-normalized',
        "example": "الاسد"})
    type = CommaList(fields.String(validate=validate.OneOf(KINDS)), load_default=list(KINDS),
                         validate=validate.Length(1, len(KINDS)),
                         metadata={"description": "Kinds of record to search, comma-separated (or the parameter repeated)"})
    limit = Integer(load_default=20, validate=validate.Range(1, 100))
    cursor = fields.String(validate=validate.Length(max=500))


class SearchHitSchema(Schema):
    type = fields.String(metadata={"example": "statement"})
    id = fields.Integer()
    score = fields.Float(metadata={"description": "Relevance (bm25 on SQLite, ts_rank on PostgreSQL)"})
    snippet = fields.String(metadata={"description": "The original text, HTML-escaped, matches in <mark>"})
    object = fields.Dict(metadata={"description": "The record as its own endpoint returns it"})


class SearchPageSchema(Schema):
    items = fields.List(fields.Nested(SearchHitSchema))
    next_cursor = fields.String(allow_none=True)
