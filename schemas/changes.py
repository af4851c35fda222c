"""The change feed: the revision log followed by a cursor."""
from marshmallow import Schema, fields, validate

from .common import Integer, QuerySchema, ValueFilter
from .revisions import RESOURCE_NAMES

MAX_WAIT_SECONDS = 30


class ChangeQuery(QuerySchema):
    since = fields.String(validate=validate.Length(1, 2000), metadata={
        "description": "Where to start: the `next_cursor` of the previous page, or `now` for only "
                       "changes yet to come; absent, the first change ever recorded"})
    resource = ValueFilter(fields.String(validate=validate.OneOf(RESOURCE_NAMES)),
                           "Changes of these kinds of record only")
    limit = Integer(strict=False, load_default=50, validate=validate.Range(1, 500),
                    metadata={"description": "Page size, 1 to 500"})
    wait = Integer(strict=False, load_default=0, validate=validate.Range(0, MAX_WAIT_SECONDS), metadata={
        "description": "Long poll: when there is no change yet, wait up to this many seconds (0 to 30) "
                       "and answer as soon as one is committed. A worker lets only a few requests wait at "
                       "once; another one is answered at once with an empty page and `Retry-After`"})


class ChangeSchema(Schema):
    revision = fields.Integer(metadata={"description": "The change's place in the log: increases in commit order"})
    resource = fields.String(metadata={"description": "The kind of record: statement, participant, role…"})
    id = fields.Raw(metadata={"description": "The record's id: an integer, or a country's code as text"})
    version = fields.Integer(allow_none=True, metadata={"description": "The record's version after the change"})
    action = fields.String(metadata={"description": "create, update, delete, import, or the action of a merge"})
    at = fields.String(metadata={"description": "When it was committed (RFC 3339)"})
    api_key = fields.String(allow_none=True, metadata={
        "description": "The name of the key that made it; shown to a request with an admin key only"})
    representation = fields.Dict(allow_none=True, metadata={
        "description": "The record as GET answers it after the change; null for a delete"})


class ChangePage(Schema):
    items = fields.List(fields.Nested(ChangeSchema))
    next_cursor = fields.String(metadata={
        "description": "Where the next page starts (`since`); never null: a feed has no last page, "
                       "a follower keeps it and asks again"})
