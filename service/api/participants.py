"""Participants (people and organizations), their aliases, and their roles."""
from schemas.participants import ParticipantQuery, ParticipantSchema, RoleQuery, RoleSchema

from ..arabic import normalize
from ..http.blueprint import ApiBlueprint
from ..http.errors import ApiError
from ..http.resource import Resource, attach
from ..http.routes import crud_routes
from ..models import Alias, Participant, Role, utcnow

blp = ApiBlueprint("participants", __name__, url_prefix="/api/v1/participants",
                   description="People and organizations that meet and make statements")


def alias_match(text):
    """Participants with an alias or name that matches `text` in any spelling."""
    key = normalize(text)
    return Participant.id.in_(Alias.select(Alias.participant).where(Alias.normalized == key))


class Roles(Resource):
    model = Role
    schema = RoleSchema
    endpoint = "participants.get_role"
    filters = {}

    def location_values(self, row):
        return {"participant_id": row.participant_id, "role_id": row.id}

    def write(self, row, data, creating=False):
        super().write(row, data, creating)
        # A participant's representation embeds its roles, so its version
        # (and ETag) must move when one of them does.
        Participant.update(version=Participant.version + 1, updated_at=utcnow()).where(
            Participant.id == row.participant_id).execute()

    def list(self, args, **scope):
        participants.find(scope["participant"])
        return super().list(args, **scope)

    def create(self, data, **scope):
        participants.find(scope["participant"])
        return super().create(data, **scope)


class Participants(Resource):
    model = Participant
    schema = ParticipantSchema
    endpoint = "participants.get_participant"
    filters = {"q": alias_match}
    nested = ("aliases", "roles")

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
