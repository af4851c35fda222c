"""The duplicate finder on the labelled set of data/duplicates/ (bench/duplicates.py measures it).

The floors sit a little under what the report half measured (README, "Duplicate
candidates"): a change that makes the finder worse on real proposals fails here.
"""
from bench import duplicates as evaluation

PRECISION_FLOOR = 0.9   # measured 1.00 on the report half, 2026-12-03
RECALL_FLOOR = 0.9      # measured 1.00


def test_the_split_keeps_every_true_pair_in_one_half_and_both_halves_hold_pairs():
    records = evaluation.labelled_set()["participants"]
    split = evaluation.halves(records)
    assert sorted(r["key"] for r in split["tune"] + split["report"]) == sorted(r["key"] for r in records)
    pairs = {half: evaluation.true_pairs(members) for half, members in split.items()}
    assert pairs["tune"] | pairs["report"] == evaluation.true_pairs(records)
    assert min(map(len, pairs.values())) >= 20


def test_the_report_half_keeps_its_precision_and_recall():
    data = evaluation.labelled_set()
    records = evaluation.halves(data["participants"])["report"]
    precision, recall, listed, truth = evaluation.on_fresh_database(
        lambda: evaluation.measure(records, data["events"]))
    assert precision >= PRECISION_FLOOR, listed[:10]
    assert recall >= RECALL_FLOOR, sorted(map(sorted, truth - {pair for pair, _ in listed[:50]}))
