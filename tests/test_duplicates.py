"""Duplicate candidates: the evidence, its reasons, dismissals, pages, and bounds."""
import time

import pytest

from service.db import database
from service.models import Participant
from service.records import duplicates
from tests.helpers import API, create_event, create_participant, post, problem

IRAN_PRESIDENT = {"title_ar": "رئيس الجمهورية الإسلامية الإيرانية", "country_code": "IR",
                  "start_date": "2013-08-03", "end_date": "2021-08-03"}


def candidates(client, path="/participants/duplicates", **params):
    response = client.get(API + path, query_string={"min_score": 0, **params})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def pair_ids(page):
    return [{item["participant"]["id"], item["candidate"]["id"]} for item in page["items"]]


def codes(item):
    return [reason["code"] for reason in item["reasons"]]


def rouhani(client):
    return next(p for p in client.get(f"{API}/participants", query_string={"q": "حسن روحاني"}).get_json()["items"]
                if p["name_ar"] == "حسن روحاني")


# --- the evidence ---------------------------------------------------------------------


def test_a_short_name_contained_in_the_full_one_is_a_candidate(client, writer):
    full = create_participant(client, writer, "حسن روحاني")
    short = create_participant(client, writer, "روحاني")
    [item] = candidates(client, f"/participants/{short['id']}/duplicates")["items"]
    assert item["participant"]["id"] == short["id"] and item["candidate"]["id"] == full["id"]
    assert codes(item) == ["name_contained"]
    assert "«روحاني» is contained in «حسن روحاني»" == item["reasons"][0]["detail"]
    assert 0 < item["score"] < 1


def test_a_final_alef_maqsura_spelling_shares_the_seed_name(seeded_client, seeded_writer):
    seed = rouhani(seeded_client)
    variant = create_participant(seeded_client, seeded_writer, "حسن روحانى", country_code="IR")
    items = candidates(seeded_client, f"/participants/{variant['id']}/duplicates")["items"]
    assert items[0]["candidate"]["id"] == seed["id"]
    assert items[0]["reasons"][0] == {"code": "shared_name", "weight": 0.9,
                                      "detail": "«حسن روحانى» and «حسن روحاني» are one name"}
    assert items[0]["score"] >= 0.9


def test_a_latin_name_that_transliterates_to_the_arabic_one(client, writer):
    arabic = create_participant(client, writer, "حسن روحاني")
    latin = create_participant(client, writer, "Hassan Rohani")
    [item] = candidates(client, f"/participants/{arabic['id']}/duplicates")["items"]
    assert item["candidate"]["id"] == latin["id"]
    assert item["reasons"] == [{"code": "transliteration", "weight": 0.85,
                                "detail": "«Hassan Rohani» sounds like «حسن روحاني»"}]


def test_the_seed_aliases_and_roles_find_a_proposed_title_and_name(seeded_client, seeded_writer):
    seed = rouhani(seeded_client)
    proposed = create_participant(seeded_client, seeded_writer, "الرئيس روحاني", country_code="IR",
                                  roles=[IRAN_PRESIDENT])
    [item] = [i for i in candidates(seeded_client, f"/participants/{proposed['id']}/duplicates")["items"]
              if i["candidate"]["id"] == seed["id"]]
    assert codes(item)[:1] == ["shared_name"] and "same_post" in codes(item)
    post_reason = next(r for r in item["reasons"] if r["code"] == "same_post")
    assert post_reason["detail"] == "both held «رئيس الجمهورية الإسلامية الإيرانية» at the same time"


def test_posts_at_other_times_or_in_other_countries_are_no_evidence(client, writer):
    for code, name in (("IR", "إيران"), ("SY", "سورية")):
        post(client, writer, "/countries", {"code": code, "name_ar": name, "name_en": code})
    create_participant(client, writer, "حسن روحاني", roles=[IRAN_PRESIDENT])
    later = create_participant(client, writer, "روحاني", roles=[{**IRAN_PRESIDENT, "start_date": "2021-08-03",
                                                                 "end_date": None}])
    elsewhere = create_participant(client, writer, "حسن", roles=[{**IRAN_PRESIDENT, "country_code": "SY"}])
    for other in (later, elsewhere):
        for item in candidates(client, f"/participants/{other['id']}/duplicates")["items"]:
            assert "same_post" not in codes(item)


def test_two_sides_of_one_meeting_count_against(client, writer):
    full = create_participant(client, writer, "حسن روحاني")
    short = create_participant(client, writer, "روحاني")
    before = candidates(client, f"/participants/{short['id']}/duplicates")["items"][0]["score"]
    event = create_event(client, writer, participants=[{"participant_id": full["id"], "side": "host"},
                                                       {"participant_id": short["id"], "side": "guest"}])
    [item] = candidates(client, f"/participants/{short['id']}/duplicates")["items"]
    assert codes(item) == ["name_contained", "met_each_other"]
    assert item["reasons"][-1]["weight"] < 0 and str(event["id"]) in item["reasons"][-1]["detail"]
    assert item["score"] < before / 5


def test_a_person_and_an_organization_count_against(client, writer):
    create_participant(client, writer, "الجيش السوري", kind="organization")
    person = create_participant(client, writer, "الجيش السوري", kind="person")
    [item] = candidates(client, f"/participants/{person['id']}/duplicates")["items"]
    assert codes(item) == ["shared_name", "different_kind"]


def test_the_same_wikidata_id_is_evidence():
    # The column is unique, so the API cannot store two such rows today; the evidence holds anyway.
    one = duplicates.Person(1, "person", "IR", "Q11", [duplicates.name_of("حسن روحاني")])
    other = duplicates.Person(2, "person", "IR", "Q11", [duplicates.name_of("Hassan Fereydoun")])
    score, reasons = duplicates.evidence(one, other, duplicates.word_weights({1: one, 2: other}), set())
    assert reasons[0] == {"code": "same_wikidata_id", "weight": 0.95, "detail": "both are Wikidata Q11"}
    assert score >= 0.95


def test_unrelated_names_and_a_shared_first_name_alone_are_not_candidates(seeded_client, seeded_writer):
    listed = candidates(seeded_client, min_score=0.3)["items"]
    assert listed == []  # the seeds hold no duplicates
    alone = create_participant(seeded_client, seeded_writer, "علي حسين")
    assert candidates(seeded_client, f"/participants/{alone['id']}/duplicates", min_score=0.3)["items"] == []


def test_merged_participants_are_never_candidates(app, client, writer):
    full = create_participant(client, writer, "حسن روحاني")
    short = create_participant(client, writer, "روحاني")
    other = create_participant(client, writer, "الرئيس حسن روحاني")
    with app.app_context():
        Participant.update(merged_into=full["id"]).where(Participant.id == short["id"]).execute()
        database.close()
    listed = pair_ids(candidates(client))
    assert listed == [{full["id"], other["id"]}]
    moved = client.get(f"{API}/participants/{short['id']}/duplicates")
    assert moved.status_code == 308  # a merged participant's list is its survivor's
    assert moved.headers["Location"].startswith(f"/api/v1/participants/{full['id']}/duplicates")
    answer = client.post(f"{API}/participants/{short['id']}/duplicates/{other['id']}/dismiss", headers=writer)
    assert problem(answer, 409)["survivor"] == full["id"]


# --- the desk-wide list and its pages ---------------------------------------------------


def test_the_desk_wide_route_is_not_taken_for_a_participant_id(client, writer):
    create_participant(client, writer, "حسن روحاني")
    create_participant(client, writer, "روحاني")
    response = client.get(f"{API}/participants/duplicates")
    assert response.status_code == 200 and set(response.get_json()) == {"items", "next_cursor"}
    assert client.get(f"{API}/participants/duplicates/history").status_code == 404
    assert client.delete(f"{API}/participants/duplicates", headers=writer).status_code == 405


def test_the_desk_wide_list_is_best_first_and_paged_with_link(client, writer):
    names = ["حسن روحاني", "روحاني", "حسن روحانى", "Hassan Rouhani", "الرئيس حسن روحاني"]
    for name in names:
        create_participant(client, writer, name)
    everything = candidates(client, limit=100)["items"]
    scores = [item["score"] for item in everything]
    assert scores == sorted(scores, reverse=True) and len(everything) >= 6
    seen, cursor, pages = [], None, 0
    while True:
        response = client.get(f"{API}/participants/duplicates",
                              query_string={"min_score": 0, "limit": 2, **({"cursor": cursor} if cursor else {})})
        page = response.get_json()
        seen += pair_ids(page)
        cursor, pages = page["next_cursor"], pages + 1
        if not cursor:
            assert "Link" not in response.headers
            break
        assert response.headers["Link"].startswith("</api/v1/participants/duplicates?")
        assert 'rel="next"' in response.headers["Link"]
    assert seen == pair_ids({"items": everything}) and pages == (len(everything) + 1) // 2
    first = client.get(f"{API}/participants/duplicates", query_string={"limit": 1, "min_score": 0}).get_json()
    other_query = client.get(f"{API}/participants/duplicates",
                             query_string={"min_score": 0.5, "cursor": first["next_cursor"]})
    assert problem(other_query, 400)["errors"]["cursor"]


def test_min_score_narrows_and_bad_parameters_are_400(client, writer):
    create_participant(client, writer, "حسن روحاني")
    create_participant(client, writer, "روحاني")
    create_participant(client, writer, "حسن روحانى")
    everything = candidates(client)["items"]
    strong = candidates(client, min_score=0.8)["items"]
    assert all(item["score"] >= 0.8 for item in strong) and len(strong) < len(everything)
    for query in ({"min_score": 2}, {"min_score": "x"}, {"limit": 0}, {"limit": 101}, {"cursor": "nope"},
                  {"unknown": 1}):
        assert client.get(f"{API}/participants/duplicates", query_string=query).status_code == 400, query
    assert problem(client.get(f"{API}/participants/99999/duplicates"), 404)


# --- dismissals ----------------------------------------------------------------------------


def test_a_dismissed_pair_leaves_later_answers_with_a_revision(client, writer, admin):
    full = create_participant(client, writer, "حسن روحاني")
    short = create_participant(client, writer, "روحاني")
    third = create_participant(client, writer, "الرئيس روحاني")
    path = f"{API}/participants/{short['id']}/duplicates/{full['id']}/dismiss"
    assert client.post(path).status_code == 401
    created = client.post(path, headers=writer)
    assert created.status_code == 200 and created.headers["ETag"].startswith('"v1.')
    dismissal = created.get_json()
    assert (dismissal["participant_id"], dismissal["other_id"]) == (full["id"], short["id"])
    assert dismissal["names"] == ["حسن روحاني", "روحاني"]
    again = client.post(f"{API}/participants/{full['id']}/duplicates/{short['id']}/dismiss", headers=writer)
    assert again.status_code == 200 and again.get_json()["id"] == dismissal["id"]

    assert {full["id"], short["id"]} not in pair_ids(candidates(client))
    assert {short["id"], third["id"]} in pair_ids(candidates(client))
    assert full["id"] not in {item["candidate"]["id"] for item in
                              candidates(client, f"/participants/{short['id']}/duplicates")["items"]}
    log = client.get(f"{API}/revisions", query_string={"resource": "dismissal"}, headers=admin).get_json()
    assert [(r["action"], r["row_id"], r["api_key"]) for r in log["items"]] == [
        ("create", str(dismissal["id"]), "writer")]
    assert log["items"][0]["after"]["other_id"] == short["id"]


def test_dismissing_needs_write_two_participants_that_exist_and_differ(client, writer, reader):
    one = create_participant(client, writer, "حسن روحاني")
    base = f"{API}/participants/{one['id']}/duplicates"
    assert problem(client.post(f"{base}/{one['id']}/dismiss", headers=writer), 409)
    assert problem(client.post(f"{base}/99999/dismiss", headers=writer), 404)
    assert client.post(f"{base}/99999/dismiss", headers=reader).status_code == 403
    assert client.post(f"{base}/2/dismiss?dry_run=1", headers=writer).status_code == 400


# --- bounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("group", [30, 5000])
def test_a_hostile_desk_of_thousands_is_answered_in_bounded_time(app, group):
    """3,000 participants whose names share words in groups of `group` (5,000: all one name).
    Blocks larger than MAX_BLOCK are not compared, so the work stays near-linear."""
    with app.app_context():
        Participant.insert_many([{"name_ar": f"محمد علي{n // group} حسن{n % 7}", "kind": "person"}
                                 for n in range(3000)]).execute()
        started = time.perf_counter()
        found = duplicates.desk_candidates(0.3)
        elapsed = time.perf_counter() - started
        one = duplicates.candidates_of(1, 0.3)
        database.close()
    assert elapsed < 120, elapsed  # generous: measured in bench/duplicates.py, not here
    assert all(c.score >= 0.3 for c in found) and all(c.participant_id == 1 for c in one)
    if group == 30:
        assert len(found) >= 3000  # the groups' full names are shared: real candidates


def test_participants_with_hundreds_of_aliases_are_compared_on_a_bounded_number(app):
    from service.models import Alias
    with app.app_context():
        Participant.insert_many([{"name_ar": f"حسن روحاني{n}", "kind": "person"} for n in range(300)]).execute()
        aliases = [{"participant": n + 1, "name": f"روحاني {n % 40} {k}", "normalized": f"روحاني {k}",
                    "language": "ar", "kind": "full"} for n in range(300) for k in range(200)]
        for start in range(0, len(aliases), 100):
            Alias.insert_many(aliases[start:start + 100]).execute()
        started = time.perf_counter()
        found = duplicates.desk_candidates(0.3)
        elapsed = time.perf_counter() - started
        database.close()
    assert elapsed < 120, elapsed
    assert found  # the aliases the participants share are found, within MAX_NAMES of each
