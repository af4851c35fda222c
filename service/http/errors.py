"""RFC 9457 problem details: the one shape of every error the service sends.

Werkzeug's HTTP exceptions, webargs' parse errors, marshmallow validation
errors raised in the write path and database integrity errors all end here,
so no route ever builds an error body itself.
"""
import logging

import peewee
from flask import Response, has_request_context, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..errors import Conflict, DomainError, InvalidQuery, InvalidRecord, NotFound, OverBudget, StillReferenced
from .json import encode_json
from .requestlog import request_id

PROBLEM_MEDIA_TYPE = "application/problem+json; charset=utf-8"
log = logging.getLogger("service.errors")

# A short, stable `type` per kind of problem, so a client can branch on it
# without parsing `detail`. Anything else is plain "about:blank" (RFC 9457 §4.2.1).
PROBLEM_TYPES = {
    "invalid-parameter": "Invalid query parameter",
    "invalid-body": "Invalid request body",
    "conflict": "Conflict",
    "referenced": "Still referenced",
    "stale-version": "Precondition failed",
    "over-budget": "Over the work budget",
}

# The status of each domain error (service/errors.py).
DOMAIN_STATUS = {
    NotFound: 404,
    InvalidRecord: 422,
    Conflict: 409,
    StillReferenced: 409,
    InvalidQuery: 400,
    OverBudget: 422,
}


class ApiError(Exception):
    """An error a route or the write path raises; rendered as problem+json."""

    def __init__(self, status, detail, *, kind=None, errors=None, headers=None, **extra):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra


def problem(status, *, detail=None, kind=None, title=None, errors=None, headers=None, **extra):
    body = {
        "type": f"/problems/{kind}" if kind else "about:blank",
        "title": title or PROBLEM_TYPES.get(kind) or _phrase(status),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    if has_request_context() and request_id():
        body["instance"] = f"urn:request:{request_id()}"  # the X-Request-ID of the log lines
    response = Response(encode_json(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    response.content_type = PROBLEM_MEDIA_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _phrase(status):
    from http import HTTPStatus

    return HTTPStatus(status).phrase


def _flatten(messages):
    """webargs nests errors by location ({"query": {...}}); clients want fields."""
    if isinstance(messages, dict) and set(messages) <= {"query", "json", "headers", "path", "form"}:
        flat = {}
        for per_location in messages.values():
            if isinstance(per_location, dict):
                flat.update(per_location)
            else:
                flat.setdefault("_schema", []).extend(per_location)
        return flat
    return messages


def _describe(errors, what):
    names = ", ".join(sorted(str(name) for name in errors)) if isinstance(errors, dict) else ""
    return f"{what}: {names}" if names else what


def handle_http_exception(error):
    data = getattr(error, "data", None) or {}
    errors = _flatten(data.get("errors") or data.get("messages"))
    headers = dict(data.get("headers") or {})
    if error.code == 405:
        allow = error.get_response().headers.get("Allow")
        if allow:
            headers["Allow"] = allow
    if errors and error.code == 400:
        if "_schema" in errors and len(errors) == 1 and "json" in (data.get("messages") or {}):
            return problem(400, kind="invalid-body", detail="The body is not valid JSON.")
        return problem(400, kind="invalid-parameter", errors=errors,
                       detail=_describe(errors, "Invalid query parameters"), headers=headers)
    if errors and error.code == 422:
        return problem(422, kind="invalid-body", errors=errors,
                       detail=_describe(errors, "Invalid fields in the body"), headers=headers)
    detail = data.get("message") or error.description
    return problem(error.code, detail=detail, headers=headers)


def handle_api_error(error):
    return problem(error.status, detail=error.detail, kind=error.kind, errors=error.errors,
                   headers=error.headers, **error.extra)


def handle_domain_error(error):
    status = next(code for kind, code in DOMAIN_STATUS.items() if isinstance(error, kind))
    return problem(status, detail=error.detail, kind=error.kind, errors=error.errors, **error.extra)


def handle_validation_error(error):
    errors = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    return problem(422, kind="invalid-body", errors=errors,
                   detail=_describe(errors, "Invalid fields in the body"))


def handle_integrity_error(error):
    # The write path checks unique keys and references first and names them;
    # this catches what a concurrent writer slipped in between check and write.
    log.warning("integrity error: %s", error)
    return problem(409, kind="conflict",
                   detail="The write conflicts with stored data (a unique key or a reference).")


def handle_unexpected(error):
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, detail="An unexpected error occurred; it has been logged.")


# Operational errors that mean "the database cannot serve now" (a lost
# connection, a lock held past busy_timeout); any other is a bug: a 500.
UNAVAILABLE = ("locked", "busy", "unable to open", "connection", "server closed",
               "could not connect", "terminating", "timeout", "the database system is")


def handle_operational_error(error):
    if not any(sign in str(error).lower() for sign in UNAVAILABLE):
        return handle_unexpected(error)
    log.error("database unavailable: %s", error)
    return problem(503, detail="The database is unavailable; retry shortly.",
                   headers={"Retry-After": "1"})


def init_app(app):
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(ValidationError, handle_validation_error)
    app.register_error_handler(peewee.IntegrityError, handle_integrity_error)
    app.register_error_handler(peewee.OperationalError, handle_operational_error)
    app.register_error_handler(peewee.InterfaceError, handle_operational_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
