"""Idempotency-Key on POST (Stripe's semantics; IETF draft-ietf-httpapi-idempotency-key-header).

A client that retries a POST after a timeout must not create the record
twice. The first response to a key is stored in the same transaction as
the write it describes, so a stored response always means the write
happened and a missing one means it did not. A replay of the same request
gets that response again, marked `Idempotent-Replayed: true`; the same key
with another request is a 422; a replay racing the first request waits for
it (SQLite serializes writers) or gets a 409 (PostgreSQL's unique index).
Keys belong to the API key that sent them and are kept for 24 hours.
"""
import datetime
import functools
import hashlib
import json

import peewee
from flask import Response, g, request

from ..db import write_transaction
from ..models import IdempotencyRecord, utcnow
from .errors import ApiError

HEADER = "Idempotency-Key"
KEEP = datetime.timedelta(hours=24)
REPLAYED_HEADERS = ("Content-Type", "Location", "ETag")


def request_digest():
    """A hash of what makes two requests the same request: method, path, query, body."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string, request.get_data()):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def replay(record):
    response = Response(record.body, status=record.status, headers=json.loads(record.headers))
    response.headers["Idempotent-Replayed"] = "true"
    return response


def idempotent(view):
    """Make a POST view replay-safe under an Idempotency-Key (after auth)."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not 1 <= len(key) <= 255:
            raise ApiError(400, f"{HEADER} must be 1 to 255 characters.")
        owner = g.api_key.name
        digest = request_digest()
        with write_transaction():
            IdempotencyRecord.delete().where(IdempotencyRecord.created_at < utcnow() - KEEP).execute()
            record = IdempotencyRecord.get_or_none(owner=owner, key=key)
            if record is not None:
                if record.request_digest != digest:
                    raise ApiError(422, f"This {HEADER} was used for a different request; "
                                        "use a new key for a new request.", kind="invalid-body")
                return replay(record)
            response = view(*args, **kwargs)
            if response.status_code < 500:
                try:
                    with write_transaction():  # a savepoint: its failure leaves the write alone
                        IdempotencyRecord.create(
                            owner=owner, key=key, request_digest=digest,
                            status=response.status_code, body=response.get_data(as_text=True),
                            headers=json.dumps({name: response.headers[name]
                                                for name in REPLAYED_HEADERS if name in response.headers}))
                except peewee.IntegrityError:
                    raise ApiError(409, f"A request with this {HEADER} is still in progress.",
                                   kind="conflict") from None
            return response
    return wrapper
