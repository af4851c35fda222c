"""Idempotency-Key: a retried POST creates nothing twice (Stripe's semantics)."""
from service.db import database
from service.models import IdempotencyRecord

from .helpers import API, create_country, problem


def post_topic(client, headers, key, body=None):
    return client.post(f"{API}/topics", headers={**headers, "Idempotency-Key": key},
                       json=body or {"slug": "sanctions", "name_ar": "العقوبات"})


def test_a_replay_returns_the_first_response_and_creates_nothing(client, writer):
    first = post_topic(client, writer, "k-1")
    again = post_topic(client, writer, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(client.get(f"{API}/topics").get_json()["items"]) == 1


def test_the_same_key_with_another_body_is_422(client, writer):
    post_topic(client, writer, "k-2")
    other = post_topic(client, writer, "k-2", {"slug": "israel", "name_ar": "إسرائيل"})
    problem(other, 422)
    assert len(client.get(f"{API}/topics").get_json()["items"]) == 1


def test_keys_are_scoped_to_the_api_key_that_sent_them(app, client, writer, admin):
    assert post_topic(client, writer, "shared").status_code == 201
    second = post_topic(client, admin, "shared", {"slug": "israel", "name_ar": "إسرائيل"})
    assert second.status_code == 201 and "Idempotent-Replayed" not in second.headers


def test_a_failed_request_is_not_remembered(client, writer):
    bad = post_topic(client, writer, "k-3", {"slug": "Not A Slug", "name_ar": "x"})
    problem(bad, 422)
    fixed = client.post(f"{API}/topics", headers={**writer, "Idempotency-Key": "k-4"},
                        json={"slug": "palestine", "name_ar": "فلسطين"})
    assert fixed.status_code == 201


def test_the_record_is_written_with_the_row(app, client, writer):
    create_country(client, writer)
    post_topic(client, writer, "k-5")
    with app.app_context():
        record = IdempotencyRecord.get(IdempotencyRecord.key == "k-5")
        assert record.status == 201 and record.owner == "writer"
        database.close()


def test_an_overlong_key_is_400(client, writer):
    problem(post_topic(client, writer, "x" * 256), 400)
