"""A collection over HTTP: the list, item and history responses of one kind of record.

The records layer does the work (find, represent, write, revisions); this
turns it into responses: list envelopes and Link headers, streamed formats,
ETags and preconditions, Location headers, status codes.
"""
from urllib.parse import urlencode

from flask import Response, request, url_for

from ..models import Revision
from ..records import revisions
from .auth import presents_admin_key
from .etag import check_if_match
from .formats import requested_format, schema_columns, streamed
from .listing import Listing
from .responses import item_response, json_response

# A record's history, paged in commit order like the revision log itself.
HISTORY = Listing(Revision)


class Collection:
    """`records` served under the item endpoint `endpoint` (for Location headers).

    `parent` is (Records, scope name) for a collection nested under another
    record (a participant's roles): its lists and creates 404 without it.
    """

    def __init__(self, records, endpoint, location_values=None, parent=None):
        self.records = records
        self.endpoint = endpoint
        self.location_values = location_values or (
            lambda row: {f"{records.model._meta.table_name}_id": row.get_id()})
        self.parent = parent
        self.listing = Listing(records.model, filters=records.filters, default_sort=records.default_sort,
                              sort_fields=records.sort_fields)

    def _check_parent(self, scope):
        if self.parent:
            parent_records, name = self.parent
            parent_records.find(scope[name])

    def expanded_columns(self, expand):
        """{name: the related object's fields}, for CSV columns `name.field`."""
        return {name: schema_columns(self.records.expansions[name][1].serializer) for name in expand or ()}

    def list(self, args, **scope):
        self._check_parent(scope)
        format = requested_format(args)
        if format != "json":
            return streamed(format, self.every_item(args, **scope), args.get("bom", False),
                            self.records.model._meta.table_name, self.expanded_columns(args.get("expand")))
        rows, next_cursor, total = self.listing.page(args, self.records.listed(**scope))
        payload = {"items": self.records.represent(rows, args.get("expand"), args.get("fields")),
                   "next_cursor": next_cursor}
        if total is not None:
            payload["total"] = total
        return json_response(payload, headers=next_link(next_cursor))

    def every_item(self, args, **scope):
        """Every matching item, in the list's order, read a page at a time.

        The first page is read now, not when streaming starts: a bad cursor
        must be a 400 before the 200 and its headers are sent, not an error
        in the middle of the body.
        """
        args = {**args, "limit": 500, "cursor": args.get("cursor"), "count": False}
        first = self.listing.page(args, self.records.listed(**scope))
        return self._pages(first, args, scope)

    def _pages(self, page, args, scope):
        while True:
            rows, next_cursor, _ = page
            yield from self.records.represent(rows, args.get("expand"), args.get("fields"))
            if next_cursor is None:
                return
            args["cursor"] = next_cursor
            page = self.listing.page(args, self.records.listed(**scope))

    def read(self, key, args=None, **scope):
        args = args or {}
        row = self.records.find(key, **scope)
        item = self.records.represent([row], args.get("expand"), args.get("fields"))[0]
        return item_response(row, item, varied=bool(args.get("expand") or args.get("fields")))

    def create(self, data, **scope):
        self._check_parent(scope)
        row, item = self.records.create(data, **scope)
        location = url_for(self.endpoint, **self.location_values(row))
        return item_response(row, item, 201, {"Location": location})

    def update(self, key, data, **scope):
        row, item = self.records.update(key, data, precondition=check_if_match, **scope)
        return item_response(row, item)

    def delete(self, key, cascade=False, **scope):
        self.records.delete(key, cascade, precondition=check_if_match, **scope)
        return Response(status=204)

    def history(self, key, args, **scope):
        """A page of a live record's revisions, oldest first (a deleted one's are under /revisions)."""
        self.records.find(key, **scope)
        rows, next_cursor, _ = HISTORY.page(args, query=revisions.of_row(self.records.name, key))
        shown = presents_admin_key()
        return json_response({"items": [revisions.represent(revision, shown) for revision in rows],
                              "next_cursor": next_cursor}, headers=next_link(next_cursor))


def next_link(next_cursor, parameter="cursor"):
    """The Link header of a page that has a next one: this request with the cursor
    (as `parameter`: the change feed's is `since`).

    A relative reference (path and query): the client resolves it against the
    URL it asked, so the request's Host header is never reflected back.
    """
    if not next_cursor:
        return {}
    query = request.args.copy()
    query[parameter] = next_cursor
    path = request.script_root + request.path
    return {"Link": f'<{path}?{urlencode(list(query.items(multi=True)))}>; rel="next"'}
