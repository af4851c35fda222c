"""Statements: what a participant said, as one article reports it."""
import datetime

from schemas.statements import StatementSchema, span_errors

from .. import search
from ..errors import InvalidRecord
from ..models import Article, Statement, StatementTopic, Topic
from .articles import article_records
from .base import Records, attach, missing_ids
from .events import event_records
from .participants import of_countries, participant_records, with_survivors


def published_between(first_day, last_day):
    """Statements whose article appeared from `first_day` to `last_day` (either may be None)."""
    bounds = []
    if first_day is not None:
        bounds.append(Article.published_at >= first_day)
    if last_day is not None:
        # The day's last instant, not the next day's first: 9999-12-31 has no next day.
        bounds.append(Article.published_at <= datetime.datetime.combine(last_day, datetime.time.max))
    return Statement.article.in_(Article.select(Article.id).where(*bounds))


class Statements(Records):
    model = Statement
    schema = StatementSchema
    search_kind = "statement"
    nested = ("topic_ids",)
    expansions = {
        "speaker": ("speaker", participant_records),
        "addressee": ("addressee", participant_records),
        "article": ("article", article_records),
        "event": ("event", event_records),
    }
    sort_fields = {"published_at": Article.published_at}  # the reporting article's
    filters = {
        # A merged participant's old id finds what its survivor said (or was told).
        "speaker": lambda ids: Statement.speaker.in_(with_survivors(ids)),
        "addressee": lambda ids: Statement.addressee.in_(with_survivors(ids)),
        "country": lambda codes: Statement.speaker.in_(of_countries(codes)),
        "topic": lambda ids: Statement.id.in_(
            StatementTopic.select(StatementTopic.statement).where(StatementTopic.topic.in_(ids))),
        "outlet": lambda ids: Statement.article.in_(
            Article.select(Article.id).where(Article.outlet.in_(ids))),
        ("from", "to"): published_between,
        "q": lambda text: search.matching("statement", text),
    }

    def load_parts(self, rows):
        attach(rows, "topic_links", StatementTopic.topic)
        for row in rows:
            row.topic_ids = [link.topic_id for link in row.topic_links]

    def validate(self, row, data):
        if missing := missing_ids(Topic, data.get("topic_ids") or ()):
            raise InvalidRecord("Invalid references: topic_ids",
                                errors={"topic_ids": [f"No topic with id {i}." for i in missing]})
        self.place_in_body(row, data)

    def place_in_body(self, row, data):
        """Check `text` against the article body at its offsets, or find them.

        Offsets given must cut exactly `text` out of the body. Offsets not
        given are filled in when the text occurs exactly once, so every span
        in the database can be trusted by highlighting and extraction.
        """
        moved = any(name in data for name in ("text", "article_id"))
        if moved and "start" not in data and "end" not in data:
            data["start"] = data["end"] = None
        text = data.get("text", row.text)
        start = data.get("start", row.start)
        end = data.get("end", row.end)
        if not moved and "start" not in data and "end" not in data:
            return
        if errors := span_errors(start, end):
            raise InvalidRecord(next(iter(errors.values()))[0], errors=errors)
        body = Article.get_by_id(data.get("article_id", row.article_id)).body
        if start is not None:
            if body[start:end] != text:
                raise InvalidRecord("The text is not what the article body holds at start:end.",
                                    errors={"text": [f"The article body at {start}:{end} reads "
                                                     f"{body[start:end][:200]!r}."]})
        elif body.count(text) == 1:
            data["start"] = body.index(text)
            data["end"] = data["start"] + len(text)

    def write_parts(self, row, data):
        if "topic_ids" in data:
            StatementTopic.delete().where(StatementTopic.statement == row.id).execute()
            for topic_id in dict.fromkeys(data["topic_ids"] or ()):
                StatementTopic.create(statement=row.id, topic=topic_id)


statement_records = Statements()
