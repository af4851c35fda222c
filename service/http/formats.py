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


def _cell(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "" if value is None else value


def csv_stream(items, columns=None, bom=False):
    """CSV lines of dicts; columns from the first item unless given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        yield "\ufeff"
    for number, item in enumerate(items):
        if number == 0:
            columns = columns or list(item)
            writer.writerow(columns)
        writer.writerow([_cell(item.get(column)) for column in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def ndjson_stream(items):
    for item in items:
        yield json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"


def streamed(format, items, bom=False, filename="items"):
    if format == "csv":
        return Response(stream_with_context(csv_stream(items, bom=bom)), mimetype=CSV,
                        headers={"Content-Disposition": f'inline; filename="{filename}.csv"'})
    return Response(stream_with_context(ndjson_stream(items)), mimetype=NDJSON)
