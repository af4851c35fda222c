"""The revision log as a collection: every change, in commit order."""
from marshmallow import Schema, fields, validate

from .common import QuerySchema, RevisionSchema, ValueFilter

RESOURCE_NAMES = ("country", "outlet", "topic", "article", "participant", "role", "event", "statement", "dismissal")


class RevisionQuery(QuerySchema):
    resource = ValueFilter(fields.String(validate=validate.OneOf(RESOURCE_NAMES)),
                           "Changes of these kinds of record")
    id = ValueFilter(fields.String(validate=validate.Length(1, 50)),
                     "Changes of the records with these ids (with `resource`)")
    limit = fields.Integer(strict=False, load_default=50, validate=validate.Range(1, 500),
                           metadata={"description": "Page size, 1 to 500"})
    cursor = fields.String(validate=validate.Length(max=2000),
                           metadata={"description": "The `next_cursor` of the previous page"})


class RevisionLogPage(Schema):
    items = fields.List(fields.Nested(RevisionSchema))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Opaque; null on the last page"})
