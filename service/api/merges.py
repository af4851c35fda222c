"""Merging a duplicate participant into its survivor, and undoing a merge.

    POST /api/v1/participants/{id}/merge     {"survivor_id": …}, If-Match on {id}
    POST /api/v1/participants/{id}/unmerge   undone from the merge's revisions

The work is the records layer's (service/records/merges.py); reads of a
merged participant's URLs are redirected by service/http/merged.py.
"""
from schemas.common import WriteQuery
from schemas.merges import MergeResultSchema, MergeSchema

from ..http.auth import requires
from ..http.blueprint import ApiBlueprint
from ..http.etag import check_if_match
from ..http.idempotency import idempotent
from ..http.responses import json_response
from ..records import merges

blp = ApiBlueprint("merges", __name__, url_prefix="/api/v1/participants",
                   description="Merging duplicate participants, and undoing a merge")


def merge_result(merged, survivor, moved):
    return json_response({"merged": merged, "survivor": survivor, "moved": moved})


def documented_errors(view):
    for status, name in ((400, "BAD_REQUEST"), (401, "UNAUTHORIZED"), (403, "FORBIDDEN"), (404, "NOT_FOUND"),
                         (409, "CONFLICT"), (412, "PRECONDITION_FAILED"), (413, "REQUEST_ENTITY_TOO_LARGE"),
                         (415, "UNSUPPORTED_MEDIA_TYPE"), (422, "UNPROCESSABLE_ENTITY")):
        view = blp.alt_response(status, response=name)(view)
    return view


@blp.post("/<int:participant_id>/merge", operation_id="mergeParticipant")
@requires("write")
@idempotent
@blp.query(WriteQuery)
@blp.body(MergeSchema)
@blp.response(200, MergeResultSchema)
@documented_errors
def merge_participant(_query, body, participant_id):
    """Merge a duplicate participant into another (its survivor)

    Needs scope `write`; `If-Match` names the version of the participant merged away. In one
    transaction its statements (as speaker and addressee), event links (one link where both took
    part, the survivor's kept), roles, organization references and names (aliases deduplicated by
    normalized form) move to the survivor, and it keeps its row with `merged_into_id` set; every
    changed row gets a new version and a revision. A survivor that was merged itself is followed to
    the end of its chain; merging into itself, or into a participant merged into it, is a 409.
    Afterwards reads of the old id answer 308 to the survivor and writes to it are a 409.
    """
    return merge_result(*merges.merge(participant_id, body["survivor_id"], precondition=check_if_match))


@blp.post("/<int:participant_id>/unmerge", operation_id="unmergeParticipant")
@requires("write")
@idempotent
@blp.query(WriteQuery)
@blp.response(200, MergeResultSchema)
@documented_errors
def unmerge_participant(_query, participant_id):
    """Undo the last merge of a participant, from that merge's revisions

    Needs scope `write`; `If-Match` names the merged participant's version. What the merge moved comes
    back (statements, event links, roles, aliases, `merged_into_id`), each row with a new version and
    a revision. A 409 when a row the merge changed was changed again since (the survivor merged on,
    a moved statement given another speaker), naming the rows; then nothing is undone.
    """
    return merge_result(*merges.unmerge(participant_id, precondition=check_if_match))
