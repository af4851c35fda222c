"""Schema migrations on both engines: from nothing, from every older version, from several hosts.

Each test starts from a database with nothing in it (not even
schema_version) and drives `service.migrations` itself; `head` is the
number of steps, so a new step is covered here without touching this file.
"""
import os
import subprocess
import threading

import peewee
import pytest

from service import create_app
from service.db import database, is_sqlite
from service.migrations import STEPS, SchemaVersion, add_missing_columns, head, upgrade
from service.models import ALL_MODELS, Article, Country, Outlet, Participant, Statement

from .e2e.server import BIN, ROOT

# Words of the seed report (Syria News, 18.01.2017).
KHAMIS_WORDS = "ترحب بجميع المبادرات والآليات الرامية لإعادة الاستقرار والأمن"


@pytest.fixture
def empty_url(tmp_path):
    """A URL of a database with nothing in it, on the engine of the run."""
    yield from _empty_database(tmp_path, "empty.db")


def _empty_database(tmp_path, file_name):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        from tests import pg
        with pg.fresh_database(url, migrated=False) as fresh:
            yield fresh
    else:
        yield f"sqlite:///{tmp_path / file_name}"


@pytest.fixture
def reference_url(tmp_path):
    """A second empty database, migrated to head: the schema every path must reach."""
    yield from _empty_database(tmp_path, "reference.db")


@pytest.fixture
def bound(empty_url):
    """An app on the empty database, its app context pushed; nothing migrated."""
    app = create_app({"DATABASE_URL": empty_url, "TESTING": True})
    with app.app_context():
        yield app
        database.close()


def schema_of(db):
    """Tables with their columns, indexes, foreign keys and triggers, as the engine reports them."""
    tables = {}
    for table in db.get_tables():
        tables[table] = {
            "columns": sorted((c.name, c.data_type.lower(), c.null, c.primary_key)
                              for c in db.get_columns(table)),
            "indexes": sorted((i.name, tuple(i.columns), i.unique) for i in db.get_indexes(table)),
            "foreign_keys": sorted((f.column, f.dest_table, f.dest_column)
                                   for f in db.get_foreign_keys(table)),
        }
    if isinstance(db, peewee.SqliteDatabase):
        triggers = db.execute_sql("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
    else:
        triggers = db.execute_sql("SELECT DISTINCT trigger_name, event_object_table "
                                  "FROM information_schema.triggers")
    return {"tables": tables, "triggers": sorted(triggers.fetchall())}


def applied_versions():
    return [row.version for row in SchemaVersion.select().order_by(SchemaVersion.version)]


def head_schema(url):
    """The schema of a new database at `url`, migrated to head (the proxy is put back after)."""
    bound_to = database.obj
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    try:
        with app.app_context():
            upgrade()
            schema = schema_of(database.obj)
            database.close()
    finally:
        database.initialize(bound_to)
    return schema


def add_records():
    """A statement with everything it hangs on, written straight into the tables
    (the write path of today may need tables an older version lacks)."""
    country = Country.create(code="SY", name_ar="سورية", name_en="Syria")
    outlet = Outlet.create(name="Syria News", country=country)
    article = Article.create(outlet=outlet, body=f'إن سوريا "{KHAMIS_WORDS}"', content_hash="0" * 64)
    speaker = Participant.create(name_ar="عماد خميس", country=country)
    Statement.create(article=article, speaker=speaker, text=KHAMIS_WORDS, kind="direct")
    return speaker


def test_upgrade_builds_every_table_on_an_empty_database(bound):
    assert upgrade() == head()
    assert applied_versions() == list(range(1, head() + 1))
    for model in ALL_MODELS:
        columns = {column.name for column in database.get_columns(model._meta.table_name)}
        assert columns == {field.column_name for field in model._meta.sorted_fields}, model


def test_upgrade_twice_applies_nothing_the_second_time(bound):
    upgrade()
    schema = schema_of(database.obj)
    assert upgrade() == head()
    assert applied_versions() == list(range(1, head() + 1))
    assert schema_of(database.obj) == schema


def test_cli_upgrade_reports_the_version_and_is_safe_to_run_twice(empty_url):
    env = {**os.environ, "DATABASE_URL": empty_url}
    for _ in range(2):
        result = subprocess.run([str(BIN / "flask"), "--app", "service", "db", "upgrade"], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"schema at version {head()}"


@pytest.mark.parametrize("version", range(head()))
def test_an_older_database_upgrades_to_the_schema_of_a_new_one(bound, reference_url, version):
    assert upgrade(target=version) == version
    speaker = add_records() if version >= 1 else None

    assert upgrade() == head()

    assert applied_versions() == list(range(1, head() + 1))
    assert schema_of(database.obj) == head_schema(reference_url)
    if speaker is not None:  # the records written at the older version are all there
        assert [s.text for s in Statement.select().where(Statement.speaker == speaker)] == [KHAMIS_WORDS]


def test_records_older_than_the_search_index_are_found_after_upgrade(bound):
    from service.migrations import create_search_index
    before_search = STEPS.index(create_search_index)  # the version the step starts from
    upgrade(target=before_search)
    speaker = add_records()
    upgrade()

    response = bound.test_client().get("/api/v1/statements", query_string={"q": "المبادرات"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert [item["speaker_id"] for item in response.get_json()["items"]] == [speaker.id]


def test_a_search_index_keeping_a_copy_of_the_text_is_compacted_and_still_finds(bound, monkeypatch):
    """A file whose FTS5 tables an older SQLite made (with their copy of the
    text) loses the copy on upgrade where SQLite can do without it."""
    from service.db import CONTENTLESS_FTS
    from service.migrations import compact_search_index
    from service.search import KINDS, backend
    if not is_sqlite() or not CONTENTLESS_FTS:
        pytest.skip("SQLite ≥ 3.43 only: the tables PostgreSQL and an older SQLite keep are left as they are")
    monkeypatch.setattr("service.search.sqlite.CONTENTLESS_FTS", False)  # as an older SQLite makes them
    upgrade(target=STEPS.index(compact_search_index))
    speaker = add_records()
    from service import search
    search.rebuild()
    assert not any(backend().is_contentless(kind) for kind in KINDS)
    monkeypatch.undo()

    upgrade()

    assert all(backend().is_contentless(kind) for kind in KINDS)
    assert backend().count("statement") == Statement.select().count() == 1
    client = bound.test_client()
    found = client.get("/api/v1/statements", query_string={"q": "المبادرات"}).get_json()["items"]
    assert [item["speaker_id"] for item in found] == [speaker.id]
    Statement.delete().execute()  # the delete trigger still takes the row out of the index
    assert backend().count("statement") == 0
    assert client.get("/api/v1/statements", query_string={"q": "المبادرات"}).get_json()["items"] == []


def test_the_derived_statement_columns_of_an_older_file_are_dropped(bound, reference_url):
    """Files made before step 14 carry `normalized` and `fingerprint` (NOT NULL):
    the upgrade drops both and keeps every statement as it was."""
    from service.migrations import DERIVED_STATEMENT_COLUMNS, drop_derived_statement_columns
    upgrade(target=STEPS.index(drop_derived_statement_columns))
    for name in DERIVED_STATEMENT_COLUMNS:  # as the models of that version made them
        database.execute_sql(f"ALTER TABLE statement ADD COLUMN {name} TEXT NOT NULL DEFAULT 'x'")
    speaker = add_records()
    from service import search
    search.rebuild()  # written straight into the tables: indexed as that version's writers did
    assert set(DERIVED_STATEMENT_COLUMNS) <= {c.name for c in database.get_columns("statement")}

    upgrade()

    assert not set(DERIVED_STATEMENT_COLUMNS) & {c.name for c in database.get_columns("statement")}
    assert schema_of(database.obj) == head_schema(reference_url)
    rows = list(Statement.select().where(Statement.speaker == speaker))
    assert [(s.text, s.kind) for s in rows] == [(KHAMIS_WORDS, "direct")]
    found = bound.test_client().get("/api/v1/statements", query_string={"q": "المبادرات"}).get_json()["items"]
    assert [item["speaker_id"] for item in found] == [speaker.id]


def test_on_postgresql_statements_are_indexed_by_speaker_then_id(bound):
    """The feed by speaker reads one page from (speaker_id, id), not the primary key filtered."""
    if is_sqlite():
        pytest.skip("SQLite's index on speaker_id ends in the rowid already")
    upgrade()
    indexes = {index.name: tuple(index.columns) for index in database.get_indexes("statement")}
    assert indexes["statement_speaker_id_id"] == ("speaker_id", "id")
    assert "statement_speaker_id" not in indexes


def test_a_database_newer_than_the_code_is_left_alone(bound):
    """A host still on the old release restarts after a new one has migrated."""
    upgrade()
    SchemaVersion.create(version=head() + 1)
    assert upgrade() == head() + 1
    assert applied_versions() == list(range(1, head() + 2))


def test_several_hosts_upgrading_at_once_apply_each_step_once(bound):
    """Every host runs `db upgrade` as it starts; they must not race (advisory lock / BEGIN IMMEDIATE)."""
    hosts = 4
    start = threading.Barrier(hosts)
    reached, failures = [], []

    def host():
        try:
            start.wait()
            reached.append(upgrade())
        except Exception as error:  # reported below, with the others
            failures.append(repr(error))
        finally:
            database.close()

    threads = [threading.Thread(target=host) for _ in range(hosts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert reached == [head()] * hosts
    assert applied_versions() == list(range(1, head() + 1))


def test_add_missing_columns_adds_only_what_the_table_lacks(bound):
    class Before(peewee.Model):
        name = peewee.CharField()

        class Meta:
            database = database
            table_name = "desk"

    class After(Before):
        note = peewee.TextField(null=True)
        rank = peewee.IntegerField(default=0)

        class Meta:
            table_name = "desk"

    database.create_tables([Before])
    Before.create(name="old row")
    for _ in range(2):  # a second run finds nothing to add
        add_missing_columns(After)
    assert {c.name for c in database.get_columns("desk")} == {"id", "name", "note", "rank"}
    row = After.get()
    assert (row.name, row.note, row.rank) == ("old row", None, 0)


def test_the_engine_under_test_is_the_one_asked_for(bound):
    assert is_sqlite() == (not os.environ.get("TEST_DATABASE_URL"))
