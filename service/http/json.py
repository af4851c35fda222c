"""JSON as the contract wants it: real UTF-8, never \\u0627 escapes."""
import datetime

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
