"""GET /api/v1/changes: the change feed, the revision log followed by a cursor.

Every create, update, delete, merge and import in commit order, each with
the record's new representation; a follower keeps `next_cursor` and asks
again (`since`), at once or with `wait` (a long poll). The same log as
/revisions, read as a stream to apply rather than as history.
"""
import time

from schemas.changes import ChangePage, ChangeQuery

from ..http.auth import presents_admin_key
from ..http.blueprint import ApiBlueprint
from ..http.collection import next_link
from ..http.listing import decode_position, encode_position
from ..http.longpoll import RETRY_AFTER_SECONDS, LongPoll
from ..http.responses import json_response
from ..records import changes

blp = ApiBlueprint("changes", __name__, url_prefix="/api/v1/changes",
                   description="Every write, in commit order, to follow with a cursor")

long_poll = LongPoll(changes.latest_position)


@blp.get("", operation_id="listChanges")
@blp.query(ChangeQuery)
@blp.response(200, ChangePage, headers={"Retry-After": {
    "description": "On an empty page when the long poll could not wait (every waiting place "
                   "of the worker taken): seconds before asking again",
    "schema": {"type": "integer"}}})
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(401, response="UNAUTHORIZED")
def list_changes(args):
    """The changes after `since`, oldest first: create, update, delete, merge, import

    Each with its record's new representation (none for a delete); key names are shown to a
    request with an admin key only. `next_cursor` is never null: keep it and ask again.
    """
    position = _start(args.get("since"))
    rows, horizon, headers = _page(position, args)
    following = rows[-1].id if len(rows) == args["limit"] else max([horizon, *(row.id for row in rows)])
    cursor = encode_position(following)
    return json_response({"items": changes.represent(rows, presents_admin_key()), "next_cursor": cursor},
                         headers={**headers, **next_link(cursor, "since")})


def _start(since):
    if since is None:
        return 0
    return changes.latest_position() if since == "now" else decode_position(since)


def _page(position, args):
    """(revisions after `position`, a position every earlier change is visible at, headers).

    The horizon is read before the page: ids become visible in commit order,
    so a page that is not full holds every change up to it, and a filtered
    follower moves past the changes of other kinds it was not shown.
    """
    resources, limit = args.get("resource"), args["limit"]
    deadline = time.monotonic() + args["wait"]
    while True:
        horizon = changes.latest_position()
        rows = changes.after(position, resources, limit)
        remaining = deadline - time.monotonic()
        if rows or remaining <= 0:
            return rows, horizon, {}
        position = max(position, horizon)
        if long_poll.wait_past(position, remaining) is None:
            return [], horizon, {"Retry-After": str(RETRY_AFTER_SECONDS)}
