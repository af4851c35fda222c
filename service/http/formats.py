"""Lists in the formats their readers want: a JSON page, or every row as CSV or NDJSON.

A spreadsheet user asks for CSV (with a BOM, so Excel reads the Arabic as
UTF-8); a pipeline asks for NDJSON. Both stream: rows are written as they
are read, page by page, so a large export never sits in memory.
"""
import csv
import io
import json

from flask import Response, request, stream_with_context

CSV = "text/csv"
NDJSON = "application/x-ndjson"


def requested_format(args):
    """?format= wins; else the Accept header; else JSON."""
    if args.get("format"):
        return args["format"]
    best = request.accept_mimetypes.best_match(["application/json", CSV, NDJSON], default="application/json")
    return {CSV: "csv", NDJSON: "ndjson"}.get(best, "json")


# A cell a spreadsheet would run as a formula (OWASP's list): written with a
# leading apostrophe, which spreadsheets show as text. Strings only: the
# number -180 stays a number. CSV only: JSON and NDJSON carry values as stored.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def schema_columns(schema):
    """The names a marshmallow schema (instance) dumps, in order: an expansion's CSV columns."""
    return [field.data_key or name for name, field in schema.fields.items() if not field.load_only]


def _header(columns, expanded):
    """Each column, an expanded one spread into `name.field` columns."""
    header = []
    for column in columns:
        if column in expanded:
            header.extend((column, sub) for sub in expanded[column])
        else:
            header.append((column, None))
    return header


def _cells(item, header):
    for column, sub in header:
        value = item.get(column)
        if sub is not None:
            value = value.get(sub) if isinstance(value, dict) else None
        yield _cell(value)


def csv_stream(items, columns=None, bom=False, expanded=None):
    """CSV lines of dicts; columns from the first item unless given.

    `expanded` maps a column holding a related object (`?expand=speaker`)
    to that object's fields: the CSV has `speaker.name_ar`… columns rather
    than a JSON blob, the same in every row whether or not it has one.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    expanded = expanded or {}
    if bom:
        yield "\ufeff"
    header = None

    def write_header():
        writer.writerow([column if sub is None else f"{column}.{sub}" for column, sub in header])

    if columns is not None:
        header = _header(columns, expanded)
        write_header()
    for item in items:
        if header is None:
            header = _header(list(item), expanded)
            write_header()
        writer.writerow(list(_cells(item, header)))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the header of a list with no rows


def ndjson_stream(items):
    for item in items:
        yield json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"


def streamed(format, items, bom=False, filename="items", expanded=None):
    if format == "csv":
        return Response(stream_with_context(csv_stream(items, bom=bom, expanded=expanded)), mimetype=CSV,
                        headers={"Content-Disposition": f'inline; filename="{filename}.csv"'})
    return Response(stream_with_context(ndjson_stream(items)), mimetype=NDJSON)
