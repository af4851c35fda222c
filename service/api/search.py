"""GET /api/v1/search: ranked, Arabic-normalized full-text search with snippets."""
from schemas.search import SearchPageSchema, SearchQuery

from .. import search
from ..http.blueprint import ApiBlueprint
from ..http.listing import decode_offset, encode_offset
from ..http.resource import json_response
from ..search.query import highlight_keys, parse
from ..search.snippets import snippet
from .articles import articles
from .participants import participants
from .statements import statements

blp = ApiBlueprint("search", __name__, url_prefix="/api/v1/search",
                   description="Ranked full-text search over statements, articles and participants")

RESOURCES = {"statement": statements, "article": articles, "participant": participants}


def searchable_text(kind, row):
    """The original text a hit's snippet is cut from."""
    if kind == "statement":
        return row.text
    if kind == "article":
        return f"{row.title or ''}\n{row.body}"
    return " · ".join(filter(None, [row.name_ar, row.name_en, *(a.name for a in row.aliases)]))


def hits_with_objects(hits, q):
    marked = highlight_keys(parse(q))  # once a page, not once a hit
    rows = {}
    for kind in {kind for kind, _, _ in hits}:
        resource = RESOURCES[kind]
        ids = [key for k, key, _ in hits if k == kind]
        found = list(resource.model.select().where(resource.model.id.in_(ids)))
        for row, item in zip(found, resource.represent(found)):
            rows[kind, row.id] = (row, item)
    return [{"type": kind, "id": key, "score": round(score, 6),
             "snippet": snippet(searchable_text(kind, rows[kind, key][0]), marked),
             "object": rows[kind, key][1]}
            for kind, key, score in hits if (kind, key) in rows]


@blp.get("")
@blp.query(SearchQuery)
@blp.response(200, SearchPageSchema)
@blp.alt_response(400, response="BAD_REQUEST")
def search_everything(args):
    """Search statements, articles and participants, best match first

    Each kind ranks its newest matches only (the highest ids; 1,000 unless
    the operator sets SEARCH_RANK_WINDOW), so the pages of a very common
    word end there: add words to narrow it, or page `/statements?q=…`,
    which lists every match.
    """
    offset = decode_offset(args.get("cursor"), args["q"])
    hits = search.ranked(args["q"], args["type"], args["limit"] + 1, offset)
    more = len(hits) > args["limit"]
    hits = hits[:args["limit"]]
    return json_response({
        "items": hits_with_objects(hits, args["q"]),
        "next_cursor": encode_offset(offset + len(hits), args["q"]) if more else None,
    })
