"""When two statements are the same statement reported twice.

Outlets trim, reorder and re-punctuate a quote, so equality is too strict.
We compare word-bigram shingles of the normalized texts and use their
containment: |A ∩ B| / min(|A|, |B|). A quote that one outlet cut short is
still contained in the other's; two different sentences of one speaker
share few bigrams. 0.8 and above counts as the same statement.
"""
from . import arabic
from .models import Statement

THRESHOLD = 0.8
# The speaker's most recent statements compared; a prolific speaker's older
# reports of the same quote fall outside it (they are years apart in news).
MAX_CANDIDATES = 5000


def shingles(text):
    words = arabic.tokens(text)  # tokens() normalizes
    if len(words) < 2:
        return set(words)
    return {f"{a} {b}" for a, b in zip(words, words[1:])}


def containment(a, b):
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def related_to(statement, limit=50):
    """[(statement, similarity)]: the same words by the same speaker in other articles."""
    own = shingles(statement.text)
    candidates = (Statement.select()
                  .where((Statement.speaker == statement.speaker_id) & (Statement.article != statement.article_id))
                  .order_by(Statement.id.desc())
                  .limit(MAX_CANDIDATES))
    scored = [(other, round(containment(own, shingles(other.text)), 4))
              for other in candidates]
    scored = [(other, score) for other, score in scored if score >= THRESHOLD]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].id))[:limit]
