"""Events: meetings and visits, who took part, and the articles that report them."""
from schemas.events import EventSchema

from ..errors import InvalidRecord
from ..models import Article, ArticleEvent, Event, EventParticipant, Participant
from .base import Records, attach, missing_ids
from .participants import participant_records, with_survivors


class Events(Records):
    model = Event
    schema = EventSchema
    nested = ("participants", "article_ids")
    filters = {
        "participant": lambda ids: Event.id.in_(
            EventParticipant.select(EventParticipant.event)
            .where(EventParticipant.participant.in_(with_survivors(ids)))),
        "article": lambda ids: Event.id.in_(
            ArticleEvent.select(ArticleEvent.event).where(ArticleEvent.article.in_(ids))),
        "from": lambda day: Event.date >= day,
        "to": lambda day: Event.date <= day,
    }

    def load_parts(self, rows):
        attach(rows, "participant_links", EventParticipant.id)
        attach(rows, "article_links", ArticleEvent.article)
        for row in rows:
            row.participants = [{"participant_id": link.participant_id, "side": link.side}
                                for link in row.participant_links]
            row.article_ids = [link.article_id for link in row.article_links]

    def validate(self, row, data):
        errors = {}
        listed = [p["participant_id"] for p in data.get("participants") or ()]
        if len(listed) != len(set(listed)):
            errors["participants"] = ["A participant is listed twice."]
        elif missing := missing_ids(Participant, listed):
            errors["participants"] = [f"No participant with id {i}." for i in missing]
        elif merged := [refusal for refusal in map(participant_records.refuses_reference, listed) if refusal]:
            errors["participants"] = merged
        if missing := missing_ids(Article, data.get("article_ids") or ()):
            errors["article_ids"] = [f"No article with id {i}." for i in missing]
        if errors:
            raise InvalidRecord("Invalid references: " + ", ".join(errors), errors=errors)

    def write_parts(self, row, data):
        if "participants" in data:
            EventParticipant.delete().where(EventParticipant.event == row.id).execute()
            for link in data["participants"] or ():
                EventParticipant.create(event=row.id, participant=link["participant_id"],
                                        side=link.get("side"))
        if "article_ids" in data:
            ArticleEvent.delete().where(ArticleEvent.event == row.id).execute()
            for article_id in dict.fromkeys(data["article_ids"] or ()):
                ArticleEvent.create(event=row.id, article=article_id)


event_records = Events()
