"""Merging a duplicate participant into its survivor, and undoing a merge.

A merge moves, in one transaction, everything that points at the duplicate
to the survivor: the statements it made or was addressed, its event links
(where both took part in one event the two links become one, the
survivor's kept), the roles it held, the roles held at it as an
organization, the participants merged into it before, and its names (its
aliases, its `name_ar` and `name_en`, each kept only when the survivor has
no name of the same normalized form yet). The duplicate keeps its row,
with `merged_into_id` set, so its old id still resolves.

Every row the merge changes gets a new version and a revision. The
duplicate's revision comes first and the survivor's last, both with action
`merge`; the revision log is in commit order and one transaction's
revisions are consecutive (revisions.py), so the revisions between the two
are exactly the merge's. `unmerge` reads them back and undoes each change
whose field still holds what the merge left there; a change made since (a
statement given another speaker, an event's participants edited, the
survivor merged on) is a conflict that names the rows, and nothing is
undone.
"""
import json

from .. import search
from ..arabic import normalize
from ..db import write_transaction
from ..errors import Conflict, InvalidRecord, NotFound
from ..models import Alias, Event, EventParticipant, Participant, Revision, Role, Statement
from . import revisions
from .base import bump
from .events import event_records
from .participants import participant_records, role_records, survivor_of
from .statements import statement_records

MERGE, UNMERGE = "merge", "unmerge"

# What a merge moves, by the foreign keys that point at a participant;
# tests/test_merge.py holds this equal to the model's backrefs.
MOVED_REFERENCES = {
    (Statement, "speaker"), (Statement, "addressee"), (EventParticipant, "participant"),
    (Role, "participant"), (Role, "organization"), (Alias, "participant"), (Participant, "merged_into"),
}


class Changes:
    """The rows one merge or unmerge changes, their representations before, and their revisions."""

    def __init__(self, duplicate, survivor):
        self.duplicate, self.survivor = duplicate, survivor
        self.rows = {Statement: set(), Event: set(), Role: set(), Participant: set()}
        self.before = {}

    def note(self, model, keys):
        self.rows[model].update(keys)

    def snapshot(self):
        """Take the representations before anything changes."""
        self.rows[Participant] -= {self.duplicate.id, self.survivor.id}
        for model, records in self.kinds():
            self.before[model] = _represented(records, self.rows[model])
        self.before["ends"] = _represented(participant_records, [self.duplicate.id, self.survivor.id])

    def kinds(self):
        return [(Statement, statement_records), (Event, event_records), (Role, role_records),
                (Participant, participant_records)]

    def record(self, action):
        """New versions, the search index, and one revision per row: the duplicate first and
        the survivor last, both with `action`, the rows between them `update`."""
        ends = [self.duplicate.id, self.survivor.id]
        for model, _ in self.kinds():
            if self.rows[model]:
                bump(model, model.id.in_(sorted(self.rows[model])))
        bump(Participant, Participant.id.in_(ends))
        for statement in Statement.select().where(Statement.id.in_(sorted(self.rows[Statement]))):
            search.index("statement", statement)
        for participant in Participant.select().where(Participant.id.in_(ends)):
            search.index("participant", participant)
        search.index_speaker(self.survivor.id)
        after_ends = _represented(participant_records, ends)
        duplicate, survivor = (Participant.get_by_id(key) for key in ends)
        revisions.record(participant_records.name, duplicate.id, action, self.before["ends"][duplicate.id],
                         after_ends[duplicate.id], duplicate.version)
        for model, records in self.kinds():
            after = _represented(records, self.rows[model])
            for row in model.select().where(model.id.in_(sorted(self.rows[model]))).order_by(model.id):
                revisions.record(records.name, row.id, "update", self.before[model][row.id], after[row.id],
                                 row.version)
        revisions.record(participant_records.name, survivor.id, action, self.before["ends"][survivor.id],
                         after_ends[survivor.id], survivor.version)
        return after_ends[duplicate.id], after_ends[survivor.id]


def _represented(records, keys):
    rows = list(records.model.select().where(records.model.id.in_(sorted(keys)))) if keys else []
    return {row.id: item for row, item in zip(rows, records.represent(rows))}


def _refuse_merged(row):
    if row.merged_into_id is not None:
        survivor = survivor_of(row.id)
        raise Conflict(f"Participant {row.id} was merged into participant {survivor}.", merged_into_id=survivor)


def merge(duplicate_id, survivor_id, precondition=None):
    """Merge participant `duplicate_id` into `survivor_id` (or the end of its chain).

    Returns (duplicate's representation, survivor's representation, counts of what moved)."""
    with write_transaction():
        duplicate = participant_records.find(duplicate_id)
        try:
            named = participant_records.find(survivor_id)
        except NotFound:
            raise InvalidRecord(f"No participant with id {survivor_id}.",
                                errors={"survivor_id": [f"No participant with id {survivor_id}."]}) from None
        target = survivor_of(named.id) or named.id
        # Both rows locked in id order, so two merges of the same pair never deadlock.
        locked = {key: participant_records.find(key, for_update=True) for key in sorted({duplicate.id, target})}
        duplicate, survivor = locked[duplicate.id], locked[target]
        if precondition:
            precondition(duplicate)
        _refuse_merged(duplicate)
        if target == duplicate.id:
            detail = ("A participant cannot be merged into itself." if named.id == duplicate.id else
                      f"Participant {named.id} was merged into participant {duplicate.id}: "
                      "merging into it would make a cycle.")
            raise Conflict(detail, errors={"survivor_id": [detail]})
        _refuse_merged(survivor)  # merged meanwhile, by a merge that committed first
        changes = Changes(duplicate, survivor)
        moved = _move_references(duplicate, survivor, changes)
        duplicate_item, survivor_item = changes.record(MERGE)
    return duplicate_item, survivor_item, moved


def _move_references(duplicate, survivor, changes):
    old, new = duplicate.id, survivor.id
    spoken = _ids(Statement, Statement.speaker == old)
    addressed = _ids(Statement, Statement.addressee == old)
    links = list(EventParticipant.select().where(EventParticipant.participant == old))
    shared = {event for (event,) in EventParticipant.select(EventParticipant.event).where(
        (EventParticipant.participant == new)
        & EventParticipant.event.in_([link.event_id for link in links])).tuples()}
    held = _ids(Role, Role.participant == old)
    at = list(Role.select(Role.id, Role.participant).where(Role.organization == old))
    merged_before = _ids(Participant, Participant.merged_into == old)
    changes.note(Statement, spoken | addressed)
    changes.note(Event, {link.event_id for link in links})
    changes.note(Role, held | {role.id for role in at})
    changes.note(Participant, {role.participant_id for role in at} | merged_before)
    changes.snapshot()

    Statement.update(speaker=new).where(Statement.speaker == old).execute()
    Statement.update(addressee=new).where(Statement.addressee == old).execute()
    EventParticipant.delete().where((EventParticipant.participant == old)
                                    & EventParticipant.event.in_(sorted(shared))).execute()
    EventParticipant.update(participant=new).where(EventParticipant.participant == old).execute()
    Role.update(participant=new).where(Role.participant == old).execute()
    Role.update(organization=new).where(Role.organization == old).execute()
    Participant.update(merged_into=new).where(Participant.merged_into == old).execute()
    aliases = _move_names(duplicate, survivor)
    Participant.update(merged_into=new).where(Participant.id == old).execute()
    return {"statements": len(spoken | addressed), "events": len(links), "event_links_joined": len(shared),
            "roles": len(held), "organization_roles": len(at), "aliases": aliases}


def _move_names(duplicate, survivor):
    """Give the survivor every name of the duplicate whose normalized form it lacks; returns how many."""
    known = {normalize(name) for name in filter(None, [survivor.name_ar, survivor.name_en])}
    known |= {alias.normalized for alias in Alias.select(Alias.normalized).where(Alias.participant == survivor.id)}
    names = [{"name": alias.name, "language": alias.language, "kind": alias.kind}
             for alias in Alias.select().where(Alias.participant == duplicate.id).order_by(Alias.id)]
    names.append({"name": duplicate.name_ar, "language": "ar", "kind": "full"})
    if duplicate.name_en:
        names.append({"name": duplicate.name_en, "language": "en", "kind": "transliteration"})
    Alias.delete().where(Alias.participant == duplicate.id).execute()
    added = 0
    for alias in names:
        key = normalize(alias["name"])
        if key in known:
            continue
        known.add(key)
        Alias.create(participant=survivor.id, normalized=key, **alias)
        added += 1
    return added


def _ids(model, condition):
    return {key for (key,) in model.select(model.id).where(condition).tuples()}


# -- undoing a merge ---------------------------------------------------------

def unmerge(duplicate_id, precondition=None):
    """Undo the last merge of `duplicate_id` from its revisions.

    Returns (duplicate's representation, survivor's representation, counts of what came back)."""
    with write_transaction():
        duplicate = participant_records.find(duplicate_id, for_update=True)
        if precondition:
            precondition(duplicate)
        if duplicate.merged_into_id is None:
            raise Conflict(f"Participant {duplicate.id} is not merged into another.")
        opening, logged, closing = _merge_revisions(duplicate)
        survivor = participant_records.find(json.loads(opening.after)["merged_into_id"], for_update=True)
        if duplicate.merged_into_id != survivor.id or survivor.merged_into_id is not None:
            raise Conflict(f"Participant {survivor.id} was merged into participant {survivor_of(survivor.id)} "
                           "since: undo that merge first.", merged_into_id=survivor_of(duplicate.id))
        changes = Changes(duplicate, survivor)
        kinds = {records.name: model for model, records in changes.kinds()}
        for revision in logged:
            model = kinds.get(revision.resource)
            if model is not None and model.select().where(model.id == int(revision.row_key)).exists():
                changes.note(model, {int(revision.row_key)})
        changes.snapshot()
        restored = _restore(changes, logged, opening, closing)
        duplicate_item, survivor_item = changes.record(UNMERGE)
    return duplicate_item, survivor_item, restored


def _merge_revisions(duplicate):
    """(the duplicate's merge revision, the revisions of the rows between, the survivor's)."""
    opening = (Revision.select().where((Revision.resource == participant_records.name)
                                       & (Revision.row_key == str(duplicate.id)) & (Revision.action == MERGE))
               .order_by(Revision.id.desc()).first())
    if opening is None:
        raise Conflict(f"Participant {duplicate.id} was merged by an import, not by a merge: "
                       "there are no revisions to undo it from.")
    survivor_key = str(json.loads(opening.after)["merged_into_id"])
    closing = (Revision.select().where((Revision.id > opening.id) & (Revision.resource == participant_records.name)
                                       & (Revision.row_key == survivor_key) & (Revision.action == MERGE))
               .order_by(Revision.id).first())
    logged = list(Revision.select().where((Revision.id > opening.id) & (Revision.id < closing.id))
                  .order_by(Revision.id))
    return opening, logged, closing


# The fields a merge changes, by kind: each is undone where it still holds the merge's value.
RESTORED_FIELDS = {"statement": ("speaker_id", "addressee_id"), "role": ("participant_id", "organization_id"),
                   "participant": ("merged_into_id",)}
COLUMNS = {"speaker_id": "speaker", "addressee_id": "addressee", "participant_id": "participant",
           "organization_id": "organization", "merged_into_id": "merged_into"}


def _restore(changes, logged, opening, closing):
    conflicts, restored = [], {"statements": 0, "events": 0, "roles": 0, "participants": 0}
    current = {model: changes.before[model] for model, _ in changes.kinds()}
    kinds = {records.name: (model, records) for model, records in changes.kinds()}
    for revision in logged:
        before, after = json.loads(revision.before), json.loads(revision.after)
        model, records = kinds[revision.resource]
        now = current[model].get(int(revision.row_key))
        if now is None:
            continue  # deleted since the merge: nothing to move back
        if revision.resource == "event":
            if now["participants"] != after["participants"]:
                conflicts.append(f"event {revision.row_key} (its participants changed since the merge)")
                continue
            event_records.write_parts(Event(id=int(revision.row_key)), {"participants": before["participants"]})
            restored["events"] += 1
            continue
        values = {}
        for name in RESTORED_FIELDS[revision.resource]:
            if before[name] == after[name]:
                continue
            if now[name] != after[name]:
                conflicts.append(f"{records.name} {revision.row_key} (its {name} changed since the merge)")
            values[COLUMNS[name]] = before[name]
        if values:
            model.update(**values).where(model.id == int(revision.row_key)).execute()
            restored[{"statement": "statements", "role": "roles"}.get(revision.resource, "participants")] += 1
    if conflicts:
        raise Conflict("Rows the merge changed were changed since, so it cannot be undone from its revisions: "
                       + "; ".join(conflicts) + ".", errors={"_schema": conflicts})
    survivor_before = {alias["name"] for alias in json.loads(closing.before)["aliases"]}
    added = [alias["name"] for alias in json.loads(closing.after)["aliases"] if alias["name"] not in survivor_before]
    Alias.delete().where((Alias.participant == changes.survivor.id) & Alias.name.in_(added)).execute()
    duplicate = changes.duplicate
    Participant.update(merged_into=None).where(Participant.id == duplicate.id).execute()
    participant_records.write_parts(duplicate, {"aliases": json.loads(opening.before)["aliases"]})
    restored["aliases"] = len(json.loads(opening.before)["aliases"])
    return restored
