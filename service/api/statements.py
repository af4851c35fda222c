"""Statements: what a participant said, as one article reports it."""
from schemas.statements import RelatedPageSchema, StatementQuery

from .. import similarity
from ..http.blueprint import ApiBlueprint
from ..http.collection import Collection
from ..http.responses import json_response
from ..http.routes import crud_routes
from ..models import Article
from ..records import outlet_records, statement_records

blp = ApiBlueprint("statements", __name__, url_prefix="/api/v1/statements",
                   description="What participants said, as reported by articles")

statements = Collection(statement_records, "statements.get_statement")
crud_routes(blp, statements, query=StatementQuery, singular="statement", plural="statements")


@blp.get("/<int:statement_id>/related", operation_id="listRelatedStatements")
@blp.response(200, RelatedPageSchema)
@blp.alt_response(404, response="NOT_FOUND")
def related_statements(statement_id):
    """The same statement as reported by other articles and outlets

    A bounded top-N, not a paged list: the 50 most similar among the
    speaker's latest statements, most similar first, with no `next_cursor`
    and no further pages.
    """
    statement = statement_records.find(statement_id)
    found = similarity.related_to(statement)
    items = statement_records.represent([other for other, _ in found])
    outlet_of = {a.id: a.outlet_id for a in Article.select(Article.id, Article.outlet)
                 .where(Article.id.in_([other.article_id for other, _ in found]))}
    outlets = dict((row.id, item) for row, item in outlet_records.represent_ids(
        sorted(set(outlet_of.values()) - {None})))
    return json_response({"items": [
        {"statement": item, "outlet": outlets.get(outlet_of[other.article_id]), "similarity": score}
        for item, (other, score) in zip(items, found)]})
