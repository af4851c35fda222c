"""Meetings: who met whom, and where.

A meeting is proposed where a sentence has a meeting word outside quotes:
a verb ("التقى X Y", "استقبل", "اجتمع", "الأسد يلتقي خامنئي"), a noun with
its owner ("خلال لقائه X": the owner is the sentence's subject) or without
("خلال لقاء الوفد … علي لاريجاني، قدم خميس …", "المباحثات التي جمعت X و
Y"). The people are the mentions before the reported content starts (a
complementizer, colon or quote): a name inside what was said is not a
guest. One proposal per pair, as events.json records meetings.
"""
from __future__ import annotations

import dataclasses
import datetime

from ..arabic import normalize
from . import lexicon
from .mentions import Candidate, Mention, strip_article
from .rules import SentenceView
from .text import Text

_OWNED_NOUN_SUFFIXES = ("ه", "ها", "هما", "هم")

# A person named after these is talked about, not met: condolences "باستشهاد
# الفريق قاسم سليماني", "نهج سليماني", "اغتيال", "عهد".
_ABOUT = frozenset(normalize(word) for word in (
    "استشهاد", "باستشهاد", "لاستشهاد", "اغتيال", "باغتيال", "مقتل", "بمقتل", "وفاة", "بوفاة", "رحيل",
    "برحيل", "نهج", "بنهج", "ذكرى", "عهد", "خلفا", "خلفاً", "جريمة", "روح", "ضريح", "قبر",
))


# People farther than this from the meeting word are not taken for its sides:
# bounded work on a sentence of any length, and fewer guests from another clause.
WINDOW = 30


def _is_call(view: SentenceView, k: int) -> bool:
    """"اتصال هاتفي", "مكالمة هاتفية": the noun and its adjective."""
    norm = view.norm(k) or ""
    forms = (norm, strip_article(norm), norm[1:] if norm[:1] in "وب" else norm)
    return any(form in lexicon.CALL_NOUNS for form in forms) and (view.norm(k + 1) or "") in lexicon.CALL_MARKERS


def _trigger(token) -> str | None:
    norm = token.norm
    if norm in lexicon.MEETING_VERBS or (norm[:1] in "وف" and norm[1:] in lexicon.MEETING_VERBS):
        return "verb"
    if norm in lexicon.GATHERING_VERBS:
        return "gathering"
    for form in (norm, strip_article(norm), norm[1:] if norm[:1] in "وف" else norm):
        if form in lexicon.MEETING_NOUNS:
            return "owned" if form.endswith(_OWNED_NOUN_SUFFIXES) and form not in (normalize("لقاء"),) else "noun"
    return None


def _people(view: SentenceView, directory, first: int, stop: int) -> list[Mention]:
    """Person mentions in items [first, stop), before any reported content."""
    found = []
    for k in range(first, stop):
        token = view.items[k]
        if view.in_quote(k) or token.raw == ":" or token.raw in lexicon.QUOTE_MARKS \
                or token.norm in lexicon.BARE_COMPLEMENTIZERS:
            break
        mention = view.mention_at(k)
        if mention and not mention.best and mention.kind == "title" and len(mention.text.split()) > 1 \
                and not mention.complement:
            # A side named by its post only ("رئيس المجلس الدستوري"): data/extraction-dev/GUIDE.md's title as written.
            mention = dataclasses.replace(mention, candidates=[
                Candidate(None, " ".join(mention.text.split()), 0.3, "title")])
        if mention and mention.best and _is_person(mention, directory) and not mention.complement \
                and view.norm(k - 1) not in _ABOUT:
            found.append(mention)
    return found


def _is_person(mention: Mention, directory) -> bool:
    """A side of a meeting: a person, or a body named in full (not "الوزارة", "رئاسة")."""
    if mention.kind == "organization" and (len(mention.text.split()) < 2 or mention.best.via != "organization"):
        return False
    pid = mention.best.participant_id
    return pid is None or getattr(directory.people.get(pid), "kind", "person") == "person"


def _place(view: SentenceView, first: int):
    for k in range(first, min(len(view), first + WINDOW)):
        token = view.items[k]
        if view.in_quote(k) or token.raw == ":" or token.norm in lexicon.BARE_COMPLEMENTIZERS:
            break  # a city inside what was said is not where they met
        for form in (token.norm, token.norm[1:] if token.norm[:1] in "بول" else token.norm):
            if form in lexicon.PLACES and not view.in_quote(k):
                return token.raw[len(token.raw) - len(form):] if form != token.norm else token.raw, \
                    lexicon.PLACES[form]
    return None, None


def find(text: Text, mentions: list[Mention], period, directory, budget=None) -> list[dict]:
    by_first = {m.first: m for m in mentions}
    proposals: dict[frozenset, dict] = {}
    default_place = (None, None)   # where the article's first meeting took place
    for sentence in text.sentences:
        if budget is not None:
            budget.check_time()
        view = SentenceView(text, sentence, by_first)
        for k, token in enumerate(view.items):
            if budget is not None:
                budget.tick()
            if not token.word or view.in_quote(k):
                continue
            kind = _trigger(token)
            call = _is_call(view, k)
            if call:
                kind = "noun"
            if kind is None:
                continue
            before = _people(view, directory, max(0, k - WINDOW), k)
            after = _people(view, directory, k + 1, min(len(view), k + 1 + WINDOW))
            if sum(1 for m in before + after if m.kind != "organization") >= 2:
                # A body is a side only when no person is named for it (data/extraction-dev/GUIDE.md):
                # "لقاء الوفد الحكومي رئيس مجلس الشورى علي لاريجاني، قدم خميس".
                before = [m for m in before if m.kind != "organization"]
                after = [m for m in after if m.kind != "organization"]
            if kind == "verb":
                subject = after[0] if after and after[0].first == view.items[k + 1].index else None
                subject = subject or (before[-1] if before and before[-1].stop - 1 == view.items[k - 1].index else None)
                others = [m for m in after if m is not subject]
            elif kind == "owned":
                subject = before[-1] if before else None
                others = after
            else:
                people = before + after
                subject, others = (people[0], people[1:]) if people else (None, [])
            if subject is None:
                continue
            others = [m for m in others if m.key != subject.key]
            if not others:
                continue
            place, country = _place(view, k)
            if place and default_place[0] is None:
                default_place = (place, country)
            place, country = (place, country) if place else default_place
            for other in others:
                if other.key == subject.key:
                    continue
                _add(proposals, subject, other, place, country, text, sentence, period, directory,
                     "call" if call else "meeting")
    return list(proposals.values())


def _add(proposals, subject, other, place, country, text, sentence, period, directory, kind="meeting"):
    key = frozenset((subject.key, other.key))
    evidence = {"text": text.body[text.tokens[sentence.first].start:text.tokens[sentence.stop - 1].end],
                "start": text.tokens[sentence.first].start, "end": text.tokens[sentence.stop - 1].end}
    proposal = proposals.get(key)
    if proposal is None:
        date, precision = _date(period, _days_before(text, sentence))
        proposal = proposals[key] = {
            "kind": kind,
            "participants": [_participant(m, country, directory) for m in (subject, other)],
            "place": place,
            "country_code": country,
            "date": date,
            "date_precision": precision,
            "confidence": round(min(subject.best.score, other.best.score), 2),
            "evidence": [],
        }
    elif place and not proposal["place"]:
        proposal["place"], proposal["country_code"] = place, country
        for entry, mention in zip(proposal["participants"], (subject, other)):
            entry["side"] = _side(mention, country, directory)
    if all(e["start"] != evidence["start"] for e in proposal["evidence"][-1:]):
        proposal["evidence"].append(evidence)  # sentences come in order: a repeat is the last one


def _participant(mention: Mention, country, directory) -> dict:
    best = mention.best
    return {"id": best.participant_id, "name": best.name, "side": _side(mention, country, directory)}


def _side(mention: Mention, country, directory) -> str | None:
    """host when the meeting is in the participant's country, guest when not."""
    person = directory.people.get(mention.best.participant_id)
    if person is None or not person.country_code or not country:
        return None
    return "host" if person.country_code == country else "guest"


_YESTERDAY = normalize("أمس")
_BEFORE = normalize("أول")


def _days_before(text: Text, sentence) -> int:
    """"واجرى امس مباحثات": the meeting was the day before the article ("أول أمس": two)."""
    words = [t.norm for t in text.words(sentence.first, sentence.stop)]
    for i, word in enumerate(words):
        if word == _YESTERDAY:
            return 2 if i and words[i - 1] == _BEFORE else 1
    return 0


def _date(period, days_before=0):
    """The article's date stands for the meeting's ("اليوم"), at the precision it is known."""
    if period is None:
        return None, None
    first, last = period
    if first == last:
        return (first - datetime.timedelta(days=days_before)).isoformat(), "day"
    if (last - first).days < 40:
        return first.isoformat(), "month"
    return first.isoformat(), "year"


def assign(statements: list[dict], sentences, events: list[dict], text: Text):
    """A statement belongs to the latest meeting reported before it that its speaker took part in."""
    for statement, sentence in zip(statements, sentences):
        speaker = statement["speaker"]
        best = None
        for index, event in enumerate(events):
            took_part = any((p["id"] is not None and p["id"] == speaker["id"])
                            or (p["id"] is None and speaker["id"] is None and p["name"] == speaker["name"])
                            for p in event["participants"])
            reported_before = min(e["start"] for e in event["evidence"]) <= statement["start"]
            if took_part and reported_before:
                latest = max(e["start"] for e in event["evidence"] if e["start"] <= statement["start"])
                if best is None or latest > best[0]:
                    best = (latest, index)
        statement["event"] = best[1] if best else None
