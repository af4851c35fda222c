"""`flask extract --all`: the assist over stored articles, resumable, in bounded memory.

Each article done is recorded in ExtractionRun with the extractor's version
and the mode (dry run or --commit), in the same transaction as what --commit
saved, so a run killed halfway resumes where it stopped and a rule change
(a new version) makes every article due again. Articles are read one at a
time by id, so memory does not grow with the archive.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Article, ExtractionRun
from . import BudgetExceeded, extract

# The files whose content decides what the assist proposes.
_RULE_FILES = ("__init__.py", "budget.py", "dates.py", "lexicon.py", "meetings.py", "mentions.py", "rules.py", "spans.py",
               "text.py")


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of the rules and lexicons: changes whenever what they propose may change."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _RULE_FILES:
        digest.update((here / name).read_bytes())
    return "rules-" + digest.hexdigest()[:12]


@dataclass
class Tally:
    articles: int = 0
    skipped: int = 0
    statements: int = 0
    events: int = 0
    saved_statements: int = 0
    saved_events: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def due(ids: list[int] | None = None, since: datetime.date | None = None, committing: bool = False) -> list[int]:
    """Ids of the articles to do: chosen ones, or all (published since a date), not done by this version."""
    query = Article.select(Article.id).order_by(Article.id)
    if ids:
        query = query.where(Article.id.in_(ids))
    if since is not None:
        query = query.where(Article.published_at >= datetime.datetime.combine(since, datetime.time()))
    done = {row.article_id for row in ExtractionRun.select(ExtractionRun.article)
            .where((ExtractionRun.extractor_version == extractor_version())
                   & (ExtractionRun.committed == committing))}
    return [row.id for row in query if row.id not in done]


def run_one(article_id: int, committing: bool, tally: Tally):
    """Extract (and with --commit save) one article, and record that it is done."""
    from ..db import write_transaction
    article = Article.get_by_id(article_id)
    record = {"article": article_id, "extractor_version": extractor_version(), "committed": committing}
    try:
        proposals = extract(article)
    except BudgetExceeded as error:
        tally.errors.append((article_id, error.detail))
        with write_transaction():
            ExtractionRun.create(**record, error=error.detail[:500])
        return
    tally.statements += len(proposals["statements"])
    tally.events += len(proposals["events"])
    saved = {"statements": [], "events": []}
    with write_transaction():
        if committing:
            from .store import commit
            saved = commit(article, proposals)
        ExtractionRun.create(**record, statements=len(proposals["statements"]), events=len(proposals["events"]),
                             saved_statements=len(saved["statements"]), saved_events=len(saved["events"]))
    tally.saved_statements += len(saved["statements"])
    tally.saved_events += len(saved["events"])
