"""Whole answers kept while the data they were computed from has not changed.

A dashboard polls the same counts every few seconds; between two writes
the answer is the same bytes. Every write adds a revision in its own
transaction (the records layer, held by tests/test_every_writer_leaves_revisions.py),
so the head of the revision log names the state of the data: an answer
computed at head H is the answer for every request with the same arguments
while the head is still H, on any worker and any host. The caller reads the
head *before* computing, so an answer is never older than its key (at
worst newer, which a concurrent reader may see anyway).

The head is (id, time) of the last revision, and the key carries the
database it was read from: a log restored from a backup may reach the same
id again, not at the same microsecond. What changes data without a revision
(a table edited by hand) is not seen until the next write: such a change
bypasses every reader's guarantees, not only this one.

Per process, bounded in entries and in bytes, least recently used first out.
"""
import threading
from collections import OrderedDict

from flask import current_app

from .per_app import per_app

BYTES_BUDGET = 8 * 1024 * 1024   # per process, over all kept answers
LARGEST = BYTES_BUDGET // 8      # a larger answer is computed every time, never kept


class AnswerCache:
    def __init__(self, entries):
        self.capacity = entries
        self.entries = OrderedDict()   # key -> bytes
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            body = self.entries.get(key)
            if body is not None:
                self.entries.move_to_end(key)
            return body

    def put(self, key, body):
        if self.capacity <= 0 or len(body) > LARGEST:
            return
        with self.lock:
            previous = self.entries.pop(key, None)
            if previous is not None:
                self.size -= len(previous)
            self.entries[key] = body
            self.size += len(body)
            while self.entries and (len(self.entries) > self.capacity or self.size > BYTES_BUDGET):
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)

    def kept(self, key, compute):
        """The bytes kept under `key`, or `compute()`'s, kept for the next request."""
        body = self.get(key)
        if body is None:
            body = compute()
            self.put(key, body)
        return body


def answers(setting):
    """The app's cache for `setting` (its entry count; 0 keeps nothing), made on first use."""
    return per_app(f"answers:{setting}", lambda: AnswerCache(int(current_app.config[setting])))
