"""Participants (people and organizations), their aliases, and their roles."""
from schemas.participants import ParticipantQuery, ResolvePageSchema, ResolveQuery, RoleQuery

from .. import search
from ..http.blueprint import ApiBlueprint
from ..http.collection import Collection, next_link
from ..http.formats import requested_format, streamed
from ..http.listing import offset_page
from ..http.merged import redirect_merged
from ..http.responses import json_response
from ..http.routes import crud_routes
from ..records import participant_records, role_records
from ..records.participants import survivor_of
from ..resolve import resolve

blp = ApiBlueprint("participants", __name__, url_prefix="/api/v1/participants",
                   description="People and organizations that meet and make statements")

MAX_MATCHES = 1000


class Participants(Collection):
    def list(self, args, **scope):
        """With `q`, participants whose names or aliases match in any spelling, best first."""
        if not args.get("q"):
            return super().list(args, **scope)
        q = args["q"]
        ranked = [key for _, key, _ in search.ranked(q, ("participant",), MAX_MATCHES)]
        filters = {name: value for name, value in args.items() if name != "q"}
        allowed = set(self.listing.filtered(filters, self.records.listed()).where(self.records.model.id.in_(ranked))
                      .select(self.records.model.id).tuples())
        ranked = [key for key in ranked if (key,) in allowed]
        page, next_cursor, offset = offset_page(args, q, lambda start, count: ranked[start:start + count])
        if requested_format(args) != "json":  # every match, best first, as the list without `q` streams every row
            items = [item for _, item in self.records.represent_ids(
                ranked[offset:], args.get("expand"), args.get("fields"))]
            return streamed(requested_format(args), items, args.get("bom", False), "participant",
                            self.expanded_columns(args.get("expand")))
        payload = {"items": [item for _, item in self.records.represent_ids(
                       page, args.get("expand"), args.get("fields"))],
                   "next_cursor": next_cursor}
        if args.get("count"):
            payload["total"] = len(ranked)
        return json_response(payload, headers=next_link(next_cursor))


participants = Participants(participant_records, "participants.get_participant")
roles = Collection(role_records, "participants.get_role",
                   location_values=lambda row: {"participant_id": row.participant_id, "role_id": row.id},
                   parent=(participant_records, "participant"))
crud_routes(blp, participants, query=ParticipantQuery, singular="participant", plural="participants",
            merged_redirects=True)
crud_routes(blp, roles, query=RoleQuery, singular="role", plural="roles",
            path="/<int:participant_id>/roles", key="int:role_id", names=("ParticipantRole", "ParticipantRoles"),
            scope=lambda kwargs: {"participant": kwargs["participant_id"]}, merged_redirects=True)
redirect_merged(blp, "participant_id", survivor_of)


@blp.get("/resolve", operation_id="resolveParticipant")
@blp.query(ResolveQuery)
@blp.response(200, ResolvePageSchema)
@blp.alt_response(400, response="BAD_REQUEST")
def resolve_participant(args):
    """Who a name or a title-only mention ("الرئيس الإيراني") meant on a date, best first

    A bounded top-N, not a paged list: the `limit` best candidates (at most
    50), with no `next_cursor` and no further pages.
    """
    found = resolve(args["name"], args.get("date"), args["limit"])
    people = participant_records.represent([participant for participant, _, _ in found])
    posts = iter(role_records.represent([role for _, role, _ in found if role is not None]))
    return json_response({"items": [
        {"participant": person, "role": next(posts) if role is not None else None, "score": score}
        for person, (_, role, score) in zip(people, found)]})
