"""`make eval-duplicates`: the duplicate finder measured on the labelled set of data/duplicates/.

The set is the seed participants (fixtures/) plus the 110 participants the
extraction assist proposes on the 30 readable development reports
(data/extraction-dev/, never the sealed 10), frozen in
data/duplicates/proposals.json with each one's true identity (`entity`),
judged by hand (data/duplicates/README.md says how). Two records of one
entity are a true pair.

The split is fixed (`halves`): the seeds are in both halves (they are the
desk the news arrives at); each entity's records all go to one half, so no
true pair is cut in two: entities with true pairs in order of their pairs
(most first, then by key), each to the half with fewer true pairs so far
(the tuning half on a tie), then the single records alternately by key.

For each half, on a fresh SQLite database: the seeds are loaded, the half's
proposals created through the records layer (a proposal's title as a post
without dates), the meetings the assist proposes among them as events; then
the desk-wide list is read best first and scored:

    precision@10   true pairs among the first 10 pairs of the list
    recall@50      true pairs within the first 50, over all the half's true pairs

The tuning half prints its first pairs and its misses (to tune by); the
report half prints its figures only, as the README reports them.
Also printed: the desk-wide list's time on a synthetic desk of a few
thousand participants (bench figures of this machine, not a target).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LABELLED = ROOT / "data" / "duplicates" / "proposals.json"
SEEDS = ROOT / "fixtures" / "participants.json"
TOP_PRECISION, TOP_RECALL = 10, 50


def labelled_set():
    return json.loads(LABELLED.read_text(encoding="utf-8"))


def true_pairs(records):
    """{frozenset of two keys} of the records that are one entity."""
    by_entity = defaultdict(list)
    for record in records:
        by_entity[record["entity"]].append(record["key"])
    return {frozenset(pair) for keys in by_entity.values() for pair in combinations(sorted(keys), 2)}


def halves(records):
    """{"tune": [...], "report": [...]}: the fixed split described above."""
    by_entity = defaultdict(list)
    for record in records:
        by_entity[record["entity"]].append(record)
    clustered = sorted((e for e, members in by_entity.items() if len(members) > 1),
                       key=lambda e: (-len(by_entity[e]) * (len(by_entity[e]) - 1) // 2, e))
    split, pairs = {"tune": [], "report": []}, {"tune": 0, "report": 0}
    for entity in clustered:
        half = "tune" if pairs["tune"] <= pairs["report"] else "report"
        split[half] += by_entity[entity]
        size = len(by_entity[entity])
        pairs[half] += size * (size - 1) // 2
    singles = sorted(e for e, members in by_entity.items() if len(members) == 1)
    for index, entity in enumerate(singles):
        split["tune" if index % 2 == 0 else "report"] += by_entity[entity]
    return split


def build_desk(records, events):
    """Create the records (and the events among them) on the current database; {key: id}."""
    from schemas.events import EventSchema
    from schemas.participants import ParticipantSchema
    from service.records import event_records, participant_records
    ids = {}
    for record in records:
        body = {"kind": record["kind"], "name_ar": record["name_ar"],
                "roles": [{"title_ar": record["title"]}] if record["title"] else []}
        row, _ = participant_records.create(ParticipantSchema().load(body))
        ids[record["key"]] = row.id
    for event in events:
        keys = [side["participant"] for side in event["participants"]]
        if all(key in ids for key in keys):
            event_records.create(EventSchema().load({
                "kind": event["kind"], "date": event["date"], "date_precision": event["date_precision"],
                "participants": [{"participant_id": ids[side["participant"]], "side": side["side"]}
                                 for side in event["participants"]]}))
    return ids


def seed_keys():
    """{participant id: seed key} of the loaded fixtures (ids follow the file's order)."""
    from service.models import Participant
    by_name = {row.name_ar: row.id for row in Participant.select(Participant.id, Participant.name_ar)}
    return {by_name[seed["name_ar"]]: seed["key"] for seed in json.loads(SEEDS.read_text(encoding="utf-8"))}


def measure(records, events, min_score=0.0):
    """(precision@10, recall@50, the list as key pairs with scores and reasons, true pairs)
    of the desk-wide list over the seeds plus `records`, on the current database."""
    from service.records import duplicates
    ids = build_desk(records, events)
    key_of = {**seed_keys(), **{row_id: key for key, row_id in ids.items()}}
    truth = true_pairs(records)
    listed = [(frozenset((key_of[c.participant_id], key_of[c.candidate_id])), c)
              for c in duplicates.desk_candidates(min_score)]
    first = listed[:TOP_PRECISION]
    precision = sum(pair in truth for pair, _ in first) / len(first) if first else 0.0
    found = {pair for pair, _ in listed[:TOP_RECALL]} & truth
    recall = len(found) / len(truth) if truth else 1.0
    return precision, recall, listed, truth


def on_fresh_database(work):
    """Run `work()` in an app on a fresh SQLite file holding the seed dataset."""
    from service import create_app
    from service.db import database
    from service.fixtures import load as load_fixtures
    from service.migrations import upgrade
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{folder}/duplicates.db", "RATE_LIMIT": "off"})
        with app.app_context():
            upgrade()
            load_fixtures()
            try:
                return work()
            finally:
                database.close()


def synthetic_desk(count, seed=20261203):
    """`count` participants with names drawn from a few hundred given and family names, so
    that blocks are real and a few percent share a full name."""
    chance = random.Random(seed)
    given = [f"اسم{n}" for n in range(300)]
    family = [f"عائلة{n}" for n in range(600)]
    return [{"key": f"s{n}", "entity": f"s{n}", "name_ar": f"{chance.choice(given)} {chance.choice(family)}",
             "kind": "person", "title": None} for n in range(count)]


def timed_desk(count):
    def work():
        from service.records import duplicates
        build_desk(synthetic_desk(count), [])
        started = time.perf_counter()
        found = duplicates.desk_candidates(0.3)
        return time.perf_counter() - started, len(found)
    return on_fresh_database(work)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--desk-size", type=int, default=3000, help="participants of the timed synthetic desk")
    args = parser.parse_args(argv)
    data = labelled_set()
    split = halves(data["participants"])
    for half in ("tune", "report"):
        records = split[half]
        precision, recall, listed, truth = on_fresh_database(lambda: measure(records, data["events"]))
        print(f"{half:<6} half: {len(records)} proposals + the seeds, {len(truth)} true pairs, "
              f"{len(listed)} candidate pairs listed; precision@{TOP_PRECISION} {precision:.2f}, "
              f"recall@{TOP_RECALL} {recall:.2f}")
        if half == "tune":
            names = {r["key"]: r["name_ar"] for r in records}
            names.update({s["key"]: s["name_ar"] for s in json.loads(SEEDS.read_text(encoding="utf-8"))})
            for rank, (pair, candidate) in enumerate(listed[:TOP_RECALL], start=1):
                mark = "+" if pair in truth else "-"
                a, b = sorted(pair)
                print(f"  {rank:>2} {mark} {candidate.score:.3f} {names[a]} | {names[b]}  "
                      + ", ".join(f"{r['code']} {r['weight']}" for r in candidate.reasons))
            listed_pairs = {pair for pair, _ in listed[:TOP_RECALL]}
            for pair in sorted(truth - listed_pairs, key=sorted):
                a, b = sorted(pair)
                print(f"  missed: {names[a]} | {names[b]}")
    if args.desk_size:
        seconds, found = timed_desk(args.desk_size)
        print(f"desk-wide list on {args.desk_size} synthetic participants: {seconds:.2f} s, {found} pairs "
              f"scored 0.3 or more")


if __name__ == "__main__":
    main()
