"""The cache of schema dumps (service/records/dumps.py) changes no answer.

Every answer is compared, byte for byte, with the answer of the same
request with no cache (capacity 0), on the seed dataset and after writes
that change a row, a part it embeds, an expanded row, or that delete a row
whose id SQLite then gives to the next one.
"""
import pytest

from service.db import database, is_sqlite, write_transaction
from service.models import Statement
from service.records import dumps, statement_records

LISTS = ["/api/v1/statements?limit=100", "/api/v1/statements?limit=100&expand=speaker,article,event",
         "/api/v1/participants?limit=100", "/api/v1/articles?limit=100", "/api/v1/events?limit=100",
         "/api/v1/outlets?limit=100", "/api/v1/topics?limit=100", "/api/v1/countries?limit=300",
         "/api/v1/statements?limit=5&fields=id,text&pretty=1", "/api/v1/search?q=ايران&limit=50",
         "/api/v1/search?q=الاسد&type=participant&limit=50"]


def answers(client, paths):
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_json())
        found[path] = (response.get_data(), response.headers.get("ETag"))
    return found


def items_of(client, path):
    return [f"{path.split('?')[0]}/{item.get('id', item.get('code'))}" for item in client.get(path).get_json()["items"]]


def uncached(client, paths, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(dumps, "CAPACITY", 0)
        return answers(client, paths)


def every_path(client):
    return LISTS + [path for listed in LISTS[:1] + LISTS[2:8] for path in items_of(client, listed)]


def test_cached_answers_are_the_answers_without_the_cache(seeded_client, monkeypatch):
    paths = every_path(seeded_client)
    first = answers(seeded_client, paths)    # fills the cache
    assert len(dumps._cache.entries) > 100
    second = answers(seeded_client, paths)   # served from it
    assert second == first
    assert uncached(seeded_client, paths, monkeypatch) == first


def test_writes_are_seen_through_the_cache(seeded, seeded_writer, monkeypatch):
    client = seeded.test_client()
    statement = client.get("/api/v1/statements?limit=1").get_json()["items"][0]
    speaker = client.get(f"/api/v1/participants/{statement['speaker_id']}").get_json()
    feed = f"/api/v1/statements?speaker={speaker['id']}&expand=speaker&limit=100"
    paths = [f"/api/v1/statements/{statement['id']}", f"/api/v1/participants/{speaker['id']}", feed]
    answers(client, paths)
    # The row itself, an embedded part (topics), the expanded speaker's owned part (an alias).
    topics = [t["id"] for t in client.get("/api/v1/topics?limit=2").get_json()["items"]]
    assert client.patch(f"/api/v1/statements/{statement['id']}", headers=seeded_writer,
                        json={"topic_ids": topics, "attributed_via": "تغيير"}).status_code == 200
    aliases = [{k: a[k] for k in ("name", "kind", "language")} for a in speaker["aliases"]]
    assert client.patch(f"/api/v1/participants/{speaker['id']}", headers=seeded_writer, json={
        "aliases": aliases + [{"name": "اسم للاختبار", "kind": "short", "language": "ar"}]}).status_code == 200
    after = answers(client, paths)
    assert client.get(paths[0]).get_json()["topic_ids"] == topics
    assert "اسم للاختبار" in [a["name"] for a in client.get(feed).get_json()["items"][0]["speaker"]["aliases"]]
    assert after == uncached(client, paths, monkeypatch)


def test_a_deleted_row_s_id_given_again_is_not_served_from_the_cache(seeded, seeded_writer):
    client = seeded.test_client()
    newest = client.get("/api/v1/statements?sort=-id&limit=1").get_json()["items"][0]
    body = {k: newest[k] for k in ("article_id", "speaker_id", "kind")}
    made = client.post("/api/v1/statements", headers=seeded_writer, json={**body, "text": "نص أول للاختبار"})
    assert made.status_code == 201, made.get_json()
    key = made.get_json()["id"]
    assert client.get(f"/api/v1/statements/{key}").get_json()["text"] == "نص أول للاختبار"
    assert client.delete(f"/api/v1/statements/{key}", headers=seeded_writer).status_code == 204
    again = client.post("/api/v1/statements", headers=seeded_writer, json={**body, "text": "نص ثان للاختبار"})
    assert again.status_code == 201
    if is_sqlite():
        assert again.get_json()["id"] == key  # the same id and version: only updated_at tells them apart
    assert client.get(f"/api/v1/statements/{again.get_json()['id']}").get_json()["text"] == "نص ثان للاختبار"


def test_a_change_rolled_back_is_not_what_is_served_afterwards(seeded):
    with seeded.app_context():
        stored = statement_records.represent([Statement.select().first()])[0]
        with pytest.raises(RuntimeError):
            with write_transaction():
                row = Statement.select().first()
                row.text = "تغيير لا يبقى"
                assert statement_records.represent([row])[0]["text"] == "تغيير لا يبقى"
                raise RuntimeError("rolled back")
        assert statement_records.represent([Statement.select().first()])[0] == stored
        database.close()


def test_a_caller_changing_an_item_changes_no_later_answer(seeded):
    with seeded.app_context():
        rows = list(Statement.select().limit(3))
        first = statement_records.represent(rows)
        for item in first:
            item["text"] = "مغير"
            item.pop("id")
        again = statement_records.represent(list(Statement.select().limit(3)))
        assert [item["text"] for item in again] == [row.text for row in rows]
        assert all("id" in item for item in again)
        database.close()


def test_the_cache_is_bounded_in_text_as_well_as_rows(seeded, monkeypatch):
    monkeypatch.setattr(dumps, "_cache", dumps.DumpCache())
    monkeypatch.setattr(dumps, "TEXT_BUDGET", 2_000)
    monkeypatch.setattr(dumps, "LARGEST", 600)
    with seeded.app_context():
        rows = list(Statement.select().limit(40))
        expected = statement_records.represent(rows)
        kept = dumps._cache
        assert 0 < kept.size <= 2_000
        sizes = [size for _, size in kept.entries.values()]
        assert kept.size == sum(sizes)
        assert all(size <= 600 for size in sizes)
        assert len(kept.entries) < 40  # some were too long, or pushed out by the budget
        assert statement_records.represent(list(Statement.select().limit(40))) == expected
        database.close()


def test_rows_kept_by_version_are_served_without_loading_their_parts(seeded, monkeypatch):
    """A row read again, committed and unchanged, is found under what its ETag names:
    the topic links are loaded only for the rows the cache did not hold."""
    monkeypatch.setattr(dumps, "_cache", dumps.DumpCache())
    with seeded.app_context():
        loaded = []
        real = statement_records.load_parts
        monkeypatch.setattr(statement_records, "load_parts", lambda rows: (loaded.append(len(rows)), real(rows)))
        first = statement_records.represent(list(Statement.select().order_by(Statement.id).limit(10)))
        again = statement_records.represent(list(Statement.select().order_by(Statement.id).limit(12)))
        assert loaded == [10, 2]
        assert again[:10] == first
        with monkeypatch.context() as patch:
            patch.setattr(dumps, "CAPACITY", 0)
            assert statement_records.represent(list(Statement.select().order_by(Statement.id).limit(12))) == again
        database.close()


def test_a_representation_taken_inside_a_rolled_back_write_is_never_served_by_version(seeded, monkeypatch):
    """The rolled-back write and the next one bring the same version with other
    content: only what was read outside a transaction (committed) is kept by version."""
    monkeypatch.setattr(dumps, "_cache", dumps.DumpCache())
    with seeded.app_context():
        key = Statement.select().order_by(Statement.id).first().id
        statement_records.represent([Statement.get_by_id(key)])
        with pytest.raises(RuntimeError):
            with write_transaction():
                statement_records.update(key, {"attributed_via": "تغيير لا يبقى"})
                statement_records.represent([Statement.get_by_id(key)])
                raise RuntimeError("rolled back")
        with write_transaction():
            statement_records.update(key, {"attributed_via": "تغيير يبقى"})
        row = Statement.get_by_id(key)
        assert statement_records.represent([row])[0]["attributed_via"] == "تغيير يبقى"
        database.close()


def test_rows_without_a_token_or_changed_in_memory_are_kept_by_content(seeded, monkeypatch):
    monkeypatch.setattr(dumps, "_cache", dumps.DumpCache())
    with seeded.app_context():
        row = Statement.select().order_by(Statement.id).first()
        assert dumps.version_key(statement_records.serializer, row) is not None
        row.attributed_via = "في الذاكرة فقط"
        assert dumps.version_key(statement_records.serializer, row) is None
        assert statement_records.represent([row])[0]["attributed_via"] == "في الذاكرة فقط"
        untokened = Statement.select().order_by(Statement.id).first()
        untokened.__data__["row_token"] = None
        assert dumps.version_key(statement_records.serializer, untokened) is None
        database.close()
