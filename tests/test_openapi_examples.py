"""Every operation in the OpenAPI document shows an Arabic example from the
seed dataset, and every example is true: sent as /docs shows it, to a fresh
copy of the seed dataset, each request is accepted and the service answers
exactly the documented example (timestamps aside), so the examples cannot
drift from the code. (service/openapi/examples.py attaches them; openapi.yaml is
held equal to the served document by test_openapi.py.)"""
import glob
import json
import re
from pathlib import Path

import pytest
import yaml

from service.db import database
from service.http.auth import create_key
from service.openapi.examples import REQUESTS, WITHOUT_EXAMPLES
from service.openapi.recorder import call, operations_of, recorded
from tests.conftest import postgres_url

ROOT = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
OPERATIONS = operations_of(SPEC)
WITH_EXAMPLES = sorted(name for name in OPERATIONS if name not in WITHOUT_EXAMPLES)
ARABIC = re.compile("[\u0600-\u06ff]")
RERECORD = "run `.venv/bin/python -m service.openapi.recorder` and `make spec`, and commit both"


def media_example(content):
    return next((media["example"] for media in content.values() if "example" in media), None)


def success(operation):
    return next((code, response) for code, response in operation["responses"].items() if str(code).startswith("2"))


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_every_operation_has_an_example(name):
    path, method, operation = OPERATIONS[name]
    assert name in REQUESTS, f"{method.upper()} {path} has no example in service/openapi/examples.py"
    parameters = operation["parameters"]
    for parameter in parameters:
        if parameter["in"] == "path" or parameter.get("required"):
            assert "example" in parameter, f"{name}: no example for {parameter['name']}"
    if "requestBody" in operation:
        assert media_example(operation["requestBody"]["content"]) is not None, f"{name}: no body example"
    # `?pretty` shapes any answer; an operation that takes anything else shows some of it.
    inputs = [parameter for parameter in parameters if parameter["name"] != "pretty"]
    if inputs and "requestBody" not in operation:
        assert any("example" in parameter for parameter in inputs), f"{name}: no parameter example"
    code, response = success(operation)
    if str(code) != "204" and REQUESTS[name].answer:
        assert media_example(response.get("content", {})) is not None, f"{name}: no answer example; {RERECORD}"


def test_operations_without_examples_are_pages_and_documents():
    left_out = {OPERATIONS[name][0] for name in OPERATIONS if name not in WITH_EXAMPLES}
    assert left_out == {"/metrics", "/openapi.json", "/openapi.yaml", "/docs", "/docs/assets/{asset}",
                        "/dashboard", "/dashboard/{asset}"}


def test_the_examples_show_arabic():
    for name in WITH_EXAMPLES:
        path, method, operation = OPERATIONS[name]
        # Health checks and deletions carry no body either way; the export's CSV is not recorded.
        if path in ("/healthz", "/readyz") or method == "delete" or not REQUESTS[name].answer:
            continue
        assert ARABIC.search(json.dumps(operation, ensure_ascii=False)), f"{name}: no Arabic in its examples"


def fixture_text():
    texts = [Path(name).read_text(encoding="utf-8") for name in sorted(glob.glob(str(ROOT / "fixtures/seeds/*.txt")))]
    for name in sorted(glob.glob(str(ROOT / "fixtures/*.json"))):
        texts.append(json.dumps(json.loads(Path(name).read_text(encoding="utf-8")), ensure_ascii=False))
    return "\n".join(texts)


def arabic_strings(value):
    if isinstance(value, dict):
        return [text for item in value.values() for text in arabic_strings(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in arabic_strings(item)]
    if isinstance(value, str) and value.startswith("{"):  # an NDJSON import body
        return arabic_strings([json.loads(line) for line in value.splitlines()])
    return [value] if isinstance(value, str) and ARABIC.search(value) else []


def test_arabic_in_requests_is_copied_verbatim_from_the_fixtures():
    """Search text (`q`) is exempt: it is typed as readers type, without
    hamza or taa marbuta (الاسد, اعاده الاعمار), to show the normalization."""
    fixtures = fixture_text()
    for name, example in REQUESTS.items():
        query = {key: value for key, value in example.query.items() if key != "q"}
        for text in arabic_strings([example.path, query, example.body, [body for _, _, body in example.setup]]):
            assert text in fixtures, f"{name}: {text!r} is not in fixtures/ (never invent Arabic)"


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_example_is_what_the_service_answers(name, served):
    with served.app_context():
        key = create_key("desk", "admin" if name == "importDataset" else "write")
        database.close()
    # `call` raises, naming the step, unless every request (the example and
    # the ones it comes after) is a 2xx.
    response = call(served.test_client(), SPEC, name, {"Authorization": f"Bearer {key}"})
    code, documented = success(OPERATIONS[name][2])
    assert response.status_code == int(code)
    if response.status_code == 204 or not REQUESTS[name].answer:
        return
    answer = recorded(response)
    content = documented["content"]
    assert answer["content_type"] in content
    example = content[answer["content_type"]]["example"]
    if name == "search" and postgres_url():
        # Rank scores are each engine's own scale (FTS5 bm25, ts_rank): the
        # examples are SQLite's; on PostgreSQL the same rows must come back.
        answer["body"], example = without_scores(answer["body"]), without_scores(example)
    assert answer["body"] == example, f"{name}: the answer changed; {RERECORD}"


def without_scores(page):
    return {**page, "items": [{**item, "score": None} for item in page["items"]]}
