"""Strong ETags from row versions, and the conditional requests they allow.

The tag is the row's version and its row token ("v3.9f2c41d0"): the write
path bumps the version on every change, so the tag is cheap and never
stale, and the token, drawn when the row is inserted, tells apart two rows
that held the same URL one after the other (a deleted country's code chosen
again, an id SQLite hands back to the next insert), whose versions both
start at 1. A representation shaped by `expand` or `fields` also depends on
other rows, so its tag adds a hash of the body ("v3.9f2c41d0+1a2b…"); either
form names the row and its version for If-Match.

Every other JSON or YAML answer to a GET (a list page, a search, stats, the
spec) gets a weak tag, a hash of its body, and a 304 when If-None-Match
already names it: a polling dashboard revalidates instead of downloading
the page again. The query still runs; the bytes are what is saved.
"""
import hashlib
import re

from flask import Response, request

from .errors import ApiError

# A version fits a 64-bit column: at most 19 digits (a longer run names no
# version, and int() of thousands of digits would raise).
_TAG = re.compile(r'^"v(\d{1,19})\.([0-9a-f]{1,8})(?:\+[0-9a-f]+)?"$')
# The token of a row stored before rows had one (migrations.add_row_tokens).
NO_TOKEN = "0"


def _token(row):
    return row.row_token or NO_TOKEN


def etag_for(row, body=None):
    """The strong tag of `row`'s representation (of `body` too when a query shaped it)."""
    tag = f"v{row.version}.{_token(row)}"
    if body is None:
        return f'"{tag}"'
    return f'"{tag}+{hashlib.sha1(body).hexdigest()[:12]}"'


def _listed(header):
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def check_if_match(row):
    """Refuse a write whose If-Match names another version or another row (RFC 9110 §13.1.1)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return
    for tag in _listed(header):
        match = _TAG.match(tag)  # a weak tag never matches: If-Match compares strongly
        if match and int(match.group(1)) == row.version and match.group(2) == _token(row):
            return
    raise ApiError(412, f"If-Match does not name the current version (v{row.version}); "
                        "fetch the resource again and retry.", kind="stale-version",
                   current_etag=etag_for(row))


def not_modified(etag):
    """True when If-None-Match already names this representation (RFC 9110 §13.1.2)."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    if header.strip() == "*":
        return True
    # If-None-Match compares weakly: W/"v3" matches "v3".
    return any(tag.removeprefix("W/") == etag.removeprefix("W/") for tag in _listed(header))


VALIDATED = {"application/json", "application/yaml"}


def weak_etag_for(body):
    return f'W/"{hashlib.sha1(body).hexdigest()[:20]}"'


def add_validator(response):
    """A weak ETag (and `Cache-Control: no-cache` unless the route chose one) on a GET's
    JSON answer that has no tag of its own; a 304 when the client has it already."""
    if (request.method not in ("GET", "HEAD") or response.status_code != 200 or response.is_streamed
            or "ETag" in response.headers or response.mimetype not in VALIDATED):
        return response
    etag = weak_etag_for(response.get_data())
    response.headers.setdefault("Cache-Control", "no-cache")
    if not_modified(etag):
        unchanged = Response(status=304, headers={"ETag": etag, "Cache-Control": response.headers["Cache-Control"]})
        unchanged.vary.update(response.vary)
        unchanged.vary.add("Accept-Encoding")  # as the 200 says it (compression.py)
        return unchanged
    response.headers["ETag"] = etag
    return response


def init_app(app):
    app.after_request(add_validator)
