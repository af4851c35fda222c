"""Events: meetings, visits and calls, however many articles report them."""
from marshmallow import fields, validate

from service.models import EVENT_KINDS, PRECISIONS

from .common import BaseSchema, Choice, Id, IdFilter, ListQuery, Nullable, ResourceSchema, Text, ValueFilter
from .places import CountryCode


class EventParticipantSchema(BaseSchema):
    participant_id = Id(required=True)
    side = Nullable(Text(50, metadata={"example": "guest"}))


class EventSchema(ResourceSchema):
    kind = fields.String(load_default="meeting", validate=validate.OneOf(EVENT_KINDS))
    title = Nullable(Text(500, metadata={"example": "لقاء الرئيس الأسد والسيد علي الخامنئي"}))
    place = Nullable(Text(300, metadata={"example": "طهران"}))
    country_code = Nullable(CountryCode())
    date = Nullable(fields.Date())
    date_precision = Nullable(Choice(PRECISIONS))
    participants = fields.List(fields.Nested(EventParticipantSchema), validate=validate.Length(max=200),
                               load_default=list,
                               metadata={"description": "Who took part; replaced as a whole on write"})
    article_ids = fields.List(Id(), validate=validate.Length(max=1000), load_default=list,
                              metadata={"description": "Articles that report the event"})


class EventQuery(ListQuery):
    SORTABLE = ("id", "date")
    OUTPUT = EventSchema
    kind = ValueFilter(Choice(EVENT_KINDS), "Events of these kinds")
    country = ValueFilter(CountryCode(), "Events in these countries")
    participant = IdFilter("Events these participants took part in")
    article = IdFilter("Events these articles report")
    from_ = fields.Date(data_key="from", attribute="from", metadata={"description": "On or after this date"})
    to = fields.Date(metadata={"description": "On or before this date"})
