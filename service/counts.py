"""Statement counts by month, kept by the database in each write's transaction.

The dashboard's charts count statements by speaker (and so by country), by
topic or by month over a date range. Counting the rows of a year at a
million statements reads a hundred thousand index entries per request; these
two tables hold the same answer folded by month:

- `statement_month_counts` (month, speaker_id, count): the statements whose
  reporting article appeared in that month, by speaker;
- `topic_month_counts` (month, topic_id, count): the (statement, topic) links
  by the month of the statement's article.

`month` is 'YYYY-MM' of the article's `published_at` as `db.month_of` reads
it, or '' for an article without a date. Triggers keep both tables exact
for every writer (the records layer, merges' bulk moves, imports, cascades),
in the write's own transaction, so a count never disagrees with the rows it
counts; `drift()` compares them with a count from the rows (tests use it).
A row may reach 0 and stay: readers skip it.

On PostgreSQL the trigger first takes the commit-order lock that every
writer takes before its first revision (records/revisions.py), so writers
that touch the same counts queue in one order and never deadlock; they
queue there a moment later anyway.

A bulk load goes without the triggers and counts once at its end
(`deferred()`), as it defers the indexes of empty tables.
"""
import calendar
import contextlib
import datetime

from peewee import Table, fn

from .db import COMMIT_ORDER_LOCK, database, is_sqlite

SPEAKER_MONTHS = Table("statement_month_counts", ("month", "speaker_id", "count"))
TOPIC_MONTHS = Table("topic_month_counts", ("month", "topic_id", "count"))

COUNT_TABLES = tuple(table._path[0] for table in (SPEAKER_MONTHS, TOPIC_MONTHS))
TABLES = [
    "CREATE TABLE IF NOT EXISTS statement_month_counts (month VARCHAR(7) NOT NULL, "
    "speaker_id INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (month, speaker_id))",
    "CREATE TABLE IF NOT EXISTS topic_month_counts (month VARCHAR(7) NOT NULL, "
    "topic_id INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (month, topic_id))",
]


def _month(column):
    if is_sqlite():
        return f"COALESCE(strftime('%Y-%m', {column}), '')"
    return f"COALESCE(to_char({column}, 'YYYY-MM'), '')"


def _article_month(article_id):
    return f"(SELECT {_month('a.published_at')} FROM article a WHERE a.id = {article_id})"


def _add_speaker(month, speaker_id, count, source="", where="WHERE true", group=""):
    return (f"INSERT INTO statement_month_counts (month, speaker_id, count) "
            f"SELECT {month}, {speaker_id}, {count} {source} {where} {group} "
            f"ON CONFLICT (month, speaker_id) DO UPDATE "
            f"SET count = statement_month_counts.count + excluded.count")


def _add_topic(month, topic_id, count, source, where, group=""):
    return (f"INSERT INTO topic_month_counts (month, topic_id, count) "
            f"SELECT {month}, {topic_id}, {count} {source} {where} {group} "
            f"ON CONFLICT (month, topic_id) DO UPDATE "
            f"SET count = topic_month_counts.count + excluded.count")


def _statement_added(row):
    """The statements `row` (NEW/new) stands for, with its topics, counted in."""
    return [
        _add_speaker(_article_month(f"{row}.article_id"), f"{row}.speaker_id", "1"),
        _add_topic(_article_month(f"{row}.article_id"), "t.topic_id", "1",
                   "FROM statement_topic t", f"WHERE t.statement_id = {row}.id"),
    ]


def _statement_removed(row):
    return [
        f"UPDATE statement_month_counts SET count = count - 1 WHERE speaker_id = {row}.speaker_id "
        f"AND month = {_article_month(f'{row}.article_id')}",
        f"UPDATE topic_month_counts SET count = count - 1 WHERE month = {_article_month(f'{row}.article_id')} "
        f"AND topic_id IN (SELECT t.topic_id FROM statement_topic t WHERE t.statement_id = {row}.id)",
    ]


def _link_month(link):
    return (f"(SELECT {_month('a.published_at')} FROM statement s JOIN article a ON a.id = s.article_id "
            f"WHERE s.id = {link}.statement_id)")


def _article_moved(old, new):
    """An article's date changed: its statements (and their topics) change month."""
    return [
        f"UPDATE statement_month_counts SET count = count - (SELECT COUNT(*) FROM statement s "
        f"WHERE s.article_id = {new}.id AND s.speaker_id = statement_month_counts.speaker_id) "
        f"WHERE month = {_month(f'{old}.published_at')} "
        f"AND speaker_id IN (SELECT s.speaker_id FROM statement s WHERE s.article_id = {new}.id)",
        _add_speaker(_month(f"{new}.published_at"), "s.speaker_id", "COUNT(*)", "FROM statement s",
                     f"WHERE s.article_id = {new}.id", "GROUP BY s.speaker_id"),
        f"UPDATE topic_month_counts SET count = count - (SELECT COUNT(*) FROM statement s "
        f"JOIN statement_topic t ON t.statement_id = s.id "
        f"WHERE s.article_id = {new}.id AND t.topic_id = topic_month_counts.topic_id) "
        f"WHERE month = {_month(f'{old}.published_at')} AND topic_id IN (SELECT t.topic_id FROM statement s "
        f"JOIN statement_topic t ON t.statement_id = s.id WHERE s.article_id = {new}.id)",
        _add_topic(_month(f"{new}.published_at"), "t.topic_id", "COUNT(*)",
                   "FROM statement s JOIN statement_topic t ON t.statement_id = s.id",
                   f"WHERE s.article_id = {new}.id", "GROUP BY t.topic_id"),
    ]


# name -> (timing and event, table, condition on old/new or None, body(old, new))
TRIGGERS = {
    "statement_counts_insert": ("AFTER INSERT", "statement", None,
                                lambda old, new: _statement_added(new)[:1]),
    # BEFORE: the statement's topic links are still there to be counted out
    # (a cascade deletes them next, and their own trigger then finds no statement).
    "statement_counts_delete": ("BEFORE DELETE", "statement", None,
                                lambda old, new: _statement_removed(old)),
    "statement_counts_update": ("AFTER UPDATE OF speaker_id, article_id", "statement",
                                "{old}.speaker_id <> {new}.speaker_id OR {old}.article_id <> {new}.article_id",
                                lambda old, new: _statement_removed(old) + _statement_added(new)),
    "article_counts_update": ("AFTER UPDATE OF published_at", "article",
                              "{old}.published_at IS DISTINCT FROM {new}.published_at",
                              _article_moved),
    "topic_counts_insert": ("AFTER INSERT", "statement_topic", None, lambda old, new: [
        _add_topic(_link_month(new), f"{new}.topic_id", "1", "", "WHERE true")]),
    "topic_counts_delete": ("AFTER DELETE", "statement_topic", None, lambda old, new: [
        f"UPDATE topic_month_counts SET count = count - 1 WHERE topic_id = {old}.topic_id "
        f"AND month = {_link_month(old)}"]),
    "topic_counts_update": ("AFTER UPDATE", "statement_topic", None, lambda old, new: [
        f"UPDATE topic_month_counts SET count = count - 1 WHERE topic_id = {old}.topic_id "
        f"AND month = {_link_month(old)}",
        _add_topic(_link_month(new), f"{new}.topic_id", "1", "", "WHERE true")]),
}


def _sqlite_trigger(name, timing, table, condition, body):
    when = f" WHEN {condition.format(old='old', new='new').replace('IS DISTINCT FROM', 'IS NOT')}" \
        if condition else ""
    statements = "".join(f"{sql}; " for sql in body("old", "new"))
    return [f"CREATE TRIGGER IF NOT EXISTS {name} {timing} ON {table} FOR EACH ROW{when} BEGIN {statements}END"]


def _postgres_trigger(name, timing, table, condition, body):
    statements = "".join(f"{sql}; " for sql in body("OLD", "NEW"))
    when = f" WHEN ({condition.format(old='OLD', new='NEW')})" if condition else ""
    returns = "OLD" if timing.startswith("BEFORE") else "NULL"
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM pg_advisory_xact_lock({COMMIT_ORDER_LOCK}); {statements}RETURN {returns}; END $$",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} {timing} ON {table} FOR EACH ROW{when} EXECUTE FUNCTION {name}()",
    ]


def create_triggers():
    make = _sqlite_trigger if is_sqlite() else _postgres_trigger
    for name, (timing, table, condition, body) in TRIGGERS.items():
        for sql in make(name, timing, table, condition, body):
            database.execute_sql(sql)


def drop_triggers():
    for name, (_timing, table, _condition, _body) in TRIGGERS.items():
        database.execute_sql(f"DROP TRIGGER IF EXISTS {name}" + ("" if is_sqlite() else f" ON {table}"))


def recount():
    """Both tables counted again from the rows (a migration, a bulk load)."""
    database.execute_sql("DELETE FROM statement_month_counts")
    database.execute_sql("DELETE FROM topic_month_counts")
    database.execute_sql(_add_speaker(_month("a.published_at"), "s.speaker_id", "COUNT(*)",
                                      "FROM statement s JOIN article a ON a.id = s.article_id", "WHERE true",
                                      f"GROUP BY {_month('a.published_at')}, s.speaker_id"))
    database.execute_sql(_add_topic(_month("a.published_at"), "t.topic_id", "COUNT(*)",
                                    "FROM statement_topic t JOIN statement s ON s.id = t.statement_id "
                                    "JOIN article a ON a.id = s.article_id", "WHERE true",
                                    f"GROUP BY {_month('a.published_at')}, t.topic_id"))


def create():
    """The tables, their triggers and their counts (migration step)."""
    for sql in TABLES:
        database.execute_sql(sql)
    create_triggers()
    recount()


@contextlib.contextmanager
def deferred():
    """A bulk load without the per-row triggers, counted once after it, in
    the load's transaction (a failed load rolls the triggers back with it).

    SQLite drops the triggers and creates them again. PostgreSQL disables
    them (ALTER TABLE … DISABLE TRIGGER takes SHARE ROW EXCLUSIVE: readers
    go on, other writers of these tables wait for the load's commit, as the
    commit-order lock makes them wait anyway); DROP TRIGGER would take
    ACCESS EXCLUSIVE and lock the tables' readers out for the whole load.
    """
    if is_sqlite():
        drop_triggers()
    else:
        _set_triggers("DISABLE")
    yield
    if is_sqlite():
        create_triggers()
    else:
        _set_triggers("ENABLE")
    recount()


def _set_triggers(state):
    for name, (_timing, table, _condition, _body) in TRIGGERS.items():
        database.execute_sql(f"ALTER TABLE {table} {state} TRIGGER {name}")


# The filters the kept counts can answer, beside the date range.
SPEAKER_FILTERS = {"speaker", "country"}


def source_for(group_by, filters):
    """The table that answers `group_by` under `filters` (name -> value, the
    date range included), or None when only the rows can: the counts hold no
    outlet, kind, event, article, addressee or text, and a statement with two
    of several topics asked for must count once."""
    names = {name for name, value in filters.items() if value not in (None, "", [])} - {"from", "to"}
    topics = filters.get("topic") or []
    if group_by in ("participant", "country", "month") and names <= SPEAKER_FILTERS:
        return SPEAKER_MONTHS
    if group_by == "month" and names == {"topic"} and len(topics) == 1:
        return TOPIC_MONTHS
    if group_by == "topic" and not names:
        return TOPIC_MONTHS
    return None


def split_range(first, last):
    """A date range as whole months and the days at its ends.

    Returns (months, edges): `months` is None (no whole month), "all" (no
    bound at all: undated articles included) or ('YYYY-MM' or None,
    'YYYY-MM' or None), the first and last whole month (None: unbounded);
    `edges` lists the (first, last) day ranges outside them, to be counted
    from the rows.
    """
    if first is None and last is None:
        return "all", []
    if first is not None and last is not None and first > last:
        return None, [(first, last)]
    edges = []
    low = high = None
    if first is not None:
        low = first if first.day == 1 else _next_month(first)
        if first.day != 1:
            edge_end = _end_of_month(first)
            edges.append((first, edge_end if last is None else min(edge_end, last)))
            if low is None:  # the range starts in December 9999: no whole month follows
                return None, edges
    if last is not None:
        high = last if last == _end_of_month(last) else last.replace(day=1) - datetime.timedelta(days=1)
        if last != _end_of_month(last):
            start = last.replace(day=1)
            covered = first is not None and first.day != 1 and first >= start
            if not covered:
                edges.append((start if first is None else max(start, first), last))
    if low is not None and high is not None and low > high:
        return None, edges
    return (_month_key(low), _month_key(high)), edges


def _month_key(day):
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


def _end_of_month(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day):
    """The first day of the month after `day`'s, or None after December 9999."""
    end = _end_of_month(day)
    return None if end == datetime.date.max else end + datetime.timedelta(days=1)


def kept_counts(table, key, months, conditions=()):
    """SUM(count) by `key` over the whole months `months` (split_range's)."""
    query = table.select(key.alias("key"), fn.SUM(table.count).alias("count"))
    if months != "all":
        low, high = months
        query = query.where(table.month != "")
        if low is not None:
            query = query.where(table.month >= low)
        if high is not None:
            query = query.where(table.month <= high)
    for condition in conditions:
        query = query.where(condition)
    # Fetched from the cursor: a year's counts by speaker are thousands of
    # rows, and peewee's row wrapper would cost more than the query.
    query = query.group_by(key).having(fn.SUM(table.count) > 0)
    sql, params = database.get_sql_context().sql(query).query()  # in the engine's own SQL
    return database.execute_sql(sql, params).fetchall()


def drift():
    """Where the kept counts differ from a count of the rows: [(table, month, key, kept, counted)]."""
    kept = {}
    for table, key in ((SPEAKER_MONTHS, "speaker_id"), (TOPIC_MONTHS, "topic_id")):
        for month, k, n in table.select(table.month, getattr(table, key), table.count).tuples().execute(database):
            if n:
                kept[(table._path[0], month, k)] = n
    counted = {}
    month = _month("a.published_at")
    for table, sql in (
            ("statement_month_counts", f"SELECT {month}, s.speaker_id, COUNT(*) FROM statement s "
                                       "JOIN article a ON a.id = s.article_id GROUP BY 1, 2"),
            ("topic_month_counts", f"SELECT {month}, t.topic_id, COUNT(*) FROM statement_topic t "
                                   "JOIN statement s ON s.id = t.statement_id "
                                   "JOIN article a ON a.id = s.article_id GROUP BY 1, 2")):
        for m, k, n in database.execute_sql(sql).fetchall():
            counted[(table, m, k)] = n
    return sorted((*key, kept.get(key), counted.get(key)) for key in kept.keys() | counted.keys()
                  if kept.get(key) != counted.get(key))

