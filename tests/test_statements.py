"""Statements: what a participant said, as one article reports it, and where in its body."""
import pytest

from tests.helpers import (
    ASSAD_BODY,
    ASSAD_QUOTE,
    KHAMIS_BODY,
    KHAMIS_QUOTE,
    REPEATED,
    ROUHANI_QUOTE,
    create_article,
    create_country,
    create_event,
    create_outlet,
    create_participant,
    create_statement,
    create_topic,
    ids,
    post,
    problem,
)

KHAMIS_START = KHAMIS_BODY.index(KHAMIS_QUOTE)
KHAMIS_END = KHAMIS_START + len(KHAMIS_QUOTE)


@pytest.fixture
def article(client, writer):
    return create_article(client, writer)


@pytest.fixture
def khamis(client, writer):
    return create_participant(client, writer, "عماد خميس")


def statement_body(article, speaker, **fields):
    return {"article_id": article["id"], "speaker_id": speaker["id"], "text": KHAMIS_QUOTE,
            "kind": "direct", **fields}


# --- CRUD ----------------------------------------------------------------------


def test_create_statement(client, writer, article, khamis):
    rouhani = create_participant(client, writer, "حسن روحاني")
    event = create_event(client, writer)
    response = client.post("/api/v1/statements", json=statement_body(
        article, khamis, addressee_id=rouhani["id"], event_id=event["id"],
        attribution_text="ونقلت وكالات أنباء عن خميس قوله", cue="قال", attributed_via="وكالات أنباء"),
        headers=writer)
    assert response.status_code == 201
    statement = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/statements/{statement['id']}")
    assert statement["text"] == KHAMIS_QUOTE
    assert (statement["speaker_id"], statement["addressee_id"], statement["event_id"]) == (
        khamis["id"], rouhani["id"], event["id"])
    assert statement["attribution_text"] == "ونقلت وكالات أنباء عن خميس قوله"
    assert client.get(f"/api/v1/statements/{statement['id']}").get_json() == statement


def test_required_fields(client, writer):
    body = problem(client.post("/api/v1/statements", json={}, headers=writer), 422)
    assert set(body["errors"]) == {"article_id", "speaker_id", "text", "kind"}


def test_kind_is_direct_or_indirect(client, writer, article, khamis):
    body = problem(client.post("/api/v1/statements", json=statement_body(article, khamis, kind="quote"),
                               headers=writer), 422)
    assert "kind" in body["errors"]


def test_ids_are_integers_not_strings(client, writer, article, khamis):
    body = problem(client.post("/api/v1/statements", json=statement_body(
        article, khamis, speaker_id=str(khamis["id"])), headers=writer), 422)
    assert "speaker_id" in body["errors"]


def test_unknown_speaker_article_and_topic_are_422(client, writer, article, khamis):
    body = problem(client.post("/api/v1/statements", json=statement_body(article, {"id": 999}),
                               headers=writer), 422)
    assert "speaker_id" in body["errors"]
    body = problem(client.post("/api/v1/statements", json=statement_body({"id": 999}, khamis),
                               headers=writer), 422)
    assert "article_id" in body["errors"]
    body = problem(client.post("/api/v1/statements", json=statement_body(article, khamis, topic_ids=[999]),
                               headers=writer), 422)
    assert "topic_ids" in body["errors"]


def test_topics_are_set_replaced_and_filtered(client, writer, article, khamis):
    astana = create_topic(client, writer, "astana-talks", "محادثات أستانا")
    terrorism = create_topic(client, writer, "terrorism", "الإرهاب")
    statement = create_statement(client, writer, article["id"], khamis["id"], topic_ids=[astana["id"]])
    assert statement["topic_ids"] == [astana["id"]]
    assert ids(client.get(f"/api/v1/statements?topic={astana['id']}")) == [statement["id"]]
    changed = client.patch(f"/api/v1/statements/{statement['id']}", json={"topic_ids": [terrorism["id"]]},
                           headers=writer).get_json()
    assert changed["topic_ids"] == [terrorism["id"]]
    assert ids(client.get(f"/api/v1/statements?topic={astana['id']}")) == []


def test_deleting_a_statement_deletes_its_topic_links(client, writer, article, khamis):
    astana = create_topic(client, writer)
    statement = create_statement(client, writer, article["id"], khamis["id"], topic_ids=[astana["id"]])
    assert client.delete(f"/api/v1/statements/{statement['id']}", headers=writer).status_code == 204
    problem(client.get(f"/api/v1/statements/{statement['id']}"), 404)
    assert client.delete(f"/api/v1/topics/{astana['id']}", headers=writer).status_code == 204


def test_feed_filters(client, writer):
    create_country(client, writer, "SY")
    create_country(client, writer, "IR", "إيران", "Iran")
    syria_news = create_outlet(client, writer, "Syria News")
    alalam = create_outlet(client, writer, "Al-Alam")
    khamis = create_participant(client, writer, "عماد خميس", country_code="SY")
    rouhani = create_participant(client, writer, "حسن روحاني", country_code="IR")
    assad = create_participant(client, writer, "بشار الأسد", country_code="SY")
    event = create_event(client, writer)
    in_2017 = create_article(client, writer, outlet_id=syria_news["id"],
                             published_at="2017-01-18T19:04:00+03:00")
    in_2022 = create_article(client, writer, body=ASSAD_BODY, outlet_id=alalam["id"],
                             published_at="2022-05-08T17:54:00+04:30")
    said_by_khamis = create_statement(client, writer, in_2017["id"], khamis["id"], event_id=event["id"])
    said_by_rouhani = create_statement(client, writer, in_2017["id"], rouhani["id"], text=ROUHANI_QUOTE,
                                       kind="indirect", addressee_id=khamis["id"])
    said_by_assad = create_statement(client, writer, in_2022["id"], assad["id"], text=ASSAD_QUOTE,
                                     kind="indirect")

    def feed(query):
        return ids(client.get(f"/api/v1/statements?{query}"))

    assert feed(f"speaker={khamis['id']}") == [said_by_khamis["id"]]
    assert feed(f"speaker={khamis['id']}&speaker={assad['id']}") == [said_by_khamis["id"], said_by_assad["id"]]
    assert feed("country=SY") == [said_by_khamis["id"], said_by_assad["id"]]
    assert feed("kind=indirect") == [said_by_rouhani["id"], said_by_assad["id"]]
    assert feed(f"outlet={alalam['id']}") == [said_by_assad["id"]]
    assert feed(f"event={event['id']}") == [said_by_khamis["id"]]
    assert feed(f"article={in_2017['id']}") == [said_by_khamis["id"], said_by_rouhani["id"]]
    assert feed(f"addressee={khamis['id']}") == [said_by_rouhani["id"]]
    assert feed("from=2022-05-08") == [said_by_assad["id"]]
    assert feed("to=2017-01-18") == [said_by_khamis["id"], said_by_rouhani["id"]]
    assert feed("country=IR&kind=direct") == []


def test_q_finds_statements_in_any_spelling(client, writer, khamis):
    article = create_article(client, writer, body=ASSAD_BODY)
    statement = create_statement(client, writer, article["id"], khamis["id"], text=ASSAD_QUOTE)
    # "الاحداث" without hamza finds "الأحداث".
    assert ids(client.get("/api/v1/statements", query_string={"q": "الاحداث"})) == [statement["id"]]
    assert ids(client.get("/api/v1/statements", query_string={"q": "الإرهاب"})) == []


# --- integrity: the text is what the article body holds at start:end -----------


def test_offsets_that_cut_out_the_text_are_accepted(client, writer, article, khamis):
    statement = post(client, writer, "/statements", statement_body(
        article, khamis, start=KHAMIS_START, end=KHAMIS_END))
    assert (statement["start"], statement["end"]) == (KHAMIS_START, KHAMIS_END)
    assert KHAMIS_BODY[statement["start"]:statement["end"]] == statement["text"]


@pytest.mark.parametrize("start, end", [
    (KHAMIS_START + 1, KHAMIS_END + 1),   # shifted by one
    (KHAMIS_START, KHAMIS_END - 1),       # one character short
    (0, len(KHAMIS_QUOTE)),               # the right length, somewhere else
    (len(KHAMIS_BODY) + 10, len(KHAMIS_BODY) + 20),  # past the end of the body
])
def test_offsets_that_do_not_cut_out_the_text_are_422(client, writer, article, khamis, start, end):
    body = problem(client.post("/api/v1/statements", json=statement_body(
        article, khamis, start=start, end=end), headers=writer), 422)
    assert "text" in body["errors"]


def test_omitted_offsets_are_filled_in_when_the_text_occurs_once(client, writer, article, khamis):
    statement = create_statement(client, writer, article["id"], khamis["id"])
    assert (statement["start"], statement["end"]) == (KHAMIS_START, KHAMIS_END)


def test_omitted_offsets_stay_null_when_the_text_occurs_more_than_once(client, writer, article, khamis):
    assert KHAMIS_BODY.count(REPEATED) > 1
    statement = create_statement(client, writer, article["id"], khamis["id"], text=REPEATED)
    assert (statement["start"], statement["end"]) == (None, None)


def test_omitted_offsets_stay_null_when_the_text_is_not_in_the_body(client, writer, article, khamis):
    statement = create_statement(client, writer, article["id"], khamis["id"], text=ASSAD_QUOTE)
    assert (statement["start"], statement["end"]) == (None, None)


def test_given_offsets_locate_one_of_several_occurrences(client, writer, article, khamis):
    second = KHAMIS_BODY.index(REPEATED, KHAMIS_BODY.index(REPEATED) + 1)
    statement = post(client, writer, "/statements", statement_body(
        article, khamis, text=REPEATED, start=second, end=second + len(REPEATED)))
    assert statement["start"] == second


def test_start_without_end_is_422(client, writer, article, khamis):
    body = problem(client.post("/api/v1/statements", json=statement_body(article, khamis, start=KHAMIS_START),
                               headers=writer), 422)
    assert "end" in body["errors"]


def test_end_must_follow_start(client, writer, article, khamis):
    body = problem(client.post("/api/v1/statements", json=statement_body(
        article, khamis, start=KHAMIS_END, end=KHAMIS_START), headers=writer), 422)
    assert "end" in body["errors"]


def test_negative_offset_is_422(client, writer, article, khamis):
    body = problem(client.post("/api/v1/statements", json=statement_body(article, khamis, start=-1, end=5),
                               headers=writer), 422)
    assert "start" in body["errors"]


def test_patching_the_text_places_it_again(client, writer, article, khamis):
    statement = create_statement(client, writer, article["id"], khamis["id"])
    changed = client.patch(f"/api/v1/statements/{statement['id']}", json={"text": ROUHANI_QUOTE},
                           headers=writer).get_json()
    start = KHAMIS_BODY.index(ROUHANI_QUOTE)
    assert (changed["start"], changed["end"]) == (start, start + len(ROUHANI_QUOTE))


def test_patching_only_offsets_checks_them_against_the_stored_text(client, writer, article, khamis):
    statement = create_statement(client, writer, article["id"], khamis["id"])
    url = f"/api/v1/statements/{statement['id']}"
    body = problem(client.patch(url, json={"start": 0, "end": len(KHAMIS_QUOTE)}, headers=writer), 422)
    assert "text" in body["errors"]
    assert client.get(url).get_json()["start"] == KHAMIS_START


def test_patching_only_start_checks_it_with_the_stored_end(client, writer, article, khamis):
    statement = create_statement(client, writer, article["id"], khamis["id"])
    url = f"/api/v1/statements/{statement['id']}"
    problem(client.patch(url, json={"start": KHAMIS_START + 1}, headers=writer), 422)
    assert client.get(url).get_json()["start"] == KHAMIS_START


def test_moving_to_another_article_requires_the_text_there(client, writer, article, khamis):
    statement = post(client, writer, "/statements", statement_body(
        article, khamis, start=KHAMIS_START, end=KHAMIS_END))
    other = create_article(client, writer, body=ASSAD_BODY)
    url = f"/api/v1/statements/{statement['id']}"
    body = problem(client.patch(url, json={"article_id": other["id"], "start": KHAMIS_START,
                                           "end": KHAMIS_END}, headers=writer), 422)
    assert "text" in body["errors"]
    # Without offsets the text is looked for again, and is not in the other body.
    moved = client.patch(url, json={"article_id": other["id"]}, headers=writer).get_json()
    assert (moved["article_id"], moved["start"], moved["end"]) == (other["id"], None, None)


def test_offsets_count_characters_not_bytes_and_keep_tashkeel(client, writer, khamis):
    article = create_article(client, writer, body=ASSAD_BODY)
    text = "وأكّد الرئيس الأسد"
    statement = create_statement(client, writer, article["id"], khamis["id"], text=text)
    assert (statement["start"], statement["end"]) == (0, len(text))
    assert ASSAD_BODY[statement["start"]:statement["end"]] == text
    # Without the shadda the text is not what the body holds at those offsets.
    problem(client.post("/api/v1/statements", json={
        "article_id": article["id"], "speaker_id": khamis["id"], "kind": "direct",
        "text": "وأكد الرئيس الأسد", "start": 0, "end": len(text) - 1}, headers=writer), 422)
