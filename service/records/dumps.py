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

The cache is bounded in rows and in characters of text (least recently
used first out; a row with a very long text is never kept) and shared by
the threads of a process.
"""
import threading
from collections import OrderedDict

CAPACITY = 4096          # rows per process
TEXT_BUDGET = 4_000_000  # characters of text per process, keys and dumps sharing them (an
#                          article body can be 100,000: the row count alone would not bound memory)
LARGEST = TEXT_BUDGET // 100  # a row with more text is dumped every time, never kept


def text_size(key):
    """The characters of text a key holds (its dump holds the same strings)."""
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

    def put_many(self, pairs):
        with self.lock:
            for key, item in pairs:
                size = text_size(key)
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
