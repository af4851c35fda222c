"""News articles: outlet, title, body exactly as published, provenance."""
from schemas.articles import ArticleQuery

from ..http.blueprint import ApiBlueprint
from ..http.collection import Collection
from ..http.routes import crud_routes
from ..records import article_records

blp = ApiBlueprint("articles", __name__, url_prefix="/api/v1/articles",
                   description="News articles, stored exactly as published")

articles = Collection(article_records, "articles.get_article")
crud_routes(blp, articles, query=ArticleQuery, singular="article", plural="articles")
