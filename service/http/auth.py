"""API keys and scopes.

A key is shown once, when created; the database keeps only its SHA-256.
Keys are 256-bit random tokens, so a fast hash is enough (slow hashes are
for guessable passwords), and a stolen database yields no usable key.
"""
import functools
import hashlib
import hmac
import secrets

from flask import current_app, g, request
from flask_smorest import Blueprint

from ..models import ApiKey, utcnow
from ..records import revisions
from .errors import ApiError

SCOPE_RANK = {"read": 1, "write": 2, "admin": 3}
# The API proper: where reads may need a key, and requests are rate limited
# (ratelimit.py); probes, the spec and the pages are outside it.
API_PREFIX = "/api/"
KEY_PREFIX = "sdk_"


def hash_secret(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_key(name, scope):
    """Store a new key and return its secret, which is never shown again."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    ApiKey.create(name=name, scope=scope, prefix=secret[:12], secret_hash=hash_secret(secret))
    return secret


def revoke_key(name):
    """Revoke a key at once; returns False when no live key has that name."""
    return ApiKey.update(revoked_at=utcnow()).where(
        (ApiKey.name == name) & ApiKey.revoked_at.is_null()).execute() > 0


def _unauthorized(detail):
    return ApiError(401, detail, headers={"WWW-Authenticate": 'Bearer realm="api"'})


def _secret_in(header):
    """The secret of `Bearer <secret>` (the scheme in any case, any spaces), or None."""
    parts = header.split(None, 1)
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return None
    return parts[1].strip() or None


def presented_key():
    """The live key the request's Authorization names, else None (absent,
    malformed, unknown or revoked); looked up once a request."""
    if "presented_key" not in g:
        header = request.headers.get("Authorization")
        secret = _secret_in(header) if header is not None else None
        key = None
        if secret is not None:
            presented = hash_secret(secret)
            key = ApiKey.get_or_none(ApiKey.secret_hash == presented)
            if key is not None and (key.revoked_at is not None
                                    or not hmac.compare_digest(key.secret_hash, presented)):
                key = None
        g.presented_key = key
    return g.presented_key


def authenticate():
    """The key the request presents, or None without one; 401 for a bad one."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    if _secret_in(header) is None:
        raise _unauthorized("Use 'Authorization: Bearer <api key>'.")
    key = presented_key()
    if key is None:
        raise _unauthorized("The API key is unknown or revoked.")
    return key


def require_scope(scope):
    key = authenticate()
    if key is None:
        raise _unauthorized(f"This request needs an API key with scope '{scope}'.")
    if SCOPE_RANK[key.scope] < SCOPE_RANK[scope]:
        raise ApiError(403, f"The API key '{key.name}' has scope '{key.scope}'; "
                            f"this request needs '{scope}'.")
    g.api_key = key
    revisions.actor.set(key.name)  # the name the request's revisions record
    return key


def presents_admin_key():
    """Whether the request carries a valid key with scope admin (who may see key names)."""
    key = g.get("api_key") or authenticate()
    return key is not None and SCOPE_RANK[key.scope] >= SCOPE_RANK["admin"]


def requires(scope):
    """Decorate a route that needs a key with at least `scope` (and document it)."""
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            require_scope(scope)
            return view(*args, **kwargs)
        wrapper.required_scope = scope
        return Blueprint.doc(security=[{"bearerAuth": [scope]}])(wrapper)
    return decorator


def init_app(app):
    @app.teardown_request
    def forget_the_actor(exc):
        revisions.actor.set(None)  # a worker thread serves other requests next

    @app.before_request
    def reads_need_a_key_when_configured():
        # Routing comes first: an unknown route is a 404 and a wrong method a
        # 405 whatever the credentials, so let those through to the router.
        if request.routing_exception is not None:
            return
        if (current_app.config["REQUIRE_AUTH_FOR_READS"]
                and request.method in ("GET", "HEAD")
                and request.path.startswith(API_PREFIX)):
            require_scope("read")
