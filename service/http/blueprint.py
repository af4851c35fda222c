"""The blueprint every resource module uses: `query` and `body` decorators.

flask-smorest parses and documents arguments from the same schemas; this
subclass fixes the status codes the contract wants (a bad query parameter
is a 400, a bad body a 422), makes unknown query parameters an error (a typo
must never silently widen a query) and refuses bodies that are not JSON (415).
"""
import functools
import json

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint
from flask_smorest.utils import prepare_response
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from schemas.common import ProblemSchema, page_of

from .errors import PROBLEM_MEDIA_TYPE, ApiError
from .formats import CSV, NDJSON
from .json import loads

JSON_TYPES = ("application/json",)
MERGE_PATCH_TYPES = ("application/json", "application/merge-patch+json")
# A 200 that streams rows as CSV or NDJSON (a list's ?format=, the export).
STREAMED_CONTENT = {media_type: {"schema": {"type": "string"}} for media_type in (CSV, NDJSON)}


def require_media_type(media_types):
    """Refuse (415) a body sent as anything but one of `media_types`."""
    if request.mimetype not in media_types:
        raise ApiError(415, f"Send the body as {' or '.join(media_types)}; "
                            f"got {request.mimetype or 'no Content-Type'}.")


def json_body():
    """The request's JSON body as `loads` reads it, or a 400 problem."""
    try:
        return loads(request.get_data(as_text=True))
    except ValueError:
        raise ApiError(400, "The body is not valid JSON.", kind="invalid-body") from None


def once(schema):
    """An instance of `schema`, made now rather than per request.

    Given a class, webargs instantiates it on every request, binding every
    field again (the query schemas' `expand`/`fields`/`sort` choices with
    them): most of the cost of a small GET. A schema instance holds no state
    between loads, so one serves every request and thread.
    """
    return schema() if isinstance(schema, type) else schema


def _takes_many(field):
    """Whether a query field takes every value of a repeated parameter (a filter's list, a CommaList)."""
    multiple = getattr(field, "is_multiple", None)
    return multiple if multiple is not None else isinstance(field, (ma.fields.List, ma.fields.Tuple))


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION = {location: ma.RAISE for location in FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION}

    def load_querystring(self, req, schema):
        # webargs keeps the first value of a repeated single-valued parameter
        # and drops the rest without a word: `limit=5&limit=10` is a 400 instead.
        single = {field.data_key or name for name, field in schema.fields.items() if not _takes_many(field)}
        repeated = sorted(name for name in req.args if name in single and len(req.args.getlist(name)) > 1)
        if repeated:
            raise ma.ValidationError({name: ["Given more than once; this parameter takes one value."]
                                      for name in repeated})
        return super().load_querystring(req, schema)

    def _raw_load_json(self, req):
        # webargs turns only JSONDecodeError and UnicodeDecodeError into its
        # 400; every other way a body can fail to parse must become one too.
        if not is_json_request(req):
            return core.missing
        data = req.get_data(cache=True)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise json.JSONDecodeError(f"not UTF-8: {error.reason}", doc=" ", pos=error.start) from None
        try:
            return loads(text)
        except json.JSONDecodeError:
            raise  # an empty body (doc "") is webargs' "no body"
        except ValueError as error:
            raise json.JSONDecodeError(str(error), doc=" ", pos=0) from None


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def route(self, rule, *, operation_id=None, **options):
        """flask-smorest's route, with the operation's `operationId` set here, by
        name: the contract's names never follow a Python function's (or a Flask
        endpoint's) name. Every operation has one (service/openapi/conventions.py)."""
        register = super().route(rule, **options)
        if operation_id is None:
            return register
        return lambda view: register(self.doc(operationId=operation_id)(view))

    def register_views_in_doc(self, api, app, spec, **kwargs):
        # flask-smorest documents every operation's `default` response as a
        # reference to DEFAULT_ERROR; that component must exist (a dangling
        # $ref makes the whole document unusable to clients and to
        # schemathesis), and like every error it is problem+json.
        name = api.DEFAULT_ERROR_RESPONSE_NAME
        if name and name not in spec.components.responses and name not in spec.components.responses_lazy:
            response = {"description": "Any other error, as RFC 9457 problem details", "schema": ProblemSchema}
            prepare_response(response, spec, PROBLEM_MEDIA_TYPE.split(";")[0])
            spec.components.response(name, response, lazy=True)
        super().register_views_in_doc(api, app, spec, **kwargs)

    def page(self, item_schema):
        """A list's 200: the JSON page of docs/api.md, or with `?format=` (or Accept)
        every matching row as CSV or NDJSON, which the spec must name too."""
        respond = self.response(200, page_of(item_schema))
        document = self.doc(responses={200: {"content": STREAMED_CONTENT}})
        return lambda view: document(respond(view))

    def query(self, schema):
        return self.arguments(once(schema), location="query", error_status_code=400, as_kwargs=False)

    def body(self, schema, content_types=JSON_TYPES, example=None):
        parse = self.arguments(once(schema), location="json", error_status_code=422,
                               content_type=content_types[-1], example=example)

        def decorator(view):
            parsed = parse(view)

            @functools.wraps(parsed)
            def wrapper(*args, **kwargs):
                require_media_type(content_types)
                return parsed(*args, **kwargs)
            return wrapper
        return decorator


def asset_parameter(names):
    """The {asset} path parameter of a page's fixed set of static files, named
    in the spec so that a client (or schemathesis) can ask for a real one."""
    return {"in": "path", "name": "asset", "required": True, "schema": {"type": "string", "enum": sorted(names)}}
