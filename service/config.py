"""Every setting of the service, read from the environment in one place.

The variable names are part of the operator contract (API.md): deployment
scripts set them, so renaming one is a breaking change.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'var' / 'statements.db'}"
# How many of a query's newest matches (highest ids) /search ranks per kind.
# Beyond it a common word would cost work in proportion to the archive (bm25
# and the recency join over every match); README, "Search ranking", says why.
DEFAULT_SEARCH_RANK_WINDOW = 1000


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
        # Where the ranked search index lives on PostgreSQL (on SQLite: beside the file).
        "SEARCH_INDEX_DIR": env.get("SEARCH_INDEX_DIR", ""),
        "SEARCH_RANK_WINDOW": _non_negative("SEARCH_RANK_WINDOW",
                                            env.get("SEARCH_RANK_WINDOW", str(DEFAULT_SEARCH_RANK_WINDOW))),
    }


def _non_negative(name, value):
    # A typo must stop the service at start, not surface as a 500 on the first search.
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}")
    return number
