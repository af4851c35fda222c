"""JSON as the contract wants it: real UTF-8, never \\u0627 escapes."""
import datetime
import json
import re

from flask import has_request_context, request
from flask.json.provider import DefaultJSONProvider

JSON_MEDIA_TYPE = "application/json; charset=utf-8"
# Unpaired UTF-16 surrogates: JSON can spell them ("\ud800"), UTF-8 cannot encode them.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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
    text = json.dumps(payload, ensure_ascii=False, indent=indent, default=ArabicJSONProvider.default) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Only an echo of bad input gets here (a field name in a 422 that holds
        # a lone surrogate): U+FFFD in its place keeps the answer valid UTF-8 JSON.
        return LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def loads(text):
    """JSON as RFC 8259 has it, or ValueError: no NaN or Infinity, and a
    document Python cannot hold (nesting past the recursion limit, an
    integer of more than 4,300 digits) is malformed, not a crash."""
    def constant(name):
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(text, parse_constant=constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None
