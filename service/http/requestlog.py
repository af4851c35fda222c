"""Request ids, trace context and structured JSON logs.

Every request has an id: the caller's X-Request-ID when it is a sane token,
else a fresh one. It is echoed in the response, written in every log line
of the request, and put in problem+json `instance`, so a journalist's error
report leads straight to the log line. A W3C `traceparent` is passed
through (logged and echoed) for callers that trace. API keys are logged by
name only, never as sent.
"""
import json
import logging
import re
import sys
import time
import uuid

from flask import g, request
from flask.logging import default_handler

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
access_log = logging.getLogger("service.access")


def request_id():
    return getattr(g, "request_id", None)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log shippers and `jq` read."""

    def format(self, record):
        entry = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
                 "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestContext(logging.Filter):
    def filter(self, record):
        try:
            rid = request_id()
        except RuntimeError:  # outside a request
            rid = None
        if rid:
            record.fields = {"request_id": rid, **getattr(record, "fields", {})}
        return True


def configure_logging():
    """JSON lines on stderr for the service's loggers (gunicorn's stay as they are)."""
    root = logging.getLogger("service")
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContext())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False


def init_app(app):
    # app.logger is the logger named after the package, "service" itself: the
    # one configure_logging() gives its JSON handler. Flask gives it a plain
    # text handler of its own when it has none; that one goes, the JSON one stays.
    app.logger.removeHandler(default_handler)
    configure_logging()

    @app.before_request
    def identify():
        g.started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        parent = request.headers.get("traceparent", "")
        g.traceparent = parent if TRACEPARENT.match(parent) else None

    @app.after_request
    def log_and_echo(response):
        rid = request_id()
        if rid is None:  # failed before identify(): e.g. a preflight answered early
            return response
        response.headers["X-Request-ID"] = rid
        if g.traceparent:
            response.headers["traceparent"] = g.traceparent
        key = getattr(g, "api_key", None)
        access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={"fields": {
            "method": request.method, "path": request.path, "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.started) * 1000, 2),
            "remote": request.remote_addr, "api_key": key.name if key else None,
            "traceparent": g.traceparent,
            # A streamed body's length is known only once sent; measuring it
            # here would read the whole stream into memory (and raise its errors here).
            "bytes": None if response.is_streamed else response.calculate_content_length()}})
        return response
