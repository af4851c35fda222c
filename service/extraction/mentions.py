"""Who the article names: aliases, titles of office, and names not yet known.

Three ways a text names a participant, tried in this order at each word:

1. An alias (or the canonical name) of a stored participant, longest first,
   compared on normalized text. A leading conjunction or preposition is
   peeled off ("والأسد", "لأحمديان"), the article ال never is: "الخميس" is
   Thursday, not Khamis, and "الرئيسي" (main) is not Raisi.
2. A title of office ("الرئيس الإيراني", "نائب الرئيس الإيراني"). When a
   name follows, the two are one mention if the named participant ever held
   that kind of post ("رئيس الجمهورية الإسلامية الإيرانية إبراهيم رئيسي"),
   two otherwise ("وزير الخارجية السوري علي أكبر ولايتي": Velayati never was
   a foreign minister, the text omits the verb's object marker). A title
   alone resolves through the roles held on the article's date (docs/data-model.md).
3. A name nobody stored yet, found where news prose always puts one: after
   a title whose holder is not stored ("وزير الخارجية الروسي سيرغي لافروف").
   Later mentions by surname ("لافروف") point back to it.
"""
from __future__ import annotations

import datetime
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .. import resolve
from ..arabic import normalize
from ..models import Alias, Participant, Role
from . import lexicon
from .text import Text, Token

MAX_NAME_WORDS = 8          # the longest alias we try ("قائد الثورة الإسلامية آية الله السيد علي الخامنئي")
QUERY_CHUNK = 500           # bound parameters per IN (...) query, well under SQLite's limit
TITLE_CONFIDENCE = 0.85     # a title-only mention resolved through the roles on the article's date
TITLE_MARGIN = 0.1          # ... when its best post beats the next by this much (resolve.title_score)

# Conjunctions and prepositions that stick to a name; ل + ال is written لل.
_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


@dataclass
class Candidate:
    participant_id: int | None
    name: str
    score: float
    via: str                       # alias, short-alias, role, name
    role: str | None = None

    def as_dict(self):
        return {"id": self.participant_id, "name": self.name, "confidence": round(self.score, 2)}


@dataclass
class Mention:
    first: int                     # token index of the first word
    stop: int                      # token index after the last word
    start: int                     # character offsets of the mention, clitic excluded
    end: int
    text: str
    kind: str                      # alias, title, name
    candidates: list[Candidate] = field(default_factory=list)
    short: bool = False            # only a short alias ("الأسد") matched
    complement: bool = False       # owned by a title before it: "مستشار المرشد الإيراني"

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def key(self):
        """Who the mention stands for: a participant id, or a new name."""
        best = self.best
        if best is None:
            return None
        return best.participant_id if best.participant_id is not None else ("new", normalize(best.name))


def _variants(token: Token) -> tuple[tuple[str, int], ...]:
    """(normalized form, letters of clitic) for a word and its clitic-free forms."""
    return _norm_variants(token.norm)


@functools.lru_cache(maxsize=1 << 14)
def _norm_variants(norm: str) -> tuple[tuple[str, int], ...]:
    forms = [(norm, 0)]
    if norm.startswith("لل") and len(norm) > 4:
        forms.append(("ال" + norm[2:], 1))
    for clitic in _CLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= 3:
            forms.append((norm[len(clitic):], len(clitic)))
    return tuple(forms)


def _clitic_offset(token: Token, letters: int) -> int:
    """Character offset in the raw token after `letters` letters (marks follow their letter)."""
    seen, i = 0, 0
    while i < len(token.raw) and seen < letters:
        i += 1
        while i < len(token.raw) and normalize(token.raw[i]) == "":
            i += 1
        seen += 1
    return token.start + i


def _runs(text: Text):
    """Maximal runs of words separated only by spaces (names never span punctuation)."""
    run = []
    for token in text.tokens:
        if token.word:
            run.append(token)
        elif token.raw == "\n" or not token.raw.isspace():
            if run:
                yield run
            run = []
    if run:
        yield run


def strip_article(word: str) -> str:
    for prefix in ("وال", "بال", "فال", "كال", "لل", "ال", "ول", "و", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            if prefix in ("ول", "و", "ل") and word[len(prefix):].startswith("ال"):
                return word[len(prefix) + 2:]
            return word[len(prefix):]
    return word


def title_country(words: list[str]) -> str | None:
    """The country a title's nationality adjective names ("الإيراني" -> IR), any country.

    service.resolve knows the adjectives of the countries on file; this
    table also knows the others, so "وزير الخارجية الروسي" counts as a
    title with a nationality (a name follows it) though Russia is not on file.
    """
    for word in words:
        for form in (word, strip_article(word)):
            if form in lexicon.NATIONALITIES:
                return lexicon.NATIONALITIES[form]
    for word in words[1:]:
        if word in lexicon.COUNTRIES:
            return lexicon.COUNTRIES[word]  # "سفير فرنسا", "وزير خارجية الجزائر"
    return None


class Directory:
    """The participants, aliases and roles one article can refer to."""

    def __init__(self, period: tuple[datetime.date, datetime.date] | None):
        self.period = period
        self.by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.people: dict[int, Participant] = {}
        self._roles_by_participant: dict[int, list[Role]] = {}
        self._roles_in_period: list[Role] | None = None
        self._adjectives: dict[str, str] | None = None
        self._title_memo: dict[tuple, list[Candidate]] = {}
        self.longest: dict[str, int] = {}   # first word of a loaded key -> most words of such a key
        self._held_memo: dict[tuple, bool] = {}

    @property
    def adjectives(self) -> dict[str, str]:
        """The countries' nisba adjectives, read once per article (not once per title)."""
        if self._adjectives is None:
            self._adjectives = resolve.country_adjectives()
        return self._adjectives

    # -- loading -------------------------------------------------------------

    def load(self, keys: set[str], raw_keys: set[str]):
        """Aliases and canonical names equal to any of `keys` (normalized).

        A body of a few thousand words has tens of thousands of candidate
        keys (every run of up to MAX_NAME_WORDS words): they go to the
        database as bound parameters of plain IN queries, QUERY_CHUNK at a
        time, without building a query object per chunk."""
        for participant_id, normalized, kind in _rows_in(
                Alias, (Alias.participant, Alias.normalized, Alias.kind), Alias.normalized, sorted(keys)):
            self.by_key[normalized].append((participant_id, kind))
        # The canonical name is not repeated as an alias (fixtures/README.md)
        # and has no normalized shadow column: look it up in both spellings.
        for participant_id, name_ar in _rows_in(Participant, (Participant.id, Participant.name_ar),
                                                Participant.name_ar, sorted(raw_keys | set(keys))):
            self.by_key[normalize(name_ar)].append((participant_id, "full"))
        ids = {pid for entries in self.by_key.values() for pid, _ in entries}
        self._load_people(ids)
        # The first word of every key found, with the most words a key starting with it has:
        # a word that starts no alias costs one look-up, not one per length.
        self.longest: dict[str, int] = {}
        for key in self.by_key:
            words = key.split()
            if words:
                self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))

    def _load_people(self, ids):
        ids = sorted(set(ids) - set(self.people))
        for i in range(0, len(ids), QUERY_CHUNK):
            for person in Participant.select().where(Participant.id.in_(ids[i:i + QUERY_CHUNK])):
                self.people[person.id] = person
        # A merged duplicate still resolves: follow it to the survivor.
        survivors = {p.merged_into_id for p in self.people.values() if p.merged_into_id} - set(self.people)
        if survivors:
            self._load_people(survivors)

    def survivor(self, participant_id: int) -> int:
        seen = set()
        while participant_id in self.people and self.people[participant_id].merged_into_id \
                and participant_id not in seen:
            seen.add(participant_id)
            participant_id = self.people[participant_id].merged_into_id
        return participant_id

    def is_person(self, participant_id: int | None) -> bool:
        person = self.people.get(participant_id)
        return person is None or person.kind == "person"

    def name_of(self, participant_id: int) -> str:
        person = self.people.get(participant_id)
        return person.name_ar if person else str(participant_id)

    def roles_of(self, participant_id: int) -> list[Role]:
        if participant_id not in self._roles_by_participant:
            self._roles_by_participant[participant_id] = list(
                Role.select().where(Role.participant == participant_id))
        return self._roles_by_participant[participant_id]

    def roles_in_period(self) -> list[Role]:
        if self._roles_in_period is None:
            query = Role.select()
            if self.period:
                first, last = self.period
                query = query.where(resolve.held_during(first, last))
            self._roles_in_period = list(query)
            self._load_people({role.participant_id for role in self._roles_in_period})
        return self._roles_in_period

    # -- resolution ------------------------------------------------------------

    def alias_candidates(self, key: str) -> list[Candidate]:
        entries = self.by_key.get(key, [])
        by_person: dict[int, str] = {}
        for pid, kind in entries:
            pid = self.survivor(pid)
            if by_person.get(pid) != "full":
                by_person[pid] = kind if by_person.get(pid) in (None, "short") else by_person[pid]
        if not by_person:
            return []
        share = 1 / len(by_person)
        return [Candidate(pid, self.name_of(pid), 0.95 * share if len(by_person) > 1 else 0.95,
                          "short-alias" if kind == "short" else "alias")
                for pid, kind in sorted(by_person.items())]

    def title_candidates(self, words: list[str]) -> list[Candidate]:
        """Who held the post a title-only mention names, in the article's period.

        Whether a title names a post is service.resolve's rule (every word of
        the mention in the post's title, newsroom shorthands expanded, the
        country from its nisba); extraction adds the article's date at its
        precision and refuses a title without nationality: in a Lebanese
        report "رئيس للجمهورية" is not Syria's president.
        """
        key = tuple(words)
        if key not in self._title_memo:
            self._title_memo[key] = self._title_candidates(words)
        return [Candidate(c.participant_id, c.name, c.score, c.via, c.role) for c in self._title_memo[key]]

    def _title_candidates(self, words: list[str]) -> list[Candidate]:
        words = _without_fillers(words)
        if not words or title_country(words) is None:
            return []
        mention, country = resolve.split_mention(" ".join(words), self.adjectives)
        scored: dict[int, tuple[float, Role]] = {}
        for role in self.roles_in_period():
            if country and role.country_code not in (country, None):
                continue
            score = resolve.title_score(mention, role, self.adjectives)
            pid = self.survivor(role.participant_id)
            if score > scored.get(pid, (0.0, None))[0]:
                scored[pid] = (score, role)
        if not scored:
            return []
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))
        best = ranked[0][1][0]
        runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
        # Clearly the best match (the president, not the vice-president whose
        # title also holds "رئيس الجمهورية"): confident; a near tie: not.
        confidence = TITLE_CONFIDENCE if best - runner_up >= TITLE_MARGIN else TITLE_CONFIDENCE * 0.7
        return [Candidate(pid, self.name_of(pid), confidence if n == 0 else round(confidence * score / best * 0.5, 2),
                          "role", role.title_ar)
                for n, (pid, (score, role)) in enumerate(ranked)]

    def held_title(self, participant_id: int, words: list[str]) -> bool:
        """Did the participant ever hold a post the title names? (True when no roles are stored.)"""
        key = (participant_id, tuple(words))
        if key not in self._held_memo:
            self._held_memo[key] = self._held_title(participant_id, words)
        return self._held_memo[key]

    def _held_title(self, participant_id: int, words: list[str]) -> bool:
        roles = self.roles_of(participant_id)
        if not roles:
            return True
        words = _without_fillers(words)
        if not words:
            return True  # "الدكتور فيصل المقداد": an honorific only
        mention, country = resolve.split_mention(" ".join(words), self.adjectives)
        return any(resolve.title_score(mention, role, self.adjectives) > 0
                   and (not country or role.country_code in (country, None)) for role in roles)


def _rows_in(model, columns, column, values: list[str]):
    """Rows (tuples of `columns`) of `model` whose `column` is one of `values`."""
    db = model._meta.database
    opening, closing = db.quote   # the engine's identifier quotes

    def quote(name: str) -> str:
        return f"{opening}{name}{closing}"

    table = quote(model._meta.table_name)
    selected = ", ".join(quote(c.column_name) for c in columns)
    for i in range(0, len(values), QUERY_CHUNK):
        chunk = values[i:i + QUERY_CHUNK]
        placeholders = ", ".join([db.param] * len(chunk))
        cursor = db.execute_sql(f"SELECT {selected} FROM {table} WHERE {quote(column.column_name)} "
                                f"IN ({placeholders})", chunk)
        yield from cursor.fetchall()


def _without_fillers(words: list[str]) -> list[str]:
    return [w for w in words if w not in lexicon.TITLE_FILLERS and strip_article(w) not in lexicon.TITLE_FILLERS]


def _is_title_head(token: Token) -> bool:
    return any(form in lexicon.TITLE_HEADS for form, _ in _variants(token))


_TITLE_STEMS = frozenset(strip_article(w) for w in lexicon.TITLE_WORDS | lexicon.TITLE_HEADS)


def _cue_clitics(token: Token) -> tuple[str, ...]:
    """The clitics a verb of saying takes ("أشاد" -> ("ب",)), or ()."""
    norm = token.norm
    for form in (norm, norm[1:] if norm[:1] in "وف" else norm):
        lemma = lexicon.VERB_FORMS.get(form, (None,))[0] or lexicon.PARTICIPLES.get(form)
        if lemma:
            return lexicon.CUES[lemma].clitics
    return ()


def _title_word(token: Token) -> bool:
    """A word of the title lexicons (not merely a definite word)."""
    norm = token.norm
    return (norm in lexicon.TITLE_WORDS or norm in lexicon.TITLE_HEADS or strip_article(norm) in _TITLE_STEMS
            or norm in lexicon.TITLE_FILLERS or norm in lexicon.NATIONALITIES)


def _continues_title(token: Token) -> bool:
    norm = token.norm
    if norm in lexicon.SAYING_MASDARS:
        return False  # "وجدد الأمين العام لاتحاد الشغل التأكيد على": the verb's noun, not the title's
    if _title_word(token):
        return True
    if norm in lexicon.PLACES or norm in lexicon.COUNTRIES:
        return True  # "والي سوسة", "سفير فرنسا", "معتمد قبلي"
    if any(form in lexicon.ORGANIZATION_WORDS for form, _ in _norm_variants(norm)):
        return True  # "رئيس الوفد", "القيادي بحركة النهضة"
    if norm in lexicon.NAME_STOPS:
        return False
    # The article ال never carries a hamza: "ألكسندر نوفاك" is a name.
    return token.bare.startswith(("ال", "لل", "وال", "بال"))


MAX_ORGANIZATION_WORDS = 7


def _is_organization_head(token: Token) -> bool:
    return any(form in lexicon.ORGANIZATION_HEADS for form, _ in _variants(token))


def _continues_organization(token: Token, words_so_far: int = 2) -> bool:
    """Does this word go on with an organization's name of `words_so_far` words?"""
    norm = token.norm
    if norm.startswith("لل") and norm not in lexicon.ORGANIZATION_WORDS and words_so_far < 2:
        return False  # "الحكومة للضغط": a purpose, not "المجلس الأعلى للقضاء"
    if norm in lexicon.NAME_STOPS or norm in lexicon.VERB_FORMS or norm in lexicon.PARTICIPLES \
            or norm in lexicon.MEETING_VERBS or norm in lexicon.TIME_WORDS:
        return False
    if norm[:1] == "و" and norm not in lexicon.ORGANIZATION_WORDS and norm[1:] in lexicon.ORGANIZATION_HEADS:
        return False  # "اتحاد الشغل والحكومة": two bodies
    if any(form in lexicon.ORGANIZATION_WORDS for form, _ in _variants(token)) or norm in lexicon.NATIONALITIES:
        return True
    return token.bare.startswith(("ال", "لل"))


def _plural_object(token: Token) -> bool:
    """"ودعا المعهد الوطني للرصد الجوي المواطنين إلى": after a body's full name, a definite plural of
    people is the verb's object (inside a name it is the head's complement: "جمعية المحامين")."""
    norm = token.norm
    return (token.bare.startswith("ال") and norm.endswith(("ين", "ون")) and len(norm) >= 7
            and not any(form in lexicon.ORGANIZATION_WORDS for form, _ in _variants(token))
            and not norm.endswith(("يين", "يون")))  # (a nisba plural is an adjective: "الإسلاميين")


def _object_after_body(token: Token) -> bool:
    """"ودعت الوزارة المجتمع الدولي إلى": after a body named by its head alone ("الوزارة"), a definite
    noun that is no adjective (nisba, elative) nor a word of bodies' names is the verb's object."""
    norm = token.norm
    if not token.bare.startswith("ال") or any(form in lexicon.ORGANIZATION_WORDS for form, _ in _variants(token)) \
            or norm in lexicon.NATIONALITIES:
        return False
    stem = norm[2:]
    nisba = stem.endswith(("ي", "يه", "يين", "يون", "يان"))
    elative = len(stem) == 4 and stem[:1] in "اأ" and stem.endswith(("ي", "ى"))  # الأعلى، الأدنى
    return not (nisba or elative)


def _head_word(text: str, *heads) -> str:
    """The first word of `text`, as the first of `heads` (lexicons) knows it
    when one of its spelling variants is there; "" for an empty text."""
    words = normalize(text).split()
    if not words:
        return ""
    for form, _ in _norm_variants(words[0]):
        if any(form in known for known in heads):
            return form
    return words[0]


def _head_stem(text: str) -> str:
    """"الوزيرة" and "وزير الشؤون" -> "وزير": the head of a title, without article or feminine."""
    word = _head_word(text, lexicon.TITLE_HEADS, lexicon.ORGANIZATION_HEADS)
    word = word[2:] if word.startswith("ال") and len(word) > 4 else word
    return word[:-1] if word.endswith("ه") and len(word) > 3 else word


def _verb_like(token: Token) -> bool:
    norm = token.norm[1:] if token.norm[:1] in "وف" else token.norm
    return token.norm in lexicon.VERB_FORMS or norm in lexicon.VERB_FORMS or norm in lexicon.MEETING_VERBS \
        or token.norm in lexicon.PARTICIPLES


def _title_gender(text: str) -> str:
    """"f" for "الوزيرة", "رئيسة", "النائبة" (the head ends in ة), else "m"."""
    head = _head_word(text, lexicon.TITLE_HEADS)
    return "f" if head and title_is_feminine(head) else "m"


def title_is_feminine(head: str) -> bool:
    """A normalized title head ending in ة ("الوزيره", "رئيسه"); "نظيره" is "his counterpart", "نظيرته" hers."""
    if head.startswith(("نظير", "النظير")):
        return head.startswith(("نظيرت", "النظيرت")) or head in ("النظيره",)
    return head.endswith("ه") and len(head) > 3


def _role_keys(role: str) -> list[tuple[str, str]]:
    """(head stem, gender) of a role's head and of the titles coordinated in it ("… ورئيسة لجنة")."""
    keys = [(_head_stem(role), _title_gender(role))]
    for word in role.split()[1:]:
        norm = normalize(word)
        if norm[:1] == "و" and norm[1:] in lexicon.TITLE_HEADS:
            keys.append((_head_stem(norm[1:]), _title_gender(norm[1:])))
    return keys


def _word_stem(norm: str) -> str:
    """"اللجنة", "للجنة", "لجنة" -> "لجن": the word without article, ل + article or final ة."""
    for prefix in ("وال", "بال", "لل", "ال"):
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            norm = norm[len(prefix):]
            break
    return norm[:-1] if norm.endswith("ه") and len(norm) > 3 else norm


def _same_post(title: str, role: str | None) -> bool:
    """A construct title ("وزير النقل", "رئيسة اللجنة") names a holder only if the holder's title has
    its complement; a definite head with adjectives ("الوزير التركي", "الوزيرة السابقة") any."""
    words = normalize(title).split()
    if len(words) < 2 or words[0].startswith("ال") or not role:
        return True
    return _word_stem(words[1]) in {_word_stem(w) for w in normalize(role).split()}


def _holder(title: str, holders) -> Candidate | None:
    """Who a later title refers to, of the full names with its head (latest last): one whose post
    has the title's complement ("وزير الخارجية"); of a title with a nationality ("الوزير الجزائري")
    one of that country; of a title without ("الوزير"), one introduced without a foreign nationality
    if there is one ("وزير الشؤون الخارجية خميس الجهيناوي", not "الوزير الجزائري … مساهل")."""
    country = title_country(normalize(title).split())
    fitting = [c for c in holders if _same_post(title, c.role)
               and (country is None or title_country(normalize(c.role or "").split()) in (None, country))]
    if country is None:
        plain = [c for c in fitting if title_country(normalize(c.role or "").split()) is None]
        fitting = plain or fitting
    return fitting[-1] if fitting else None


def _definite_head(text: str) -> bool:
    words = normalize(text).split()
    return bool(words) and any(form.startswith("ال") for form, _ in _norm_variants(words[0]))


def _likeliest_body(bodies: dict[str, list], definite: bool) -> Candidate | None:
    """"واعتبر الاتحاد": of the bodies with that head, one named with the article as "الاتحاد" is
    (not "اتحاد الصناعة"), then the one the report names most, then the first named."""
    if not bodies:
        return None
    ranked = sorted(bodies.values(), key=lambda e: (e[2] != definite, -e[0], e[1]))
    return ranked[0][3]


def _given_name(token: Token) -> bool:
    """Does a name start here? A common given name, or the first half of a compound one."""
    if token.bare.endswith("ى") and token.norm.endswith("علي"):
        return False  # "على", "وعلى": the preposition, which normalizes to علي (not ليلى، مصطفى)
    norm = token.norm
    return norm in lexicon.GIVEN_NAMES or norm in lexicon.GIVEN_NAME_HEADS \
        or any(form in lexicon.GIVEN_NAMES for form, n in _norm_variants(norm) if n and norm[:1] == "و")


def _ends_name(token: Token) -> bool:
    """Can a name end before this word? A stop word, a complementizer or a verb follows names."""
    if not token.word:
        return True
    if token.norm == _ALI and token.bare.endswith("ي"):
        return False  # the name علي, not the preposition على
    norm = token.norm[1:] if token.norm[:1] in "وف" and len(token.norm) > 3 else token.norm
    if token.norm[:1] == "و" and len(token.norm) >= 4 and token.norm not in lexicon.GIVEN_NAMES \
            and token.norm not in _NAME_LINKS:
        return True  # "وداد بوشماوي وممثلي الأعراف": the next item of a list (not "وليد", "ولد")
    if token.norm[:1] in "وف" and token.norm[1:] in lexicon.NAME_STOPS:
        return True  # "وهي", "وهو"
    return (token.norm in lexicon.NAME_STOPS or token.norm in lexicon.COMPLEMENTIZERS
            or norm in lexicon.VERB_FORMS or token.norm in lexicon.PARTICIPLES or _is_title_head(token)
            or norm in lexicon.FRAMING_VERBS or norm in lexicon.MEETING_VERBS or norm in lexicon.MEETING_NOUNS
            or norm in lexicon.CALL_NOUNS or norm in lexicon.TALK_NOUNS  # "سامي الطيب محادثة هاتفية"
            or token.norm in lexicon.ADJUNCT_OPENERS  # "عمر منصور ظهر اليوم"
            or (token.norm[:1] in "بل" and token.norm not in _NAME_LINKS and token.norm not in lexicon.GIVEN_NAMES
                and len(token.norm) > 3)  # "دونالد ترامب لأول مرة", "خليفة حفتر بمدينة …", "… بوفد من"
            or token.norm in ("و", "ف")
            or (token.bare.startswith("ال") and strip_article(token.norm) in lexicon.CONTENT_OPENERS))


_ABD = normalize("عبد")
_ALI = normalize("علي")


_PARTICLES = frozenset(normalize(w) for w in ("فون", "فان", "دي", "دو", "دير", "ديل", "دا"))


def _links(words: list[Token]) -> int:
    """One more word for each link or compound head inside a name so far, two at most:
    "سلمان بن عبد العزيز", "محمد الفاضل عبد الكافي"; none once the surname after a European
    particle is there ("أورسولا فون دير لاين" ends the name)."""
    if len(words) >= 2 and words[-2].norm in _PARTICLES and words[-1].norm not in _NAME_LINKS:
        return -len(words)
    return min(2, sum(1 for w in words[1:] if w.norm in _NAME_LINKS or w.norm in lexicon.GIVEN_NAME_HEADS))


def _compound_next(tokens: list[Token], token: Token) -> bool:
    q = _skip_spaces(tokens, token.index + 1)
    return q < len(tokens) and tokens[q].word and tokens[q].bare.startswith("ال")


# Words inside a name that link its parts: "بن", "ولد" (محمد ولد عبد العزيز).
_NAME_LINKS = frozenset(normalize(w) for w in ("بن", "ابن", "بنت", "ولد", "أبو", "ابو", "آل",
                                               # European particles: "أورسولا فون دير لاين", "توماس دي مايتسيره"
                                               "فون", "فان", "دي", "دو", "دير", "ديل", "دا"))
_POSSESSED_ENDINGS = ("ته", "تها", "تهم", "تهما", "اتها", "ائه", "ائها")


def _name_closed(words: list[Token], compound_head: bool) -> bool:
    """Does a name end after these words? A definite surname ("نور الدين البحري") closes it, unless
    it completes a compound given name ("عبد الكريم") or is a given name itself ("محمد الحبيب …")."""
    if len(words) < 2:
        return False
    last = words[-1]
    if not last.bare.startswith("ال") or _given_name(last):
        return False
    return not (len(words) == 2 and compound_head)


def _surname_post(run: list[Token], q: int) -> bool:
    """A definite post word ("الطبيب", "القاضي") after a given name, with the name's edge right after it."""
    token = run[q]
    return (token.bare.startswith("ال") and _is_title_head(token) and token.norm not in lexicon.TITLE_WORDS
            and (q + 1 == len(run) or run[q + 1].norm in lexicon.COMPLEMENTIZERS or run[q + 1].norm in lexicon.NAME_STOPS))


def _after_saying(tokens: list[Token], index: int) -> bool:
    """Is the word before token `index` a verb of saying ("قالت", "وأكد")?"""
    q = _skip_spaces(tokens, index - 1, step=-1)
    if q < 0 or not tokens[q].word:
        return False
    norm = tokens[q].norm
    return norm in lexicon.VERB_FORMS or (norm[:1] in "وف" and norm[1:] in lexicon.VERB_FORMS)


def _skip_spaces(tokens: list[Token], q: int, step: int = 1) -> int:
    while 0 <= q < len(tokens) and tokens[q].raw.isspace() and tokens[q].raw != "\n":
        q += step
    return q


def _name_words(tokens: list[Token], q: int, covered: set[int], forward: bool) -> list[Token]:
    """Two to four name-like words from token q on (or back), ending where a name ends."""
    words = []
    while 0 <= q < len(tokens) and len(words) < 4:
        token = tokens[q]
        if token.raw.isspace() and token.raw != "\n":
            q += 1 if forward else -1
            continue
        if not token.word or token.index in covered or not _name_like(token, False) \
                or forward and _continues_title(token) and token.bare.startswith("ال") and not words \
                or token.norm in lexicon.ORGANIZATION_WORDS or _is_organization_head(token):
            break
        words.append(token)
        q += 1 if forward else -1
    if not forward:
        words.reverse()
    if len(words) < 2 or words[0].bare.startswith(("ال", "لل")):
        return []
    # The name ends at punctuation, a stop word or a verb: not inside a phrase.
    edge = tokens[q] if 0 <= q < len(tokens) else None
    if edge is not None and edge.word:
        norm = edge.norm[1:] if edge.norm[:1] in "وف" else edge.norm
        if forward and edge.norm not in lexicon.NAME_STOPS and edge.norm not in lexicon.COMPLEMENTIZERS:
            return []
        if not forward and not (norm in lexicon.VERB_FORMS or norm in lexicon.MEETING_VERBS
                                or edge.norm in ("و", "ف") or edge.norm in lexicon.COMPLEMENTIZERS):
            return []
    return words


def _name_like(token: Token, first: bool = True) -> bool:
    """Can this word be part of a person's name? A nisba ends a title ("الروسي")
    but may end a name too ("محمد شياع السوداني"), never start one."""
    norm = token.norm
    if norm == _ALI and token.bare.endswith("ي"):
        return True  # "سامي بن علي": the name علي, which normalizes like the preposition على
    if norm[:1] in "وف" and (norm[1:] in lexicon.VERB_FORMS or norm[1:] in lexicon.PARTICIPLES):
        return False  # "وأكد", "ومؤكدا"
    if norm[:1] in "وف" and norm[1:] in lexicon.NAME_STOPS:
        return False  # "وهي", "وفي"
    if not first and norm[:1] == "و" and len(norm) >= 4 and norm not in lexicon.GIVEN_NAMES \
            and norm not in _NAME_LINKS:
        return False  # "آمال كربول وهي", "وداد بوشماوي وممثلي": the conjunction starts the next phrase
    if len(norm) >= 6 and norm.endswith(("يين", "يون")):
        return False  # "التونسيين", "الفلسطينيون": a people, never a person's name
    if not first and norm[:1] == "ل" and norm not in lexicon.GIVEN_NAMES and (
            norm.startswith("لل") or norm[1:] in lexicon.MEDIA_HEADS or norm[1:] in lexicon.TITLE_HEADS
            or norm[1:] in lexicon.ORGANIZATION_HEADS):
        return False  # "أنيس غديرة للوقوف على …", "علي سعيد لمراسل …" (not "سيرغي لافروف")
    if not first and len(norm) >= 5 and norm.endswith(("ها", "هم", "هما")) and norm not in lexicon.GIVEN_NAMES:
        return False  # "مارين لوبان رفضها": a noun with its owner
    if not first and len(norm) >= 5 and norm.endswith("يا") and norm not in lexicon.GIVEN_NAMES:
        return False  # "رسميا", "حاليا", "نهائيا": an adverb after the name
    if token.raw.endswith(("اً", "ًا")):
        return False  # "عضواً", "مجدداً": an accusative with tanween, never a name's word
    if not first and norm[:1] in "بل" and (norm[1:] in lexicon.GROUP_HEADS or norm[1:] in lexicon.TITLE_HEADS
                                          or norm[1:] in lexicon.ORGANIZATION_HEADS):
        return False  # "محمد الناصر بوفد من البرلمان", "… بوزير الصحة": whom they met, not the name
    bare = token.bare
    if len(bare) >= 5 and bare.endswith(_POSSESSED_ENDINGS):
        return False  # "كلمته", "مداخلتها": a noun with its owner (ه, not the ة of "شحاتة")
    if not first and bare.startswith("ال") and strip_article(norm) in lexicon.CONTENT_OPENERS:
        return False  # "انتقدت القاضية كلثوم كنو التصريحات": the object, not the name's last word
    return (norm not in lexicon.NAME_STOPS and norm not in lexicon.VERB_FORMS and norm not in lexicon.CONTENT_OPENERS
            and norm not in lexicon.PARTICIPLES and norm not in lexicon.MEETING_VERBS
            and norm not in lexicon.MEETING_NOUNS and norm not in lexicon.CALL_NOUNS
            and (first or norm not in lexicon.ADJUNCT_OPENERS)  # "عبد المالك سلال اثر لقاء …"
            and not (first and norm in lexicon.NATIONALITIES) and not _is_title_head(token)
            and not norm.isdigit() and len(norm) >= 2)


class MentionFinder:
    """Finds the mentions of one text against a Directory."""

    def __init__(self, text: Text, directory: Directory, budget=None):
        self.text = text
        self.directory = directory
        self.tick = budget.tick if budget is not None else (lambda: None)
        self.mentions: list[Mention] = []
        self._counts: Counter | None = None
        self._new_names: dict[str, Candidate] = {}   # last word of a new name -> the first one so named

    def keys(self):
        keys, raw_keys = set(), set()
        for run in _runs(self.text):
            for i in range(len(run)):
                self.tick()
                tail = [t.norm for t in run[i + 1:i + MAX_NAME_WORDS]]
                bare_tail = [t.bare for t in run[i + 1:i + MAX_NAME_WORDS]]
                for form, letters in _variants(run[i]):
                    key = form
                    raw = run[i].bare[letters:] if letters else run[i].bare
                    keys.add(key)
                    raw_keys.add(raw)
                    for word, bare in zip(tail, bare_tail):  # each key one word longer than the last
                        key = f"{key} {word}"
                        raw = f"{raw} {bare}"
                        keys.add(key)
                        raw_keys.add(raw)
        return keys, raw_keys

    def find(self) -> list[Mention]:
        for run in _runs(self.text):
            self._scan(run)
        self.mentions.sort(key=lambda m: m.first)
        self._appositions()
        self.mentions.sort(key=lambda m: m.first)
        self._title_gaps()
        self._surnames()
        self.mentions.sort(key=lambda m: m.first)
        self._corefer_titles()
        self._corefer_posts()
        self._weigh_short_aliases()
        return self.mentions

    def _alias_at(self, run: list[Token], i: int):
        """The longest alias starting at run[i]: (mention, words used) or None."""
        longest = self.directory.longest
        variants = [(form, letters) for form, letters in _variants(run[i]) if form in longest]
        if not variants:
            return None
        for n in range(min(MAX_NAME_WORDS, len(run) - i), 0, -1):
            tail = None
            for form, letters in variants:
                if n > longest[form]:
                    continue
                if tail is None:
                    tail = [t.norm for t in run[i + 1:i + n]]
                key = " ".join([form, *tail])
                candidates = self.directory.alias_candidates(key)
                if candidates:
                    short = all(c.via == "short-alias" for c in candidates)
                    if short and n == 1 and self._another_name_follows(run, i + 1):
                        return None  # "خميس الجهيناوي" is not the stored "خميس"
                    start = _clitic_offset(run[i], letters)
                    end = run[i + n - 1].end
                    mention = Mention(run[i].index, run[i + n - 1].index + 1, start, end,
                                      self.text.body[start:end], "alias", candidates,
                                      short=all(c.via == "short-alias" for c in candidates))
                    return mention, n
        return None

    def _person_at(self, run: list[Token], i: int):
        """An alias of a person at run[i]; an organization continues a title ("رئيس مجلس الشورى")."""
        found = self._alias_at(run, i)
        if found and self.directory.is_person(found[0].best.participant_id):
            return found
        return None

    def _scan(self, run: list[Token]):
        i = 0
        while i < len(run):
            self.tick()
            found = self._alias_at(run, i)
            if found:
                mention, n = found
                self._add(mention)
                i += n
                continue
            if _is_title_head(run[i]):
                i = self._title(run, i)
                continue
            if _is_organization_head(run[i]):
                i = self._organization(run, i)
                continue
            if run[i].norm in lexicon.PERSONAL_SOURCES and not run[i].bare.startswith("ال"):
                i = self._source(run, i)
                continue
            i += 1

    def _source(self, run: list[Token], i: int) -> int:
        """"مسؤول إسرائيلي", "مصادر مطلعة", "شاهد عيان آخر": an unnamed source a later
        "المسؤول" refers back to (it speaks by data/extraction-dev/GUIDE.md, through the source rule)."""
        j = i + 1
        while j < len(run) and j - i < 3 and run[j].bare.startswith("ال") is False \
                and _name_like(run[j], False) and not _is_title_head(run[j]) and run[j].norm not in lexicon.NAME_STOPS \
                and run[j].norm not in lexicon.SAYING_NOUNS:  # "عن مصدر أمني قوله إن"
            j += 1
        start, end = run[i].start, run[j - 1].end
        name = " ".join(self.text.body[start:end].split())
        self._add(Mention(run[i].index, run[j - 1].index + 1, start, end, self.text.body[start:end], "source",
                          [Candidate(None, name, 0.3, "source")]))
        return j

    @staticmethod
    def _inner_title_word(run: list[Token], j: int, q: int) -> bool:
        """"الباجي قائد السبسي": a title word (قائد، أمير) as the middle of a three-word name."""
        return (q == j + 1 and q + 1 < len(run) and _is_title_head(run[q]) and not run[q].bare.startswith("ال")
                and run[q + 1].bare.startswith("ال") and _name_like(run[q + 1], False)
                and (q + 2 == len(run) or _ends_name(run[q + 2])))

    def _another_name_follows(self, run: list[Token], j: int) -> bool:
        """A word after a one-word alias that makes it another person's full name."""
        if j >= len(run):
            return False
        token = run[j]
        return (token.bare.startswith("ال") and _name_like(token, False) and not _title_word(token)
                and token.norm not in lexicon.ORGANIZATION_WORDS and not _is_organization_head(token)
                and token.norm not in lexicon.DAY_NAMES)

    def _organization(self, run: list[Token], i: int) -> int:
        """"الاتحاد العام التونسي للشغل", "هيئة الإسعاف", "وزارة الشؤون الخارجية": a body that speaks."""
        j = i + 1
        definite = _definite_head(run[i].norm)
        while j < len(run) and j - i < MAX_ORGANIZATION_WORDS and _continues_organization(run[j], j - i) \
                and not self._alias_at(run, j) and not (definite and j == i + 1 and _object_after_body(run[j])) \
                and not (j > i + 1 and _plural_object(run[j])) \
                and not (definite and run[j].norm in lexicon.ORGANIZATION_HEADS and run[j].norm.startswith("ال")
                         and run[j].norm not in ("الخارجيه", "الداخليه")):
            j += 1  # "وحمل الاتحاد الحكومة": a definite body is no other body's complement
        head = run[i]
        letters = next((n for form, n in _variants(head) if form in lexicon.ORGANIZATION_HEADS), 0)
        start, end = _clitic_offset(head, letters), run[j - 1].end
        name = " ".join(self.text.body[start:end].split())
        if head.norm.startswith("لل") and letters == 1 and name[:1] == "ل":
            name = "ا" + name  # "للاتحاد العام …" names "الاتحاد العام …"
        self._add(Mention(head.index, run[j - 1].index + 1, start, end, self.text.body[start:end],
                          "organization", [Candidate(None, name, 0.5, "organization")]))
        return j

    def _title(self, run: list[Token], i: int) -> int:
        j = i + 1
        # "أشاد الوزير الجزائري بالمستوى …": after a verb that takes بـ, a word with بـ is its content.
        clitic_b = i > 0 and "ب" in _cue_clitics(run[i - 1])
        while j < len(run) and j - i < 8 and not self._person_at(run, j) and _continues_title(run[j]) \
                and not (clitic_b and run[j].norm[:1] == "ب" and run[j].norm not in lexicon.TITLE_WORDS) \
                and not (run[j].bare.startswith("ال") and _given_name(run[j])
                         and run[j].norm not in lexicon.AMBIGUOUS_GIVEN_NAMES):
            j += 1  # … up to a name that starts with ال ("رئيس الجمهورية الباجي قائد السبسي")
        if j < len(run) and _is_organization_head(run[j - 1]) and (
                run[j - 1].norm not in lexicon.ORGANIZATION_HEADS or not run[j - 1].bare.startswith("ال")) \
                and len(run) - j <= 3 and not _given_name(run[j]) \
                and self.text.body[run[-1].end:run[-1].end + 2].lstrip()[:1] in lexicon.COMMAS:
            j = len(run)  # "القيادية بحزب آفاق تونس، ريم محجوب", "أمين عام حركة مشروع تونس، محسن مرزوق"
        elif j < len(run) and _is_organization_head(run[j - 1]) and not run[j - 1].bare.startswith("ال") \
                and not _given_name(run[j]):
            # "الأمين العام لحركة مشروع تونس محسن مرزوق": the body's name, then the holder's given name.
            given = next((q for q in range(j + 1, min(len(run), j + 4)) if _given_name(run[q])
                          and not run[q - 1].norm in _NAME_LINKS), None)
            if given is not None:
                j = given
        words = [t.norm for t in run[i:j]]
        head = run[i]
        letters = next((n for form, n in _variants(head) if form in lexicon.TITLE_HEADS), 0)
        start = _clitic_offset(head, letters)
        words[0] = head.norm[letters:] if letters else head.norm
        named = self._person_at(run, j) if j < len(run) else None
        if named:
            mention, n = named
            best = mention.best
            if best and self.directory.held_title(best.participant_id, words):
                # One person: "الرئيس السوري بشار الأسد" even when only part
                # of it is a stored alias.
                mention.first, mention.start = head.index, start
                mention.text = self.text.body[start:mention.end]
                mention.short = False
                for candidate in mention.candidates:
                    candidate.score = max(candidate.score, 0.95)
                self._add(mention)
                return j + n
            if j == i + 1:
                # "مستشار المرشد الإيراني", "لمستشار خامنئي": a bare title
                # and a name that completes it; the name does not hold it.
                mention.complement = True
                self._add(Mention(head.index, head.index + 1, start, head.end, self.text.body[start:head.end],
                                  "title", []))
                self._add(mention)
                return j + n
        candidates = self.directory.title_candidates(words)
        end = run[j - 1].end
        known = self._new_name_at(run, j) if not named else None
        if known and not candidates:
            # "السفير أماني" after "السفير الإيراني مجتبى أماني".
            self._add(Mention(head.index, run[j].index + 1, start, run[j].end, self.text.body[start:run[j].end],
                              "name", [Candidate(None, known.name, 0.5, "name", known.role)]))
            return j + 1
        if not candidates and not named and j + 1 < len(run) and run[j].norm[:1] in "بل" \
                and not _given_name(run[j]) and _given_name(run[j + 1]) and not clitic_b:
            j += 1  # "المدير الجهوي للتربية بسوسة محمد البكوش": the post's place, then the holder's name
            end = run[j - 1].end
        if not candidates and not named:
            name_stop = j
            longest = 4 if j < len(run) and run[j].norm in lexicon.GIVEN_NAME_HEADS else 3  # "عبد العزيز القطي"
            while name_stop < len(run) and name_stop - j < longest + _links(run[j:name_stop]) and (
                    _name_like(run[name_stop], name_stop == j) or self._inner_title_word(run, j, name_stop)) \
                    and not (run[name_stop].norm not in _NAME_LINKS and not run[name_stop].bare.startswith("ال")
                             and _name_closed(run[j:name_stop], run[j].norm in lexicon.GIVEN_NAME_HEADS)):
                name_stop += 1
            if name_stop == j + 1 and _given_name(run[j]) and name_stop < len(run) and _surname_post(run, name_stop):
                name_stop += 1  # "شوقي الطبيب إن": a surname that is also a post, right before the content
            closed = name_stop < len(run) and (_name_closed(run[j:name_stop], run[j].norm in lexicon.GIVEN_NAME_HEADS)
                                               or _links(run[j:name_stop]) < 0)
            if name_stop < len(run) and not _ends_name(run[name_stop]) and not closed:
                name_stop = j  # "وزير … بالمسرحية لتلافي نية استقالة": a phrase, not a name
            if name_stop > j and (run[j].bare.startswith(("ال", "لل", "بال")) or (clitic_b and run[j].norm[:1] == "ب")) \
                    and not _given_name(run[j]):
                name_stop = j  # "… وجامعة الدول العربية": the title's last word, not a name
            if name_stop > j and name_stop == len(run) and run[j].norm[:1] in "بل" and not _given_name(run[j]) \
                    and run[j].norm[1:] not in lexicon.GIVEN_NAMES:
                name_stop = j  # "كاتب عام النقابة … بداور هيشر، حسان العرفاوي": a place, then the holder's name
            if name_stop > j and run[j].norm[:1] in "بل" and not _given_name(run[j]) and not title_country(words) \
                    and run[j].norm[1:] not in lexicon.GIVEN_NAMES:
                name_stop = j  # "وطالبوا … رئيس الحكومة بإكمال تركيبة المجلس": what was asked, not a name
            if name_stop > j and run[j].norm[:1] == "و" and not _given_name(run[j]) \
                    and run[j].norm not in lexicon.GIVEN_NAMES:
                name_stop = j  # "رئيس المكسيك واتفق معه": the next clause, not a name
            if name_stop > j and run[j].norm in lexicon.CONTENT_OPENERS:
                name_stop = j  # "وأبرز وزير الخارجية أهمية الاتفاقيات": the content, not a name
            # "اكد القيادي بحزب النهضة عجمي الوريمي ان …": a complementizer or a comma right
            # after two name-like words closes a name, given name or not.
            strong_edge = (name_stop < len(run) and run[name_stop].norm in lexicon.COMPLEMENTIZERS) or (
                name_stop == len(run) and self.text.body[run[-1].end:run[-1].end + 2].lstrip()[:1]
                in lexicon.COMMAS + lexicon.QUOTE_MARKS + ":")  # "… إياد الدهماني "إن …""
            specific = name_stop - j >= 2 and (_given_name(run[j]) or self._repeated(run[name_stop - 1])
                                               or strong_edge)
            if name_stop > j and (title_country(words) or specific):
                # A name nobody stored: propose it as a new participant. A
                # title without a nationality ("وتابع الرئيس أعمال القمة")
                # is followed by a name only if the text names them again.
                name_start, name_end = run[j].start, run[name_stop - 1].end
                name = self.text.body[name_start:name_end]
                self._add(Mention(head.index, run[name_stop - 1].index + 1, start, name_end,
                                  self.text.body[start:name_end], "name",
                                  [Candidate(None, " ".join(name.split()), 0.5, "name",
                                             " ".join(self.text.body[start:end].split()))]))
                return name_stop
        self._add(Mention(head.index, run[j - 1].index + 1, start, end, self.text.body[start:end],
                          "title", candidates))
        return j

    def _add(self, mention: Mention):
        self.mentions.append(mention)
        if mention.kind == "name" and mention.best:
            self._new_names.setdefault(normalize(mention.best.name.split()[-1]), mention.best)

    def _repeated(self, token: Token) -> bool:
        if self._counts is None:
            self._counts = Counter(t.norm for t in self.text.tokens if t.word)
        return self._counts[token.norm] > 1

    def _new_name_at(self, run: list[Token], j: int) -> Candidate | None:
        """A new name found earlier whose last word (or whole) is run[j]."""
        if j >= len(run):
            return None
        return self._new_names.get(run[j].norm)

    def _corefer_titles(self):
        """"الوزير التركي" after "نظيره التركي هاكان فيدان": the one new name of that country."""
        introduced = []
        for mention in self.mentions:
            if mention.kind == "name" and mention.best and mention.best.role:
                country = title_country([normalize(w) for w in mention.best.role.split()])
                if country:
                    introduced.append((mention.first, country, mention.best))
        # One pass: the names of each country introduced so far, in order.
        introduced.sort(key=lambda entry: entry[0])
        by_country: dict[str, dict[str, Candidate]] = defaultdict(dict)
        position = 0
        for mention in self.mentions:
            while position < len(introduced) and introduced[position][0] < mention.first:
                _, code, candidate = introduced[position]
                by_country[code].setdefault(candidate.name, candidate)
                position += 1
            if mention.kind != "title" or mention.candidates:
                continue
            country = title_country([normalize(w) for w in mention.text.split()])
            names = by_country.get(country, {}) if country else {}
            if len(names) == 1:
                (name, candidate), = names.items()
                mention.candidates = [Candidate(None, name, 0.45, "name", candidate.role)]

    def _appositions(self):
        """A name nobody stored, beside a title: "وزير الخارجية، خميس الجهيناوي،",
        "عجمي الوريمي، القيادي بحركة النهضة" or "لسعد اليعقوبي كاتب عام نقابة …"."""
        covered = {index for m in self.mentions for index in range(m.first, m.stop)}
        tokens = self.text.tokens
        added = []
        for mention in self.mentions:
            if mention.kind != "title" or mention.candidates:
                continue
            role = " ".join(mention.text.split())
            # After: title, comma, name, then punctuation or a stop word.
            q = _skip_spaces(tokens, mention.stop)
            if q < len(tokens) and tokens[q].word and tokens[q].norm[:1] == "ب" and tokens[q].index not in covered:
                q = _skip_spaces(tokens, q + 1)  # "المكلف بالملف التنموي بتطاوين، عماد الحمامي"
                if q + 1 < len(tokens) and tokens[q].word and tokens[q].index not in covered \
                        and tokens[_skip_spaces(tokens, q + 1)].raw in lexicon.COMMAS:
                    q = _skip_spaces(tokens, q + 1)  # "… بداور هيشر، حسان العرفاوي": a place of two words
            tail = 0
            while q < len(tokens) and tail < 3 and tokens[q].word and tokens[q].index not in covered \
                    and (tokens[q].norm in lexicon.ORGANIZATION_WORDS or tokens[q].norm in lexicon.NATIONALITIES):
                # "… وجامعة الدّول العربية، عبد القادر مساهل": the last words of a title longer
                # than the title scan takes, before the comma and the name.
                q, tail = _skip_spaces(tokens, q + 1), tail + 1
            if q < len(tokens) and tokens[q].raw in lexicon.COMMAS:
                words = _name_words(tokens, _skip_spaces(tokens, q + 1), covered, forward=True)
                if words:
                    added.append(self._name_mention(words, role))
                    mention.candidates = [added[-1].best]
                    continue
            # Before: name (and a comma) then the title, after a verb or a clause start.
            q = _skip_spaces(tokens, mention.first - 1, step=-1)
            if q >= 0 and tokens[q].raw in lexicon.COMMAS:
                q = _skip_spaces(tokens, q - 1, step=-1)
            words = _name_words(tokens, q, covered, forward=False)
            if words and (_given_name(words[0]) or _after_saying(tokens, words[0].index)
                          and not words[0].norm.startswith(("بال", "لل", "وال")) and len(words) <= 3):
                # "قالت آمنة العوادي المقررة الثانية …", "وقال تركي بن سعود رئيس …": a verb of saying,
                # a name and its post.
                added.append(self._name_mention(words, role))
                mention.candidates = [added[-1].best]
        for mention in added:
            covered.update(range(mention.first, mention.stop))
            self._add(mention)
        self._names_after_verbs(covered)
        self._names_before_verbs(covered)
        self._given_names(covered)

    def _title_gaps(self):
        """"النائبة بمجلس نواب الشعب ورئيسة لجنة التحقيق في تسفير الشباب … المقالة ليلى الشتاوي": a
        long title and its holder's name in one run of words (no punctuation, verb or complementizer
        between, a few words apart): the name holds the title, so later "رئيسة اللجنة" refers to it."""
        tokens = self.text.tokens
        for before, mention in zip(self.mentions, self.mentions[1:]):
            if mention.kind != "name" or not mention.best or mention.best.role or before.kind != "title" \
                    or before.candidates or before.complement:
                continue
            between = tokens[before.stop:mention.first]
            words = [t for t in between if t.word]
            if len(words) > 8 or any(not t.word and not (t.raw.isspace() and t.raw != "\n") for t in between) \
                    or any(_verb_like(t) or t.norm in lexicon.COMPLEMENTIZERS for t in words):
                continue
            mention.best.role = " ".join(before.text.split())
            before.candidates = [Candidate(None, mention.best.name, 0.45, "name", mention.best.role)]

    def _given_names(self, covered: set[int]):
        """A common given name and one or two more name-like words, ending where names end:
        "… المقالة ليلى الشتاوي، إن": a person nobody introduced by title or verb."""
        tokens = self.text.tokens
        for token in tokens:
            if not token.word or token.index in covered or not _given_name(token) or not _name_like(token) \
                    or token.norm in lexicon.GIVEN_NAME_HEADS and not (token.norm == _ABD and _compound_next(tokens, token)):
                continue  # (but "عبد اللطيف المكي": عبد and a definite word start a name)
            ambiguous = token.norm in lexicon.AMBIGUOUS_GIVEN_NAMES
            q = _skip_spaces(tokens, token.index + 1)
            words = [token]
            longest = 4 if token.norm in lexicon.GIVEN_NAME_HEADS else 3
            while q < len(tokens) and len(words) < longest + _links(words) and tokens[q].word \
                    and tokens[q].index not in covered \
                    and _name_like(tokens[q], False) and not _title_word(tokens[q]) \
                    and not _is_organization_head(tokens[q]) and tokens[q].norm not in lexicon.ORGANIZATION_WORDS \
                    and not (tokens[q].norm not in _NAME_LINKS and not tokens[q].bare.startswith("ال")
                             and _name_closed(words, False)):
                words.append(tokens[q])
                q = _skip_spaces(tokens, q + 1)
            if len(words) < 2:
                continue
            # A surname the text repeats is evidence enough ("الأب سالم العنزي اسم …" then "وقال
            # العنزي"), and ends the name: the indefinite words after it are the sentence's.
            repeated = [n for n in range(1, len(words))
                        if words[n].bare.startswith("ال") and self._repeated(words[n])]
            if repeated and all(not w.bare.startswith("ال") and w.norm != "بن" for w in words[repeated[-1] + 1:]):
                del words[repeated[-1] + 1:]
                q = _skip_spaces(tokens, words[-1].index + 1)
            surname = words[-1].bare.startswith("ال") and self._repeated(words[-1])
            edge = tokens[q] if q < len(tokens) else None
            if edge is not None and edge.word and not _ends_name(edge) and not surname:
                continue
            if ambiguous and not surname:
                continue  # "كامل أراضيها"; but "الأب سالم العنزي … وقال العنزي" names a person
            mention = self._name_mention(words, None)
            covered.update(range(mention.first, mention.stop))
            self._add(mention)

    def _names_after_verbs(self, covered: set[int]):
        """"رجح فيصل خليفة من نداء تونس أن", "طالب الجيلاني الهمامي من الجبهة الشعبية بـ":
        two or three name-like words after a verb of saying, then من/عن/a comma/a complementizer."""
        tokens = self.text.tokens
        for token in tokens:
            if not token.word or token.index in covered:
                continue
            norm = token.norm[1:] if token.norm[:1] in "وف" and token.norm[1:] in lexicon.VERB_FORMS else token.norm
            if norm not in lexicon.VERB_FORMS:
                continue
            q = _skip_spaces(tokens, token.index + 1)
            words = []
            while q < len(tokens) and len(words) < 3 and tokens[q].word and tokens[q].index not in covered \
                    and _name_like(tokens[q], not words) and not _title_word(tokens[q]) \
                    and not _is_organization_head(tokens[q]) and tokens[q].norm not in lexicon.ORGANIZATION_WORDS:
                words.append(tokens[q])
                q = _skip_spaces(tokens, q + 1)
            if len(words) < 2:
                continue
            edge = tokens[q] if q < len(tokens) else None
            if edge is None or not (edge.raw in lexicon.COMMAS or edge.norm in lexicon.COMPLEMENTIZERS
                                    or (edge.word and edge.bare in ("من", "عن"))):
                continue
            if not _given_name(words[0]) and not (edge.norm in lexicon.BARE_COMPLEMENTIZERS and not any(
                    w.bare.startswith("ال") or w.norm in lexicon.NATIONALITIES for w in words)):
                continue  # "وقال جان كلود يونكر إن": no given name on file, but nothing else stands there
            mention = self._name_mention(words, None)
            covered.update(range(mention.first, mention.stop))
            self._add(mention)

    def _names_before_verbs(self, covered: set[int]):
        """"وذكر الجهيناوي أن نوران حواس عبرت له": after a complementizer, two or three
        indefinite name-like words and then a verb of saying are a person's name."""
        tokens = self.text.tokens
        for token in tokens:
            if not token.word or token.norm not in lexicon.BARE_COMPLEMENTIZERS:
                continue
            q = _skip_spaces(tokens, token.index + 1)
            words = []
            while q < len(tokens) and len(words) < 3 and tokens[q].word and tokens[q].index not in covered \
                    and not tokens[q].bare.startswith("ال") and _name_like(tokens[q], not words) \
                    and not _title_word(tokens[q]) and not _is_organization_head(tokens[q]) \
                    and tokens[q].norm not in lexicon.ORGANIZATION_WORDS and tokens[q].norm not in lexicon.PLACES \
                    and not any(form in lexicon.NATIONALITIES or form in lexicon.PLACES
                                for form, _ in _variants(tokens[q])):
                words.append(tokens[q])
                q = _skip_spaces(tokens, q + 1)
            edge = tokens[q] if q < len(tokens) else None
            if len(words) < 2 or edge is None or not edge.word:
                continue
            norm = edge.norm[1:] if edge.norm[:1] in "وف" and edge.norm[1:] in lexicon.VERB_FORMS else edge.norm
            if norm not in lexicon.VERB_FORMS or lexicon.VERB_FORMS[norm][1] != "past":
                continue
            mention = self._name_mention(words, None)
            covered.update(range(mention.first, mention.stop))
            self._add(mention)

    def _name_mention(self, words: list[Token], role: str) -> Mention:
        start, end = words[0].start, words[-1].end
        first = words[0].norm
        if first[:1] == "و" and first not in lexicon.GIVEN_NAMES and first[1:] in lexicon.GIVEN_NAMES | \
                lexicon.GIVEN_NAME_HEADS:
            start = _clitic_offset(words[0], 1)  # "ومراد بن مولى": the conjunction is not the name
        name = " ".join(self.text.body[start:end].split())
        return Mention(words[0].index, words[-1].index + 1, start, end, self.text.body[start:end], "name",
                       [Candidate(None, name, 0.5, "name", role)])

    def _corefer_posts(self):
        """"الوزير", "الوزيرة", "رئيس الهيئة" and "الهيئة" after the full name: the latest one with that head.

        A title agrees with its holder ("رئيسة اللجنة" is not "رئيس كتلة …"); a post written with its
        complement ("وزير النقل", "رئيسة اللجنة") names only a holder whose title has that complement;
        a title coordinated in the role counts ("النائبة … ورئيسة لجنة التحقيق")."""
        latest: dict[tuple, list[Candidate]] = defaultdict(list)   # (head stem, gender) -> full names, latest last
        latest_person: Candidate | None = None
        bodies: dict[str, dict[str, list]] = defaultdict(dict)   # head stem -> name -> [count, first, definite]
        surnamed: dict[str, Candidate] = {}   # "وأضاف الطبيب" after "شوقي الطبيب": a surname that is a post too
        for mention in self.mentions:
            best = mention.best
            if mention.kind == "name" and best:
                latest_person = best
                if len(best.name.split()) > 1:
                    surnamed[normalize(best.name.split()[-1])] = best
                if best.role:
                    for key in _role_keys(best.role):
                        holders = latest[key]
                        holders[:] = [c for c in holders if c.name != best.name][-7:] + [best]
                continue
            if mention.kind in ("organization", "source") and best and len(mention.text.split()) > 1:
                entry = bodies[_head_stem(mention.text)].setdefault(
                    best.name, [0, mention.first, _definite_head(mention.text), best])
                entry[0] += 1
                continue
            bare = mention.kind == "title" and not mention.candidates
            lone_body = mention.kind == "organization" and len(mention.text.split()) == 1
            if not (bare or lone_body):
                continue
            if lone_body:
                candidate = _likeliest_body(bodies.get(_head_stem(mention.text), {}), _definite_head(mention.text))
            else:
                candidate = surnamed.get(normalize(mention.text)) or _holder(
                    mention.text, latest.get((_head_stem(mention.text), _title_gender(mention.text)), ()))
            if candidate is None and bare and normalize(mention.text) in lexicon.ANAPHORIC_TITLES:
                candidate = latest_person
            if candidate is not None:
                via = "organization" if lone_body else "name"
                mention.candidates = [Candidate(None, candidate.name, 0.45, via, candidate.role)]

    def _surnames(self):
        """Later mentions of a new name, in full or by its last word ("لافروف")."""
        names = {}
        for mention in self.mentions:
            if mention.kind == "name":
                words = mention.best.name.split()
                names[normalize(" ".join(words))] = mention.best
                names.setdefault(normalize(words[-1]), mention.best)
                for word in words[1:-1]:
                    # "وقالت مرعي" after "سميرة مرعي فريعة": a middle name that is no particle or given name.
                    norm = normalize(word)
                    if len(norm) >= 3 and norm not in _NAME_LINKS and norm not in lexicon.GIVEN_NAMES \
                            and norm not in lexicon.GIVEN_NAME_HEADS and not norm.startswith("ال"):
                        names.setdefault(norm, mention.best)
        if not names:
            return
        # "وتعهد ديدييه رايندرز" after "نظيره البلجيكي، ديدييه رايندرز": the whole name again,
        # one mention, not its last word alone. By first word, bounded by the name's length.
        full: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for key in names:
            words = tuple(key.split())
            if 1 < len(words) <= 5 and len(full[words[0]]) < 16:
                full[words[0]].append(words)  # bounded: a hostile text may hold thousands of "محمد …"
        covered = set()
        for mention in self.mentions:
            covered.update(range(mention.first, mention.stop))
        for run in _runs(self.text):
            for i, token in enumerate(run):
                if token.index in covered:
                    continue
                repeat = self._full_name_at(run, i, full, covered)
                if repeat is not None:
                    words, letters = repeat
                    known = names[" ".join(words)]
                    start, last = _clitic_offset(token, letters), run[i + len(words) - 1]
                    self._add(Mention(token.index, last.index + 1, start, last.end, self.text.body[start:last.end],
                                      "name", [Candidate(None, known.name, 0.5, "name", known.role)]))
                    covered.update(t.index for t in run[i:i + len(words)])
                    continue
                for form, letters in _variants(token):
                    if form in names:
                        known = names[form]
                        start = _clitic_offset(token, letters)
                        self._add(Mention(token.index, token.index + 1, start, token.end,
                                          self.text.body[start:token.end], "name",
                                          [Candidate(None, known.name, 0.5, "name", known.role)]))
                        covered.add(token.index)
                        break

    @staticmethod
    def _full_name_at(run: list[Token], i: int, full, covered) -> tuple[tuple[str, ...], int] | None:
        """The longest known new name (two words or more) starting at run[i], and the clitic letters."""
        best = None
        for form, letters in _variants(run[i]):
            for words in full.get(form, ()):
                n = len(words)
                if (best is None or n > len(best[0])) and i + n <= len(run) \
                        and all(run[i + m].norm == words[m] and run[i + m].index not in covered for m in range(1, n)):
                    best = (words, letters)
        return best

    def _weigh_short_aliases(self):
        """A short alias ("الأسد", "خميس") is trusted when the article also names the person in full."""
        named_in_full = {c.participant_id for m in self.mentions if not m.short for c in m.candidates[:1]}
        for mention in self.mentions:
            if mention.short:
                for candidate in mention.candidates:
                    candidate.score = 0.9 if candidate.participant_id in named_in_full else 0.7


def find_mentions(text: Text, period, budget=None) -> tuple[list[Mention], Directory]:
    directory = Directory(period)
    finder = MentionFinder(text, directory, budget)
    directory.load(*finder.keys())
    return finder.find(), directory
