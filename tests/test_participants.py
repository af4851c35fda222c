"""Participants, the names they go by (aliases), and the posts they hold (roles)."""
from tests.helpers import (
    create_country,
    create_event,
    create_participant,
    create_statement,
    ids,
    post,
    problem,
)

ASSAD_ALIASES = [
    {"name": "بشار الأسد", "kind": "full"},
    {"name": "الرئيس الأسد", "kind": "honorific"},
    {"name": "الأسد", "kind": "short"},
    {"name": "Bashar al-Assad", "language": "en", "kind": "transliteration"},
]


def create_assad(client, writer, **fields):
    return create_participant(client, writer, "بشار الأسد", name_en="Bashar al-Assad",
                              aliases=ASSAD_ALIASES, **fields)


# --- participants --------------------------------------------------------------


def test_create_participant_with_aliases_and_roles(client, writer):
    create_country(client, writer, "SY")
    response = client.post("/api/v1/participants", json={
        "name_ar": "عماد خميس", "name_en": "Imad Khamis", "country_code": "SY",
        "wikidata_id": "Q6003117",
        "aliases": [{"name": "خميس", "kind": "short"}],
        "roles": [{"title_ar": "رئيس مجلس الوزراء", "title_en": "Prime Minister of Syria",
                   "country_code": "SY", "start_date": "2016-06-22", "end_date": "2020-06-11"}],
    }, headers=writer)
    assert response.status_code == 201
    khamis = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/participants/{khamis['id']}")
    assert khamis["kind"] == "person"
    assert khamis["aliases"] == [{"name": "خميس", "language": "ar", "kind": "short"}]
    [role] = khamis["roles"]
    assert (role["title_ar"], role["start_date"], role["end_date"]) == (
        "رئيس مجلس الوزراء", "2016-06-22", "2020-06-11")
    assert role["participant_id"] == khamis["id"]
    assert client.get(f"/api/v1/participants/{khamis['id']}").get_json() == khamis


def test_name_ar_is_required(client, writer):
    body = problem(client.post("/api/v1/participants", json={"name_en": "Imad Khamis"}, headers=writer), 422)
    assert "name_ar" in body["errors"]


def test_kind_is_person_or_organization(client, writer):
    ministry = create_participant(client, writer, "وزارة الخارجية والمغتربين", kind="organization")
    assert ministry["kind"] == "organization"
    body = problem(client.post("/api/v1/participants", json={"name_ar": "الوفد الحكومي", "kind": "delegation"},
                               headers=writer), 422)
    assert "kind" in body["errors"]


def test_wikidata_id_is_a_q_number_and_unique(client, writer):
    body = problem(client.post("/api/v1/participants", json={"name_ar": "بشار الأسد", "wikidata_id": "44329"},
                               headers=writer), 422)
    assert "wikidata_id" in body["errors"]
    create_participant(client, writer, "بشار الأسد", wikidata_id="Q44329")
    body = problem(client.post("/api/v1/participants", json={"name_ar": "الأسد", "wikidata_id": "Q44329"},
                               headers=writer), 409)
    assert "wikidata_id" in body["errors"]


def test_merged_into_id_is_read_only(client, writer):
    body = problem(client.post("/api/v1/participants", json={"name_ar": "خميس", "merged_into_id": 1},
                               headers=writer), 422)
    assert "merged_into_id" in body["errors"]


def test_filter_by_country_and_kind(client, writer):
    create_country(client, writer, "SY")
    create_country(client, writer, "IR", "إيران", "Iran")
    khamis = create_participant(client, writer, "عماد خميس", country_code="SY")
    rouhani = create_participant(client, writer, "حسن روحاني", country_code="IR")
    create_participant(client, writer, "وزارة الخارجية الإيرانية", kind="organization", country_code="IR")
    assert ids(client.get("/api/v1/participants?country=IR&kind=person")) == [rouhani["id"]]
    assert ids(client.get("/api/v1/participants?country=SY")) == [khamis["id"]]


# --- aliases -------------------------------------------------------------------


def test_alias_search_finds_every_spelling_variant(client, writer):
    assad = create_assad(client, writer)
    create_participant(client, writer, "حسن روحاني", aliases=[{"name": "روحاني"}])
    for spelling in ("الأسد", "الاسد", "الأسـد", "الرئيس الاسد", "بشار الأسد"):
        assert ids(client.get("/api/v1/participants", query_string={"q": spelling})) == [assad["id"]], spelling
    assert ids(client.get("/api/v1/participants", query_string={"q": "الأسدي"})) == []


def test_aliases_are_replaced_as_a_whole(client, writer):
    assad = create_assad(client, writer)
    changed = client.patch(f"/api/v1/participants/{assad['id']}",
                           json={"aliases": [{"name": "الاسد", "kind": "short"}]}, headers=writer)
    assert [alias["name"] for alias in changed.get_json()["aliases"]] == ["الاسد"]
    assert ids(client.get("/api/v1/participants", query_string={"q": "الرئيس الأسد"})) == []


def test_patch_without_aliases_keeps_them(client, writer):
    assad = create_assad(client, writer)
    changed = client.patch(f"/api/v1/participants/{assad['id']}", json={"description": "الرئيس السوري"},
                           headers=writer).get_json()
    assert len(changed["aliases"]) == len(ASSAD_ALIASES)


def test_an_alias_listed_twice_is_422(client, writer):
    body = problem(client.post("/api/v1/participants", json={
        "name_ar": "بشار الأسد", "aliases": [{"name": "الأسد"}, {"name": "الأسد", "kind": "short"}]},
        headers=writer), 422)
    assert "aliases" in body["errors"]


def test_alias_language_and_kind_are_checked(client, writer):
    body = problem(client.post("/api/v1/participants", json={
        "name_ar": "بشار الأسد", "aliases": [{"name": "الأسد", "language": "de", "kind": "nickname"}]},
        headers=writer), 422)
    assert "aliases" in body["errors"]


def test_deleting_a_participant_deletes_its_aliases_and_roles(client, writer):
    assad = create_assad(client, writer, roles=[{"title_ar": "رئيس الجمهورية العربية السورية"}])
    assert client.delete(f"/api/v1/participants/{assad['id']}", headers=writer).status_code == 204
    assert ids(client.get("/api/v1/participants", query_string={"q": "الأسد"})) == []
    problem(client.get(f"/api/v1/participants/{assad['id']}/roles"), 404)


def test_speaker_cannot_be_deleted_without_cascade(client, writer):
    statement = create_statement(client, writer)
    speaker = statement["speaker_id"]
    body = problem(client.delete(f"/api/v1/participants/{speaker}", headers=writer), 409)
    assert body["references"] == {"statement.speaker": 1}
    assert "statement.speaker" in body["detail"]
    assert client.delete(f"/api/v1/participants/{speaker}?cascade=true", headers=writer).status_code == 204
    problem(client.get(f"/api/v1/statements/{statement['id']}"), 404)


def test_cascade_clears_a_nullable_reference_and_keeps_the_row(client, writer):
    khamis = create_participant(client, writer, "عماد خميس")
    rouhani = create_participant(client, writer, "حسن روحاني")
    statement = create_statement(client, writer, speaker_id=khamis["id"], addressee_id=rouhani["id"])
    body = problem(client.delete(f"/api/v1/participants/{rouhani['id']}", headers=writer), 409)
    assert body["references"] == {"statement.addressee": 1}
    assert client.delete(f"/api/v1/participants/{rouhani['id']}?cascade=true", headers=writer).status_code == 204
    kept = client.get(f"/api/v1/statements/{statement['id']}").get_json()
    assert kept["addressee_id"] is None


def test_event_participant_cannot_be_deleted_without_cascade(client, writer):
    khamis = create_participant(client, writer)
    event = create_event(client, writer, participants=[{"participant_id": khamis["id"], "side": "guest"}])
    body = problem(client.delete(f"/api/v1/participants/{khamis['id']}", headers=writer), 409)
    assert body["references"] == {"event_participant.participant": 1}
    assert client.delete(f"/api/v1/participants/{khamis['id']}?cascade=true", headers=writer).status_code == 204
    assert client.get(f"/api/v1/events/{event['id']}").get_json()["participants"] == []


# --- roles: /participants/{id}/roles -------------------------------------------


def test_create_role_under_its_participant(client, writer):
    create_country(client, writer, "IR", "إيران", "Iran")
    rouhani = create_participant(client, writer, "حسن روحاني")
    response = client.post(f"/api/v1/participants/{rouhani['id']}/roles", json={
        "title_ar": "رئيس الجمهورية الإسلامية الإيرانية", "title_en": "President of Iran",
        "country_code": "IR", "start_date": "2013-08-03", "start_date_precision": "day",
        "end_date": "2021-08-03", "end_date_precision": "day"}, headers=writer)
    assert response.status_code == 201
    role = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/participants/{rouhani['id']}/roles/{role['id']}")
    assert role["participant_id"] == rouhani["id"]
    assert client.get(f"/api/v1/participants/{rouhani['id']}/roles/{role['id']}").get_json() == role
    assert ids(client.get(f"/api/v1/participants/{rouhani['id']}/roles")) == [role["id"]]


def test_roles_of_an_unknown_participant_are_404(client, writer):
    problem(client.get("/api/v1/participants/999/roles"), 404)
    problem(client.post("/api/v1/participants/999/roles", json={"title_ar": "وزير الخارجية"},
                        headers=writer), 404)


def test_a_role_is_only_found_under_its_own_participant(client, writer):
    khamis = create_participant(client, writer, "عماد خميس")
    moallem = create_participant(client, writer, "وليد المعلم")
    role = post(client, writer, f"/participants/{khamis['id']}/roles", {"title_ar": "رئيس مجلس الوزراء"})
    problem(client.get(f"/api/v1/participants/{moallem['id']}/roles/{role['id']}"), 404)
    problem(client.delete(f"/api/v1/participants/{moallem['id']}/roles/{role['id']}", headers=writer), 404)
    assert ids(client.get(f"/api/v1/participants/{moallem['id']}/roles")) == []


def test_participant_id_of_a_role_is_read_only(client, writer):
    khamis = create_participant(client, writer)
    body = problem(client.post(f"/api/v1/participants/{khamis['id']}/roles", json={
        "title_ar": "رئيس مجلس الوزراء", "participant_id": khamis["id"]}, headers=writer), 422)
    assert "participant_id" in body["errors"]


def test_a_role_cannot_end_before_it_starts(client, writer):
    khamis = create_participant(client, writer)
    body = problem(client.post(f"/api/v1/participants/{khamis['id']}/roles", json={
        "title_ar": "رئيس مجلس الوزراء", "start_date": "2020-06-11", "end_date": "2016-06-22"},
        headers=writer), 422)
    assert "end_date" in body["errors"]


def test_a_precision_needs_its_date(client, writer):
    khamis = create_participant(client, writer)
    body = problem(client.post(f"/api/v1/participants/{khamis['id']}/roles", json={
        "title_ar": "رئيس مجلس الوزراء", "start_date_precision": "year"}, headers=writer), 422)
    assert "start_date_precision" in body["errors"]


def test_role_organization_must_exist(client, writer):
    moallem = create_participant(client, writer, "وليد المعلم")
    body = problem(client.post(f"/api/v1/participants/{moallem['id']}/roles", json={
        "title_ar": "وزير الخارجية والمغتربين", "organization_id": 999}, headers=writer), 422)
    assert "organization_id" in body["errors"]
    ministry = create_participant(client, writer, "وزارة الخارجية والمغتربين", kind="organization")
    role = post(client, writer, f"/participants/{moallem['id']}/roles", {
        "title_ar": "وزير الخارجية والمغتربين", "organization_id": ministry["id"]})
    assert role["organization_id"] == ministry["id"]


def test_roles_are_listed_by_start_date_and_filter_by_country(client, writer):
    create_country(client, writer, "SY")
    moallem = create_participant(client, writer, "وليد المعلم")
    minister = post(client, writer, f"/participants/{moallem['id']}/roles", {
        "title_ar": "وزير الخارجية والمغتربين", "country_code": "SY", "start_date": "2006-02-11"})
    deputy = post(client, writer, f"/participants/{moallem['id']}/roles", {
        "title_ar": "نائب رئيس مجلس الوزراء", "start_date": "2012-06-23"})
    listed = client.get(f"/api/v1/participants/{moallem['id']}/roles?sort=-start_date")
    assert ids(listed) == [deputy["id"], minister["id"]]
    assert ids(client.get(f"/api/v1/participants/{moallem['id']}/roles?country=SY")) == [minister["id"]]
    embedded = client.get(f"/api/v1/participants/{moallem['id']}").get_json()["roles"]
    assert [role["id"] for role in embedded] == [minister["id"], deputy["id"]]


def test_writing_a_role_changes_its_participants_etag(client, writer):
    khamis = create_participant(client, writer)
    before = client.get(f"/api/v1/participants/{khamis['id']}").headers["ETag"]
    role = post(client, writer, f"/participants/{khamis['id']}/roles", {"title_ar": "رئيس مجلس الوزراء"})
    after_create = client.get(f"/api/v1/participants/{khamis['id']}").headers["ETag"]
    assert after_create != before
    client.patch(f"/api/v1/participants/{khamis['id']}/roles/{role['id']}",
                 json={"end_date": "2020-06-11"}, headers=writer)
    after_patch = client.get(f"/api/v1/participants/{khamis['id']}").headers["ETag"]
    assert after_patch != after_create


def test_deleting_a_role_changes_its_participants_etag(client, writer):
    khamis = create_participant(client, writer)
    role = post(client, writer, f"/participants/{khamis['id']}/roles", {"title_ar": "رئيس مجلس الوزراء"})
    before = client.get(f"/api/v1/participants/{khamis['id']}")
    response = client.delete(f"/api/v1/participants/{khamis['id']}/roles/{role['id']}", headers=writer)
    assert response.status_code == 204
    after = client.get(f"/api/v1/participants/{khamis['id']}",
                       headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.get_json()["roles"] == []


def test_patching_a_role_cannot_make_it_end_before_it_starts(client, writer):
    khamis = create_participant(client, writer)
    role = post(client, writer, f"/participants/{khamis['id']}/roles", {
        "title_ar": "رئيس مجلس الوزراء", "start_date": "2016-06-22", "end_date": "2020-06-11"})
    url = f"/api/v1/participants/{khamis['id']}/roles/{role['id']}"
    body = problem(client.patch(url, json={"start_date": "2021-01-01"}, headers=writer), 422)
    assert "end_date" in body["errors"]
    body = problem(client.patch(url, json={"end_date": "2015-01-01"}, headers=writer), 422)
    assert "end_date" in body["errors"]
    assert client.get(url).get_json()["start_date"] == "2016-06-22"


def test_clearing_a_roles_date_cannot_leave_its_precision(client, writer):
    khamis = create_participant(client, writer)
    role = post(client, writer, f"/participants/{khamis['id']}/roles", {
        "title_ar": "رئيس مجلس الوزراء", "start_date": "2016-06-22", "start_date_precision": "day"})
    url = f"/api/v1/participants/{khamis['id']}/roles/{role['id']}"
    body = problem(client.patch(url, json={"start_date": None}, headers=writer), 422)
    assert "start_date_precision" in body["errors"]
    cleared = client.patch(url, json={"start_date": None, "start_date_precision": None}, headers=writer)
    assert cleared.status_code == 200
