"""Facing the network: rate limits, CORS for the dashboard, safe headers."""
import multiprocessing

import pytest

from service.db import sqlite3
from service.http.ratelimit import SqliteCounter, parse_rule

from .conftest import _key, make_app
from .helpers import API, problem


@pytest.fixture
def limited(database_url):
    return make_app(database_url, RATE_LIMIT="3/minute").test_client()


def test_the_request_over_the_limit_is_429_with_retry_after(limited):
    answers = [limited.get(f"{API}/topics") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    refused = problem(answers[-1], 429)
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 61
    assert answers[0].headers["RateLimit-Limit"] == "3"
    assert refused["status"] == 429


def test_each_api_key_has_its_own_count(limited):
    key = _key(limited.application, "desk", "read")
    for _ in range(3):
        limited.get(f"{API}/topics")
    assert limited.get(f"{API}/topics").status_code == 429
    assert limited.get(f"{API}/topics", headers=key).status_code == 200


def test_made_up_keys_share_the_count_of_their_address(limited):
    answers = [limited.get(f"{API}/topics", headers={"Authorization": f"Bearer junk{n}"}).status_code
               for n in range(6)]
    assert answers.count(429) == 3, answers
    for header in ("Basic Og==", "Bearer", "Bearer " + "x" * 500, "sdk_no_scheme"):
        assert limited.get(f"{API}/topics", headers={"Authorization": header}).status_code == 429, header
    assert limited.get(f"{API}/topics").status_code == 429


def test_one_key_however_spelt_is_one_count(limited):
    secret = _key(limited.application, "desk", "read")["Authorization"].split()[-1]
    spellings = [f"Bearer {secret}", f"bearer {secret}", f"BEARER  {secret}", f"Bearer {secret} ", f"bEaReR\t{secret}"]
    answers = [limited.get(f"{API}/topics", headers={"Authorization": spelling}).status_code
               for spelling in spellings]
    assert answers == [200, 200, 200, 429, 429], answers
    assert limited.get(f"{API}/topics").status_code == 200  # the address has its own count


def test_bad_keys_are_counted_when_reads_need_a_key(database_url):
    client = make_app(database_url, RATE_LIMIT="3/minute", REQUIRE_AUTH_FOR_READS=True).test_client()
    answers = [client.get(f"{API}/topics", headers={"Authorization": f"Bearer junk{n}"}).status_code
               for n in range(5)]
    assert answers == [401, 401, 401, 429, 429], answers


def test_probes_and_docs_are_not_counted(limited):
    for _ in range(5):
        assert limited.get("/healthz").status_code == 200
    assert limited.get(f"{API}/topics").status_code == 200


def test_rate_limit_off_disables_it(database_url):
    client = make_app(database_url, RATE_LIMIT="off").test_client()
    assert all(client.get(f"{API}/topics").status_code == 200 for _ in range(5))
    assert "RateLimit-Limit" not in client.get(f"{API}/topics").headers


def _count_five_times(path, start, errors):
    start.wait()
    try:
        for _ in range(5):
            SqliteCounter(path).hit("addr:x", 1)
    except Exception as error:  # noqa: BLE001 - any escape is the failure this test is about
        errors.put(repr(error))


def test_workers_starting_together_all_count_in_one_file(tmp_path):
    # Each gunicorn worker opens the counts' file and switches it to WAL as it
    # starts; none may fail while another holds the switch. Processes, not
    # threads: the race is between processes (a few tries in ten show it).
    context = multiprocessing.get_context("fork")
    for attempt in range(10):
        path = tmp_path / f"counts-{attempt}.sqlite"
        start, errors = context.Barrier(8), context.Queue()
        workers = [context.Process(target=_count_five_times, args=(path, start, errors)) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
        assert errors.empty(), errors.get()
        assert SqliteCounter(path).hit("addr:x", 1) == 8 * 5 + 1


def test_a_count_that_cannot_be_taken_lets_the_request_through(tmp_path):
    path = tmp_path / "counts.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert SqliteCounter(path, timeout=0.1).hit("addr:x", 1) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert SqliteCounter(path, timeout=0.1).hit("addr:x", 1) == 1


@pytest.mark.parametrize("text, rule", [("1200/minute", (1200, 60)), ("5/second", (5, 1)), ("off", None)])
def test_rate_limit_setting_is_parsed(text, rule):
    assert parse_rule(text) == rule


def test_a_malformed_rate_limit_setting_is_refused_at_start():
    with pytest.raises(ValueError):
        parse_rule("lots")


@pytest.fixture
def dashboard_origin(database_url):
    return make_app(database_url, CORS_ORIGINS=["https://dashboard.example"]).test_client()


def test_an_allowed_origin_gets_cors_headers(dashboard_origin):
    response = dashboard_origin.get(f"{API}/topics", headers={"Origin": "https://dashboard.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://dashboard.example"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Origin" in response.headers["Vary"]


def test_another_origin_gets_none(dashboard_origin):
    response = dashboard_origin.get(f"{API}/topics", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_preflight_is_answered_before_auth(dashboard_origin):
    response = dashboard_origin.options(f"{API}/statements", headers={
        "Origin": "https://dashboard.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert response.status_code == 204
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


def test_no_origin_is_allowed_by_default(client):
    response = client.get(f"{API}/topics", headers={"Origin": "https://dashboard.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_every_answer_says_nosniff_and_forbids_framing(client):
    for path in (f"{API}/topics", f"{API}/nowhere", "/healthz", "/docs"):
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
