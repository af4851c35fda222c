"""Participants (people and organizations), their aliases, and their roles."""
from schemas.participants import (
    ROLE_DATE_FIELDS, ParticipantQuery, ParticipantSchema, ResolvePageSchema, ResolveQuery, RoleQuery,
    RoleSchema, role_date_errors,
)

from .. import search
from ..arabic import normalize
from ..resolve import resolve
from ..http.blueprint import ApiBlueprint
from ..http.errors import ApiError
from ..http.formats import requested_format, streamed
from ..http.listing import decode_offset, encode_offset
from ..http.resource import Resource, attach, json_response
from ..http.routes import crud_routes
from ..models import Alias, Participant, Role

blp = ApiBlueprint("participants", __name__, url_prefix="/api/v1/participants",
                   description="People and organizations that meet and make statements")


class Roles(Resource):
    model = Role
    schema = RoleSchema
    endpoint = "participants.get_role"
    filters = {}

    def location_values(self, row):
        return {"participant_id": row.participant_id, "role_id": row.id}

    def check(self, row, data):
        super().check(row, data)
        # The schema sees a PATCH alone; the dates' rules must hold for the row it leaves.
        dates = {name: data.get(name, getattr(row, name)) for name in ROLE_DATE_FIELDS}
        if errors := role_date_errors(dates):
            raise ApiError(422, "Invalid fields in the body: " + ", ".join(errors), kind="invalid-body",
                           errors=errors)

    def list(self, args, **scope):
        participants.find(scope["participant"])
        return super().list(args, **scope)

    def create(self, data, **scope):
        participants.find(scope["participant"])
        return super().create(data, **scope)


class Participants(Resource):
    model = Participant
    schema = ParticipantSchema
    search_kind = "participant"
    endpoint = "participants.get_participant"
    MAX_MATCHES = 1000
    nested = ("aliases", "roles")

    def list(self, args, **scope):
        """With `q`, participants whose names or aliases match in any spelling, best first."""
        if not args.get("q"):
            return super().list(args, **scope)
        q = args["q"]
        ranked = [key for _, key, _ in search.ranked(q, ("participant",), self.MAX_MATCHES)]
        filters = {name: value for name, value in args.items() if name != "q"}
        allowed = set(self.listing.filtered(filters).where(Participant.id.in_(ranked))
                      .select(Participant.id).tuples())
        ranked = [key for key in ranked if (key,) in allowed]
        offset = decode_offset(args.get("cursor"), q)
        format = requested_format(args)
        if format != "json":  # every match, best first, as the list without `q` streams every row
            items = self.represent(self._in_order(ranked[offset:]), args.get("expand"), args.get("fields"))
            return streamed(format, items, args.get("bom", False), "participant",
                            self.expanded_columns(args.get("expand")))
        page = ranked[offset:offset + args["limit"]]
        rows = self._in_order(page)
        payload = {"items": self.represent(rows, args.get("expand"), args.get("fields")),
                   "next_cursor": encode_offset(offset + len(page), q)
                   if offset + len(page) < len(ranked) else None}
        if args.get("count"):
            payload["total"] = len(ranked)
        return json_response(payload)

    @staticmethod
    def _in_order(keys):
        rows = {row.id: row for row in Participant.select().where(Participant.id.in_(keys))}
        return [rows[key] for key in keys]

    def prepare(self, rows):
        attach(rows, "aliases")
        attach(rows, "roles", Role.start_date, Role.id)

    def check(self, row, data):
        super().check(row, data)
        names = [alias["name"] for alias in data.get("aliases") or ()]
        if len(names) != len(set(names)):
            raise ApiError(422, "An alias is listed twice.", kind="invalid-body",
                           errors={"aliases": ["Alias names must be unique per participant."]})
        for role in data.get("roles") or ():
            roles.check(Role(), role)

    def write(self, row, data, creating=False):
        super().write(row, data, creating)
        if not creating:
            search.index_speaker(row.id)

    def write_nested(self, row, data):
        if "aliases" in data:
            Alias.delete().where(Alias.participant == row.id).execute()
            for alias in data.get("aliases") or ():
                Alias.create(participant=row.id, normalized=normalize(alias["name"]), **alias)
        if "roles" in data:
            Role.delete().where(Role.participant == row.id).execute()
            for role in data.get("roles") or ():
                Role.create(participant=row.id, **role)


participants = Participants()
roles = Roles()
crud_routes(blp, participants, query=ParticipantQuery, singular="participant", plural="participants")
crud_routes(blp, roles, query=RoleQuery, singular="role", plural="roles",
            collection="/<int:participant_id>/roles", key="int:role_id",
            scope=lambda kwargs: {"participant": kwargs["participant_id"]})


@blp.get("/resolve")
@blp.query(ResolveQuery)
@blp.response(200, ResolvePageSchema)
@blp.alt_response(400, response="BAD_REQUEST")
def resolve_participant(args):
    """Who a name or a title-only mention ("الرئيس الإيراني") meant on a date, best first"""
    found = resolve(args["name"], args.get("date"), args["limit"])
    people = participants.represent([participant for participant, _, _ in found])
    posts = roles.represent([role for _, role, _ in found if role is not None])
    posts = iter(posts)
    return json_response({"items": [
        {"participant": person, "role": next(posts) if role is not None else None, "score": score}
        for person, (_, role, score) in zip(people, found)]})
