"""Long polls: a request that waits for a change without starving the others.

A waiting request holds one of its worker's threads (gunicorn's gthread
workers have THREADS each), so a process lets only `FEED_WAITERS` requests
wait at once; one more is answered at once with what there is (an empty
page) and `Retry-After`, and the worker's other threads stay free for
everything else. While it waits, a request holds no database connection: it
gives its connection back and watches one number (the log's last
position), which one thread of the process reads at most every
`POLL_SECONDS` on behalf of every waiter, so fifty waiters cost the
database what one does.
"""
import threading
import time

from flask import current_app

from ..db import database

POLL_SECONDS = 0.1
RETRY_AFTER_SECONDS = 1


class LongPoll:
    """Waiting for `probe()` (a number that grows when something happens) to pass a mark."""

    def __init__(self, probe, interval=POLL_SECONDS):
        self.probe = probe
        self.interval = interval
        self._read_lock = threading.Lock()
        self._last_read = {}    # database -> (value, monotonic time it was read)
        self._slots = {}        # app -> how many of its requests may wait at once
        self._slots_lock = threading.Lock()

    def _semaphore(self):
        app = current_app._get_current_object()
        with self._slots_lock:
            if app not in self._slots:
                self._slots[app] = threading.BoundedSemaphore(app.config["FEED_WAITERS"])
            return self._slots[app]

    def latest(self):
        """The probe's value, read at most once per interval for all threads of the process."""
        engine = database.obj
        with self._read_lock:
            value, read_at = self._last_read.get(engine, (None, 0.0))
            if value is None or time.monotonic() - read_at >= self.interval:
                value = self.probe()
                self._last_read[engine] = (value, time.monotonic())
                database.close()
        return value

    def wait_past(self, mark, seconds):
        """Wait until the probe passes `mark` or `seconds` pass: its value then,
        or None when every waiting place is taken (the caller answers at once)."""
        semaphore = self._semaphore()
        if not semaphore.acquire(blocking=False):
            return None
        try:
            if not database.is_closed():
                database.close()  # give the connection back for the wait
            deadline = time.monotonic() + seconds
            while True:
                value = self.latest()
                remaining = deadline - time.monotonic()
                if value > mark or remaining <= 0:
                    return value
                time.sleep(min(self.interval, remaining))
        finally:
            semaphore.release()
