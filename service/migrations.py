"""Schema migrations: numbered steps, the applied version recorded in the database.

`upgrade()` runs the steps the database has not seen, in one transaction,
so it is safe to run twice and safe to run from several hosts at once (on
PostgreSQL an advisory lock serializes them; on SQLite BEGIN IMMEDIATE does).
"""
from peewee import IntegerField

from .db import database, is_sqlite, write_transaction
from .models import ALL_MODELS, BaseModel, utcnow

ADVISORY_LOCK_KEY = 0x5D5C_0001


class SchemaVersion(BaseModel):
    version = IntegerField()

    class Meta:
        table_name = "schema_version"


def create_tables():
    database.create_tables(ALL_MODELS, safe=True)


# Each step moves the schema from version N-1 to N. Add steps; never edit one
# that has shipped.
def create_search_index():
    from . import search
    search.create_index()


STEPS = [
    create_tables,
    create_search_index,
]


def current_version():
    if not database.table_exists("schema_version"):
        return 0
    row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return row.version if row else 0


def upgrade():
    with write_transaction():
        if not is_sqlite():
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        database.create_tables([SchemaVersion], safe=True)
        version = current_version()
        for number, step in enumerate(STEPS[version:], start=version + 1):
            step()
            SchemaVersion.create(version=number)
        return len(STEPS)
