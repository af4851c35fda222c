"""GET /api/v1/search: ranked, Arabic-normalized full-text search with snippets."""
from schemas.search import SearchPageSchema, SearchQuery

from .. import search
from ..http.blueprint import ApiBlueprint
from ..http.collection import next_link
from ..http.listing import offset_page
from ..http.responses import json_response
from ..records import article_records, participant_records, statement_records
from ..search.query import highlight_keys, parse
from ..search.snippets import snippet

blp = ApiBlueprint("search", __name__, url_prefix="/api/v1/search",
                   description="Ranked full-text search over statements, articles and participants")

SEARCHED = {"statement": statement_records, "article": article_records, "participant": participant_records}


def searchable_text(kind, row, item):
    """The original text a hit's snippet is cut from (a participant's names: from its representation)."""
    if kind == "statement":
        return row.text
    if kind == "article":
        return f"{row.title or ''}\n{row.body}"
    return " · ".join(filter(None, [row.name_ar, row.name_en, *(alias["name"] for alias in item["aliases"])]))


def hits_with_objects(hits, q):
    marked = highlight_keys(parse(q))  # once a page, not once a hit
    rows = {}
    for kind in {kind for kind, _, _ in hits}:
        for row, item in SEARCHED[kind].represent_ids([key for k, key, _ in hits if k == kind]):
            rows[kind, row.id] = (row, item)
    return [{"type": kind, "id": key, "score": round(score, 6),
             "snippet": snippet(searchable_text(kind, *rows[kind, key]), marked),
             "object": rows[kind, key][1]}
            for kind, key, score in hits if (kind, key) in rows]


@blp.get("", operation_id="search")
@blp.query(SearchQuery)
@blp.response(200, SearchPageSchema)
@blp.alt_response(400, response="BAD_REQUEST")
def search_everything(args):
    """Search statements, articles and participants, best match first

    Every match is ranked: bm25 with a small recency boost, equal scores
    newest first. Only while the service has no ranked index to answer
    from (a large database before `flask search rebuild`) does each kind
    rank its newest matches only (1,000 unless the operator sets
    SEARCH_RANK_WINDOW). `/statements?q=…` lists every match in date order.
    """
    hits, next_cursor, _ = offset_page(
        args, args["q"], lambda offset, count: search.ranked(args["q"], args["type"], count, offset))
    return json_response({"items": hits_with_objects(hits, args["q"]), "next_cursor": next_cursor},
                         headers=next_link(next_cursor))
