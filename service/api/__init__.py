"""One module per resource; `BLUEPRINTS` is the whole API surface."""
from . import activity, articles, countries, dataset, dashboard, docs, events, extraction, ops, outlets, participants, revisions, search, stats, statements, topics

BLUEPRINTS = [
    countries.blp, outlets.blp, topics.blp, articles.blp, participants.blp, activity.blp,
    events.blp, statements.blp, search.blp, stats.blp, extraction.blp, revisions.blp, dataset.blp, ops.blp, docs.blp, dashboard.blp,
]
