"""GET /api/v1/revisions: the revision log, every change in commit order.

A record's history also after it is deleted (`?resource=article&id=6`),
and the one log that other services follow with its cursor.
"""
from schemas.revisions import RevisionLogPage, RevisionQuery

from ..http.auth import presents_admin_key
from ..http.blueprint import ApiBlueprint
from ..http.collection import next_link
from ..http.listing import Listing
from ..http.responses import json_response
from ..models import Revision
from ..records import revisions

blp = ApiBlueprint("revisions", __name__, url_prefix="/api/v1/revisions",
                   description="Every change to every record, in commit order")

listing = Listing(Revision, filters={
    "resource": lambda names: Revision.resource.in_(names),
    "id": lambda keys: Revision.row_key.in_(keys),
})


@blp.get("", operation_id="listRevisions")
@blp.query(RevisionQuery)
@blp.response(200, RevisionLogPage)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(401, response="UNAUTHORIZED")
def list_revisions(args):
    """Every change to every record (create, update, delete, import), oldest first

    Filter by `resource` and `id`; paged like every list (`next_cursor`, `Link`). Key names are
    shown to a request with an admin key only; a deleted record's history stays here.
    """
    rows, next_cursor, _ = listing.page(args)
    shown = presents_admin_key()
    return json_response({"items": [revisions.represent(row, shown) for row in rows],
                          "next_cursor": next_cursor}, headers=next_link(next_cursor))
