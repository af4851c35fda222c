"""A bound on how many requests of one kind a worker process runs at once.

An extraction is CPU work in Python: the threads of one gthread worker share
one interpreter lock, so every extraction running beside a probe slows the
probe. Past the bound a request is refused at once with a 503 and
Retry-After (the client retries in a second) rather than taking another of
the worker's threads, which /healthz and every other request need.
The bound is per process, as the interpreter lock is.
"""
import contextlib
import threading

from flask import current_app

from .errors import ApiError
from .per_app import per_app


def _slots(setting):
    """The app's semaphore for `setting` (made on first use, in the worker that uses it)."""
    def make():
        bound = int(current_app.config[setting])
        return bound, threading.BoundedSemaphore(bound) if bound else None
    return per_app(f"concurrency:{setting}", make)


@contextlib.contextmanager
def bounded(setting, what):
    """Run the block in one of the `setting` slots of this worker, or refuse with a 503."""
    bound, slots = _slots(setting)
    if slots is None:  # 0: no bound
        yield
        return
    if not slots.acquire(blocking=False):
        raise ApiError(503, f"This worker is already running {bound} {what} (the bound {setting}); "
                            "retry in a second.", headers={"Retry-After": "1"})
    try:
        yield
    finally:
        slots.release()
