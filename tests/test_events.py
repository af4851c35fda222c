"""Events: meetings and visits, who took part, and the articles that report them."""
from tests.helpers import (
    ASSAD_BODY,
    create_article,
    create_country,
    create_event,
    create_participant,
    create_statement,
    ids,
    problem,
)


def meeting_of_assad_and_khamenei(client, writer, **fields):
    assad = create_participant(client, writer, "بشار الأسد")
    khamenei = create_participant(client, writer, "علي الخامنئي")
    article = create_article(client, writer, body=ASSAD_BODY)
    event = create_event(client, writer, title="لقاء الرئيس الأسد والسيد علي الخامنئي", date="2022-05-08",
                         date_precision="day",
                         participants=[{"participant_id": khamenei["id"], "side": "host"},
                                       {"participant_id": assad["id"], "side": "guest"}],
                         article_ids=[article["id"]], **fields)
    return event, assad, khamenei, article


def test_create_event_with_participants_and_articles(client, writer):
    create_country(client, writer, "IR", "إيران", "Iran")
    event, assad, khamenei, article = meeting_of_assad_and_khamenei(client, writer, country_code="IR")
    assert event["kind"] == "meeting"
    assert (event["place"], event["country_code"], event["date"]) == ("طهران", "IR", "2022-05-08")
    assert event["participants"] == [{"participant_id": khamenei["id"], "side": "host"},
                                     {"participant_id": assad["id"], "side": "guest"}]
    assert event["article_ids"] == [article["id"]]
    assert client.get(f"/api/v1/events/{event['id']}").get_json() == event


def test_date_is_a_plain_date(client, writer):
    body = problem(client.post("/api/v1/events", json={"date": "8 مايو 2022"}, headers=writer), 422)
    assert "date" in body["errors"]
    visit = create_event(client, writer, kind="visit", date="2019-02-01", date_precision="month")
    assert (visit["date"], visit["date_precision"]) == ("2019-02-01", "month")


def test_kind_must_be_known(client, writer):
    body = problem(client.post("/api/v1/events", json={"kind": "summit"}, headers=writer), 422)
    assert "kind" in body["errors"]


def test_a_participant_listed_twice_is_422(client, writer):
    assad = create_participant(client, writer, "بشار الأسد")
    body = problem(client.post("/api/v1/events", json={"participants": [
        {"participant_id": assad["id"], "side": "guest"}, {"participant_id": assad["id"]}]},
        headers=writer), 422)
    assert "participants" in body["errors"]


def test_unknown_participants_and_articles_are_422(client, writer):
    body = problem(client.post("/api/v1/events", json={
        "participants": [{"participant_id": 998}], "article_ids": [999]}, headers=writer), 422)
    assert set(body["errors"]) == {"participants", "article_ids"}


def test_filter_by_participant_article_and_dates(client, writer):
    event, assad, khamenei, article = meeting_of_assad_and_khamenei(client, writer)
    rouhani = create_participant(client, writer, "حسن روحاني")
    older = create_event(client, writer, date="2017-01-18",
                         participants=[{"participant_id": rouhani["id"]}])
    assert ids(client.get(f"/api/v1/events?participant={assad['id']}")) == [event["id"]]
    assert ids(client.get(f"/api/v1/events?participant={assad['id']}&participant={rouhani['id']}")) == [
        event["id"], older["id"]]
    assert ids(client.get(f"/api/v1/events?article={article['id']}")) == [event["id"]]
    assert ids(client.get("/api/v1/events?from=2020-01-01")) == [event["id"]]
    assert ids(client.get("/api/v1/events?to=2017-01-18")) == [older["id"]]
    assert ids(client.get("/api/v1/events?from=2017-01-18&to=2022-05-08&sort=-date")) == [
        event["id"], older["id"]]


def test_patch_replaces_the_participant_list(client, writer):
    event, assad, khamenei, article = meeting_of_assad_and_khamenei(client, writer)
    changed = client.patch(f"/api/v1/events/{event['id']}",
                           json={"participants": [{"participant_id": assad["id"]}]}, headers=writer)
    assert changed.get_json()["participants"] == [{"participant_id": assad["id"], "side": None}]
    assert changed.get_json()["article_ids"] == [article["id"]]
    assert ids(client.get(f"/api/v1/events?participant={khamenei['id']}")) == []


def test_deleting_an_event_deletes_its_links_but_not_the_participants(client, writer):
    event, assad, khamenei, article = meeting_of_assad_and_khamenei(client, writer)
    assert client.delete(f"/api/v1/events/{event['id']}", headers=writer).status_code == 204
    assert client.get(f"/api/v1/participants/{assad['id']}").status_code == 200
    assert client.get(f"/api/v1/articles/{article['id']}").status_code == 200
    # The links went with the event: the participant is free to be deleted now.
    assert client.delete(f"/api/v1/participants/{assad['id']}", headers=writer).status_code == 204


def test_event_of_a_statement_is_409_and_cascade_unlinks_the_statement(client, writer):
    event = create_event(client, writer)
    statement = create_statement(client, writer, event_id=event["id"])
    body = problem(client.delete(f"/api/v1/events/{event['id']}", headers=writer), 409)
    assert body["references"] == {"statement.event": 1}
    assert client.delete(f"/api/v1/events/{event['id']}?cascade=true", headers=writer).status_code == 204
    assert client.get(f"/api/v1/statements/{statement['id']}").get_json()["event_id"] is None
