"""gzip for JSON, NDJSON and CSV answers, when the client accepts it.

A 500-row list with expansions is ~25 times smaller gzipped. A stream stays
a stream: its chunks are compressed as they come, flushed every FLUSH_EVERY
bytes of input so a reader sees rows early, never gathered into one body.
An answer with a strong ETag is sent as it is: that tag names its bytes for
If-Match, and a gzipped body would need a tag of its own (RFC 9110 §8.8.3).
Those are single records, small; lists carry weak validators (etag.py).
"""
import gzip
import zlib

from flask import request

COMPRESSIBLE = {"application/json", "application/problem+json", "application/x-ndjson", "text/csv",
                "application/yaml"}
MIN_SIZE = 1024      # a smaller body gains nothing worth the CPU
LEVEL = 6
FLUSH_EVERY = 64 * 1024


def _accepts_gzip():
    return request.accept_encodings.quality("gzip") > 0


def _strong_etag(response):
    etag = response.headers.get("ETag")
    return etag is not None and not etag.startswith("W/")


def gzip_stream(chunks):
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # 16+: a gzip wrapper
    pending = 0
    for chunk in chunks:
        pending += len(chunk)
        data = compressor.compress(chunk)
        if pending >= FLUSH_EVERY:
            data += compressor.flush(zlib.Z_SYNC_FLUSH)
            pending = 0
        if data:
            yield data
    yield compressor.flush()


def compress(response):
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (response.status_code != 200 or "Content-Encoding" in response.headers or _strong_etag(response)
            or not _accepts_gzip()):
        return response
    if response.is_streamed:
        response.response = gzip_stream(response.iter_encoded())
        response.headers.pop("Content-Length", None)
    else:
        body = response.get_data()
        if len(body) < MIN_SIZE:
            return response
        response.set_data(gzip.compress(body, LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_app(app):
    app.after_request(compress)
