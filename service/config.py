"""Every setting of the service, read from the environment in one place.

The variable names are part of the operator contract (API.md): deployment
scripts set them, so renaming one is a breaking change.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'var' / 'statements.db'}"


def _flag(value):
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def from_environment(environ=None):
    """Return the configuration as a dict of Flask config keys."""
    env = os.environ if environ is None else environ
    return {
        "DATABASE_URL": env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        "REQUIRE_AUTH_FOR_READS": _flag(env.get("REQUIRE_AUTH_FOR_READS", "0")),
        "MAX_BODY_BYTES": int(env.get("MAX_BODY_BYTES", 8 * 1024 * 1024)),
        "RATE_LIMIT": env.get("RATE_LIMIT", "1200/minute"),
        "CORS_ORIGINS": [o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()],
    }
