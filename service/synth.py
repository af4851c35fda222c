"""Synthetic, realistic data for benchmarks: `flask --app service synth --statements N`.

Statements are Arabic sentences generated from a word-bigram model of the
seed statements, so the search index sees the real vocabulary and its real
spelling variety (hamza forms, prefixes). Speakers, outlets, events and
topics follow a Zipf-like spread, as in news: a few officials say most of
what is reported. Dates run over ten years. Everything is generated from
`seed`, so two runs with one seed build the same database.

Rows are written with bulk inserts in large transactions and the search
index is filled in one pass at the end, not row by row.
"""
import datetime
import hashlib
import json
import random

from . import arabic, search
from .config import ROOT
from .db import bulk_insert, reset_sequences, write_transaction
from .models import (Alias, Article, ArticleEvent, Country, Event, EventParticipant, Outlet,
                     Participant, Statement, StatementTopic, Topic, utcnow)

STATEMENTS_PER_ARTICLE = 6
ARTICLES_PER_EVENT = 3
COUNTRIES = [("SY", "سورية", "Syria"), ("IR", "إيران", "Iran"), ("IQ", "العراق", "Iraq"),
             ("LB", "لبنان", "Lebanon"), ("RU", "روسيا", "Russia"), ("TR", "تركيا", "Turkey")]
CUES = ["قال", "أكد", "أشار", "شدد", "أوضح", "اعتبر", "لفت", "جدد"]
PLACES = ["طهران", "دمشق", "بغداد", "بيروت", "موسكو", "أنقرة"]


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
    bulk_insert(model, rows)


def _next_id(model):
    return (model.select(model.id).order_by(model.id.desc()).scalar() or 0) + 1


def synthesize(statements, seed=1, progress=None):
    """Add about `statements` statements (and what they need); return counts."""
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    now = utcnow()
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    with write_transaction():
        for code, name_ar, name_en in COUNTRIES:
            Country.insert(code=code, name_ar=name_ar, name_en=name_en, **stamp).on_conflict_ignore().execute()
        topic_ids = [t.id for t in Topic.select(Topic.id)]
        if not topic_ids:
            _insert(Topic, [{**t, **stamp} for t in _fixture("topics")])
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
            names = {f"{first} {last}": "full", last: "short", f"الوزير {last}": "honorific"}
            aliases += [{"participant": pid, "name": name, "normalized": arabic.normalize(name),
                         "language": "ar", "kind": kind} for name, kind in names.items()]
        _insert(Participant, participants)
        _insert(Alias, aliases)

    speaker_ids = [p["id"] for p in participants]
    speaker_weights = zipf_weights(len(speaker_ids))
    outlet_ids = [o["id"] for o in outlets]
    outlet_weights = zipf_weights(len(outlet_ids))
    topic_weights = zipf_weights(len(topic_ids))
    names = {p["id"]: p["name_ar"] for p in participants}
    start_day = datetime.date(2015, 1, 1)

    articles_needed = -(-statements // STATEMENTS_PER_ARTICLE)
    events_needed = -(-articles_needed // ARTICLES_PER_EVENT)
    made = 0
    event_id, article_id, statement_id = _next_id(Event), _next_id(Article), _next_id(Statement)
    first_event, first_article = event_id, article_id
    for chunk in range(0, events_needed, 200):
        events, event_links, articles, article_links, rows, topic_links = [], [], [], [], [], []
        for _ in range(min(200, events_needed - chunk)):
            day = start_day + datetime.timedelta(days=rng.randrange(3650))
            members = list(dict.fromkeys(rng.choices(speaker_ids, speaker_weights, k=3)))
            events.append({"id": event_id, "kind": "meeting", "title": f"لقاء {names[members[0]]}",
                           "place": rng.choice(PLACES), "date": day, "date_precision": "day", **stamp})
            event_links += [{"event": event_id, "participant": m, "side": "participant"} for m in members]
            for _ in range(ARTICLES_PER_EVENT):
                if made >= statements:
                    break
                body, spans = [], []
                position = 0
                for _ in range(min(STATEMENTS_PER_ARTICLE, statements - made)):
                    speaker = rng.choice(members)
                    cue, text = rng.choice(CUES), vocabulary.sentence()
                    lead = f"{cue} {names[speaker]} إن "
                    spans.append((speaker, cue, lead.strip(), text, position + len(lead)))
                    sentence = f"{lead}{text}. "
                    body.append(sentence)
                    position += len(sentence)
                    made += 1
                body = "".join(body)
                published = datetime.datetime.combine(day, datetime.time(rng.randrange(24), rng.randrange(60)))
                articles.append({"id": article_id, "outlet": rng.choices(outlet_ids, outlet_weights)[0],
                                 "title": spans[0][3][:80], "body": body, "published_at": published,
                                 "published_at_offset": 180, "date_precision": "day", "language": "ar",
                                 "content_hash": hashlib.sha256(arabic.normalize(body).encode()).hexdigest(),
                                 "provenance": f"synth seed={seed}", **stamp})
                article_links.append({"event": event_id, "article": article_id})
                for speaker, cue, attribution, text, start in spans:
                    normalized = arabic.normalize(text)
                    rows.append({"id": statement_id, "article": article_id, "speaker": speaker,
                                 "event": event_id, "text": text, "kind": "indirect", "start": start,
                                 "end": start + len(text), "attribution_text": attribution, "cue": cue,
                                 "normalized": normalized,
                                 "fingerprint": hashlib.sha256(normalized.encode()).hexdigest(), **stamp})
                    for topic in set(rng.choices(topic_ids, topic_weights, k=2)):
                        topic_links.append({"statement": statement_id, "topic": topic})
                    statement_id += 1
                article_id += 1
            event_id += 1
        with write_transaction():
            for model, batch in ((Event, events), (EventParticipant, event_links), (Article, articles),
                                 (ArticleEvent, article_links), (Statement, rows),
                                 (StatementTopic, topic_links)):
                _insert(model, batch)
        if progress:
            progress(len(rows))
    with write_transaction():
        reset_sequences([Outlet, Participant, Alias, Event, Article, Statement])
        search.rebuild()
    return {"statements": made, "articles": len(range(first_article, article_id)),
            "events": len(range(first_event, event_id)), "participants": len(participants)}
