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
from webargs.flaskparser import FlaskParser

from .errors import ApiError

JSON_TYPES = ("application/json",)
MERGE_PATCH_TYPES = ("application/json", "application/merge-patch+json")


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION = {location: ma.RAISE for location in FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION}


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()

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
