"""What each kind of record is found by.

A document has four columns of normalized terms: `exact` (the words as
they stand, for phrases), `terms` (every search key of every word),
`names` (a statement's speaker: names and aliases, so `q=الاسد` finds what
Assad said even where the quote does not name him) and `context` (the
attribution words, which may name others: "رئيسي والأسد يؤكدان"). They
rank in that order: the text, then who said it, then how it was reported.

The write path (one record) and the bulk paths (synth, import, a rebuild:
every record, read as plain values) build documents with the same
functions, so an index filled either way is the same index.
"""
import datetime
import functools
from dataclasses import dataclass
from itertools import chain

from .. import arabic
from ..models import Alias, Article, Participant, Statement


@dataclass
class Document:
    exact: list
    terms: list
    names: list
    context: list


@functools.lru_cache(maxsize=1 << 16)
def _chunk(chunk):
    # arabic.tokens of one whitespace-free piece of text, and the search
    # keys of its words. Normalization never joins or splits text across
    # whitespace (NFKC composes nothing with a space, the folds and the
    # final-sigma rule of lower() stop at it, every space is a separator),
    # so a text's words are its pieces' words in order, and pieces repeat
    # (news vocabulary is Zipfian): cached, indexing costs a dict look-up
    # per word instead of normalizing every character of every body again.
    words = tuple(arabic.tokens(chunk))
    return words, tuple(chain.from_iterable(map(arabic.search_keys, words)))


def analyse(text):
    """(arabic.tokens(text), arabic.index_terms(text)), computed piece by piece."""
    words, keys = [], []
    for chunk in text.split():
        chunk_words, chunk_keys = _chunk(chunk)
        words += chunk_words
        keys += chunk_keys
    return words, list(dict.fromkeys(keys))


@functools.lru_cache(maxsize=1 << 16)
def _terms(text):
    # Speaker names and attributions ("قال الوزير …") repeat across
    # thousands of statements.
    return analyse(text)[1]


def document(content, names="", context=""):
    exact, terms = analyse(content)
    return Document(exact, terms, list(_terms(names)), list(_terms(context)))


def names_text(name_ar, name_en, aliases):
    return " ".join(filter(None, [name_ar, name_en, *aliases]))


def participant_names(participant_id):
    participant = Participant.get_by_id(participant_id)
    aliases = [alias.name for alias in Alias.select(Alias.name)
               .where(Alias.participant == participant_id).order_by(Alias.id)]
    return names_text(participant.name_ar, participant.name_en, aliases)


def all_participant_names():
    """{participant id: names text} for every participant, in two queries."""
    aliases = {}
    for participant_id, name in Alias.select(Alias.participant, Alias.name).order_by(Alias.id).tuples():
        aliases.setdefault(participant_id, []).append(name)
    return {key: names_text(name_ar, name_en, aliases.get(key, ()))
            for key, name_ar, name_en in Participant.select(
                Participant.id, Participant.name_ar, Participant.name_en).tuples().iterator()}


def merged_ids(keys=None):
    """The participants merged into another: they keep their names but are found by none
    (their names are their survivor's aliases now)."""
    query = Participant.select(Participant.id).where(Participant.merged_into.is_null(False))
    if keys is not None:
        query = query.where(Participant.id.in_(list(keys)))
    return {key for (key,) in query.tuples()}


def statement_document(text, attribution_text, speaker_names):
    return document(text, speaker_names, attribution_text or "")


def article_document(title, body):
    return document(f"{title or ''} {body}")


def participant_document(names):
    return document(names)


def of_record(kind, row):
    """The document of one record (a model instance), as the write path keeps it."""
    if kind == "statement":
        return statement_document(row.text, row.attribution_text, participant_names(row.speaker_id))
    if kind == "article":
        return article_document(row.title, row.body)
    return participant_document(participant_names(row.id) if row.merged_into_id is None else "")


def every_record(kind):
    """(id, document) of every record of `kind`, in id order, read as plain values."""
    if kind == "statement":
        names = all_participant_names()
        query = Statement.select(Statement.id, Statement.text, Statement.attribution_text,
                                 Statement.speaker).order_by(Statement.id)
        return ((key, statement_document(text, attribution, names[speaker]))
                for key, text, attribution, speaker in _cursor(query))
    if kind == "article":
        query = Article.select(Article.id, Article.title, Article.body).order_by(Article.id)
        return ((key, article_document(title, body)) for key, title, body in _cursor(query))
    names, merged = all_participant_names(), merged_ids()
    return ((key, participant_document("" if key in merged else names[key])) for key in sorted(names))


def _cursor(query):
    """The rows of a query of integer and text columns, straight from the
    driver's cursor: peewee's row wrapper costs twice the read (the 100k
    dump's statements: 0.32 s, 0.14 s from the cursor)."""
    sql, params = query.sql()
    return query.model._meta.database.execute_sql(sql, params)


def records(kind, keys=None):
    """(id, document, recency) of the records of `kind` (of `keys` only, if
    given), read as plain values, in id order: what the ranked index holds.

    `recency` orders equal scores as the in-database ranking does: a
    statement or an article by its publication (newest first, undated last),
    then newest id; a participant by id.
    """
    if keys is not None:
        keys = sorted(set(keys))
        for start in range(0, len(keys), 500):
            yield from _records(kind, keys[start:start + 500])
        return
    yield from _records(kind, None)


def _records(kind, keys):
    if kind == "statement":
        names = all_participant_names() if keys is None else _names_of_speakers(keys)
        query = (Statement.select(Statement.id, Statement.text, Statement.attribution_text,
                                  Statement.speaker, Article.published_at)
                 .join(Article, on=(Article.id == Statement.article)))
        query = query if keys is None else query.where(Statement.id.in_(keys))
        for key, text, attribution, speaker, published in query.order_by(Statement.id).tuples().iterator():
            yield key, statement_document(text, attribution, names[speaker]), (_instant(published), key)
    elif kind == "article":
        query = Article.select(Article.id, Article.title, Article.body, Article.published_at)
        query = query if keys is None else query.where(Article.id.in_(keys))
        for key, title, body, published in query.order_by(Article.id).tuples().iterator():
            yield key, article_document(title, body), (_instant(published), key)
    else:
        names = all_participant_names() if keys is None else {key: participant_names(key) for key in keys
                                                               if Participant.get_or_none(id=key)}
        merged = merged_ids(None if keys is None else names)
        for key in sorted(names):
            yield key, participant_document("" if key in merged else names[key]), (-key, 0)


def _names_of_speakers(statement_keys):
    speakers = {speaker for (speaker,) in Statement.select(Statement.speaker)
                .where(Statement.id.in_(statement_keys)).tuples()}
    return {speaker: participant_names(speaker) for speaker in speakers}


UNDATED = -(1 << 62)
EPOCH = datetime.datetime(1970, 1, 1)


def _instant(published):
    """Microseconds since 1970 of a publication time (naive UTC); undated sorts last."""
    if published is None:
        return UNDATED
    if isinstance(published, str):
        published = datetime.datetime.fromisoformat(published)
    if published.tzinfo is not None:
        published = published.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return (published - EPOCH) // datetime.timedelta(microseconds=1)


def statements_of(kind, key):
    """The statements whose documents (or order) depend on record `key` of `kind`."""
    if kind == "participant":
        condition = Statement.speaker == key
    elif kind == "article":
        condition = Statement.article == key
    else:
        return []
    return [statement for (statement,) in Statement.select(Statement.id).where(condition).tuples()]


MODELS = {"statement": Statement, "article": Article, "participant": Participant}
