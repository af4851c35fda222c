"""A database of its own for each test, on the PostgreSQL server of TEST_DATABASE_URL.

Migrating an empty database costs about ten times what copying one does, so
the first test of a session migrates a template database once and every test
then gets `CREATE DATABASE … TEMPLATE` of it: the head schema and no rows.
Tests of the migrations themselves ask for `migrated=False`: nothing at all.
Tests that start from data ask for `seed=service.fixtures.load` (any function
that writes it, in an app context): it runs once, on a template of its own.
Each database is dropped a test later, or at exit, with any connection still
open to it (a pool, a gunicorn worker). Not at once: a backend takes a few
milliseconds to exit after its client closes, and DROP DATABASE that finds
one still there waits 100 ms before looking again, a wait on every test.

TEST_DATABASE_URL names a role allowed to create databases and a database to
connect to while doing it (`postgres` will do); its scheme and query (say,
`postgresql+pool://…?max_connections=4`) carry over to the URLs handed out.
"""
import atexit
import itertools
import os
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg2

from service.db import database
from service.migrations import upgrade

PREFIX = f"statements_test_{os.getpid()}"
# Query parameters that configure peewee's pool, not the libpq connection.
POOL_PARAMETERS = {"max_connections", "stale_timeout", "timeout"}

_servers = {}


def with_database(url, name, scheme=None):
    """`url` with its database (and optionally its scheme) replaced."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=scheme or parts.scheme, path=f"/{name}"))


def plain(url):
    """The URL libpq understands: no `+pool` scheme, no pool parameters."""
    from playhouse.db_url import parse
    params = parse(url, unquote_password=True, unquote_user=True)
    for name in POOL_PARAMETERS:
        params.pop(name, None)
    params["dbname"] = params.pop("database")
    return params


class Server:
    """One PostgreSQL server: an admin connection and the session's templates."""

    def __init__(self, url):
        self.url = url
        self._admin = None
        self._counter = itertools.count(1)
        self.templates = {}  # seed function (None: just migrated) -> template database
        self.finished = []  # databases of finished tests, oldest first
        version, fsync = self.query("SELECT current_setting('server_version_num')::int, "
                                    "current_setting('fsync')")[0]
        if version < 130000:
            raise RuntimeError("the tests need PostgreSQL 13 or later (DROP DATABASE … WITH (FORCE))")
        # FILE_COPY (15+) copies the template's files and checkpoints, which
        # is cheap when nothing is fsynced (a throwaway test cluster) and a
        # stall otherwise; WAL_LOG, the default, writes the copy to the WAL.
        self.strategy = " STRATEGY FILE_COPY" if version >= 150000 and fsync == "off" else ""
        atexit.register(self.close)

    def admin(self):
        if self._admin is None or self._admin.closed:
            self._admin = psycopg2.connect(**plain(self.url))
            self._admin.autocommit = True  # CREATE/DROP DATABASE refuse a transaction
        return self._admin

    def query(self, sql, params=None):
        with self.admin().cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def new_name(self):
        return f"{PREFIX}_{next(self._counter)}"

    def create(self, migrated=True, seed=None):
        self.drop_finished(keep=1)
        name = self.new_name()
        if migrated:
            self.copy(self.template(seed), name)
        else:
            self.query(f'CREATE DATABASE "{name}"')
        return name

    def copy(self, template, name):
        self.query(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{self.strategy}')

    def drop(self, name):
        self.query(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_finished(self, keep=0):
        while len(self.finished) > keep:
            self.drop(self.finished.pop(0))

    def template(self, seed=None):
        """The template for `seed`, made on first use: migrated, then seeded."""
        if seed not in self.templates:
            migrated = None if seed is None else self.template()
            name = f"{PREFIX}_template_{len(self.templates)}"
            if migrated:
                self.copy(migrated, name)
            else:
                self.query(f'CREATE DATABASE "{name}"')
            try:
                self._prepare(name, seed)
            except BaseException:
                self.drop(name)
                raise
            self.templates[seed] = name
        return self.templates[seed]

    def _prepare(self, name, seed):
        # In an app of its own (the write path may need one), over a plain
        # connection closed after: a database with a session open on it
        # cannot serve as a template. The proxy is bound back afterwards.
        from service import create_app
        bound_to = database.obj
        app = create_app({"DATABASE_URL": with_database(self.url, name, "postgresql"), "TESTING": True})
        try:
            with app.app_context():
                upgrade()
                if seed is not None:
                    seed()
                database.close()
        finally:
            database.initialize(bound_to)

    def close(self):
        try:
            self.drop_finished()
            for template in self.templates.values():
                self.drop(template)
        except psycopg2.Error:
            pass  # the server may already be gone at exit
        if self._admin is not None:
            self._admin.close()


def server(url):
    if url not in _servers:
        _servers[url] = Server(url)
    return _servers[url]


@contextmanager
def fresh_database(url, migrated=True, seed=None):
    """Yield the URL of a new database on `url`'s server, dropped afterwards.

    By default it holds the head schema and no rows (so the app's upgrade()
    has nothing to do); with migrated=False it holds nothing at all; with a
    `seed` function, what that function wrote (it runs once per session).
    """
    host = server(url)
    name = host.create(migrated, seed)
    try:
        yield with_database(url, name)
    finally:
        host.finished.append(name)
