"""?commit=true: save the proposals the extractor is confident about, once.

Written through the records layer, as every writer is, so a saved
statement is validated, placed in the body, indexed and
given its revision exactly as one POSTed by an editor. Everything happens in
one transaction; the article row is locked first (FOR UPDATE on
PostgreSQL, BEGIN IMMEDIATE on SQLite), so two commits of the same article
run one after the other and the second finds the first's rows.

What counts as already there, so a second run adds nothing:
- a statement by the same speaker in the same article whose span overlaps
  the proposal's by half of the shorter (the rule `make eval-extract`
  matches by), or with the same normalized text;
- a meeting of the same two participants that this article already
  reports, or that is recorded for a date that may be the same day (an
  event known to the month, 2017-01, holds 2017-01-18).

Not saved: statements whose speaker is not on file or below
COMMIT_THRESHOLD, meetings with such a participant, and new participants
(creating a person is an editor's decision).
"""
from __future__ import annotations

import datetime

from peewee import fn

from schemas.events import EventSchema
from schemas.statements import StatementSchema

from ..arabic import normalize
from ..db import write_transaction
from ..models import ArticleEvent, Country, Event, EventParticipant, Statement
from ..records import article_records, event_records, statement_records
from . import COMMIT_THRESHOLD, dates
from .spans import MIN_OVERLAP, overlap


def commit(article, proposals: dict) -> dict:
    """Save the confident proposals of `article`; returns what was saved and what was skipped."""
    saved_statements, saved_events = [], []
    skipped = {"statements": 0, "events": 0}
    with write_transaction():
        article_records.find(article.id, for_update=True)
        event_ids = {}
        for index, event in enumerate(proposals["events"]):
            if not confident_event(event):
                continue
            existing = existing_event(article, event)
            if existing is not None:
                event_ids[index] = existing
                skipped["events"] += 1
                continue
            row, _ = event_records.create(EventSchema().load(event_record(article, event)))
            event_ids[index] = row.id
            saved_events.append(row)
        for statement in proposals["statements"]:
            if not confident_statement(statement):
                continue
            if statement_exists(article, statement):
                skipped["statements"] += 1
                continue
            record = statement_record(article, statement, event_ids.get(statement.get("event")))
            row, _ = statement_records.create(StatementSchema().load(record))
            saved_statements.append(row)
    return {
        "statements": statement_records.represent(saved_statements),
        "events": event_records.represent(saved_events),
        "skipped": skipped,
    }


def confident_statement(statement: dict) -> bool:
    speaker = statement["speaker"]
    return speaker["id"] is not None and speaker["confidence"] >= COMMIT_THRESHOLD


def confident_event(event: dict) -> bool:
    return all(p["id"] is not None for p in event["participants"]) and event["confidence"] >= COMMIT_THRESHOLD


def statement_exists(article, statement: dict) -> bool:
    key = normalize(statement["text"])
    for row in Statement.select(Statement.start, Statement.end, Statement.text).where(
            (Statement.article == article.id) & (Statement.speaker == statement["speaker"]["id"])):
        if normalize(row.text) == key:
            return True
        if row.start is not None and overlap({"start": row.start, "end": row.end}, statement) >= MIN_OVERLAP:
            return True
    return False


def existing_event(article, event: dict) -> int | None:
    """An event with both participants, reported by this article or held the same day."""
    ids = [p["id"] for p in event["participants"]]
    shared = (EventParticipant.select(EventParticipant.event)
              .where(EventParticipant.participant.in_(ids))
              .group_by(EventParticipant.event)
              .having(fn.COUNT(EventParticipant.participant) == len(set(ids))))
    candidates = Event.select().where(Event.id.in_(shared))
    reported = ArticleEvent.select(ArticleEvent.event).where(ArticleEvent.article == article.id)
    for row in candidates.where(Event.id.in_(reported)).order_by(Event.id):
        return row.id
    if event["date"]:
        day = datetime.date.fromisoformat(event["date"])
        for row in candidates.where(Event.date.is_null(False)).order_by(Event.id):
            if dates.may_be_the_same_day(row.date, row.date_precision, day, event["date_precision"]):
                return row.id
    return None



def event_record(article, event: dict) -> dict:
    names = [p["name"] for p in event["participants"]]
    country = event["country_code"]
    if country and not Country.select().where(Country.code == country).exists():
        country = None  # the place is known, its country is not on file
    return {
        "kind": event["kind"],
        "title": f"لقاء {names[0]} و{names[1]}"[:500],
        "place": event["place"],
        "country_code": country,
        "date": event["date"],
        "date_precision": event["date_precision"],
        "participants": [{"participant_id": p["id"], "side": p["side"]} for p in event["participants"]],
        "article_ids": [article.id],
    }


def statement_record(article, statement: dict, event_id: int | None) -> dict:
    addressee = statement.get("addressee") or {}
    return {
        "article_id": article.id,
        "speaker_id": statement["speaker"]["id"],
        "event_id": event_id,
        "addressee_id": addressee.get("id"),
        "text": statement["text"],
        "kind": statement["kind"],
        "start": statement["start"],
        "end": statement["end"],
        "attribution_text": _bounded(statement["attribution_text"], 2000),
        "cue": _bounded(statement["cue"], 100),
        "attributed_via": _bounded(statement["attributed_via"], 300),
        "topic_ids": [],
    }


def _bounded(value, length):
    return value[:length] if value else None
