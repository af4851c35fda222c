"""Response headers every answer carries: CORS for the dashboard's origin, and safety.

CORS is an allowlist (CORS_ORIGINS): an origin not on it gets no CORS
headers at all, so the browser refuses the response. Preflights are
answered here, before routing and auth, as the Fetch standard expects.
"""
from flask import Response, current_app, request

ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-ID"
EXPOSED_HEADERS = ("ETag, Link, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
                   "RateLimit-Reset, Idempotent-Replayed, X-Request-ID")
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
# The docs and the dashboard run their own scripts and styles, nothing from elsewhere.
PAGE_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")


def allowed_origin():
    origin = request.headers.get("Origin")
    return origin if origin and origin in current_app.config["CORS_ORIGINS"] else None


def init_app(app):
    @app.before_request
    def answer_preflight():
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = Response(status=204)
            origin = allowed_origin()
            if origin:
                response.headers.update({
                    "Access-Control-Allow-Origin": origin,
                    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
                    "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                    "Access-Control-Max-Age": "600",
                    "Vary": "Origin",
                })
            return response

    @app.after_request
    def add_headers(response):
        origin = allowed_origin()
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
            response.vary.add("Origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        is_page = response.mimetype == "text/html"
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY if is_page else API_POLICY)
        return response
