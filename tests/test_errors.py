"""Every status code of the contract's table, as RFC 9457 problem+json (429 and 503 aside)."""
from service.db import database
from service.http.auth import revoke_key
from tests.helpers import (
    KHAMIS_BODY,
    app_with,
    create_country,
    create_participant,
    create_statement,
    problem,
)


def full_problem(response, status):
    """A problem with every member the contract names, and nothing of a stack trace or HTML."""
    body = problem(response, status)
    assert isinstance(body["type"], str) and body["type"]
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "<html" not in text.lower() and 'File "' not in text
    return body


# --- 400 -----------------------------------------------------------------------


def test_bad_json_is_400(client, writer):
    response = client.post("/api/v1/countries", data='{"code": "SY", "name_ar": "سورية",',
                           content_type="application/json", headers=writer)
    full_problem(response, 400)


def test_bad_utf8_is_400(client, writer):
    body = '{"code": "SY", "name_ar": "سورية", "name_en": "Syria"}'.encode("utf-8")
    broken = body.replace("سورية".encode("utf-8"), "سورية".encode("utf-8")[:-1] + b"\xff")
    response = client.post("/api/v1/countries", data=broken, content_type="application/json", headers=writer)
    full_problem(response, 400)
    full_problem(client.get("/api/v1/countries/SY"), 404)


def test_bad_query_parameter_is_400_naming_it(client):
    body = full_problem(client.get("/api/v1/statements?speaker=abc"), 400)
    assert "speaker" in body["errors"]


# --- 401 and 403 -----------------------------------------------------------------


def test_write_without_credentials_is_401(client):
    response = client.post("/api/v1/countries", json={"code": "SY", "name_ar": "سورية", "name_en": "Syria"})
    full_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    full_problem(client.get("/api/v1/countries/SY"), 404)


def test_bad_credentials_are_401(client, writer):
    for authorization in ("Bearer sdk_not-a-key-this-service-issued", "Bearer ",
                          "Basic d3JpdGVyOnNlY3JldA==", "sdk_no_scheme"):
        response = client.post("/api/v1/countries", json={"code": "SY", "name_ar": "سورية", "name_en": "Syria"},
                               headers={"Authorization": authorization})
        full_problem(response, 401)


def test_revoked_key_is_401(app, client, writer):
    create_country(client, writer, "SY")
    with app.app_context():
        assert revoke_key("writer")
        database.close()
    full_problem(client.delete("/api/v1/countries/SY", headers=writer), 401)


def test_insufficient_scope_is_403(client, reader):
    body = full_problem(client.post("/api/v1/countries", json={
        "code": "SY", "name_ar": "سورية", "name_en": "Syria"}, headers=reader), 403)
    assert "write" in body["detail"]


# --- 404, 405: routing comes first -----------------------------------------------


def test_unknown_id_is_404(client, writer):
    full_problem(client.get("/api/v1/participants/999"), 404)
    full_problem(client.patch("/api/v1/participants/999", json={"name_ar": "خميس"}, headers=writer), 404)
    full_problem(client.delete("/api/v1/participants/999", headers=writer), 404)


def test_id_beyond_64_bits_is_404_not_500(client, writer):
    create_participant(client, writer)
    for url in ("/api/v1/topics/99999999999999999999",
                "/api/v1/participants/99999999999999999999/roles/1",
                "/api/v1/participants/1/roles/99999999999999999999"):
        full_problem(client.get(url), 404)
        full_problem(client.patch(url, json={}, headers=writer), 404)
        full_problem(client.delete(url, headers=writer), 404)
    full_problem(client.get("/api/v1/participants/99999999999999999999/roles"), 404)


def test_unknown_route_is_404_even_without_credentials(client):
    for url in ("/api/v1/speakers", "/api/v2/statements", "/api/v1/countries/SYR",
                "/api/v1/participants/abc", "/nowhere"):
        full_problem(client.get(url), 404)
        full_problem(client.post(url, json={}), 404)
        full_problem(client.delete(url), 404)


def test_wrong_method_is_405_with_allow_even_without_credentials(client):
    response = client.delete("/api/v1/statements")
    full_problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert "DELETE" not in response.headers["Allow"]
    response = client.post("/api/v1/statements/1")
    full_problem(response, 405)
    assert {"GET", "PATCH", "PUT", "DELETE"} <= set(response.headers["Allow"].replace(" ", "").split(","))


def test_routing_comes_first_when_reads_need_a_key(database_url):
    client = app_with(database_url, REQUIRE_AUTH_FOR_READS=True).test_client()
    full_problem(client.get("/api/v1/speakers"), 404)
    full_problem(client.put("/api/v1/statements"), 405)
    full_problem(client.get("/api/v1/statements"), 401)


# --- 409 -------------------------------------------------------------------------


def test_unique_key_conflict_is_409_naming_the_field(client, writer):
    create_participant(client, writer, "بشار الأسد", wikidata_id="Q44329")
    body = full_problem(client.post("/api/v1/participants", json={
        "name_ar": "الرئيس الأسد", "wikidata_id": "Q44329"}, headers=writer), 409)
    assert set(body["errors"]) == {"wikidata_id"}


def test_deleting_a_referenced_row_is_409_naming_the_references(client, writer):
    statement = create_statement(client, writer)
    create_statement(client, writer, article_id=statement["article_id"], speaker_id=statement["speaker_id"])
    url = f"/api/v1/participants/{statement['speaker_id']}"
    body = full_problem(client.delete(url, headers=writer), 409)
    assert body["references"] == {"statement.speaker": 2}
    assert "cascade=true" in body["detail"]
    assert client.get(url).status_code == 200


def test_cascade_true_deletes_the_referenced_row(client, writer):
    statement = create_statement(client, writer)
    url = f"/api/v1/participants/{statement['speaker_id']}"
    assert client.delete(f"{url}?cascade=true", headers=writer).status_code == 204
    full_problem(client.get(url), 404)


# --- 412 -------------------------------------------------------------------------


def test_stale_if_match_is_412(client, writer):
    khamis = create_participant(client, writer)
    url = f"/api/v1/participants/{khamis['id']}"
    client.patch(url, json={"name_en": "Imad Khamis"}, headers=writer)
    body = full_problem(client.patch(url, json={"name_en": "Emad Khamis"},
                                     headers={**writer, "If-Match": '"v1"'}), 412)
    assert body["current_etag"] == client.get(url).headers["ETag"]
    assert body["current_etag"].startswith('"v2.')


# --- 413 -------------------------------------------------------------------------


def test_body_over_max_body_bytes_is_413(database_url, writer):
    client = app_with(database_url, MAX_BODY_BYTES=1024).test_client()
    small = client.post("/api/v1/articles", json={"body": "طهران-سانا"}, headers=writer)
    assert small.status_code == 201
    response = client.post("/api/v1/articles", json={"body": KHAMIS_BODY * 3}, headers=writer)
    full_problem(response, 413)
    assert client.get("/api/v1/articles?count=true").get_json()["total"] == 1


# --- 415 -------------------------------------------------------------------------


def test_wrong_content_type_is_415(client, writer):
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None):
        response = client.post("/api/v1/countries", data='{"code": "SY", "name_ar": "سورية", "name_en": "Syria"}',
                               content_type=content_type, headers=writer)
        full_problem(response, 415)


def test_merge_patch_type_is_only_for_patch(client, writer):
    create_country(client, writer, "SY")
    patched = client.patch("/api/v1/countries/SY", data='{"name_en": "Syrian Arab Republic"}',
                           content_type="application/merge-patch+json", headers=writer)
    assert patched.status_code == 200
    full_problem(client.put("/api/v1/countries/SY", data='{"name_ar": "سورية", "name_en": "Syria"}',
                            content_type="application/merge-patch+json", headers=writer), 415)


# --- 422 -------------------------------------------------------------------------


def test_invalid_body_is_422_with_errors_per_field(client, writer):
    body = full_problem(client.post("/api/v1/countries", json={"code": "syria", "name_ar": ""},
                                    headers=writer), 422)
    assert set(body["errors"]) == {"code", "name_ar", "name_en"}
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())


def test_body_that_is_not_an_object_is_422(client, writer):
    full_problem(client.post("/api/v1/countries", json=["SY", "سورية"], headers=writer), 422)


def test_unknown_field_is_422_not_dropped(client, writer):
    body = full_problem(client.post("/api/v1/participants", json={"name_ar": "عماد خميس", "nmae_en": "Khamis"},
                                    headers=writer), 422)
    assert set(body["errors"]) == {"nmae_en"}


def test_read_only_field_is_422_naming_it(client, writer):
    khamis = create_participant(client, writer)
    for field, value in (("id", 7), ("created_at", "2017-01-18T19:04:00+03:00"),
                         ("updated_at", "2017-01-18T19:04:00+03:00"), ("version", 9)):
        body = full_problem(client.post("/api/v1/participants", json={"name_ar": "عماد خميس", field: value},
                                        headers=writer), 422)
        assert set(body["errors"]) == {field}
        body = full_problem(client.patch(f"/api/v1/participants/{khamis['id']}", json={field: value},
                                         headers=writer), 422)
        assert set(body["errors"]) == {field}


def test_out_of_range_integer_is_422_never_500(client, writer):
    for path, body, field in (
        ("/articles", {"body": KHAMIS_BODY, "outlet_id": 2**63}, "outlet_id"),
        ("/articles", {"body": KHAMIS_BODY, "outlet_id": 10**30}, "outlet_id"),
        ("/articles", {"body": KHAMIS_BODY, "outlet_id": 0}, "outlet_id"),
        ("/statements", {"article_id": 1, "speaker_id": 1, "text": "أمله", "kind": "direct",
                         "start": 0, "end": 10**12}, "end"),
        ("/events", {"participants": [{"participant_id": -3}]}, "participants"),
    ):
        problem_body = full_problem(client.post(f"/api/v1{path}", json=body, headers=writer), 422)
        assert field in problem_body["errors"]


def test_nul_character_is_refused_on_every_engine(client, writer):
    # JSON allows \u0000 but PostgreSQL text cannot hold it: a 422/400/404, never a 500.
    body = full_problem(client.post("/api/v1/participants", json={
        "name_ar": "عماد\u0000خميس", "aliases": [{"name": "خميس\u0000"}]}, headers=writer), 422)
    assert set(body["errors"]) == {"name_ar", "aliases"}
    body = full_problem(client.get("/api/v1/participants?q=%00"), 400)
    assert "q" in body["errors"]
    full_problem(client.get("/api/v1/countries/S%00"), 404)
    assert client.get("/api/v1/participants?count=true").get_json()["total"] == 0


def test_timestamp_beyond_the_calendar_in_utc_is_422_never_500(client, writer):
    for moment in ("0001-01-01T00:00:00+04:30", "9999-12-31T23:00:00-04:30"):
        body = full_problem(client.post("/api/v1/articles", json={"body": KHAMIS_BODY, "published_at": moment},
                                        headers=writer), 422)
        assert "published_at" in body["errors"]
    body = full_problem(client.get("/api/v1/articles?published_after=0001-01-01T00:00:00%2B04:30"), 400)
    assert "published_after" in body["errors"]
    assert client.get("/api/v1/statements?to=9999-12-31").status_code == 200


def test_float_for_an_integer_is_422(client, writer):
    body = full_problem(client.post("/api/v1/articles", json={"body": KHAMIS_BODY, "outlet_id": 1.5},
                                    headers=writer), 422)
    assert "outlet_id" in body["errors"]


def test_overlong_string_is_422(client, writer):
    body = full_problem(client.post("/api/v1/participants", json={"name_ar": "خميس" * 100},
                                    headers=writer), 422)
    assert "name_ar" in body["errors"]


def test_null_for_a_required_field_in_patch_is_422(client, writer):
    khamis = create_participant(client, writer)
    body = full_problem(client.patch(f"/api/v1/participants/{khamis['id']}", json={"name_ar": None},
                                     headers=writer), 422)
    assert set(body["errors"]) == {"name_ar"}
    assert client.get(f"/api/v1/participants/{khamis['id']}").get_json()["name_ar"] == "عماد خميس"


# --- 500: never a stack trace ---------------------------------------------------


def test_unexpected_error_is_a_problem_without_a_stack_trace(client, monkeypatch):
    from service.api import countries

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals /srv/app/service/api/countries.py")
    monkeypatch.setattr(countries.countries, "list", explode)
    response = client.get("/api/v1/countries")
    body = full_problem(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert body["type"] == "about:blank"


def test_an_integral_number_with_a_fraction_is_that_integer(client, writer):
    # JSON Schema (OpenAPI 3.1) counts 1.0 as an integer: a generated request may send it.
    outlet = client.post("/api/v1/outlets", json={"name": "SANA", "name_ar": "سانا"}, headers=writer).get_json()
    created = client.post("/api/v1/articles", json={"body": KHAMIS_BODY, "outlet_id": float(outlet["id"])},
                          headers=writer)
    assert created.status_code == 201 and created.get_json()["outlet_id"] == outlet["id"]
    # Past 2**53 a float is not exact: 9007199254740993.0 would arrive as ...992.
    body = full_problem(client.post("/api/v1/articles", json={"body": KHAMIS_BODY, "outlet_id": 2.0**53 + 2},
                                    headers=writer), 422)
    assert "outlet_id" in body["errors"]
