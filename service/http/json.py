"""JSON as the contract wants it: real UTF-8, never \\u0627 escapes."""
import datetime
import json

from flask import has_request_context, request
from flask.json.provider import DefaultJSONProvider

JSON_MEDIA_TYPE = "application/json; charset=utf-8"


class ArabicJSONProvider(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False
    mimetype = JSON_MEDIA_TYPE

    @staticmethod
    def default(value):
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        return DefaultJSONProvider.default(value)


def wants_pretty():
    return has_request_context() and request.args.get("pretty", "").lower() in ("1", "true", "yes")


def encode_json(payload):
    """UTF-8 JSON, indented on ?pretty=1, always ending in a newline (for terminals)."""
    indent = 2 if wants_pretty() else None
    return (json.dumps(payload, ensure_ascii=False, indent=indent, default=ArabicJSONProvider.default)
            + "\n").encode("utf-8")
