"""The statements desk: who met whom and who said what, as reported in Arabic news.

`create_app` is the only entry point: configuration from the environment,
the database bound (never connected or created at import time), the shared
HTTP mechanisms installed, and one blueprint per resource registered.
"""
from http import HTTPStatus

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from schemas.common import ProblemSchema

from . import config, db, search
from .http import auth, bodylimit, compression, errors, etag, headers, metrics, ratelimit, requestlog
from .http.json import ArabicJSONProvider

API_INFO = {
    "description": (
        "Records who met whom and who said what, as reported in Arabic news. "
        "Reads are open unless the operator sets REQUIRE_AUTH_FOR_READS=1; writes need "
        "`Authorization: Bearer <api key>` with scope `write`. Errors are RFC 9457 "
        "problem+json. Lists are keyset-paginated: follow `next_cursor` or the `Link` header."
    ),
}
# Relative: the document describes whichever host serves it (a generated
# client is given its base URL), and never reflects a Host header.
API_SERVERS = [{"url": "/", "description": "The host that serves this document"}]


def schema_name(schema):
    """Spec component names: `Article`, and `ArticlePatch` for the partial PATCH body."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    if not isinstance(schema, type) and schema.partial:
        name += "Patch"
    return name


class StatementsApi(Api):
    """flask-smorest's Api with problem+json errors instead of its own shape."""

    def handle_http_exception(self, error):
        return errors.handle_http_exception(error)

    def _register_pagination_header(self):
        """None: lists page with cursors in the body and `Link` (http/listing.py), not
        flask-smorest's X-Pagination header, whose schema would sit unused in the spec."""

    def _register_responses(self):
        # One response component per error status, named like the status
        # (NOT_FOUND, CONFLICT…), all RFC 9457 problem+json.
        for status in HTTPStatus:
            if status >= 400 or status == HTTPStatus.PERMANENT_REDIRECT:
                response = {"description": status.phrase, "schema": ProblemSchema}
                if status == HTTPStatus.PERMANENT_REDIRECT:  # a merged record's old URL (http/merged.py)
                    response["description"] = "Merged into another record: the same request under its id"
                    response["headers"] = {"Location": {"description": "The survivor's URL",
                                                        "schema": {"type": "string"}}}
                prepare_response(response, self.spec, "application/problem+json")
                self.spec.components.response(status.name, response, lazy=True)


def create_app(overrides=None):
    app = Flask(__name__, static_folder=None)
    app.json = ArabicJSONProvider(app)
    app.config.update(config.from_environment())
    app.config.update({
        "API_TITLE": "Statements desk",
        "API_VERSION": "1.0.0",
        "OPENAPI_VERSION": "3.1.0",
        "API_SPEC_OPTIONS": {"info": API_INFO, "servers": API_SERVERS},
    })
    app.config.update(overrides or {})
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    app.url_map.strict_slashes = False

    search.query.set_rank_window(app.config["SEARCH_RANK_WINDOW"])
    search.set_index_dir(app.config["SEARCH_INDEX_DIR"])
    requestlog.init_app(app)
    bodylimit.init_app(app)
    metrics.init_app(app)
    db.init_app(app)
    from .openapi.conventions import ConventionsPlugin
    from .openapi.examples import ExamplesPlugin
    api = StatementsApi(app, spec_kwargs={
        "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
        "extra_plugins": [ConventionsPlugin(), ExamplesPlugin()]})
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "An API key from `flask keys create`"})
    from .api import BLUEPRINTS
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    errors.init_app(app)
    headers.init_app(app)
    # Counted before authentication: a flood of bad keys is limited too.
    ratelimit.init_app(app)
    auth.init_app(app)
    # after_request hooks run last registered first: the validator hashes
    # (and 304s) the body before compression gzips it.
    compression.init_app(app)
    etag.init_app(app)
    app.extensions["statements_api"] = api

    from . import cli
    cli.init_app(app)
    return app
