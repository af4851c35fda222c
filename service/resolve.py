"""Who a name or a title-only mention meant on a date.

A mention resolves two ways, and the candidates of both are ranked together:
- by alias: "الأسد", "بشار الاسد", "الرئيس الأسد" are aliases of one
  participant; a mention that is an alias, or contains a multi-word alias
  ("الرئيس السوري بشار الأسد"), names that participant;
- by post: "الرئيس الإيراني" names no one until a date is given; then it is
  whoever held a matching post in that country that day (roles), so on
  2017-01-18 it is Hassan Rouhani and on 2022-05-08 Ebrahim Raisi.

Titles are compared word by word on search keys (so لرئيس matches رئيس)
after a few newsroom shorthands are expanded; the country comes from a
nisba adjective (الإيراني، السوري) derived from the country table.
"""
from . import arabic
from .models import Alias, Country, Participant, Role
from .records.participants import survivor_of

# Newsroom shorthand -> the words of the post's formal title.
TITLE_SHORTHANDS = {arabic.normalize(short): arabic.normalize(formal) for short, formal in {
    "الرئيس": "رئيس الجمهورية",
    "رئيس الوزراء": "رئيس مجلس الوزراء",
    "رئيس الحكومة": "رئيس مجلس الوزراء",
    "المرشد": "قائد الثورة",
    "المرشد الأعلى": "قائد الثورة",
}.items()}


def _keys(word):
    return set(arabic.search_keys(word))


def _same_word(a, b):
    return bool(_keys(a) & _keys(b))


def country_adjectives():
    """{'ايراني': 'IR', 'السوري': 'SY', …} from the countries' Arabic names."""
    adjectives = {}
    for country in Country.select(Country.code, Country.name_ar):
        # إيران → إيراني، سورية/سوريا → سوري: drop the final ة/ا, add the nisba ي.
        stem = arabic.normalize(country.name_ar).removeprefix("ال").rstrip("ه").rstrip("ا")
        adjective = stem if stem.endswith("ي") else stem + "ي"
        for form in (adjective, adjective + "ه"):
            adjectives[form] = adjectives["ال" + form] = country.code
    return adjectives


def split_mention(text, adjectives=None):
    """(title words, country code or None) of a title-only mention.

    `adjectives`: country_adjectives(), when the caller has loaded them once."""
    adjectives = country_adjectives() if adjectives is None else adjectives
    words, country = [], None
    for word in arabic.tokens(text):
        if word in adjectives:
            country = adjectives[word]
        else:
            words.append(word)
    title = " ".join(words)
    return TITLE_SHORTHANDS.get(title, title).split(), country


def held_during(first, last):
    """The condition on Role rows held on some day from `first` to `last`.

    The one rule of who holds a post: from its start day up to, not
    including, its end day, so on a handover day the successor holds it
    (a term that ends 2021-08-03 and the next that starts that day never tie).
    """
    return ((Role.start_date.is_null() | (Role.start_date <= last))
            & (Role.end_date.is_null() | (Role.end_date > first)))


def held_on(roles, day):
    """The roles of the query `roles` held on `day` (all of them when None)."""
    return roles if day is None else roles.where(held_during(day, day))


def title_score(mention, role, adjectives=None):
    """Dice overlap of the mention's title words and the post's, plus a bonus
    when both start with the same word (the head: رئيس، وزير، نائب)."""
    adjectives = country_adjectives() if adjectives is None else adjectives
    title = [w for w in arabic.tokens(role.title_ar) if w not in adjectives]
    if not mention or not title:
        return 0.0
    shared = sum(1 for word in mention if any(_same_word(word, other) for other in title))
    if shared < len(mention):
        return 0.0  # every word of the mention must be in the title
    head = 0.1 if _same_word(mention[0], title[0]) else 0.0
    return round(0.8 * 2 * shared / (len(mention) + len(title)) + head, 4)


def by_alias(name):
    """(participant id, score): an exact alias is 1.0; a longer mention
    containing a multi-word alias scores by how much of it the alias covers."""
    key = arabic.normalize(name)
    words = key.split()
    scores = {}
    for participant_id, normalized in known_names():
        alias_words = normalized.split()
        if normalized == key:
            score = 1.0
        elif len(alias_words) >= 2 and _contains(words, alias_words):
            score = round(0.9 * len(alias_words) / len(words), 4)
        else:
            continue
        scores[participant_id] = max(score, scores.get(participant_id, 0))
    # A merged duplicate's name still resolves, to the participant it was merged into.
    followed = {}
    for participant_id, score in scores.items():
        survivor = survivor_of(participant_id) or participant_id
        followed[survivor] = max(score, followed.get(survivor, 0))
    return followed


def known_names():
    """(participant id, normalized name) for every alias and every canonical name."""
    yield from Alias.select(Alias.participant, Alias.normalized).tuples()
    for participant_id, name_ar, name_en in Participant.select(
            Participant.id, Participant.name_ar, Participant.name_en).tuples():
        yield participant_id, arabic.normalize(name_ar)
        if name_en:
            yield participant_id, arabic.normalize(name_en)


def _contains(words, part):
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def resolve(name, day=None, limit=10):
    """[(participant, role or None, score)], best first."""
    candidates = {}  # participant id -> (score, role)
    for participant_id, score in by_alias(name).items():
        role = held_on(Role.select().where(Role.participant == participant_id), day) \
            .order_by(Role.start_date.desc()).first()
        candidates[participant_id] = (score, role)
    mention, country = split_mention(name)
    if day is not None or country is not None:
        roles = held_on(Role.select(), day)
        if country:
            roles = roles.where(Role.country == country)
        for role in roles:
            score = title_score(mention, role)
            if score > candidates.get(role.participant_id, (0, None))[0]:
                candidates[role.participant_id] = (score, role)
    ranked = sorted(candidates.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    people = {p.id: p for p in Participant.select().where(Participant.id.in_([pid for pid, _ in ranked]))}
    return [(people[pid], role, score) for pid, (score, role) in ranked]
