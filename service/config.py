"""Every setting of the service, read from the environment in one place.

The variable names are part of the operator contract (docs/api.md): deployment
scripts set them, so renaming one is a breaking change.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'var' / 'statements.db'}"
# How many of a query's newest matches (highest ids) /search ranks per kind when it
# answers from the database's index (no ranked index to answer from: service/search/).
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
        # The scope a key needs to read /metrics ("none": open); unset, an
        # admin's when reads need a key (see metrics_scope), else open.
        "METRICS_SCOPE": _one_of("METRICS_SCOPE", env.get("METRICS_SCOPE"), METRICS_SCOPES),
        "MAX_BODY_BYTES": int(env.get("MAX_BODY_BYTES", 8 * 1024 * 1024)),
        "RATE_LIMIT": env.get("RATE_LIMIT", "1200/minute"),
        "CURSOR_SECRET": env.get("CURSOR_SECRET") or None,
        "CORS_ORIGINS": [o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()],
        # Where the ranked search index lives on PostgreSQL (on SQLite: beside the file).
        "SEARCH_INDEX_DIR": env.get("SEARCH_INDEX_DIR", ""),
        "SEARCH_RANK_WINDOW": _non_negative("SEARCH_RANK_WINDOW",
                                            env.get("SEARCH_RANK_WINDOW", str(DEFAULT_SEARCH_RANK_WINDOW))),
        # The extraction assist's budget per request (service/extraction/budget.py).
        "EXTRACT_MAX_CHARS": _non_negative("EXTRACT_MAX_CHARS", env.get("EXTRACT_MAX_CHARS", "100000")),
        "EXTRACT_MAX_SECONDS": float(env.get("EXTRACT_MAX_SECONDS", "5")),
        # How many change-feed long polls one process lets wait at once (service/http/longpoll.py):
        # half its threads by default, so the other half always serve other requests.
        "FEED_WAITERS": _non_negative("FEED_WAITERS", env.get("FEED_WAITERS")
                                      or str(max(1, int(env.get("THREADS", "4")) // 2))),
        # Extractions one worker process runs at once; past it a 503 (http/concurrency.py). 0: no bound.
        "EXTRACT_CONCURRENCY": _non_negative("EXTRACT_CONCURRENCY", env.get("EXTRACT_CONCURRENCY", "1")),
        # Stats answers one worker keeps while no write has happened (service/http/answers.py). 0: none.
        "STATS_CACHE_ENTRIES": _non_negative("STATS_CACHE_ENTRIES", env.get("STATS_CACHE_ENTRIES", "64")),
    }


METRICS_SCOPES = ("none", "read", "write", "admin")


def metrics_scope(settings):
    """The scope /metrics needs, "none" for open."""
    if settings.get("METRICS_SCOPE"):
        return settings["METRICS_SCOPE"]
    return "admin" if settings["REQUIRE_AUTH_FOR_READS"] else "none"


def _one_of(name, value, choices):
    if value is None or not value.strip():
        return None
    value = value.strip().lower()
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _non_negative(name, value):
    # A typo must stop the service at start, not surface as a 500 on the first search.
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}")
    return number
