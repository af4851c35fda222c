"""Events: meetings and visits, who took part, and the articles that report them."""
from schemas.events import EventQuery

from ..http.blueprint import ApiBlueprint
from ..http.collection import Collection
from ..http.routes import crud_routes
from ..records import event_records

blp = ApiBlueprint("events", __name__, url_prefix="/api/v1/events",
                   description="Meetings, visits and calls")

events = Collection(event_records, "events.get_event")
crud_routes(blp, events, query=EventQuery, singular="event", plural="events")
