"""Synthetic benchmark data must look like the real thing to the service."""
import hashlib

from service import search
from service.db import database, write_transaction
from service.models import Alias, Article, Event, Participant, Statement
from service.synth import synthesize

from .conftest import load_fixtures
from .test_dataset import index_rows, reindex_through_the_write_path


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


def test_ids_follow_publication_time(app):
    with app.app_context():
        synthesize(300, seed=5)
        published = [s.article.published_at for s in
                     Statement.select(Statement, Article).join(Article).order_by(Statement.id)]
        assert published == sorted(published) and len(set(published)) > 10
        articles = [a.published_at for a in Article.select().order_by(Article.id)]
        assert articles == sorted(articles)
        event_days = [e.date for e in Event.select().order_by(Event.id)]
        assert event_days == sorted(event_days)
        database.close()


def test_the_index_synth_builds_is_the_one_a_rebuild_builds(app):
    with app.app_context():
        load_fixtures()
        synthesize(200, seed=3)
        counts = {"statement": 63 + 200, "article": Article.select().count(),
                  "participant": Participant.select().count()}
        database.close()
    built = index_rows(app)
    assert {kind: len(rows) for kind, rows in built.items()} == counts
    with app.app_context(), write_transaction():
        search.rebuild()
    database.close()
    assert index_rows(app) == built
    reindex_through_the_write_path(app)
    assert index_rows(app) == built


def test_article_hashes_are_those_of_the_normalized_bodies(app):
    from service import arabic
    with app.app_context():
        synthesize(90, seed=2)
        for article in Article.select():
            assert article.content_hash == hashlib.sha256(arabic.normalize(article.body).encode()).hexdigest()
        database.close()
