"""News articles: outlet, title, body exactly as published, provenance."""
import hashlib

from schemas.articles import ArticleSchema

from ..arabic import normalize
from ..models import Article, as_utc, utc_offset_minutes
from .base import Records
from .places import outlet_records


def content_hash(body):
    """Equal for syndicated copies that differ only in spelling variants or spacing."""
    return content_hash_of_normalized(normalize(body))


def content_hash_of_normalized(normalized_body):
    return hashlib.sha256(normalized_body.encode("utf-8")).hexdigest()


class Articles(Records):
    model = Article
    schema = ArticleSchema
    search_kind = "article"
    filters = {
        "published_after": lambda moment: Article.published_at >= as_utc(moment),
        "published_before": lambda moment: Article.published_at < as_utc(moment),
    }
    expansions = {"outlet": ("outlet", outlet_records)}

    def write(self, row, data, creating=False):
        data = dict(data)
        if "published_at" in data:
            moment = data.pop("published_at")
            row.published_at = as_utc(moment) if moment else None
            row.published_at_offset = utc_offset_minutes(moment) if moment else None
        if "body" in data:
            row.content_hash = content_hash(data["body"])
        super().write(row, data, creating)


article_records = Articles()
