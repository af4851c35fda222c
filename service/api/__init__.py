"""One module per resource; `BLUEPRINTS` is the whole API surface."""
from . import (
    activity,
    articles,
    changes,
    countries,
    dashboard,
    dataset,
    docs,
    duplicates,
    events,
    extraction,
    merges,
    ops,
    outlets,
    participants,
    revisions,
    search,
    statements,
    stats,
    topics,
)

BLUEPRINTS = [
    countries.blp, outlets.blp, topics.blp, articles.blp, duplicates.blp, participants.blp, merges.blp, activity.blp,
    events.blp, statements.blp, search.blp, stats.blp, extraction.blp, revisions.blp, changes.blp, dataset.blp, ops.blp, docs.blp, dashboard.blp,
]
