"""What the schemas dumped for recently represented rows, kept per process.

A representation is a function of the row's columns and of the parts
`load_parts` attached to it (a statement's topic links, a participant's
aliases and roles): the schemas read nothing else. Two keys name that
content:

- (table, key, version, row token), the values the row's strong ETag
  carries (http/etag.py): the write path bumps a row's version whenever its
  columns or an owned part change, and the token, drawn when the row is
  inserted, tells apart two rows that held the same id one after the other
  (SQLite gives a deleted row's id to the next insert, with version 1
  again). A row found under it needs no parts loaded: a feed page is one
  query, not three. Only rows read outside a transaction are kept this
  way, since only those are committed: a write's own representation,
  taken inside its transaction, might be rolled back, and the next write
  would then bring the same version with other content.
- the row's column values and those of its parts, for a row stored before
  rows had tokens and for rows read inside a transaction: whatever the
  version says, another content is another key.

The cache is bounded in rows and in characters of text (least recently
used first out; a row with a very long text is never kept) and shared by
the threads of a process.
"""
import threading
from collections import OrderedDict

from ..db import database

CAPACITY = 4096          # rows per process
TEXT_BUDGET = 4_000_000  # characters of text per process, keys and dumps sharing them (an
#                          article body can be 100,000: the row count alone would not bound memory)
LARGEST = TEXT_BUDGET // 100  # a row with more text is dumped every time, never kept


def text_size(key):
    """The characters of text a content key holds (its dump holds the same strings)."""
    _, _, values, parts = key
    size = sum(len(value) for value in values if isinstance(value, str))
    for _, children in parts:
        size += sum(len(value) for child in children for value in child if isinstance(value, str))
    return size


class DumpCache:
    def __init__(self):
        self.entries = OrderedDict()  # key -> (item, text size)
        self.size = 0
        self.lock = threading.Lock()

    def get_many(self, keys):
        with self.lock:
            found = []
            for key in keys:
                entry = self.entries.get(key)
                if entry is not None:
                    self.entries.move_to_end(key)
                found.append(entry[0] if entry is not None else None)
            return found

    def put_many(self, entries):
        """Keep (key, item, text size) entries."""
        with self.lock:
            for key, item, size in entries:
                if size > LARGEST:
                    continue
                previous = self.entries.pop(key, None)
                if previous is not None:
                    self.size -= previous[1]
                self.entries[key] = (item, size)
                self.size += size
            while self.entries and (len(self.entries) > CAPACITY or self.size > TEXT_BUDGET):
                _, (_, size) = self.entries.popitem(last=False)
                self.size -= size

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


_cache = DumpCache()


def _values(row):
    data = row.__data__
    return tuple(data.get(name) for name in row._meta.sorted_field_names)


def key_of(serializer, row):
    """The schema, the row's columns' values, and those of the parts attached to it."""
    attached = row.__dict__
    parts = tuple((fk.backref, tuple(_values(child) for child in attached[fk.backref]))
                  for fk in row._meta.backrefs if fk.backref in attached)
    return serializer, row._meta.table_name, _values(row), parts


def version_key(serializer, row):
    """The schema and what the row's strong ETag names; None for a row with no token,
    or one built or changed in memory (its columns may not be what that version stored)."""
    data = row.__data__
    token = data.get("row_token")
    if token is None or "version" not in data or row._dirty or row.get_id() is None:
        return None
    return serializer, row._meta.table_name, row.get_id(), data["version"], token


def dump(rows, load_parts, serializer):
    """serializer.dump(rows, many=True), from the cache where it can be.

    Every item is a dict of its own (its top level may be changed by the
    caller: expansions, `fields`); nested values are shared, never changed.
    Parts are loaded only for the rows the cache does not hold.
    """
    if not rows:
        return []
    if CAPACITY <= 0:
        load_parts(rows)
        return serializer.dump(rows, many=True)
    keys = [version_key(serializer, row) for row in rows]
    if None in keys or database.in_transaction():
        return _dump_by_content(rows, load_parts, serializer)
    items = _cache.get_many(keys)
    missing = [index for index, item in enumerate(items) if item is None]
    if missing:
        fresh_rows = [rows[index] for index in missing]
        load_parts(fresh_rows)
        fresh = serializer.dump(fresh_rows, many=True)
        for index, item in zip(missing, fresh):
            items[index] = item
        _cache.put_many((keys[index], item, text_size(key_of(serializer, row)))
                        for index, row, item in zip(missing, fresh_rows, fresh))
    return [dict(item) for item in items]


def _dump_by_content(rows, load_parts, serializer):
    load_parts(rows)
    keys = [key_of(serializer, row) for row in rows]
    try:
        items = _cache.get_many(keys)
    except TypeError:  # a value that cannot be a key (none of today's columns)
        return serializer.dump(rows, many=True)
    missing = [index for index, item in enumerate(items) if item is None]
    if missing:
        fresh = serializer.dump([rows[index] for index in missing], many=True)
        for index, item in zip(missing, fresh):
            items[index] = item
        _cache.put_many((keys[index], item, text_size(keys[index])) for index, item in zip(missing, fresh))
    return [dict(item) for item in items]
