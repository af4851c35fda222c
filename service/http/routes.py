"""The six CRUD routes of a collection, registered the same way for every resource.

Each resource module calls `crud_routes` once and adds its particular routes
beside it, so the standard surface (list, create, get, patch, put, delete)
is written, documented and secured in this one place.
"""
from http import HTTPStatus

from schemas.common import DeleteQuery, HistoryQuery, RevisionPage, WriteQuery, item_query_for, view_of

from .auth import requires
from .blueprint import MERGE_PATCH_TYPES
from .idempotency import idempotent


def with_article(noun):
    """'an event', 'a statement': a noun as an operation's summary names it."""
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def operation_descriptions(singular, plural):
    """The description (after the summary) of each CRUD operation, by method."""
    one = f"the {singular}"
    return {
        "GET": (f"A page of {plural}, in the order of `sort` (by id unless given), narrowed by the "
                "filters (a repeated filter is OR). Follow `next_cursor` or the `Link` header for the "
                "next page; `format=csv` or `format=ndjson` streams every match instead."),
        "POST": (f"Needs a key with scope `write`. Answers 201 with {one}, its `ETag` and a `Location` "
                 "header; with an `Idempotency-Key` header a retried request is answered once."),
        "GET item": (f"{one.capitalize()} with its strong `ETag` (its version, for `If-Match`); "
                     "`expand` embeds related records and `fields` trims the answer."),
        "PATCH": ("Only the fields given change; `null` clears one. Needs scope `write`; with "
                  "`If-Match` a change made meanwhile is a 412, not a lost update."),
        "PUT": (f"Every field of {one} is replaced by the body. Needs scope `write`; with "
                "`If-Match` a change made meanwhile is a 412, not a lost update."),
        "DELETE": (f"Needs scope `write`. While other records still point to {one} it is a 409, "
                   "unless `cascade=true`; the deletion is kept in its history."),
        "history": ("Each change with the record before and after it and the version it made, paged "
                    "like every list (`next_cursor`, `Link`); the key that made it is named to a "
                    "request with an admin key only."),
    }


def operation_ids(one, many):
    """The operationIds of a collection's routes, by Flask endpoint prefix: `listCountries`,
    `getCountry`, `updateCountry` (PATCH), `replaceCountry` (PUT), `getCountryHistory`…"""
    return {"list": f"list{many}", "create": f"create{one}", "get": f"get{one}", "patch": f"update{one}",
            "put": f"replace{one}", "delete": f"delete{one}", "history_of": f"get{one}History"}


def patch_schema(schema_class):
    """The schema of a merge-patch body: any top-level field may be left out.

    Only the top level: a JSON Merge Patch replaces an array whole, so each
    alias, role or event link it gives is complete (marshmallow's
    `partial=True` would excuse nested items their required fields too).
    """
    return schema_class(partial=tuple(schema_class().fields))


def crud_routes(blp, collection, *, query, singular, plural, key="int:{singular}_id",
                path="", update_schema=None, scope=None, names=None, merged_redirects=False):
    """Register the CRUD routes of `collection` (an http.collection.Collection) on `blp`.

    `scope(kwargs)` turns path parameters into the resource's scope, for
    collections nested under a parent (a participant's roles). `names`
    (`("ParticipantRole", "ParticipantRoles")`) make the operationIds,
    by default the nouns capitalized.
    `merged_redirects`: the reads of routes under a record's id may answer
    308 to the record it was merged into (http/merged.py), and say so.
    """
    one, many = names or (singular.capitalize(), plural.capitalize())
    ids = operation_ids(one, many)
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

    def item_history(args, **kwargs):
        return collection.history(kwargs.pop(key_name), args, **scope(kwargs))

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
         [requires("write"), blp.query(WriteQuery), blp.body(patch_schema(update_schema), MERGE_PATCH_TYPES),
          blp.response(200, schema), *writes, *errors(400, 404, 409, 412)]),
        (item, "PUT", put_item, f"put_{singular}", f"Replace {with_article(singular)}",
         [requires("write"), blp.query(WriteQuery), blp.body(update_schema), blp.response(200, schema),
          *writes, *errors(400, 404, 409, 412)]),
        (item, "DELETE", delete_item, f"delete_{singular}", f"Delete {with_article(singular)}",
         [requires("write"), blp.query(DeleteQuery), blp.response(204),
          *errors(400, 401, 403, 404, 409, 412)]),
        (f"{item}/history", "GET", item_history, f"history_of_{singular}",
         f"Every change to {with_article(singular)}, oldest first (once it is deleted, see /revisions)",
         [blp.query(HistoryQuery), blp.response(200, RevisionPage), *errors(400, 401, 404)]),
    ]
    descriptions = operation_descriptions(singular, plural)
    for rule, method, view, name, summary, decorators in routes:
        if merged_redirects and method == "GET" and "<" in rule:
            decorators = [*decorators, *errors(308)]
        operation_id = ids[name.removesuffix(f"_{plural}").removesuffix(f"_{singular}")]
        view.__name__ = name
        view.__doc__ = f"{summary}\n\n{descriptions[method if rule == path or method != 'GET' else 'GET item']}"
        if rule.endswith("/history"):
            view.__doc__ = f"{summary}\n\n{descriptions['history']}"
        for decorate in reversed(decorators):
            view = decorate(view)
        blp.route(rule, methods=[method], endpoint=name, operation_id=operation_id)(view)
