"""Eight clients writing at once for 20 s on SQLite: every write succeeds.

SQLite takes one writer at a time. A write transaction takes the lock up
front (BEGIN IMMEDIATE, service/db.py) and a second writer waits for it
(busy_timeout, 10 s), so under contention writes queue rather than fail:
no 5xx, and no "database is locked" ever reaches a client.
"""
import threading

from .server import Gunicorn
from .writes import Writer, integrity, run_writers

WRITERS = 8
SECONDS = 20


def test_eight_writers_for_twenty_seconds_get_no_5xx_and_no_locked_database(tmp_path):
    path = tmp_path / "statements.db"
    server = Gunicorn(f"sqlite:///{path}", workers=2, threads=4, log=tmp_path / "gunicorn.log")
    stop = threading.Event()
    # A key per writer, as separate clients would have.
    writers = [Writer(server.base, server.key(f"writer-{n}"), stop, name=f"writer-{n}") for n in range(WRITERS)]
    try:
        server.start()
        run_writers(writers, SECONDS)
    finally:
        stop.set()
        server.stop()

    statuses = [status for writer in writers for status in writer.statuses]
    failures = [failure for writer in writers for failure in writer.failures]
    locked = [answer for writer in writers for answer in writer.locked]
    assert len(statuses) >= WRITERS * 20, f"only {len(statuses)} writes in {SECONDS} s"
    assert failures == [], f"{len(failures)} server errors, e.g. {failures[:3]}"
    assert locked == [], f"{len(locked)} answers about a locked database, e.g. {locked[:3]}"
    assert set(statuses) == {201}, sorted(set(statuses))
    assert sum(writer.unanswered for writer in writers) == 0
    assert integrity(path) == [("ok",)]
