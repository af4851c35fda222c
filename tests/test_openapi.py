"""openapi.yaml is the contract: it must be exactly what the service serves,
and every route the service answers must be in it."""
import re
from pathlib import Path

import yaml

SPEC_FILE = Path(__file__).resolve().parent.parent / "openapi.yaml"


def committed_spec():
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


def test_served_json_spec_equals_the_committed_file(client):
    served = client.get("/openapi.json")
    assert served.status_code == 200
    assert served.get_json() == committed_spec(), "run `make spec` and commit openapi.yaml"


def test_served_yaml_spec_equals_the_committed_file(client):
    served = client.get("/openapi.yaml")
    assert served.status_code == 200
    assert served.get_data(as_text=True) == SPEC_FILE.read_text(encoding="utf-8")


def served_operations(app):
    """{"/api/v1/articles/{article_id}": {"GET", "PATCH", …}} from Flask's URL map."""
    served = {}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        served.setdefault(path, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return served


def test_every_route_and_method_is_in_the_spec(app):
    paths = committed_spec()["paths"]
    for path, methods in served_operations(app).items():
        assert path in paths, f"{path} is not documented"
        for method in methods:
            assert method.lower() in paths[path], f"{method} {path} is not documented"


def test_every_documented_operation_exists(app):
    rules = served_operations(app)
    for path, operations in committed_spec()["paths"].items():
        assert path in rules, f"{path} is documented but not served"
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                assert method.upper() in rules[path]


# A dry-run extraction writes nothing and needs no key; only ?commit=true does.
OPTIONAL_AUTH = {("post", "/api/v1/articles/{article_id}/extract")}
# Replacing the dataset wholesale is the operator's, not an editor's.
ADMIN_ONLY = {("post", "/api/v1/import")}


def test_write_operations_declare_bearer_auth():
    for path, operations in committed_spec()["paths"].items():
        for method, operation in operations.items():
            if method in {"post", "put", "patch", "delete"}:
                scope = "admin" if (method, path) in ADMIN_ONLY else "write"
                required = [{"bearerAuth": [scope]}]
                if (method, path) in OPTIONAL_AUTH:
                    required = [{}, *required]
                assert operation.get("security") == required, f"{method} {path}"


def test_errors_are_documented_as_problem_json():
    responses = committed_spec()["components"]["responses"]
    assert "application/problem+json" in responses["NOT_FOUND"]["content"]


def test_docs_page_is_served_with_local_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html, "no CDN: the docs must work offline"
    for asset in re.findall(r'(?:src|href)="(/docs/assets/[^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200 and len(response.data) > 1000, asset
    assert client.get("/docs/assets/../../etc/passwd").status_code == 404


# --- what a generated client reads (issue 15, item 7) ------------------------------

METHODS = ("get", "post", "put", "patch", "delete")


def operations():
    return [(path, method, operation) for path, item in committed_spec()["paths"].items()
            for method, operation in item.items() if method in METHODS]


def test_operation_ids_are_unique_camel_case_names_without_the_tag():
    # A generator prefixes the tag or puts the operation in the tag's module
    # (`statements.list_statements`): the name must read well after it.
    names = [operation["operationId"] for _, _, operation in operations()]
    assert len(names) == len(set(names))
    for path, method, operation in operations():
        name = operation["operationId"]
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", name), (method, path, name)
    found = {(path, method): operation["operationId"] for path, method, operation in operations()}
    assert found[("/api/v1/statements", "get")] == "listStatements"
    assert found[("/api/v1/statements/{statement_id}", "patch")] == "updateStatement"
    assert found[("/api/v1/statements/{statement_id}", "put")] == "replaceStatement"
    assert found[("/api/v1/participants/{participant_id}/roles/{role_id}/history", "get")] == \
        "getParticipantRoleHistory"
    assert found[("/api/v1/search", "get")] == "search"


def test_operation_ids_are_set_by_the_routes_not_taken_from_endpoints(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert not endpoints & {operation["operationId"] for _, _, operation in operations()}


def test_servers_are_relative_to_the_host_serving_the_document():
    assert committed_spec()["servers"] == [{"url": "/", "description": "The host that serves this document"}]


def test_reads_declare_an_optional_key_and_the_refusals_it_brings():
    # Reads are open unless REQUIRE_AUTH_FOR_READS=1 (http/auth.py), so a
    # generated client must be able to send a key, and know the 401; every
    # request under /api/ counts against the rate limit (a 429).
    for path, method, operation in operations():
        responses = operation["responses"]
        if path.startswith("/api/"):
            assert "429" in responses, (method, path)
            if method == "get":
                assert operation["security"] == [{}, {"bearerAuth": ["read"]}], path
                assert "401" in responses, path
        elif path == "/metrics":
            assert operation["security"] == [{}, {"bearerAuth": ["admin"]}]
        else:
            assert operation["security"] == [], path
    scheme = committed_spec()["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"


def test_the_import_body_is_declared_as_ndjson_and_as_bytes():
    content = committed_spec()["paths"]["/api/v1/import"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/x-ndjson", "application/octet-stream"}
    assert content["application/octet-stream"]["schema"]["format"] == "binary"


def test_every_operation_has_a_summary_and_a_description():
    for path, method, operation in operations():
        assert operation.get("summary") and operation.get("description"), (method, path)
