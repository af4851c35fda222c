"""Keeping the ranked index in step with the database, through the revision log.

Every write of a domain row adds a `revision` row in the write's own
transaction, with ids increasing in commit order: that log is the outbox.
The index directory keeps, beside the indexes, `applied.json`: the last
revision whose changes it holds. Following the log is re-reading the rows
that the newer revisions name and putting their current documents in the
index (or taking them out, if the row is gone), so applying a revision
twice changes nothing: a crash anywhere (before the index commit, between
it and the state file, in the middle of a rebuild) costs at most doing some
of it again, never an update.

Nothing runs in the background. A search first reads the log's last id;
when the index has not applied it yet, the searching thread takes the
writer lock (a file lock: the kernel releases it if its process dies, so a
`kill -9` never leaves it held), applies what is new, commits, and then
searches. A thread that finds the lock taken waits for the holder to
publish (every thread of every worker of a host shares one directory).
On PostgreSQL each host keeps a directory of its own and follows the same
log, so every host answers from the same writes. A search thus sees every
write acknowledged before it began; when the index cannot catch up in time
(a long backlog, a rebuild holding the lock, no index yet on a large
database) the caller falls back to the database's own ranked search,
which is always current.

The state is read before the indexes are reloaded, and written after they
are committed, so a reader never takes an older index for a newer one.
"""
import fcntl
import json
import logging
import os
import threading
import time
import uuid
import weakref
from pathlib import Path

from ..db import database, is_sqlite
from . import documents
from .tantivy_index import BULK_WRITER_HEAP, KINDS, SCHEMA_VERSION, RankedIndex, document

log = logging.getLogger(__name__)

STATE_FILE = "applied.json"
LOCK_FILE = "writer.lock"
WAIT_SECONDS = 3.0          # how long a search waits for another thread or worker to publish
APPLY_SECONDS = 1.0         # how long a search applies revisions before it gives up to the fallback
REVISION_BATCH = 1000
BUILD_ON_DEMAND_LIMIT = 20_000  # records a search may index from nothing; above, `flask search rebuild`
ON_DEMAND_WRITER_HEAP = 32_000_000  # a worker's own build of a small index: little memory

_followers = {}
_followers_lock = threading.Lock()
_instances = weakref.WeakKeyDictionary()


def create_instance():
    """A migration step: give the database an id of its own, which names its index directory."""
    database.execute_sql("CREATE TABLE IF NOT EXISTS search_instance (instance VARCHAR(36) NOT NULL)")
    if database.execute_sql("SELECT count(*) FROM search_instance").fetchone()[0] == 0:
        database.execute_sql(f"INSERT INTO search_instance (instance) VALUES ({database.param})",
                             (str(uuid.uuid4()),))


def instance():
    """The database's own id (migrations write it once), or None before that step."""
    engine = database.obj
    known = _instances.get(engine)
    if known is None:
        if not database.table_exists("search_instance"):
            return None
        row = database.execute_sql("SELECT instance FROM search_instance").fetchone()
        if row is None:
            return None
        known = _instances[engine] = row[0]
    return known


def index_root(base=None):
    """Where this database's ranked index lives, or None where it cannot (an in-memory SQLite).

    SQLite: beside the file. PostgreSQL: under `base` (SEARCH_INDEX_DIR, by
    default var/search of the service), one folder per server and database.
    Both end in the database's instance id, so a database dropped and made
    again, or a copy, never opens another one's index, then in the index
    schema's version, so a new schema starts a new index.
    """
    key = instance()
    if key is None:
        return None
    engine = database.obj
    if is_sqlite():
        if engine.database in ("", ":memory:") or str(engine.database).startswith("file::memory:"):
            return None
        return Path(f"{engine.database}.search") / key / f"v{SCHEMA_VERSION}"
    from ..config import ROOT
    params = engine.connect_params
    place = f"{params.get('host', 'local')}-{params.get('port', 5432)}-{engine.database}"
    return Path(base or ROOT / "var" / "search") / place / key / f"v{SCHEMA_VERSION}"


def latest_revision():
    return database.execute_sql("SELECT max(id) FROM revision").fetchone()[0] or 0


def for_database(base=None):
    """This process's follower of the current database's index, or None."""
    root = index_root(base)
    if root is None:
        return None
    with _followers_lock:
        found = _followers.get(root)
        if found is None:
            found = _followers[root] = Follower(root)
        return found


class Busy(Exception):
    """Another thread or process holds the writer lock."""


class Follower:
    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()
        self.index = None
        self.loaded = None  # the state the open indexes were last reloaded at
        self.warned = False

    # The state file ---------------------------------------------------

    def state(self):
        try:
            return json.loads((self.root / STATE_FILE).read_text())
        except (FileNotFoundError, ValueError):
            return None

    def _write_state(self, revision):
        previous = self.state() or {}
        state = {"revision": revision, "generation": previous.get("generation", 0) + 1}
        temporary = self.root / f"{STATE_FILE}.{os.getpid()}.{threading.get_ident()}"
        with open(temporary, "w") as file:
            json.dump(state, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.root / STATE_FILE)
        directory = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return state

    def invalidate(self):
        """Forget what the index holds: it is rebuilt before it is used again."""
        try:
            (self.root / STATE_FILE).unlink()
        except FileNotFoundError:
            pass

    # The writer lock --------------------------------------------------

    def _locked(self, wait):
        follower_ = self

        class Held:
            def __enter__(self):
                if not follower_.lock.acquire(timeout=wait if wait is not None else -1):
                    raise Busy()
                self.file = open(follower_.root / LOCK_FILE, "a")
                deadline = None if wait is None else time.monotonic() + wait
                while True:
                    try:
                        fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        return self
                    except BlockingIOError:
                        if deadline is not None and time.monotonic() >= deadline:
                            self.file.close()
                            follower_.lock.release()
                            raise Busy() from None
                        time.sleep(0.01)

            def __exit__(self, *exc):
                fcntl.flock(self.file, fcntl.LOCK_UN)
                self.file.close()
                follower_.lock.release()

        return Held()

    def _indexes(self):
        if self.index is None:
            self.index = RankedIndex(self.root)
        return self.index

    # Reading ------------------------------------------------------------

    def current(self, state):
        """The indexes as of `state` (reloaded only when the state moved)."""
        index = self._indexes()
        key = (state["revision"], state["generation"])
        if self.loaded != key:
            index.reload()
            self.loaded = key
        return index

    def fresh(self, wait=WAIT_SECONDS, apply_seconds=APPLY_SECONDS):
        """The index holding every revision committed before the call, or None."""
        target = latest_revision()
        deadline = time.monotonic() + wait
        while True:
            state = self.state()
            if state is not None and state["revision"] == target:
                return self.current(state)
            try:
                with self._locked(wait=0):
                    state = self._bring_to(target, apply_seconds)
            except Busy:
                if time.monotonic() >= deadline:
                    return None
                time.sleep(0.01)
                continue
            return self.current(state) if state is not None and state["revision"] >= target else None

    def _bring_to(self, target, apply_seconds):
        """Under the writer lock: the state after building or applying towards `target`."""
        state = self.state()
        if state is not None and state["revision"] > latest_revision():
            # Ahead of the log: the database was restored from an older
            # copy, and what the index holds may no longer exist.
            state = None
        if state is None:
            if not self._small():
                if not self.warned:
                    log.warning("search: no ranked index at %s; run `flask --app service search rebuild` "
                                "(searching the database meanwhile)", self.root)
                    self.warned = True
                return None
            return self._rebuild(heap=ON_DEMAND_WRITER_HEAP)
        if state["revision"] < target:
            return self._apply(state, seconds=apply_seconds)
        return state

    def _small(self):
        for kind in KINDS:
            model = documents.MODELS[kind]
            if model.select(model.id).limit(1).offset(BUILD_ON_DEMAND_LIMIT).exists():
                return False
        return True

    # Writing ------------------------------------------------------------

    def catch_up(self, wait=None):
        """Apply every revision not yet applied, building the index if there is none (the CLI)."""
        with self._locked(wait):
            state = self.state()
            if state is None or state["revision"] > latest_revision():
                return self._rebuild()
            while state["revision"] < latest_revision():
                state = self._apply(state, seconds=60)
            return state

    def _apply(self, state, seconds):
        """Apply the revisions after `state`, a batch (one commit, then the state) at a time."""
        started = time.monotonic()
        writers = {}
        try:
            while time.monotonic() - started < seconds:
                # An alias's revision (should the log name aliases apart
                # from their participant) carries its participant in the
                # representation; no other's representation is read.
                revisions = database.execute_sql(
                    "SELECT id, resource, row_key, CASE WHEN resource = 'alias' THEN coalesce(after, before) END "
                    "FROM revision WHERE id > %s ORDER BY id LIMIT %s"
                    .replace("%s", database.param), (state["revision"], REVISION_BATCH)).fetchall()
                if not revisions:
                    break
                changed = affected(revisions)
                for kind, keys in changed.items():
                    if kind not in writers:
                        writers[kind] = self._indexes().kinds[kind].writer()
                    put(writers[kind], kind, keys)
                for kind in changed:
                    writers[kind].commit()
                state = self._write_state(revisions[-1][0])
                if len(revisions) < REVISION_BATCH:
                    break
        finally:
            for writer in writers.values():
                writer.wait_merging_threads()
        return state

    def rebuild(self, progress=None, wait=None):
        """Index every record again, from the database (the CLI's `search rebuild`)."""
        with self._locked(wait):
            return self._rebuild(progress)

    def _rebuild(self, progress=None, heap=BULK_WRITER_HEAP):
        # The log's last id is read before the rows: every row read is at
        # least as new as it, and the revisions after it are applied again
        # (idempotently) by the next search.
        target = latest_revision()
        indexes = self._indexes()
        for kind in KINDS:
            writer = indexes.kinds[kind].writer(heap, 1)
            writer.delete_all_documents()
            for key, document_, recency in documents.records(kind):
                writer.add_document(document(key, document_, recency))
                if progress:
                    progress(1)
            writer.commit()
            writer.wait_merging_threads()
        return self._write_state(target)


def put(writer, kind, keys):
    """Make the index hold the current documents of records `keys` (none for a deleted one)."""
    for key in keys:
        writer.delete_documents_by_term("key", key)
    for key, document_, recency in documents.records(kind, keys):
        writer.add_document(document(key, document_, recency))


def affected(revisions):
    """{kind: ids} whose documents a batch of revisions may have changed.

    A statement's document holds its speaker's names and its order its
    article's publication, so a participant's or an article's change
    re-indexes their statements too. Aliases are written as their
    participant's revision; a revision of an alias alone names the
    participant in its representation.
    """
    found = {kind: set() for kind in KINDS}
    for _, resource, row_key, representation in revisions:
        if resource == "alias":
            resource, row_key = "participant", _participant_of_alias(row_key, representation)
        if resource not in found:
            continue
        try:
            key = int(row_key)
        except (TypeError, ValueError):
            continue
        found[resource].add(key)
        if resource != "statement":
            found["statement"].update(documents.statements_of(resource, key))
    return {kind: keys for kind, keys in found.items() if keys}


def _participant_of_alias(row_key, representation):
    try:
        body = json.loads(representation) if representation else {}
    except ValueError:
        body = {}
    participant = body.get("participant_id", body.get("participant")) if isinstance(body, dict) else None
    if participant is None:
        alias = documents.Alias.get_or_none(documents.Alias.id == row_key) if str(row_key).isdigit() else None
        participant = alias.participant_id if alias else None
    return participant
