"""Revision history: nothing a correction overwrites is lost.

A live record's history is under its own URL (`/…/{id}/history`); once it is
deleted, its URLs answer 404 and its history stays readable from the
revisions collection (`/revisions?resource=…&id=…`).
"""
from .helpers import API, create_country, create_participant, problem


def revisions_of(client, resource, key, headers=None):
    page = client.get(f"{API}/revisions", query_string={"resource": resource, "id": str(key), "limit": 500},
                      headers=headers or {})
    assert page.status_code == 200, page.get_json()
    return page.get_json()["items"]


def test_create_update_delete_are_recorded_with_the_key_and_both_states(client, writer, admin):
    create_country(client, writer)
    participant = create_participant(client, writer, name_ar="عماد خميس", country_code="SY")
    url = f"{API}/participants/{participant['id']}"
    client.patch(url, headers=writer, json={"name_en": "Imad Khamis"})
    client.patch(url, headers=writer, json={"name_en": "Imad Khamees"})
    assert client.delete(url, headers=writer).status_code == 204

    problem(client.get(f"{url}/history"), 404)  # the deleted item has no live URL
    history = revisions_of(client, "participant", participant["id"], admin)
    assert [r["action"] for r in history] == ["create", "update", "update", "delete"]
    assert [r["version"] for r in history] == [1, 2, 3, 3]
    assert {r["api_key"] for r in history} == {"writer"}
    assert history[0]["before"] is None and history[0]["after"]["name_ar"] == "عماد خميس"
    assert history[1]["before"]["name_en"] is None and history[1]["after"]["name_en"] == "Imad Khamis"
    assert history[2]["before"]["name_en"] == "Imad Khamis"
    assert history[3]["before"]["name_en"] == "Imad Khamees" and history[3]["after"] is None
    assert history[0]["at"].endswith("+00:00")


def test_key_names_are_shown_to_admins_only(client, writer, admin):
    participant = create_participant(client, writer)
    url = f"{API}/participants/{participant['id']}/history"
    assert [r["api_key"] for r in client.get(url).get_json()["items"]] == [None]
    assert [r["api_key"] for r in client.get(url, headers=writer).get_json()["items"]] == [None]
    assert [r["api_key"] for r in client.get(url, headers=admin).get_json()["items"]] == ["writer"]
    assert [r["api_key"] for r in revisions_of(client, "participant", participant["id"])] == [None]


def test_a_deleted_rows_last_state_stays_retrievable(client, writer):
    create_country(client, writer)
    url = f"{API}/countries/SY"
    client.delete(url, headers=writer)
    problem(client.get(url), 404)
    problem(client.get(f"{url}/history"), 404)
    last = revisions_of(client, "country", "SY")[-1]
    assert last["action"] == "delete" and last["before"]["name_ar"] == "سورية"
    assert last["resource"] == "country" and last["row_id"] == "SY"


def test_the_revisions_collection_pages_every_change_in_commit_order(client, writer):
    for name in ("عماد خميس", "وليد المعلم", "بشار الأسد"):
        create_participant(client, writer, name_ar=name)
    seen, cursor = [], None
    while True:
        page = client.get(f"{API}/revisions", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})})
        body = page.get_json()
        seen += body["items"]
        cursor = body["next_cursor"]
        assert ("Link" in page.headers) == (cursor is not None)
        if cursor is None:
            break
    assert [r["after"]["name_ar"] for r in seen] == ["عماد خميس", "وليد المعلم", "بشار الأسد"]
    assert [r["id"] for r in seen] == sorted(r["id"] for r in seen)
    problem(client.get(f"{API}/revisions", query_string={"resource": "nonsense"}), 400)


def test_history_of_an_id_that_never_existed_is_404(client):
    problem(client.get(f"{API}/statements/4242/history"), 404)


def test_a_refused_write_leaves_no_revision(client, writer):
    create_country(client, writer)
    participant = create_participant(client, writer)
    url = f"{API}/participants/{participant['id']}"
    problem(client.patch(url, headers={**writer, "If-Match": '"v9"'}, json={"name_en": "x"}), 412)
    assert [r["action"] for r in client.get(f"{url}/history").get_json()["items"]] == ["create"]


def _last_revision(client, url):
    resource, key = url.split("/")[-2].removesuffix("s"), url.split("/")[-1]
    return revisions_of(client, {"statement": "statement", "event": "event"}[resource], key)[-1]


def test_a_cascade_records_every_row_it_deletes_or_changes(seeded_client, seeded_writer):
    client = seeded_client
    khamis = client.get(f"{API}/participants", query_string={"q": "عماد خميس", "limit": 1}).get_json()["items"][0]
    said = client.get(f"{API}/statements", query_string={"speaker": khamis["id"], "limit": 500}).get_json()["items"]
    addressed = client.get(f"{API}/statements",
                           query_string={"addressee": khamis["id"], "limit": 500}).get_json()["items"]
    met = client.get(f"{API}/events", query_string={"participant": khamis["id"], "limit": 500}).get_json()["items"]
    assert said and met

    url = f"{API}/participants/{khamis['id']}"
    assert client.delete(f"{url}?cascade=true", headers=seeded_writer).status_code == 204

    # His statements went with him: each one's last state is kept.
    for statement in said:
        last = _last_revision(client, f"{API}/statements/{statement['id']}")
        assert last["action"] == "delete" and last["before"] == statement
    # Statements addressed to him and events he attended lost a reference: updates.
    for statement in addressed:
        last = _last_revision(client, f"{API}/statements/{statement['id']}")
        assert last["action"] == "update" and last["before"] == statement
        assert last["after"]["addressee_id"] is None
    for event in met:
        now = client.get(f"{API}/events/{event['id']}").get_json()
        last = _last_revision(client, f"{API}/events/{event['id']}")
        assert last["action"] == "update" and last["before"] == event and last["after"] == now
        assert last["version"] == now["version"]
        assert khamis["id"] not in [p["participant_id"] for p in now["participants"]]


def test_dropping_a_topic_records_the_statements_that_lose_it(seeded_client, seeded_writer):
    client = seeded_client
    topic = client.get(f"{API}/topics?limit=1").get_json()["items"][0]
    tagged = client.get(f"{API}/statements", query_string={"topic": topic["id"], "limit": 500}).get_json()["items"]
    assert tagged
    assert client.delete(f"{API}/topics/{topic['id']}?cascade=true", headers=seeded_writer).status_code == 204
    for statement in tagged:
        last = _last_revision(client, f"{API}/statements/{statement['id']}")
        assert last["action"] == "update" and last["before"] == statement
        assert topic["id"] not in last["after"]["topic_ids"]


def test_a_roles_history_answers_only_under_its_own_participant(client, writer):
    create_country(client, writer)
    holder = create_participant(client, writer, name_ar="عماد خميس")
    other = create_participant(client, writer, name_ar="وليد المعلم")
    role = client.post(f"{API}/participants/{holder['id']}/roles", headers=writer,
                       json={"title_ar": "رئيس مجلس الوزراء"}).get_json()
    own = f"{API}/participants/{holder['id']}/roles/{role['id']}"
    assert [r["action"] for r in client.get(f"{own}/history").get_json()["items"]] == ["create"]
    problem(client.get(f"{API}/participants/{other['id']}/roles/{role['id']}/history"), 404)
    assert client.delete(own, headers=writer).status_code == 204
    # Deleted, its URLs are gone; its history is in the revisions collection.
    problem(client.get(f"{own}/history"), 404)
    assert [r["action"] for r in revisions_of(client, "role", role["id"])] == ["create", "delete"]


def test_a_records_history_is_paged_like_every_list(client, writer):
    participant = create_participant(client, writer)
    url = f"{API}/participants/{participant['id']}"
    for number in range(6):
        assert client.patch(url, json={"name_en": f"Imad Khamis {number}"}, headers=writer).status_code == 200
    first = client.get(f"{url}/history?limit=4")
    page = first.get_json()
    assert [r["version"] for r in page["items"]] == [1, 2, 3, 4]
    assert page["next_cursor"] and first.headers["Link"].startswith(f"<{url}/history?")
    rest = client.get(f"{url}/history", query_string={"limit": 4, "cursor": page["next_cursor"]}).get_json()
    assert [r["version"] for r in rest["items"]] == [5, 6, 7] and rest["next_cursor"] is None
    assert len(client.get(f"{url}/history").get_json()["items"]) == 7
    problem(client.get(f"{url}/history?limit=501"), 400)
    problem(client.get(f"{url}/history?cursor=forged"), 400)
