"""The blueprint every resource module uses: `query` and `body` decorators.

flask-smorest parses and documents arguments from the same schemas; this
subclass fixes the status codes the contract wants (a bad query parameter
is a 400, a bad body a 422), makes unknown query parameters an error (a typo
must never silently widen a query) and refuses bodies that are not JSON (415).
"""
import functools

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser

from schemas.common import ProblemSchema

from .errors import PROBLEM_MEDIA_TYPE, ApiError

JSON_TYPES = ("application/json",)
MERGE_PATCH_TYPES = ("application/json", "application/merge-patch+json")


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION = {location: ma.RAISE for location in FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION}


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()

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

    def query(self, schema):
        return self.arguments(schema, location="query", error_status_code=400, as_kwargs=False)

    def body(self, schema, content_types=JSON_TYPES, example=None):
        parse = self.arguments(schema, location="json", error_status_code=422,
                               content_type=content_types[-1], example=example)

        def decorator(view):
            parsed = parse(view)

            @functools.wraps(parsed)
            def wrapper(*args, **kwargs):
                if request.mimetype not in content_types:
                    raise ApiError(415, f"Send the body as {' or '.join(content_types)}; "
                                        f"got {request.mimetype or 'no Content-Type'}.")
                return parsed(*args, **kwargs)
            return wrapper
        return decorator
