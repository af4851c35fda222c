"""Fifty long polls of the change feed on real gunicorn do not starve other requests.

A waiting request holds a gthread worker's thread; each worker lets only
FEED_WAITERS of them wait (half its threads) and answers the others at once
with an empty page and Retry-After, so /healthz keeps its threads. Those
that wait answer as soon as a write commits. Bounds are generous (a shared
machine); the latency figure is `make bench`'s.
"""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from .server import flask_cli, gunicorn

POLLS = 50


def test_healthz_answers_while_fifty_long_polls_wait_and_the_waiters_get_the_write(database_url):
    with gunicorn(database_url, workers=2, extra_env={"THREADS": "4"}) as (base, env):
        secret = flask_cli(env, "keys", "create", "e2e", "--scope", "write").strip().splitlines()[-1]
        since = requests.get(f"{base}/api/v1/changes", params={"since": "now"}, timeout=10).json()["next_cursor"]
        answers, opened = [], threading.Barrier(POLLS + 1)

        def poll():
            opened.wait()
            started = time.monotonic()
            page = requests.get(f"{base}/api/v1/changes", params={"since": since, "wait": 30}, timeout=60)
            answers.append((page, time.monotonic() - started))

        with ThreadPoolExecutor(POLLS) as pool:
            for _ in range(POLLS):
                pool.submit(poll)
            opened.wait()
            time.sleep(1.0)  # every poll is in: waiting, or answered with Retry-After
            health = []
            for _ in range(20):
                started = time.monotonic()
                status = requests.get(f"{base}/healthz", timeout=10).status_code
                health.append((status, time.monotonic() - started))
            written_at = time.monotonic()
            created = requests.post(f"{base}/api/v1/countries", headers={"Authorization": f"Bearer {secret}"},
                                    json={"code": "IR", "name_ar": "إيران", "name_en": "Iran"}, timeout=10)
            assert created.status_code == 201
        finished = time.monotonic()

    assert {status for status, _ in health} == {200}
    assert max(seconds for _, seconds in health) < 2.0, health
    assert len(answers) == POLLS and {page.status_code for page, _ in answers} == {200}
    turned_away = [page for page, _ in answers if "Retry-After" in page.headers]
    waited = [page for page, _ in answers if "Retry-After" not in page.headers]
    assert all(page.json()["items"] == [] for page in turned_away)
    assert 1 <= len(waited) <= 2 * 2  # at most FEED_WAITERS (2 of 4 threads) in each of 2 workers
    assert all([change["id"] for change in page.json()["items"]] == ["IR"] for page in waited)
    assert finished - written_at < 15  # the waiters answered at the write, not at their 30 s
