"""News outlets and agencies: SANA, Tasnim, Syria News."""
from tests.helpers import create_country, create_outlet, ids, post, problem


def test_create_outlet(client, writer):
    create_country(client, writer, "SY")
    response = client.post("/api/v1/outlets", json={
        "name": "SANA", "name_ar": "سانا", "url": "https://sana.sy", "country_code": "SY",
        "kind": "agency"}, headers=writer)
    assert response.status_code == 201
    sana = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/outlets/{sana['id']}")
    assert {k: sana[k] for k in ("name", "name_ar", "url", "country_code", "kind")} == {
        "name": "SANA", "name_ar": "سانا", "url": "https://sana.sy", "country_code": "SY",
        "kind": "agency"}
    assert client.get(f"/api/v1/outlets/{sana['id']}").get_json() == sana


def test_omitted_optional_fields_are_null(client, writer):
    outlet = post(client, writer, "/outlets", {"name": "Tasnim"})
    assert (outlet["name_ar"], outlet["url"], outlet["country_code"], outlet["kind"]) == (
        None, None, None, None)


def test_unknown_country_is_422_naming_country_code(client, writer):
    body = problem(client.post("/api/v1/outlets", json={"name": "Tasnim", "country_code": "IR"},
                               headers=writer), 422)
    assert "country_code" in body["errors"]


def test_kind_must_be_a_known_kind(client, writer):
    body = problem(client.post("/api/v1/outlets", json={"name": "Tasnim", "kind": "blog"},
                               headers=writer), 422)
    assert "kind" in body["errors"]


def test_url_must_be_http(client, writer):
    body = problem(client.post("/api/v1/outlets", json={"name": "SANA", "url": "ftp://sana.sy"},
                               headers=writer), 422)
    assert "url" in body["errors"]


def test_name_is_required_and_not_empty(client, writer):
    for outlet in ({"name_ar": "سانا"}, {"name": ""}):
        body = problem(client.post("/api/v1/outlets", json=outlet, headers=writer), 422)
        assert "name" in body["errors"]


def test_name_longer_than_its_column_is_422(client, writer):
    body = problem(client.post("/api/v1/outlets", json={"name": "س" * 201}, headers=writer), 422)
    assert "name" in body["errors"]


def test_name_is_unique(client, writer):
    create_outlet(client, writer, "SANA")
    body = problem(client.post("/api/v1/outlets", json={"name": "SANA"}, headers=writer), 409)
    assert "name" in body["errors"]


def test_renaming_onto_another_outlets_name_is_409(client, writer):
    create_outlet(client, writer, "SANA")
    tasnim = create_outlet(client, writer, "Tasnim")
    body = problem(client.patch(f"/api/v1/outlets/{tasnim['id']}", json={"name": "SANA"},
                                headers=writer), 409)
    assert "name" in body["errors"]


def test_patch_keeping_its_own_name_is_not_a_conflict(client, writer):
    sana = create_outlet(client, writer, "SANA")
    response = client.patch(f"/api/v1/outlets/{sana['id']}", json={"name": "SANA", "kind": "agency"},
                            headers=writer)
    assert response.status_code == 200


def test_filter_by_country_and_kind(client, writer):
    create_country(client, writer, "SY")
    create_country(client, writer, "IR", "إيران", "Iran")
    sana = create_outlet(client, writer, "SANA", country_code="SY", kind="agency")
    tasnim = create_outlet(client, writer, "Tasnim", country_code="IR", kind="agency")
    alalam = create_outlet(client, writer, "Al-Alam", country_code="IR", kind="broadcaster")
    assert ids(client.get("/api/v1/outlets?country=IR")) == [tasnim["id"], alalam["id"]]
    assert ids(client.get("/api/v1/outlets?kind=agency")) == [sana["id"], tasnim["id"]]
    assert ids(client.get("/api/v1/outlets?country=IR&kind=agency")) == [tasnim["id"]]


def test_delete_outlet_with_articles_is_409_and_cascade_unlinks_them(client, writer):
    sana = create_outlet(client, writer, "SANA")
    article = post(client, writer, "/articles", {"body": "طهران-سانا", "outlet_id": sana["id"]})
    body = problem(client.delete(f"/api/v1/outlets/{sana['id']}", headers=writer), 409)
    assert body["references"] == {"article.outlet": 1}
    assert client.delete(f"/api/v1/outlets/{sana['id']}?cascade=true", headers=writer).status_code == 204
    assert client.get(f"/api/v1/articles/{article['id']}").get_json()["outlet_id"] is None
