"""The newsroom's queries on the seed dataset: lookup, resolution, activity, related, stats."""
import pytest


def first_participant(client, q):
    return client.get("/api/v1/participants", query_string={"q": q}).get_json()["items"][0]


@pytest.mark.parametrize("q", ["الخامنئي", "خامنئي", "علي خامنئي", "Khamenei", "آية الله السيد علي الخامنئي"])
def test_any_spelling_of_khamenei_finds_him_first(seeded_client, q):
    assert first_participant(seeded_client, q)["name_en"] == "Ali Khamenei"


def test_participant_lookup_honours_other_filters(seeded_client):
    found = seeded_client.get("/api/v1/participants?q=علي&country=SY").get_json()["items"]
    assert all(p["country_code"] == "SY" for p in found)


@pytest.mark.parametrize("date, expected", [("2017-01-18", "Hassan Rouhani"), ("2022-05-08", "Ebrahim Raisi")])
def test_iranian_president_resolves_to_the_holder_on_the_date(seeded_client, date, expected):
    response = seeded_client.get("/api/v1/participants/resolve",
                                 query_string={"name": "الرئيس الإيراني", "date": date})
    best = response.get_json()["items"][0]
    assert best["participant"]["name_en"] == expected
    assert best["role"]["title_en"] == "President of Iran"


@pytest.mark.parametrize("date, expected", [("2021-08-02", "Hassan Rouhani"), ("2021-08-03", "Ebrahim Raisi")])
def test_on_a_handover_day_the_successor_holds_the_post(seeded_client, date, expected):
    # Rouhani's term ends 2021-08-03, Raisi's starts that day: a post is held
    # from its start day up to, not including, its end day.
    items = seeded_client.get("/api/v1/participants/resolve",
                              query_string={"name": "الرئيس الإيراني", "date": date}).get_json()["items"]
    holders = [item for item in items if item["role"] and item["role"]["title_en"] == "President of Iran"]
    assert [item["participant"]["name_en"] for item in holders] == [expected]


@pytest.mark.parametrize("day, holders", [
    ("2021-08-02", ["Hassan Rouhani"]), ("2021-08-03", ["Ebrahim Raisi"]), ("2021-08-04", ["Ebrahim Raisi"])])
def test_the_post_rule_on_the_engine_holds_the_start_day_not_the_end_day(seeded, day, holders):
    import datetime

    from service import resolve
    from service.db import database
    from service.models import Participant, Role
    day = datetime.date.fromisoformat(day)
    with seeded.app_context():
        presidents = Role.select(Participant.name_en).join(Participant, on=Role.participant == Participant.id) \
            .where(Role.title_en == "President of Iran")
        held = [name for (name,) in resolve.held_on(presidents, day).tuples()]
        database.close()
    assert held == holders
def test_syrian_prime_minister_in_2017_is_khamis(seeded_client):
    best = seeded_client.get("/api/v1/participants/resolve?name=رئيس الوزراء السوري&date=2017-01-18").get_json()
    assert best["items"][0]["participant"]["name_en"] == "Imad Khamis"


def test_an_alias_resolves_without_a_date(seeded_client):
    items = seeded_client.get("/api/v1/participants/resolve?name=الاسد").get_json()["items"]
    assert items[0]["participant"]["name_en"] == "Bashar al-Assad" and items[0]["score"] == 1.0


def test_resolve_needs_a_name_and_a_real_date(seeded_client):
    assert seeded_client.get("/api/v1/participants/resolve").status_code == 400
    assert seeded_client.get("/api/v1/participants/resolve?name=x&date=yesterday").status_code == 400


def test_counterparts_count_meetings_with_first_and_last_dates(seeded_client):
    khamis = first_participant(seeded_client, "عماد خميس")
    items = seeded_client.get(f"/api/v1/participants/{khamis['id']}/counterparts").get_json()["items"]
    jahangiri = next(i for i in items if i["participant"]["name_en"] == "Eshaq Jahangiri")
    assert jahangiri["meetings"] == 2  # 2017 and 2020
    assert jahangiri["first_date"] < jahangiri["last_date"]
    assert [i["meetings"] for i in items] == sorted((i["meetings"] for i in items), reverse=True)


def test_participant_statements_and_events_are_theirs(seeded_client):
    sabbagh = first_participant(seeded_client, "الصباغ")
    said = seeded_client.get(f"/api/v1/participants/{sabbagh['id']}/statements").get_json()["items"]
    assert said and {s["speaker_id"] for s in said} == {sabbagh["id"]}
    met = seeded_client.get(f"/api/v1/participants/{sabbagh['id']}/events").get_json()["items"]
    assert met and all(sabbagh["id"] in [p["participant_id"] for p in e["participants"]] for e in met)


def test_activity_of_an_unknown_participant_is_404(seeded_client):
    for part in ("statements", "events", "counterparts"):
        assert seeded_client.get(f"/api/v1/participants/99999/{part}").status_code == 404


def test_the_khamenei_quote_of_seed_002_finds_its_copy_in_seed_004(seeded_client):
    quotes = seeded_client.get("/api/v1/statements?q=\"ليس لدينا أدنى شك\"&expand=article").get_json()["items"]
    assert len(quotes) == 2
    related = seeded_client.get(f"/api/v1/statements/{quotes[0]['id']}/related").get_json()["items"]
    assert [r["statement"]["id"] for r in related] == [quotes[1]["id"]]
    assert related[0]["similarity"] >= 0.8


def test_raisi_quotes_of_the_same_visit_find_each_other(seeded_client):
    raisi = first_participant(seeded_client, "رئيسي")
    said = seeded_client.get(f"/api/v1/participants/{raisi['id']}/statements?limit=100").get_json()["items"]
    pairs = {s["id"]: [r["statement"]["id"] for r in seeded_client.get(
        f"/api/v1/statements/{s['id']}/related").get_json()["items"]] for s in said}
    linked = [(a, b) for a, found in pairs.items() for b in found]
    assert linked and all((b, a) in linked for a, b in linked)


def test_unrelated_statements_are_not_related(seeded_client):
    khamis = first_participant(seeded_client, "عماد خميس")
    said = seeded_client.get(f"/api/v1/participants/{khamis['id']}/statements?limit=100").get_json()["items"]
    for statement in said:
        related = seeded_client.get(f"/api/v1/statements/{statement['id']}/related").get_json()["items"]
        assert all(r["statement"]["speaker_id"] == khamis["id"] for r in related)
        assert all(r["statement"]["article_id"] != statement["article_id"] for r in related)


@pytest.mark.parametrize("group_by", ["participant", "country", "topic", "outlet", "month"])
def test_stats_counts_are_exact(seeded_client, group_by):
    stats = seeded_client.get(f"/api/v1/stats/statements?group_by={group_by}").get_json()
    feed = seeded_client.get("/api/v1/statements?limit=500").get_json()["items"]
    assert stats["total"] == len(feed)
    if group_by == "participant":
        for item in stats["items"]:
            assert item["count"] == sum(1 for s in feed if s["speaker_id"] == item["key"])
    if group_by == "topic":
        for item in stats["items"]:
            assert item["count"] == sum(1 for s in feed if item["key"] in s["topic_ids"])
    if group_by == "month":
        keys = [item["key"] for item in stats["items"]]
        assert keys == sorted(keys)
    else:
        counts = [item["count"] for item in stats["items"]]
        assert counts == sorted(counts, reverse=True)


def test_stats_honour_the_feed_filters(seeded_client):
    stats = seeded_client.get("/api/v1/stats/statements?group_by=participant&country=IR&kind=direct").get_json()
    feed = seeded_client.get("/api/v1/statements?country=IR&kind=direct&limit=500").get_json()["items"]
    assert stats["total"] == len(feed) == sum(i["count"] for i in stats["items"])


def test_stats_need_a_known_grouping(seeded_client):
    assert seeded_client.get("/api/v1/stats/statements?group_by=weather").status_code == 400
    assert seeded_client.get("/api/v1/stats/statements").status_code == 400


@pytest.mark.parametrize("dates", ["from=2018-01-01", "to=2019-12-31", "from=2017-01-18&to=2022-05-08",
                                   "from=2019-01-01&to=2018-01-01"])
@pytest.mark.parametrize("group_by", ["participant", "country", "topic", "month"])
def test_stats_and_feed_agree_on_a_date_range(seeded_client, dates, group_by):
    # `from` and `to` make one condition together; each alone, both, and an
    # empty range must select exactly the statements of the articles whose
    # publication day is inside them.
    query = dict(pair.split("=") for pair in dates.split("&"))
    articles = seeded_client.get("/api/v1/articles?limit=500").get_json()["items"]
    inside = {a["id"] for a in articles if query.get("from", "0000") <= a["published_at"][:10] <= query.get("to", "9999")}
    everything = seeded_client.get("/api/v1/statements?limit=500").get_json()["items"]
    expected = sorted(s["id"] for s in everything if s["article_id"] in inside)
    feed = seeded_client.get(f"/api/v1/statements?{dates}&limit=500").get_json()["items"]
    assert sorted(s["id"] for s in feed) == expected
    stats = seeded_client.get(f"/api/v1/stats/statements?group_by={group_by}&{dates}").get_json()
    assert stats["total"] == len(expected)
    if group_by != "topic":
        assert sum(item["count"] for item in stats["items"]) == len(expected)
