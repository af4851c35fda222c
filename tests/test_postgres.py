"""PostgreSQL as the scale-out engine: DATABASE_URL forms, the pool, lost connections.

The tests that need a server use the one in TEST_DATABASE_URL and are skipped,
saying so, without it (.ci/run starts a throwaway cluster and sets it).
"""
import os
import threading
import time

import peewee
import psycopg2
import pytest

from service import create_app
from service.db import PooledPostgresqlDatabase, database, open_database
from service.migrations import upgrade

from .helpers import API, PROBLEM_TYPE, create_country

SERVER = os.environ.get("TEST_DATABASE_URL")
SKIPPED = "PostgreSQL run skipped: TEST_DATABASE_URL not set (.ci/run sets it to a throwaway cluster)"
needs_server = pytest.mark.skipif(not SERVER, reason=SKIPPED)


def with_scheme(url, scheme, query=""):
    return scheme + url[url.index("://"):].split("?")[0] + (f"?{query}" if query else "")


# -- DATABASE_URL ------------------------------------------------------------


def test_postgresql_url_selects_postgresql():
    db = open_database("postgresql://desk:secret@db.internal:5433/statements")
    assert isinstance(db, peewee.PostgresqlDatabase) and not isinstance(db, PooledPostgresqlDatabase)
    assert db.database == "statements"
    assert db.connect_params == {"user": "desk", "password": "secret", "host": "db.internal",
                                 "port": 5433, "connect_timeout": 5}


def test_postgres_alias_and_libpq_parameters_pass_through():
    db = open_database("postgres://desk@db/statements?sslmode=require&connect_timeout=2")
    assert isinstance(db, peewee.PostgresqlDatabase) and not isinstance(db, PooledPostgresqlDatabase)
    assert db.connect_params["sslmode"] == "require"
    assert db.connect_params["connect_timeout"] == 2


def test_pool_url_selects_a_pool_sized_by_its_parameters():
    db = open_database("postgresql+pool://desk@db/statements?max_connections=6&stale_timeout=120")
    assert isinstance(db, PooledPostgresqlDatabase)
    assert (db._max_connections, db._stale_timeout) == (6, 120)
    assert "max_connections" not in db.connect_params  # the pool's, not libpq's


def test_pool_url_without_parameters_gets_the_defaults():
    db = open_database("postgresql+pool://desk@db/statements")
    assert (db._max_connections, db._stale_timeout, db._wait_timeout) == (8, 300, 10)


def test_password_is_percent_decoded():
    db = open_database("postgresql://desk:p%40ss%2Fword@db/statements")
    assert db.connect_params["password"] == "p@ss/word"


@pytest.mark.parametrize("url", ["mysql://desk@db/statements", "postgresql://desk@db/"])
def test_unusable_url_is_refused_without_echoing_the_password(url):
    with pytest.raises(ValueError) as refused:
        open_database(url.replace("desk@", "desk:hunter2@"))
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+pool"])
def test_unreachable_server_is_503_problem(scheme):
    app = create_app({"DATABASE_URL": f"{scheme}://desk@127.0.0.1:9/statements", "TESTING": True})
    client = app.test_client()
    for path in ("/readyz", f"{API}/countries"):
        response = client.get(path)
        assert response.status_code == 503
        assert response.content_type.startswith(PROBLEM_TYPE)
        assert response.headers["Retry-After"] == "1"
    assert client.get("/healthz").status_code == 200  # the process itself is fine


# -- against the server --------------------------------------------------------


@needs_server
def test_postgresql_run(database_url):
    """Without TEST_DATABASE_URL this skip is the notice that PostgreSQL went untested."""
    assert database_url.split("://")[0] == SERVER.split("://")[0]


@pytest.fixture
def server_database():
    from tests import pg
    with pg.fresh_database(SERVER) as url:
        yield url


@pytest.fixture
def admin(server_database):
    """A superuser connection to the server, outside the app."""
    from tests import pg
    connection = psycopg2.connect(**pg.plain(server_database))
    connection.autocommit = True
    yield connection
    connection.close()


def backends(admin):
    """Process ids of the server backends on the test's database, but `admin`'s own."""
    with admin.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid() ORDER BY pid")
        return [pid for pid, in cursor.fetchall()]


def app_on(url):
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    with app.app_context():
        upgrade()
        database.close()
    return app


@pytest.fixture
def pooled_app(server_database):
    def make(query=""):
        return app_on(with_scheme(server_database, "postgresql+pool", query))
    yield make
    if isinstance(database.obj, PooledPostgresqlDatabase):
        database.obj.close_all()


@needs_server
def test_pooled_connection_is_reused_across_requests(pooled_app, admin, writer_headers):
    app = pooled_app("max_connections=4")
    client = app.test_client()
    headers = writer_headers(app)
    create_country(client, headers)
    first = backends(admin)
    for _ in range(5):
        assert client.get(f"{API}/countries/SY").status_code == 200
    assert backends(admin) == first and len(first) == 1


@needs_server
def test_stale_connection_is_recycled(pooled_app, admin):
    client = pooled_app("stale_timeout=1").test_client()
    assert client.get(f"{API}/countries").status_code == 200
    [before] = backends(admin)
    time.sleep(1.2)
    assert client.get(f"{API}/countries").status_code == 200
    # The old one is closed, not kept beside the new (its backend takes a moment to exit).
    [after] = wait_for(lambda: before not in backends(admin) and backends(admin))
    assert after != before


@needs_server
def test_connections_killed_while_idle_are_replaced_without_an_error(pooled_app, admin):
    """A failover or a server restart drops every idle connection of the pool."""
    client = pooled_app().test_client()
    assert client.get(f"{API}/countries").status_code == 200
    terminate(admin, backends(admin))
    assert client.get(f"{API}/countries").status_code == 200


@needs_server
def test_full_pool_makes_a_request_wait_then_503(pooled_app):
    app = pooled_app("max_connections=1&timeout=1")
    client = app.test_client()
    held, release = threading.Event(), threading.Event()

    def hold_the_only_connection():
        with app.app_context():
            database.connect()
            held.set()
            release.wait(10)
            database.close()

    holder = threading.Thread(target=hold_the_only_connection)
    holder.start()
    try:
        held.wait(10)
        started = time.monotonic()
        response = client.get(f"{API}/countries")
        assert response.status_code == 503
        assert response.content_type.startswith(PROBLEM_TYPE)
        assert time.monotonic() - started >= 0.9  # it waited for a connection first
    finally:
        release.set()
        holder.join()
    assert client.get(f"{API}/countries").status_code == 200


@needs_server
@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+pool"])
def test_connection_lost_mid_write_is_503_writes_nothing_and_the_next_request_recovers(
        server_database, admin, writer_headers, scheme):
    app = app_on(with_scheme(server_database, scheme))
    client = app.test_client()
    headers = writer_headers(app)
    create_country(client, headers)
    answers = []

    # The PATCH waits for a row lock the admin holds; the admin then
    # terminates its backend, as a failover or a network cut would.
    with admin.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SELECT * FROM country WHERE code = 'SY' FOR UPDATE")
        patch = threading.Thread(target=lambda: answers.append(
            client.patch(f"{API}/countries/SY", json={"name_en": "Lost"}, headers=headers)))
        patch.start()
        waiting = wait_for(lambda: lock_waiters(admin))
        terminate(admin, waiting)
        patch.join(10)
        cursor.execute("ROLLBACK")

    [lost] = answers
    assert lost.status_code == 503
    assert lost.content_type.startswith(PROBLEM_TYPE)
    assert lost.get_json()["status"] == 503
    assert lost.headers["Retry-After"] == "1"

    after = client.get(f"{API}/countries/SY")
    assert after.status_code == 200
    assert (after.get_json()["name_en"], after.get_json()["version"]) == ("Syria", 1)
    retried = client.patch(f"{API}/countries/SY", json={"name_en": "Syrian Arab Republic"},
                           headers={**headers, "If-Match": after.headers["ETag"]})
    assert retried.status_code == 200 and retried.get_json()["version"] == 2
    if isinstance(database.obj, PooledPostgresqlDatabase):
        database.obj.close_all()


@pytest.fixture
def writer_headers():
    def make(app):
        from service.http.auth import create_key
        with app.app_context():
            secret = create_key("writer", "write")
            database.close()
        return {"Authorization": f"Bearer {secret}"}
    return make


def lock_waiters(admin):
    with admin.cursor() as cursor:
        # Inside a transaction pg_stat_activity is read once and then kept.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return [pid for pid, in cursor.fetchall()]


def terminate(admin, pids):
    with admin.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))


def wait_for(probe, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError("timed out")
