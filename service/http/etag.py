"""Strong ETags from row versions, and the conditional requests they allow.

The tag is the row's version ("v3"): the write path bumps it on every
change, so it is cheap and never stale. A representation shaped by
`expand` or `fields` also depends on other rows, so its tag adds a hash of
the body ("v3+1a2b…"); either form names the version for If-Match.
"""
import hashlib
import re

from flask import request

from .errors import ApiError

# A version fits a 64-bit column: at most 19 digits (a longer run names no
# version, and int() of thousands of digits would raise).
_TAG = re.compile(r'^"v(\d{1,19})(?:\+[0-9a-f]+)?"$')


def etag_for(version, body=None):
    if body is None:
        return f'"v{version}"'
    return f'"v{version}+{hashlib.sha1(body).hexdigest()[:12]}"'


def _listed(header):
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def check_if_match(version):
    """Refuse a write whose If-Match names another version (RFC 9110 §13.1.1)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return
    for tag in _listed(header):
        match = _TAG.match(tag)  # a weak tag never matches: If-Match compares strongly
        if match and int(match.group(1)) == version:
            return
    raise ApiError(412, f"If-Match does not name the current version (v{version}); "
                        "fetch the resource again and retry.", kind="stale-version",
                   current_etag=etag_for(version))


def not_modified(etag):
    """True when If-None-Match already names this representation (RFC 9110 §13.1.2)."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    if header.strip() == "*":
        return True
    # If-None-Match compares weakly: W/"v3" matches "v3".
    return any(tag.removeprefix("W/") == etag for tag in _listed(header))
