"""The ranked index (tantivy) follows the database through the revision log.

Revisions are made here as the contract describes them (one row per written
domain row, in the write's transaction, ids in commit order), by the API's
own writes or, where a test needs a log the API cannot make, by hand.
"""
import fcntl
import json
import threading

import pytest

from service import search
from service.db import database, write_transaction
from service.models import Alias, Article, Participant, Revision, Statement
from service.search import follower as following
from service.search.cli import search_cli


def ranked_ids(client, q, kind="statement", limit=100):
    response = client.get("/api/v1/search", query_string={"q": q, "type": kind, "limit": limit})
    assert response.status_code == 200, response.get_json()
    return [hit["id"] for hit in response.get_json()["items"]]


def index_of(app):
    with app.app_context():
        found = search.ranked_index()
        database.close()
    return found


def revise(resource, key, action="update"):
    Revision.create(resource=resource, row_key=str(key), action=action)


def test_a_search_answers_from_the_ranked_index_at_the_log_s_last_revision(seeded, seeded_writer):
    client = seeded.test_client()
    assert ranked_ids(client, "ايران")
    found = index_of(seeded)
    assert found is not None and (found.root / "statement").is_dir()
    with seeded.app_context():
        assert found.state()["revision"] == following.latest_revision()
        counts = {kind: found.current(found.state()).kinds[kind].count() for kind in search.KINDS}
        assert counts == {kind: model.select().count() for kind, model in search.documents.MODELS.items()}
        database.close()


def test_the_ranked_index_finds_what_the_database_finds(seeded_client):
    for q in ["الاسد", "ايران", "سوريه", "«محور المقاومة»", "الارهاب -امريكا", "خامنئي OR روحاني", "والتعاون"]:
        with seeded_client.application.app_context():
            expected = {row.id for row in Statement.select(Statement.id).where(search.matching("statement", q))}
            database.close()
        assert set(ranked_ids(seeded_client, q)) == expected, q


def test_an_alias_added_to_a_speaker_finds_their_statements(seeded, seeded_writer):
    client = seeded.test_client()
    statement = client.get("/api/v1/statements?limit=1").get_json()["items"][0]
    speaker = client.get(f"/api/v1/participants/{statement['speaker_id']}").get_json()
    assert not ranked_ids(client, "زنوبيا")
    aliases = [{k: a[k] for k in ("name", "kind", "language")} for a in speaker["aliases"]]
    changed = client.patch(f"/api/v1/participants/{speaker['id']}", headers=seeded_writer,
                           json={"aliases": aliases + [{"name": "زنوبيا", "kind": "short", "language": "ar"}]})
    assert changed.status_code == 200, changed.get_json()
    spoken = {s["id"] for s in client.get("/api/v1/statements", query_string={
        "speaker": speaker["id"], "limit": 500}).get_json()["items"]}
    assert set(ranked_ids(client, "زنوبيا")) == spoken
    assert ranked_ids(client, "زنوبيا", kind="participant") == [speaker["id"]]


def test_equal_scores_come_newest_first_as_the_article_dates_say(seeded, seeded_writer):
    # Two statements with the same words score the same; the one whose
    # article is newer comes first, and moving an article's date reorders.
    client = seeded.test_client()
    article_ids = [a["id"] for a in client.get("/api/v1/articles?limit=2").get_json()["items"]]
    speaker = client.get("/api/v1/participants?limit=1").get_json()["items"][0]["id"]
    made = []
    for article, date in zip(article_ids, ["2001-01-01T00:00:00Z", "2002-01-01T00:00:00Z"]):
        assert client.patch(f"/api/v1/articles/{article}", headers=seeded_writer,
                            json={"published_at": date}).status_code == 200
        response = client.post("/api/v1/statements", headers=seeded_writer,
                               json={"article_id": article, "speaker_id": speaker, "kind": "direct",
                                     "text": "قال زنوبيا تدمر"})
        assert response.status_code == 201, response.get_json()
        made.append(response.get_json()["id"])
    assert ranked_ids(client, "زنوبيا") == [made[1], made[0]]
    assert client.patch(f"/api/v1/articles/{article_ids[0]}", headers=seeded_writer,
                        json={"published_at": "2003-01-01T00:00:00Z"}).status_code == 200
    assert ranked_ids(client, "زنوبيا") == [made[0], made[1]]


def test_replaying_revisions_already_applied_changes_nothing(seeded, seeded_writer):
    # A crash between the index commit and the state file: the next search
    # applies those revisions again, which must leave the same index.
    client = seeded.test_client()
    statement = client.get("/api/v1/statements?limit=1").get_json()["items"][0]
    assert client.patch(f"/api/v1/statements/{statement['id']}", headers=seeded_writer,
                        json={"attribution_text": "زنوبيا"}).status_code == 200
    assert ranked_ids(client, "زنوبيا") == [statement["id"]]
    found = index_of(seeded)
    before = found.state()
    (found.root / following.STATE_FILE).write_text(json.dumps({"revision": 0, "generation": 99}))
    assert ranked_ids(client, "زنوبيا") == [statement["id"]]
    with seeded.app_context():
        index = found.current(found.state())
        assert index.kinds["statement"].count() == Statement.select().count()
        database.close()
    assert found.state()["revision"] == before["revision"]


def test_a_deleted_row_leaves_no_hit_even_when_its_revision_names_it_again(seeded):
    client = seeded.test_client()
    assert ranked_ids(client, "ايران")
    with seeded.app_context():
        participant = Participant.create(name_ar="زنوبيا الملكة")
        revise("participant", participant.id, "create")
        database.close()
    assert ranked_ids(client, "زنوبيا", kind="participant") == [participant.id]
    with seeded.app_context():
        with write_transaction():
            participant.delete_instance()
            revise("participant", participant.id, "delete")
            revise("participant", participant.id, "delete")
        database.close()
    assert ranked_ids(client, "زنوبيا", kind="participant") == []


def test_an_index_ahead_of_the_log_is_rebuilt(seeded):
    # A database restored from an older copy: what the index holds may not exist.
    client = seeded.test_client()
    assert ranked_ids(client, "ايران")
    found = index_of(seeded)
    (found.root / following.STATE_FILE).write_text(json.dumps({"revision": 10 ** 9, "generation": 1}))
    assert sorted(ranked_ids(client, "ايران"))
    assert found.state()["revision"] < 10 ** 9


def test_a_search_that_cannot_take_the_writer_falls_back_to_the_database(seeded, monkeypatch):
    client = seeded.test_client()
    expected = sorted(ranked_ids(client, "ايران"))
    found = index_of(seeded)
    with seeded.app_context():
        article = Article.select().first()
        article.title = "زنوبيا"
        article.save()
        search.index("article", article)
        revise("article", article.id)
        database.close()
    monkeypatch.setattr(following, "WAIT_SECONDS", 0.2)
    # Another process's lock: an open file of its own, so flock conflicts.
    with open(found.root / following.LOCK_FILE, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert ranked_ids(client, "زنوبيا", kind="article") == [article.id]  # the database's own index
        assert sorted(ranked_ids(client, "ايران")) == expected
        stale = found.state()["revision"]
    assert ranked_ids(client, "زنوبيا", kind="article") == [article.id]
    assert found.state()["revision"] > stale


def test_threads_searching_at_once_share_one_writer(seeded, seeded_writer):
    client = seeded.test_client()
    statement = client.get("/api/v1/statements?limit=1").get_json()["items"][0]
    assert client.patch(f"/api/v1/statements/{statement['id']}", headers=seeded_writer,
                        json={"attribution_text": "زنوبيا"}).status_code == 200
    answers, errors = [], []

    def one():
        try:
            answers.append(ranked_ids(seeded.test_client(), "زنوبيا"))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors and answers == [[statement["id"]]] * 6


def test_a_bulk_load_in_a_transaction_marks_the_index_for_rebuilding(seeded):
    client = seeded.test_client()
    assert ranked_ids(client, "ايران")
    found = index_of(seeded)
    with seeded.app_context():
        with write_transaction():
            search.rebuild()
        assert found.state() is None
        database.close()
    assert ranked_ids(client, "ايران")
    assert found.state() is not None


def test_the_rebuild_command_reports_progress_and_the_revision(seeded):
    result = seeded.test_cli_runner().invoke(search_cli, ["rebuild"])
    assert result.exit_code == 0, result.output
    assert "records" in result.output and "up to revision" in result.output
    status = seeded.test_cli_runner().invoke(search_cli, ["status"])
    assert status.exit_code == 0 and "applied:" in status.output


def test_a_database_in_memory_has_no_ranked_index_and_searches_the_database(tmp_path):
    from tests.conftest import make_app
    app = make_app("sqlite:///:memory:")
    with app.app_context():
        assert search.ranked_index() is None
        database.close()


@pytest.mark.parametrize("q", ["NEAR(a b)", "a*", "x:y", '"unterminated', "AND OR NOT"])
def test_query_syntax_never_reaches_the_ranked_index_as_syntax(seeded_client, q):
    assert seeded_client.get("/api/v1/search", query_string={"q": q}).status_code == 200


def test_an_alias_s_own_revision_re_indexes_its_participant_s_statements(seeded):
    # Should the log name an alias apart from its participant (an import
    # writes rows table by table), its representation says whose it is.
    client = seeded.test_client()
    assert ranked_ids(client, "ايران")
    with seeded.app_context():
        statement = Statement.select().first()
        speaker = statement.speaker_id
        spoken = {s.id for s in Statement.select(Statement.id).where(Statement.speaker == speaker)}
        with write_transaction():
            alias = Alias.create(participant=speaker, name="زنوبيا", normalized="زنوبيا", kind="short", language="ar")
            Revision.create(resource="alias", row_key=str(alias.id), action="create",
                            after=json.dumps({"id": alias.id, "participant_id": speaker}))
        search.index_speaker(speaker)
        database.close()
    assert set(ranked_ids(client, "زنوبيا")) == spoken
    with seeded.app_context():
        with write_transaction():
            alias.delete_instance()
            Revision.create(resource="alias", row_key=str(alias.id), action="delete",
                            before=json.dumps({"id": alias.id, "participant_id": speaker}))
        search.index_speaker(speaker)
        database.close()
    assert ranked_ids(client, "زنوبيا") == []
