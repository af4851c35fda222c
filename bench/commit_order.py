"""What the commit-order lock costs writes on PostgreSQL (README, "The change feed").

Eight threads create participants through the records layer for a few
seconds each, with the lock (service/records/revisions.py) and with it
taken out, alternating, each run on a fresh database:

    .ci/postgres.sh run .venv/bin/python -m bench.commit_order

The throwaway cluster runs with fsync off; with durable commits every
commit's WAL flush happens while the lock is held, so the cost there is
larger than measured here.
"""
import os
import threading
import time

from service.db import database
from service.records import participant_records, revisions
from tests import pg
from tests.conftest import make_app

WRITERS = 8


def creates_per_second(url, locked, seconds):
    app = make_app(url)
    original = revisions._hold_commit_order
    if not locked:
        revisions._hold_commit_order = lambda: None
    counts = [0] * WRITERS
    stop = time.monotonic() + seconds

    def write(number):
        with app.app_context():
            while time.monotonic() < stop:
                participant_records.create({"name_ar": f"مشارك {number}-{counts[number]}", "kind": "person"})
                counts[number] += 1
                database.close()
    threads = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        revisions._hold_commit_order = original
    return sum(counts) / seconds


def main(rounds=2, seconds=8):
    base = os.environ["TEST_DATABASE_URL"]
    found = {True: [], False: []}
    for _ in range(rounds):
        for locked in (True, False):
            with pg.fresh_database(base) as url:
                found[locked].append(creates_per_second(url, locked, seconds))
    on, off = (sum(found[k]) / rounds for k in (True, False))
    print(f"{WRITERS} writers, {rounds} rounds of {seconds} s: {on:.0f} creates/s with the lock, "
          f"{off:.0f} without ({(off - on) / off:+.1%} cost)")


if __name__ == "__main__":
    main()
