"""Replays every operation's example on a fresh copy of the seed dataset.

    .venv/bin/python -m service.openapi.recorder   # re-record examples.json

The requests are built from the OpenAPI document alone, as Swagger UI builds
them, so the recorder and tests/test_openapi_examples.py send exactly what a
reader of /docs would send; what the service answers is written to
examples.json (timestamps fixed), which examples.py attaches to the spec.
"""
import json
import re
import tempfile
from pathlib import Path

from ..db import sqlite3
from .examples import RECORDED_AT, RECORDED_SIGNATURE, REQUESTS, RESPONSES_FILE, VOLATILE

# Requests built from the document alone, as Swagger UI builds them: the
# recorder and the test replay exactly what a reader of /docs would send.

def request_from(path, method, operation):
    """(url, query pairs, body, content type) of an operation's example."""
    url = re.sub(r"{(\w+)}", lambda m: str(parameter_example(operation, "path", m.group(1))), path)
    query = []
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and "example" in parameter:
            query.extend(query_pairs(parameter, parameter["example"]))
    body = content_type = None
    for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
        if "example" in media:
            body, content_type = media["example"], media_type
            break
    return url, query, body, content_type


def parameter_example(operation, location, name):
    return next(p["example"] for p in operation["parameters"] if p["in"] == location and p["name"] == name)


def query_pairs(parameter, value):
    """OpenAPI's form style: repeated for exploded arrays, comma-joined otherwise."""
    def text(item):
        return json.dumps(item) if isinstance(item, bool) else str(item)
    if isinstance(value, list):
        if parameter.get("explode", True):
            return [(parameter["name"], text(item)) for item in value]
        return [(parameter["name"], ",".join(map(text, value)))]
    return [(parameter["name"], text(value))]


def operations_of(spec):
    """{operationId: (path, method, operation)} of a spec dict, with the path-level
    parameters an operation does not override."""
    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                parameters = {(p["in"], p["name"]): p for p in item.get("parameters", ())}
                parameters.update({(p["in"], p["name"]): p for p in operation.get("parameters", ())})
                found[operation["operationId"]] = (path, method, {**operation, "parameters": list(parameters.values())})
    return found


def steps(name):
    """The examples to send, in order, for operation `name`'s: those it comes after first."""
    return [*(step for before in REQUESTS[name].after for step in steps(before)), name]


def call(client, spec, name, headers):
    """Send an operation's example with the `after` examples first; the last answer."""
    operations = operations_of(spec)
    for step in steps(name):
        for setup_method, setup_path, setup_body in REQUESTS[step].setup:
            response = client.open(setup_path, method=setup_method, json=setup_body, headers=headers)
            if not 200 <= response.status_code < 300:
                raise AssertionError(f"{step} (setup): {response.status_code} {response.get_data(as_text=True)}")
        path, method, operation = operations[step]
        url, query, body, content_type = request_from(path, method, operation)
        data = body if isinstance(body, str) or body is None else json.dumps(body, ensure_ascii=False)
        response = client.open(url, method=method.upper(), query_string=query, data=data,
                               content_type=content_type, headers=headers)
        if not 200 <= response.status_code < 300:
            raise AssertionError(f"{step}: {response.status_code} {response.get_data(as_text=True)}")
    return response


def recorded(response):
    """What examples.json keeps of an answer: its media type and body, timestamps fixed."""
    content_type = response.mimetype
    if content_type.endswith("json"):
        body = stamp(response.get_json())
    else:
        body = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d)?", RECORDED_AT.removesuffix("+00:00"),
                      response.get_data(as_text=True))
    return {"content_type": content_type, "body": body}


def stamp(value):
    if isinstance(value, dict):
        return {key: RECORDED_AT if key in VOLATILE and isinstance(item, str)
                else f"{item.partition('.')[0]}.{RECORDED_SIGNATURE}" if key == "next_cursor" and item
                else stamp(item) for key, item in value.items()}
    if isinstance(value, list):
        return [stamp(item) for item in value]
    return value


def record():
    """Replay every example on a fresh copy of the seed dataset; write examples.json."""
    from service import create_app
    from service.db import database
    from service.fixtures import load
    from service.http.auth import create_key
    from service.migrations import upgrade

    with tempfile.TemporaryDirectory() as scratch:
        seeded = Path(scratch) / "seeded.db"
        app = create_app({"DATABASE_URL": f"sqlite:///{seeded}", "RATE_LIMIT": "off"})
        with app.app_context():
            upgrade()
            load()
            database.close()
        responses, failed = {}, []
        for number, name in enumerate(sorted(REQUESTS)):
            copy = Path(scratch) / f"{number}.db"
            with sqlite3.connect(seeded) as source, sqlite3.connect(copy) as target:
                source.backup(target)
            app = create_app({"DATABASE_URL": f"sqlite:///{copy}", "RATE_LIMIT": "off"})
            with app.app_context():
                key = create_key("desk", "admin" if name == "importDataset" else "write")
                database.close()
            spec = app.extensions["statements_api"].spec.to_dict()
            try:
                response = call(app.test_client(), spec, name, {"Authorization": f"Bearer {key}"})
            except AssertionError as error:
                failed.append(str(error))
                continue
            if response.status_code != 204 and REQUESTS[name].answer:
                responses[name] = recorded(response)
    if failed:
        raise SystemExit("Examples the service refused (examples.json left as it was):\n" + "\n".join(failed))
    RESPONSES_FILE.write_text(json.dumps(responses, ensure_ascii=False, indent=1) + "\n",
                              encoding="utf-8")


if __name__ == "__main__":
    record()
