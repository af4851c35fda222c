"""Synthetic benchmark data must look like the real thing to the service."""
from service import search
from service.db import database
from service.models import Alias, Article, Participant, Statement
from service.synth import synthesize


def test_synth_makes_valid_statements_with_spans_in_their_articles(app, client):
    with app.app_context():
        made = synthesize(240, seed=7)
        assert made["statements"] == 240 == Statement.select().count()
        for statement in Statement.select().limit(50):
            assert statement.article.body[statement.start:statement.end] == statement.text
        assert Alias.select().count() >= Participant.select().count()
        database.close()
    feed = client.get("/api/v1/statements?limit=5&expand=speaker,article")
    assert feed.status_code == 200 and len(feed.get_json()["items"]) == 5


def test_synth_fills_the_search_index(app):
    with app.app_context():
        synthesize(120, seed=7)
        any_word = Statement.select().first().text.split()[0]
        assert search.ranked(any_word, ("statement",), limit=5)
        assert search.backend().count("statement") == Statement.select().count()
        database.close()


def test_same_seed_gives_the_same_texts(app, tmp_path):
    with app.app_context():
        synthesize(60, seed=11)
        first = [s.text for s in Statement.select().order_by(Statement.id)]
        Statement.delete().execute()
        synthesize(60, seed=11)
        second = [s.text for s in Statement.select().order_by(Statement.id)][-60:]
        assert first == second
        assert Article.select().count() == 2 * 10
        database.close()
