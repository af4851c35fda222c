"""The whole dataset out and in, losslessly, as NDJSON.

One line per row, in an order where every reference points backwards:
`{"type": "statement", "row": {...}}` with the row's columns by field name,
ids, timestamps and versions included, so export → import into an empty
database → export gives the same bytes. Operational tables (API keys,
idempotency records, revisions) are not part of the dataset.

Import is the records layer's bulk path: a lossless restore (ids, versions
and timestamps kept) that writes one compact revision per row of a kind of
record (action `import`, no copy of the body), so history and anything that
follows the revision log see every imported row.

Import is atomic (one transaction: every line or none) and reports every
bad line by number. It fills an empty database or adds rows whose ids are
free; the search index is rebuilt once at the end.
"""
import contextlib
import datetime
import functools
import json
import re

import orjson
import peewee

from .. import counts, search
from ..db import database, is_sqlite, reset_sequences, write_transaction
from ..models import (
    Alias,
    Article,
    ArticleEvent,
    Country,
    Event,
    EventParticipant,
    Outlet,
    Participant,
    Revision,
    Role,
    Statement,
    StatementTopic,
    Topic,
)
from .base import bulk_restore

FORMAT = "statements-desk/1"
# Dependency order: a row only refers to rows of tables before it (a
# participant merged into another is the one self-reference, kept in id order).
TABLES = [Country, Outlet, Topic, Participant, Alias, Role, Article, Event, EventParticipant,
          ArticleEvent, Statement, StatementTopic]
BY_NAME = {model._meta.table_name: model for model in TABLES}
BATCH = 2000
# Page cache for a bulk load on SQLite, in KiB (db.SQLITE_PRAGMAS sizes the
# request threads' caches far smaller).
BULK_LOAD_CACHE_KIB = 256_000


@contextlib.contextmanager
def large_page_cache():
    """A bulk load's connection with a large SQLite page cache, for its duration.

    A load of 100k statements touches a few hundred MB of B-tree and FTS5
    pages, the random-keyed indexes (content hashes, the unique pairs) all over; with
    the request-sized cache each insert re-reads pages (about a tenth of the
    load's CPU). cache_size is the connection's own setting: no other
    connection sees it and durability is untouched; it is put back after.
    """
    if not is_sqlite():
        yield
        return
    previous = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql(f"PRAGMA cache_size = -{BULK_LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {previous}")


@contextlib.contextmanager
def deferred_indexes(models):
    """The non-unique indexes of the empty tables among `models` dropped for a
    bulk load and built again after it, in the load's own transaction.

    Building an index once over loaded rows (a sort) costs a fraction of
    keeping it up to date row by row, whose random keys (content hashes)
    touch pages all over the file: measured on a 30k-statement dump,
    import 5.3 s with the indexes kept, 4.2 s + 0.2 s with them deferred.
    Unique indexes stay, so a clash is still refused where it happens; a
    table holding rows keeps everything (its indexes serve the load's checks).
    SQLite only: there the drop is invisible to readers until the commit, where
    PostgreSQL's DROP INDEX would lock readers of the table out for the whole load.
    """
    if not is_sqlite():
        yield
        return
    deferred = [index for model in models if not model.select().exists()
                for index in database.get_indexes(model._meta.table_name)
                if not index.unique and index.sql]
    for index in deferred:
        database.execute_sql(f'DROP INDEX "{index.name}"')
    yield
    for index in deferred:
        database.execute_sql(index.sql)


def jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


# Columns that are the service's bookkeeping, not data: a row token is
# drawn afresh when a row is inserted, by an import too (models.DomainModel).
NOT_DATA = {"row_token"}
# Fields that dumps of an older release carry and the tables no longer have:
# values derived from others (migration step 14), skipped on import so that
# every dump ever exported still loads.
RETIRED = {"statement": frozenset({"normalized", "fingerprint"})}


def dataset_fields(model):
    """The fields a dump (and a table's CSV) carries, in column order."""
    return [field for field in model._meta.sorted_fields if field.name not in NOT_DATA]


def dataset_rows(model):
    """A table's rows as {field name: value}, in key order."""
    return model.select(*dataset_fields(model)).order_by(*_order(model)).dicts().iterator()


def export_lines():
    """Yield the dataset as NDJSON lines (str, newline-terminated)."""
    yield json.dumps({"type": "meta", "format": FORMAT}) + "\n"
    for model in TABLES:
        name = model._meta.table_name
        for row in dataset_rows(model):
            data = {key: jsonable(value) for key, value in row.items()}
            yield json.dumps({"type": name, "row": data}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _order(model):
    return [model._meta.primary_key] if model._meta.primary_key else \
        [field for field in model._meta.sorted_fields]


# What the database may still refuse of a dump whose lines all passed the
# checks below (a driver's or an engine's own limit); the import is rolled back.
UNSTORABLE = (RecursionError, OverflowError, ValueError, UnicodeError, peewee.InterfaceError,
              peewee.ProgrammingError, peewee.DataError)


class DatasetError(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} bad lines")
        self.errors = errors


# What no engine stores, refused as the API's schemas refuse it
# (schemas/common.py): NUL (PostgreSQL text cannot hold it) and unpaired
# UTF-16 surrogates, which JSON can spell ("\ud800") but UTF-8 cannot encode.
UNSTORABLE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
# Column ranges on PostgreSQL (SQLite's integers are 64-bit, its small ones too).
INTEGER_RANGES = ((peewee.SmallIntegerField, (-2**15, 2**15)), (peewee.IntegerField, (-2**63, 2**63)))


def _json_type(value):
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            int: "an integer", float: "a number"}.get(type(value), type(value).__name__)


def _text(field):
    limit = getattr(field, "max_length", None)

    def convert(value, suspect=True):
        if not isinstance(value, str):
            raise ValueError(f"expected a string, not {_json_type(value)}")
        if suspect and UNSTORABLE_CHARACTERS.search(value):
            raise ValueError("NUL characters (U+0000) and unpaired surrogates (U+D800 to U+DFFF) "
                             "cannot be stored")
        if limit and len(value) > limit:
            raise ValueError(f"longer than {limit} characters")
        return value
    return convert


def _integer(field):
    low, high = next(bounds for kind, bounds in INTEGER_RANGES if isinstance(field, kind))

    def convert(value, suspect=True):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"expected an integer, not {_json_type(value)}")
        if not low <= value < high:
            raise ValueError(f"{value} is out of range ({low} to {high - 1})")
        return value
    return convert


def _moment(parse):
    @functools.lru_cache(maxsize=4096)  # rows written together share their timestamps
    def stored(value):
        try:
            moment = parse(value)
        except ValueError:
            raise ValueError(f"{value[:40]!r} is not an ISO 8601 date") from None
        if isinstance(moment, datetime.datetime):
            if moment.tzinfo is not None:  # stored in UTC without an offset (models.py)
                try:
                    moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
                except OverflowError:  # 0001-01-01T00:00:00+04:30 is before year 1 in UTC
                    raise ValueError(f"{value[:40]!r} is out of range once converted to UTC") from None
            return moment.isoformat(" ")
        return moment.isoformat()

    def convert(value, suspect=True):
        if not isinstance(value, str):
            raise ValueError(f"expected an ISO 8601 string, not {_json_type(value)}")
        return stored(value)
    return convert


def _converter(field):
    """A function that checks a JSON value for `field` and returns it as SQL binds it."""
    if isinstance(field, peewee.ForeignKeyField):
        field = field.rel_field
    if isinstance(field, peewee.DateTimeField):
        return _moment(datetime.datetime.fromisoformat)
    if isinstance(field, peewee.DateField):
        return _moment(datetime.date.fromisoformat)
    if isinstance(field, peewee.IntegerField):  # AutoField and SmallIntegerField too
        return _integer(field)
    return _text(field)


class RowParser:
    """One table's rows from JSON, checked for what its columns can store."""

    def __init__(self, model):
        self.table = model._meta.table_name
        self.retired = RETIRED.get(self.table, frozenset())
        self.fields = {field.name: field for field in dataset_fields(model)}
        self.converters = {name: _converter(field) for name, field in self.fields.items()}
        self.nullable = {name for name, field in self.fields.items() if field.null or field.primary_key}
        self.required = [name for name, field in self.fields.items()
                         if not field.null and field.default is None and not field.primary_key]

    def __call__(self, row, suspect=True):
        """The row checked and converted (`suspect`: its strings may hold unstorable characters)."""
        converters, parsed = self.converters, {}
        for name, value in row.items():
            convert = converters.get(name)
            if convert is None:
                if name in self.retired:
                    continue
                raise ValueError(f"{self.table} has no field {name!r}")
            if value is None:
                if name not in self.nullable:
                    raise ValueError(f"{name}: cannot be null")
                parsed[name] = None
                continue
            try:
                parsed[name] = convert(value, suspect)
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from None
        if len(parsed) < len(converters):  # only then can a required field be missing
            missing = [name for name in self.required if name not in parsed]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
        return parsed


def import_lines(lines):
    """Import NDJSON lines atomically; return rows added per table.

    Lines stream: rows are inserted a batch at a time as they are read, so
    memory stays bounded however large the dump. A batch goes in table order,
    so a row's references are stored before it as long as they come earlier in
    the dump, as `export` writes them. Raises DatasetError with
    {"line N": [message]} when any line is bad (not JSON, an unknown table or
    field, a value its column cannot store), or {table: [message]} when a
    table's rows conflict with stored ones or refer to missing rows; then the
    transaction is rolled back and nothing is written.
    """
    errors = {}
    added = {model._meta.table_name: 0 for model in TABLES}
    pending = {model: [] for model in TABLES}
    parsers = {name: RowParser(model) for name, model in BY_NAME.items()}

    def flush():
        for model in TABLES:
            rows = pending[model]
            if rows and not errors:  # after an error only the report goes on
                _insert(model, rows, errors)
                added[model._meta.table_name] += len(rows)
            rows.clear()

    with large_page_cache(), write_transaction():
        with deferred_indexes([*TABLES, Revision]), counts.deferred():
            _read(lines, parsers, pending, errors, flush)
        if errors:
            raise DatasetError(errors)
        reset_sequences([model for model in TABLES if model._meta.primary_key.name == "id"])
        search.rebuild()  # (which analyzes the search tables it fills)
        if not is_sqlite():  # the planner's statistics, which a bulk load leaves stale or empty
            analyze([*TABLES, Revision], counts.COUNT_TABLES)
    return added


def analyze(models, tables=()):
    """PostgreSQL's ANALYZE of the tables a bulk load wrote (the others' statistics still hold)."""
    names = [model._meta.table_name for model in models] + list(tables)
    database.execute_sql("ANALYZE " + ", ".join(f'"{name}"' for name in names))


def _read(lines, parsers, pending, errors, flush):
    """Parse each line into `pending` (by table), `flush()` every BATCH rows,
    and note each bad line in `errors` (the first 100)."""
    held = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            parsed = _parsed_line(line, parsers)
            if parsed is not None:
                pending[parsed[0]].append(parsed[1])
                held += 1
        except RecursionError:
            errors[f"line {number}"] = ["nested too deeply to read"]
        except (ValueError, TypeError) as error:  # json.JSONDecodeError is a ValueError
            errors[f"line {number}"] = [str(error)]
        if len(errors) >= 100:
            break
        if held >= BATCH:
            flush()
            held = 0
    flush()


def _parsed_line(line, parsers):
    """(model, checked row) of a line, or None for the meta line; raises on a bad line.

    orjson reads a line in half the time of the standard library's json, and
    reads every line whose rows pass the checks as json does. Where they
    differ (orjson refuses NaN and lone surrogates, and reads an integer past
    64 bits as a float), the line is a bad one either way: it is read again
    by json, so that what is refused, and the words saying why, stay json's.
    """
    try:
        return _line(orjson.loads(line), line, parsers)
    except (ValueError, TypeError, RecursionError):  # orjson.JSONDecodeError is a ValueError
        return _line(json.loads(line), line, parsers)


def _line(item, line, parsers):
    if not isinstance(item, dict):
        raise ValueError("not a JSON object")
    kind = item.get("type")
    if kind == "meta":
        if item.get("format") != FORMAT:
            raise ValueError(f"unknown format {item.get('format')!r}; expected {FORMAT}")
        return None
    parser = parsers.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise ValueError(f"unknown type {kind!r}")
    if not isinstance(item.get("row"), dict):
        raise ValueError("no row object")
    # Decoded UTF-8 holds no lone surrogate, and JSON no raw NUL: only
    # a \\u escape can put either in a string, so only such a line's
    # strings need a look.
    return BY_NAME[kind], parser(item["row"], "\\u" in line)


def _insert(model, rows, errors):
    # Rows may name their columns in any order; group them by shape.
    shapes = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    for shape_rows in shapes.values():
        try:
            with write_transaction():  # a savepoint: report the batch, keep going
                bulk_restore(model, shape_rows)
        except peewee.IntegrityError as error:
            errors[model._meta.table_name] = [f"conflicts with stored rows or references: {error}"]
        except peewee.DataError as error:  # anything the checks above let through
            errors[model._meta.table_name] = [f"a value cannot be stored: {error}"]
