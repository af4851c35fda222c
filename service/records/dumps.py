"""What the schemas dumped for recently represented rows, kept by the rows' contents.

A representation is a function of the row's columns and of the parts
`load_parts` attached to it (a statement's topic links, a participant's
aliases and roles): the schemas read nothing else. So the dump is kept
under exactly those values, and a row read again with the same values
gets the same dict without the schema's work, in any transaction, on any
engine. Nothing needs invalidating: a changed row or part is another key.

(A key of (table, id, version) would also spare the parts' query, but a
version does not name one content: SQLite gives a deleted row's id to the
next row, with the same version 1 and, within a second, the same
timestamps. tests/test_dumps.py holds that case.)

The cache is bounded (least recently used first out) and shared by the
threads of a process.
"""
import threading
from collections import OrderedDict

CAPACITY = 4096  # rows per process: a few MB of dicts and their keys


class DumpCache:
    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys):
        with self.lock:
            found = []
            for key in keys:
                item = self.entries.get(key)
                if item is not None:
                    self.entries.move_to_end(key)
                found.append(item)
            return found

    def put_many(self, pairs):
        with self.lock:
            for key, item in pairs:
                self.entries[key] = item
                self.entries.move_to_end(key)
            while len(self.entries) > CAPACITY:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


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


def dump(rows, load_parts, serializer):
    """serializer.dump(rows, many=True), from the cache where it can be.

    Every item is a dict of its own (its top level may be changed by the
    caller: expansions, `fields`); nested values are shared, never changed.
    """
    if not rows:
        return []
    load_parts(rows)
    if CAPACITY <= 0:
        return serializer.dump(rows, many=True)
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
        _cache.put_many((keys[index], item) for index, item in zip(missing, fresh))
    return [dict(item) for item in items]
