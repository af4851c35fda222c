"""GET /api/v1/stats/statements: counts for the dashboard's charts.

The same filters as the feed (one Listing decides what a filter means), so
a chart always agrees with the list beside it.
"""
from peewee import SQL, fn

from schemas.statements import StatementStatsQuery

from ..db import month_of, values_by_key
from ..http.blueprint import ApiBlueprint
from ..http.responses import json_response
from ..models import Article, Country, Outlet, Participant, Statement, StatementTopic, Topic
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
    key, joins, labels = GROUPINGS[args["group_by"]]
    key = key()
    query = Statement.select(key.alias("key"), count.alias("count"))
    for model, on in joins:
        query = query.join_from(Statement, model, on=on)
    filters = {name: value for name, value in args.items() if name != "group_by"}
    matching = Statement.select()
    conditions = statements.listing.conditions(filters)
    if conditions:
        query = query.where(*conditions)
        matching = matching.where(*conditions)
    rows = list(query.group_by(key).tuples())
    names = labels([k for k, _ in rows if k is not None])
    items = [{"key": k, "label": names.get(k), "count": n} for k, n in rows]
    if args["group_by"] == "month":
        items.sort(key=lambda item: (item["key"] is None, item["key"] or ""))
    else:
        items.sort(key=lambda item: (-item["count"], str(item["key"])))
    # A statement with two topics counts once in `total`, once per topic in
    # items; under every other grouping a statement has exactly one key (its
    # speaker and article are required), so the counts already add up to the
    # total and the filter need not run twice.
    total = matching.count() if args["group_by"] == "topic" else sum(item["count"] for item in items)
    return {"group_by": args["group_by"], "total": total, "items": items}


@blp.get("/statements", operation_id="getStatementStats")
@blp.query(StatementStatsQuery)
@blp.response(200)
@blp.alt_response(400, response="BAD_REQUEST")
def statement_stats(args):
    """Count statements by participant, country, topic, outlet or month

    Takes the feed's filters; `total` counts the statements matched, `items` one group each, largest first
    (by month: in calendar order). A bounded summary, not a paged list.
    """
    return json_response(statement_counts(args))
