"""Pagination that does not lie: every list outside the CRUD collections
follows the envelope and header rule of README's "Lists" (items,
next_cursor, Link rel=next), or the spec says plainly it is a bounded top-N."""
import re

import yaml

from tests.helpers import problem


def link_of(response):
    match = re.fullmatch(r'<(.+)>; rel="next"', response.headers.get("Link", ""))
    return match and match.group(1)


def every_page(client, url):
    """The items of every page, following the Link header; checks next_cursor agrees with it."""
    items = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        items.extend(body["items"])
        url = link_of(response)
        assert (url is None) == (body["next_cursor"] is None)
        if url:
            assert f"cursor={body['next_cursor']}" in url
    return items


def test_counterparts_page_with_cursor_and_link(seeded_client):
    everyone = seeded_client.get("/api/v1/participants/9/counterparts?limit=500").get_json()
    assert everyone["next_cursor"] is None and len(everyone["items"]) > 2
    paged = every_page(seeded_client, "/api/v1/participants/9/counterparts?limit=2")
    assert paged == everyone["items"]


def test_a_counterparts_cursor_of_another_participant_is_refused(seeded_client):
    cursor = seeded_client.get("/api/v1/participants/9/counterparts?limit=1").get_json()["next_cursor"]
    assert cursor
    problem(seeded_client.get(f"/api/v1/participants/2/counterparts?cursor={cursor}"), 400)


def test_search_pages_carry_a_link_header(seeded_client):
    first = seeded_client.get("/api/v1/search?q=الاسد&limit=1")
    assert first.get_json()["next_cursor"] and link_of(first)
    everything = seeded_client.get("/api/v1/search?q=الاسد&limit=100").get_json()["items"]
    assert every_page(seeded_client, "/api/v1/search?q=الاسد&limit=1") == everything


def test_participant_lookup_pages_carry_a_link_header(seeded_client):
    everything = seeded_client.get("/api/v1/participants?q=علي&limit=500").get_json()["items"]
    assert len(everything) > 1
    assert every_page(seeded_client, "/api/v1/participants?q=علي&limit=1") == everything


def test_resolve_and_related_are_declared_bounded_top_n():
    spec = yaml.safe_load(open("openapi.yaml", encoding="utf-8"))
    for path in ("/api/v1/participants/resolve", "/api/v1/statements/{statement_id}/related"):
        assert "bounded top-N" in spec["paths"][path]["get"]["description"], path


def test_resolve_and_related_have_no_pages(seeded_client):
    resolved = seeded_client.get("/api/v1/participants/resolve?name=الرئيس الإيراني&limit=1")
    assert "next_cursor" not in resolved.get_json() and "Link" not in resolved.headers
    related = seeded_client.get("/api/v1/statements/1/related")
    assert "next_cursor" not in related.get_json() and "Link" not in related.headers
