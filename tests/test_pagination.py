"""Keyset pagination: limits, cursors that survive writes, and sorting."""
import base64
import json
import re

import pytest

from tests.helpers import create_article, create_participant, create_topic, ids, problem

SLUGS = ["reconstruction", "sovereignty", "terrorism", "resistance", "astana-talks", "solidarity"]


@pytest.fixture
def topics(client, writer):
    """Six topics, ids 1–6 in the order of SLUGS."""
    return [create_topic(client, writer, slug, f"موضوع {n}") for n, slug in enumerate(SLUGS)]


def walk(client, url):
    """Every page of a listing (`url` has a query), following next_cursor; the pages' ids."""
    pages, cursor = [], None
    while True:
        response = client.get(url + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.get_data(as_text=True)
        pages.append(ids(response))
        cursor = response.get_json()["next_cursor"]
        if cursor is None:
            return pages


def forge(payload):
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


# --- limit ---------------------------------------------------------------------


def test_default_limit_is_50(client, writer):
    for n in range(51):
        create_topic(client, writer, f"topic-{n}", "موضوع")
    body = client.get("/api/v1/topics").get_json()
    assert len(body["items"]) == 50
    assert body["next_cursor"] is not None


def test_limit_bounds_are_accepted(client, topics):
    for limit in ("1", "500"):
        assert client.get(f"/api/v1/topics?limit={limit}").status_code == 200, limit


def test_limit_outside_1_to_500_is_400_never_clamped(client, topics):
    for limit in ("0", "501", "-1", "ten", "2.5"):
        body = problem(client.get(f"/api/v1/topics?limit={limit}"), 400)
        assert "limit" in body["errors"]


def test_limit_is_honoured(client, topics):
    assert ids(client.get("/api/v1/topics?limit=4")) == [1, 2, 3, 4]


# --- cursors -------------------------------------------------------------------


def test_pages_cover_every_row_once(client, topics):
    assert walk(client, "/api/v1/topics?limit=4") == [[1, 2, 3, 4], [5, 6]]
    assert walk(client, "/api/v1/topics?limit=2") == [[1, 2], [3, 4], [5, 6]]


def test_last_page_has_null_cursor_and_no_link(client, topics):
    response = client.get("/api/v1/topics?limit=6")
    assert response.get_json()["next_cursor"] is None
    assert "Link" not in response.headers


def test_link_header_points_to_the_next_page_keeping_the_query(client, topics):
    response = client.get("/api/v1/topics?limit=2&sort=-slug")
    cursor = response.get_json()["next_cursor"]
    match = re.fullmatch(r'<(.+)>; rel="next"', response.headers["Link"])
    assert match, response.headers["Link"]
    url = match.group(1)
    assert f"cursor={cursor}" in url and "limit=2" in url and "sort=-slug" in url
    following = client.get(url)
    assert following.status_code == 200
    expected = sorted(range(1, 7), key=lambda i: SLUGS[i - 1], reverse=True)
    assert ids(following) == expected[2:4]


def test_count_true_gives_the_total_of_the_filtered_list(client, topics):
    body = client.get("/api/v1/topics?limit=2&count=true").get_json()
    assert body["total"] == 6
    assert len(body["items"]) == 2
    filtered = client.get("/api/v1/topics?slug=terrorism&slug=resistance&count=true").get_json()
    assert filtered["total"] == 2


def test_total_is_absent_without_count(client, topics):
    assert "total" not in client.get("/api/v1/topics").get_json()
    assert "total" not in client.get("/api/v1/topics?count=false").get_json()


def test_cursor_survives_deletes_and_inserts_between_pages(client, writer, topics):
    first = client.get("/api/v1/topics?limit=3&sort=slug").get_json()
    by_slug = sorted(topics, key=lambda t: t["slug"])
    assert [t["id"] for t in first["items"]] == [t["id"] for t in by_slug[:3]]
    # Delete the very row the cursor points at and one already served, and
    # insert rows that sort before the cursor, between the pages and at the end.
    for gone in (by_slug[2], by_slug[0]):
        assert client.delete(f"/api/v1/topics/{gone['id']}", headers=writer).status_code == 204
    create_topic(client, writer, "aaa-early", "مبكر")                   # before the cursor
    between = create_topic(client, writer, "sovereignty-2", "السيادة")  # after it
    late = create_topic(client, writer, "zzz-late", "متأخر")
    rest = client.get(f"/api/v1/topics?limit=10&sort=slug&cursor={first['next_cursor']}")
    expected = sorted(by_slug[3:] + [between, late], key=lambda t: t["slug"])
    assert ids(rest) == [t["id"] for t in expected]


def test_malformed_cursor_is_400(client, topics):
    for cursor in ("not-a-cursor!", "%%%", forge(["just", "a", "list"]), forge({"s": "id", "k": ["one"]}),
                   forge({"s": "id", "k": [1, 2]}), forge({"s": "id", "k": [10**30]}),
                   forge({"s": "id", "k": [True]}), forge({"s": "id", "k": [None]}), base64.urlsafe_b64encode(b"\xff\xfe").decode()):
        body = problem(client.get("/api/v1/topics", query_string={"cursor": cursor}), 400)
        assert "cursor" in body["errors"], cursor


def test_cursor_holding_a_nul_is_400(client, topics):
    cursor = forge({"s": "slug,id", "k": ["resistance\u0000", 4]})
    body = problem(client.get("/api/v1/topics", query_string={"sort": "slug", "cursor": cursor}), 400)
    assert "cursor" in body["errors"]


def test_cursor_from_another_sort_is_400(client, topics):
    cursor = client.get("/api/v1/topics?limit=2&sort=slug").get_json()["next_cursor"]
    body = problem(client.get(f"/api/v1/topics?limit=2&sort=-slug&cursor={cursor}"), 400)
    assert "cursor" in body["errors"]
    problem(client.get(f"/api/v1/topics?limit=2&cursor={cursor}"), 400)


def test_cursor_of_another_collection_is_400(client, writer, topics):
    create_participant(client, writer)
    create_participant(client, writer, "حسن روحاني")
    cursor = client.get("/api/v1/participants?limit=1&sort=name_ar").get_json()["next_cursor"]
    problem(client.get(f"/api/v1/topics?limit=1&sort=slug&cursor={cursor}"), 400)


# --- sorting -------------------------------------------------------------------


def test_sort_ascending_and_descending(client, topics):
    by_slug = [t["id"] for t in sorted(topics, key=lambda t: t["slug"])]
    assert ids(client.get("/api/v1/topics?sort=slug")) == by_slug
    assert ids(client.get("/api/v1/topics?sort=-slug")) == by_slug[::-1]
    assert ids(client.get("/api/v1/topics?sort=-id")) == [6, 5, 4, 3, 2, 1]


def test_unknown_or_undocumented_sort_field_is_400(client, topics):
    for sort in ("popularity", "name_ar", "-name_en", "slug,bogus"):
        body = problem(client.get("/api/v1/topics", query_string={"sort": sort}), 400)
        assert "sort" in body["errors"], sort


@pytest.fixture
def articles(client, writer):
    """Five articles, two of them undated, two published at the same moment."""
    dates = ["2022-05-08T17:54:00+04:30", None, "2017-01-18T19:04:00+03:00",
             "2022-05-08T17:54:00+04:30", None]
    return [create_article(client, writer, published_at=date) for date in dates]


def _expected(articles, descending):
    """Nulls last ascending and first descending; ties broken by id in the same direction."""
    def key(article):
        moment = article["published_at"]
        return (moment is None, _instant(moment) if moment else "", article["id"])
    ordered = sorted(articles, key=key)
    return [a["id"] for a in (ordered[::-1] if descending else ordered)]


def _instant(moment):
    import datetime
    return datetime.datetime.fromisoformat(moment).astimezone(datetime.timezone.utc).isoformat()


@pytest.mark.parametrize("sort, descending", [("published_at", False), ("-published_at", True)])
def test_sort_on_a_nullable_field_pages_through_the_nulls(client, articles, sort, descending):
    expected = _expected(articles, descending)
    assert ids(client.get(f"/api/v1/articles?sort={sort}")) == expected
    for limit in (1, 2, 3):
        pages = walk(client, f"/api/v1/articles?sort={sort}&limit={limit}")
        assert [i for page in pages for i in page] == expected, limit


def test_multi_field_sort(client, writer):
    names = [("حسن روحاني", "Hassan Rouhani"), ("عماد خميس", None), ("حسن روحاني", None),
             ("بشار الأسد", "Bashar al-Assad"), ("عماد خميس", "Imad Khamis")]
    people = [create_participant(client, writer, ar, name_en=en) for ar, en in names]

    def key(p):
        # name_ar ascending; within a name, name_en descending with nulls first.
        return (p["name_ar"], p["name_en"] is not None, [-ord(c) for c in p["name_en"] or ""])
    expected = [p["id"] for p in sorted(people, key=key)]
    assert ids(client.get("/api/v1/participants?sort=name_ar,-name_en")) == expected
    for limit in (1, 2):
        pages = walk(client, f"/api/v1/participants?sort=name_ar,-name_en&limit={limit}")
        assert [i for page in pages for i in page] == expected, limit


def test_ties_on_the_sort_field_are_broken_by_id(client, writer):
    # Rows created within one second share created_at: only the id orders them.
    articles = [create_article(client, writer) for _ in range(5)]
    assert len({a["created_at"] for a in articles}) < 5
    in_order = [a["id"] for a in articles]
    for sort, expected in (("created_at", in_order), ("-created_at", in_order[::-1])):
        pages = walk(client, f"/api/v1/articles?sort={sort}&limit=2")
        assert [i for page in pages for i in page] == expected, sort


def test_link_header_never_reflects_the_host_header(client, topics):
    response = client.get("/api/v1/topics?limit=2", headers={"Host": "evil.example"})
    link = response.headers["Link"]
    assert "evil.example" not in link
    assert link.startswith("</api/v1/topics?"), link


def test_location_header_never_reflects_the_host_header(client, writer):
    response = client.post("/api/v1/topics", json={"slug": "host-check", "name_ar": "موضوع"},
                           headers={**writer, "Host": "evil.example"})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.headers["Location"].startswith("/api/v1/topics/"), response.headers["Location"]
