"""Revision history: nothing a correction overwrites is lost.

Every create, update and delete of a domain row through the API is recorded
in the same transaction as the write (who, with which API key, when, the
representation before and after), so the record and its history can never
disagree, and a deleted row's last state stays retrievable.
"""
import json

from flask import g, has_request_context

from .models import Revision


def record(resource, key, action, before, after, version):
    api_key = getattr(g, "api_key", None) if has_request_context() else None
    Revision.create(
        resource=resource, row_key=str(key), action=action, version=version,
        api_key=api_key.name if api_key else None,
        before=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False) if after is not None else None,
    )


def revisions(resource, key):
    query = Revision.select().where((Revision.resource == resource) & (Revision.row_key == str(key)))
    return [{"id": r.id, "action": r.action, "version": r.version, "api_key": r.api_key,
             "at": r.at.isoformat() + "+00:00",
             "before": json.loads(r.before) if r.before else None,
             "after": json.loads(r.after) if r.after else None}
            for r in query.order_by(Revision.id)]
