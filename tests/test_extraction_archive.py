"""`flask extract --all [--commit] [--since DATE] [ids]`: the archive, resumable.

On a copy of the seed dataset: what is done is recorded with the extractor's
version and mode, so a rerun does nothing; a new article is due; an article
past the budget is recorded with its reason and the run goes on.
"""
import datetime
import hashlib

from service.extraction import archive
from service.models import Article, ExtractionRun, Statement


def add_article(app, body, published=None):
    with app.app_context():
        return Article.create(body=body, content_hash=hashlib.sha256(body.encode()).hexdigest(),
                              published_at=published, date_precision="day" if published else None).id


def run(app, *args):
    return app.test_cli_runner().invoke(args=["extract", *args])  # click 8.2: stdout and stderr apart


def test_a_dry_run_records_each_article_and_a_rerun_skips_them(seeded):
    first = run(seeded, "--all")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("articles: 5; proposed: ")
    assert "saved: 0 statements" in first.stdout
    with seeded.app_context():
        runs = list(ExtractionRun.select())
        assert len(runs) == 5 and {r.extractor_version for r in runs} == {archive.extractor_version()}
        assert not any(r.committed for r in runs) and sum(r.statements for r in runs) > 0
    again = run(seeded, "--all")
    assert again.stdout.startswith("articles: 0;"), again.output


def test_commit_saves_confident_statements_once_and_only_new_articles_are_due(seeded):
    article_id = add_article(seeded, "وأكد رئيس مجلس الوزراء السوري عماد خميس أن التعاون بين البلدين متواصل.",
                             datetime.datetime(2017, 1, 18))
    with seeded.app_context():
        before = Statement.select().count()
        assert archive.due([article_id], committing=True) == [article_id]
    result = run(seeded, "--commit", str(article_id), str(article_id))
    assert result.exit_code == 0, result.output
    assert "saved: 1 statements" in result.stdout, result.stdout
    with seeded.app_context():
        assert Statement.select().count() == before + 1
        assert archive.due([article_id], committing=True) == []
        assert archive.due([article_id], committing=False) == [article_id]  # a dry run is another mode


def test_since_filters_by_publication_date(seeded):
    old = add_article(seeded, "وقال الوزير إن الزيارة ناجحة.", datetime.datetime(2001, 5, 1))
    with seeded.app_context():
        due = archive.due(since=datetime.date(2020, 1, 1))
        assert old not in due and due  # the 2022+ seed reports are due
        assert old in archive.due(since=datetime.date(2001, 5, 1))


def test_an_article_over_budget_is_recorded_and_the_run_goes_on(seeded):
    article_id = add_article(seeded, "«" * 200_001)
    result = run(seeded, "--all")
    assert result.exit_code == 0, result.output
    assert "over budget: 1" in result.stdout and f"article {article_id}: " in result.stdout
    with seeded.app_context():
        failed = ExtractionRun.get(ExtractionRun.article == article_id)
        assert "EXTRACT_MAX_CHARS" in failed.error
        assert ExtractionRun.select().count() == 6


def test_one_id_still_prints_its_proposals_as_json(seeded):
    result = run(seeded, "1")
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("{")
