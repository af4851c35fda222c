"""Signatures on what the service hands out and takes back unchanged (cursors).

The key is CURSOR_SECRET when the operator sets it (several deployments that
must accept each other's cursors share it), else a random secret made once
and kept in the database (`service_secret`), so every worker and every host
on that database signs alike with no setting at all. Changing the secret
only makes outstanding cursors a 400: a client starts its list again.
"""
import hashlib
import hmac
import secrets

from flask import current_app

from .models import ServiceSecret

CURSOR = "cursor"
_cache = {}  # database URL -> stored secret; read once per process


def stored_secret(name=CURSOR):
    """The database's secret of that name, made (once, whoever comes first) when missing."""
    row = ServiceSecret.get_or_none(ServiceSecret.name == name)
    if row is None:
        ServiceSecret.insert(name=name, value=secrets.token_urlsafe(32)).on_conflict_ignore().execute()
        row = ServiceSecret.get(ServiceSecret.name == name)
    return row.value


def _secret():
    configured = current_app.config.get("CURSOR_SECRET")
    if configured:
        return configured
    url = current_app.config["DATABASE_URL"]
    if url not in _cache:
        _cache[url] = stored_secret()
    return _cache[url]


def signature(purpose, payload):
    """An HMAC-SHA256 of `payload` (bytes) for one purpose, 128 bits of it."""
    key = hashlib.sha256(f"{purpose}:{_secret()}".encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).digest()[:16]


def verify(purpose, payload, given):
    return hmac.compare_digest(signature(purpose, payload), given)
