"""Participants (people and organizations), their aliases, and their roles."""
from schemas.participants import ROLE_DATE_FIELDS, ParticipantSchema, RoleSchema, role_date_errors

from .. import search
from ..arabic import normalize
from ..errors import InvalidRecord
from ..models import Alias, Participant, Role
from .base import Records, attach, record_replaced


class Roles(Records):
    """A participant's posts; each is also part of its participant's representation."""
    model = Role
    schema = RoleSchema

    def create(self, data, **scope):
        participant_records.find(scope["participant"])
        return super().create(data, **scope)

    def validate(self, row, data):
        # The schema sees a PATCH alone; the dates' rules must hold for the row it leaves.
        dates = {name: data.get(name, getattr(row, name)) for name in ROLE_DATE_FIELDS}
        if errors := role_date_errors(dates):
            raise InvalidRecord("Invalid fields in the body: " + ", ".join(errors), errors=errors)


class Participants(Records):
    model = Participant
    schema = ParticipantSchema
    search_kind = "participant"
    nested = ("aliases", "roles")

    def load_parts(self, rows):
        attach(rows, "aliases")
        attach(rows, "roles", Role.start_date, Role.id)

    def validate(self, row, data):
        names = [alias["name"] for alias in data.get("aliases") or ()]
        if len(names) != len(set(names)):
            raise InvalidRecord("An alias is listed twice.",
                                errors={"aliases": ["Alias names must be unique per participant."]})
        for role in data.get("roles") or ():
            role_records.check_body(Role(), role)

    def write(self, row, data, creating=False):
        super().write(row, data, creating)
        if not creating:
            search.index_speaker(row.id)

    def write_parts(self, row, data):
        if "aliases" in data:
            Alias.delete().where(Alias.participant == row.id).execute()
            for alias in data.get("aliases") or ():
                Alias.create(participant=row.id, normalized=normalize(alias["name"]), **alias)
        if "roles" in data:
            # A role is a record of its own too: the ones replaced are deleted
            # and the new ones created, each with its revision.
            replaced = list(Role.select().where(Role.participant == row.id))
            replaced_items = role_records.represent(replaced)
            Role.delete().where(Role.participant == row.id).execute()
            created = [Role.create(participant=row.id, **role) for role in data.get("roles") or ()]
            record_replaced(role_records, zip(replaced, replaced_items), created)


participant_records = Participants()
role_records = Roles()
