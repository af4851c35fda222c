"""The database: one proxy, bound at app start to the engine DATABASE_URL names.

SQLite is the embedded default; PostgreSQL is the scale-out engine. Models
import `database` and never know which engine is behind it.
"""
import datetime
import itertools
import operator
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import peewee
from flask import appcontext_pushed
from playhouse import db_url, pool

database = peewee.DatabaseProxy()

# The SQLite driver: the one peewee chose, pysqlite3's newer SQLite where it
# is installed (requirements.txt), else the standard library's. A file the
# newer one wrote may hold tables an older SQLite cannot read (the search
# index's contentless FTS5 tables), so everything that opens the file or a
# file beside it (the rate limiter, the spec examples' recorder, the tests,
# the benchmark) opens it with this one.
sqlite3 = peewee.sqlite3

# SQLite 3.43 deletes rows from an FTS5 table that keeps no copy of the text
# (`contentless_delete`): the search index then holds only its terms.
CONTENTLESS_FTS = sqlite3.sqlite_version_info >= (3, 43, 0)

# Called with (engine, seconds) after every query: the metrics' histogram,
# which the HTTP layer installs (`time_queries_with`); nothing by default.
_query_observer = None


def time_queries_with(observer):
    global _query_observer
    _query_observer = observer

# WAL lets readers run beside the one writer; foreign_keys is off by default
# in SQLite and docs/data-model.md requires it on both engines; busy_timeout makes a
# second writer wait for the lock instead of failing at once. It comes first
# (pragmas run in this order): switching a new file to WAL takes a lock too,
# and several workers opening it at once must wait for it, not fail. The page
# cache is per connection, and a worker keeps one per thread: 8 MB each keeps
# a 4-thread worker near 90 MB (32 MB took it past 200 MB) with no loss
# measured, as the operating system's file cache, shared by every worker,
# holds the hot pages anyway.
SQLITE_PRAGMAS = {
    "busy_timeout": 10_000,
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -8_000,
}


# A host that does not answer must cost a request seconds, not the minutes
# of a TCP timeout (which gunicorn would end by killing the worker).
POSTGRES_DEFAULTS = {"connect_timeout": 5}

# A pool belongs to one worker process and is shared by its threads; each
# thread holds one connection from its first query to the end of its request,
# so a worker needs at most `threads` of them. `max_connections` caps it (a
# thread that finds the pool full waits up to `timeout` seconds, then gets a
# 503); `stale_timeout` recycles a connection after that many seconds, so
# server-side memory and a failover's dead sockets don't linger. The pool
# pings a connection when it hands it out and drops it if the server has gone.
POOL_DEFAULTS = {"max_connections": 8, "stale_timeout": 300, "timeout": 10}

POSTGRES_SCHEMES = {"postgres", "postgresql"}
POOLED_POSTGRES_SCHEMES = {"postgres+pool", "postgresql+pool"}


class TimedQueries:
    """Every query's time goes to the observer `time_queries_with` installed."""

    engine = "sqlite"

    def execute_sql(self, sql, params=None, *args, **kwargs):
        started = time.perf_counter()
        try:
            return super().execute_sql(sql, params, *args, **kwargs)
        finally:
            if _query_observer is not None:
                _query_observer(self.engine, time.perf_counter() - started)


class SqliteDatabase(TimedQueries, pool.PooledSqliteDatabase):
    """SQLite with each thread's connection kept between requests.

    A request still takes a connection on its first query and gives it back
    at teardown, but giving back does not close it: closing the last
    connection to a WAL database checkpoints and deletes the WAL, which cost
    more than the request itself.
    """


class PostgresqlDatabase(TimedQueries, peewee.PostgresqlDatabase):
    engine = "postgresql"


class PooledPostgresqlDatabase(TimedQueries, pool.PooledPostgresqlDatabase):
    """playhouse's pool, with a full pool reported as the database being unavailable."""

    engine = "postgresql"

    def connect(self, reuse_if_open=False):
        try:
            return super().connect(reuse_if_open)
        except pool.MaxConnectionsExceeded as error:
            # A ValueError would be a 500; this is a 503 with Retry-After.
            raise peewee.OperationalError(f"connection pool exhausted: {error}") from error


def open_database(url):
    """Create (but do not connect) the peewee database for a DATABASE_URL.

    `sqlite:///path`, `postgresql://user:pass@host:5432/db`, or the pooled
    `postgresql+pool://…?max_connections=8&stale_timeout=300`; other query
    parameters (`sslmode`, `connect_timeout`, …) go to libpq as they are.
    """
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        if not url.startswith("sqlite:///"):
            raise ValueError(f"DATABASE_URL {url!r}: a SQLite URL is sqlite:///path/to/file.db")
        path = Path(url[len("sqlite:///"):])
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, autoconnect=True,
                              max_connections=64, stale_timeout=3600,
                              check_same_thread=False)  # the pool hands a connection to one thread at a time
    if scheme in POSTGRES_SCHEMES | POOLED_POSTGRES_SCHEMES:
        # A URL percent-encodes what a password may contain (@, :, /).
        params = db_url.parse(url, unquote_password=True, unquote_user=True)
        if not params.get("database"):
            raise ValueError(f"DATABASE_URL names no database: {_redacted(url)}")
        if scheme in POOLED_POSTGRES_SCHEMES:
            return PooledPostgresqlDatabase(**{**POSTGRES_DEFAULTS, **POOL_DEFAULTS, **params})
        return PostgresqlDatabase(**{**POSTGRES_DEFAULTS, **params})
    raise ValueError(f"DATABASE_URL {_redacted(url)}: unsupported engine {scheme!r}; "
                     "use sqlite:///path or postgresql://user:pass@host:5432/db")


def _redacted(url):
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def bind(url):
    db = open_database(url)
    database.initialize(db)
    return db


# The transaction-scoped advisory lock that orders PostgreSQL's writers: every
# write takes it before its first revision (records/revisions.py) and the
# month-count triggers before touching a count (counts.py).
COMMIT_ORDER_LOCK = 0x5D5C_0002


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
    app.extensions["database"] = bind(app.config["DATABASE_URL"])

    # The proxy is one per process. Where one process holds several apps (the
    # tests do), each points it at its own database whenever it becomes current.
    def use_this_apps_database(sender, **extra):
        if database.obj is not sender.extensions["database"]:
            database.initialize(sender.extensions["database"])

    appcontext_pushed.connect(use_this_apps_database, app, weak=False)

    @app.teardown_request
    def close_connection(exc):
        if not database.is_closed():
            database.close()


def month_of(field):
    """'YYYY-MM' of a timestamp column, on either engine."""
    if is_sqlite():
        return peewee.fn.strftime("%Y-%m", field)
    return peewee.fn.to_char(field, "YYYY-MM")


def reset_sequences(models):
    """After rows were inserted with explicit ids, move PostgreSQL's id
    sequences past them (SQLite needs nothing: it takes max(rowid) + 1)."""
    if is_sqlite():
        return
    for model in models:
        table = model._meta.table_name
        database.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")


def values_by_key(key, value, keys):
    """{key: value} of the rows of `key`'s table whose `key` is one of `keys`: two
    columns, the keys bound as they are (peewee builds an IN list's SQL value by
    value, a third of a stats request with 300 speakers to label)."""
    if not keys:
        return {}
    marks = ", ".join([database.param] * len(keys))
    return dict(database.execute_sql(
        f'SELECT "{key.column_name}", "{value.column_name}" FROM "{key.model._meta.table_name}" '
        f'WHERE "{key.column_name}" IN ({marks})', list(keys)).fetchall())


def bulk_insert(model, rows):
    """Insert many rows (dicts keyed by field name) in one statement.

    peewee builds the SQL of insert_many value by value, which costs more
    than the insert itself at benchmark scale; `insert_many` binds plain
    tuples instead. Dates are passed as ISO text, which both engines parse.
    """
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.fields[name] for name in names]
    # Only a date column can hold a value the drivers need spelled as text.
    dated = [i for i, field in enumerate(fields) if isinstance(field, (peewee.DateField, peewee.DateTimeField))]
    pick = operator.itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    values = map(pick, rows) if not dated else (_plained(pick(row), dated) for row in rows)
    with peewee.__exception_wrapper__:  # driver errors as peewee's, like every other query
        insert_many(model._meta.table_name, [field.column_name for field in fields], values)


def insert_many(table, columns, values):
    """Insert every row of `values` (sequences, one value per column) into `table`.

    SQLite binds each row to one prepared statement (executemany). On
    PostgreSQL, where psycopg2's executemany sends one INSERT per row (a
    round trip each), COPY streams the rows as text in one statement: no
    SQL to parse per page of rows, and the server's bulk insert path.
    """
    if is_sqlite():
        marks = ", ".join([database.param] * len(columns))
        database.cursor().executemany(f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({marks})', values)
    else:
        lines = ("\t".join(map(_copy_text, row)) + "\n" for row in values)
        database.cursor().copy_expert(f'COPY "{table}" ({_quoted(columns)}) FROM STDIN',
                                      _CopyStream(lines, ""), size=COPY_CHUNK)


def copy_binary(table, columns, rows):
    """COPY … (FORMAT binary) of `rows` into `table` (PostgreSQL): each row
    already in that format (its field count, then each field's length and
    bytes), as a caller that builds a type's binary form itself has it."""
    pieces = itertools.chain([BINARY_COPY_HEADER], rows, [BINARY_COPY_TRAILER])
    with peewee.__exception_wrapper__:
        database.cursor().copy_expert(f'COPY "{table}" ({_quoted(columns)}) FROM STDIN (FORMAT binary)',
                                      _CopyStream(pieces, b""), size=COPY_CHUNK)


def _quoted(columns):
    return ", ".join(f'"{column}"' for column in columns)


COPY_CHUNK = 1 << 16  # bytes psycopg2 asks the stream for at a time
# COPY's text format: a tab between values, a newline after a row, \N for
# NULL, and a backslash before each of these characters in a value.
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Its binary format: the signature, no flags, no header extension; -1 fields to end.
BINARY_COPY_HEADER = b"PGCOPY\n\xff\r\n\0" + bytes(8)
BINARY_COPY_TRAILER = b"\xff\xff"


def _copy_text(value):
    """A value as COPY's text format spells it."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(value) else value
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(_plain(value))


class _CopyStream:
    """What COPY reads, from pieces (rows: text lines or binary tuples) read
    by psycopg2 a chunk of whole pieces at a time: never the whole load in memory."""

    def __init__(self, pieces, empty):
        self.pieces, self.empty = iter(pieces), empty

    def read(self, size=COPY_CHUNK):
        chunk, length = [], 0
        for piece in self.pieces:
            chunk.append(piece)
            length += len(piece)
            if length >= size:
                break
        return self.empty.join(chunk)  # empty once every piece is read: the end of the data


def _plained(values, dated):
    values = list(values)
    for i in dated:
        values[i] = _plain(values[i])
    return values


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


_COMPILED = {}


def compiled(shape, build, params):
    """The query `build()` makes, with `params` bound to SQL compiled once per shape.

    peewee compiles a query from its expression tree on every execution: for
    a one-row read that costs more than SQLite's work. `shape` names a query
    whose SQL depends only on its structure, never on the values, and
    `params` are those values in the order the SQL binds them (checked on
    the first compile, so a shape that bound anything else fails at once).
    """
    key = (shape, type(database.obj))
    known = _COMPILED.get(key)
    if known is None:
        query = build()
        sql, bound = query.sql()
        if list(bound) != list(params):
            raise ValueError(f"{shape!r} binds {bound!r}, not {list(params)!r}")
        known = _COMPILED[key] = (query.model, sql)
    model, sql = known
    return model.raw(sql, *params)
