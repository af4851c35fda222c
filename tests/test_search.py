"""Arabic-aware search, as journalists type it (issue 4's acceptance queries)."""
import pytest

from service import config
from service.search import query as search_query


def speakers(client, q, **params):
    response = client.get("/api/v1/search", query_string={"q": q, "type": "statement", **params})
    assert response.status_code == 200, response.get_json()
    return [hit["object"]["speaker_id"] for hit in response.get_json()["items"]], response.get_json()


def participant_id(client, name):
    return client.get("/api/v1/participants", query_string={"q": name}).get_json()["items"][0]["id"]


def test_hamza_less_alef_finds_assad_first(seeded_client):
    assad = participant_id(seeded_client, "بشار الأسد")
    found, _ = speakers(seeded_client, "الاسد")
    assert found and found[0] == assad


def test_iran_without_hamza_finds_statements_mentioning_iran(seeded_client):
    _, page = speakers(seeded_client, "ايران")
    assert page["items"]
    assert all("<mark>" in hit["snippet"] for hit in page["items"][:3])


def test_teh_marbuta_and_alef_variants_find_reconstruction(seeded_client):
    _, page = speakers(seeded_client, "اعاده الاعمار")
    first = page["items"][0]
    assert "الإعمار" in first["object"]["text"]
    assert "<mark>الإعمار</mark>" in first["snippet"]


def test_syria_spelt_with_heh_finds_syria_spelt_with_teh_marbuta(seeded_client):
    _, page = speakers(seeded_client, "سوريه")
    assert any("سورية" in hit["object"]["text"] for hit in page["items"])


def test_phrase_query_finds_axis_of_resistance(seeded_client):
    _, page = speakers(seeded_client, '"محور المقاومة"')
    assert page["items"]
    assert all("محور المقاومة" in hit["object"]["text"] for hit in page["items"])


def test_exclusion_drops_statements_with_the_excluded_word(seeded_client):
    _, with_both = speakers(seeded_client, "الارهاب")
    _, without = speakers(seeded_client, "الارهاب -امريكا")
    assert without["items"] and len(without["items"]) < len(with_both["items"])
    assert not any("أمريكا" in hit["object"]["text"] or "امريكا" in hit["object"]["text"]
                   for hit in without["items"])


def test_prefixed_word_is_found_by_the_bare_word(seeded_client):
    # "للتعاون" / "بالتعاون" in the texts; the journalist types "التعاون".
    _, page = speakers(seeded_client, "التعاون")
    texts = " ".join(hit["object"]["text"] for hit in page["items"])
    assert "للتعاون" in texts or "بالتعاون" in texts or "والتعاون" in texts


def test_tashkeel_in_the_query_is_ignored(seeded_client):
    plain, _ = speakers(seeded_client, "المقاومة")
    voweled, _ = speakers(seeded_client, "المُقاوَمة")
    assert plain and plain == voweled


def test_a_word_sharing_letters_is_not_a_match(seeded_client):
    _, page = speakers(seeded_client, "سدود")
    assert page["items"] == []


def test_statement_matches_on_its_speaker_alias(seeded_client):
    # A Khamenei quote does not name him; his alias "الخامنئي" finds it.
    khamenei = participant_id(seeded_client, "خامنئي")
    found, _ = speakers(seeded_client, "الخامنئي")
    assert khamenei in found


def test_hits_carry_type_id_score_snippet_and_the_full_object(seeded_client):
    page = seeded_client.get("/api/v1/search?q=الاسد").get_json()
    hit = page["items"][0]
    assert set(hit) == {"type", "id", "score", "snippet", "object"}
    own = seeded_client.get(f"/api/v1/{hit['type']}s/{hit['id']}").get_json()
    assert hit["object"] == own


def test_search_pages_do_not_repeat_hits(seeded_client):
    first = seeded_client.get("/api/v1/search?q=سوريا&limit=3").get_json()
    second = seeded_client.get(f"/api/v1/search?q=سوريا&limit=3&cursor={first['next_cursor']}").get_json()
    ids = [(h["type"], h["id"]) for h in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 6


@pytest.mark.parametrize("q", ['"', "-امريكا", "", "   "])
def test_queries_without_a_word_to_find_are_400(seeded_client, q):
    response = seeded_client.get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 400
    assert response.content_type.startswith("application/problem+json")


@pytest.mark.parametrize("q", ['NEAR(a b)', "a*", "^x", '"unterminated', "AND OR NOT", "x:y", "'; DROP TABLE statement; --"])
def test_fts_syntax_in_a_query_is_literal_never_a_500(seeded_client, q):
    assert seeded_client.get("/api/v1/search", query_string={"q": q}).status_code == 200


def test_the_feed_q_uses_the_same_search(seeded_client):
    assad = participant_id(seeded_client, "بشار الأسد")
    feed = seeded_client.get("/api/v1/statements?q=الاسد&limit=100").get_json()["items"]
    assert assad in {s["speaker_id"] for s in feed}


def test_the_index_follows_writes(seeded, seeded_writer):
    client = seeded.test_client()
    statement = client.get("/api/v1/statements?limit=1").get_json()["items"][0]
    assert not client.get("/api/v1/search?q=زنوبيا").get_json()["items"]
    changed = client.patch(f"/api/v1/statements/{statement['id']}", headers=seeded_writer,
                           json={"attribution_text": "زنوبيا"})
    assert changed.status_code == 200
    assert [h["id"] for h in client.get("/api/v1/search?q=زنوبيا").get_json()["items"]] == [statement["id"]]
    assert client.delete(f"/api/v1/statements/{statement['id']}", headers=seeded_writer).status_code == 204
    assert not client.get("/api/v1/search?q=زنوبيا").get_json()["items"]


# The same queries find the same statements on SQLite and on PostgreSQL
# (.ci/run runs this file on both). Ids are those the seed dataset gets when
# loaded into an empty database.
EXPECTED_STATEMENT_IDS = {
    "الاسد": {32, 33, 34, 35, 36, 39, 42, 43, 59, 60, 62, 63},
    "ايران": {4, 11, 12, 16, 24, 31, 32, 33, 34, 37, 40, 41, 42, 43, 47, 51, 54, 59, 61},
    "اعاده الاعمار": {10, 50, 56},
    "سوريه": {2, 5, 8, 10, 11, 15, 17, 37, 39, 45, 48, 50, 54, 59, 61, 62},
    "«محور المقاومة»": {19},
    "الارهاب -امريكا": {8, 12, 13, 15, 37, 50, 59, 61},
    "خامنئي OR روحاني": {29, 34, 37, 38, 39, 46, 48, 49, 57, 58, 59, 61, 62},
    "والتعاون": {6, 11, 19, 21, 26, 34, 59},
}


@pytest.mark.parametrize("q", EXPECTED_STATEMENT_IDS)
def test_both_engines_find_the_same_statements(seeded_client, q):
    found = seeded_client.get("/api/v1/search", query_string={"q": q, "type": "statement", "limit": 100})
    assert {hit["id"] for hit in found.get_json()["items"]} == EXPECTED_STATEMENT_IDS[q]


def test_or_is_an_operator_only_in_capitals(seeded_client):
    either = seeded_client.get("/api/v1/search?q=خامنئي OR روحاني&type=statement").get_json()["items"]
    both = seeded_client.get("/api/v1/search?q=خامنئي or روحاني&type=statement").get_json()["items"]
    assert either and not both


def test_a_common_word_ranks_every_match(seeded, monkeypatch):
    # The ranked index ranks every match: the database's rank window (the
    # fallback's bound) does not cut its pages.
    monkeypatch.setattr(search_query, "_rank_window", 3)
    client = seeded.test_client()
    found, cursor = [], None
    while True:
        page = client.get("/api/v1/search", query_string={"q": "ايران", "type": "statement", "limit": 5,
                                                          **({"cursor": cursor} if cursor else {})}).get_json()
        found += [hit["id"] for hit in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(found) == sorted(EXPECTED_STATEMENT_IDS["ايران"])


def test_a_rank_window_of_0_ranks_every_match(seeded, monkeypatch):
    monkeypatch.setattr(search_query, "_rank_window", 0)
    page = seeded.test_client().get("/api/v1/search", query_string={"q": "ايران", "type": "statement", "limit": 100})
    assert {hit["id"] for hit in page.get_json()["items"]} == EXPECTED_STATEMENT_IDS["ايران"]


@pytest.mark.parametrize("limit", [1, 2, 5, 7])
def test_a_short_page_is_the_start_of_a_long_one(seeded_client, limit):
    # Only the rows that can make the page are joined for the recency
    # tie-break; rows tied at the page's last score must still come in order.
    def ranked(n):
        items = seeded_client.get("/api/v1/search", query_string={"q": "سوريه", "type": "statement", "limit": n})
        return [(hit["id"], hit["score"]) for hit in items.get_json()["items"]]
    assert ranked(limit) == ranked(100)[:limit]


def test_the_rank_window_comes_from_the_environment():
    assert config.from_environment({"SEARCH_RANK_WINDOW": "250"})["SEARCH_RANK_WINDOW"] == 250
    assert config.from_environment({})["SEARCH_RANK_WINDOW"] == config.DEFAULT_SEARCH_RANK_WINDOW


@pytest.mark.parametrize("value", ["-1", "many", "1.5"])
def test_a_malformed_rank_window_stops_the_service_at_start(value):
    with pytest.raises(ValueError, match="SEARCH_RANK_WINDOW"):
        config.from_environment({"SEARCH_RANK_WINDOW": value})
