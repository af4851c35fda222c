"""Extraction assist: proposals for an article, saved only with ?commit=true."""
import functools
from http import HTTPStatus

from flask import current_app, request
from flask_smorest import Blueprint
from marshmallow import ValidationError

from schemas.extraction import ExtractBody, ExtractionSchema, ExtractQuery

from ..extraction import Budget, extract, store
from ..http.auth import require_scope
from ..http.blueprint import JSON_TYPES, ApiBlueprint, json_body, require_media_type
from ..http.concurrency import bounded
from ..http.errors import ApiError
from ..http.idempotency import idempotent
from ..http.responses import json_response
from ..records import article_records

blp = ApiBlueprint("extraction", __name__, url_prefix="/api/v1/articles",
                   description="Proposals of statements, participants and meetings for an editor")


@blp.post("/<int:article_id>/extract", operation_id="extractArticle")
@blp.query(ExtractQuery)
@blp.response(200, ExtractionSchema)
@Blueprint.doc(security=[{}, {"bearerAuth": ["write"]}], description=(
    "Proposes the statements (speaker, span, kind, cue, attribution), the participants named "
    "and the meetings of the article as stored. Writes nothing, and needs no key, unless "
    "`?commit=true`: then it needs scope `write`, saves the confident proposals in one "
    "transaction, skips those already recorded, and adds what it saved under `saved`. "
    "The body may be empty or `{}`. Each worker runs at most `EXTRACT_CONCURRENCY` "
    "extractions at once (default 1); past it a 503 with `Retry-After`."))
@blp.alt_response(400, response=HTTPStatus(400).name)
@blp.alt_response(401, response=HTTPStatus(401).name)
@blp.alt_response(403, response=HTTPStatus(403).name)
@blp.alt_response(404, response=HTTPStatus(404).name)
@blp.alt_response(415, response=HTTPStatus(415).name)
@blp.alt_response(422, response=HTTPStatus(422).name)
@blp.alt_response(503, response=HTTPStatus(503).name)
def extract_article(args, article_id):
    """Propose who said what and who met whom in an article"""
    authorize(args["commit"])
    refuse_a_body()
    respond = functools.partial(propose, article_id, args["commit"])
    with bounded("EXTRACT_CONCURRENCY", "extractions"):
        # A commit is a write: a retry with the same Idempotency-Key replays the
        # first answer. A dry run writes nothing and may be repeated as it is.
        return idempotent(respond)() if args["commit"] else respond()


def propose(article_id, committing):
    article = article_records.find(article_id)
    proposals = extract(article, Budget(current_app.config.get("EXTRACT_MAX_CHARS"),
                                        current_app.config.get("EXTRACT_MAX_SECONDS")))
    if committing:
        proposals["saved"] = store.commit(article, proposals)
    return json_response(proposals)


def authorize(committing):
    # A dry run writes nothing: it is a read, open unless the operator
    # closed reads (auth.py's hook covers only GET and HEAD).
    if committing:
        require_scope("write")
    elif current_app.config["REQUIRE_AUTH_FOR_READS"]:
        require_scope("read")


def refuse_a_body():
    """Accept no body or `{}`; anything else is refused as blp.body would refuse it.

    `blp.body` demands a JSON Content-Type even when there is no body,
    which would turn `curl -X POST …/extract` into a 415.
    """
    if not request.get_data(cache=True):
        return
    require_media_type(JSON_TYPES)
    payload = json_body()
    try:
        ExtractBody().load(payload)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        raise ApiError(422, "The body must be empty or {}: proposals are made for the article as stored.",
                       kind="invalid-body", errors=messages) from None
