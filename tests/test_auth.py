"""API keys and scopes: open reads by default, keys for writes, hashed storage."""
import pytest

from service.db import database
from service.http.auth import create_key, revoke_key
from service.models import ApiKey
from tests.helpers import app_with, create_country, problem

COUNTRY = {"code": "SY", "name_ar": "سورية", "name_en": "Syria"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# POSTs that are reads unless asked to write (extraction proposes, and saves
# only with ?commit=true): the query that makes them writes.
WRITING_QUERY = {"extraction.extract_article": "?commit=true"}


def dummy_url(rule):
    """A URL for a rule, with 'SY' for a country code and 1 for any other key."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = "SY" if getattr(converter, "regex", "").startswith("[^/]") else 1
    return rule.build(values)[1] + WRITING_QUERY.get(rule.endpoint, "")


def write_routes(app):
    return [(method, rule) for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods & WRITE_METHODS)]


# --- reads ---------------------------------------------------------------------


def test_reads_are_open_by_default(client, writer):
    create_country(client, writer, "SY")
    assert client.get("/api/v1/countries").status_code == 200
    assert client.get("/api/v1/countries/SY").status_code == 200


@pytest.fixture
def closed(database_url):
    """An app with REQUIRE_AUTH_FOR_READS on, and keys of every scope on it."""
    app = app_with(database_url, REQUIRE_AUTH_FOR_READS=True)
    with app.app_context():
        keys = {scope: {"Authorization": f"Bearer {create_key(f'closed-{scope}', scope)}"}
                for scope in ("read", "write", "admin")}
        database.close()
    return app.test_client(), keys


def test_closed_reads_need_a_key(closed):
    client, keys = closed
    response = client.get("/api/v1/countries")
    problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    problem(client.get("/api/v1/countries/SY"), 401)
    problem(client.get("/api/v1/countries", headers={"Authorization": "Bearer sdk_forged"}), 401)


@pytest.mark.parametrize("scope", ["read", "write", "admin"])
def test_closed_reads_accept_any_scope(closed, scope):
    client, keys = closed
    assert client.get("/api/v1/countries", headers=keys[scope]).status_code == 200


def test_closed_reads_leave_the_probes_open(closed):
    client, keys = closed
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_closed_reads_still_need_write_scope_to_write(closed):
    client, keys = closed
    problem(client.post("/api/v1/countries", json=COUNTRY, headers=keys["read"]), 403)
    assert client.post("/api/v1/countries", json=COUNTRY, headers=keys["write"]).status_code == 201


# --- writes --------------------------------------------------------------------


def test_every_write_route_answers_401_without_a_key(app, client):
    routes = write_routes(app)
    assert len(routes) >= 8 * 4  # the CRUD writes of every resource, at least
    for method, rule in routes:
        url = dummy_url(rule)
        response = client.open(url, method=method, json={})
        assert response.status_code == 401, f"{method} {url} answered {response.status_code}"
        assert response.mimetype == "application/problem+json"


def test_every_write_route_answers_403_to_a_read_key(app, client, reader):
    for method, rule in write_routes(app):
        url = dummy_url(rule)
        response = client.open(url, method=method, json={}, headers=reader)
        assert response.status_code == 403, f"{method} {url} answered {response.status_code}"


def test_write_scope_writes(client, writer):
    assert client.post("/api/v1/countries", json=COUNTRY, headers=writer).status_code == 201


def test_admin_scope_includes_write(client, admin):
    assert client.post("/api/v1/countries", json=COUNTRY, headers=admin).status_code == 201
    assert client.delete("/api/v1/countries/SY", headers=admin).status_code == 204


def test_read_scope_cannot_write(client, reader):
    body = problem(client.post("/api/v1/countries", json=COUNTRY, headers=reader), 403)
    assert "read" in body["detail"] and "write" in body["detail"]


def test_bearer_scheme_is_case_insensitive(client, writer):
    secret = writer["Authorization"].split(" ", 1)[1]
    response = client.post("/api/v1/countries", json=COUNTRY, headers={"Authorization": f"bearer {secret}"})
    assert response.status_code == 201


def test_a_key_that_differs_by_one_character_is_401(client, writer):
    secret = writer["Authorization"].split(" ", 1)[1]
    forged = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    problem(client.post("/api/v1/countries", json=COUNTRY, headers={"Authorization": f"Bearer {forged}"}), 401)


def test_revoked_key_is_401_at_once(app, client, writer):
    assert client.post("/api/v1/countries", json=COUNTRY, headers=writer).status_code == 201
    with app.app_context():
        assert revoke_key("writer") is True
        assert revoke_key("writer") is False  # already revoked
        database.close()
    body = problem(client.delete("/api/v1/countries/SY", headers=writer), 401)
    assert "revoked" in body["detail"]
    assert client.get("/api/v1/countries/SY").status_code == 200


# --- storage -------------------------------------------------------------------


def test_keys_are_stored_hashed(app, writer, reader, admin):
    secrets = [headers["Authorization"].split(" ", 1)[1] for headers in (writer, reader, admin)]
    with app.app_context():
        rows = database.execute_sql("SELECT * FROM api_key").fetchall()
        stored = [ApiKey.get(ApiKey.name == name) for name in ("writer", "reader", "admin")]
        database.close()
    assert len(rows) == 3
    dump = repr(rows)
    for secret in secrets:
        assert secret not in dump
        assert secret[len("sdk_"):] not in dump
    for key, secret in zip(stored, secrets):
        assert len(key.secret_hash) == 64 and key.secret_hash not in secret
        assert secret.startswith(key.prefix) and len(key.prefix) < len(secret) / 2


def test_each_key_is_different(app):
    with app.app_context():
        first, second = create_key("one", "write"), create_key("two", "write")
        database.close()
    assert first != second
