"""News articles: outlet, title, body exactly as published, provenance."""
import hashlib

from schemas.articles import ArticleQuery, ArticleSchema

from ..arabic import normalize
from ..http.blueprint import ApiBlueprint
from ..http.resource import Resource
from ..http.routes import crud_routes
from ..models import Article, as_utc, utc_offset_minutes
from .outlets import outlets

blp = ApiBlueprint("articles", __name__, url_prefix="/api/v1/articles",
                   description="News articles, stored exactly as published")


def content_hash(body):
    """Equal for syndicated copies that differ only in spelling variants or spacing."""
    return hashlib.sha256(normalize(body).encode("utf-8")).hexdigest()


class Articles(Resource):
    model = Article
    schema = ArticleSchema
    search_kind = "article"
    endpoint = "articles.get_article"
    filters = {
        "published_after": lambda moment: Article.published_at >= as_utc(moment),
        "published_before": lambda moment: Article.published_at < as_utc(moment),
    }
    expansions = {"outlet": ("outlet", outlets)}

    def write(self, row, data, creating=False):
        data = dict(data)
        if "published_at" in data:
            moment = data.pop("published_at")
            row.published_at = as_utc(moment) if moment else None
            row.published_at_offset = utc_offset_minutes(moment) if moment else None
        if "body" in data:
            row.content_hash = content_hash(data["body"])
        super().write(row, data, creating)


articles = Articles()
crud_routes(blp, articles, query=ArticleQuery, singular="article", plural="articles")
