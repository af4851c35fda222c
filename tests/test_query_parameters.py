"""Query parameters: a typo or a wrong type is a 400 naming it, never a wider query."""
import pytest

from tests.helpers import (
    create_article,
    create_outlet,
    create_participant,
    create_statement,
    ids,
    problem,
)


@pytest.fixture
def statement(client, writer):
    outlet = create_outlet(client, writer, "Syria News")
    article = create_article(client, writer, outlet_id=outlet["id"])
    rouhani = create_participant(client, writer, "حسن روحاني")
    return create_statement(client, writer, article_id=article["id"], addressee_id=rouhani["id"])


# --- unknown names and wrong types ----------------------------------------------


def test_unknown_query_parameter_is_400_naming_it(client, statement):
    for url in ("/api/v1/statements?speakr=1",
                "/api/v1/statements?speaker=1&limt=5",
                "/api/v1/statements/1?expnd=speaker",
                "/api/v1/articles?published=2022-05-08",
                "/api/v1/participants?name=الأسد",
                "/api/v1/countries?code=SY"):
        body = problem(client.get(url), 400)
        name = url.split("?")[1].split("&")[-1].split("=")[0]
        assert name in body["errors"]
        assert name in body["detail"]


def test_unknown_query_parameter_on_delete_is_400_and_deletes_nothing(client, writer, statement):
    url = f"/api/v1/statements/{statement['id']}"
    body = problem(client.delete(f"{url}?cascad=true", headers=writer), 400)
    assert "cascad" in body["errors"]
    assert client.get(url).status_code == 200


def test_unknown_query_parameter_on_a_write_is_400_and_writes_nothing(client, writer):
    khamis = create_participant(client, writer)
    for method in ("post", "put", "patch"):
        url = "/api/v1/participants" if method == "post" else f"/api/v1/participants/{khamis['id']}"
        response = getattr(client, method)(f"{url}?dry_run=true", json={"name_ar": "جهانغيري"}, headers=writer)
        body = problem(response, 400)
        assert "dry_run" in body["errors"]
        assert ids(client.get("/api/v1/participants")) == [khamis["id"]]
        assert client.get(f"/api/v1/participants/{khamis['id']}").get_json()["name_ar"] == "عماد خميس"


def test_wrong_type_is_400_naming_the_parameter(client):
    for query, name in (
        ("speaker=abc", "speaker"),
        ("speaker=3&speaker=abc", "speaker"),
        ("speaker=0", "speaker"),
        ("speaker=99999999999999999999", "speaker"),
        ("from=yesterday", "from"),
        ("to=2022-13-01", "to"),
        ("kind=quote", "kind"),
        ("country=syria", "country"),
        ("count=maybe", "count"),
    ):
        body = problem(client.get(f"/api/v1/statements?{query}"), 400)
        assert name in body["errors"]
        assert name in body["detail"]


def test_published_after_needs_an_offset(client):
    body = problem(client.get("/api/v1/articles?published_after=2022-05-08T13:00:00"), 400)
    assert "published_after" in body["errors"]


# --- filters -------------------------------------------------------------------


def test_repeated_filter_is_or(client, writer):
    khamis = create_participant(client, writer, "عماد خميس")
    rouhani = create_participant(client, writer, "حسن روحاني")
    jahangiri = create_participant(client, writer, "إسحاق جهانغيري")
    article = create_article(client, writer)
    by = {p["id"]: create_statement(client, writer, article["id"], p["id"])["id"]
          for p in (khamis, rouhani, jahangiri)}
    response = client.get(f"/api/v1/statements?speaker={khamis['id']}&speaker={jahangiri['id']}")
    assert ids(response) == [by[khamis["id"]], by[jahangiri["id"]]]


def test_different_filters_are_and(client, writer):
    khamis = create_participant(client, writer, "عماد خميس")
    article = create_article(client, writer)
    direct = create_statement(client, writer, article["id"], khamis["id"], kind="direct")
    create_statement(client, writer, article["id"], khamis["id"], kind="indirect")
    assert ids(client.get(f"/api/v1/statements?speaker={khamis['id']}&kind=direct")) == [direct["id"]]


# --- expand --------------------------------------------------------------------


def test_expand_embeds_the_related_object_beside_its_id(client, statement):
    item = client.get(f"/api/v1/statements/{statement['id']}?expand=speaker,article").get_json()
    assert item["speaker_id"] == statement["speaker_id"]
    assert item["speaker"]["id"] == statement["speaker_id"]
    assert item["speaker"]["name_ar"] == "عماد خميس"
    assert item["article_id"] == statement["article_id"]
    assert item["article"]["id"] == statement["article_id"]
    assert "event" not in item and "addressee" not in item


def test_expand_in_a_list(client, statement):
    [item] = client.get("/api/v1/statements?expand=addressee,event").get_json()["items"]
    assert item["addressee"]["name_ar"] == "حسن روحاني"
    assert item["event"] is None and item["event_id"] is None


def test_expanded_object_is_the_full_representation(client, statement):
    item = client.get(f"/api/v1/statements/{statement['id']}?expand=speaker").get_json()
    assert item["speaker"] == client.get(f"/api/v1/participants/{statement['speaker_id']}").get_json()


def test_without_expand_nothing_is_embedded(client, statement):
    item = client.get(f"/api/v1/statements/{statement['id']}").get_json()
    assert "speaker" not in item and "article" not in item


def test_unknown_expand_name_is_400(client, statement):
    for url in ("/api/v1/statements?expand=speakers",
                "/api/v1/statements/1?expand=speaker,topic",
                "/api/v1/articles?expand=statements",
                "/api/v1/topics?expand=statements"):
        body = problem(client.get(url), 400)
        assert "expand" in body["errors"]


def test_a_resource_that_embeds_nothing_takes_no_expand_even_empty(client):
    # Declared with no names, `?expand=` would be both valid ([]) and invalid
    # ([""]) against the spec; left out, it is an unknown parameter like any other.
    spec = client.get("/openapi.json").get_json()
    names = [p["name"] for p in spec["paths"]["/api/v1/topics"]["get"]["parameters"]]
    assert "expand" not in names and "expand" in [
        p["name"] for p in spec["paths"]["/api/v1/statements"]["get"]["parameters"]]
    for url in ("/api/v1/topics?expand=", "/api/v1/topics?expand=x", "/api/v1/countries?expand="):
        assert "expand" in problem(client.get(url), 400)["errors"]


# --- fields --------------------------------------------------------------------


def test_fields_gives_a_partial_response(client, statement):
    item = client.get(f"/api/v1/statements/{statement['id']}?fields=id,text,kind").get_json()
    assert item == {"id": statement["id"], "text": statement["text"], "kind": "direct"}


def test_fields_in_a_list(client, statement):
    body = client.get("/api/v1/statements?fields=id,speaker_id").get_json()
    assert body["items"] == [{"id": statement["id"], "speaker_id": statement["speaker_id"]}]


def test_fields_with_expand_keeps_the_embedded_object(client, statement):
    item = client.get(f"/api/v1/statements/{statement['id']}?fields=id,text,speaker&expand=speaker").get_json()
    assert set(item) == {"id", "text", "speaker"}
    assert item["speaker"]["name_ar"] == "عماد خميس"


def test_unknown_fields_name_is_400(client, statement):
    for url in ("/api/v1/statements?fields=id,txt",
                "/api/v1/statements/1?fields=normalized",
                "/api/v1/countries?fields=id"):
        body = problem(client.get(url), 400)
        assert "fields" in body["errors"]


def test_empty_fields_is_400(client, statement):
    for url in ("/api/v1/statements?fields=", f"/api/v1/statements/{statement['id']}?fields=",
                "/api/v1/countries?fields=", "/api/v1/participants?fields=&limit=1"):
        body = problem(client.get(url), 400)
        assert "fields" in body["errors"], url


# --- numbers are ASCII digits; patterns match whole values ---------------------


@pytest.mark.parametrize("value", ["５", "٥", "۵", "5_0", " 5", "5 ", "+5", "0x10", "5.0", "१"])
def test_a_number_is_ascii_digits_only(client, statement, value):
    for url, name in (("/api/v1/statements", "limit"), ("/api/v1/search?q=سوريا", "limit"),
                      ("/api/v1/participants/resolve?name=روحاني", "limit"), ("/api/v1/statements", "speaker")):
        joined = "&" if "?" in url else "?"
        body = problem(client.get(f"{url}{joined}{name}={value}"), 400)
        assert name in body["errors"], (url, value)


def test_ascii_numbers_still_work(client, statement):
    assert len(ids(client.get("/api/v1/statements?limit=1"))) == 1
    assert client.get(f"/api/v1/statements?speaker={statement['speaker_id']}").status_code == 200
    assert client.get("/api/v1/statements?limit=0050").status_code == 200


@pytest.mark.parametrize("field, value", [
    ("wikidata_id", "Q1\n"), ("wikidata_id", "Q12\n\n"), ("country_code", "SY\n")])
def test_a_pattern_must_match_the_whole_value(client, writer, field, value):
    client.post("/api/v1/countries", json={"code": "SY", "name_ar": "سورية"}, headers=writer)
    body = problem(client.post("/api/v1/participants", json={"name_ar": "بشار الأسد", field: value},
                               headers=writer), 422)
    assert field in body["errors"]


def test_a_topic_slug_or_country_code_with_a_trailing_newline_is_refused(client, writer):
    problem(client.post("/api/v1/topics", json={"slug": "water\n", "name_ar": "المياه"}, headers=writer), 422)
    problem(client.post("/api/v1/countries", json={"code": "SY\n", "name_ar": "سورية"}, headers=writer), 422)


# --- a list parameter repeated, as generated clients send it --------------------


def test_a_list_parameter_may_be_repeated_or_comma_separated(client, statement):
    url = f"/api/v1/statements/{statement['id']}"
    for query in ("fields=id&fields=text", "fields=id,text", "fields=id&fields=text,id"):
        assert set(client.get(f"{url}?{query}").get_json()) == {"id", "text"}, query
        assert set(client.get(f"/api/v1/statements?{query}").get_json()["items"][0]) == {"id", "text"}, query
    expanded = client.get(f"{url}?expand=speaker&expand=addressee").get_json()
    assert expanded["speaker"]["id"] == statement["speaker_id"] and expanded["addressee"]["name_ar"] == "حسن روحاني"


def test_repeated_sort_keys_sort_by_both(client, writer):
    for name, en in (("حسن روحاني", "B"), ("حسن روحاني", "A"), ("بشار الأسد", "C")):
        create_participant(client, writer, name, name_en=en)
    repeated = ids(client.get("/api/v1/participants?sort=name_ar&sort=name_en"))
    assert repeated == ids(client.get("/api/v1/participants?sort=name_ar,name_en"))
    assert repeated != ids(client.get("/api/v1/participants?sort=name_ar"))


def test_repeated_search_types_search_both(seeded_client):
    def kinds(query):
        response = seeded_client.get(f"/api/v1/search?q=روحاني&limit=100&{query}")
        assert response.status_code == 200, response.get_json()
        return {hit["type"] for hit in response.get_json()["items"]}
    assert kinds("type=statement&type=participant") == kinds("type=statement,participant") == {"statement", "participant"}


@pytest.mark.parametrize("query, name", [
    ("limit=5&limit=10", "limit"), ("q=الأسد&q=روحاني", "q"), ("format=csv&format=json", "format"),
    ("count=true&count=false", "count"), ("cursor=a&cursor=b", "cursor")])
def test_a_single_valued_parameter_given_twice_is_400_naming_it(client, statement, query, name):
    body = problem(client.get(f"/api/v1/participants?{query}"), 400)
    assert name in body["errors"] and name in body["detail"]


def test_repeating_a_single_valued_parameter_on_a_write_is_400(client, writer, statement):
    body = problem(client.delete(f"/api/v1/statements/{statement['id']}?cascade=false&cascade=true",
                                 headers=writer), 400)
    assert "cascade" in body["errors"]
    assert client.get(f"/api/v1/statements/{statement['id']}").status_code == 200
