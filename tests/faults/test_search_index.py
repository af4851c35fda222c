"""The ranked index under kill -9, several workers and several hosts.

The index lives outside the database (a tantivy directory), fed from the
revision log. Here, against real gunicorn workers:

- every write a client saw acknowledged is found by the next search, on any
  worker, and an edited or deleted row is never found by its old word, while
  workers are killed with SIGKILL at random (some in the middle of applying
  the log), and after the whole server is crashed and started again;
- a `search catch-up` killed -9 over and over in the middle of a long
  backlog loses nothing: the index it leaves, once a run completes, holds
  exactly the rows of the tables;
- on PostgreSQL, two servers with index directories of their own (two
  hosts) answer from the same writes.
"""
import fcntl
import os
import random
import signal
import subprocess
import threading
import time
import uuid

import pytest
import requests

from service import create_app, search
from service.db import database, write_transaction
from service.models import Article, Revision
from service.search import follower as following
from tests.e2e.server import BIN, ROOT

from .server import Gunicorn

API = "/api/v1"
SECONDS = 15


def found(base, word, kind="article"):
    response = requests.get(f"{base}{API}/search", params={"q": word, "type": kind, "limit": 5}, timeout=15)
    response.raise_for_status()
    return [hit["id"] for hit in response.json()["items"]]


class Journalist(threading.Thread):
    """Writes, edits and deletes articles, and after every acknowledged
    write asks a search (any worker) whether it shows."""

    def __init__(self, write_base, read_base, auth, stop):
        super().__init__(daemon=True)
        self.write_base, self.read_base, self.auth, self.stop = write_base, read_base, auth, stop
        self.final = {}          # article id → its current word, or None once deleted
        self.retired = []        # (id, word) no longer its word
        self.violations = []
        self.checked = 0
        self.session = requests.Session()

    def call(self, method, path, **kwargs):
        try:
            return self.session.request(method, f"{self.write_base}{API}{path}", headers=self.auth,
                                        timeout=15, **kwargs)
        except requests.RequestException:
            self.session = requests.Session()  # a killed worker: the write may or may not have happened
            return None

    def check(self, key, word, present):
        for _ in range(5):  # a search on a worker being killed: ask again
            try:
                hits = found(self.read_base, word)
                break
            except requests.RequestException:
                time.sleep(0.05)
        else:
            return
        self.checked += 1
        if (key in hits) != present:
            self.violations.append((key, word, "missing" if present else "stale", hits))

    def run(self):
        rng = random.Random()
        while not self.stop.is_set():
            word = "w" + uuid.uuid4().hex[:12]
            live = [key for key, current in self.final.items() if current]
            action = rng.choice(["create", "create", "edit", "delete"]) if live else "create"
            if action == "create":
                response = self.call("POST", "/articles", json={"title": f"خبر {word}", "body": "نص"})
                if response is not None and response.status_code == 201:
                    key = response.json()["id"]
                    self.final[key] = word
                    self.check(key, word, True)
                continue
            key = rng.choice(live)
            old = self.final[key]
            if action == "edit":
                response = self.call("PATCH", f"/articles/{key}", json={"title": f"خبر {word}"})
                if response is not None and response.status_code == 200:
                    self.final[key] = word
                    self.retired.append((key, old))
                    self.check(key, word, True)
                    self.check(key, old, False)
                elif response is None:
                    self.final.pop(key)  # unknown outcome: not checked again
            else:
                response = self.call("DELETE", f"/articles/{key}")
                if response is not None and response.status_code == 204:
                    self.final[key] = None
                    self.check(key, old, False)
                elif response is None:
                    self.final.pop(key)


class Killer(threading.Thread):
    def __init__(self, server, stop):
        super().__init__(daemon=True)
        self.server, self.stop, self.kills = server, stop, 0

    def run(self):
        rng = random.Random()
        while not self.stop.wait(rng.uniform(0.8, 2.0)):
            pids = self.server.worker_pids()
            if pids:
                try:
                    os.kill(rng.choice(pids), signal.SIGKILL)
                    self.kills += 1
                except ProcessLookupError:
                    pass


def add_a_backlog(app, words, count):
    """`count` new articles, each with a word of its own, and some deleted again, in the log."""
    with app.app_context():
        with write_transaction():
            made = []
            for _ in range(count):
                word = "w" + uuid.uuid4().hex[:12]
                article = Article.create(title=f"خبر {word}", body="نص", content_hash=word)
                Revision.create(resource="article", row_key=str(article.id), action="create")
                words[article.id] = (word, True)
                made.append(article.id)
            for key in made[::7]:
                Article.delete_by_id(key)
                Revision.create(resource="article", row_key=str(key), action="delete")
                words[key] = (words[key][0], False)
        database.close()


def holds_the_lock(lock):
    """Whether another process holds the writer lock (is applying the log) now."""
    with open(lock, "a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(file, fcntl.LOCK_UN)
        return False


def index_root(app):
    with app.app_context():
        root = search.ranked_index().root
        database.close()
    return root


def index_holds_the_tables(url):
    app = create_app({"DATABASE_URL": url, "RATE_LIMIT": "off"})
    with app.app_context():
        try:
            index = search.ranked_index().fresh()
            return {kind: (index.kinds[kind].count(), model.select().count())
                    for kind, model in search.documents.MODELS.items()}
        finally:
            database.close()


def test_workers_killed_at_random_never_serve_a_missing_or_stale_hit(tmp_path):
    url = f"sqlite:///{tmp_path / 'statements.db'}"
    server = Gunicorn(url, workers=3, threads=4, log=tmp_path / "gunicorn.log")
    auth = server.key("faults")
    stop = threading.Event()
    journalists = [Journalist(server.base, server.base, auth, stop) for _ in range(3)]
    killer = Killer(server, stop)
    try:
        server.start()
        for thread in [*journalists, killer]:
            thread.start()
        time.sleep(SECONDS)
        stop.set()
        for thread in [*journalists, killer]:
            thread.join(timeout=60)
        server.crash()
        server.start()
        for journalist in journalists:
            for key, word in journalist.final.items():
                if word:
                    journalist.check(key, word, True)
            for key, word in journalist.retired:
                journalist.check(key, word, False)
    finally:
        stop.set()
        server.stop()
    checked = sum(j.checked for j in journalists)
    assert checked > 60 and killer.kills >= 4, (checked, killer.kills)
    assert [v for j in journalists for v in j.violations] == []
    counts = index_holds_the_tables(url)
    assert all(indexed == rows for indexed, rows in counts.values()), counts


def test_a_catch_up_killed_mid_way_again_and_again_loses_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'statements.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([str(BIN / "flask"), "--app", "service", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    app = create_app({"DATABASE_URL": url, "RATE_LIMIT": "off"})
    with app.app_context():
        search.ranked_index().rebuild()  # an index at revision 0; the backlogs come after
        database.close()
    words = {}
    flask = [str(BIN / "flask"), "--app", "service", "search"]
    began = time.monotonic()
    subprocess.run([*flask, "status"], cwd=ROOT, env=env, check=True, capture_output=True)
    start_up = time.monotonic() - began  # a catch-up applies nothing before this
    lock = index_root(app) / following.LOCK_FILE
    rng = random.Random(7)
    kills_while_applying = 0
    for _ in range(20):
        if kills_while_applying >= 3:
            break
        add_a_backlog(app, words, 2500)
        process = subprocess.Popen([*flask, "catch-up"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Killed at a random moment once it holds the writer's lock (it has
        # started applying): a fixed delay after start-up missed that moment
        # on a crowded machine, where start-up times vary by seconds.
        waited_until = time.monotonic() + 60 + start_up
        while process.poll() is None and not holds_the_lock(lock) and time.monotonic() < waited_until:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.1))
        if process.poll() is None:
            kills_while_applying += holds_the_lock(lock)
            process.kill()
        process.wait()
    subprocess.run([*flask, "catch-up"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    assert kills_while_applying >= 3, f"{kills_while_applying} catch-ups killed while applying: too few to mean anything"
    counts = index_holds_the_tables(url)
    assert all(indexed == rows for indexed, rows in counts.values()), counts
    with app.app_context():
        index = search.ranked_index()
        assert index.state()["revision"] == following.latest_revision()
        from service.search.query import parse
        fresh = index.fresh()
        for key, (word, alive) in random.Random(1).sample(sorted(words.items()), 300):
            hits = [hit for hit, _ in fresh.ranked("article", parse(word), 5)]
            assert hits == ([key] if alive else []), (key, word, hits)
        database.close()


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="several hosts: PostgreSQL only")
def test_two_hosts_with_indexes_of_their_own_answer_from_the_same_writes(tmp_path):
    from tests import pg
    with pg.fresh_database(os.environ["TEST_DATABASE_URL"]) as url:
        hosts = [Gunicorn(url, workers=2, log=tmp_path / f"host-{n}.log",
                          extra_env={"SEARCH_INDEX_DIR": str(tmp_path / f"host-{n}")}) for n in range(2)]
        auth = hosts[0].key("faults")
        stop = threading.Event()
        try:
            for host in hosts:
                host.start()
            journalists = [Journalist(hosts[n].base, hosts[1 - n].base, auth, stop) for n in range(2)]
            for journalist in journalists:
                journalist.start()
            time.sleep(SECONDS / 2)
            stop.set()
            for journalist in journalists:
                journalist.join(timeout=60)
        finally:
            stop.set()
            for host in hosts:
                host.stop()
        assert sum(j.checked for j in journalists) > 50
        assert [v for j in journalists for v in j.violations] == []
