"""GET /api/v1/export and POST /api/v1/import: the whole dataset out and in."""
from http import HTTPStatus

from flask import Response, request, stream_with_context

from schemas.dataset import ExportQuery, ImportResultSchema

from ..http.auth import requires
from ..http.blueprint import STREAMED_CONTENT, ApiBlueprint, require_media_type
from ..http.errors import ApiError
from ..http.formats import CSV, NDJSON, csv_stream
from ..http.responses import json_response
from ..records.dataset import (
    BY_NAME,
    UNSTORABLE,
    DatasetError,
    dataset_fields,
    dataset_rows,
    export_lines,
    import_lines,
    jsonable,
)

OCTETS = "application/octet-stream"
DUMP_SCHEMA = {"type": "string", "description": "NDJSON as `GET /export` writes it: one "
               '`{"type": table, "row": {...}}` object per line, every reference pointing backwards'}

blp = ApiBlueprint("dataset", __name__, url_prefix="/api/v1",
                   description="The whole dataset as NDJSON (lossless), or a table as CSV")


def csv_lines(table, bom):
    """A generator, so the query runs while the body streams (inside the
    request's database connection), not before the response is returned."""
    model = BY_NAME[table]
    names = [field.name for field in dataset_fields(model)]
    yield from csv_stream(({name: jsonable(row[name]) for name in names} for row in dataset_rows(model)),
                          names, bom)


@blp.get("/export", operation_id="exportDataset")
@blp.query(ExportQuery)
@blp.response(200)
@blp.doc(responses={200: {"content": STREAMED_CONTENT}})
@blp.alt_response(400, response="BAD_REQUEST")
def export_dataset(args):
    """Stream the dataset: every table as NDJSON, or one table as CSV

    NDJSON is the dump `POST /import` reads back (tables in dependency order, a `meta` line
    first); CSV is one `table`, formula-like cells neutralized. Streamed, gzipped when accepted.
    """
    if args["format"] == "csv":
        return Response(stream_with_context(csv_lines(args["table"], args["bom"])),
                        mimetype=CSV, headers={"Content-Disposition": f'attachment; filename="{args["table"]}.csv"'})
    return Response(stream_with_context(export_lines()), mimetype=NDJSON)


@blp.post("/import", operation_id="importDataset")
@requires("admin")
@blp.doc(requestBody={"required": True, "content": {
    NDJSON: {"schema": DUMP_SCHEMA},
    # What a generated client sends a body of bytes as: openapi-python-client
    # (tests/e2e/test_generated_client.py) passes over the NDJSON media type it
    # does not know, and makes a `File` body of this one for `format: binary`.
    OCTETS: {"schema": {**DUMP_SCHEMA, "format": "binary", "contentMediaType": NDJSON}}}})
@blp.response(200, ImportResultSchema)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(413, response=HTTPStatus(413).name)  # REQUEST_ENTITY_TOO_LARGE before Python 3.13
@blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def import_dataset():
    """Import an NDJSON dump (as exported) atomically; every bad line is reported by number

    Needs a key with scope `admin`. The body is NDJSON (`application/x-ndjson`, `application/jsonl`,
    or `application/octet-stream` as generated clients send bytes); all of it is imported in one
    transaction or none of it, and a body past MAX_BODY_BYTES is a 413 however it is framed.
    """
    require_media_type((NDJSON, "application/jsonl", OCTETS))
    try:
        text = request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "The dump is not UTF-8.") from None
    try:
        # Lines end at "\n" only: str.splitlines() would also cut at U+2028
        # or U+0085, which a JSON string may hold unescaped (export writes them).
        added = import_lines(text.split("\n"))
    except DatasetError as error:
        raise ApiError(422, "Nothing was imported: " + ", ".join(list(error.errors)[:5]),
                       kind="invalid-body", errors=error.errors) from None
    except UNSTORABLE as error:
        # A value the line checks let through but the engine refused: the
        # transaction is rolled back, so nothing was written.
        raise ApiError(422, f"Nothing was imported: a value cannot be stored ({type(error).__name__}).",
                       kind="invalid-body") from None
    return json_response({"imported": added})


