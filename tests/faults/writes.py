"""Streams of writes against a live server, and what they leave in the database."""
import itertools
import threading
import time
import uuid
from contextlib import closing

import requests

from service import create_app, search
from service.db import database, sqlite3
from service.models import Article, Participant

API = "/api/v1"


class Writer(threading.Thread):
    """Writes articles and participants until stopped (or `limit` writes),
    each carrying a word of its own; remembers every one answered 2xx."""

    def __init__(self, base, auth, stop, limit=5000, name="writer"):
        super().__init__(name=name, daemon=True)
        self.base, self.auth, self.stop, self.limit = base, auth, stop, limit
        self.acknowledged = []   # (kind, id, word) of every 2xx
        self.statuses = []       # every HTTP status received
        self.failures = []       # (status, body) of every 5xx
        self.locked = []         # answers that mention a locked database
        self.unanswered = 0      # connection refused or reset: the server was down
        self.session = requests.Session()

    def run(self):
        for number in itertools.count():
            if self.stop.is_set() or number >= self.limit:
                return
            word = "w" + uuid.uuid4().hex[:12]
            kind, body = (("article", {"title": f"خبر {word}", "body": f"قال المتحدث إن {word} مهم.",
                                        "published_at": "2024-05-20T10:00:00+03:30"})
                          if number % 2 == 0 else
                          ("participant", {"name_ar": "مشارك تجريبي", "name_en": word,
                                           "aliases": [{"name": f"{word} alias", "kind": "short", "language": "en"}]}))
            self.write(kind, body, word)

    def write(self, kind, body, word):
        try:
            response = self.session.post(f"{self.base}{API}/{kind}s", json=body, headers=self.auth, timeout=15)
        except requests.RequestException:
            self.unanswered += 1
            self.session = requests.Session()
            time.sleep(0.05)
            return
        self.statuses.append(response.status_code)
        if "locked" in response.text.lower():
            self.locked.append(response.text[:300])
        if response.status_code >= 500:
            self.failures.append((response.status_code, response.text[:300]))
        elif 200 <= response.status_code < 300:
            self.acknowledged.append((kind, response.json()["id"], word))


def run_writers(writers, seconds):
    for writer in writers:
        writer.start()
    time.sleep(seconds)
    writers[0].stop.set()
    for writer in writers:
        writer.join(timeout=30)
    assert not any(writer.is_alive() for writer in writers), "a writer did not stop"


def integrity(path):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchall()


def index_matches_tables(database_url, acknowledged):
    """Row counts of the search index and the tables, and the words the index cannot find."""
    app = create_app({"DATABASE_URL": database_url, "RATE_LIMIT": "off"})
    with app.app_context():
        try:
            index = search.backend()
            counts = {kind: (index.count(kind), model.select().count())
                      for kind, model in (("article", Article), ("participant", Participant))}
            missing = [(kind, key, word) for kind, key, word in acknowledged
                       if (kind, key) not in {(k, i) for k, i, _ in search.ranked(word, (kind,), 5)}]
        finally:
            database.close()
    return counts, missing
