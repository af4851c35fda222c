"""The database: one proxy, bound at app start to the engine DATABASE_URL names.

SQLite is the embedded default; PostgreSQL is the scale-out engine. Models
import `database` and never know which engine is behind it.
"""
from pathlib import Path

import peewee
from playhouse.db_url import connect as connect_url

database = peewee.DatabaseProxy()

# WAL lets readers run beside the one writer; foreign_keys is off by default
# in SQLite and MODEL.md requires it on both engines; busy_timeout makes a
# second writer wait for the lock instead of failing at once.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
    "cache_size": -32_000,
}


def open_database(url):
    """Create (but do not connect) the peewee database for a DATABASE_URL."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        return peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, autoconnect=True)
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return connect_url(url, autorollback=True)


def bind(url):
    db = open_database(url)
    database.initialize(db)
    return db


def is_sqlite():
    return isinstance(database.obj, peewee.SqliteDatabase)


def write_transaction():
    """A transaction for a write, taking the write lock up front on SQLite.

    A deferred SQLite transaction that reads first and writes later fails
    with SQLITE_BUSY when it tries to upgrade its lock, and busy_timeout does
    not help there; BEGIN IMMEDIATE takes the lock before the first read, so
    a second writer waits its turn (up to busy_timeout) instead of failing.
    """
    if is_sqlite() and not database.in_transaction():
        return database.atomic("IMMEDIATE")
    return database.atomic()


def init_app(app):
    bind(app.config["DATABASE_URL"])

    @app.teardown_request
    def close_connection(exc):
        if not database.is_closed():
            database.close()
