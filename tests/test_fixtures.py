"""The seed dataset, loaded through the service: counts, facts, idempotence."""
import json
from pathlib import Path

from service.db import database
from service.fixtures import load
from service.models import Article, Event, Participant, Statement

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_count(name):
    return len(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


def test_loading_into_an_empty_database_creates_every_record(app):
    with app.app_context():
        added = load()
        database.close()
    for table, name in [("country", "countries"), ("outlet", "outlets"), ("topic", "topics"),
                        ("participant", "participants"), ("article", "articles"),
                        ("event", "events"), ("statement", "statements")]:
        assert added[table] == fixture_count(name), table


def test_loading_twice_changes_nothing(seeded):
    with seeded.app_context():
        before = [model.select().count() for model in (Participant, Article, Event, Statement)]
        added = load()
        after = [model.select().count() for model in (Participant, Article, Event, Statement)]
        database.close()
    assert set(added.values()) == {0}
    assert before == after


def test_articles_bodies_are_the_seed_files_byte_for_byte(seeded_client):
    articles = seeded_client.get("/api/v1/articles?limit=10").get_json()["items"]
    assert len(articles) == 5
    for article in articles:
        seed = (FIXTURES / "seeds" / article["provenance"]).read_bytes()
        assert article["body"].encode("utf-8") == seed


def test_every_statement_text_sits_at_its_offsets(seeded_client):
    bodies = {a["id"]: a["body"] for a in seeded_client.get("/api/v1/articles").get_json()["items"]}
    statements = seeded_client.get("/api/v1/statements?limit=500").get_json()["items"]
    assert len(statements) == fixture_count("statements")
    for statement in statements:
        assert bodies[statement["article_id"]][statement["start"]:statement["end"]] == statement["text"]


def test_khamenei_quote_is_reported_by_both_articles_of_the_2022_visit(seeded_client):
    khamenei = seeded_client.get("/api/v1/participants?q=خامنئي").get_json()["items"][0]
    assert khamenei["name_en"] == "Ali Khamenei"
    quotes = seeded_client.get(f"/api/v1/participants/{khamenei['id']}/statements?expand=article&limit=100")
    reporting = {s["article"]["provenance"] for s in quotes.get_json()["items"] if "ليس لدينا أدنى شك" in s["text"]}
    assert reporting == {"002_68b27588b526cb7c.txt", "004_551287741a318654.txt"}


def test_published_at_keeps_tehran_time(seeded_client):
    articles = seeded_client.get("/api/v1/articles").get_json()["items"]
    seed_002 = next(a for a in articles if a["provenance"].startswith("002_"))
    assert seed_002["published_at"] == "2022-05-08T17:54:00+04:30"


def test_assad_and_raisi_visit_is_one_event_reported_by_two_articles(seeded_client):
    events = seeded_client.get("/api/v1/events?limit=100").get_json()["items"]
    both = [e for e in events if len(e["article_ids"]) == 2]
    assert len(both) == 2  # Assad–Khamenei and Assad–Raisi
