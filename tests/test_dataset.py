"""The whole dataset out and in, losslessly, atomically."""
import csv
import io
import json

import pytest

from service import search
from service.db import database, is_sqlite, write_transaction
from service.search import documents

from .conftest import _key, postgres_url
from .helpers import API, problem

NDJSON = {"Content-Type": "application/x-ndjson"}


def export(client):
    response = client.get(f"{API}/export")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    return response.get_data()


def test_export_import_export_gives_identical_bytes(seeded_client, app, client):
    dump = export(seeded_client)
    admin = _key(app, "admin", "admin")
    imported = client.post(f"{API}/import", headers={**admin, **NDJSON}, data=dump)
    assert imported.status_code == 200, imported.get_json()
    assert imported.get_json()["imported"]["statement"] == 63
    assert export(client) == dump


def test_imported_rows_get_row_tokens_of_their_own(seeded_client, app, client):
    """A dump carries no row tokens; each imported row draws one, as any insert does,
    so its ETag tells it apart from a row that held its id before."""
    admin = _key(app, "admin", "admin")
    assert client.post(f"{API}/import", headers={**admin, **NDJSON}, data=export(seeded_client)).status_code == 200
    with app.app_context():
        tokens = [row[0] for model in ("statement", "participant", "article", "topic")
                  for row in database.execute_sql(f"SELECT row_token FROM {model}").fetchall()]
        database.close()
    assert len(tokens) > 100 and all(tokens)
    assert len(set(tokens)) == len(tokens)
    tag = client.get(f"{API}/statements?limit=1").get_json()["items"][0]["id"]
    assert not client.get(f"{API}/statements/{tag}").headers["ETag"].endswith('.0"')


def test_imported_data_is_searchable_and_writable(seeded_client, app, client):
    admin = _key(app, "admin", "admin")
    client.post(f"{API}/import", headers={**admin, **NDJSON}, data=export(seeded_client))
    assert client.get(f"{API}/search?q=الاسد&type=statement").get_json()["items"]
    writer = _key(app, "writer", "write")
    created = client.post(f"{API}/topics", headers=writer, json={"slug": "water", "name_ar": "المياه"})
    assert created.status_code == 201  # ids continue after the imported ones


def test_a_bad_line_imports_nothing_and_is_reported_by_number(seeded_client, app, client):
    lines = export(seeded_client).decode().splitlines()
    lines[5] = '{"type": "statement", "row": {"id": "x"'
    lines[7] = '{"type": "weather", "row": {}}'
    admin = _key(app, "admin", "admin")
    refused = client.post(f"{API}/import", headers={**admin, **NDJSON}, data="\n".join(lines).encode())
    body = problem(refused, 422)
    assert set(body["errors"]) == {"line 6", "line 8"}
    assert client.get(f"{API}/countries").get_json()["items"] == []


def test_a_dump_of_an_older_release_with_retired_statement_fields_imports(seeded_client, app, client):
    """Dumps made before migration step 14 carry statement.normalized and
    .fingerprint: they are skipped, everything else is imported as it was."""
    dump = export(seeded_client)
    lines = []
    for line in dump.decode().splitlines():
        item = json.loads(line)
        if item["type"] == "statement":
            item["row"] |= {"normalized": "نص", "fingerprint": "0" * 64}
        lines.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
    admin = _key(app, "admin", "admin")
    imported = client.post(f"{API}/import", headers={**admin, **NDJSON}, data="\n".join(lines).encode())
    assert imported.status_code == 200, imported.get_json()
    assert imported.get_json()["imported"]["statement"] == 63
    assert export(client) == dump


def test_an_import_into_postgresql_leaves_the_planner_statistics_fresh(seeded_client, app, client):
    if is_sqlite():
        pytest.skip("PostgreSQL only: SQLite's planner keeps no statistics unless asked")
    admin = _key(app, "admin", "admin")
    assert client.post(f"{API}/import", headers={**admin, **NDJSON}, data=export(seeded_client)).status_code == 200
    with app.app_context():
        analyzed = dict(database.execute_sql(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('statement', 'article')").fetchall())
        database.close()
    assert analyzed == {"statement": 63, "article": 5}


def test_importing_rows_that_exist_conflicts_and_adds_nothing(seeded, seeded_client):
    admin = _key(seeded, "admin", "admin")
    before = seeded_client.get(f"{API}/statements?count=true&limit=1").get_json()["total"]
    refused = seeded_client.post(f"{API}/import", headers={**admin, **NDJSON}, data=export(seeded_client))
    problem(refused, 422)
    assert seeded_client.get(f"{API}/statements?count=true&limit=1").get_json()["total"] == before


def test_import_needs_an_admin_key(app, client, writer):
    problem(client.post(f"{API}/import", headers={**writer, **NDJSON}, data=b""), 403)
    problem(client.post(f"{API}/import", headers=NDJSON, data=b""), 401)


def test_export_of_a_table_as_csv_with_a_bom_for_spreadsheets(seeded_client):
    response = seeded_client.get(f"{API}/export?format=csv&table=statement&bom=true")
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 63 and any("الأسد" in (r["attribution_text"] or "") or "الإرهاب" in r["text"] for r in rows)


def test_every_line_is_a_typed_row(seeded_client):
    lines = export(seeded_client).decode().splitlines()
    assert json.loads(lines[0]) == {"type": "meta", "format": "statements-desk/1"}
    assert all(set(json.loads(line)) == {"type", "row"} for line in lines[1:])
    assert "\\u0627" not in lines[1] + lines[-1]


def index_rows(app):
    """Every row of the search index, by kind, as the engine holds it."""
    with app.app_context():
        from service.db import is_sqlite
        rows = {}
        for kind in search.KINDS:
            sql = (f"SELECT rowid, exact, terms, names, context FROM {kind}_fts ORDER BY rowid" if is_sqlite()
                   else f"SELECT {kind}_id, terms::text, exact::text FROM {kind}_search ORDER BY 1")
            rows[kind] = database.execute_sql(sql).fetchall()
        database.close()
    return rows


def reindex_through_the_write_path(app):
    """Index every record again one by one, as a create or an update does."""
    with app.app_context(), write_transaction():
        for kind, model in documents.MODELS.items():
            for row in model.select():
                search.index(kind, row)
    database.close()


SEARCHES = ["الاسد", "ايران", "اعاده الاعمار", "«محور المقاومة»", "الارهاب -امريكا", "خامنئي OR روحاني",
            "والتعاون", "سوريا"]


def test_an_imported_index_is_the_one_the_write_path_builds(seeded_client, app, client):
    admin = _key(app, "admin", "admin")
    assert client.post(f"{API}/import", headers={**admin, **NDJSON}, data=export(seeded_client)).status_code == 200
    for q in SEARCHES:  # the seed dataset was indexed record by record, as the API writes
        assert client.get(f"{API}/search", query_string={"q": q, "limit": 100}).get_json() == \
            seeded_client.get(f"{API}/search", query_string={"q": q, "limit": 100}).get_json(), q
    imported = index_rows(app)
    reindex_through_the_write_path(app)
    assert index_rows(app) == imported


def line_of(kind, **row):
    return json.dumps({"type": kind, "row": row})


TOPIC = {"slug": "water", "name_ar": "المياه", "created_at": "2024-01-01T00:00:00",
         "updated_at": "2024-01-01T00:00:00", "version": 1}
UNSTORABLE_LINES = {
    "a NUL": line_of("topic", id=1, **{**TOPIC, "name_ar": "الم\u0000ياه"}),
    "a lone surrogate": line_of("topic", id=2, **{**TOPIC, "slug": "w\ud800"}),
    "an id past 64 bits": line_of("topic", id=2**64, **TOPIC),
    "a huge version": line_of("topic", id=3, **{**TOPIC, "version": -2**70}),
    "a small integer past 16 bits": line_of("article", id=4, body="نص", content_hash="x", published_at_offset=40000),
    "a code too long": line_of("country", code="SYR", name_ar="سورية", name_en="Syria"),
    "an object for text": line_of("topic", id=5, **{**TOPIC, "name_ar": {"ar": "المياه"}}),
    "a number for a date": line_of("topic", id=6, **{**TOPIC, "created_at": 12}),
    "a date before year 1 in UTC": line_of("topic", id=7, **{**TOPIC, "updated_at": "0001-01-01T00:00:00+04:30"}),
}


def unstorable_dump():
    good = line_of("topic", id=9, **{**TOPIC, "slug": "fine"})
    return "\n".join([good, *UNSTORABLE_LINES.values(), good.replace('"fine"', '"fine2"')]) + "\n"


def test_unstorable_values_are_a_422_naming_each_line(app, client, admin):
    refused = client.post(f"{API}/import", headers={**admin, **NDJSON}, data=unstorable_dump().encode())
    body = problem(refused, 422)
    assert set(body["errors"]) == {f"line {n}" for n in range(2, 2 + len(UNSTORABLE_LINES))}
    assert "NUL" in body["errors"]["line 2"][0] and "out of range" in body["errors"]["line 4"][0]
    assert client.get(f"{API}/topics").get_json()["items"] == []


def test_the_cli_names_each_unstorable_line_and_exits_non_zero(app, tmp_path):
    dump = tmp_path / "dump.ndjson"
    dump.write_text(unstorable_dump(), encoding="utf-8", errors="surrogatepass")
    result = app.test_cli_runner().invoke(args=["import", str(dump)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    for number, what in enumerate(UNSTORABLE_LINES, start=2):
        assert f"line {number}: " in result.output, what
    assert "nothing was imported" in result.output


def test_the_cli_refuses_a_dump_that_is_not_utf8(app, tmp_path):
    dump = tmp_path / "dump.ndjson"
    dump.write_bytes(b'{"type": "meta", "format": "statements-desk/1"}\n\xff\xfe\n')
    result = app.test_cli_runner().invoke(args=["import", str(dump)])
    assert result.exit_code != 0 and "not UTF-8" in result.output and result.exception.__class__ is SystemExit


def test_a_line_separator_inside_a_string_is_not_a_line_break(app, client, admin):
    # json.dumps(ensure_ascii=False), as export writes, leaves U+2028 and U+0085 unescaped.
    line = json.dumps({"type": "topic", "row": {"id": 7, **TOPIC, "name_ar": "المياه\u2028والطاقة\x85"}},
                      ensure_ascii=False)
    imported = client.post(f"{API}/import", headers={**admin, **NDJSON}, data=(line + "\r\n").encode())
    assert imported.status_code == 200, imported.get_json()
    assert client.get(f"{API}/topics/7").get_json()["name_ar"] == "المياه\u2028والطاقة\x85"


TRICKY_TEXTS = [
    "ﻻ ﷺ ﺃﻛّﺪ", "قال\ufe70 \ufe70الأسد", "سوريا\u00a0وإيران\u2003و\u3000العراق", "ΟΔΟΣ ΣΑΣ Σ",
    "ســــوريا ـــ \u200cالأسد\u200c", "al-Assad, «محور المقاومة»", "٢٠١٧ ۱۳۹۸ الـ23", "e\u0301 \u0651بشار",
    "\u00a8 \u2028 \x85 \x1c", "وللتعاون والأسد ولايتي",
]


def test_documents_analyse_words_as_arabic_does(app):
    from service import arabic
    from service.fixtures import read
    texts = TRICKY_TEXTS + [s["text"] for s in read("statements")]
    for text in texts:
        assert documents.analyse(text) == (arabic.tokens(text), arabic.index_terms(text)), text


@pytest.mark.skipif(bool(postgres_url()), reason="an SQLite setting")
def test_a_bulk_load_gives_its_connection_back_with_the_usual_page_cache(seeded_client, app):
    from service.records.dataset import import_lines
    lines = export(seeded_client).decode().splitlines()
    with app.app_context():
        usual = database.execute_sql("PRAGMA cache_size").fetchone()
        import_lines(lines)
        assert database.execute_sql("PRAGMA cache_size").fetchone() == usual
        database.close()


def indexes():
    return sorted((index.table, index.name, index.sql, index.unique)
                  for model in database.get_tables() for index in database.get_indexes(model))


def test_an_import_into_an_empty_database_leaves_every_index_as_migrations_made_it(seeded_client, app):
    # The bulk load defers the non-unique indexes of empty tables and builds them after.
    from service.records.dataset import import_lines
    lines = export(seeded_client).decode().splitlines()
    with app.app_context():
        migrated = indexes()
        import_lines(lines)
        assert indexes() == migrated
        if is_sqlite():  # each rebuilt index holds every row it should
            assert database.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
        database.close()


def test_a_refused_import_into_an_empty_database_keeps_every_index(app):
    from service.records.dataset import BATCH, DatasetError, import_lines
    with app.app_context():
        migrated = indexes()
        with pytest.raises(DatasetError):
            import_lines([*topic_lines(BATCH + 10), "{not json"])
        assert indexes() == migrated
        database.close()


def topic_lines(count):
    yield json.dumps({"type": "meta", "format": "statements-desk/1"})
    for n in range(1, count + 1):
        yield json.dumps({"type": "topic", "row": {"id": n, **TOPIC, "slug": f"topic-{n}"}}, ensure_ascii=False)


def test_an_import_streams_rows_in_as_it_reads_them(app):
    # A dump is not held in memory: by the time the reader is well past one
    # batch, that batch is in the database (in the import's transaction).
    from service.models import Topic
    from service.records.dataset import BATCH, import_lines
    seen_stored = []

    def lines():
        for number, line in enumerate(topic_lines(BATCH + 500)):
            if number == BATCH + 100:
                seen_stored.append(Topic.select().count())
            yield line

    with app.app_context():
        added = import_lines(lines())
        assert Topic.select().count() == BATCH + 500
        database.close()
    assert added["topic"] == BATCH + 500
    assert seen_stored and seen_stored[0] >= BATCH


def test_a_bad_line_after_stored_batches_still_imports_nothing(app, client):
    from service.records.dataset import BATCH, DatasetError, import_lines
    lines = [*topic_lines(BATCH + 10), "{not json"]
    with app.app_context():
        with pytest.raises(DatasetError) as raised:
            import_lines(lines)
        database.close()
    assert list(raised.value.errors) == [f"line {BATCH + 12}"]
    assert client.get(f"{API}/topics").get_json()["items"] == []


def test_the_cli_imports_from_stdin(app, client):
    dump = "\n".join(topic_lines(3)).encode()
    result = app.test_cli_runner().invoke(args=["import", "-"], input=dump)
    assert result.exit_code == 0, result.output
    assert "topic: 3" in result.output
    assert [t["slug"] for t in client.get(f"{API}/topics").get_json()["items"]] == ["topic-1", "topic-2", "topic-3"]


def triggers():
    """Each count trigger and whether it fires (PostgreSQL: enabled; SQLite: present)."""
    from service.counts import TRIGGERS
    if is_sqlite():
        present = {name for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        return {name: name in present for name in TRIGGERS}
    enabled = dict(database.execute_sql("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal").fetchall())
    return {name: enabled.get(name) == "O" for name in TRIGGERS}


def test_an_import_counts_exactly_and_leaves_the_count_triggers_on(seeded_client, app, client):
    from service import counts
    from service.records.dataset import import_lines
    lines = export(seeded_client).decode().splitlines()
    with app.app_context():
        import_lines(lines)
        assert all(triggers().values()) and counts.drift() == []
        database.close()
    # and they keep counting the writes that follow
    writer = _key(app, "writer", "write")
    statement = client.get(f"{API}/statements", query_string={"limit": 1}).get_json()["items"][0]
    assert client.delete(f"{API}/statements/{statement['id']}", headers=writer).status_code == 204
    with app.app_context():
        assert counts.drift() == []
        database.close()


def test_a_refused_import_leaves_the_count_triggers_as_they_were(seeded_client, app):
    from service import counts
    from service.records.dataset import DatasetError, import_lines
    lines = export(seeded_client).decode().splitlines()
    with app.app_context():
        with pytest.raises(DatasetError):
            import_lines([*lines, "{not json"])
        assert all(triggers().values()) and counts.drift() == []
        database.close()


COPY_SPECIAL = "tab\there\nnew line\r\\N back\\slash \\t"


def test_values_with_the_bulk_load_format_s_special_characters_round_trip(app, client, admin):
    # PostgreSQL's COPY text format escapes these; the rows must come back as they went in.
    line = json.dumps({"type": "topic", "row": {"id": 7, **TOPIC, "name_ar": COPY_SPECIAL, "name_en": None}})
    imported = client.post(f"{API}/import", headers={**admin, **NDJSON}, data=line.encode())
    assert imported.status_code == 200, imported.get_json()
    topic = client.get(f"{API}/topics/7").get_json()
    assert topic["name_ar"] == COPY_SPECIAL and topic["name_en"] is None


@pytest.mark.skipif(bool(postgres_url()), reason="SQLite's FTS5 settings")
def test_an_import_puts_the_full_text_index_settings_back(seeded_client, app):
    from service.records.dataset import import_lines
    from service.search.sqlite import FTS5_DEFAULTS

    def settings():
        return {kind: dict(database.execute_sql(
            f"SELECT k, v FROM {kind}_fts_config WHERE k IN ('hashsize', 'automerge')").fetchall())
            for kind in search.KINDS}
    lines = export(seeded_client).decode().splitlines()
    with app.app_context():
        assert all(found in ({}, FTS5_DEFAULTS) for found in settings().values())
        import_lines(lines)
        assert settings() == {kind: FTS5_DEFAULTS for kind in search.KINDS}
        database.close()


def test_lines_the_fast_json_reader_reads_otherwise_are_refused_in_the_standard_library_s_words(app):
    # orjson refuses NaN and lone surrogates and reads 2**64 as a float; each
    # line is refused all the same, with the message json's reading gives.
    from service.records.dataset import DatasetError, import_lines
    lines = ['{"type": "topic", "row": {"id": NaN}}',
             '{"type": "topic", "row": {"id": 18446744073709551616}}',
             '{"type": "topic", "row": {"id": 1.5}}',
             '{"type": "topic", "row": {"id": 1, "slug": "\\ud800"}}']
    with app.app_context():
        with pytest.raises(DatasetError) as raised:
            import_lines(lines)
        database.close()
    errors = raised.value.errors
    assert errors["line 1"] == ["id: expected an integer, not a number"]
    assert errors["line 2"] == ["id: 18446744073709551616 is out of range (-9223372036854775808 to 9223372036854775807)"]
    assert errors["line 3"] == ["id: expected an integer, not a number"]
    assert "unpaired surrogates" in errors["line 4"][0]
