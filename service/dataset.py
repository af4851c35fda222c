"""The whole dataset out and in, losslessly, as NDJSON.

One line per row, in an order where every reference points backwards:
`{"type": "statement", "row": {...}}` with the row's columns by field name,
ids, timestamps and versions included, so export → import into an empty
database → export gives the same bytes. Operational tables (API keys,
idempotency records, revisions) are not part of the dataset.

Import is atomic (one transaction: every line or none) and reports every
bad line by number. It fills an empty database or adds rows whose ids are
free; the search index is rebuilt once at the end.
"""
import datetime
import json

import peewee

from . import search
from .db import bulk_insert, reset_sequences, write_transaction
from .models import (Alias, Article, ArticleEvent, Country, Event, EventParticipant, Outlet,
                     Participant, Role, Statement, StatementTopic, Topic)

FORMAT = "statements-desk/1"
# Dependency order: a row only refers to rows of tables before it (a
# participant merged into another is the one self-reference, kept in id order).
TABLES = [Country, Outlet, Topic, Participant, Alias, Role, Article, Event, EventParticipant,
          ArticleEvent, Statement, StatementTopic]
BY_NAME = {model._meta.table_name: model for model in TABLES}
BATCH = 2000


def jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def export_lines():
    """Yield the dataset as NDJSON lines (str, newline-terminated)."""
    yield json.dumps({"type": "meta", "format": FORMAT}) + "\n"
    for model in TABLES:
        name = model._meta.table_name
        for row in model.select().order_by(*_order(model)).dicts().iterator():
            data = {key: jsonable(value) for key, value in row.items()}
            yield json.dumps({"type": name, "row": data}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _order(model):
    return [model._meta.primary_key] if model._meta.primary_key else \
        [field for field in model._meta.sorted_fields]


class DatasetError(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} bad lines")
        self.errors = errors


def _parse(model, row):
    parsed = {}
    for name, value in row.items():
        field = model._meta.fields.get(name)
        if field is None:
            raise ValueError(f"{model._meta.table_name} has no field {name!r}")
        if value is not None and isinstance(field, peewee.DateTimeField):
            value = datetime.datetime.fromisoformat(value)
        elif value is not None and isinstance(field, peewee.DateField):
            value = datetime.date.fromisoformat(value)
        parsed[name] = value
    missing = [f.name for f in model._meta.sorted_fields
               if f.name not in parsed and not f.null and f.default is None and not f.primary_key]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    return parsed


def import_lines(lines, progress=None):
    """Import NDJSON lines atomically; return rows added per table.

    Raises DatasetError with {"line N": [message]} when any line is bad;
    then nothing is written.
    """
    errors, added = {}, {}
    pending = {model: [] for model in TABLES}
    with write_transaction():
        for number, line in enumerate(lines, start=1):
            if progress:
                progress(1)
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("not a JSON object")
                if item.get("type") == "meta":
                    if item.get("format") != FORMAT:
                        raise ValueError(f"unknown format {item.get('format')!r}; expected {FORMAT}")
                    continue
                model = BY_NAME.get(item.get("type"))
                if model is None:
                    raise ValueError(f"unknown type {item.get('type')!r}")
                if not isinstance(item.get("row"), dict):
                    raise ValueError("no row object")
                pending[model].append(_parse(model, item["row"]))
            except (ValueError, TypeError) as error:
                errors[f"line {number}"] = [str(error)]
                if len(errors) >= 100:
                    break
        if errors:
            raise DatasetError(errors)
        for model in TABLES:
            rows = pending[model]
            for start in range(0, len(rows), BATCH):
                _insert(model, rows[start:start + BATCH], errors)
            added[model._meta.table_name] = len(rows)
        if errors:
            raise DatasetError(errors)
        reset_sequences([model for model in TABLES if model._meta.primary_key.name == "id"])
        search.rebuild()
    return added


def _insert(model, rows, errors):
    # Rows may name their columns in any order; group them by shape.
    shapes = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    for shape_rows in shapes.values():
        try:
            with write_transaction():  # a savepoint: report the batch, keep going
                bulk_insert(model, shape_rows)
        except peewee.IntegrityError as error:
            errors[model._meta.table_name] = [f"conflicts with stored rows or references: {error}"]
