"""Countries: keyed by their ISO 3166-1 alpha-2 code, in paths and in references."""
from tests.helpers import create_country, create_participant, ids, problem


def test_create_country_returns_201_with_location_etag_and_body(client, writer):
    response = client.post("/api/v1/countries", json={
        "code": "SY", "name_ar": "سورية", "name_en": "Syria"}, headers=writer)
    assert response.status_code == 201
    assert response.headers["Location"].endswith("/api/v1/countries/SY")
    assert response.headers["ETag"] == client.get("/api/v1/countries/SY").headers["ETag"]
    assert response.headers["ETag"].startswith('"v1.')
    body = response.get_json()
    assert (body["code"], body["name_ar"], body["name_en"]) == ("SY", "سورية", "Syria")
    assert "id" not in body


def test_country_is_read_by_its_code(client, writer):
    create_country(client, writer, "IR", "إيران", "Iran")
    response = client.get("/api/v1/countries/IR")
    assert response.status_code == 200
    assert response.get_json()["name_ar"] == "إيران"


def test_unknown_code_is_404(client):
    problem(client.get("/api/v1/countries/XX"), 404)


def test_code_must_be_two_capital_letters(client, writer):
    for code in ("sy", "SYR", "S1"):
        body = problem(client.post("/api/v1/countries", json={
            "code": code, "name_ar": "سورية", "name_en": "Syria"}, headers=writer), 422)
        assert "code" in body["errors"]


def test_names_are_required(client, writer):
    body = problem(client.post("/api/v1/countries", json={"code": "SY"}, headers=writer), 422)
    assert set(body["errors"]) == {"name_ar", "name_en"}


def test_duplicate_code_is_409_naming_code(client, writer):
    create_country(client, writer, "SY")
    body = problem(client.post("/api/v1/countries", json={
        "code": "SY", "name_ar": "سوريا", "name_en": "Syria"}, headers=writer), 409)
    assert "code" in body["errors"]


def test_list_is_sorted_by_code(client, writer):
    for code, name_ar, name_en in [("SY", "سورية", "Syria"), ("IR", "إيران", "Iran"),
                                   ("RU", "روسيا", "Russia")]:
        create_country(client, writer, code, name_ar, name_en)
    assert ids(client.get("/api/v1/countries")) == ["IR", "RU", "SY"]
    assert ids(client.get("/api/v1/countries?sort=-name_en")) == ["SY", "RU", "IR"]


def test_patch_changes_a_name(client, writer):
    create_country(client, writer, "SY", "سورية", "Syria")
    response = client.patch("/api/v1/countries/SY", json={"name_ar": "سوريا"}, headers=writer)
    assert response.status_code == 200
    assert response.get_json()["name_ar"] == "سوريا"
    assert client.get("/api/v1/countries/SY").get_json()["name_en"] == "Syria"


def test_code_cannot_be_changed(client, writer):
    create_country(client, writer, "SY")
    body = problem(client.patch("/api/v1/countries/SY", json={"code": "IR"}, headers=writer), 422)
    assert "code" in body["errors"]
    assert client.get("/api/v1/countries/IR").status_code == 404


def test_put_replaces_the_names(client, writer):
    create_country(client, writer, "SY", "سورية", "Syria")
    response = client.put("/api/v1/countries/SY", json={
        "name_ar": "الجمهورية العربية السورية", "name_en": "Syrian Arab Republic"}, headers=writer)
    assert response.status_code == 200
    assert client.get("/api/v1/countries/SY").get_json()["name_ar"] == "الجمهورية العربية السورية"


def test_delete_country_is_204_then_404(client, writer):
    create_country(client, writer, "SY")
    response = client.delete("/api/v1/countries/SY", headers=writer)
    assert response.status_code == 204
    assert response.data == b""
    problem(client.get("/api/v1/countries/SY"), 404)


def test_delete_referenced_country_is_409_and_cascade_unlinks_participants(client, writer):
    create_country(client, writer, "SY")
    khamis = create_participant(client, writer, country_code="SY")
    body = problem(client.delete("/api/v1/countries/SY", headers=writer), 409)
    assert body["references"] == {"participant.country": 1}
    assert client.delete("/api/v1/countries/SY?cascade=true", headers=writer).status_code == 204
    kept = client.get(f"/api/v1/participants/{khamis['id']}").get_json()
    assert kept["country_code"] is None
