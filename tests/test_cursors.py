"""Cursors are signed, and what a signed cursor holds is still checked: never a 500.

A cursor the service did not issue (forged, edited, truncated) is a 400
before its payload is read. Behind the signature the payload is still
parsed with the guarded JSON parser and every key bounded, so a leaked or
old key cannot turn a cursor into a crash either: the tests below sign
hostile payloads with the service's own key to reach those checks.
"""
import base64
import json

import pytest

from service.http import listing

from .helpers import API, create_participant, create_topic, problem


def forged(payload):
    """An unsigned cursor, as the service issued them before they were signed."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def signed(app, raw):
    """`raw` (bytes) sealed with the service's own key: what an insider could make."""
    with app.app_context():
        return listing.seal(raw)


def deep(levels):
    return b"[" * levels  # the parser recurses at each bracket, before it finds the end missing


@pytest.fixture
def people(client, writer):
    for name in ("بشار الأسد", "حسن روحاني", "عماد خميس"):
        create_participant(client, writer, name)


def refused_cursor(response):
    body = problem(response, 400)
    assert "cursor" in body["errors"], body
    return body


def test_issued_cursors_still_page(client, people):
    first = client.get(f"{API}/participants?limit=1&sort=name_ar").get_json()
    second = client.get(f"{API}/participants?limit=1&sort=name_ar&cursor={first['next_cursor']}")
    assert second.status_code == 200
    assert second.get_json()["items"][0]["id"] != first["items"][0]["id"]


def test_an_edited_cursor_is_refused_before_it_is_read(client, people):
    cursor = client.get(f"{API}/participants?limit=1").get_json()["next_cursor"]
    payload, _, mac = cursor.partition(".")
    assert mac, "a cursor carries its signature"
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    edited = base64.urlsafe_b64encode(decoded.replace(b"[1", b"[2")).decode().rstrip("=")
    for bad in (f"{edited}.{mac}", payload, f"{payload}.", f"{payload}.{mac[:-2]}", forged({"s": "id", "k": [1]})):
        refused_cursor(client.get(f"{API}/participants", query_string={"limit": 1, "cursor": bad}))


def test_a_cursor_of_deeply_nested_arrays_is_a_400(app, client, people):
    for cursor in (base64.urlsafe_b64encode(deep(1400)).decode().rstrip("="),
                   signed(app, deep(1400)), signed(app, deep(100_000))):
        refused_cursor(client.get(f"{API}/participants", query_string={"cursor": cursor}))


def test_a_text_sort_key_with_a_lone_surrogate_is_a_400(app, client, people):
    raw = json.dumps({"s": "name_ar,id", "k": ["\ud800", 1]}).encode()
    for cursor in (forged({"s": "name_ar,id", "k": ["\ud800", 1]}), signed(app, raw)):
        refused_cursor(client.get(f"{API}/participants", query_string={"sort": "name_ar", "cursor": cursor}))


def test_a_search_offset_past_any_window_is_a_400(app, seeded_client, seeded):
    q = "سوريا"
    for offset in (2**63 - 1, 2**63, 10**30, listing.MAX_OFFSET + 1):
        raw = json.dumps({"s": f"rank:{q}", "k": [offset]}).encode()
        for cursor in (forged({"s": f"rank:{q}", "k": [offset]}), signed(seeded, raw)):
            refused_cursor(seeded_client.get(f"{API}/search", query_string={"q": q, "cursor": cursor}))
            refused_cursor(seeded_client.get(f"{API}/participants", query_string={"q": "الأسد", "cursor": cursor}))


def test_a_search_cursor_pages_on(seeded_client):
    first = seeded_client.get(f"{API}/search", query_string={"q": "سوريا", "limit": 2}).get_json()
    assert first["next_cursor"]
    second = seeded_client.get(f"{API}/search", query_string={"q": "سوريا", "limit": 2,
                                                               "cursor": first["next_cursor"]})
    assert second.status_code == 200
    assert {(h["type"], h["id"]) for h in second.get_json()["items"]}.isdisjoint(
        {(h["type"], h["id"]) for h in first["items"]})


def test_a_cursor_signed_with_another_key_is_refused(app, client, people):
    cursor = client.get(f"{API}/participants?limit=1").get_json()["next_cursor"]
    app.config["CURSOR_SECRET"] = "another operator's secret"
    try:
        refused_cursor(client.get(f"{API}/participants", query_string={"limit": 1, "cursor": cursor}))
    finally:
        app.config["CURSOR_SECRET"] = None


@pytest.mark.parametrize("body", ['{"\\ud800": 1}', '{"a": {"\\udfff": 1}}', '{"\\ud800\\u0000": "x"}'])
def test_a_lone_surrogate_in_a_json_key_is_a_4xx_not_a_500(client, writer, body):
    create_topic(client, writer)
    for method, path in (("post", "/articles/1/extract"), ("post", "/topics"), ("patch", "/topics/1")):
        response = client.open(API + path, method=method.upper(), data=body.encode(), headers=writer,
                               content_type="application/json")
        assert response.status_code in (400, 404, 422), (path, response.status_code)
        assert response.mimetype == "application/problem+json"
        json.loads(response.get_data())  # a body a client can parse
