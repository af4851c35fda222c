"""The change feed (GET /api/v1/changes): the revision log followed by a cursor.

Every write in commit order with its record's new representation, resumable
from `next_cursor`, with an optional long poll. Commit order under eight
concurrent writers on PostgreSQL is tests/test_changes_commit_order.py.
"""
import collections
import json
import threading
import time

import pytest

from service import create_app
from service.config import from_environment
from service.db import database
from service.migrations import upgrade

from . import feed_mirror
from .conftest import _key
from .helpers import API, create_country, create_participant, problem

NDJSON = {"Content-Type": "application/x-ndjson"}


def changes(client, headers=None, **query):
    page = client.get(f"{API}/changes", query_string=query, headers=headers or {})
    assert page.status_code == 200, page.get_json()
    return page


def every_change(client, headers=None, since=None, **query):
    seen = []
    while True:
        body = changes(client, headers, **query, **({"since": since} if since else {})).get_json()
        seen += body["items"]
        since = body["next_cursor"]
        if not body["items"]:
            return seen, since


def test_every_write_is_in_the_feed_in_commit_order_with_its_new_representation(client, writer, admin):
    create_country(client, writer)
    participant = create_participant(client, writer, name_ar="عماد خميس", country_code="SY")
    url = f"{API}/participants/{participant['id']}"
    client.patch(url, headers=writer, json={"name_en": "Imad Khamis"})
    assert client.delete(url, headers=writer).status_code == 204

    seen, _ = every_change(client, admin)
    assert [(c["resource"], c["id"], c["action"], c["version"]) for c in seen] == [
        ("country", "SY", "create", 1), ("participant", participant["id"], "create", 1),
        ("participant", participant["id"], "update", 2), ("participant", participant["id"], "delete", 2)]
    assert seen[0]["representation"] == client.get(f"{API}/countries/SY").get_json()
    assert seen[1]["representation"]["name_ar"] == "عماد خميس"
    assert seen[2]["representation"]["name_en"] == "Imad Khamis"
    assert seen[3]["representation"] is None
    assert [c["revision"] for c in seen] == sorted(c["revision"] for c in seen)
    assert {c["api_key"] for c in seen} == {"writer"}
    assert all(c["at"].endswith("+00:00") for c in seen)


def test_key_names_are_shown_to_admins_only(client, writer, admin):
    create_country(client, writer)
    assert [c["api_key"] for c in changes(client).get_json()["items"]] == [None]
    assert [c["api_key"] for c in changes(client, writer).get_json()["items"]] == [None]
    assert [c["api_key"] for c in changes(client, admin).get_json()["items"]] == ["writer"]


def test_a_follower_resumes_from_its_cursor_and_sees_each_change_once(client, writer):
    names = ("عماد خميس", "وليد المعلم", "بشار الأسد", "حسن روحاني", "محمد جواد ظريف")
    for name in names[:3]:
        create_participant(client, writer, name_ar=name)
    first = changes(client, limit=2)
    assert 'rel="next"' in first.headers["Link"] and "since=" in first.headers["Link"]
    since = first.get_json()["next_cursor"]
    for name in names[3:]:
        create_participant(client, writer, name_ar=name)
    rest, last = every_change(client, limit=2, since=since)
    followed = first.get_json()["items"] + rest
    assert [c["representation"]["name_ar"] for c in followed] == list(names)
    # The cursor of an empty page is where to ask again: nothing is repeated.
    assert changes(client, since=last).get_json()["items"] == []
    assert changes(client, since=last).get_json()["next_cursor"] == last


def test_since_now_skips_the_past(client, writer):
    create_participant(client, writer)
    now = changes(client, since="now").get_json()
    assert now["items"] == [] and now["next_cursor"]
    create_participant(client, writer, name_ar="وليد المعلم")
    after = changes(client, since=now["next_cursor"]).get_json()["items"]
    assert [c["representation"]["name_ar"] for c in after] == ["وليد المعلم"]


def test_a_resource_filter_moves_the_cursor_past_other_kinds(client, writer):
    create_country(client, writer)
    create_participant(client, writer)
    only_countries = changes(client, resource="country").get_json()
    assert [c["resource"] for c in only_countries["items"]] == ["country"]
    create_country(client, writer, code="IR", name_ar="إيران", name_en="Iran")
    later = changes(client, resource="country", since=only_countries["next_cursor"]).get_json()
    assert [c["id"] for c in later["items"]] == ["IR"]
    # Past the participant it was never shown: an unfiltered read from here sees nothing old.
    assert changes(client, since=later["next_cursor"]).get_json()["items"] == []


def test_an_import_is_in_the_feed_with_each_rows_representation(seeded_client, app, client):
    dump = seeded_client.get(f"{API}/export").get_data()
    admin = _key(app, "admin", "admin")
    assert client.post(f"{API}/import", headers={**admin, **NDJSON}, data=dump).status_code == 200
    writer = _key(app, "writer", "write")
    assert client.patch(f"{API}/participants/1", headers=writer, json={"name_en": "B. al-Assad"}).status_code == 200

    seen, _ = every_change(client, limit=500)
    imported = [c for c in seen if c["action"] == "import"]
    counts = collections.Counter(c["resource"] for c in imported)
    assert counts["statement"] == 63 and counts["participant"] > 0 and counts["country"] > 0
    statement = next(c for c in imported if c["resource"] == "statement" and c["id"] == 1)
    assert statement["representation"] == client.get(f"{API}/statements/1").get_json()
    # A row changed since: its import shows the state the import left, the update the new one.
    assassad = [c for c in seen if c["resource"] == "participant" and c["id"] == 1]
    assert [c["action"] for c in assassad] == ["import", "update"]
    assert assassad[0]["representation"]["name_en"] == "Bashar al-Assad"
    assert assassad[0]["representation"]["version"] == assassad[0]["version"]
    assert assassad[1]["representation"]["name_en"] == "B. al-Assad"


def test_a_long_poll_answers_as_soon_as_a_change_is_committed(client, writer):
    since = changes(client, since="now").get_json()["next_cursor"]
    answer = {}

    def poll():
        started = time.monotonic()
        answer["page"] = client.get(f"{API}/changes", query_string={"since": since, "wait": 20}).get_json()
        answer["seconds"] = time.monotonic() - started

    waiting = threading.Thread(target=poll)
    waiting.start()
    time.sleep(0.5)
    create_participant(client, writer, name_ar="وليد المعلم")
    waiting.join(30)
    assert [c["representation"]["name_ar"] for c in answer["page"]["items"]] == ["وليد المعلم"]
    assert answer["seconds"] < 10  # far below the 20 s it could have waited


def test_a_long_poll_with_nothing_to_say_answers_empty_when_its_wait_is_over(client):
    started = time.monotonic()
    page = changes(client, since="now", wait=1)
    assert page.get_json()["items"] == [] and "Retry-After" not in page.headers
    assert time.monotonic() - started >= 1


def test_a_long_poll_beyond_the_workers_waiting_places_is_answered_at_once(database_url):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "RATE_LIMIT": "off", "FEED_WAITERS": 0})
    with app.app_context():
        upgrade()
        database.close()
    started = time.monotonic()
    page = changes(app.test_client(), since="now", wait=30)
    assert time.monotonic() - started < 10
    assert page.get_json()["items"] == [] and page.headers["Retry-After"] == "1"


@pytest.mark.parametrize("query", [{"wait": "31"}, {"wait": "-1"}, {"wait": "soon"}, {"limit": "0"},
                                   {"limit": "501"}, {"since": "garbage"}, {"since": ""},
                                   {"resource": "alias"}, {"sinse": "now"}])
def test_a_bad_parameter_is_a_400_naming_it(client, query):
    body = problem(client.get(f"{API}/changes", query_string=query), 400)
    assert set(body["errors"]) == set(query)


def test_a_cursor_of_another_list_is_refused(client, writer):
    for name in ("عماد خميس", "وليد المعلم"):
        create_participant(client, writer, name_ar=name)
    revisions_cursor = client.get(f"{API}/revisions", query_string={"limit": 1}).get_json()["next_cursor"]
    body = problem(client.get(f"{API}/changes", query_string={"since": revisions_cursor}), 400)
    assert "since" in body["errors"]


def export_without_part_ids(client):
    """The export as {table: sorted rows}; owned parts (aliases, links) without their own ids,
    which a follower never sees: they are parts of their record's representation."""
    tables = collections.defaultdict(list)
    for line in client.get(f"{API}/export").get_data(as_text=True).splitlines():
        entry = json.loads(line)
        if entry["type"] == "meta":
            continue
        row = entry["row"]
        if entry["type"] in ("alias", "event_participant", "article_event", "statement_topic"):
            row.pop("id")
        tables[entry["type"]].append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return {table: sorted(rows) for table, rows in tables.items()}


def test_a_follower_mirrors_the_whole_dataset_into_an_empty_database(seeded_client, app, client, tmp_path):
    # The seed imported (the bulk path), then some of every other action on top.
    dump = seeded_client.get(f"{API}/export").get_data()
    assert client.post(f"{API}/import", headers={**_key(app, "admin", "admin"), **NDJSON},
                       data=dump).status_code == 200
    writer = _key(app, "writer", "write")
    assert client.patch(f"{API}/participants/1", headers=writer,
                        json={"name_en": "Bashar al-Assad (former)"}).status_code == 200
    assert client.delete(f"{API}/articles/2?cascade=true", headers=writer).status_code == 204
    create_participant(client, writer, name_ar="أحمد الشرع", country_code="SY")
    mirror = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'mirror.db'}", "TESTING": True,
                         "RATE_LIMIT": "off"})
    with mirror.app_context():
        upgrade()
        database.close()

    def apply_in_mirror(items):
        with mirror.app_context():
            for change in items:
                feed_mirror.apply(change)
            feed_mirror.close()

    seen = feed_mirror.follow(client, apply_in_mirror)
    assert {"import", "create", "update", "delete"} <= {c["action"] for c in seen}
    assert export_without_part_ids(mirror.test_client()) == export_without_part_ids(client)


def test_a_worker_lets_half_its_threads_wait_unless_told_otherwise():
    assert from_environment({})["FEED_WAITERS"] == 2
    assert from_environment({"THREADS": "16"})["FEED_WAITERS"] == 8
    assert from_environment({"THREADS": "1"})["FEED_WAITERS"] == 1
    assert from_environment({"FEED_WAITERS": "0"})["FEED_WAITERS"] == 0
    with pytest.raises(ValueError, match="FEED_WAITERS"):
        from_environment({"FEED_WAITERS": "many"})


def test_a_merge_and_its_undoing_are_in_the_feed(client, writer):
    survivor = create_participant(client, writer, name_ar="حسن روحاني")
    duplicate = create_participant(client, writer, name_ar="روحاني")
    _, since = every_change(client)
    merged = client.post(f"{API}/participants/{duplicate['id']}/merge", json={"survivor_id": survivor["id"]},
                         headers=writer)
    assert merged.status_code == 200, merged.get_json()
    assert client.post(f"{API}/participants/{duplicate['id']}/unmerge", headers=writer).status_code == 200
    seen, _ = every_change(client, since=since)
    actions = [(c["id"], c["action"]) for c in seen]
    assert actions[0] == (duplicate["id"], "merge") and (survivor["id"], "merge") in actions
    assert (duplicate["id"], "unmerge") in actions
    after_merge = next(c for c in seen if c["id"] == duplicate["id"] and c["action"] == "merge")
    assert after_merge["representation"]["merged_into_id"] == survivor["id"]
    last = [c for c in seen if c["id"] == duplicate["id"]][-1]
    assert last["representation"]["merged_into_id"] is None
