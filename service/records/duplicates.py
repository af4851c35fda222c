"""Duplicate candidates: pairs of participants that may be one person, scored from evidence.

Real reports name one official many ways ("حسن روحاني", "روحاني", "حسن روحانى",
"Hassan Rouhani"), and the extraction assist proposes a new participant
from every report, so the desk fills with duplicates. This module points
an editor at them; it never merges (that is the editor's decision).

Evidence, each listed in the answer as a reason with its weight:

    same_wikidata_id    both carry the same Wikidata id
    shared_name         a name or alias both carry, after Arabic normalization
                        (and with the article ال folded: المهدي جمعة = مهدي جمعة)
    name_contained      every word of one name is in the other (روحاني ⊂ حسن روحاني);
                        weighed by how much of the longer name's information it covers
    transliteration     a Latin name sounds like an Arabic one (service/romanize.py:
                        Rouhani ≈ روحاني), whole or contained
    same_post           the same title, in no two different countries, at overlapping dates
    met_each_other      (against) both took part in one event: two people, not one
    different_kind      (against) a person and an organization
    different_country   (against) both have a country, and they differ

The score combines the positive weights as independent evidence
(1 − Π(1 − w)) and then takes away each negative reason's share
(× (1 + w), w < 0). The weights were tuned on the tuning half of the
labelled set in data/duplicates/ and are measured on its other half
(`make eval-duplicates`).

Speed: candidates come from blocks, never from all pairs. Each participant
is filed under the keys of its names' words (the normalized word without
its article, and its consonant skeleton); only participants that share a
key are compared, and a key more than MAX_BLOCK participants share (a
"محمد", a "الرئيس") blocks nothing: a pair that shares only such words
has no evidence worth an editor's time. At most MAX_NAMES names of a
participant are compared.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from .. import arabic, romanize
from ..models import Alias, EventParticipant, Participant, Role
from .dismissals import dismissal_records

MAX_BLOCK = 60
MAX_NAMES = 24
# Words that say what someone is, not who (aliases such as "الرئيس حسن روحاني").
HONORIFICS = frozenset(arabic.normalize(word) for word in (
    "الرئيس", "رئيس", "السيد", "السيدة", "الوزير", "وزير", "الشيخ", "الدكتور", "المهندس", "العماد",
    "الفريق", "العميد", "اللواء", "آية", "president", "mr", "dr", "sheikh", "minister",
))

# Weights (tuned on the tuning half of data/duplicates/, see its README).
WEIGHTS = {
    "same_wikidata_id": 0.95,
    "shared_name": 0.9,         # a name of two words or more
    "shared_short_name": 0.55,  # a name of one word ("روحاني", "الحكومة")
    "name_contained": 0.85,     # times the share of the longer name's information covered
    "transliteration": 0.85,    # whole name; contained: times the share covered
    "same_post": 0.35,
    "same_post_dated": 0.25,    # added when both posts have dates and they overlap
    "met_each_other": -0.9,
    "different_kind": -0.7,
    "different_country": -0.5,
}
# A word matched only by its consonant skeleton (ميركيل ~ ميركل) counts this much of an equal word.
LOOSE_WORD = 0.8


@dataclass
class Name:
    text: str
    latin: bool
    words: tuple[str, ...]            # normalized, article folded, honorifics left out
    skeletons: tuple[tuple[str, ...], ...]  # per word, across scripts (romanize.word_skeleton)
    spellings: tuple[str, ...]        # per word, Arabic spelling variation folded (loose_spelling)


@dataclass
class Person:
    id: int
    kind: str
    country: str | None
    wikidata_id: str | None
    names: list[Name] = field(default_factory=list)
    posts: list[tuple] = field(default_factory=list)  # (title words, title, country, start, end)

    def keys(self):
        found = set()
        for name in self.names:
            found.update(("w", word) for word in name.words)
            found.update(("a", word) for word in name.spellings)
            found.update(("s", key) for keys in name.skeletons for key in keys)
        if self.wikidata_id:
            found.add(("q", self.wikidata_id))
        return found


@dataclass
class Candidate:
    participant_id: int
    candidate_id: int
    score: float
    reasons: list[dict]


def fold_article(word):
    """The word without the article ال; a word of four letters or fewer keeps it (الله, الان)."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


_LONG_VOWELS = str.maketrans(dict.fromkeys("اويء"))


def loose_spelling(word):
    """An Arabic word without its long vowels and hamza after the first letter: the letters
    writers add or leave out (ميركيل = ميركل, مسئول = مسؤول); ع and every consonant stay."""
    return word[:1] + word[1:].translate(_LONG_VOWELS)


def name_of(text):
    words = tuple(fold_article(word) for word in romanize.words(text)
                  if word not in HONORIFICS and fold_article(word) not in HONORIFICS)
    latin = romanize.is_latin(arabic.normalize(text))
    skeletons = tuple(romanize.word_skeleton(word) for word in words)
    spellings = tuple(word if romanize.is_latin(word) else loose_spelling(word) for word in words)
    return Name(text, latin, words, skeletons, spellings)


# -- the desk as the finder reads it -------------------------------------------------

def load_desk():
    """{id: Person} of every participant not merged into another, with names and posts."""
    people = {}
    for key, kind, name_ar, name_en, country, wikidata_id in (
            Participant.select(Participant.id, Participant.kind, Participant.name_ar, Participant.name_en,
                               Participant.country, Participant.wikidata_id)
            .where(Participant.merged_into.is_null()).tuples()):
        person = Person(key, kind, country, wikidata_id)
        person.names = [name_of(text) for text in (name_ar, name_en) if text]
        people[key] = person
    for key, text in Alias.select(Alias.participant, Alias.name).order_by(Alias.participant, Alias.id).tuples():
        person = people.get(key)
        if person is not None and len(person.names) < MAX_NAMES:
            person.names.append(name_of(text))
    for person in people.values():
        unique = {name.words: name for name in reversed(person.names) if name.words}
        person.names = list(reversed(unique.values()))
    for key, title, country, start, end in Role.select(
            Role.participant, Role.title_ar, Role.country, Role.start_date, Role.end_date).tuples():
        if key in people:
            people[key].posts.append((tuple(fold_article(w) for w in arabic.tokens(title)), title, country,
                                      start, end))
    return people


def word_weights(people):
    """How much each word says about who someone is: rare words more (inverse document frequency)."""
    frequency = defaultdict(int)
    for person in people.values():
        for word in {word for name in person.names for word in name.words}:
            frequency[word] += 1
    total = max(len(people), 1)
    return defaultdict(lambda: math.log(1 + total),
                       {word: math.log(1 + total / count) for word, count in frequency.items()})


def blocks(people):
    """Pairs (lower id, higher id) that share a key of a name, a skeleton or a Wikidata id."""
    filed = defaultdict(set)
    for person in people.values():
        for key in person.keys():
            filed[key].add(person.id)
    pairs = set()
    for members in filed.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(members), 2))
    return pairs


def others_of(target, people):
    """The pairs (target, other) of one participant: the others that share a key with it."""
    mine = target.keys()
    filed = defaultdict(set)
    for person in people.values():
        if person.id != target.id:
            for key in person.keys() & mine:
                filed[key].add(person.id)
    others = set()
    for members in filed.values():
        if len(members) + 1 <= MAX_BLOCK:
            others.update(members)
    return {(target.id, other) for other in others}


# -- evidence --------------------------------------------------------------------------

def _matched_word(short, index, long):
    """(match, the word of `long`) for word `index` of `short`: 1 for the same word,
    LOOSE_WORD for one that differs only in spelling (between Arabic names: long
    vowels and hamza; across scripts: the consonant skeleton); (0, None) for none."""
    word = short.words[index]
    if word in long.words:
        return 1.0, word
    both_arabic = not short.latin and not long.latin
    keys = set(short.skeletons[index])
    for position, other in enumerate(long.words):
        if both_arabic and short.spellings[index] == long.spellings[position]:
            return LOOSE_WORD, other
        if not both_arabic and keys & set(long.skeletons[position]):
            return LOOSE_WORD, other
    return 0.0, None


def containment(short, long, weights):
    """The share of `long`'s information (its words' weights) that `short`'s words
    cover, when every word of `short` is in `long`, at least one of them exactly
    within one script (or every one by its skeleton across scripts); else 0."""
    if not short.words or len(short.words) > len(long.words):
        return 0.0
    covered, exact = 0.0, False
    for index in range(len(short.words)):
        match, other = _matched_word(short, index, long)
        if not match:
            return 0.0
        exact = exact or match == 1.0
        covered += match * weights[other]
    if not exact and short.latin == long.latin:
        return 0.0  # "الجلالي" is not "ناجي جلول" for two letters in common
    return min(1.0, covered / sum(weights[word] for word in set(long.words)))


def name_reasons(a, b, weights):
    """The strongest name evidence between two people: shared, contained, transliterated."""
    reasons = []
    theirs = {name.words for name in b.names}
    shared = [x for x in a.names if x.words in theirs]
    if shared:
        best = max(shared, key=lambda name: (len(name.words), sum(weights[w] for w in name.words)))
        code_weight = WEIGHTS["shared_name"] if len(best.words) > 1 else WEIGHTS["shared_short_name"]
        other = next(y for y in b.names if y.words == best.words)
        detail = f"both are named «{best.text}»" if best.text == other.text else \
            f"«{best.text}» and «{other.text}» are one name"
        reasons.append({"code": "shared_name", "weight": code_weight, "detail": detail})
        if len(best.words) > 1:
            return reasons
    contained, transliterated = None, None
    for x in a.names:
        for y in b.names:
            if x.words == y.words:
                continue
            short, long = (x, y) if len(x.words) <= len(y.words) else (y, x)
            share = containment(short, long, weights)
            if not share:
                continue
            if short.latin != long.latin:
                if transliterated is None or share > transliterated[0]:
                    transliterated = (share, short, long)
            elif contained is None or share > contained[0]:
                contained = (share, short, long)
    if contained:
        share, short, long = contained
        reasons.append({"code": "name_contained", "weight": round(WEIGHTS["name_contained"] * share, 3),
                        "detail": f"«{short.text}» is contained in «{long.text}»"})
    if transliterated:
        share, short, long = transliterated
        latin, other = (short, long) if short.latin else (long, short)
        whole = len(short.words) == len(long.words)
        reasons.append({"code": "transliteration",
                        "weight": round(WEIGHTS["transliteration"] * (1.0 if whole else share), 3),
                        "detail": f"«{latin.text}» sounds like «{other.text}»" if whole
                        else f"«{short.text}» sounds like part of «{long.text}»"})
    return reasons


def _overlap(start_a, end_a, start_b, end_b):
    """Whether two periods overlap; a missing end is open (held from the start day up
    to, not including, the end day)."""
    starts_before_b_ends = end_b is None or start_a is None or start_a < end_b
    starts_before_a_ends = end_a is None or start_b is None or start_b < end_a
    return starts_before_b_ends and starts_before_a_ends


def post_reason(a, b):
    for title_a, shown, country_a, start_a, end_a in a.posts:
        for title_b, _, country_b, start_b, end_b in b.posts:
            if not title_a or title_a != title_b:
                continue
            if country_a and country_b and country_a != country_b:
                continue
            if not _overlap(start_a, end_a, start_b, end_b):
                continue
            dated = all(date is not None for date in (start_a, start_b))
            weight = WEIGHTS["same_post"] + (WEIGHTS["same_post_dated"] if dated else 0.0)
            return {"code": "same_post", "weight": round(weight, 3),
                    "detail": f"both held «{shown}»" + (" at the same time" if dated else
                                                                    " (dates not on file)")}
    return None


def evidence(a, b, weights, met):
    """(score, reasons) of one pair; reasons against come last."""
    reasons = []
    if a.wikidata_id and a.wikidata_id == b.wikidata_id:
        reasons.append({"code": "same_wikidata_id", "weight": WEIGHTS["same_wikidata_id"],
                        "detail": f"both are Wikidata {a.wikidata_id}"})
    reasons += name_reasons(a, b, weights)
    if not reasons:
        return 0.0, []
    post = post_reason(a, b)
    if post:
        reasons.append(post)
    if met:
        reasons.append({"code": "met_each_other", "weight": WEIGHTS["met_each_other"],
                        "detail": f"both took part in event {', '.join(map(str, sorted(met)[:5]))}"})
    if a.kind != b.kind:
        reasons.append({"code": "different_kind", "weight": WEIGHTS["different_kind"],
                        "detail": f"a {a.kind} and a {b.kind}"})
    if a.country and b.country and a.country != b.country:
        reasons.append({"code": "different_country", "weight": WEIGHTS["different_country"],
                        "detail": f"{a.country} and {b.country}"})
    unlikely = 1.0
    for reason in reasons:
        if reason["weight"] > 0:
            unlikely *= 1.0 - reason["weight"]
    score = 1.0 - unlikely
    for reason in reasons:
        if reason["weight"] < 0:
            score *= 1.0 + reason["weight"]
    return round(score, 4), reasons


def shared_events(pairs):
    """{(lower id, higher id): {event ids}} for the pairs that took part in one event."""
    ids = sorted({key for pair in pairs for key in pair})
    events = defaultdict(set)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for event, participant in (EventParticipant.select(EventParticipant.event, EventParticipant.participant)
                                   .where(EventParticipant.participant.in_(chunk)).tuples()):
            events[event].add(participant)
    met = defaultdict(set)
    for event, members in events.items():
        if len(members) > 1:
            for pair in combinations(sorted(members), 2):
                if pair in pairs:
                    met[pair].add(event)
    return met


def _unordered(first, second):
    """A pair as dismissals and events key it: lower id first."""
    return (first, second) if first < second else (second, first)


def scored(pairs, people, weights, min_score):
    """Candidates of `pairs` (first, second), each told from its first's side, best first."""
    dismissed = dismissal_records.pairs()
    pairs = [pair for pair in pairs if _unordered(*pair) not in dismissed]
    met = shared_events({_unordered(*pair) for pair in pairs})
    found = []
    for first, second in pairs:
        score, reasons = evidence(people[first], people[second], weights, met.get(_unordered(first, second)))
        if reasons and score >= min_score:
            found.append(Candidate(first, second, score, reasons))
    found.sort(key=lambda candidate: (-candidate.score, candidate.participant_id, candidate.candidate_id))
    return found


# -- the two questions -----------------------------------------------------------------

def desk_candidates(min_score=0.0):
    """Every candidate pair of the desk, best first (ties by ids); the lower id first in each."""
    people = load_desk()
    return scored(sorted(blocks(people)), people, word_weights(people), min_score)


def candidates_of(participant_id, min_score=0.0):
    """The likely duplicates of one participant, best first; it is `participant_id` in each.
    A merged participant has none (its survivor is the one to ask about)."""
    people = load_desk()
    target = people.get(participant_id)
    if target is None:
        return []
    return scored(sorted(others_of(target, people)), people, word_weights(people), min_score)
