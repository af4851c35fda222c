"""Synthetic, realistic data for benchmarks: `flask --app service synth --statements N`.

Statements are Arabic sentences generated from a word-bigram model of the
seed statements, so the search index sees the real vocabulary and its real
spelling variety (hamza forms, prefixes). Speakers, outlets, events and
topics follow a Zipf-like spread, as in news: a few officials say most of
what is reported. Dates run over ten years. Everything is generated from
`seed`, so two runs with one seed build the same database.

Rows are written with bulk inserts in large transactions, numbered in
order of publication, and each batch's search documents are built from the
values at hand and indexed with it.
"""
import datetime
import functools
import json
import random

from . import arabic, search
from .config import ROOT
from .db import reset_sequences, write_transaction
from .models import (
    Alias,
    Article,
    ArticleEvent,
    Country,
    Event,
    EventParticipant,
    Outlet,
    Participant,
    Statement,
    StatementTopic,
    Topic,
    utcnow,
)
from .records.articles import content_hash_of_normalized
from .records.base import bulk_restore
from .records.dataset import large_page_cache
from .search import documents

STATEMENTS_PER_ARTICLE = 6
ARTICLES_PER_EVENT = 3
COUNTRIES = [("SY", "سورية", "Syria"), ("IR", "إيران", "Iran"), ("IQ", "العراق", "Iraq"),
             ("LB", "لبنان", "Lebanon"), ("RU", "روسيا", "Russia"), ("TR", "تركيا", "Turkey")]
CUES = ["قال", "أكد", "أشار", "شدد", "أوضح", "اعتبر", "لفت", "جدد"]
PLACES = ["طهران", "دمشق", "بغداد", "بيروت", "موسكو", "أنقرة"]
START_DAY = datetime.date(2015, 1, 1)
ARTICLES_PER_BATCH = 600


def _fixture(name):
    with open(ROOT / "fixtures" / f"{name}.json", encoding="utf-8") as file:
        return json.load(file)


class Vocabulary:
    """A word-bigram model of the seed statements."""

    def __init__(self, rng):
        self.rng = rng
        self.follows = {}
        self.starts = []
        for statement in _fixture("statements"):
            words = statement["text"].split()
            if words:
                self.starts.append(words[0])
            for a, b in zip(words, words[1:]):
                self.follows.setdefault(a, []).append(b)

    def sentence(self, low=8, high=24):
        words = [self.rng.choice(self.starts)]
        for _ in range(self.rng.randint(low, high)):
            options = self.follows.get(words[-1])
            words.append(self.rng.choice(options) if options else self.rng.choice(self.starts))
        return " ".join(words)


def zipf_weights(n, s=1.1):
    return [1 / (rank ** s) for rank in range(1, n + 1)]


def _insert(model, rows):
    bulk_restore(model, rows)


@functools.lru_cache(maxsize=None)
def _normalized_lead(attribution):
    return arabic.normalize(attribution)


def _next_id(model):
    return (model.select(model.id).order_by(model.id.desc()).scalar() or 0) + 1


def synthesize(statements, seed=1, progress=None):
    """Add about `statements` statements (and what they need); return counts."""
    with large_page_cache():
        return _synthesize(statements, seed, progress)


def _synthesize(statements, seed, progress):
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    now = utcnow()
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    with write_transaction():
        stored = {code for (code,) in Country.select(Country.code).tuples()}
        _insert(Country, [{"code": code, "name_ar": name_ar, "name_en": name_en, **stamp}
                          for code, name_ar, name_en in COUNTRIES if code not in stored])
        topic_ids = [t.id for t in Topic.select(Topic.id)]
        if not topic_ids:
            _insert(Topic, [{"id": key, **t, **stamp} for key, t in enumerate(_fixture("topics"), start=1)])
            topic_ids = [t.id for t in Topic.select(Topic.id)]

        first_outlet = _next_id(Outlet)
        outlets = [{"id": first_outlet + i, "name": f"synthetic-outlet-{first_outlet + i}",
                    "name_ar": f"وكالة الأنباء {i}", "country": rng.choice(COUNTRIES)[0],
                    "kind": rng.choice(["agency", "newspaper", "broadcaster", "website"]), **stamp}
                   for i in range(20)]
        _insert(Outlet, outlets)

        people = _fixture("participants")
        first_names = sorted({p["name_ar"].split()[0] for p in people if p["kind"] == "person"})
        last_names = sorted({p["name_ar"].split()[-1] for p in people if p["kind"] == "person"})
        count = max(50, statements // 200)
        first_participant = _next_id(Participant)
        participants, aliases = [], []
        for i in range(count):
            first, last = rng.choice(first_names), rng.choice(last_names)
            pid = first_participant + i
            participants.append({"id": pid, "kind": "person", "name_ar": f"{first} {last}",
                                 "name_en": None, "country": rng.choice(COUNTRIES)[0],
                                 "description": f"synthetic {seed}", **stamp})
            spellings = {f"{first} {last}": "full", last: "short", f"الوزير {last}": "honorific"}
            aliases += [{"participant": pid, "name": name, "normalized": arabic.normalize(name),
                         "language": "ar", "kind": kind} for name, kind in spellings.items()]
        _insert(Participant, participants)
        _insert(Alias, aliases)
        alias_names = {}
        for alias in aliases:  # in id order, as documents.participant_names reads them
            alias_names.setdefault(alias["participant"], []).append(alias["name"])
        names = {p["id"]: documents.names_text(p["name_ar"], p["name_en"], alias_names[p["id"]])
                 for p in participants}
        search.add_many("participant", ((key, documents.participant_document(text))
                                        for key, text in names.items()))

    speaker_ids = [p["id"] for p in participants]
    speaker_weights = zipf_weights(len(speaker_ids))
    outlet_ids = [o["id"] for o in outlets]
    outlet_weights = zipf_weights(len(outlet_ids))
    topic_weights = zipf_weights(len(topic_ids))
    full_names = {p["id"]: p["name_ar"] for p in participants}

    # Ids follow publication time, as in a newsroom's archive filled day by
    # day: events are made first and numbered by date, then their articles
    # are written in order of publication, each with its statements.
    articles_needed = -(-statements // STATEMENTS_PER_ARTICLE)
    events = []
    for first_slot in range(0, articles_needed, ARTICLES_PER_EVENT):
        day = START_DAY + datetime.timedelta(days=rng.randrange(3650))
        members = list(dict.fromkeys(rng.choices(speaker_ids, speaker_weights, k=3)))
        published = [datetime.datetime.combine(day, datetime.time(rng.randrange(24), rng.randrange(60)))
                     for _ in range(min(ARTICLES_PER_EVENT, articles_needed - first_slot))]
        events.append((day, members, published))
    events.sort(key=lambda event: event[0])
    first_event = _next_id(Event)
    event_rows, event_links, schedule = [], [], []
    for event_id, (day, members, published) in enumerate(events, start=first_event):
        event_rows.append({"id": event_id, "kind": "meeting", "title": f"لقاء {full_names[members[0]]}",
                           "place": rng.choice(PLACES), "date": day, "date_precision": "day", **stamp})
        event_links += [{"event": event_id, "participant": m, "side": "participant"} for m in members]
        schedule += [(moment, event_id, members) for moment in published]
    schedule.sort(key=lambda article: article[:2])
    with write_transaction():
        _insert(Event, event_rows)
        _insert(EventParticipant, event_links)

    made = 0
    article_id, statement_id = _next_id(Article), _next_id(Statement)
    first_article = article_id
    for chunk in range(0, len(schedule), ARTICLES_PER_BATCH):
        articles, article_links, rows, topic_links, statement_documents = [], [], [], [], []
        for published, event_id, members in schedule[chunk:chunk + ARTICLES_PER_BATCH]:
            body, spans = [], []
            position = 0
            for _ in range(min(STATEMENTS_PER_ARTICLE, statements - made)):
                speaker = rng.choice(members)
                cue, text = rng.choice(CUES), vocabulary.sentence()
                lead = f"{cue} {full_names[speaker]} إن "
                spans.append((speaker, cue, lead.strip(), text, arabic.normalize(text), position + len(lead)))
                sentence = f"{lead}{text}. "
                body.append(sentence)
                position += len(sentence)
                made += 1
            body = "".join(body)
            # normalize(body), from the parts normalized already: the sentences
            # are whitespace-separated and normalization never crosses a space.
            normalized_body = " ".join(f"{_normalized_lead(attribution)} {normalized}."
                                       for _, _, attribution, _, normalized, _ in spans)
            articles.append({"id": article_id, "outlet": rng.choices(outlet_ids, outlet_weights)[0],
                             "title": spans[0][3][:80], "body": body, "published_at": published,
                             "published_at_offset": 180, "date_precision": "day", "language": "ar",
                             "content_hash": content_hash_of_normalized(normalized_body),
                             "provenance": f"synth seed={seed}", **stamp})
            article_links.append({"event": event_id, "article": article_id})
            for speaker, cue, attribution, text, normalized, start in spans:
                rows.append({"id": statement_id, "article": article_id, "speaker": speaker,
                             "event": event_id, "text": text, "kind": "indirect", "start": start,
                             "end": start + len(text), "attribution_text": attribution, "cue": cue,
                             **stamp})
                statement_documents.append(
                    (statement_id, documents.statement_document(text, attribution, names[speaker])))
                for topic in set(rng.choices(topic_ids, topic_weights, k=2)):
                    topic_links.append({"statement": statement_id, "topic": topic})
                statement_id += 1
            article_id += 1
        with write_transaction():
            for model, batch in ((Article, articles), (ArticleEvent, article_links), (Statement, rows),
                                 (StatementTopic, topic_links)):
                _insert(model, batch)
            search.add_many("article", ((a["id"], documents.article_document(a["title"], a["body"]))
                                        for a in articles))
            search.add_many("statement", statement_documents)
        if progress:
            progress(len(rows))
    with write_transaction():
        reset_sequences([Topic, Outlet, Participant, Alias, Event, Article, Statement])
        search.finish_bulk_load()
    return {"statements": made, "articles": len(range(first_article, article_id)),
            "events": len(events), "participants": len(participants)}
