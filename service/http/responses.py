"""JSON responses: a body, and an item's body with its ETag (and 304)."""
from flask import Response

from .etag import etag_for, not_modified
from .json import JSON_MEDIA_TYPE, encode_json, wants_pretty


def json_response(payload, status=200, headers=None):
    return json_body_response(encode_json(payload), status, headers)


def json_body_response(body, status=200, headers=None):
    """A response of JSON already encoded (encode_json's bytes)."""
    response = Response(body, status=status, mimetype=JSON_MEDIA_TYPE, headers=headers)
    response.content_type = JSON_MEDIA_TYPE
    return response


def item_response(row, item, status=200, headers=None, varied=False):
    """One record's representation, tagged by its version and row token (and by
    its body when `expand`, `fields` or `pretty` shaped it); a 304 when the client has it."""
    body = encode_json(item)
    etag = etag_for(row, body if varied or wants_pretty() else None)
    if status == 200 and not_modified(etag):
        return Response(status=304, headers={"ETag": etag})
    response = Response(body, status=status, mimetype=JSON_MEDIA_TYPE, headers=headers)
    response.content_type = JSON_MEDIA_TYPE
    response.headers["ETag"] = etag
    return response
