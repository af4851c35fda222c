"""Export and import of the whole dataset."""
from marshmallow import Schema, fields, validate

from service.records.dataset import BY_NAME

from .common import QuerySchema


class ExportQuery(QuerySchema):
    format = fields.String(load_default="ndjson", validate=validate.OneOf(["ndjson", "csv"]),
                           metadata={"description": "ndjson: every table, losslessly; csv: one table"})
    table = fields.String(load_default="statement", validate=validate.OneOf(sorted(BY_NAME)),
                          metadata={"description": "The table for format=csv"})
    bom = fields.Boolean(load_default=False, metadata={"description": "Start the CSV with a UTF-8 BOM (for spreadsheets)"})


class ImportResultSchema(Schema):
    """What POST /import answers once every line is in."""
    imported = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                           metadata={"description": "Rows added, by table (every table named, 0 for none)"})
