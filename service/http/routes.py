"""The six CRUD routes of a collection, registered the same way for every resource.

Each resource module calls `crud_routes` once and adds its particular routes
beside it, so the standard surface (list, create, get, patch, put, delete)
is written, documented and secured in this one place.
"""
from http import HTTPStatus

from schemas.common import DeleteQuery, RevisionPage, WriteQuery, item_query_for, view_of

from .auth import requires
from .blueprint import MERGE_PATCH_TYPES
from .idempotency import idempotent


def with_article(noun):
    """'an event', 'a statement': a noun as an operation's summary names it."""
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def crud_routes(blp, collection, *, query, singular, plural, key="int:{singular}_id",
                path="", update_schema=None, scope=None):
    """Register the CRUD routes of `collection` (an http.collection.Collection) on `blp`.

    `scope(kwargs)` turns path parameters into the resource's scope, for
    collections nested under a parent (a participant's roles).
    """
    schema = collection.records.schema
    item_query = item_query_for(query)
    update_schema = update_schema or schema
    path_key = key.format(singular=singular)
    item = f"{path}/<{path_key}>"
    key_name = path_key.split(":")[-1]
    scope = scope or (lambda kwargs: {})

    def list_items(args, **kwargs):
        return collection.list(args, **scope(kwargs))

    # Writes take no query parameters, but a typo (?cascad=, ?dry_run=) must be
    # a 400 rather than silently ignored, so they parse an empty query schema.
    def create_item(_query, body, **kwargs):
        return collection.create(body, **scope(kwargs))

    def get_item(args, **kwargs):
        return collection.read(kwargs.pop(key_name), args, **scope(kwargs))

    def patch_item(_query, changes, **kwargs):
        return collection.update(kwargs.pop(key_name), changes, **scope(kwargs))

    def put_item(_query, replacement, **kwargs):
        return collection.update(kwargs.pop(key_name), replacement, **scope(kwargs))

    def delete_item(args, **kwargs):
        return collection.delete(kwargs.pop(key_name), args["cascade"], **scope(kwargs))

    def item_history(**kwargs):
        return collection.history(kwargs.pop(key_name), **scope(kwargs))

    def errors(*statuses):
        return [blp.alt_response(status, response=HTTPStatus(status).name) for status in statuses]

    writes = errors(401, 403, 413, 415, 422)
    routes = [
        (path, "GET", list_items, f"list_{plural}", f"List {plural}",
         [blp.query(query), blp.page(view_of(query)), *errors(400)]),
        (path, "POST", create_item, f"create_{singular}", f"Create {with_article(singular)}",
         [requires("write"), idempotent, blp.query(WriteQuery), blp.body(schema), blp.response(201, schema),
          *writes, *errors(400, 409)]),
        (item, "GET", get_item, f"get_{singular}", f"Get {with_article(singular)}",
         [blp.query(item_query), blp.response(200, view_of(query)), *errors(400, 404)]),
        (item, "PATCH", patch_item, f"patch_{singular}",
         f"Change some fields of {with_article(singular)} (JSON Merge Patch)",
         [requires("write"), blp.query(WriteQuery), blp.body(update_schema(partial=True), MERGE_PATCH_TYPES),
          blp.response(200, schema), *writes, *errors(400, 404, 409, 412)]),
        (item, "PUT", put_item, f"put_{singular}", f"Replace {with_article(singular)}",
         [requires("write"), blp.query(WriteQuery), blp.body(update_schema), blp.response(200, schema),
          *writes, *errors(400, 404, 409, 412)]),
        (item, "DELETE", delete_item, f"delete_{singular}", f"Delete {with_article(singular)}",
         [requires("write"), blp.query(DeleteQuery), blp.response(204),
          *errors(400, 401, 403, 404, 409, 412)]),
        (f"{item}/history", "GET", item_history, f"history_of_{singular}",
         f"Every change to {with_article(singular)}, oldest first (once it is deleted, see /revisions)",
         [blp.response(200, RevisionPage), *errors(401, 404)]),
    ]
    for rule, method, view, name, summary, decorators in routes:
        view.__name__ = name
        view.__doc__ = summary
        for decorate in reversed(decorators):
            view = decorate(view)
        blp.route(rule, methods=[method], endpoint=name)(view)
