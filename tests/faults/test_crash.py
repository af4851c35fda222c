"""kill -9 in the middle of a stream of writes: nothing acknowledged is lost.

A write commits (rows, revision, search index entry, in one transaction)
before its 201 is sent, so a process killed at any instant loses only
writes it had not acknowledged. The test kills a worker, then the master
and every worker left, while two clients keep writing; restarts gunicorn
on the same database file; and checks that every write answered 2xx is
there, the file passes PRAGMA integrity_check, and the full-text index holds
exactly the rows of its tables and finds each written row by its own word.
"""
import threading
import time

import requests

from .server import Gunicorn
from .writes import API, Writer, index_matches_tables, integrity

STREAM_SECONDS = 3  # of writes before each kill and after the restart


def test_acknowledged_writes_survive_kill_9_of_a_worker_and_of_the_master(tmp_path):
    path = tmp_path / "statements.db"
    url = f"sqlite:///{path}"
    server = Gunicorn(url, workers=2, log=tmp_path / "gunicorn.log")
    auth = server.key("faults")
    stop = threading.Event()
    writers = [Writer(server.base, auth, stop, name=f"writer-{n}") for n in range(2)]
    try:
        server.start()
        for writer in writers:
            writer.start()
        time.sleep(STREAM_SECONDS)

        victim = server.kill_worker()
        server.wait_for_workers(2, besides=(victim,))  # the master replaced it
        time.sleep(STREAM_SECONDS)

        server.crash()
        time.sleep(1)  # writes meet a closed port meanwhile
        server.start()
        time.sleep(STREAM_SECONDS)
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
        server.stop()

    acknowledged = [write for writer in writers for write in writer.acknowledged]
    statuses = [status for writer in writers for status in writer.statuses]
    assert len(acknowledged) > 50, f"too few writes to mean anything: {len(acknowledged)}"
    assert sum(writer.unanswered for writer in writers) > 0, "the crash happened between writes, not during them"
    assert not [failure for writer in writers for failure in writer.failures]
    assert set(statuses) <= {201}, sorted(set(statuses))

    assert integrity(path) == [("ok",)]
    counts, unfound = index_matches_tables(url, acknowledged)
    for kind, (indexed, rows) in counts.items():
        assert indexed == rows, f"{kind}: {indexed} in the search index, {rows} in the table"
    assert unfound == [], f"{len(unfound)} acknowledged rows the search does not find, e.g. {unfound[:3]}"

    server.start()
    try:
        session = requests.Session()
        for kind, key, word in acknowledged:
            response = session.get(f"{server.base}{API}/{kind}s/{key}", timeout=10)
            assert response.status_code == 200, (kind, key)
            assert word in response.text, (kind, key, word)
    finally:
        server.stop()
