"""/stats/statements counts exactly what a plain GROUP BY over the tables counts.

The endpoint counts rows (COUNT(*)) over a covering index; here each
grouping is counted again the plainest way, COUNT(DISTINCT statement.id)
over the joined tables, on the seed dataset and after statements are
created, moved to another speaker, article, date or topics, and deleted,
and after a topic is deleted with its links.
"""
import datetime

import pytest

from service import counts
from service.db import database
from service.models import Statement

GROUPINGS = ["participant", "country", "topic", "outlet", "month"]

PLAIN = {
    "participant": ("s.speaker_id", ""),
    "country": ("p.country_code", "JOIN participant p ON p.id = s.speaker_id"),
    "topic": ("st.topic_id", "JOIN statement_topic st ON st.statement_id = s.id"),
    "outlet": ("a.outlet_id", ""),
    "month": ("{month}", ""),
}


def plain_counts(group_by, first=None, last=None, speaker=None, country=None, topic=None):
    key, join = PLAIN[group_by]
    month = "strftime('%Y-%m', a.published_at)" if database.obj.__class__.__name__.startswith("Sqlite") \
        else "to_char(a.published_at, 'YYYY-MM')"
    key = key.format(month=month)
    where, params = ["1 = 1"], []
    if first:
        where.append(f"a.published_at >= {database.param}")
        params.append(f"{first} 00:00:00")
    if last:
        where.append(f"a.published_at <= {database.param}")
        params.append(f"{last} 23:59:59.999999")
    if speaker:
        where.append(f"s.speaker_id = {database.param}")
        params.append(speaker)
    if country:
        where.append(f"s.speaker_id IN (SELECT id FROM participant WHERE country_code = {database.param})")
        params.append(country)
    if topic:
        where.append(f"s.id IN (SELECT statement_id FROM statement_topic WHERE topic_id = {database.param})")
        params.append(topic)
    sql = (f"SELECT {key}, COUNT(DISTINCT s.id) FROM statement s JOIN article a ON a.id = s.article_id {join} "
           f"WHERE {' AND '.join(where)} GROUP BY {key}")
    return {(str(k) if k is not None else None): n for k, n in database.execute_sql(sql, params).fetchall()}


LABELS = {"participant": "SELECT id, name_ar FROM participant", "country": "SELECT code, name_ar FROM country",
          "topic": "SELECT id, name_ar FROM topic", "outlet": "SELECT id, name FROM outlet"}


def plain_labels(group_by):
    if group_by not in LABELS:
        return None
    return {str(k): label for k, label in database.execute_sql(LABELS[group_by]).fetchall()}


def served_counts(client, group_by, first=None, last=None, speaker=None, country=None, topic=None):
    query = {"group_by": group_by, **({"from": first} if first else {}), **({"to": last} if last else {}),
             **({"speaker": speaker} if speaker else {}), **({"country": country} if country else {}),
             **({"topic": topic} if topic else {})}
    response = client.get("/api/v1/stats/statements", query_string=query)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return {(str(item["key"]) if item["key"] is not None else None): item["count"] for item in body["items"]}, body


# Date ranges of whole months (answered from the kept month counts alone),
# with days at either end or both (the ends counted from the rows), within
# one month, reversed, and unbounded on either side.
RANGES = [(None, None), ("2023-01-01", "2024-12-31"), ("2024-03-01", None), ("2017-01-15", "2024-03-10"),
          ("2024-03-05", "2024-03-20"), (None, "2020-01-20"), ("2020-01-20", None), ("2024-03-10", "2024-03-05"),
          ("2024-02-29", "2024-03-01"), ("0001-01-01", "9999-12-31"), ("9999-12-15", None)]


def check_every_grouping(app, client, speaker, country=None, topic=None):
    cases = [(first, last, {}) for first, last in RANGES] + [
        (first, last, filters) for first, last in RANGES[:4]
        for filters in ({"speaker": speaker}, {"country": country}, {"topic": topic}) if all(filters.values())]
    for group_by in GROUPINGS:
        for first, last, filters in cases:
            served, body = served_counts(client, group_by, first, last, **filters)
            with app.app_context():
                expected = plain_counts(group_by, first, last, **filters)
                matching = plain_counts("participant", first, last, **filters)
                labels = plain_labels(group_by)
                database.close()
            assert served == expected, (group_by, first, last, filters)
            for item in body["items"]:
                wanted = item["key"] if labels is None else labels.get(str(item["key"]))
                assert item["label"] == wanted, (group_by, item)
            assert body["total"] == sum(matching.values()), (group_by, first, last, filters)
    with app.app_context():
        assert counts.drift() == []
        database.close()


@pytest.fixture
def speaker(seeded_client):
    return seeded_client.get("/api/v1/statements?limit=1").get_json()["items"][0]["speaker_id"]


@pytest.fixture
def country(seeded_client, speaker):
    return seeded_client.get(f"/api/v1/participants/{speaker}").get_json()["country_code"]


@pytest.fixture
def topic(seeded_client):
    tagged = [s for s in seeded_client.get("/api/v1/statements?limit=100").get_json()["items"] if s["topic_ids"]]
    return tagged[0]["topic_ids"][0]


def test_the_counts_are_a_plain_group_by_on_the_seed_dataset(seeded, seeded_client, speaker, country, topic):
    assert country and topic
    check_every_grouping(seeded, seeded_client, speaker, country, topic)
    with seeded.app_context():
        assert Statement.select().count() > 20  # the dataset has something to count
        database.close()


def test_the_counts_stay_exact_through_writes_updates_and_deletes(seeded, seeded_writer, speaker, country, topic):
    client = seeded.test_client()
    statements = client.get("/api/v1/statements?limit=6").get_json()["items"]
    articles = client.get("/api/v1/articles?limit=3").get_json()["items"]
    others = [p["id"] for p in client.get("/api/v1/participants?limit=5").get_json()["items"] if p["id"] != speaker]
    topics = [t["id"] for t in client.get("/api/v1/topics?limit=3").get_json()["items"]]
    for number, article in enumerate(articles):
        made = client.post("/api/v1/statements", headers=seeded_writer, json={
            "article_id": article["id"], "speaker_id": others[number % len(others)], "kind": "direct",
            "text": f"تصريح للعد رقم {number}", "topic_ids": topics[:number + 1]})
        assert made.status_code == 201, made.get_json()
    moves = [{"speaker_id": others[0]}, {"article_id": articles[-1]["id"]}, {"topic_ids": topics[1:]},
             {"topic_ids": []}]
    for statement, change in zip(statements, moves):
        moved = client.patch(f"/api/v1/statements/{statement['id']}", headers=seeded_writer, json=change)
        assert moved.status_code == 200, moved.get_json()
    redated = client.patch(f"/api/v1/articles/{articles[0]['id']}", headers=seeded_writer,
                           json={"published_at": "2024-06-15T10:00:00+00:00"})
    assert redated.status_code == 200, redated.get_json()
    for statement in statements[4:]:
        assert client.delete(f"/api/v1/statements/{statement['id']}", headers=seeded_writer).status_code == 204
    gone = client.delete(f"/api/v1/topics/{topics[0]}?cascade=true", headers=seeded_writer)
    assert gone.status_code == 204, gone.get_json()
    check_every_grouping(seeded, client, speaker, country, topic)


def test_whole_months_are_read_from_the_kept_counts_and_a_tampered_count_shows(seeded, seeded_client):
    """The month counts really answer whole months (a count changed behind the
    triggers' back changes the answer), and drift() sees the difference.
    Such a change makes no revision, so no answer may be kept for this test."""
    seeded.config["STATS_CACHE_ENTRIES"] = 0

    def served():
        return served_counts(seeded_client, "participant", "2000-01-01", "2030-12-31")[0]
    before = served()
    speaker, n = next(iter(before.items()))
    with seeded.app_context(), database.atomic():
        database.execute_sql("UPDATE statement_month_counts SET count = count + 1000 WHERE speaker_id = "
                             f"{database.param} AND month = (SELECT MIN(month) FROM statement_month_counts "
                             f"WHERE speaker_id = {database.param} AND count > 0 AND month <> '')", (int(speaker), int(speaker)))
    with seeded.app_context():
        assert [d[0] for d in counts.drift()] == ["statement_month_counts"]
        database.close()
    assert served()[speaker] == n + 1000
    with seeded.app_context():
        with database.atomic():
            counts.recount()
        assert counts.drift() == []
        database.close()
    assert served() == before


D = datetime.date


@pytest.mark.parametrize("first, last, months, edges", [
    (None, None, "all", []),
    (D(2023, 1, 1), D(2023, 12, 31), ("2023-01", "2023-12"), []),
    (D(2023, 1, 15), D(2023, 3, 10), ("2023-02", "2023-02"), [(D(2023, 1, 15), D(2023, 1, 31)),
                                                              (D(2023, 3, 1), D(2023, 3, 10))]),
    (D(2023, 1, 15), D(2023, 1, 20), None, [(D(2023, 1, 15), D(2023, 1, 20))]),
    (D(2023, 1, 1), D(2023, 1, 20), None, [(D(2023, 1, 1), D(2023, 1, 20))]),
    (D(2023, 1, 15), None, ("2023-02", None), [(D(2023, 1, 15), D(2023, 1, 31))]),
    (None, D(2024, 2, 28), (None, "2024-01"), [(D(2024, 2, 1), D(2024, 2, 28))]),
    (None, D(2024, 2, 29), (None, "2024-02"), []),
    (D(2023, 3, 1), D(2023, 2, 1), None, [(D(2023, 3, 1), D(2023, 2, 1))]),
    (D(9999, 12, 15), None, None, [(D(9999, 12, 15), D(9999, 12, 31))]),
    (D(1, 1, 1), D(9999, 12, 31), ("0001-01", "9999-12"), []),
])
def test_a_date_range_splits_into_whole_months_and_the_days_at_its_ends(first, last, months, edges):
    assert counts.split_range(first, last) == (months, edges)


@pytest.mark.parametrize("group_by, filters, table", [
    ("participant", {"from": D(2023, 1, 1), "speaker": [1], "country": ["SY"]}, "statement_month_counts"),
    ("month", {"topic": [3]}, "topic_month_counts"),
    ("month", {"topic": [3, 4]}, None),  # a statement with both topics counts once
    ("topic", {"to": D(2023, 1, 1)}, "topic_month_counts"),
    ("topic", {"topic": [3]}, None),
    ("outlet", {}, None),
    ("participant", {"kind": ["direct"]}, None),
    ("country", {"q": "سوريا"}, None),
])
def test_what_the_kept_counts_can_answer(group_by, filters, table):
    source = counts.source_for(group_by, filters)
    assert (source and source._path[0]) == table


# -- answers kept while nothing is written (service/http/answers.py) ---------

YEAR = "/api/v1/stats/statements?group_by=participant&from=2017-01-01&to=2017-12-31"


@pytest.fixture
def computed(monkeypatch):
    """How many times the counts were computed (not served from the kept answers)."""
    from service.api import stats
    calls = []
    original = stats.statement_counts

    def counting(args):
        calls.append(args["group_by"])
        return original(args)
    monkeypatch.setattr(stats, "statement_counts", counting)
    return calls


def post_statement(client, headers, text):
    article = client.get("/api/v1/articles?limit=1").get_json()["items"][0]
    speaker = client.get("/api/v1/participants?limit=1").get_json()["items"][0]
    made = client.post("/api/v1/statements", headers=headers, json={
        "article_id": article["id"], "speaker_id": speaker["id"], "kind": "direct", "text": text})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def test_a_polled_answer_is_kept_until_the_next_write(seeded, seeded_writer, computed):
    client = seeded.test_client()
    everything = "/api/v1/stats/statements?group_by=participant"
    first = client.get(everything)
    again = client.get(everything)
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert computed == ["participant"]  # the second answer was the kept one

    made = post_statement(client, seeded_writer, "تصريح يغير العد")
    after = client.get(everything)
    assert computed == ["participant", "participant"]
    counts_before = {item["key"]: item["count"] for item in first.get_json()["items"]}
    counts_after = {item["key"]: item["count"] for item in after.get_json()["items"]}
    speaker = made["speaker_id"]
    assert counts_after[speaker] == counts_before.get(speaker, 0) + 1
    assert after.get_json()["total"] == first.get_json()["total"] + 1

    assert client.delete(f"/api/v1/statements/{made['id']}", headers=seeded_writer).status_code == 204
    assert client.get(everything).get_json() == first.get_json()  # a delete is a write too
    assert len(computed) == 3


def test_each_set_of_filters_and_pretty_has_its_own_answer(seeded, computed):
    client = seeded.test_client()
    plain, pretty, other = client.get(YEAR), client.get(YEAR + "&pretty=1"), client.get(YEAR.replace("participant", "month"))
    assert other.status_code == 200 and plain.get_data() != pretty.get_data() and b"\n  " in pretty.get_data()
    assert len(computed) == 3
    assert client.get(YEAR + "&pretty=1").get_data() == pretty.get_data()
    assert len(computed) == 3


def test_a_write_through_another_worker_is_seen_at_once(seeded, seeded_writer, computed):
    """Two processes' apps on one database: the kept answer is keyed by the
    revision log's head, which the other worker's write moves."""
    from .conftest import make_app
    other = make_app(seeded.config["DATABASE_URL"])
    client = seeded.test_client()
    everything = "/api/v1/stats/statements?group_by=participant"
    before = client.get(everything).get_json()["total"]
    post_statement(other.test_client(), seeded_writer, "تصريح من عامل آخر")
    assert client.get(everything).get_json()["total"] == before + 1


def test_no_answer_is_kept_with_the_setting_at_zero(seeded, computed):
    seeded.config["STATS_CACHE_ENTRIES"] = 0
    client = seeded.test_client()
    assert client.get(YEAR).get_data() == client.get(YEAR).get_data()
    assert len(computed) == 2


def test_the_kept_answers_are_bounded_in_entries_and_bytes():
    from service.http.answers import BYTES_BUDGET, LARGEST, AnswerCache
    cache = AnswerCache(3)
    for n in range(5):
        cache.put(n, b"x" * 10)
    assert list(cache.entries) == [2, 3, 4] and cache.size == 30
    assert cache.get(2) == b"x" * 10  # used: the last to go
    cache.put(5, b"y")
    assert list(cache.entries) == [4, 2, 5]
    cache.put("huge", b"z" * (LARGEST + 1))
    assert cache.get("huge") is None
    big = AnswerCache(1000)
    for n in range(BYTES_BUDGET // LARGEST + 3):
        big.put(n, b"b" * LARGEST)
    assert big.size <= BYTES_BUDGET
    assert AnswerCache(0).kept("k", lambda: b"v") == b"v" and not AnswerCache(0).entries
