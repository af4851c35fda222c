"""Rate limiting per valid API key, or per client address without one.

A fixed slot per minute (or second, hour), counted where every worker
sees the same number: in a small SQLite file beside the database when the
service runs on SQLite (one host, several gunicorn workers), and in an
UNLOGGED table of the PostgreSQL database itself when it runs on PostgreSQL
(several hosts share one count). Each answer carries the IETF RateLimit
headers; a refusal is a 429 with Retry-After. RATE_LIMIT=off disables it.
"""
import logging
import re
import threading
import time
from pathlib import Path

from flask import g, request

from .. import db
from .auth import API_PREFIX, presented_key
from .errors import ApiError

log = logging.getLogger("service.ratelimit")

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RULE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")


def parse_rule(text):
    """'1200/minute' -> (1200, 60); 'off' -> None."""
    if text.strip().lower() in ("off", "0", "none", ""):
        return None
    match = _RULE.match(text)
    if not match:
        raise ValueError(f"RATE_LIMIT must look like '1200/minute' or 'off', not {text!r}")
    return int(match.group(1)), PERIODS[match.group(2)]


class SqliteCounter:
    """Counts in a file of its own, so counting never waits on the data's write lock.

    Counting is a guard, not a record: when the file cannot be reached
    (another worker is switching it to WAL as it starts, a disk hiccup) the
    request goes through uncounted and the miss is logged, rather than a
    client getting a 500 for a count nobody asked for.
    """

    def __init__(self, path, timeout=5.0):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.timeout = timeout
        self.local = threading.local()

    def _connection(self):
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = db.sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            self._set_up(connection)
            self.local.connection = connection
        return connection

    def _set_up(self, connection):
        # Switching to WAL takes a lock SQLite does not wait for with its busy
        # timeout when workers start together, so wait here ourselves.
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                connection.execute("PRAGMA journal_mode=wal")
                connection.execute("PRAGMA synchronous=off")  # losing a count in a crash is harmless
                connection.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT, slot INTEGER, count INTEGER, "
                                   "PRIMARY KEY (key, slot)) WITHOUT ROWID")
                return
            except db.sqlite3.OperationalError:
                if time.monotonic() >= deadline:
                    connection.close()
                    raise
                time.sleep(0.02)

    def hit(self, key, slot):
        """The count so far in this slot, or None when it could not be counted."""
        try:
            connection = self._connection()
            count = connection.execute(
                "INSERT INTO hits (key, slot, count) VALUES (?, ?, 1) "
                "ON CONFLICT (key, slot) DO UPDATE SET count = count + 1 RETURNING count",
                (key, slot)).fetchone()[0]
            if count == 1:
                connection.execute("DELETE FROM hits WHERE slot < ?", (slot - 1,))
            return count
        except db.sqlite3.OperationalError as error:
            log.warning("rate limit not counted: %s", error)
            return None


class PostgresCounter:
    """Counts in the table `rate_limit_hits` (made by migration step 4)."""

    def hit(self, key, slot):
        count = db.database.execute_sql(
            "INSERT INTO rate_limit_hits (key, slot, count) VALUES (%s, %s, 1) "
            "ON CONFLICT (key, slot) DO UPDATE SET count = rate_limit_hits.count + 1 RETURNING count",
            (key, slot)).fetchone()[0]
        if count == 1:
            db.database.execute_sql("DELETE FROM rate_limit_hits WHERE slot < %s", (slot - 1,))
        return count


def client_identity():
    """A valid API key by its id, anything else by the client's address.

    Counting happens before authentication, so a flood of bad keys is
    limited too; and a made-up key (or a real one spelt another way) never
    gets a count of its own, only the address it comes from.
    """
    key = presented_key()
    return f"key:{key.id}" if key is not None else f"addr:{request.remote_addr}"


def init_app(app):
    rule = parse_rule(app.config["RATE_LIMIT"])
    if rule is None:
        return
    limit, period = rule
    counter = SqliteCounter(_counter_path(app)) if app.config["DATABASE_URL"].startswith("sqlite") \
        else PostgresCounter()

    @app.before_request
    def count_the_request():
        if request.routing_exception is not None or request.method == "OPTIONS":
            return
        if not request.path.startswith(API_PREFIX):
            return  # probes, docs and the dashboard's assets are not the API
        now = time.time()
        slot = int(now // period)
        count = counter.hit(client_identity(), slot)
        if count is None:
            return
        reset = int((slot + 1) * period - now) + 1
        g.rate_limit = (limit, max(0, limit - count), reset)
        if count > limit:
            raise ApiError(429, f"More than {limit} requests per {period} s; retry in {reset} s.",
                           headers={"Retry-After": str(reset), **_headers(limit, 0, reset)})

    @app.after_request
    def add_headers(response):
        state = getattr(g, "rate_limit", None)
        if state:
            response.headers.update(_headers(*state))
        return response


def _headers(limit, remaining, reset):
    return {"RateLimit-Limit": str(limit), "RateLimit-Remaining": str(remaining), "RateLimit-Reset": str(reset)}


def _counter_path(app):
    url = app.config["DATABASE_URL"]
    path = url[len("sqlite:///"):]
    if path in ("", ":memory:"):
        return app.config.get("RATE_LIMIT_FILE") or "var/ratelimit.sqlite"
    return app.config.get("RATE_LIMIT_FILE") or f"{path}.ratelimit"
