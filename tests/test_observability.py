"""Request ids, JSON logs and metrics, as an operator reads them."""
import json
import logging

import pytest

from service.http.requestlog import JsonFormatter

from .conftest import _key, make_app
from .helpers import API


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def access_log():
    handler = Collect()
    logger = logging.getLogger("service.access")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_each_request_is_one_json_access_line_with_its_request_id(client, writer, access_log):
    secret = writer["Authorization"].split()[1]
    client.post(f"{API}/topics", headers={**writer, "X-Request-ID": "desk-7"},
                json={"slug": "sanctions", "name_ar": "العقوبات"})
    record = access_log[-1]
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "POST" and line["status"] == 201 and line["path"] == f"{API}/topics"
    assert line["api_key"] == "writer" and line["duration_ms"] >= 0
    assert secret not in json.dumps(line)


def test_a_bad_request_id_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "no spaces or ünïcode, please"})
    assert response.headers["X-Request-ID"] != "no spaces or ünïcode, please"
    assert len(response.headers["X-Request-ID"]) == 32


def test_traceparent_is_passed_through(client):
    parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    assert client.get("/healthz", headers={"traceparent": parent}).headers["traceparent"] == parent
    assert "traceparent" not in client.get("/healthz", headers={"traceparent": "junk"}).headers


def test_problems_name_the_request(client):
    problem = client.get(f"{API}/topics/99", headers={"X-Request-ID": "r-1"}).get_json()
    assert problem["instance"] == "urn:request:r-1"


def test_metrics_count_requests_by_route_not_by_path(client):
    client.get(f"{API}/topics/1")
    client.get(f"{API}/topics/2")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'route="/api/v1/topics/<int:topic_id>"' in text
    assert f'"{API}/topics/1"' not in text
    assert "db_pool_connections_in_use" in text
    assert "db_query_duration_seconds_count{engine=\"sqlite\"}" in text or "postgresql" in text


# --- who may read /metrics --------------------------------------------------------


def test_metrics_are_open_when_reads_are(client):
    assert client.get("/metrics").status_code == 200


def test_metrics_need_an_admin_key_when_reads_need_a_key(database_url):
    app = make_app(database_url, REQUIRE_AUTH_FOR_READS=True, RATE_LIMIT="off")
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=_key(app, "desk", "read")).status_code == 403
    assert client.get("/metrics", headers=_key(app, "ops", "admin")).status_code == 200


def test_metrics_scope_is_a_setting(database_url):
    app = make_app(database_url, REQUIRE_AUTH_FOR_READS=True, RATE_LIMIT="off", METRICS_SCOPE="read")
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=_key(app, "prometheus", "read")).status_code == 200
    open_app = make_app(database_url, REQUIRE_AUTH_FOR_READS=True, RATE_LIMIT="off", METRICS_SCOPE="none")
    assert open_app.test_client().get("/metrics").status_code == 200


def test_metrics_scope_setting_is_checked_at_start():
    from service import config
    assert config.metrics_scope(config.from_environment({"REQUIRE_AUTH_FOR_READS": "1"})) == "admin"
    assert config.metrics_scope(config.from_environment({})) == "none"
    assert config.metrics_scope(config.from_environment({"METRICS_SCOPE": " Read "})) == "read"
    with pytest.raises(ValueError):
        config.from_environment({"METRICS_SCOPE": "everyone"})
