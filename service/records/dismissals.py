"""Dismissed duplicate pairs: an editor's "these two are not one person", kept with its revision."""
from schemas.duplicates import DismissalSchema

from ..db import write_transaction
from ..errors import Conflict
from ..models import DuplicateDismissal, Participant
from .base import Records
from .participants import participant_records


def live_participant(key):
    """The participant `key`, refused (409) when it was merged: its survivor is the one to judge."""
    row = participant_records.find(key)
    if row.merged_into_id is not None:
        raise Conflict(f"Participant {key} was merged into participant {row.merged_into_id}.",
                       survivor=row.merged_into_id)
    return row


class Dismissals(Records):
    model = DuplicateDismissal
    schema = DismissalSchema

    def __init__(self):
        super().__init__()
        self.name = "dismissal"

    def represent(self, rows, expand=(), fields=()):
        """With the pair's Arabic names as they read now, so a reader sees whom it is about."""
        items = super().represent(rows, expand, fields)
        ids = {key for item in items for key in (item["participant_id"], item["other_id"])}
        names = dict(Participant.select(Participant.id, Participant.name_ar)
                     .where(Participant.id.in_(list(ids))).tuples()) if ids else {}
        for item in items:
            item["names"] = [names.get(item["participant_id"]), names.get(item["other_id"])]
        return items

    def dismiss(self, participant_id, other_id):
        """Keep the pair out of later candidates; returns (row, representation, created).

        Dismissing a pair twice changes nothing and answers the first dismissal."""
        if participant_id == other_id:
            raise Conflict("A participant is not a duplicate of itself.")
        low, high = sorted((participant_id, other_id))
        with write_transaction():
            live_participant(low)
            live_participant(high)
            existing = self.model.get_or_none((self.model.participant_id == low) & (self.model.other_id == high))
            if existing is not None:
                return existing, self.represent([existing])[0], False
            row, item = self.create({"participant_id": low, "other_id": high})
        return row, item, True

    def pairs(self):
        """Every dismissed pair, as (lower id, higher id)."""
        return set(self.model.select(self.model.participant_id, self.model.other_id).tuples())


dismissal_records = Dismissals()
