"""Copying a SQLite database file that is in use."""
from contextlib import closing

from service.db import sqlite3


def copy_sqlite(source, target):
    """A consistent copy, whatever of it is still in the WAL: the service's
    pooled connections stay open, so the WAL is not checkpointed into the
    main file and a plain file copy can miss the latest transactions."""
    with closing(sqlite3.connect(source)) as reading, closing(sqlite3.connect(target)) as writing:
        reading.backup(writing)
