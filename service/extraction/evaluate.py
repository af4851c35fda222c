"""Scores the extractor against the gold standard: the statements of fixtures/.

The gold statements are read from fixtures/*.json (never from the
database, which ?commit=true may have added to), and the articles and
participants they name are looked up in the database by their natural keys
(provenance, canonical name), so run it on a database where
`flask fixtures load` has run: `make eval-extract` does exactly that.

A proposal matches a gold statement when its speaker is the gold speaker
(same id, or for a speaker not on file the same normalized name) and its
span overlaps the gold span by at least half of the shorter of the two.
Each gold statement matches at most one proposal and each proposal at most
one gold statement (largest overlaps paired first).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..arabic import normalize
from ..fixtures import read
from ..models import Article, Participant
from . import extract
from .spans import MIN_OVERLAP, overlap


@dataclass
class ArticleScore:
    name: str
    gold: int
    proposed: int
    matched: int
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def same_speaker(proposal: dict, gold: dict) -> bool:
    speaker = proposal["speaker"]
    if speaker["id"] is not None:
        return speaker["id"] == gold["speaker_id"]
    return normalize(speaker["name"]) == normalize(gold["speaker_name"])


def match(proposals: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """(proposal index, gold index) pairs, one-to-one, largest overlap first."""
    pairs = sorted(((overlap(p, g), i, j) for i, p in enumerate(proposals) for j, g in enumerate(gold)
                    if same_speaker(p, g) and overlap(p, g) >= MIN_OVERLAP), reverse=True)
    used_p, used_g, matched = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def gold_by_article() -> dict[str, list[dict]]:
    """Gold statements per article provenance, with the speaker's id in this database."""
    people = {p["key"]: p for p in read("participants")}
    articles = {a["key"]: a["provenance"] for a in read("articles")}
    ids = {}
    gold: dict[str, list[dict]] = {provenance: [] for provenance in articles.values()}
    for statement in read("statements"):
        person = people[statement["speaker"]]
        if person["key"] not in ids:
            row = Participant.get_or_none(name_ar=person["name_ar"], kind=person.get("kind", "person"))
            ids[person["key"]] = row.id if row else None
        gold[articles[statement["article"]]].append({
            **statement, "speaker_id": ids[person["key"]], "speaker_name": person["name_ar"]})
    return gold


def evaluate() -> list[ArticleScore]:
    scores = []
    for provenance, gold in gold_by_article().items():
        article = Article.get_or_none(provenance=provenance)
        if article is None:
            raise LookupError(f"article {provenance} is not in the database: run `flask fixtures load`")
        proposals = extract(article)["statements"]
        matched = match(proposals, gold)
        matched_p = {i for i, _ in matched}
        matched_g = {j for _, j in matched}
        scores.append(ArticleScore(
            provenance, len(gold), len(proposals), len(matched),
            misses=[g for j, g in enumerate(gold) if j not in matched_g],
            false_positives=[p for i, p in enumerate(proposals) if i not in matched_p]))
    return scores


def overall(scores: list[ArticleScore]) -> ArticleScore:
    return ArticleScore("overall", sum(s.gold for s in scores), sum(s.proposed for s in scores),
                        sum(s.matched for s in scores))


def report(scores: list[ArticleScore]) -> str:
    lines = [f"{'article':<28} {'gold':>5} {'proposed':>9} {'matched':>8} {'precision':>10} {'recall':>7} {'F1':>6}"]
    for score in [*scores, overall(scores)]:
        lines.append(f"{score.name:<28} {score.gold:>5} {score.proposed:>9} {score.matched:>8} "
                     f"{score.precision:>10.3f} {score.recall:>7.3f} {score.f1:>6.3f}")
    misses = [(s.name, g) for s in scores for g in s.misses]
    lines.append("")
    lines.append(f"misses ({len(misses)}):" if misses else "misses: none")
    for name, gold in misses:
        lines.append(f"  {name} [{gold['start']}:{gold['end']}] {gold['speaker_name']} ({gold['kind']}): "
                     f"{_short(gold['text'])}")
    wrong = [(s.name, p) for s in scores for p in s.false_positives]
    lines.append(f"false positives ({len(wrong)}):" if wrong else "false positives: none")
    for name, proposal in wrong:
        lines.append(f"  {name} [{proposal['start']}:{proposal['end']}] {proposal['speaker']['name']} "
                     f"({proposal['kind']}, {proposal['rule']}): {_short(proposal['text'])}")
    return "\n".join(lines)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
