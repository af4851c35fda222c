"""A participant's activity: what they said, where they met, whom they met.

    GET /api/v1/participants/{id}/statements     the feed, said by them
    GET /api/v1/participants/{id}/events         the events they took part in
    GET /api/v1/participants/{id}/counterparts   whom they met, how often, first and last date

Views over statements and events seen from one participant; they reuse
those resources' lists (filters, pagination, expand) rather than copy them.
"""
from peewee import JOIN, fn

from schemas.common import view_of
from schemas.events import EventQuery
from schemas.participants import CounterpartPageSchema, CounterpartQuery
from schemas.statements import StatementQuery

from ..http.blueprint import ApiBlueprint
from ..http.collection import next_link
from ..http.listing import offset_page
from ..http.merged import redirect_merged
from ..http.responses import json_response
from ..models import Event, EventParticipant
from ..records import participant_records
from ..records.participants import survivor_of
from .events import events
from .statements import statements

blp = ApiBlueprint("activity", __name__, url_prefix="/api/v1/participants",
                   description="A participant's statements, meetings and counterparts")
redirect_merged(blp, "participant_id", survivor_of)


@blp.get("/<int:participant_id>/statements", operation_id="listParticipantStatements")
@blp.query(StatementQuery)
@blp.page(view_of(StatementQuery))
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(308, response="PERMANENT_REDIRECT")
def participant_statements(args, participant_id):
    """A participant's statements, with the feed's filters

    `/statements?speaker={participant_id}`, 404 for a participant that does not exist; paged
    like every list.
    """
    participant_records.find(participant_id)
    return statements.list({**args, "speaker": [participant_id]})


@blp.get("/<int:participant_id>/events", operation_id="listParticipantEvents")
@blp.query(EventQuery)
@blp.page(view_of(EventQuery))
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(308, response="PERMANENT_REDIRECT")
def participant_events(args, participant_id):
    """The events (meetings, visits) a participant took part in

    `/events?participant={participant_id}`, 404 for a participant that does not exist; paged
    like every list.
    """
    participant_records.find(participant_id)
    return events.list({**args, "participant": [participant_id]})


def counterparts_of(participant_id, limit, offset=0):
    """[(participant id, meetings, first date, last date)], most frequent first
    (ties by id), `limit` of them from `offset` on."""
    mine = EventParticipant.alias("mine")
    theirs = EventParticipant.alias("theirs")
    query = (theirs
             .select(theirs.participant, fn.COUNT(Event.id.distinct()).alias("meetings"),
                     fn.MIN(Event.date).alias("first_date"), fn.MAX(Event.date).alias("last_date"))
             .join(mine, on=(mine.event == theirs.event))
             .join_from(theirs, Event, JOIN.INNER, on=(Event.id == theirs.event))
             .where((mine.participant == participant_id) & (theirs.participant != participant_id))
             .group_by(theirs.participant)
             .order_by(fn.COUNT(Event.id.distinct()).desc(), theirs.participant)
             .limit(limit).offset(offset))
    return list(query.tuples())


@blp.get("/<int:participant_id>/counterparts", operation_id="listParticipantCounterparts")
@blp.query(CounterpartQuery)
@blp.response(200, CounterpartPageSchema)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(308, response="PERMANENT_REDIRECT")
def participant_counterparts(args, participant_id):
    """Whom a participant met, how often, and when first and last

    Most meetings first, ties by id; paged like every list (`next_cursor`
    and a `Link` header while more counterparts remain).
    """
    participant_records.find(participant_id)
    rows, next_cursor, _ = offset_page(args, f"counterparts:{participant_id}",
                                       lambda offset, count: counterparts_of(participant_id, count, offset))
    shown = {row.id: item for row, item in participant_records.represent_ids([r[0] for r in rows])}
    return json_response({"items": [
        {"participant": shown[other], "meetings": meetings,
         "first_date": _day(first), "last_date": _day(last)}
        for other, meetings, first, last in rows], "next_cursor": next_cursor}, headers=next_link(next_cursor))


def _day(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
