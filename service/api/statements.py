"""Statements: what a participant said, as one article reports it."""
import datetime
import hashlib

from schemas.statements import RelatedPageSchema, StatementQuery, StatementSchema

from .. import search, similarity
from ..arabic import normalize
from ..http.blueprint import ApiBlueprint
from ..http.errors import ApiError
from ..http.resource import Resource, attach, json_response
from ..http.routes import crud_routes
from ..models import Article, Outlet, Participant, Statement, StatementTopic, Topic
from .articles import articles
from .events import events, missing_ids
from .outlets import outlets
from .participants import participants

blp = ApiBlueprint("statements", __name__, url_prefix="/api/v1/statements",
                   description="What participants said, as reported by articles")


def fingerprint(normalized):
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def published_between(first_day, last_day):
    """Statements whose article appeared from `first_day` to `last_day` (either may be None)."""
    bounds = []
    if first_day is not None:
        bounds.append(Article.published_at >= first_day)
    if last_day is not None:
        # The day's last instant, not the next day's first: 9999-12-31 has no next day.
        bounds.append(Article.published_at <= datetime.datetime.combine(last_day, datetime.time.max))
    return Statement.article.in_(Article.select(Article.id).where(*bounds))


class Statements(Resource):
    model = Statement
    schema = StatementSchema
    search_kind = "statement"
    endpoint = "statements.get_statement"
    nested = ("topic_ids",)
    expansions = {
        "speaker": ("speaker", participants),
        "addressee": ("addressee", participants),
        "article": ("article", articles),
        "event": ("event", events),
    }
    filters = {
        "country": lambda codes: Statement.speaker.in_(
            Participant.select(Participant.id).where(Participant.country.in_(codes))),
        "topic": lambda ids: Statement.id.in_(
            StatementTopic.select(StatementTopic.statement).where(StatementTopic.topic.in_(ids))),
        "outlet": lambda ids: Statement.article.in_(
            Article.select(Article.id).where(Article.outlet.in_(ids))),
        ("from", "to"): published_between,
        "q": lambda text: search.matching("statement", text),
    }

    def prepare(self, rows):
        attach(rows, "topic_links", StatementTopic.topic)
        for row in rows:
            row.topic_ids = [link.topic_id for link in row.topic_links]

    def check(self, row, data):
        super().check(row, data)
        if missing := missing_ids(Topic, data.get("topic_ids") or ()):
            raise ApiError(422, "Invalid references: topic_ids", kind="invalid-body",
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
        if (start is None) != (end is None):
            raise ApiError(422, "Give both start and end, or neither.", kind="invalid-body",
                           errors={"start": ["Give both start and end, or neither."]})
        body = Article.get_by_id(data.get("article_id", row.article_id)).body
        if start is not None:
            if body[start:end] != text:
                raise ApiError(422, "The text is not what the article body holds at start:end.",
                               kind="invalid-body",
                               errors={"text": [f"The article body at {start}:{end} reads "
                                                f"{body[start:end][:200]!r}."]})
        elif body.count(text) == 1:
            data["start"] = body.index(text)
            data["end"] = data["start"] + len(text)

    def write(self, row, data, creating=False):
        if "text" in data:
            row.normalized = normalize(data["text"])
            row.fingerprint = fingerprint(row.normalized)
        super().write(row, data, creating)

    def write_nested(self, row, data):
        if "topic_ids" in data:
            StatementTopic.delete().where(StatementTopic.statement == row.id).execute()
            for topic_id in dict.fromkeys(data["topic_ids"] or ()):
                StatementTopic.create(statement=row.id, topic=topic_id)


statements = Statements()
crud_routes(blp, statements, query=StatementQuery, singular="statement", plural="statements")


def related_to(statement, limit=50):
    """[(statement, similarity)]: the same words by the same speaker in other articles."""
    own = similarity.shingles(statement.normalized)
    candidates = (Statement.select()
                  .where((Statement.speaker == statement.speaker_id) & (Statement.article != statement.article_id))
                  .order_by(Statement.id.desc())
                  .limit(similarity.MAX_CANDIDATES))
    scored = [(other, round(similarity.containment(own, similarity.shingles(other.normalized)), 4))
              for other in candidates]
    scored = [(other, score) for other, score in scored if score >= similarity.THRESHOLD]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].id))[:limit]


@blp.get("/<int:statement_id>/related")
@blp.response(200, RelatedPageSchema)
@blp.alt_response(404, response="NOT_FOUND")
def related_statements(statement_id):
    """The same statement as reported by other articles and outlets"""
    statement = statements.find(statement_id)
    found = related_to(statement)
    items = statements.represent([other for other, _ in found])
    articles_by_id = {a.id: a for a in Article.select().where(Article.id.in_([o.article_id for o, _ in found]))}
    outlet_ids = {a.outlet_id for a in articles_by_id.values()} - {None}
    outlet_items = dict(zip(sorted(outlet_ids), outlets.represent(
        list(Outlet.select().where(Outlet.id.in_(list(outlet_ids))).order_by(Outlet.id)))))
    return json_response({"items": [
        {"statement": item, "outlet": outlet_items.get(articles_by_id[other.article_id].outlet_id),
         "similarity": score}
        for item, (other, score) in zip(items, found)]})
