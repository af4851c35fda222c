"""/stats/statements counts exactly what a plain GROUP BY over the tables counts.

The endpoint counts rows (COUNT(*)) over a covering index; here each
grouping is counted again the plainest way, COUNT(DISTINCT statement.id)
over the joined tables, on the seed dataset and after statements are
created, moved to another speaker, article, date or topics, and deleted,
and after a topic is deleted with its links.
"""
import pytest

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


def plain_counts(group_by, first=None, last=None, speaker=None):
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
    sql = (f"SELECT {key}, COUNT(DISTINCT s.id) FROM statement s JOIN article a ON a.id = s.article_id {join} "
           f"WHERE {' AND '.join(where)} GROUP BY {key}")
    return {(str(k) if k is not None else None): n for k, n in database.execute_sql(sql, params).fetchall()}


LABELS = {"participant": "SELECT id, name_ar FROM participant", "country": "SELECT code, name_ar FROM country",
          "topic": "SELECT id, name_ar FROM topic", "outlet": "SELECT id, name FROM outlet"}


def plain_labels(group_by):
    if group_by not in LABELS:
        return None
    return {str(k): label for k, label in database.execute_sql(LABELS[group_by]).fetchall()}


def served_counts(client, group_by, first=None, last=None, speaker=None):
    query = {"group_by": group_by, **({"from": first} if first else {}), **({"to": last} if last else {}),
             **({"speaker": speaker} if speaker else {})}
    response = client.get("/api/v1/stats/statements", query_string=query)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return {(str(item["key"]) if item["key"] is not None else None): item["count"] for item in body["items"]}, body


def check_every_grouping(app, client, speaker):
    for group_by in GROUPINGS:
        for first, last, who in [(None, None, None), ("2023-01-01", "2024-12-31", None), (None, None, speaker),
                                 ("2024-03-01", None, None)]:
            served, body = served_counts(client, group_by, first, last, who)
            with app.app_context():
                expected = plain_counts(group_by, first, last, who)
                matching = plain_counts("participant", first, last, who)
                labels = plain_labels(group_by)
                database.close()
            assert served == expected, (group_by, first, last, who)
            for item in body["items"]:
                wanted = item["key"] if labels is None else labels.get(str(item["key"]))
                assert item["label"] == wanted, (group_by, item)
            assert body["total"] == sum(matching.values()), (group_by, first, last, who)


@pytest.fixture
def speaker(seeded_client):
    return seeded_client.get("/api/v1/statements?limit=1").get_json()["items"][0]["speaker_id"]


def test_the_counts_are_a_plain_group_by_on_the_seed_dataset(seeded, seeded_client, speaker):
    check_every_grouping(seeded, seeded_client, speaker)
    with seeded.app_context():
        assert Statement.select().count() > 20  # the dataset has something to count
        database.close()


def test_the_counts_stay_exact_through_writes_updates_and_deletes(seeded, seeded_writer, speaker):
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
    check_every_grouping(seeded, client, speaker)
