"""Participants (people and organizations), their aliases, and their roles."""
from schemas.participants import ROLE_DATE_FIELDS, ParticipantSchema, RoleSchema, role_date_errors

from .. import search
from ..arabic import normalize
from ..db import compiled
from ..errors import Conflict, InvalidRecord
from ..models import Alias, Participant, Role
from .base import Records, _storable, attach, record_replaced


def survivor_of(participant_id):
    """The participant a merged one now lives on as (the end of its chain), or None if not merged."""
    if not _storable(participant_id):
        return None
    seen = []
    current = participant_id
    while True:
        row = Participant.select(Participant.merged_into).where(Participant.id == current).tuples().first()
        if row is None or row[0] is None or row[0] in seen:
            return current if seen else None
        seen.append(current)
        current = row[0]


def of_countries(codes):
    """The ids of the participants of these countries (a subquery)."""
    return Participant.select(Participant.id).where(Participant.country.in_(codes))


def with_survivors(ids):
    """`ids` and the survivor of each merged one: what a filter on an old id means."""
    ids = list(ids)
    merged = [row.id for row in compiled(
        (Participant, "merged among", len(ids)),
        lambda: Participant.select(Participant.id).where(Participant.id.in_(ids) & Participant.merged_into.is_null(False)),
        ids)]
    return list(dict.fromkeys([*ids, *filter(None, map(survivor_of, merged))]))


def refuse_if_merged(participant_id):
    """A merged participant is read-only: a write to it (or under it) is a conflict naming its survivor."""
    survivor = survivor_of(participant_id)
    if survivor is not None:
        raise Conflict(f"Participant {participant_id} was merged into participant {survivor}; "
                       "change the survivor instead.", merged_into_id=survivor)


class Roles(Records):
    """A participant's posts; each is also part of its participant's representation."""
    model = Role
    schema = RoleSchema

    def create(self, data, **scope):
        participant_records.find(scope["participant"])
        refuse_if_merged(scope["participant"])
        return super().create(data, **scope)

    def find(self, key, for_update=False, **scope):
        if for_update and "participant" in scope:  # a write to a role under a merged participant
            refuse_if_merged(scope["participant"])
        return super().find(key, for_update, **scope)

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

    def listed(self, **scope):
        """Lists never show a merged participant: its old id still resolves, to its survivor."""
        return super().listed(**scope).where(Participant.merged_into.is_null())

    def check_change(self, row):
        if row.merged_into_id is not None:
            refuse_if_merged(row.id)

    def refuses_reference(self, key):
        survivor = survivor_of(key)
        if survivor is not None:
            return f"Participant {key} was merged into participant {survivor}; refer to {survivor}."
        return None

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
