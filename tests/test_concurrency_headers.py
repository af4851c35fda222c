"""ETags, conditional requests, versions and timestamps; PUT replaces, PATCH merges."""
import datetime
import re

import pytest

from tests.helpers import (
    create_article,
    create_country,
    create_event,
    create_outlet,
    create_participant,
    create_statement,
    create_topic,
    problem,
)


# A strong tag: the version, then the row's token (http/etag.py).
def tag_of_version(version):
    return re.compile(rf'"v{version}\.[0-9a-f]{{8}}"')


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def make(kind, client, writer):
    """One row of each resource, as (item url, created body)."""
    if kind == "country":
        return "/api/v1/countries/SY", create_country(client, writer, "SY")
    if kind == "role":
        khamis = create_participant(client, writer)
        response = client.post(f"/api/v1/participants/{khamis['id']}/roles",
                               json={"title_ar": "رئيس مجلس الوزراء"}, headers=writer)
        return response.headers["Location"], response.get_json()
    created = {
        "outlet": lambda: create_outlet(client, writer, "SANA"),
        "topic": lambda: create_topic(client, writer),
        "article": lambda: create_article(client, writer),
        "participant": lambda: create_participant(client, writer),
        "event": lambda: create_event(client, writer),
        "statement": lambda: create_statement(client, writer),
    }[kind]()
    return f"/api/v1/{kind}s/{created['id']}", created


CHANGES = {
    "country": {"name_en": "Syrian Arab Republic"},
    "outlet": {"name_ar": "الوكالة العربية السورية للأنباء"},
    "topic": {"name_en": "Astana talks"},
    "article": {"dateline": "طهران-سانا"},
    "participant": {"name_en": "Imad Khamis"},
    "role": {"title_en": "Prime Minister of Syria"},
    "event": {"title": "مباحثات سورية إيرانية في طهران"},
    "statement": {"cue": "قال"},
}
KINDS = sorted(CHANGES)


@pytest.fixture
def rows(client, writer):
    """One row of every resource, as (kind, item url, created body)."""
    return [(kind, *make(kind, client, writer)) for kind in KINDS]


# --- ETags ---------------------------------------------------------------------


def test_every_item_get_sends_a_strong_etag(client, rows):
    for kind, url, created in rows:
        response = client.get(url)
        assert response.status_code == 200, kind
        etag = response.headers["ETag"]
        assert re.fullmatch(r'"[^"]+"', etag), (kind, etag)  # strong: no W/ prefix
        assert client.get(url).headers["ETag"] == etag, kind


def test_etag_names_the_rows_version(client, rows):
    for kind, url, created in rows:
        assert tag_of_version(created["version"]).fullmatch(client.get(url).headers["ETag"]), kind


def test_if_none_match_with_the_current_etag_is_304(client, rows):
    for kind, url, created in rows:
        etag = client.get(url).headers["ETag"]
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304, kind
        assert response.data == b""
        assert response.headers["ETag"] == etag
        assert client.get(url, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304, kind


def test_if_none_match_with_an_old_etag_is_200(client, writer, rows):
    for kind, url, created in rows:
        old = client.get(url).headers["ETag"]
        client.patch(url, json=CHANGES[kind], headers=writer)
        response = client.get(url, headers={"If-None-Match": old})
        assert response.status_code == 200, kind
        assert response.headers["ETag"] != old, kind


def test_expand_and_fields_have_their_own_etag(client, writer):
    statement = create_statement(client, writer)
    url = f"/api/v1/statements/{statement['id']}"
    plain = client.get(url).headers["ETag"]
    expanded = client.get(f"{url}?expand=speaker").headers["ETag"]
    partial = client.get(f"{url}?fields=id,text").headers["ETag"]
    assert len({plain, expanded, partial}) == 3
    assert client.get(f"{url}?expand=speaker", headers={"If-None-Match": plain}).status_code == 200
    assert client.get(f"{url}?expand=speaker", headers={"If-None-Match": expanded}).status_code == 304


def test_expanded_etag_changes_when_the_embedded_object_does(client, writer):
    statement = create_statement(client, writer)
    url = f"/api/v1/statements/{statement['id']}?expand=speaker"
    before = client.get(url).headers["ETag"]
    client.patch(f"/api/v1/participants/{statement['speaker_id']}", json={"name_en": "Imad Khamis"},
                 headers=writer)
    assert client.get(url, headers={"If-None-Match": before}).status_code == 200


def reborn(kind, client, writer):
    """(url, ETag of the first row, ETag of a second row created at the same URL after
    the first was deleted): a country's code is chosen again; SQLite hands the id of
    the last row back to the next insert (no AUTOINCREMENT), so a topic's id returns."""
    if kind == "country":
        url = "/api/v1/countries/SY"
        create_country(client, writer, "SY", "سورية", "Syria")
    else:
        url = f"/api/v1/topics/{create_topic(client, writer, 'astana-talks')['id']}"
    first = client.get(url).headers["ETag"]
    assert client.delete(url, headers=writer).status_code == 204
    if kind == "country":
        create_country(client, writer, "SY", "سوريا", "Syrian Arab Republic")
    else:
        again = create_topic(client, writer, "geneva-talks", name_ar="محادثات جنيف")
        if f"/api/v1/topics/{again['id']}" != url:
            pytest.skip("this engine does not hand a deleted id back (PostgreSQL's sequences)")
    return url, first, client.get(url).headers["ETag"]


@pytest.mark.parametrize("kind", ["country", "topic"])
def test_a_row_at_a_deleted_rows_url_never_has_its_etags(client, writer, kind):
    url, first, second = reborn(kind, client, writer)
    assert second != first
    # A cache holding the deleted row's body must not be told it is current.
    response = client.get(url, headers={"If-None-Match": first})
    assert response.status_code == 200
    assert response.get_json()["version"] == 1
    # A write meant for the deleted row must not change the new one.
    problem(client.patch(url, json={"name_en": "x"}, headers={**writer, "If-Match": first}), 412)
    problem(client.delete(url, headers={**writer, "If-Match": first}), 412)
    assert client.get(url, headers={"If-None-Match": second}).status_code == 304
    assert client.patch(url, json={"name_en": "x"}, headers={**writer, "If-Match": second}).status_code == 200


# --- If-Match ------------------------------------------------------------------


def test_stale_if_match_is_412_and_changes_nothing(client, writer):
    create_country(client, writer, "SY", "سورية", "Syria")
    client.patch("/api/v1/countries/SY", json={"name_en": "Syrian Arab Republic"}, headers=writer)
    stale = {**writer, "If-Match": '"v1"'}
    replacement = {"name_ar": "سوريا", "name_en": "Syria"}
    problem(client.patch("/api/v1/countries/SY", json=replacement, headers=stale), 412)
    problem(client.put("/api/v1/countries/SY", json=replacement, headers=stale), 412)
    problem(client.delete("/api/v1/countries/SY", headers=stale), 412)
    current = client.get("/api/v1/countries/SY")
    assert tag_of_version(2).fullmatch(current.headers["ETag"])
    assert current.get_json()["name_ar"] == "سورية"


def test_matching_if_match_succeeds(client, writer):
    create_country(client, writer, "SY")
    replacement = {"name_ar": "سوريا", "name_en": "Syria"}
    for send, status in ((client.patch, 200), (client.put, 200), (client.delete, 204)):
        etag = client.get("/api/v1/countries/SY").headers["ETag"]
        body = {} if send == client.delete else {"json": replacement}
        assert send("/api/v1/countries/SY", headers={**writer, "If-Match": etag}, **body).status_code == status


def test_if_match_accepts_any_listed_tag_and_star(client, writer):
    khamis = create_participant(client, writer)
    url = f"/api/v1/participants/{khamis['id']}"
    etag = client.get(url).headers["ETag"]
    ok = client.patch(url, json={"name_en": "Imad Khamis"}, headers={**writer, "If-Match": f'"v9", {etag}'})
    assert ok.status_code == 200
    assert client.patch(url, json={"name_en": "Emad"}, headers={**writer, "If-Match": "*"}).status_code == 200


def test_weak_if_match_never_matches(client, writer):
    khamis = create_participant(client, writer)
    url = f"/api/v1/participants/{khamis['id']}"
    response = client.patch(url, json={"name_en": "Imad Khamis"},
                            headers={**writer, "If-Match": "W/" + client.get(url).headers["ETag"]})
    problem(response, 412)


def test_etag_of_an_expanded_read_works_as_if_match(client, writer):
    statement = create_statement(client, writer)
    url = f"/api/v1/statements/{statement['id']}"
    etag = client.get(f"{url}?expand=speaker").headers["ETag"]
    assert client.patch(url, json={"cue": "أكد"}, headers={**writer, "If-Match": etag}).status_code == 200
    problem(client.patch(url, json={"cue": "قال"}, headers={**writer, "If-Match": etag}), 412)


# --- versions and timestamps ---------------------------------------------------


def test_version_increments_on_each_write(client, writer, rows):
    for kind, url, created in rows:
        assert created["version"] == 1, kind
        first = client.patch(url, json=CHANGES[kind], headers=writer)
        assert first.get_json()["version"] == 2, kind
        assert tag_of_version(2).fullmatch(first.headers["ETag"]), kind
        second = client.put(url, json={**replaceable(created), **CHANGES[kind]}, headers=writer)
        assert second.get_json()["version"] == 3, kind
        assert client.get(url).get_json()["version"] == 3, kind


def replaceable(item):
    """The writable fields of a representation, for a PUT."""
    read_only = {"id", "created_at", "updated_at", "version", "code", "content_hash", "merged_into_id",
                 "participant_id", "aliases", "roles"}
    return {k: v for k, v in item.items() if k not in read_only}


def test_timestamps_are_rfc3339_with_offset(client, rows):
    now = datetime.datetime.now(datetime.timezone.utc)
    for kind, url, created in rows:
        item = client.get(url).get_json()
        for name in ("created_at", "updated_at"):
            assert RFC3339.match(item[name]), (kind, name, item[name])
            moment = datetime.datetime.fromisoformat(item[name].replace("Z", "+00:00"))
            assert moment.tzinfo is not None
            assert abs((now - moment).total_seconds()) < 120, (kind, name)


def test_timestamps_and_version_cannot_be_written(client, writer, rows):
    for kind, url, created in rows:
        for field, value in (("created_at", "2017-01-18T19:04:00+03:00"), ("version", 7)):
            body = problem(client.patch(url, json={field: value}, headers=writer), 422)
            assert field in body["errors"], kind


def test_created_at_stays_and_updated_at_never_goes_back(client, writer, rows):
    for kind, url, created in rows:
        changed = client.patch(url, json=CHANGES[kind], headers=writer).get_json()
        assert changed["created_at"] == created["created_at"], kind
        assert datetime.datetime.fromisoformat(changed["updated_at"]) >= datetime.datetime.fromisoformat(
            created["updated_at"]), kind


# --- PUT replaces, PATCH merges ------------------------------------------------


def test_patch_merges_absent_fields_stay(client, writer):
    create_country(client, writer, "SY")
    rouhani = create_participant(client, writer, "حسن روحاني", name_en="Hassan Rouhani", country_code="SY",
                                 description="رئيس الجمهورية الإسلامية الإيرانية")
    changed = client.patch(f"/api/v1/participants/{rouhani['id']}", json={"name_en": "Hassan Rohani"},
                           headers=writer).get_json()
    assert changed["name_en"] == "Hassan Rohani"
    assert changed["country_code"] == "SY"
    assert changed["description"] == "رئيس الجمهورية الإسلامية الإيرانية"


def test_patch_null_clears_a_field(client, writer):
    rouhani = create_participant(client, writer, "حسن روحاني", name_en="Hassan Rouhani",
                                 description="رئيس الجمهورية الإسلامية الإيرانية")
    changed = client.patch(f"/api/v1/participants/{rouhani['id']}", json={"description": None},
                           headers=writer).get_json()
    assert changed["description"] is None
    assert changed["name_en"] == "Hassan Rouhani"
    assert client.get(f"/api/v1/participants/{rouhani['id']}").get_json()["description"] is None


def test_patch_with_merge_patch_content_type(client, writer):
    rouhani = create_participant(client, writer, "حسن روحاني", name_en="Hassan Rouhani")
    response = client.patch(f"/api/v1/participants/{rouhani['id']}", data='{"name_en": null}',
                            content_type="application/merge-patch+json", headers=writer)
    assert response.status_code == 200
    assert response.get_json()["name_en"] is None


def test_put_replaces_absent_optional_fields_become_null(client, writer):
    create_country(client, writer, "IR", "إيران", "Iran")
    rouhani = create_participant(client, writer, "حسن روحاني", name_en="Hassan Rouhani", country_code="IR",
                                 description="رئيس الجمهورية الإسلامية الإيرانية", kind="person")
    replaced = client.put(f"/api/v1/participants/{rouhani['id']}", json={"name_ar": "روحاني"},
                          headers=writer).get_json()
    assert replaced["name_ar"] == "روحاني"
    assert (replaced["name_en"], replaced["country_code"], replaced["description"]) == (None, None, None)
    assert replaced["kind"] == "person"
    assert client.get(f"/api/v1/participants/{rouhani['id']}").get_json() == replaced


def test_put_needs_the_required_fields(client, writer):
    rouhani = create_participant(client, writer, "حسن روحاني")
    body = problem(client.put(f"/api/v1/participants/{rouhani['id']}", json={"name_en": "Hassan Rouhani"},
                              headers=writer), 422)
    assert "name_ar" in body["errors"]


def test_put_replaces_an_article_and_its_published_at(client, writer):
    article = create_article(client, writer, published_at="2022-05-08T17:54:00+04:30", dateline="طهران-سانا")
    replaced = client.put(f"/api/v1/articles/{article['id']}", json={"body": article["body"]},
                          headers=writer).get_json()
    assert (replaced["published_at"], replaced["dateline"]) == (None, None)
    assert replaced["language"] == "ar"


def test_put_replaces_owned_lists_absent_means_empty(client, writer):
    rouhani = create_participant(client, writer, "حسن روحاني", aliases=[{"name": "روحاني", "kind": "short"}],
                                 roles=[{"title_ar": "رئيس الجمهورية الإسلامية الإيرانية"}])
    replaced = client.put(f"/api/v1/participants/{rouhani['id']}", json={"name_ar": "حسن روحاني"},
                          headers=writer).get_json()
    assert (replaced["aliases"], replaced["roles"]) == ([], [])
    statement = create_statement(client, writer, topic_ids=[create_topic(client, writer)["id"]])
    replaced = client.put(f"/api/v1/statements/{statement['id']}", json={
        key: statement[key] for key in ("article_id", "speaker_id", "text", "kind")}, headers=writer).get_json()
    assert replaced["topic_ids"] == []


# --- a cascade changes other rows' representations, so their ETags move -------


def assert_etag_moves(client, url, change):
    before = client.get(url).headers["ETag"]
    change()
    after = client.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200, f"{url} kept ETag {before} though its representation changed"
    assert after.headers["ETag"] != before
    return after.get_json()


def test_cascade_clearing_a_reference_moves_the_referrers_etag(client, writer):
    rouhani = create_participant(client, writer, "حسن روحاني")
    statement = create_statement(client, writer, addressee_id=rouhani["id"])
    after = assert_etag_moves(client, f"/api/v1/statements/{statement['id']}", lambda: client.delete(
        f"/api/v1/participants/{rouhani['id']}?cascade=true", headers=writer))
    assert after["addressee_id"] is None


def test_cascade_clearing_a_country_moves_its_participants_etag(client, writer):
    create_country(client, writer, "IR", "إيران", "Iran")
    rouhani = create_participant(client, writer, "حسن روحاني", country_code="IR")
    after = assert_etag_moves(client, f"/api/v1/participants/{rouhani['id']}", lambda: client.delete(
        "/api/v1/countries/IR?cascade=true", headers=writer))
    assert after["country_code"] is None


def test_cascade_dropping_a_topic_link_moves_the_statements_etag(client, writer):
    astana = create_topic(client, writer)
    statement = create_statement(client, writer, topic_ids=[astana["id"]])
    after = assert_etag_moves(client, f"/api/v1/statements/{statement['id']}", lambda: client.delete(
        f"/api/v1/topics/{astana['id']}?cascade=true", headers=writer))
    assert after["topic_ids"] == []


def test_cascade_dropping_an_event_link_moves_the_events_etag(client, writer):
    khamis = create_participant(client, writer)
    article = create_article(client, writer)
    event = create_event(client, writer, participants=[{"participant_id": khamis["id"]}],
                         article_ids=[article["id"]])
    url = f"/api/v1/events/{event['id']}"
    after = assert_etag_moves(client, url, lambda: client.delete(
        f"/api/v1/participants/{khamis['id']}?cascade=true", headers=writer))
    assert after["participants"] == []
    after = assert_etag_moves(client, url, lambda: client.delete(
        f"/api/v1/articles/{article['id']}?cascade=true", headers=writer))
    assert after["article_ids"] == []


def test_cascade_clearing_a_roles_organization_moves_the_role_holders_etag(client, writer):
    ministry = create_participant(client, writer, "وزارة الخارجية والمغتربين", kind="organization")
    moallem = create_participant(client, writer, "وليد المعلم", roles=[
        {"title_ar": "وزير الخارجية والمغتربين", "organization_id": ministry["id"]}])
    after = assert_etag_moves(client, f"/api/v1/participants/{moallem['id']}", lambda: client.delete(
        f"/api/v1/participants/{ministry['id']}?cascade=true", headers=writer))
    assert after["roles"][0]["organization_id"] is None
