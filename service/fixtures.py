"""Loads fixtures/ (the seed dataset) through the same schemas and records layer as the API.

Fixture records refer to each other by natural keys (a participant's `key`,
an outlet's `name`, a topic's `slug`, an article's `key`), which the loader
turns into ids. A record already present (by its natural identity) is left
as it is, so loading twice adds nothing.
"""
import json

from schemas.articles import ArticleSchema
from schemas.events import EventSchema
from schemas.participants import ParticipantSchema
from schemas.places import CountrySchema, OutletSchema, TopicSchema
from schemas.statements import StatementSchema

from .config import ROOT
from .db import write_transaction
from .models import Article, Country, Event, Outlet, Participant, Statement, Topic
from .records import (
    article_records,
    country_records,
    event_records,
    outlet_records,
    participant_records,
    statement_records,
    topic_records,
)

FIXTURES = ROOT / "fixtures"


def read(name):
    with open(FIXTURES / f"{name}.json", encoding="utf-8") as file:
        return json.load(file)


def read_body(relative_path):
    # newline="" keeps the text byte for byte, so statement offsets stay valid.
    with open(FIXTURES / relative_path, encoding="utf-8", newline="") as file:
        return file.read()


class Loader:
    def __init__(self):
        self.ids = {"outlet": {}, "topic": {}, "participant": {}, "article": {}, "event": {}}
        self.added = {}

    def add(self, records, schema, record, existing):
        """Create `record` unless `existing` (a row or None) already stands for it."""
        table = records.model._meta.table_name
        self.added.setdefault(table, 0)
        if existing is not None:
            return existing
        row, _ = records.create(schema().load(record))
        self.added[table] += 1
        return row

    def countries(self):
        for record in read("countries"):
            self.add(country_records, CountrySchema, record, Country.get_or_none(code=record["code"]))

    def outlets(self):
        for record in read("outlets"):
            row = self.add(outlet_records, OutletSchema, record, Outlet.get_or_none(name=record["name"]))
            self.ids["outlet"][record["name"]] = row.id

    def topics(self):
        for record in read("topics"):
            row = self.add(topic_records, TopicSchema, record, Topic.get_or_none(slug=record["slug"]))
            self.ids["topic"][record["slug"]] = row.id

    def participants(self):
        records = read("participants")
        # Roles may name an organization defined later in the file, so people
        # and bodies first, their roles second.
        for record in records:
            person = {k: v for k, v in record.items() if k not in ("key", "roles")}
            existing = (Participant.get_or_none(wikidata_id=record["wikidata_id"]) if record.get("wikidata_id")
                        else Participant.get_or_none(name_ar=record["name_ar"], kind=record.get("kind", "person")))
            row = self.add(participant_records, ParticipantSchema, person, existing)
            self.ids["participant"][record["key"]] = (row.id, existing is None)
        for record in records:
            participant_id, created = self.ids["participant"][record["key"]]
            if created and record.get("roles"):
                roles = [self.resolve_role(role) for role in record["roles"]]
                data = ParticipantSchema(only=("roles",), partial=True).load({"roles": roles})
                participant_records.update(participant_id, data)
        self.ids["participant"] = {key: pid for key, (pid, _) in self.ids["participant"].items()}

    def resolve_role(self, role):
        role = dict(role)
        organization = role.pop("organization", None)
        role["organization_id"] = self.ids["participant"][organization][0] if organization else None
        return role

    def articles(self):
        for record in read("articles"):
            article = {k: v for k, v in record.items() if k not in ("key", "body_file", "outlet")}
            article["body"] = read_body(record["body_file"])
            article["outlet_id"] = self.ids["outlet"][record["outlet"]] if record.get("outlet") else None
            existing = Article.get_or_none(provenance=record["provenance"])
            row = self.add(article_records, ArticleSchema, article, existing)
            self.ids["article"][record["key"]] = row.id

    def events(self):
        for record in read("events"):
            event = {k: v for k, v in record.items() if k not in ("key", "participants", "articles")}
            event["participants"] = [{"participant_id": self.ids["participant"][p["participant"]],
                                      "side": p.get("side")} for p in record.get("participants", [])]
            event["article_ids"] = [self.ids["article"][key] for key in record.get("articles", [])]
            existing = Event.get_or_none(title=record.get("title"), date=record.get("date"),
                                         kind=record.get("kind", "meeting"))
            row = self.add(event_records, EventSchema, event, existing)
            self.ids["event"][record["key"]] = row.id

    def statements(self):
        for record in read("statements"):
            statement = {k: v for k, v in record.items()
                         if k not in ("article", "speaker", "event", "addressee", "topics")}
            statement["article_id"] = self.ids["article"][record["article"]]
            statement["speaker_id"] = self.ids["participant"][record["speaker"]]
            statement["event_id"] = self.ids["event"][record["event"]] if record.get("event") else None
            statement["addressee_id"] = (self.ids["participant"][record["addressee"]]
                                         if record.get("addressee") else None)
            statement["topic_ids"] = [self.ids["topic"][slug] for slug in record.get("topics", [])]
            existing = Statement.get_or_none(article=statement["article_id"], speaker=statement["speaker_id"],
                                             start=record.get("start"), end=record.get("end"),
                                             text=record["text"])
            self.add(statement_records, StatementSchema, statement, existing)


def load():
    """Load every fixture file in one transaction; return rows added per table."""
    loader = Loader()
    with write_transaction():
        loader.countries()
        loader.outlets()
        loader.topics()
        loader.participants()
        loader.articles()
        loader.events()
        loader.statements()
    return loader.added
