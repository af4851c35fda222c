"""MAX_BODY_BYTES on every request, however its body is framed.

A body with a Content-Length past the limit is refused before any route
runs. A chunked body (no Content-Length) is read here, before the app, into
a spooled file (memory up to SPOOL_IN_MEMORY, then a temporary file), at most
one byte past the limit: past it the request is a 413, within it the route
gets the whole body with its real Content-Length. Werkzeug alone would stop
reading a chunked body at the limit and hand the route its first part as if
it were all (an import would commit the part, a JSON route call it malformed).
"""
import tempfile

from flask import current_app, request
from werkzeug.wsgi import ClosingIterator

from .errors import ApiError

BLOCK = 64 * 1024
SPOOL_IN_MEMORY = 1024 * 1024
OVER_LIMIT = "service.body_over_limit"
UNREADABLE = "service.body_unreadable"


def is_chunked(environ):
    return "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()


class ChunkedBodyLimit:
    """WSGI middleware: a chunked body becomes a body of known length, or a flag that it is too long."""

    def __init__(self, wsgi_app, limit_of):
        self.wsgi_app = wsgi_app
        self.limit_of = limit_of  # a function: the limit is read per request, as tests change it

    def __call__(self, environ, start_response):
        if not is_chunked(environ):
            return self.wsgi_app(environ, start_response)
        spool = self.spool(environ, self.limit_of())
        try:
            result = self.wsgi_app(environ, start_response)
        except BaseException:
            spool.close()
            raise
        return ClosingIterator(result, [spool.close])

    @staticmethod
    def spool(environ, limit):
        stream = environ["wsgi.input"]
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
        size = 0
        try:
            while size <= limit:
                block = stream.read(min(BLOCK, limit + 1 - size))
                if not block:
                    break
                spool.write(block)
                size += len(block)
        except OSError:  # the client went away mid-body (gunicorn's NoMoreData is one)
            environ[UNREADABLE] = True
        if size > limit:
            environ[OVER_LIMIT] = True
            spool.seek(0)
            spool.truncate()
            size = 0
        spool.seek(0)
        environ["wsgi.input"] = spool
        environ["CONTENT_LENGTH"] = str(size)
        del environ["HTTP_TRANSFER_ENCODING"]
        return spool


def refuse_a_body_past_the_limit():
    limit = current_app.config["MAX_BODY_BYTES"]
    if request.environ.get(OVER_LIMIT) or (request.content_length or 0) > limit:
        raise ApiError(413, f"The body is larger than this service takes ({limit} bytes, MAX_BODY_BYTES).")
    if request.environ.get(UNREADABLE):
        raise ApiError(400, "The body could not be read to its end.")


def init_app(app):
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, lambda: app.config["MAX_BODY_BYTES"])
    app.before_request(refuse_a_body_past_the_limit)
