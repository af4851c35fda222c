"""The records layer: every operation on stored rows, for every writer.

Routes, the fixtures loader, the extraction commit and the import all write
through these objects, so each write checks the same rules, bumps the same
versions, updates the search index and leaves its revision in one
transaction. Nothing here knows HTTP.

    base.py        Records: find, represent, create, update, delete
    revisions.py   the revision log (history, commit order, compact import rows)
    dataset.py     export, and import as a bulk, lossless restore
    places.py, articles.py, participants.py, events.py, statements.py
                   one kind of record each
"""
from .articles import article_records
from .base import RESOURCES
from .dismissals import dismissal_records
from .events import event_records
from .participants import participant_records, role_records
from .places import country_records, outlet_records, topic_records
from .statements import statement_records

__all__ = ["RESOURCES", "article_records", "country_records", "dismissal_records", "event_records",
           "outlet_records", "participant_records", "role_records", "statement_records",
           "topic_records"]
