"""The newsroom's data model (docs/data-model.md) as peewee models.

Popolo in spirit: participants (persons and organizations) hold roles over
time, take part in events, and make statements that articles report. One
statement row per reporting article, as in Quotebank: the same quote carried
by two outlets is two rows that /statements/{id}/related ties together.

Dates and times are stored in UTC without an offset (the one representation
both engines sort the same way); an article's original UTC offset is kept
beside its timestamp so it is served as the outlet printed it.
"""
import datetime
import secrets

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from .db import database
from .row_objects import FastRowsModel

PRECISIONS = ("day", "month", "year")
OUTLET_KINDS = ("agency", "newspaper", "broadcaster", "website")
PARTICIPANT_KINDS = ("person", "organization")
ALIAS_KINDS = ("full", "short", "honorific", "transliteration", "former")
ALIAS_LANGUAGES = ("ar", "en", "fa")
EVENT_KINDS = ("meeting", "visit", "call", "conference")
STATEMENT_KINDS = ("direct", "indirect")
SCOPES = ("read", "write", "admin")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)


def as_utc(moment):
    """An aware datetime as the naive UTC the database stores."""
    return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def utc_offset_minutes(moment):
    return int(moment.utcoffset().total_seconds() // 60)


class BaseModel(FastRowsModel):
    class Meta:
        database = database
        legacy_table_names = False


def new_row_token():
    return secrets.token_hex(4)


def new_row_tokens(count):
    """`count` row tokens at once, for a bulk load (one call to the OS's generator)."""
    drawn = secrets.token_hex(4 * count)
    return [drawn[i:i + 8] for i in range(0, 8 * count, 8)]


class DomainModel(BaseModel):
    """A resource of the API: timestamps and a version the write path keeps."""

    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    version = IntegerField(default=1)
    # Drawn when the row is inserted, never changed: its ETags carry it
    # (http/etag.py), so a row that takes a deleted row's key (a country's
    # code chosen again, an id SQLite hands back) never answers to that row's
    # tags. Neither in the representation nor in the dataset; rows older
    # than the column have none.
    row_token = CharField(max_length=8, null=True, default=new_row_token)


class Country(DomainModel):
    code = CharField(max_length=2, primary_key=True)
    name_ar = CharField(max_length=200)
    name_en = CharField(max_length=200)


def country_reference(**kwargs):
    """A reference to a country, read and written as `country_code`."""
    return ForeignKeyField(
        Country, field=Country.code, column_name="country_code",
        object_id_name="country_code", null=True, **kwargs,
    )


class Outlet(DomainModel):
    name = CharField(max_length=200, unique=True)
    name_ar = CharField(max_length=200, null=True)
    url = CharField(max_length=2000, null=True)
    country = country_reference(backref="outlets")
    kind = CharField(max_length=20, null=True)


class Article(DomainModel):
    outlet = ForeignKeyField(Outlet, null=True, backref="articles")
    title = TextField(null=True)
    body = TextField()
    url = CharField(max_length=2000, null=True, unique=True)
    published_at = DateTimeField(null=True, index=True)
    # Minutes east of UTC as printed by the outlet ("بتوقيت طهران" = +270).
    published_at_offset = SmallIntegerField(null=True)
    date_precision = CharField(max_length=5, null=True)
    language = CharField(max_length=35, default="ar")
    dateline = CharField(max_length=300, null=True)
    credits = CharField(max_length=500, null=True)
    content_hash = CharField(max_length=64, index=True)
    provenance = CharField(max_length=2000, null=True)


class Participant(DomainModel):
    kind = CharField(max_length=20, default="person")
    name_ar = CharField(max_length=300)
    name_en = CharField(max_length=300, null=True)
    country = country_reference(backref="participants")
    wikidata_id = CharField(max_length=20, null=True, unique=True)
    description = TextField(null=True)
    merged_into = ForeignKeyField("self", null=True, backref="merged")


class Alias(BaseModel):
    participant = ForeignKeyField(Participant, backref="aliases", on_delete="CASCADE")
    name = CharField(max_length=300)
    normalized = CharField(max_length=300, index=True)
    language = CharField(max_length=2, default="ar")
    kind = CharField(max_length=20, default="full")

    class Meta:
        indexes = ((("participant", "name"), True),)


class Role(DomainModel):
    participant = ForeignKeyField(Participant, backref="roles", on_delete="CASCADE")
    title_ar = CharField(max_length=300)
    title_en = CharField(max_length=300, null=True)
    organization = ForeignKeyField(Participant, null=True, backref="posts")
    country = country_reference(backref="roles")
    start_date = DateField(null=True)
    start_date_precision = CharField(max_length=5, null=True)
    end_date = DateField(null=True)
    end_date_precision = CharField(max_length=5, null=True)


class Event(DomainModel):
    kind = CharField(max_length=20, default="meeting")
    title = CharField(max_length=500, null=True)
    place = CharField(max_length=300, null=True)
    country = country_reference(backref="events")
    date = DateField(null=True, index=True)
    date_precision = CharField(max_length=5, null=True)


class EventParticipant(BaseModel):
    event = ForeignKeyField(Event, backref="participant_links", on_delete="CASCADE")
    participant = ForeignKeyField(Participant, backref="event_links")
    side = CharField(max_length=50, null=True)

    class Meta:
        indexes = ((("event", "participant"), True),)


class ArticleEvent(BaseModel):
    event = ForeignKeyField(Event, backref="article_links", on_delete="CASCADE")
    article = ForeignKeyField(Article, backref="event_links")

    class Meta:
        indexes = ((("article", "event"), True),)


class Topic(DomainModel):
    slug = CharField(max_length=100, unique=True)
    name_ar = CharField(max_length=200)
    name_en = CharField(max_length=200, null=True)


class Statement(DomainModel):
    # No index of its own: (article, speaker) below leads with it.
    article = ForeignKeyField(Article, backref="statements", index=False)
    speaker = ForeignKeyField(Participant, backref="statements")
    event = ForeignKeyField(Event, null=True, backref="statements")
    addressee = ForeignKeyField(Participant, null=True, backref="addressed")
    text = TextField()
    kind = CharField(max_length=10)
    start = IntegerField(null=True)
    end = IntegerField(null=True)
    attribution_text = TextField(null=True)
    cue = CharField(max_length=100, null=True)
    attributed_via = CharField(max_length=300, null=True)

    class Meta:
        # Covers the dashboard's counts over a date range (api/stats.py): the
        # statements of the range's articles, by speaker (and so by country),
        # read from the index alone, never from the rows and their text.
        indexes = ((("article", "speaker"), False),)


class StatementTopic(BaseModel):
    # No index of its own: the unique (statement, topic) leads with it.
    statement = ForeignKeyField(Statement, backref="topic_links", on_delete="CASCADE", index=False)
    topic = ForeignKeyField(Topic, backref="statement_links")

    class Meta:
        indexes = ((("statement", "topic"), True),)


class ApiKey(BaseModel):
    """Operational: a client's credential. Only a hash of the secret is kept."""

    name = CharField(max_length=100, unique=True)
    prefix = CharField(max_length=16)
    secret_hash = CharField(max_length=64, unique=True)
    scope = CharField(max_length=10)
    created_at = DateTimeField(default=utcnow)
    revoked_at = DateTimeField(null=True)


class IdempotencyRecord(BaseModel):
    """Operational: the first response to a POST sent with an Idempotency-Key."""

    owner = CharField(max_length=100)           # the API key's name: keys are scoped to it
    key = CharField(max_length=255)
    # The digest of method, path, query and body (http/idempotency.py's
    # request_digest); its column keeps the name it shipped with.
    request_digest = CharField(max_length=64, column_name="fingerprint")
    status = SmallIntegerField()
    headers = TextField()                       # JSON
    body = TextField()
    created_at = DateTimeField(default=utcnow, index=True)

    class Meta:
        indexes = ((("owner", "key"), True),)


class Revision(BaseModel):
    """Operational: every create, update and delete of a domain row, before and after."""

    resource = CharField(max_length=50)
    row_key = CharField(max_length=50)
    action = CharField(max_length=10)           # create, update, delete
    version = IntegerField(null=True)
    api_key = CharField(max_length=100, null=True)
    at = DateTimeField(default=utcnow)
    before = TextField(null=True)               # JSON representation
    after = TextField(null=True)

    class Meta:
        indexes = ((("resource", "row_key", "id"), False),)


class ExtractionRun(BaseModel):
    """An article the archive run (`flask extract --all`) has done, with which extractor.

    A rerun skips what is here for the same extractor version and mode, so a
    run killed halfway resumes where it stopped (issue #14, item 6)."""
    article = ForeignKeyField(Article, backref="extraction_runs", on_delete="CASCADE")
    extractor_version = CharField(max_length=40)
    committed = BooleanField(default=False)      # --commit: the confident proposals were saved
    statements = IntegerField(default=0)         # proposed
    events = IntegerField(default=0)
    saved_statements = IntegerField(default=0)
    saved_events = IntegerField(default=0)
    error = CharField(max_length=500, null=True)  # a budget exceeded, for one
    finished_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("article", "extractor_version", "committed"), True),)


class ServiceSecret(BaseModel):
    """Operational: a key the service signs with (cursors), made once per database (service/signing.py)."""

    name = CharField(max_length=50, unique=True)
    value = CharField(max_length=100)


class DuplicateDismissal(DomainModel):
    """An editor's judgement that two participants are not one: the pair is
    kept out of the duplicate candidates (service/records/duplicates.py).

    Plain ids, lower first, not foreign keys: a dismissal must neither block
    deleting a participant nor be an owned part whose write bumps its version."""
    participant_id = IntegerField()
    other_id = IntegerField()

    class Meta:
        indexes = ((("participant_id", "other_id"), True),)


DOMAIN_MODELS = [
    Country, Outlet, Article, Participant, Alias, Role, Event, EventParticipant,
    ArticleEvent, Topic, Statement, StatementTopic,
]
OPERATIONAL_MODELS = [ApiKey, IdempotencyRecord, Revision, ExtractionRun, ServiceSecret, DuplicateDismissal]
ALL_MODELS = DOMAIN_MODELS + OPERATIONAL_MODELS
