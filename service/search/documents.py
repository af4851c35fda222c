"""What each kind of record is found by.

A document has four columns of normalized terms: `exact` (the words as
they stand, for phrases), `terms` (every search key of every word),
`names` (a statement's speaker: names and aliases, so `q=الاسد` finds what
Assad said even where the quote does not name him) and `context` (the
attribution words, which may name others: "رئيسي والأسد يؤكدان"). They
rank in that order: the text, then who said it, then how it was reported.
"""
from dataclasses import dataclass

from .. import arabic
from ..models import Alias, Article, Participant, Statement


@dataclass
class Document:
    exact: list
    terms: list
    names: list
    context: list


def _document(content, names="", context=""):
    return Document(arabic.tokens(content), arabic.index_terms(content),
                    arabic.index_terms(names), arabic.index_terms(context))


def participant_names(participant_id):
    participant = Participant.get_by_id(participant_id)
    aliases = [alias.name for alias in Alias.select(Alias.name).where(Alias.participant == participant_id)]
    return " ".join(filter(None, [participant.name_ar, participant.name_en, *aliases]))


def statement_document(statement, speaker_names=None):
    if speaker_names is None:
        speaker_names = participant_names(statement.speaker_id)
    return _document(statement.text, speaker_names, statement.attribution_text or "")


def article_document(article):
    return _document(f"{article.title or ''} {article.body}")


def participant_document(participant):
    return _document(participant_names(participant.id))


BUILDERS = {
    "statement": (Statement, statement_document),
    "article": (Article, article_document),
    "participant": (Participant, participant_document),
}
