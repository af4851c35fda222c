"""The app on a real database file, a test client, and API keys.

Every test gets an empty, migrated database of its own. The engine is
SQLite unless TEST_DATABASE_URL names a PostgreSQL server, in which case
each test gets a fresh database on it (see tests/pg.py).
"""
import contextlib
import os

import pytest

from service import create_app
from service.db import database, open_database
from service.http.auth import create_key
from service.migrations import upgrade
from tests.sqlite_copy import copy_sqlite


def postgres_url():
    return os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory):
    """An empty database at the head schema, migrated once; tests get copies."""
    path = tmp_path_factory.mktemp("migrated") / "statements.db"
    make_app(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(request, tmp_path):
    url = postgres_url()
    if url:
        from tests import pg
        with pg.fresh_database(url) as fresh:
            yield fresh
    else:
        copy = tmp_path / "statements.db"
        copy_sqlite(request.getfixturevalue("migrated_sqlite_file"), copy)
        yield f"sqlite:///{copy}"


def make_app(url, **overrides):
    app = create_app({"DATABASE_URL": url, "TESTING": True, **overrides})
    with app.app_context():
        upgrade()
        database.close()
    return app


@pytest.fixture(scope="session")
def shared_app(tmp_path_factory):
    """One app for the session: building one (its OpenAPI document above all)
    costs more than most tests. Rate limiting is off here: its counts would
    run across tests; tests/test_security.py makes limited apps of its own."""
    placeholder = tmp_path_factory.mktemp("unused") / "unused.db"
    return create_app({"DATABASE_URL": f"sqlite:///{placeholder}", "TESTING": True, "RATE_LIMIT": "off"})


def on_database(app, url):
    """Point the session's app at another database."""
    app.config["DATABASE_URL"] = url
    app.extensions["database"] = open_database(url)
    return app


@pytest.fixture
def app(shared_app, database_url):
    """The session's app on this test's own database."""
    on_database(shared_app, database_url)
    with shared_app.app_context():
        upgrade()
        database.close()
    yield shared_app
    if not database.is_closed():
        database.close()


@pytest.fixture
def client(app):
    return app.test_client()


def _key(app, name, scope):
    with app.app_context():
        secret = create_key(name, scope)
        database.close()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def writer(app):
    """Headers of a key with scope `write`."""
    return _key(app, "writer", "write")


@pytest.fixture
def reader(app):
    return _key(app, "reader", "read")


@pytest.fixture
def admin(app):
    return _key(app, "admin", "admin")


def load_fixtures():
    from service.fixtures import load
    load()


@pytest.fixture(scope="session")
def seeded_sqlite_file(tmp_path_factory):
    """The seed dataset loaded once per session; tests get copies of the file."""
    path = tmp_path_factory.mktemp("seeded") / "statements.db"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        load_fixtures()
        database.close()
    return path


@contextlib.contextmanager
def seeded_database(request, tmp_path):
    """The URL of a fresh copy of the seed dataset, on either engine."""
    url = postgres_url()
    if url:
        from tests import pg
        with pg.fresh_database(url, seed=load_fixtures) as fresh:
            yield fresh
    else:
        copy = tmp_path / "seeded.db"
        copy_sqlite(request.getfixturevalue("seeded_sqlite_file"), copy)
        yield f"sqlite:///{copy}"


@pytest.fixture
def seeded(request, tmp_path):
    """An app whose database holds the seed dataset of fixtures/ (a copy of its own)."""
    with seeded_database(request, tmp_path) as url:
        yield make_app(url)
    if not database.is_closed():
        database.close()


@pytest.fixture
def seeded_client(seeded):
    return seeded.test_client()


@pytest.fixture
def seeded_writer(seeded):
    return _key(seeded, "writer", "write")


@pytest.fixture
def served(shared_app, request, tmp_path):
    """The session's app (rate limiting off) on a fresh copy of the seed
    dataset: `seeded` without building an app per test, for suites that run
    one test per operation."""
    with seeded_database(request, tmp_path) as url:
        yield on_database(shared_app, url)
    if not database.is_closed():
        database.close()
