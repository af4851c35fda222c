"""GET /api/v1/stats/statements: counts for the dashboard's charts.

The same filters as the feed (one Listing decides what a filter means), so
a chart always agrees with the list beside it.
"""
import collections

from peewee import SQL, fn

from schemas.statements import StatementStatsQuery

from .. import counts
from ..db import month_of, values_by_key
from ..http.answers import answers
from ..http.blueprint import ApiBlueprint
from ..http.json import encode_json, wants_pretty
from ..http.listing import STANDARD_PARAMETERS
from ..http.responses import json_body_response
from ..models import Article, Country, Outlet, Participant, Statement, StatementTopic, Topic
from ..records import changes
from ..records.participants import of_countries, with_survivors
from .statements import statements

blp = ApiBlueprint("stats", __name__, url_prefix="/api/v1/stats",
                   description="Counts for dashboard charts, with the feed's filters")

# COUNT(*), not COUNT(DISTINCT id): every join below is to one row (a
# statement's speaker, country, article) or, for topics, to one row per
# (statement, topic) pair (a unique index), so no statement is counted twice
# under one key, and SQLite needs no temporary index per group to know it.
# tests/test_stats.py compares every grouping with a plain GROUP BY.
count = fn.COUNT(SQL("*"))


def labels_of(key, label):
    """The labels of a page of counts' keys: {key: label}."""
    return lambda keys: values_by_key(key, label, keys)


# group_by -> (key expression, joins, labels for keys); the month's
# expression depends on the engine, so it is built per request.
GROUPINGS = {
    "participant": (lambda: Statement.speaker, [], labels_of(Participant.id, Participant.name_ar)),
    "country": (lambda: Participant.country, [(Participant, Statement.speaker == Participant.id)],
                labels_of(Country.code, Country.name_ar)),
    "topic": (lambda: StatementTopic.topic, [(StatementTopic, StatementTopic.statement == Statement.id)],
              labels_of(Topic.id, Topic.name_ar)),
    "outlet": (lambda: Article.outlet, [(Article, Statement.article == Article.id)],
               labels_of(Outlet.id, Outlet.name)),
    "month": (lambda: month_of(Article.published_at), [(Article, Statement.article == Article.id)],
              lambda keys: {key: key for key in keys}),
}


def statement_counts(args):
    group_by = args["group_by"]
    filters = {name: value for name, value in args.items() if name != "group_by"}
    table = counts.source_for(group_by, {name: value for name, value in filters.items()
                                         if name not in STANDARD_PARAMETERS})
    if table is None:
        rows, total = counted_from_rows(group_by, filters)
    else:
        rows, total = counted_from_months(table, group_by, filters)
    names = GROUPINGS[group_by][2]([k for k, _ in rows if k is not None])
    items = [{"key": k, "label": names.get(k), "count": n} for k, n in rows]
    if group_by == "month":
        items.sort(key=lambda item: (item["key"] is None, item["key"] or ""))
    else:
        items.sort(key=lambda item: (-item["count"], str(item["key"])))
    return {"group_by": group_by, "total": total, "items": items}


def counted_from_rows(group_by, filters):
    """[(key, count)] and the total, counted from the statements themselves."""
    key, joins, _labels = GROUPINGS[group_by]
    key = key()
    query = Statement.select(key.alias("key"), count.alias("count"))
    for model, on in joins:
        query = query.join_from(Statement, model, on=on)
    conditions = statements.listing.conditions(filters)
    if conditions:
        query = query.where(*conditions)
    rows = list(query.group_by(key).tuples())
    # A statement with two topics counts once in `total`, once per topic in
    # the rows; under every other grouping a statement has exactly one key
    # (its speaker and article are required), so the counts add up to it.
    if group_by == "topic":
        matching = Statement.select()
        if conditions:
            matching = matching.where(*conditions)
        return rows, matching.count()
    return rows, sum(n for _, n in rows)


def counted_from_months(table, group_by, filters):
    """The same from the month counts (counts.py): whole months from the
    kept counts, the days at the range's ends from the rows, added up."""
    months, edges = counts.split_range(filters.get("from"), filters.get("to"))
    totals = collections.Counter()
    total = 0
    for first, last in edges:
        rows, edge_total = counted_from_rows(group_by, {**filters, "from": first, "to": last})
        totals.update(dict(rows))
        total += edge_total
    if months is not None:
        rows = counts.kept_counts(table, month_key(table, group_by), months, month_conditions(table, filters))
        totals.update(dict(rows))
        if group_by == "topic":  # statements, not links: from the speakers' counts
            total += sum(n for _, n in counts.kept_counts(
                counts.SPEAKER_MONTHS, counts.SPEAKER_MONTHS.month, months))
        else:
            total += sum(n for _, n in rows)
    # An undated article's month is kept as '' (a key column cannot be NULL).
    return [(None if group_by == "month" and k == "" else k, n) for k, n in totals.items() if n], total


def month_key(table, group_by):
    if group_by == "participant":
        return table.speaker_id
    if group_by == "country":
        return Participant.select(Participant.country).where(Participant.id == table.speaker_id)
    if group_by == "topic":
        return table.topic_id
    return table.month


def month_conditions(table, filters):
    conditions = []
    if filters.get("speaker"):
        conditions.append(table.speaker_id.in_(with_survivors(filters["speaker"])))
    if filters.get("country"):
        conditions.append(table.speaker_id.in_(of_countries(filters["country"])))
    if filters.get("topic"):
        conditions.append(table.topic_id.in_(filters["topic"]))
    return conditions


@blp.get("/statements", operation_id="getStatementStats")
@blp.query(StatementStatsQuery)
@blp.response(200)
@blp.alt_response(400, response="BAD_REQUEST")
def statement_stats(args):
    """Count statements by participant, country, topic, outlet or month

    Takes the feed's filters; `total` counts the statements matched, `items` one group each, largest first
    (by month: in calendar order). A bounded summary, not a paged list. A worker keeps an answer
    while no write has happened (`STATS_CACHE_ENTRIES`), so a polling dashboard costs little.
    """
    # The head first: the answer computed after it is never older than its key.
    key = (changes.head(), wants_pretty(), tuple(sorted((name, repr(value)) for name, value in args.items())))
    body = answers("STATS_CACHE_ENTRIES").kept(key, lambda: encode_json(statement_counts(args)))
    return json_body_response(body)
