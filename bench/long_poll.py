"""/healthz while fifty clients long-poll the change feed (make bench's `healthz_long_polls` target).

Each client follows the feed as a real one would: `GET /api/v1/changes?since=now&wait=5`,
again at once after its answer, or after `Retry-After` when the worker had
no waiting place left for it (service/http/longpoll.py). Meanwhile one
client probes /healthz; the figure is its p95. Nothing writes, so every
poll that waits holds its thread for its whole wait: the worst case for the
other requests.
"""
import json
import threading
import time
import urllib.error
import urllib.request

CLIENTS = 50
WAIT_SECONDS = 5


def _follow(base, stop, counts, lock):
    since = json.load(urllib.request.urlopen(f"{base}/api/v1/changes?since=now", timeout=30))["next_cursor"]
    while not stop.is_set():
        try:
            with urllib.request.urlopen(f"{base}/api/v1/changes?since={since}&wait={WAIT_SECONDS}",
                                        timeout=WAIT_SECONDS + 30) as answer:
                retry = answer.headers.get("Retry-After")
                since = json.load(answer)["next_cursor"]
        except (urllib.error.URLError, OSError):
            with lock:
                counts["errors"] += 1
            time.sleep(1)
            continue
        with lock:
            counts["turned_away" if retry else "waited"] += 1
        if retry:
            stop.wait(int(retry))


def healthz_while_long_polls(base, seconds=8.0, clients=CLIENTS):
    """{p95_ms, max_ms, probes, waited, turned_away, errors}: /healthz while `clients` long-poll."""
    stop, lock = threading.Event(), threading.Lock()
    counts = {"waited": 0, "turned_away": 0, "errors": 0}
    followers = [threading.Thread(target=_follow, args=(base, stop, counts, lock), daemon=True)
                 for _ in range(clients)]
    for follower in followers:
        follower.start()
    time.sleep(1.5)  # every client is in: waiting, or told when to come back
    latencies, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        urllib.request.urlopen(f"{base}/healthz", timeout=30).read()
        latencies.append(time.monotonic() - started)
        time.sleep(0.02)
    stop.set()
    for follower in followers:
        follower.join(WAIT_SECONDS + 35)
    latencies.sort()
    return {"p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1), "probes": len(latencies), "clients": clients, **counts}
