"""/statements?sort=published_at: the reporting article's date, keyset-paged
in both directions, ties broken by id, articles without a date last
ascending and first descending (the rule of every nullable sort key)."""
import pytest

from tests.helpers import create_article, create_participant, create_statement, ids

DATES = ["2020-05-01T10:00:00Z", "2017-03-02T09:00:00Z", None, "2022-01-09T08:00:00Z",
         "2017-03-02T09:00:00Z", None, "2019-11-30T23:00:00Z"]


@pytest.fixture
def statements(client, writer):
    """One statement per date of DATES, ids 1–7 in that order; [(id, date)]."""
    speaker = create_participant(client, writer)["id"]
    made = []
    for date in DATES:
        fields = {"published_at": date} if date else {}
        article = create_article(client, writer, **fields)["id"]
        made.append((create_statement(client, writer, article_id=article, speaker_id=speaker)["id"], date))
    return made


def walk(client, url):
    pages, cursor = [], None
    while True:
        response = client.get(url + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.get_data(as_text=True)
        pages.append(ids(response))
        cursor = response.get_json()["next_cursor"]
        if cursor is None:
            return pages


def expected(made, descending):
    dated = sorted((s for s in made if s[1]), key=lambda s: (s[1], s[0]), reverse=descending)
    undated = sorted((s for s in made if not s[1]), key=lambda s: s[0], reverse=descending)
    return [s[0] for s in (undated + dated if descending else dated + undated)]


@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_oldest_first_pages_every_statement_once(client, statements, limit):
    pages = walk(client, f"/api/v1/statements?sort=published_at&limit={limit}")
    assert [i for page in pages for i in page] == expected(statements, descending=False)


@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_newest_first_pages_every_statement_once(client, statements, limit):
    pages = walk(client, f"/api/v1/statements?sort=-published_at&limit={limit}")
    assert [i for page in pages for i in page] == expected(statements, descending=True)


def test_the_order_is_the_articles_date_not_the_statements_id(client, statements):
    first = ids(client.get("/api/v1/statements?sort=-published_at&limit=7&expand=article"))
    assert first != sorted(first) and first != sorted(first, reverse=True)


def test_a_published_at_cursor_does_not_serve_another_sort(client, statements):
    cursor = client.get("/api/v1/statements?sort=-published_at&limit=2").get_json()["next_cursor"]
    assert client.get(f"/api/v1/statements?sort=published_at&cursor={cursor}").status_code == 400


def test_csv_follows_the_same_order(client, statements):
    body = client.get("/api/v1/statements?sort=-published_at&format=csv&fields=id").get_data(as_text=True)
    assert [int(line) for line in body.split()[1:]] == expected(statements, descending=True)


@pytest.mark.parametrize("sort", ["-published_at,-published_at", "-published_at,published_at,-published_at",
                                  "-published_at,-id,id"])
def test_a_sort_key_named_again_changes_nothing(client, statements, sort):
    # found by schemathesis: the joined key named twice was an ambiguous column (a 500)
    pages = walk(client, f"/api/v1/statements?sort={sort}&limit=2")
    assert [i for page in pages for i in page] == expected(statements, descending=True)


def test_a_sort_key_named_twice_orders_as_named_once(client, writer):
    # Each mention of published_at joined the article again: an ambiguous column, a 500.
    create_statement(client, writer)
    once = client.get("/api/v1/statements?sort=-published_at")
    twice = client.get("/api/v1/statements?sort=-published_at,published_at,-published_at")
    assert once.status_code == twice.status_code == 200
    assert [s["id"] for s in twice.get_json()["items"]] == [s["id"] for s in once.get_json()["items"]]
