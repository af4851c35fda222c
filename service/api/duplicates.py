"""Duplicate candidates: who on the desk may be one person, and an editor's "they are not".

    GET  /api/v1/participants/duplicates                         the desk's likely pairs, best first
    GET  /api/v1/participants/{id}/duplicates                    one participant's likely duplicates
    POST /api/v1/participants/{id}/duplicates/{other}/dismiss    keep a pair out of later answers

The evidence and its weights live in service/records/duplicates.py; these
routes parse, ask it, and page its answer like every ranked list.
"""
from schemas.common import WriteQuery
from schemas.duplicates import CandidatePage, DismissalSchema, DuplicateQuery

from ..http.auth import requires
from ..http.blueprint import ApiBlueprint
from ..http.collection import next_link
from ..http.listing import offset_page
from ..http.merged import redirect_merged
from ..http.responses import item_response, json_response
from ..records import participant_records
from ..records.dismissals import dismissal_records
from ..records.duplicates import candidates_of, desk_candidates
from ..records.participants import survivor_of

blp = ApiBlueprint("duplicates", __name__, url_prefix="/api/v1/participants",
                   description="Participants that may be one person, with the evidence, and dismissals")
redirect_merged(blp, "participant_id", survivor_of)


def candidate_page(args, context, found):
    """One page of candidates with both participants represented, and its Link."""
    page, next_cursor, _ = offset_page(args, context, lambda offset, count: found[offset:offset + count])
    ids = list(dict.fromkeys(key for c in page for key in (c.participant_id, c.candidate_id)))
    shown = {row.id: item for row, item in participant_records.represent_ids(ids)}
    return json_response({"items": [
        {"participant": shown[c.participant_id], "candidate": shown[c.candidate_id], "score": c.score,
         "reasons": c.reasons} for c in page], "next_cursor": next_cursor}, headers=next_link(next_cursor))


@blp.get("/duplicates", operation_id="listDuplicates")
@blp.query(DuplicateQuery)
@blp.response(200, CandidatePage)
@blp.alt_response(400, response="BAD_REQUEST")
def list_duplicates(args):
    """Pairs of participants that may be one person, best first

    Every pair scored at least `min_score` from the evidence an editor would use, each reason
    listed with its weight; merged participants and dismissed pairs are left out. Paged like
    every ranked list (`next_cursor`, `Link`).
    """
    return candidate_page(args, f"duplicates:{args['min_score']}", desk_candidates(args["min_score"]))


@blp.get("/<int:participant_id>/duplicates", operation_id="listParticipantDuplicates")
@blp.query(DuplicateQuery)
@blp.response(200, CandidatePage)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(308, response="PERMANENT_REDIRECT")
def list_duplicates_of_participant(args, participant_id):
    """The participants that may be the same person as this one, best first

    As the desk-wide list, for one participant (`participant` in each item); for a merged
    participant, a 308 to its survivor's list.
    """
    participant_records.find(participant_id)
    return candidate_page(args, f"duplicates:{participant_id}:{args['min_score']}",
                          candidates_of(participant_id, args["min_score"]))


@blp.post("/<int:participant_id>/duplicates/<int:other_id>/dismiss", operation_id="dismissDuplicate")
@requires("write")
@blp.query(WriteQuery)
@blp.response(200, DismissalSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def dismiss_duplicate(_query, participant_id, other_id):
    """Judge two participants not to be one person: the pair leaves every later answer

    Needs scope `write`. Answers the dismissal (kept with its revision, resource `dismissal`);
    dismissing a pair again answers the first dismissal and changes nothing. 409 for a
    participant paired with itself or one that was merged (its survivor is the one to judge).
    """
    row, item, _ = dismissal_records.dismiss(participant_id, other_id)
    return item_response(row, item)
