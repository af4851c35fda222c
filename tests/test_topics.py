"""Topics that statements are tagged with: reconstruction, sovereignty, Astana talks."""
from tests.helpers import create_statement, create_topic, ids, problem


def test_create_topic(client, writer):
    response = client.post("/api/v1/topics", json={
        "slug": "reconstruction", "name_ar": "إعادة الإعمار", "name_en": "Reconstruction"},
        headers=writer)
    assert response.status_code == 201
    topic = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/topics/{topic['id']}")
    assert (topic["slug"], topic["name_ar"], topic["name_en"]) == (
        "reconstruction", "إعادة الإعمار", "Reconstruction")


def test_slug_is_lowercase_words_joined_by_hyphens(client, writer):
    for slug in ("Astana Talks", "astana_talks", "-astana", "محادثات"):
        body = problem(client.post("/api/v1/topics", json={"slug": slug, "name_ar": "محادثات أستانا"},
                                   headers=writer), 422)
        assert "slug" in body["errors"]


def test_slug_and_name_are_bounded(client, writer):
    body = problem(client.post("/api/v1/topics", json={"slug": "a" * 101, "name_ar": "س" * 201},
                               headers=writer), 422)
    assert set(body["errors"]) == {"slug", "name_ar"}


def test_slug_is_unique(client, writer):
    create_topic(client, writer, "terrorism", "الإرهاب")
    body = problem(client.post("/api/v1/topics", json={"slug": "terrorism", "name_ar": "مكافحة الإرهاب"},
                               headers=writer), 409)
    assert "slug" in body["errors"]


def test_filter_by_slug_repeated_is_or(client, writer):
    terrorism = create_topic(client, writer, "terrorism", "الإرهاب")
    create_topic(client, writer, "reconstruction", "إعادة الإعمار")
    sovereignty = create_topic(client, writer, "sovereignty", "السيادة")
    response = client.get("/api/v1/topics?slug=terrorism&slug=sovereignty")
    assert ids(response) == [terrorism["id"], sovereignty["id"]]


def test_delete_tagged_topic_is_409_and_cascade_removes_only_the_tag(client, writer):
    astana = create_topic(client, writer)
    statement = create_statement(client, writer, topic_ids=[astana["id"]])
    body = problem(client.delete(f"/api/v1/topics/{astana['id']}", headers=writer), 409)
    assert body["references"] == {"statement_topic.topic": 1}
    assert client.delete(f"/api/v1/topics/{astana['id']}?cascade=true", headers=writer).status_code == 204
    kept = client.get(f"/api/v1/statements/{statement['id']}")
    assert kept.status_code == 200
    assert kept.get_json()["topic_ids"] == []


def test_untagged_topic_deletes_without_cascade(client, writer):
    astana = create_topic(client, writer)
    assert client.delete(f"/api/v1/topics/{astana['id']}", headers=writer).status_code == 204
    problem(client.get(f"/api/v1/topics/{astana['id']}"), 404)
