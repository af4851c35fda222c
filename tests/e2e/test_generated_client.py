"""A client generated from openapi.yaml, used against the real service.

An integrator's first step: openapi-python-client (pinned in
requirements-dev.txt) generates a package from the committed document,
and that package, unedited, talks to gunicorn over HTTP on the seed
dataset. It proves the document usable as a contract, beyond valid: list
parameters sent the way the client sends them (each value repeated), a
key sent where the document says (an optional read key, a write key, an
admin key), problems parsed as the document declares them, bytes bodies.

The package is generated into a temporary directory and imported from
there (`--meta none`: the package alone, with nothing to build), so the
project's virtualenv is never changed by the test.
"""
import importlib
import os
import subprocess
import sys

import pytest
import requests

from tests.conftest import seeded_database

from .server import BIN, ROOT, flask_cli, gunicorn

PACKAGE = "statements_desk_client"


@pytest.fixture(scope="module")
def desk_client(tmp_path_factory):
    """The generated package, imported."""
    out = tmp_path_factory.mktemp("generated")
    result = subprocess.run(
        [str(BIN / "openapi-python-client"), "generate", "--path", str(ROOT / "openapi.yaml"),
         "--meta", "none", "--output-path", str(out / PACKAGE)],
        # Its post-generation hooks run ruff, which is the venv's.
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True, text=True, timeout=300)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # The one warning: the NDJSON media type of POST /import, which it passes
    # over for the bytes (application/octet-stream) the same body is declared as.
    assert report.count("WARNING parsing") == 1 and "Unsupported content type application/x-ndjson" in report, report
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def generated(desk_client, name):
    """A module of the generated package: generated(desk_client, "api.statements.list_statements")."""
    return importlib.import_module(f"{PACKAGE}.{name}")


def new_key(env, name, scope):
    return flask_cli(env, "keys", "create", name, "--scope", scope).strip().splitlines()[-1]


@pytest.fixture(scope="module")
def served(request, tmp_path_factory):
    """gunicorn on a copy of the seed dataset: (base URL, {scope: key})."""
    with seeded_database(request, tmp_path_factory.mktemp("served")) as url:
        with gunicorn(url, workers=2, extra_env={"RATE_LIMIT": "off"}) as (base, env):
            yield base, {scope: new_key(env, f"generated-{scope}", scope) for scope in ("write", "admin")}


@pytest.fixture
def anonymous(desk_client, served):
    return desk_client.Client(base_url=served[0], raise_on_unexpected_status=True)


def authenticated(desk_client, served, scope):
    base, keys = served
    return desk_client.AuthenticatedClient(base_url=base, token=keys[scope], raise_on_unexpected_status=True)


def test_a_list_with_repeated_parameters_keeps_every_value(desk_client, served, anonymous):
    base, _ = served
    list_statements = generated(desk_client, "api.statements.list_statements")
    fields = generated(desk_client, "models.list_statements_fields_item").ListStatementsFieldsItem
    sort = generated(desk_client, "models.list_statements_sort_item").ListStatementsSortItem
    speakers = sorted({item["speaker_id"] for item in requests.get(f"{base}/api/v1/statements?limit=500").json()["items"]})[:2]
    # The client sends fields=id&fields=text&fields=speaker_id, speaker=a&speaker=b: the repeated form.
    asked = dict(speaker=speakers, fields=[fields.ID, fields.TEXT, fields.SPEAKER_ID],
                 sort=[sort("-published_at"), sort.ID], limit=2)
    response = list_statements.sync_detailed(client=anonymous, **asked)
    assert response.status_code == 200
    page = response.parsed
    assert len(page.items) == 2 and page.next_cursor
    for item in page.items:
        assert set(item.to_dict()) == {"id", "text", "speaker_id"}, item.to_dict()
        assert item.speaker_id in speakers
    # The same query in the comma form the document declares answers the same rows.
    comma = requests.get(f"{base}/api/v1/statements", params={
        "speaker": speakers, "fields": "id,text,speaker_id", "sort": "-published_at,id", "limit": 2}).json()
    assert [item.to_dict() for item in page.items] == comma["items"]
    following = list_statements.sync(client=anonymous, cursor=page.next_cursor, **asked)
    assert following.items and not {item.id for item in following.items} & {item.id for item in page.items}


def test_search_over_two_kinds_and_a_record_by_id(desk_client, anonymous):
    search = generated(desk_client, "api.search.search")
    kinds = generated(desk_client, "models.search_type_item").SearchTypeItem
    found = search.sync(client=anonymous, q="روحاني", type_=[kinds.STATEMENT, kinds.PARTICIPANT], limit=50)
    assert {hit.type_ for hit in found.items} == {"statement", "participant"}
    statement_id = next(hit.id for hit in found.items if hit.type_ == "statement")
    get_statement = generated(desk_client, "api.statements.get_statement")
    expand = generated(desk_client, "models.get_statement_expand_item").GetStatementExpandItem
    statement = get_statement.sync(client=anonymous, statement_id=statement_id, expand=[expand.SPEAKER])
    assert statement.id == statement_id and statement.speaker.name_ar


def test_a_missing_record_is_a_problem(desk_client, anonymous):
    get_statement = generated(desk_client, "api.statements.get_statement")
    problem_model = generated(desk_client, "models.problem").Problem
    response = get_statement.sync_detailed(client=anonymous, statement_id=999_999)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert isinstance(response.parsed, problem_model)
    assert response.parsed.status == 404 and response.parsed.title


def test_create_with_a_key_then_read_it_back(desk_client, served, anonymous):
    create_topic = generated(desk_client, "api.topics.create_topic")
    get_topic = generated(desk_client, "api.topics.get_topic")
    topic_model = generated(desk_client, "models.topic").Topic
    writer = authenticated(desk_client, served, "write")
    body = topic_model(slug="generated-client", name_ar="عميل مولد", name_en="A generated client")
    refused = create_topic.sync_detailed(client=desk_client.AuthenticatedClient(
        base_url=served[0], token="sdk_not-a-key"), body=body)
    assert refused.status_code == 401 and refused.parsed.status == 401
    created = create_topic.sync_detailed(client=writer, body=body)
    assert created.status_code == 201
    assert created.parsed.name_ar == "عميل مولد" and created.parsed.version == 1
    assert get_topic.sync(client=anonymous, topic_id=created.parsed.id).slug == "generated-client"
    invalid = create_topic.sync_detailed(client=writer, body=topic_model(slug="Not A Slug", name_ar="خطأ"))
    assert invalid.status_code == 422 and "slug" in invalid.parsed.errors.to_dict()


def test_a_list_as_csv(desk_client, anonymous):
    # openapi-python-client 0.29 parses a 200 as its first media type (JSON)
    # whatever `format` asked for, so a CSV is read through the client's own
    # httpx client: its base URL and headers, the parameters the document names.
    list_topics = generated(desk_client, "api.topics.list_topics")
    formats = generated(desk_client, "models.list_topics_format").ListTopicsFormat
    asked = list_topics._get_kwargs(format_=formats.CSV, bom=True)
    response = anonymous.get_httpx_client().request(**asked)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    header, *rows = response.content.decode("utf-8-sig").splitlines()
    assert header.split(",")[:2] == ["created_at", "updated_at"] and "slug" in header.split(",") and rows
    assert any("محادثات" in row or "إعمار" in row for row in rows)


def test_an_import_sent_as_bytes(desk_client, served):
    import_dataset = generated(desk_client, "api.dataset.import_dataset")
    file_type = generated(desk_client, "types").File
    dump = ('{"type": "meta", "format": "statements-desk/1"}\n'
            '{"type": "country", "row": {"code": "KZ", "created_at": "2026-11-23T09:00:00", '
            '"updated_at": "2026-11-23T09:00:00", "version": 1, "name_ar": "كازاخستان", "name_en": "Kazakhstan"}}\n')
    body = file_type(payload=dump.encode("utf-8"), mime_type="application/octet-stream")
    response = import_dataset.sync_detailed(client=authenticated(desk_client, served, "admin"), body=body)
    assert response.status_code == 200, response.content
    assert response.parsed.imported["country"] == 1
    writer_refused = import_dataset.sync_detailed(client=authenticated(desk_client, served, "write"), body=body)
    assert writer_refused.status_code == 403


def test_closed_reads_take_the_key_the_document_declares(desk_client, tmp_path):
    # REQUIRE_AUTH_FOR_READS=1: the document declares reads' security as
    # optional, so the generated functions take an authenticated client.
    list_countries = generated(desk_client, "api.countries.list_countries")
    with gunicorn(f"sqlite:///{tmp_path / 'closed.db'}", workers=1,
                  extra_env={"REQUIRE_AUTH_FOR_READS": "1", "RATE_LIMIT": "off"}) as (base, env):
        refused = list_countries.sync_detailed(client=desk_client.Client(base_url=base))
        assert refused.status_code == 401 and refused.parsed.status == 401
        reader = desk_client.AuthenticatedClient(base_url=base, token=new_key(env, "closed-reader", "read"))
        answered = list_countries.sync_detailed(client=reader)
        assert answered.status_code == 200 and answered.parsed.items == []
