"""The contract, machine- and human-readable: /openapi.json, /openapi.yaml, /docs.

The spec is generated from the same schemas that validate requests, and
openapi.yaml in the repository is that output, kept true by a test. The
docs page's assets (Swagger UI 5, which reads OpenAPI 3.1) come from the
swagger-ui-py package's static files, so /docs works on a machine with no
network.
"""
from pathlib import Path

import swagger_ui
import yaml
from flask import Response, current_app, send_from_directory

from ..http.blueprint import ApiBlueprint, asset_parameter
from ..http.errors import ApiError
from ..http.responses import json_response

SWAGGER_UI_ASSETS = Path(swagger_ui.__file__).parent / "static"

blp = ApiBlueprint("docs", __name__, description="The OpenAPI contract and its interactive docs")

DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Statements desk API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <style>
    /* Arabic in the examples, descriptions and bodies reads right to left: each
       string, paragraph and field takes the direction of its first strong letter. */
    .swagger-ui .highlight-code code span, .swagger-ui .microlight span, .swagger-ui .markdown p,
    .swagger-ui .renderedMarkdown p, .swagger-ui textarea, .swagger-ui input[type=text],
    .swagger-ui .response-col_description p { unicode-bidi: plaintext; }
  </style>
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    // What a newsroom integrates first comes first; the other tags keep the spec's order.
    const FIRST = ["statements", "search"];
    const rank = (tag) => (FIRST.includes(tag) ? FIRST.indexOf(tag) : FIRST.length);
    window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#docs", deepLinking: true,
                                 tagsSorter: (a, b) => rank(a) - rank(b)});
  </script>
</body>
</html>
"""
ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js"}
# The spec changes only with a deploy: cached a day, then revalidated by its ETag (http/etag.py).
SPEC_CACHE = "public, max-age=86400"


def spec_dict():
    return current_app.extensions["statements_api"].spec.to_dict()


def spec_yaml():
    return yaml.safe_dump(spec_dict(), allow_unicode=True, sort_keys=False, width=100)


@blp.get("/openapi.json", operation_id="getOpenApiJson")
@blp.response(200)
def openapi_json():
    """The OpenAPI document, as JSON

    OpenAPI 3.1, the same document as openapi.yaml; cached a day, with an `ETag`.
    """
    return json_response(spec_dict(), headers={"Cache-Control": SPEC_CACHE})


@blp.get("/openapi.yaml", operation_id="getOpenApiYaml")
@blp.response(200)
def openapi_yaml():
    """The OpenAPI document, as YAML (the same as openapi.yaml in the repository)

    Byte for byte the committed file; cached a day, with an `ETag`.
    """
    return Response(spec_yaml(), mimetype="application/yaml", headers={"Cache-Control": SPEC_CACHE})


@blp.get("/docs", operation_id="getDocsPage")
@blp.response(200)
def docs():
    """Interactive documentation (Swagger UI, served offline)

    An HTML page; every operation with an Arabic example recorded from the seed dataset.
    """
    return Response(DOCS_PAGE, mimetype="text/html")


@blp.get("/docs/assets/<string:asset>", parameters=[asset_parameter(ASSETS)], operation_id="getDocsAsset")
@blp.response(200)
@blp.alt_response(404, response="NOT_FOUND")
def docs_asset(asset):
    """A static asset of the docs page

    Swagger UI's script and stylesheet, vendored with their licence.
    """
    if asset not in ASSETS:
        raise ApiError(404, f"No docs asset {asset!r}.")
    return send_from_directory(SWAGGER_UI_ASSETS, asset, max_age=86400)
