"""Health and readiness probes: /healthz never touches the database, /readyz does."""
import pytest

from service import create_app


@pytest.fixture
def no_database(tmp_path):
    """An app whose database cannot be opened: its path is a directory."""
    unopenable = tmp_path / "statements.db"
    unopenable.mkdir()
    return create_app({"DATABASE_URL": f"sqlite:///{unopenable}", "TESTING": True}).test_client()


def test_healthz_is_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_needs_no_database(no_database):
    response = no_database.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ready_with_a_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready"}


def test_readyz_is_503_without_a_database(no_database):
    response = no_database.get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"]
    assert no_database.get("/healthz").status_code == 200


def test_probes_need_no_credentials_and_live_at_the_root(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/healthz").status_code == 404


def test_probes_are_read_only(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
