"""The app on a real database file, a test client, and API keys.

Every test gets an empty, migrated database of its own. The engine is
SQLite unless TEST_DATABASE_URL names a PostgreSQL server, in which case
each test gets a fresh schema on it (see tests/pg.py).
"""
import os

import pytest

from service import create_app
from service.db import database
from service.http.auth import create_key
from service.migrations import upgrade


@pytest.fixture
def database_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        from tests import pg
        with pg.fresh_database(url) as fresh:
            yield fresh
    else:
        yield f"sqlite:///{tmp_path / 'statements.db'}"


@pytest.fixture
def app(database_url):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    with app.app_context():
        upgrade()
        database.close()
    yield app
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


@pytest.fixture
def seeded(app):
    """The seed dataset of fixtures/, loaded."""
    from service.fixtures import load
    with app.app_context():
        load()
        database.close()
    return app
