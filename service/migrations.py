"""Schema migrations: numbered steps, the applied version recorded in the database.

`upgrade()` runs the steps the database has not seen, in one transaction,
and records each in `schema_version`: running it twice applies nothing the
second time, and a step that fails leaves the database at its old version
(DDL is transactional on both engines). Several hosts may run it at once:
on PostgreSQL a transaction-scoped advisory lock makes the others wait and
then find the work done; on SQLite BEGIN IMMEDIATE does the same.

Step 1 creates the tables from the models as they are today, so on an empty
database it already builds columns a later step adds to older databases: a
later step must therefore check before it adds (`add_missing_columns`).
tests/test_migrations.py migrates an empty database and every older version
to head on both engines and compares the schemas.
"""
from peewee import IntegerField

from .db import database, is_sqlite, write_transaction
from .models import ALL_MODELS, BaseModel

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


def create_idempotency_and_revision_tables():
    from .models import IdempotencyRecord, Revision
    database.create_tables([IdempotencyRecord, Revision], safe=True)


def create_rate_limit_table():
    # The rate limit's counts on PostgreSQL (http/ratelimit.py counts in it;
    # on SQLite it counts in a file of its own): UNLOGGED, as losing counts
    # in a crash is harmless and skipping the WAL makes counting cheap.
    if not is_sqlite():
        database.execute_sql("CREATE UNLOGGED TABLE IF NOT EXISTS rate_limit_hits (key TEXT, "
                             "slot BIGINT, count INTEGER, PRIMARY KEY (key, slot))")


def create_extraction_run_table():
    # Issue #14 (item 6): the archive run resumes from this table.
    from .models import ExtractionRun
    database.create_tables([ExtractionRun], safe=True)


def create_secret_table():
    from . import signing
    from .models import ServiceSecret
    database.create_tables([ServiceSecret], safe=True)
    signing.stored_secret()  # made now, so hosts starting together find one


def create_search_instance():
    from .search import follower
    follower.create_instance()


def create_statement_counts_index():
    from .models import Statement
    Statement._schema.create_indexes(safe=True)


def create_duplicate_dismissal_table():
    # Issue #17 (item 2): pairs an editor judged not to be one participant.
    from .models import DuplicateDismissal
    database.create_tables([DuplicateDismissal], safe=True)


def add_row_tokens():
    from .models import DomainModel
    for model in DomainModel.__subclasses__():
        add_missing_columns(model)


def create_month_counts():
    # Issue #16 (item 3): the dashboard's counts, kept by triggers (counts.py).
    from . import counts
    counts.create()


def compact_search_index():
    # Issue #16 (item 3): SQLite's search tables keep no copy of the text
    # where its version can delete from such a table (search/sqlite.py).
    if is_sqlite():
        from . import search
        search.compact_index()


# Indexes no query needs (issue #16, item 3: a smaller file): one on the
# fingerprint, which nothing looks up, and two that a wider index leading
# with the same column already serves.
REDUNDANT_INDEXES = ("statement_fingerprint", "statement_article_id", "statement_topic_statement_id")


def drop_redundant_indexes():
    for name in REDUNDANT_INDEXES:
        database.execute_sql(f"DROP INDEX IF EXISTS {name}")


# Two columns of statement that nothing reads (issue #16, item 3): `normalized`
# (a copy of normalize(text), which matching computes from the text anyway)
# and `fingerprint` (its SHA-256). A quarter of the file at 1M statements.
# SQLite rewrites the table but keeps the freed pages: VACUUM returns them.
DERIVED_STATEMENT_COLUMNS = ("normalized", "fingerprint")


def drop_derived_statement_columns():
    present = {column.name for column in database.get_columns("statement")}
    for name in DERIVED_STATEMENT_COLUMNS:
        if name in present:
            database.execute_sql(f"ALTER TABLE statement DROP COLUMN {name}")


# The feed by speaker (`?speaker=`, ordered by id, a page at a time) on
# PostgreSQL: with an index on speaker_id alone its planner scans the primary
# key in id order and filters, which reads every older statement before a
# speaker's first (a second at 1M statements); an index on (speaker_id, id)
# reads just the page. SQLite's index on speaker_id already ends in the rowid.
def index_statements_by_speaker_and_id():
    if not is_sqlite():
        database.execute_sql("CREATE INDEX IF NOT EXISTS statement_speaker_id_id ON statement (speaker_id, id)")
        database.execute_sql("DROP INDEX IF EXISTS statement_speaker_id")


STEPS = [
    create_tables,
    create_search_index,
    create_idempotency_and_revision_tables,
    create_rate_limit_table,
    create_extraction_run_table,
    create_secret_table,
    create_search_instance,
    create_statement_counts_index,
    create_duplicate_dismissal_table,
    add_row_tokens,
    create_month_counts,
    compact_search_index,
    drop_redundant_indexes,
    drop_derived_statement_columns,
    index_statements_by_speaker_and_id,
]


def add_missing_columns(model):
    """Add the columns `model` declares that its table lacks (for a step that adds fields).

    A new column must be nullable or have a default: old rows get no value.
    """
    from playhouse.migrate import SchemaMigrator, migrate
    table = model._meta.table_name
    present = {column.name for column in database.get_columns(table)}
    missing = [field for field in model._meta.sorted_fields if field.column_name not in present]
    migrator = SchemaMigrator.from_database(database.obj)
    migrate(*(migrator.add_column(table, field.column_name, field) for field in missing))


def current_version():
    if not database.table_exists("schema_version"):
        return 0
    row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return row.version if row else 0


def head():
    return len(STEPS)


def upgrade(target=None):
    """Apply the steps up to `target` (default: all); return the version reached."""
    target = head() if target is None else target
    with write_transaction():
        if not is_sqlite():
            # Held to the end of the transaction: a second host blocks here
            # and then reads the versions the first one committed.
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        database.create_tables([SchemaVersion], safe=True)
        version = current_version()
        for number, step in enumerate(STEPS[version:target], start=version + 1):
            step()
            SchemaVersion.create(version=number)
        return max(version, target)
