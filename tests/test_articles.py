"""News articles, stored exactly as published, with their outlet and provenance."""
from tests.helpers import (
    ASSAD_BODY,
    KHAMIS_BODY,
    create_article,
    create_outlet,
    create_statement,
    create_topic,
    ids,
    post,
    problem,
)


def test_create_article_keeps_every_field(client, writer):
    outlet = create_outlet(client, writer)
    response = client.post("/api/v1/articles", json={
        "outlet_id": outlet["id"],
        "title": "خلال لقائه روحاني.. خميس يأمل في توصل لقاء أستانا إلى حل بشأن سوريا",
        "body": KHAMIS_BODY,
        "url": "https://www.syria-news.com/readnews.php?sy_seq=207532",
        "published_at": "2017-01-18T19:04:00+03:00",
        "date_precision": "day",
        "dateline": "طهران",
        "credits": "سيريانيوز",
        "provenance": "seeds/003",
    }, headers=writer)
    assert response.status_code == 201
    article = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/articles/{article['id']}")
    assert article["body"] == KHAMIS_BODY
    assert article["outlet_id"] == outlet["id"]
    assert article["dateline"] == "طهران"
    assert article["language"] == "ar"
    assert len(article["content_hash"]) == 64


def test_body_is_required_and_not_empty(client, writer):
    for article in ({"title": "رئيسي والأسد"}, {"body": ""}):
        body = problem(client.post("/api/v1/articles", json=article, headers=writer), 422)
        assert "body" in body["errors"]


def test_published_at_is_served_in_the_outlets_own_offset(client, writer):
    article = create_article(client, writer, published_at="2022-05-08T17:54:00+04:30")
    assert article["published_at"] == "2022-05-08T17:54:00+04:30"
    stored = client.get(f"/api/v1/articles/{article['id']}").get_json()
    assert stored["published_at"] == "2022-05-08T17:54:00+04:30"


def test_published_at_without_an_offset_is_422(client, writer):
    body = problem(client.post("/api/v1/articles", json={
        "body": KHAMIS_BODY, "published_at": "2022-05-08T17:54:00"}, headers=writer), 422)
    assert "published_at" in body["errors"]


def test_language_must_be_a_bcp47_tag(client, writer):
    for language in ("arabic!", "a", "ar" + "-abcdefgh" * 5):  # the last is longer than 35
        body = problem(client.post("/api/v1/articles", json={"body": KHAMIS_BODY, "language": language},
                                   headers=writer), 422)
        assert "language" in body["errors"]
    assert create_article(client, writer, language="fa-IR")["language"] == "fa-IR"


def test_content_hash_is_read_only(client, writer):
    body = problem(client.post("/api/v1/articles", json={"body": KHAMIS_BODY, "content_hash": "0" * 64},
                               headers=writer), 422)
    assert "content_hash" in body["errors"]


def test_syndicated_copies_differing_only_in_hamza_share_a_content_hash(client, writer):
    original = create_article(client, writer, body="يأمل في توصل لقاء أستانا إلى حل بشأن سوريا")
    copy = create_article(client, writer, body="يأمل في توصل لقاء استانا الى حل بشأن سوريا")
    other = create_article(client, writer, body=ASSAD_BODY)
    assert original["content_hash"] == copy["content_hash"] != other["content_hash"]
    found = client.get(f"/api/v1/articles?content_hash={original['content_hash']}")
    assert ids(found) == [original["id"], copy["id"]]


def test_changing_the_body_changes_the_content_hash(client, writer):
    article = create_article(client, writer)
    changed = client.patch(f"/api/v1/articles/{article['id']}", json={"body": ASSAD_BODY}, headers=writer)
    assert changed.get_json()["content_hash"] != article["content_hash"]


def test_url_is_unique_when_present(client, writer):
    url = "https://www.alalamtv.net/news/5860428"
    create_article(client, writer, url=url)
    body = problem(client.post("/api/v1/articles", json={"body": ASSAD_BODY, "url": url},
                               headers=writer), 409)
    assert "url" in body["errors"]
    create_article(client, writer)
    create_article(client, writer)  # any number of articles without a url


def test_unknown_outlet_is_422_naming_outlet_id(client, writer):
    body = problem(client.post("/api/v1/articles", json={"body": KHAMIS_BODY, "outlet_id": 999},
                               headers=writer), 422)
    assert "outlet_id" in body["errors"]


def test_filter_by_outlet(client, writer):
    sana = create_outlet(client, writer, "SANA")
    tasnim = create_outlet(client, writer, "Tasnim")
    from_sana = create_article(client, writer, outlet_id=sana["id"])
    create_article(client, writer, outlet_id=tasnim["id"])
    assert ids(client.get(f"/api/v1/articles?outlet={sana['id']}")) == [from_sana["id"]]


def test_published_after_and_before_compare_instants_across_offsets(client, writer):
    tehran = create_article(client, writer, published_at="2022-05-08T17:54:00+04:30")  # 13:24Z
    damascus = create_article(client, writer, published_at="2022-05-08T15:00:00+03:00")  # 12:00Z
    create_article(client, writer)  # undated
    after = client.get("/api/v1/articles?published_after=2022-05-08T13:00:00%2B00:00")
    assert ids(after) == [tehran["id"]]
    before = client.get("/api/v1/articles?published_before=2022-05-08T13:00:00Z")
    assert ids(before) == [damascus["id"]]


def test_sort_by_published_at_newest_first(client, writer):
    older = create_article(client, writer, published_at="2017-01-18T19:04:00+03:00")
    newer = create_article(client, writer, published_at="2022-05-08T17:54:00+04:30")
    assert ids(client.get("/api/v1/articles?sort=-published_at"))[:2] == [newer["id"], older["id"]]


def test_expand_outlet_embeds_it_beside_outlet_id(client, writer):
    outlet = create_outlet(client, writer, "Al-Alam", name_ar="العالم")
    article = create_article(client, writer, outlet_id=outlet["id"])
    embedded = client.get(f"/api/v1/articles/{article['id']}?expand=outlet").get_json()
    assert embedded["outlet_id"] == outlet["id"]
    assert embedded["outlet"]["name_ar"] == "العالم"


def test_patch_null_clears_published_at(client, writer):
    article = create_article(client, writer, published_at="2022-05-08T17:54:00+04:30")
    cleared = client.patch(f"/api/v1/articles/{article['id']}", json={"published_at": None},
                           headers=writer).get_json()
    assert cleared["published_at"] is None


def test_delete_article_with_statements_is_409_and_cascade_deletes_them(client, writer):
    astana = create_topic(client, writer)
    statement = create_statement(client, writer, topic_ids=[astana["id"]])
    article_id = statement["article_id"]
    body = problem(client.delete(f"/api/v1/articles/{article_id}", headers=writer), 409)
    assert body["references"] == {"statement.article": 1}
    assert client.get(f"/api/v1/statements/{statement['id']}").status_code == 200
    assert client.delete(f"/api/v1/articles/{article_id}?cascade=true", headers=writer).status_code == 204
    problem(client.get(f"/api/v1/statements/{statement['id']}"), 404)
    problem(client.get(f"/api/v1/articles/{article_id}"), 404)
    # The deleted statement's topic links went with it: the topic is free.
    assert client.delete(f"/api/v1/topics/{astana['id']}", headers=writer).status_code == 204


def test_article_reported_by_an_event_cannot_be_deleted_without_cascade(client, writer):
    article = create_article(client, writer)
    event = post(client, writer, "/events", {"article_ids": [article["id"]]})
    body = problem(client.delete(f"/api/v1/articles/{article['id']}", headers=writer), 409)
    assert body["references"] == {"article_event.article": 1}
    assert client.delete(f"/api/v1/articles/{article['id']}?cascade=true", headers=writer).status_code == 204
    assert client.get(f"/api/v1/events/{event['id']}").get_json()["article_ids"] == []
