"""Merging a duplicate participant into its survivor (issue 17, item 1), and undoing it.

The desk below is the case the issue names: Hassan Rouhani on file twice,
once as "حسن روحاني" and once as "حسن روحانى" (a final ى for ي, as many
outlets write it), each with statements, meetings, a post and aliases.
"""
import json
import re
import threading

import pytest

from service.db import database
from service.http.etag import etag_for
from service.models import Participant, Revision
from service.records.merges import MOVED_REFERENCES
from tests.helpers import (
    API,
    KHAMIS_QUOTE,
    ROUHANI_QUOTE,
    create_article,
    create_country,
    create_event,
    create_participant,
    create_statement,
    post,
    problem,
)

VOLATILE = {"version", "updated_at"}


@pytest.fixture
def desk(client, writer):
    """Two records of Rouhani, Khamis who met and quoted both, and what points at them."""
    create_country(client, writer)
    create_country(client, writer, code="IR", name_ar="إيران", name_en="Iran")
    survivor = create_participant(client, writer, "حسن روحاني", name_en="Hassan Rouhani", country_code="IR",
                                  aliases=[{"name": "روحاني", "kind": "short"}],
                                  roles=[{"title_ar": "رئيس الجمهورية", "country_code": "IR",
                                          "start_date": "2013-08-03", "end_date": "2021-08-03"}])
    duplicate = create_participant(client, writer, "حسن روحانى", country_code="IR", aliases=[
        {"name": "الرئيس الإيراني حسن روحاني", "kind": "honorific"},
        {"name": "روحانى", "kind": "short"},             # روحاني in another spelling: one normalized form
        {"name": "Rouhani", "language": "en", "kind": "transliteration"}],
        roles=[{"title_ar": "أمين المجلس الأعلى للأمن القومي", "country_code": "IR",
                "start_date": "1989-01-01", "end_date": "2005-08-15"}])
    khamis = create_participant(client, writer, "عماد خميس", country_code="SY")
    council = create_participant(client, writer, "المجلس الأعلى للأمن القومي", kind="organization")
    # A record merged into the duplicate before: it follows to the survivor.
    older = create_participant(client, writer, "الشيخ حسن روحاني")
    post(client, writer, f"/participants/{older['id']}/merge", {"survivor_id": duplicate["id"]}, status=200)
    member = post(client, writer, f"/participants/{khamis['id']}/roles",
                  {"title_ar": "عضو", "organization_id": duplicate["id"]})
    article = create_article(client, writer)
    said_by_duplicate = create_statement(client, writer, article["id"], duplicate["id"], text=ROUHANI_QUOTE)
    told_duplicate = create_statement(client, writer, article["id"], khamis["id"], text=KHAMIS_QUOTE,
                                      addressee_id=duplicate["id"])
    said_by_survivor = create_statement(client, writer, article["id"], survivor["id"], text="سوريا",
                                        start=None, end=None)
    both_met = create_event(client, writer, title="لقاء في طهران", participants=[
        {"participant_id": duplicate["id"], "side": "guest"}, {"participant_id": khamis["id"], "side": "guest"},
        {"participant_id": survivor["id"], "side": "host"}])
    duplicate_met = create_event(client, writer, title="لقاء خميس وروحاني", participants=[
        {"participant_id": duplicate["id"], "side": "host"}, {"participant_id": khamis["id"], "side": "guest"}])
    return {"survivor": survivor["id"], "duplicate": duplicate["id"], "khamis": khamis["id"],
            "council": council["id"], "older": older["id"], "member_role": member["id"],
            "statements": [said_by_duplicate["id"], told_duplicate["id"], said_by_survivor["id"]],
            "events": [both_met["id"], duplicate_met["id"]]}


def get(client, path, status=200):
    response = client.get(API + path)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def merge(client, writer, duplicate, survivor, status=200, **headers):
    response = client.post(f"{API}/participants/{duplicate}/merge", json={"survivor_id": survivor},
                           headers={**writer, **headers})
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def stored(client, participant_id):
    """The participant's row as stored (a merged one's old URL redirects)."""
    with client.application.app_context():
        row = Participant.get_by_id(participant_id)
        database.close()
    return row


def alias_names(participant):
    return [alias["name"] for alias in participant["aliases"]]


# --- what a merge moves -----------------------------------------------------------------

def test_every_reference_moves_to_the_survivor(client, writer, desk):
    answer = merge(client, writer, desk["duplicate"], desk["survivor"])
    survivor, duplicate = desk["survivor"], desk["duplicate"]
    assert answer["merged"]["id"] == duplicate and answer["merged"]["merged_into_id"] == survivor
    assert answer["survivor"]["id"] == survivor and answer["survivor"]["merged_into_id"] is None
    assert answer["moved"]["statements"] == 2 and answer["moved"]["event_links_joined"] == 1
    said, told, _ = (get(client, f"/statements/{key}") for key in desk["statements"])
    assert said["speaker_id"] == survivor and told["addressee_id"] == survivor
    assert told["speaker_id"] == desk["khamis"]
    both_met, duplicate_met = (get(client, f"/events/{key}") for key in desk["events"])
    # Where both took part, one link: the survivor's, with its side.
    assert both_met["participants"] == [{"participant_id": desk["khamis"], "side": "guest"},
                                        {"participant_id": survivor, "side": "host"}]
    assert duplicate_met["participants"] == [{"participant_id": survivor, "side": "host"},
                                             {"participant_id": desk["khamis"], "side": "guest"}]
    assert get(client, f"/participants/{desk['khamis']}")["roles"][0]["organization_id"] == survivor
    kept = answer["survivor"]
    assert [role["title_ar"] for role in kept["roles"]] == ["أمين المجلس الأعلى للأمن القومي", "رئيس الجمهورية"]
    assert all(role["participant_id"] == survivor for role in kept["roles"])
    # روحانى is روحاني once normalized, and حسن روحانى is the survivor's own name: neither is added.
    assert alias_names(kept) == ["روحاني", "الرئيس الإيراني حسن روحاني", "Rouhani", "الشيخ حسن روحاني"]
    assert answer["merged"]["aliases"] == [] and answer["merged"]["roles"] == []
    assert answer["merged"]["name_ar"] == "حسن روحانى"  # the row is kept, byte for byte
    # The record merged into the duplicate before now points at the end of the chain.
    assert stored(client, desk["older"]).merged_into_id == survivor


def test_the_merge_covers_every_reference_to_a_participant():
    referencing = {(fk.model, fk.name) for fk in Participant._meta.backrefs}
    assert referencing == MOVED_REFERENCES, "a new reference to participants: make merges.py move it"


def test_every_changed_row_has_a_revision_between_the_two_merge_revisions(client, writer, desk):
    with client.application.app_context():
        first = Revision.select().order_by(Revision.id.desc()).first().id
        database.close()
    merge(client, writer, desk["duplicate"], desk["survivor"])
    with client.application.app_context():
        revisions = list(Revision.select().where(Revision.id > first).order_by(Revision.id))
        database.close()
    changed = {(r.resource, int(r.row_key)) for r in revisions}
    assert (revisions[0].resource, revisions[0].row_key, revisions[0].action) == (
        "participant", str(desk["duplicate"]), "merge")
    assert (revisions[-1].resource, revisions[-1].row_key, revisions[-1].action) == (
        "participant", str(desk["survivor"]), "merge")
    assert {("statement", key) for key in desk["statements"][:2]} <= changed
    assert {("event", key) for key in desk["events"]} <= changed
    assert {("participant", desk["khamis"]), ("participant", desk["older"]), ("role", desk["member_role"])} <= changed
    merged = {str(desk["duplicate"]), str(desk["older"])}
    for revision in revisions:  # each revision names the version its row now has
        if revision.resource == "participant" and revision.row_key in merged:
            assert stored(client, int(revision.row_key)).version == revision.version
            continue
        resource = {"participant": "participants", "statement": "statements", "event": "events"}.get(
            revision.resource)
        if resource:
            assert get(client, f"/{resource}/{revision.row_key}")["version"] == revision.version


def test_each_changed_row_gets_a_new_version(client, writer, desk):
    said_before = get(client, f"/statements/{desk['statements'][0]}")["version"]
    event_before = get(client, f"/events/{desk['events'][0]}")["version"]
    merge(client, writer, desk["duplicate"], desk["survivor"])
    assert get(client, f"/statements/{desk['statements'][0]}")["version"] == said_before + 1
    assert get(client, f"/events/{desk['events'][0]}")["version"] == event_before + 1
    untouched = get(client, f"/statements/{desk['statements'][2]}")
    assert untouched["version"] == 1


# --- the old id afterwards --------------------------------------------------------------

def test_the_old_id_answers_308_to_the_survivor_with_a_problem(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    response = client.get(f"{API}/participants/{desk['duplicate']}?fields=id,name_ar")
    body = problem(response, 308)
    assert response.headers["Location"] == f"{API}/participants/{desk['survivor']}?fields=id,name_ar"
    assert body["merged_into_id"] == desk["survivor"]
    assert f"merged into participant {desk['survivor']}" in body["detail"]
    followed = client.get(f"{API}/participants/{desk['duplicate']}", follow_redirects=True)
    assert followed.status_code == 200 and followed.get_json()["id"] == desk["survivor"]


def test_every_read_under_the_old_id_answers_308(app, client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    role = get(client, f"/participants/{desk['survivor']}")["roles"][0]["id"]
    under = [rule for rule in app.url_map.iter_rules()
             if rule.rule.startswith(f"{API}/participants/<int:participant_id>") and "GET" in rule.methods]
    assert len(under) >= 7
    for rule in under:
        path = re.sub("<int:participant_id>", str(desk["duplicate"]), rule.rule).replace("<int:role_id>", str(role))
        response = client.get(path)
        assert response.status_code == 308, (
            f"{rule.rule}: {response.status_code}; its blueprint needs "
            "redirect_merged(blp, 'participant_id', survivor_of) and a documented 308 (http/merged.py)")
        assert response.headers["Location"] == path.replace(f"/{desk['duplicate']}", f"/{desk['survivor']}", 1)
        assert client.get(response.headers["Location"]).status_code == 200, response.headers["Location"]


def test_writes_to_a_merged_participant_are_409_naming_the_survivor(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    old = f"{API}/participants/{desk['duplicate']}"
    role = get(client, f"/participants/{desk['survivor']}")["roles"][0]["id"]
    for response in (client.patch(old, json={"name_en": "Rouhani"}, headers=writer),
                     client.put(old, json={"name_ar": "حسن روحاني"}, headers=writer),
                     client.delete(old, headers=writer),
                     client.post(f"{old}/roles", json={"title_ar": "رئيس الجمهورية"}, headers=writer),
                     client.patch(f"{old}/roles/{role}", json={"title_ar": "رئيس"}, headers=writer),
                     client.delete(f"{old}/roles/{role}", headers=writer),
                     client.post(f"{old}/merge", json={"survivor_id": desk["khamis"]}, headers=writer)):
        body = problem(response, 409)
        assert body["merged_into_id"] == desk["survivor"], response.request.path
    assert stored(client, desk["duplicate"]).name_ar == "حسن روحانى"
    # Without a key a write is still a 401 first.
    problem(client.patch(old, json={"name_en": "Rouhani"}), 401)


def test_lists_never_show_a_merged_participant(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    listed = [item["id"] for item in get(client, "/participants?limit=500")["items"]]
    assert desk["duplicate"] not in listed and desk["older"] not in listed and desk["survivor"] in listed
    assert get(client, "/participants?count=true")["total"] == len(listed)
    found = [item["id"] for item in get(client, "/participants?q=روحانى")["items"]]
    assert found == [desk["survivor"]]
    streamed = client.get(f"{API}/participants?format=ndjson").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in streamed] == listed


def test_a_filter_on_the_old_id_finds_the_survivors_statements_and_events(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    old = desk["duplicate"]
    spoken = {item["id"] for item in get(client, f"/statements?speaker={old}")["items"]}
    assert spoken == {desk["statements"][0], desk["statements"][2]}
    assert [item["id"] for item in get(client, f"/statements?addressee={old}")["items"]] == [desk["statements"][1]]
    assert {item["id"] for item in get(client, f"/events?participant={old}")["items"]} == set(desk["events"])
    assert get(client, f"/stats/statements?group_by=participant&speaker={old}")["total"] == 2
    # An id merged twice over (older -> duplicate -> survivor) follows the whole chain.
    assert {item["id"] for item in get(client, f"/statements?speaker={desk['older']}")["items"]} == spoken


def test_search_and_resolve_find_the_survivor_at_once(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    hits = get(client, "/search?q=Rouhani&type=participant")["items"]
    assert [(hit["type"], hit["id"]) for hit in hits] == [("participant", desk["survivor"])]
    said = get(client, "/search?q=ارساء السلام&type=statement")["items"]
    assert said[0]["object"]["speaker_id"] == desk["survivor"]
    # The duplicate's own spelling now names the survivor, never the merged row.
    resolved = get(client, "/participants/resolve?name=حسن روحانى")["items"]
    assert [item["participant"]["id"] for item in resolved] == [desk["survivor"]]


def test_the_extraction_assist_proposes_the_survivor(seeded_client, seeded_writer):
    khamis = next(item for item in get(seeded_client, "/participants?q=عماد خميس")["items"]
                  if item["name_ar"] == "عماد خميس")
    article = next(item for item in get(seeded_client, "/articles?limit=50")["items"]
                   if "عماد خميس" in (item.get("body") or ""))
    survivor = create_participant(seeded_client, seeded_writer, "عماد محمد ديب خميس", country_code="SY")
    merge(seeded_client, seeded_writer, khamis["id"], survivor["id"])
    proposed = seeded_client.post(f"{API}/articles/{article['id']}/extract").get_json()
    speakers = {statement["speaker"]["id"] for statement in proposed["statements"]}
    assert survivor["id"] in speakers and khamis["id"] not in speakers


# --- refusals -----------------------------------------------------------------------------

def test_merging_into_a_merged_participant_follows_the_chain(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    answer = merge(client, writer, desk["council"], desk["duplicate"])
    assert answer["survivor"]["id"] == desk["survivor"]
    assert answer["merged"]["merged_into_id"] == desk["survivor"]


def test_merging_into_itself_is_a_409(client, writer, desk):
    body = problem(client.post(f"{API}/participants/{desk['khamis']}/merge",
                               json={"survivor_id": desk["khamis"]}, headers=writer), 409)
    assert "itself" in body["detail"]


def test_merging_into_one_merged_into_it_is_a_409(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    body = problem(client.post(f"{API}/participants/{desk['survivor']}/merge",
                               json={"survivor_id": desk["duplicate"]}, headers=writer), 409)
    assert "cycle" in body["detail"]
    assert get(client, f"/participants/{desk['survivor']}")["merged_into_id"] is None


def test_a_stale_if_match_is_412_and_merges_nothing(client, writer, desk):
    version = get(client, f"/participants/{desk['duplicate']}")["version"]
    body = problem(client.post(f"{API}/participants/{desk['duplicate']}/merge", json={"survivor_id": desk["survivor"]},
                               headers={**writer, "If-Match": f'"v{version - 1}"'}), 412)
    assert body["current_etag"] == etag_for(stored(client, desk["duplicate"]))
    assert get(client, f"/participants/{desk['duplicate']}")["merged_into_id"] is None
    merge(client, writer, desk["duplicate"], desk["survivor"], **{"If-Match": body["current_etag"]})


def test_bad_merge_bodies(client, writer, desk):
    old = f"{API}/participants/{desk['duplicate']}/merge"
    assert problem(client.post(old, json={"survivor_id": 999999}, headers=writer), 422)["errors"]["survivor_id"]
    assert "survivor_id" in problem(client.post(old, json={}, headers=writer), 422)["errors"]
    assert "survivor_id" in problem(client.post(old, json={"survivor_id": "4"}, headers=writer), 422)["errors"]
    assert "extra" in problem(client.post(old, json={"survivor_id": 4, "extra": 1}, headers=writer), 422)["errors"]
    problem(client.post(f"{API}/participants/999999/merge", json={"survivor_id": desk["survivor"]},
                        headers=writer), 404)
    problem(client.post(old, json={"survivor_id": desk["survivor"]}), 401)
    problem(client.post(old, data="x", content_type="text/plain", headers=writer), 415)


# --- undoing a merge ----------------------------------------------------------------------

def state(client, desk):
    """The full representation of everything the desk holds, versions and update times aside."""
    def bare(item):
        if isinstance(item, dict):
            return {key: bare(value) for key, value in item.items() if key not in VOLATILE}
        if isinstance(item, list):
            return [bare(value) for value in item]
        return item
    people = [get(client, f"/participants/{key}")
              for key in (desk["survivor"], desk["duplicate"], desk["khamis"], desk["council"])]
    return bare({"participants": people,
                 "statements": [get(client, f"/statements/{key}") for key in desk["statements"]],
                 "events": [get(client, f"/events/{key}") for key in desk["events"]]})


def test_unmerge_restores_everything_the_merge_moved(client, writer, desk):
    before = state(client, desk)
    merge(client, writer, desk["duplicate"], desk["survivor"])
    assert get(client, f"/statements/{desk['statements'][0]}")["speaker_id"] == desk["survivor"]
    version = client.get(f"{API}/participants/{desk['duplicate']}/history").status_code  # redirected
    assert version == 308
    merged = etag_for(stored(client, desk["duplicate"]))
    undone = client.post(f"{API}/participants/{desk['duplicate']}/unmerge",
                         headers={**writer, "If-Match": merged})
    assert undone.status_code == 200, undone.get_data(as_text=True)
    assert undone.get_json()["merged"]["merged_into_id"] is None
    assert state(client, desk) == before
    # The restore is a write like any other: new versions, and its own revisions.
    assert get(client, f"/statements/{desk['statements'][0]}")["version"] == 3
    actions = [item["action"] for item in get(client, f"/participants/{desk['duplicate']}/history")["items"]]
    assert actions[-2:] == ["merge", "unmerge"]
    # And it can be merged again.
    merge(client, writer, desk["duplicate"], desk["survivor"])
    assert get(client, f"/statements/{desk['statements'][0]}")["speaker_id"] == desk["survivor"]


def test_unmerge_refuses_when_a_moved_row_changed_since(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    statement = desk["statements"][0]
    response = client.patch(f"{API}/statements/{statement}", json={"speaker_id": desk["khamis"]}, headers=writer)
    assert response.status_code == 200
    body = problem(client.post(f"{API}/participants/{desk['duplicate']}/unmerge", headers=writer), 409)
    assert f"statement {statement}" in body["detail"]
    assert get(client, f"/events/{desk['events'][1]}")["participants"][0]["participant_id"] == desk["survivor"]


def test_unmerge_of_a_participant_not_merged_is_a_409(client, writer, desk):
    problem(client.post(f"{API}/participants/{desk['khamis']}/unmerge", headers=writer), 409)


def test_unmerge_after_the_survivor_merged_on_is_a_409(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    merge(client, writer, desk["survivor"], desk["council"])
    body = problem(client.post(f"{API}/participants/{desk['duplicate']}/unmerge", headers=writer), 409)
    assert "undo that merge first" in body["detail"]
    merged = etag_for(stored(client, desk["survivor"]))
    client.post(f"{API}/participants/{desk['survivor']}/unmerge", headers={**writer, "If-Match": merged})
    assert client.post(f"{API}/participants/{desk['duplicate']}/unmerge", headers=writer).status_code == 200


def test_a_new_reference_to_a_merged_participant_is_a_422_naming_the_survivor(client, writer, desk):
    merge(client, writer, desk["duplicate"], desk["survivor"])
    article = get(client, f"/statements/{desk['statements'][0]}")["article_id"]
    said = client.post(f"{API}/statements", json={"article_id": article, "speaker_id": desk["duplicate"],
                                                  "text": ROUHANI_QUOTE, "kind": "direct"}, headers=writer)
    assert f"refer to {desk['survivor']}" in problem(said, 422)["errors"]["speaker_id"][0]
    met = client.post(f"{API}/events", json={"participants": [{"participant_id": desk["duplicate"]}]},
                      headers=writer)
    assert f"refer to {desk['survivor']}" in problem(met, 422)["errors"]["participants"][0]
    post_at = client.post(f"{API}/participants/{desk['khamis']}/roles",
                          json={"title_ar": "عضو", "organization_id": desk["duplicate"]}, headers=writer)
    assert "organization_id" in problem(post_at, 422)["errors"]


def test_two_merges_of_one_pair_at_once_make_one_merge_and_one_409(app, writer, desk):
    """Each way round at once: the rows are locked in id order, so one waits for
    the other and then finds the cycle (PostgreSQL), or SQLite runs them in turn."""
    barrier = threading.Barrier(2)
    answers = []

    def attempt(duplicate, survivor):
        client = app.test_client()
        barrier.wait()
        answers.append(client.post(f"{API}/participants/{duplicate}/merge", json={"survivor_id": survivor},
                                   headers=writer).status_code)

    threads = [threading.Thread(target=attempt, args=pair) for pair in
               ((desk["duplicate"], desk["survivor"]), (desk["survivor"], desk["duplicate"]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [200, 409]
    client = app.test_client()
    merged = [key for key in (desk["duplicate"], desk["survivor"])
              if client.get(f"{API}/participants/{key}").status_code == 308]
    assert len(merged) == 1


def test_the_spec_documents_308_on_every_read_under_a_participant_id():
    from tests.test_openapi import committed_spec
    for path, operations in committed_spec()["paths"].items():
        if path.startswith("/api/v1/participants/{participant_id}") and "get" in operations:
            assert "308" in operations["get"]["responses"], f"GET {path}"
