"""One object per app and name, made on first use (in the worker that uses it).

Bounds and caches that live in a worker process (http/concurrency.py,
http/answers.py) are kept in the app's `extensions`, so each app (and each
test's app) has its own.
"""
import threading

from flask import current_app

_made = threading.Lock()


def per_app(name, make):
    """The app's object under `name`, `make()` the first time it is asked for."""
    extensions = current_app.extensions
    with _made:
        if name not in extensions:
            extensions[name] = make()
    return extensions[name]
