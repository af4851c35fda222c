"""The attribution rules: who said it, with which words, where the content starts.

Each rule recognises one way Arabic news attributes speech and returns an
`Attribution`; spans.py then cuts the statement text by docs/data-model.md's span
rule. The rules, in the order they are tried on each token of a sentence:

- `verb_rule`: a verb of saying (lexicon.CUES) with its speaker after it
  ("وأكد خميس على ...", "من جانبه قال الوزير المعلم: إن «...»"), before it
  ("نائب الرئيس الإيراني عبر عن ...", dual headlines "رئيسي والأسد يؤكدان
  ..."), or left out ("وقال إن ...": carried over from the paragraph).
- `participle_rule`: a participle continuing the current speaker
  ("مشيراً إلى أن", "مؤكداً", "معتبراً", "مضيفاً:").
- `saying_noun_rule`: agency framing "نقلت وكالات أنباء عن X قوله إن".
- `by_saying_rule`: "وتوجه إلى الأسد بالقول: ...".
- `headline_colon_rule`: "خميس: نواجه معاً ...".

An Attribution's `rule` names the case that produced it, so an editor can
see why: verb-then-speaker, speaker-then-verb, left-out-subject,
verb-then-unknown-name, participle, agency-quotes-speaker,
agency-reports-speaker, by-saying, name-colon (and source-reports, which
frames but yields no statement).

A verb whose subject is a source (agency, paper, TV, statement, unnamed
source) is not a statement; it frames the statements inside its content
("وأفادت وكالة ... (سانا) بأن الأسد أكّد ... أنّ") and credits them
(`attributed_via`), as "حسب وكالة …" and "وفقاً لبيان …" do.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..arabic import normalize
from . import lexicon
from .mentions import Candidate, Mention, strip_article, title_is_feminine
from .text import Sentence, Text, Token

CARRY_OVER = 0.85        # a left-out subject is the last speaker of the paragraph, usually
PREVIOUS_PARAGRAPH = 0.65  # ... or of the paragraph before: an editor confirms those
FORWARD_SEARCH = 15      # tokens a verb may stand from its introducer (adjuncts we do not know)
STRONG_SEARCH = 40       # ... when the introducer is a complementizer or a colon
ADJUNCT_WORDS = 20       # an adjunct between speaker and content ("في حديث مع وكالة … حول …، أن")


@dataclass
class Attribution:
    rule: str
    first: int                       # item index where the attribution text starts
    last: int                        # item index of its last item (inclusive)
    cue: Token | None
    cue_text: str | None
    speakers: list[Candidate]        # one statement per speaker (dual subjects give two)
    content: int | None = None       # item index where the content starts
    content_offset: int | None = None  # character offset, when a clitic is cut ("بعمق")
    after_colon: bool = False
    is_source: bool = False          # an agency or a TV reports: frames, is not a statement
    source_text: str | None = None
    addressee: Candidate | None = None
    speaker_mentions: list[Mention] = field(default_factory=list)
    content_stop: int | None = None  # item after the content, when it stands before the attribution


class SentenceView:
    """The non-space tokens of one sentence, addressed by position."""

    def __init__(self, text: Text, sentence: Sentence, mentions: dict[int, Mention]):
        self.text = text
        self.sentence = sentence
        self.items: list[Token] = [text.tokens[i] for i in sentence.tokens if not text.tokens[i].raw.isspace()]
        self.position = {token.index: k for k, token in enumerate(self.items)}
        self.mentions = mentions
        self._ending: dict[int, Mention] | None = None

    def __len__(self):
        return len(self.items)

    def norm(self, k):
        return self.items[k].norm if 0 <= k < len(self.items) else None

    def is_word(self, k):
        return 0 <= k < len(self.items) and self.items[k].word

    def is_comma(self, k):
        return 0 <= k < len(self.items) and self.items[k].raw in lexicon.COMMAS

    def in_quote(self, k):
        return self.items[k].quote is not None

    def mention_at(self, k) -> Mention | None:
        return self.mentions.get(self.items[k].index) if 0 <= k < len(self.items) else None

    def after(self, mention: Mention) -> int:
        """Item position right after a mention."""
        k = self.position.get(mention.stop - 1)
        return k + 1 if k is not None else len(self.items)

    def mention_ending_at(self, k) -> Mention | None:
        if not 0 <= k < len(self.items):
            return None
        if self._ending is None:
            # The mentions of this sentence only, indexed by their last token.
            first, stop = self.sentence.first, self.sentence.stop
            self._ending = {m.stop - 1: m for index in self.sentence.tokens
                            if (m := self.mentions.get(index)) is not None and first <= m.stop - 1 < stop}
        return self._ending.get(self.items[k].index)

    def phrase_at(self, k, phrases) -> int:
        """Length of the longest phrase (tuple of normalized words) starting at k, or 0."""
        best = 0
        for phrase in _by_first_word(phrases).get(self.norm(k), ()):
            if len(phrase) > best and all(self.norm(k + i) == word for i, word in enumerate(phrase)):
                best = len(phrase)
        return best

    def phrase_ending_at(self, k, phrases) -> int:
        best = 0
        for phrase in _by_last_word(phrases).get(self.norm(k), ()):
            n = len(phrase)
            if n > best and k - n + 1 >= 0 and all(self.norm(k - n + 1 + i) == word for i, word in enumerate(phrase)):
                best = n
        return best


@functools.lru_cache(maxsize=None)
def _by_first_word(phrases):
    index = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return index


@functools.lru_cache(maxsize=None)
def _by_last_word(phrases):
    index = {}
    for phrase in phrases:
        index.setdefault(phrase[-1], []).append(phrase)
    return index


# --------------------------------------------------------------------------
# Word classes
# --------------------------------------------------------------------------

def verb_of(token: Token):
    """(lemma, tense, has conjunction) when the token is a verb of saying."""
    norm = token.norm
    if norm in lexicon.VERB_FORMS:
        return (*lexicon.VERB_FORMS[norm], False)
    if norm[:1] in "وف" and norm[1:] in lexicon.VERB_FORMS:
        return (*lexicon.VERB_FORMS[norm[1:]], True)
    return None


def participle_of(token: Token):
    norm = token.norm
    if norm in lexicon.PARTICIPLES:
        return lexicon.PARTICIPLES[norm]
    if norm[:1] == "و" and norm[1:] in lexicon.PARTICIPLES:
        return lexicon.PARTICIPLES[norm[1:]]
    return None


def is_plural_verb(token: Token) -> bool:
    """يؤكدان, أكدا, أكدوا: a verb agreeing with two or more subjects."""
    lemma, tense, conjunction = verb_of(token)
    norm = token.norm[1:] if conjunction else token.norm
    if tense == "present":
        return norm.endswith(("ان", "ون"))
    # Past dual أكدا / plural أكدوا; دعا ends in ا in the singular too.
    return norm.endswith("وا") or (norm.endswith("ا") and not normalize(lemma).endswith("ا"))


def preposition(token: Token) -> str | None:
    return lexicon.PREPOSITIONS.get(token.bare) if token.word else None


def cue_text(token: Token, has_conjunction: bool) -> str:
    """The cue as written, without the conjunction glued to it ("وأكّد" -> "أكّد")."""
    return token.raw[1:] if has_conjunction else token.raw


class RuleSet:
    """Applies the rules to the sentences of one article, in reading order."""

    def __init__(self, text: Text, mentions: list[Mention], media_names: set[str], budget=None):
        self.text = text
        self.tick = budget.tick if budget is not None else (lambda: None)
        self.mentions = {m.first: m for m in mentions}
        self.media_names = media_names
        # New names by their last word: "وقال العنزي" is "سالم العنزي" named before or after.
        self.surnames = {normalize(m.best.name.split()[-1]): m.best for m in mentions
                         if m.kind == "name" and m.best and len(m.best.name.split()) > 1}
        self.last_speaker: Candidate | None = None       # per paragraph
        self.last_actor: Candidate | None = None          # subject of a meeting verb, per paragraph
        self.previous_speaker: Candidate | None = None    # the last one of the paragraph before
        self.paragraph = None
        self._repeated: set[str] | None = None
        self._credit_index: dict = {}
        self.last_body: Candidate | None = None           # the last body that spoke: whose "البلاغ" it is

    # -- entry -----------------------------------------------------------------

    def sentence_attributions(self, sentence: Sentence) -> tuple[SentenceView, list[Attribution], list[tuple]]:
        if sentence.paragraph != self.paragraph:
            self.paragraph = sentence.paragraph
            self.previous_speaker = self.last_speaker or self.last_actor
            self.last_speaker = self.last_actor = None
        view = SentenceView(self.text, sentence, self.mentions)
        credits = self.credits(view)
        actor = opening_subject(view)
        if actor is not None:
            self.last_speaker = actor  # "واستعرض الوزير …. وأكد أن": the subject a left-out one continues
        found: list[Attribution] = []
        headline = headline_colon_rule(view)
        if headline:
            found.append(headline)
        # Rules run left to right and each resumes after the attribution it
        # found, so only the headline can cover a later token.
        covered_until = headline.last if headline else -1
        k = 0
        while k < len(view):
            self.tick()
            token = view.items[k]
            if not token.word or view.in_quote(k) or k <= covered_until:
                k += 1
                continue
            attribution = None
            if verb_of(token):
                attribution = self.postposed_rule(view, k, found) or self.verb_rule(view, k, found, credits)
            elif participle_of(token):
                attribution = self.participle_rule(view, k, found, credits)
            elif token.norm in lexicon.SAYING_NOUNS:
                attribution = self.saying_noun_rule(view, k, found)
            elif token.norm in lexicon.BY_SAYING:
                attribution = self.by_saying_rule(view, k, found)
            elif token.norm in lexicon.MEETING_VERBS:
                self.note_actor(view, k)
            elif token.norm in _CAME_IN:
                attribution = self.document_rule(view, k, credits)
            if attribution:
                found.append(attribution)
                if not attribution.is_source and attribution.speakers:
                    self.last_speaker = attribution.speakers[-1]
                    if attribution.speakers[-1].via == "organization":
                        self.last_body = attribution.speakers[-1]
                k = max(k + 1, attribution.last + 1)
                continue
            k += 1
        found.sort(key=lambda a: a.first)
        if credits:
            credited = credited_person(view, credits)
            if credited is not None:
                self.last_speaker = credited  # "…، حسب ما أفاد به … حسان العرفاوي. وأضاف أن"
        return view, found, credits

    # -- state -----------------------------------------------------------------

    def note_actor(self, view: SentenceView, k: int):
        """The subject of "التقى X ..." is who a left-out subject refers to ("حيث اكد")."""
        mention = view.mention_at(k + 1) or view.mention_ending_at(k - 1)
        if mention and mention.best:
            self.last_actor = mention.best

    def carried_speaker(self, plural: bool = False) -> Candidate | None:
        """Who a left-out subject ("وقال إن", "وأضاف:") refers to.

        The last speaker (or the subject of "التقى") of the paragraph; failing
        that, of the paragraph before, with less confidence: outlets that
        write one sentence per line continue "وتابع:" on a new line.
        """
        chosen, factor = self.last_speaker or self.last_actor, CARRY_OVER
        if chosen is None:
            chosen, factor = self.previous_speaker, PREVIOUS_PARAGRAPH
        if chosen is None:
            return None
        if plural and not _group_like(chosen):
            return None  # "ورفضوا": several people, not the one person before (a body or sources may be plural)
        return Candidate(chosen.participant_id, chosen.name, min(chosen.score, 0.95) * factor / 0.95,
                         "carried", chosen.role)

    # -- credits ("حسب وكالة سانا") ------------------------------------------------

    def credits(self, view: SentenceView) -> list[tuple[int, int, str]]:
        """(first item, last item, source text) of every credit in the sentence."""
        found = []
        k = 0
        while k < len(view):
            n = view.phrase_at(k, lexicon.CREDIT_OPENERS)
            clitic = 0
            if not n and view.norm(k) in lexicon.CREDIT_CLITIC_OPENERS and (view.norm(k + 1) or "").startswith("ل"):
                n, clitic = 1, 1
            if not n or view.in_quote(k):
                k += 1
                continue
            first = k + n
            if view.norm(first) == "ما" and first + 1 < len(view) and verb_of(view.items[first + 1]):
                first += 2  # "حسب ما أفادت وكالة سانا"
            elif view.norm(first - 1).endswith("ما") and first < len(view) and verb_of(view.items[first]):
                first += 1  # "حسبما أعلن محققون"
            elif view.norm(first) == "ما" and view.norm(first + 1) in _CAME:
                first += 2  # "وفق ما ورد على لسان الأمين العام …"
                if view.norm(first) == normalize("على") and view.norm(first + 1) == normalize("لسان"):
                    first += 2
            last = first
            while last + 1 < len(view) and last + 1 - first < 12:
                nxt = view.items[last + 1]
                if nxt.raw in lexicon.COMMAS and view.mention_at(last + 2) is not None \
                        and view.mention_at(last + 2).kind == "name" and last + 2 - first < 12:
                    last += 1  # "حسب ما أفاد به كاتب عام النقابة …، حسان العرفاوي": the title, then the name
                    continue
                if nxt.raw in lexicon.COMMAS or nxt.raw == ":" or nxt.norm in lexicon.BARE_COMPLEMENTIZERS \
                        or verb_of(nxt) or participle_of(nxt):
                    break
                last += 1
            if first >= len(view):
                break
            start = view.items[first].start + clitic
            found.append((k, last, self.text.body[start:view.items[last].end]))
            k = last + 1
        return found

    def credit_at(self, credits, k):
        index = self._credit_index.get(id(credits))
        if index is None or index[0] is not credits:
            index = (credits, {first: (last, source) for first, last, source in credits})
            self._credit_index = {id(credits): index}
        return index[1].get(k)

    # -- the speaker -------------------------------------------------------------

    def is_media(self, view: SentenceView, k: int) -> bool:
        token = view.items[k] if 0 <= k < len(view) else None
        if token is None or not token.word:
            return False
        norm = token.norm
        if norm in _SAME and k + 1 < len(view) and view.items[k + 1].norm in lexicon.MEDIA_HEADS:
            return True  # "وأضاف نفس المصدر أن": the source named before
        bare = norm[1:] if norm[:1] == "و" else norm
        return norm in lexicon.MEDIA_HEADS or bare in lexicon.MEDIA_HEADS or norm in self.media_names

    def media_phrase(self, view: SentenceView, k: int) -> int:
        """Last item of a source phrase starting at k ("وكالة الانباء السورية الرسمية (سانا)")."""
        last = k
        while last + 1 < len(view) and last + 1 - k < 10:
            nxt = view.items[last + 1]
            if nxt.raw in lexicon.QUOTE_MARKS and not view.in_quote(last + 1):
                quote = self.text.quote_at(nxt.index)
                close = view.position.get(quote.close) if quote and quote.close is not None else None
                if close is not None and close - last <= 5:
                    last = close  # صحيفة "الوطن" الكويتية: the paper's name in marks
                    continue
                break
            if nxt.raw in lexicon.COMMAS or nxt.raw == ":" or nxt.norm in lexicon.COMPLEMENTIZERS \
                    or preposition(nxt) in ("عن", "إلى", "على") or verb_of(nxt) or view.in_quote(last + 1) \
                    or nxt.norm in lexicon.TIME_WORDS:
                break
            last += 1
        return last

    def speaker_after(self, view: SentenceView, k: int) -> tuple[list[Mention], int]:
        """The speaker named right after a verb (VSO), with appositions; ([], k) if none."""
        mention = view.mention_at(k)
        if mention is None or not (mention.candidates or mention.kind == "title"):
            return [], k
        mentions = [mention]
        k = view.after(mention)
        # "وزير الخارجية الإيراني، محمد جواد ظريف": a title, a comma and the
        # name of whoever holds it (or of anyone, when nobody on file does).
        nxt = view.mention_at(k + 1) if view.is_comma(k) else None
        if nxt and nxt.candidates:
            holders = {c.participant_id for c in mention.candidates}
            if nxt.key == mention.key or (mention.kind == "title" and (not holders or nxt.key in holders)):
                mentions = [nxt if mention.kind == "title" else mention]
                k = view.after(nxt)
        post = view.mention_at(k + 1 if view.is_comma(k) else k)
        if post is not None and post.kind == "title" and mention.kind in ("name", "alias") and mention.best \
                and post.best is not None and post.best.name == mention.best.name:
            k = view.after(post)  # "انتقد عبيد البريكي وزير الوظيفة العمومية …": the name, then its post
        return mentions, k

    def subject_before(self, view: SentenceView, k: int, credits, plural: bool) -> tuple[list[Mention], int] | None:
        """The speaker named before the verb (SVO), at the start of a clause."""
        q = k - 1
        for first, last, _ in credits:
            if last == q:
                q = first - 1
        if view.norm(q) in _QAD:
            q -= 1  # "وكان بالضياف قد أكد"
        if view.is_comma(q) and view.mention_ending_at(q - 1) is not None and view.norm(k)[:1] not in "وف":
            q -= 1  # "وكان رئيس الهيئة، أعلن": the subject, a comma, its verb
        mention = view.mention_ending_at(q)
        if mention is None or not (mention.candidates or mention.kind == "title" and len(mention.text.split()) > 1):
            return None  # (a post nobody holds on file speaks as written: "فإن رئيس الدولة شدد")
        mentions = [mention]
        first = view.position[mention.first]
        # "رئيسي والأسد يؤكدان": two subjects, one statement each.
        if plural and self.text.tokens[mention.first].norm.startswith("و"):
            before = view.mention_ending_at(first - 1)
            if before and before.candidates:
                mentions.insert(0, before)
                first = view.position[before.first]
        if not clause_start(view, first):
            return None
        return mentions, first

    # -- after the speaker: adjuncts, object, introducer -----------------------------

    def skip_adjuncts(self, view: SentenceView, k: int, cue: lexicon.Cue, credits) -> tuple[int, Candidate | None]:
        """Step over time, place, occasion, credit and the person addressed; returns (item, addressee)."""
        addressee = None
        while k < len(view):
            token = view.items[k]
            if view.in_quote(k) or token.raw in lexicon.QUOTE_MARKS or token.raw == ":":
                break
            if token.raw in lexicon.COMMAS:
                k += 1
                continue
            if self.introducer(view, k, cue):
                break
            credit = self.credit_at(credits, k)
            if credit:
                k = credit[0] + 1
                continue
            if token.norm in lexicon.SIDE_MARKERS or token.norm in _TO_HIM:
                k += 1  # "عبرت له، في المكالمة، عن شكرها": the person spoken to, as a pronoun
                continue
            affiliation = view.mention_at(k + 1) if token.bare in ("من", "عن") else None
            if affiliation is not None and affiliation.kind == "organization":
                k = view.after(affiliation)  # "طالب الجيلاني الهمامي من الجبهة الشعبية بـ"
                continue
            if token.norm in lexicon.SHORT_ADJUNCTS:
                k += 2 if view.norm(k + 1) in lexicon.DAY_NAMES else 1
                continue
            if token.norm in lexicon.ADJUNCT_OPENERS or (token.bare == "على" and view.norm(k + 1) == normalize("هامش")):
                if token.norm.startswith(normalize("مخاطبا")[:5]) or token.norm in (normalize("موجها"),):
                    mention = view.mention_at(k + 1)
                    if mention and mention.best:
                        addressee = mention.best
                k = self.adjunct_end(view, k + 1, cue)
                continue
            mention = view.mention_at(k)
            if token.norm.startswith("ل") and (mention or any(
                    form in lexicon.TITLE_HEADS for form in (token.norm[1:], "ال" + token.norm[2:]))):
                # The person spoken to: "لأحمديان", "لمستشار خامنئي".
                if mention and mention.best and mention.kind != "title":
                    addressee = mention.best
                    k = view.after(mention)
                else:
                    k = self.adjunct_end(view, k + 1, cue)
                continue
            break
        return k, addressee

    def skip_named_quote(self, view: SentenceView, k: int, cue: lexicon.Cue, inside_adjunct: bool = False) -> int:
        """"في برنامج "بوليتيكا" أنها …": a short quote followed by the introducer names a
        programme, a paper or a slogan; the content starts after it."""
        if not (0 <= k < len(view)) or view.items[k].raw not in lexicon.QUOTE_MARKS:
            return k
        quote = self.text.quote_at(view.items[k].index)
        if quote is None or quote.close is None:
            return k
        close = view.position.get(quote.close)
        if close is None or close - k > 5 or close + 1 >= len(view):
            return k
        nxt = view.items[close + 1]
        if nxt.norm in lexicon.COMPLEMENTIZERS or nxt.raw == ":" or (preposition(nxt) and preposition(nxt) in cue.governs):
            return close + 1
        after = close + 2 if view.is_comma(close + 1) else close + 1  # "في تصريح لـ"الجوهرة أف أم"، بأن"
        if inside_adjunct and close - k <= 4 and self.complementizer_near(view, after, words=9):
            return close + 1  # "في تصريح لمراسلة الجوهرة "اف ام" اليوم الخميس أن": the outlet's name, inside the adjunct
        return k

    def adjunct_end(self, view: SentenceView, k: int, cue: lexicon.Cue) -> int:
        """Where an adjunct ("خلال لقائه الرئيس الإيراني حسن روحاني", "في هذا الصدد") ends.

        Up to the introducer when one follows before any comma: then all of
        it stands between speaker and content. Otherwise the content may be
        an object right after a short adjunct ("وأكد بري خلال اللقاء ضرورة
        …"), so the adjunct is one word and the person it names, if any.
        """
        start, q = k, k
        while q < len(view) and q < start + ADJUNCT_WORDS:
            token = view.items[q]
            if self.introducer(view, q, cue) and not (preposition(token) and self.complementizer_near(view, q + 1)):
                return q
            if token.raw in lexicon.QUOTE_MARKS and self.skip_named_quote(view, q, cue, inside_adjunct=True) > q:
                q = self.skip_named_quote(view, q, cue, inside_adjunct=True)
                continue
            if token.raw in lexicon.COMMAS or token.raw == ":" or token.raw in lexicon.QUOTE_MARKS \
                    or verb_of(token) or participle_of(token):
                break
            q += 1
        if q < len(view) and view.items[q].raw == ":":
            return q
        if q < len(view) and view.is_comma(q) and view.norm(q + 1) in lexicon.COMPLEMENTIZERS:
            return q  # "في تصريح للجوهرة اف ام، أن …": the adjunct runs to the comma before أن
        if q < len(view) and q > start and view.items[q].raw in lexicon.QUOTE_MARKS \
                and self.text.quote_at(view.items[q].index) is not None:
            return q  # "وقال في هذا الشأن "لن نتكلم …"": the adjunct runs up to the quote
        k = min(start + 1, len(view))
        mention = view.mention_at(k)
        if mention is not None:
            k = view.after(mention)
        while k < q and (view.norm(k) in lexicon.DAY_NAMES or _nisba_adjective(view, k)):
            k += 1  # "خلال ندوة صحفية", "في تصريح إعلامي": the adjunct's noun and its adjective
        return k

    @staticmethod
    def complementizer_after_name(view: SentenceView, k: int) -> int | None:
        """A complementizer after a person's name within the next words (no verb between), or None."""
        named = False
        for q in range(k, min(len(view), k + FORWARD_SEARCH + 5)):
            token = view.items[q]
            if view.in_quote(q) or verb_of(token) or participle_of(token) or token.raw == ":":
                return None
            if named and token.norm in lexicon.COMPLEMENTIZERS and view.norm(q - 1) not in _TIME_CONJUNCTIONS:
                return q  # (not "بعد أن", "قبل أن": a clause of time)
            mention = view.mention_at(q)
            if mention is not None and mention.kind in ("name", "alias") and mention.best:
                named = True
        return None

    @staticmethod
    def complementizer_near(view: SentenceView, k: int, words: int = 5) -> bool:
        """A complementizer within five words from k, no comma, quote or verb between: "عبر موقعه
        على الانترنيت أنه" (على heads the adjunct; the content starts after أنه)."""
        for q in range(k, min(len(view), k + words)):
            token = view.items[q]
            if token.norm in lexicon.BARE_COMPLEMENTIZERS or token.norm in lexicon.COMPLEMENTIZERS:
                return True
            if not token.word or verb_of(token) or participle_of(token):
                return False
        return False

    def introducer(self, view: SentenceView, k: int, cue: lexicon.Cue):
        """(content item, content offset, after colon) when the content starts at k."""
        if k >= len(view):
            return None
        token = view.items[k]
        if view.in_quote(k):
            return None
        if token.raw == ":":
            nxt = k + 1
            if view.norm(nxt) in lexicon.BARE_COMPLEMENTIZERS:
                return nxt + 1, None, False
            return nxt, None, True
        if token.norm in lexicon.COMPLEMENTIZERS:
            return k + 1, None, False
        prep = preposition(token)
        if prep and prep in cue.governs:
            nxt = view.items[k + 1] if k + 1 < len(view) else None
            if nxt is not None and nxt.word:
                if nxt.norm in lexicon.PLACES or (view.mention_at(k + 1) and prep != "في"):
                    return None  # "إلى طهران", "مع روحاني": a place or a person, not content
                if nxt.norm in lexicon.BARE_COMPLEMENTIZERS:
                    return k + 2, None, False
            return k + 1, None, False
        for clitic in cue.clitics:
            if token.word and token.norm.startswith(clitic) and not view.mention_at(k) \
                    and token.norm not in lexicon.CLITIC_FALSE_FRIENDS and not _whole_word(token.norm):
                if token.norm == clitic:          # "لـ" written apart with a tatweel
                    return k + 1, None, False
                if len(token.norm) > 3 and token.norm not in lexicon.COMPLEMENTIZERS:
                    return k, _after_first_letter(token), False
        return None

    def content_after(self, view: SentenceView, k: int, cue: lexicon.Cue, credits):
        """Where the content starts after the speaker.

        Returns (item where the attribution ends, (content item, content
        offset or None, after a colon), addressee), or None: no content.
        """
        k, addressee = self.skip_adjuncts(view, k, cue, credits)
        if cue.object_first:
            mention = view.mention_at(k)
            if mention and mention.candidates:
                addressee = mention.best
                k, more = self.skip_adjuncts(view, view.after(mention), cue, credits)
                addressee = addressee or more
        if view.norm(k) in lexicon.SAYING_MASDARS and self.introducer(view, k + 1, cue):
            k += 1
        if view.norm(k) in lexicon.SAYING_NOUNS:
            k += 1  # "وأضاف الوزير قوله "إن …"": the verbal noun belongs to the attribution
        k = self.skip_named_quote(view, k, cue)
        intro = self.introducer(view, k, cue)
        if intro:
            return k, intro, addressee
        if k < len(view) and view.items[k].raw in lexicon.QUOTE_MARKS and self.text.quote_at(view.items[k].index):
            return k, (k, None, False), addressee
        if cue.takes_object and not cue.needs_introducer and view.is_word(k) and not verb_of(view.items[k]):
            later = self.complementizer_after_name(view, k)
            if later is not None:
                # "أعلنت المكلفة بالإعلام في شركة الخطوط التونسية، آمال بورقيبة في تصريح …، أن": the
                # holder's name still to come, the content after the complementizer.
                return later, self.introducer(view, later, cue), addressee
            return k, (k, None, False), addressee
        # An adjunct we do not know ("على منصة إكس"): look ahead for a
        # complementizer, a colon or the verb's own preposition, never past
        # another verb of saying. A verb that means something else without
        # its introducer (تابع، كتب) accepts only a colon or a complementizer.
        for q in range(k, min(len(view), k + STRONG_SEARCH)):
            token = view.items[q]
            if verb_of(token) or participle_of(token):
                return None
            if view.in_quote(q):
                continue
            intro = self.introducer(view, q, cue)
            strong = token.norm in lexicon.COMPLEMENTIZERS or token.raw == ":"
            if intro and cue.object_first and intro[1] is not None and q - k <= 4:
                # "اتهم خامنئي المسؤولين السعوديين بعدم الكفاءة": the person accused, then بـ.
                return q, intro, addressee
            # A complementizer or a colon may stand far ("وقال اليعقوبي في حوار مع مراسلة …
            # على هامش الندوة … بنابل إن"); a preposition only near, it heads adjuncts too.
            if intro and (strong or (preposition(token) and not cue.needs_introducer and q - k < FORWARD_SEARCH)):
                return q, intro, addressee
        return None

    # -- the rules -----------------------------------------------------------------

    def verb_rule(self, view: SentenceView, k: int, found, credits) -> Attribution | None:
        """A verb of saying, its speaker (after it, before it, or left out) and its content."""
        token = view.items[k]
        lemma, tense, conjunction = verb_of(token)
        cue = lexicon.CUES[lemma]
        # "وهو ما اعتبره تهديدا للمدرسة", "في إشارة إلى ما وصفه بالتقصير": what the speaker
        # called it, a stance reported (the pronoun is the thing, the object after is the content).
        what = view.norm(k - 1) in _WHAT and lemma in ("اعتبر", "وصف") and token.norm.endswith(("ه", "ها"))
        if view.norm(k - 1) in lexicon.RELATIVES and not what \
                and not (view.mention_at(k + 1) and view.mention_at(k + 1).best):
            return None  # "التي أكدت الاستمرار", "مما يؤكد أهمية"; not "التي قال الطرابلسي إنه"
        if lemma == "حمل" and not any(view.norm(q) in lexicon.BLAME_WORDS for q in range(k + 1, min(len(view), k + 12))):
            return None  # "حمل رسالة": carried, not held responsible
        p = k + 1
        while view.norm(p) in lexicon.SIDE_MARKERS:
            p += 1
        each = view.norm(p) == _EACH and view.norm(p + 1) == _OF and view.mention_at(p + 2) is not None
        if each:
            p += 2  # "أكد كلّ من الأستاذة … روضة قفراج، و… علاء مرزوقي أن": each of those named
        if view.norm(p) in lexicon.COLLECTIVE_SUBJECTS:
            return None  # "وأكد الجانبان": both sides at once, nobody to propose
        if self.is_media(view, p):
            return self.source_rule(view, k, p, cue, credits)
        first, source = attribution_start(view, k), None
        speaker_mentions, after = self.speaker_after(view, p)
        if not speaker_mentions:
            # "كشف اليوم الجمعة وزير الوظيفة العمومية …، عن", "أعلنت السبت السلطات الألمانية أن":
            # a time adjunct between the verb and its subject.
            q = time_adjunct_end(view, p)
            if q > p:
                speaker_mentions, after = self.speaker_after(view, q)
        if speaker_mentions:
            rule, speakers, p = "verb-then-speaker", [speaker_of(m) for m in speaker_mentions], after
            if each:
                speaker_mentions, p = self.each_of(view, speaker_mentions, p)
                speakers = [speaker_of(m) for m in speaker_mentions]
        elif subject := self.subject_before(view, k, credits, is_plural_verb(token)):
            speaker_mentions, subject_first = subject
            rule, speakers = "speaker-then-verb", [speaker_of(m) for m in speaker_mentions]
            first = attribution_start(view, subject_first)
            framing = framing_source(view, subject_first, found)
            credited = credit_before(view, subject_first, credits)
            if framing:
                first, source = framing.first, framing.source_text
            elif credited is not None:
                first = attribution_start(view, credited)
        elif what and view.norm(p + 1) in lexicon.RELATIVES:
            return None  # "ما اعتبره الأعضاء الذين اجتمعوا …": a subject nobody named, not content
        elif not conjunction and view.norm(k - 1 - (view.norm(k - 1) in _QAD)) in _THAT_HE:
            return None  # "وأشار إلى أنه قد طلب من نظيره …": what he said he did, inside his content
        elif tense == "past" and (conjunction or clause_start(view, k) or what):
            rule, speakers = "left-out-subject", []  # who: decided once the content is found
            demonstrative = self.demonstrative_subject(view, p)
            if demonstrative is not None:
                rule, speakers, p = "verb-then-unknown-name", [demonstrative[0]], demonstrative[1]
        else:
            return None
        # "أكد الرئيس بزشكيان أكد حرص": the verb written twice.
        if p < len(view) and verb_of(view.items[p]) and verb_of(view.items[p])[0] == lemma:
            p += 1
        if rule == "left-out-subject" and (cue.takes_object or cue.object_first):
            # "وأكد الطرابلسي أن …": a verb that may take its content as an object, but a subject
            # stands before the complementizer (a surname the article repeats, a title, a body).
            q = _complementizer_within(view, p, SUBJECT_WORDS)
            if q is not None:
                unnamed = self.unnamed_subject(view, p, q, credits)
                if unnamed is not None:
                    rule, speakers, p = "verb-then-unknown-name", [unnamed], q
        located = self.content_after(view, p, cue, credits)
        if not located:
            if rule in ("verb-then-speaker", "speaker-then-verb") and speakers and speakers[-1].via != "source" \
                    and tense == "past" and clause_start(view, first) and not any(
                        view.norm(q) in lexicon.BARE_COMPLEMENTIZERS for q in range(0, first)):
                # "ووصف روني الطرابلسي … الأجواء بالجيدة": no content found, but the subject is who
                # "وأضاف أن" in the next sentence continues.
                self.last_speaker = speakers[-1]
            return None
        end, (content, offset, colon), addressee = located
        if rule == "verb-then-speaker" and len(speakers) == 1 and speakers[0].via == "title":
            named = self.name_before_content(view, p, end)
            if named is not None:
                speakers, speaker_mentions = [named.best], [named]
        elif rule == "verb-then-speaker" and len(speaker_mentions) == 1 and speaker_mentions[0].kind == "name" \
                and speakers[0].participant_id is None and not _starts_with_given_name(speakers[0].name):
            # "رئيس نقابة أطباء الأسنان الممارسين بصفة حرة خالد التنازفتي أن": the words after the post
            # were its body, the holder is the given name further on.
            named = self.name_before_content(view, p, end)
            at = view.position.get(named.first) if named is not None else None
            if named is not None and named is not speaker_mentions[0] and _starts_with_given_name(named.best.name) \
                    and at is not None and not (preposition(view.items[at - 1]) or view.norm(at - 1) in _WITH_WORDS
                                                or view.items[at].norm[:1] in "بلو"):
                speakers, speaker_mentions = [named.best], [named]
        if rule == "left-out-subject" and view.is_comma(p):
            named = view.mention_at(p + 1)
            if named is not None and named.kind in ("name", "alias") and named.best \
                    and view.after(named) <= end:
                # "من جهته أكد، وائل المجدوب ممثل عن … أن": the subject after a comma.
                rule, speakers, speaker_mentions = "verb-then-speaker", [named.best], [named]
        if rule == "left-out-subject":
            unnamed = None if cue.takes_object or cue.object_first else self.unnamed_subject(view, p, end, credits,
                                                                                           construct=True)
            carried = None if unnamed else self.carried_speaker(plural=is_plural_verb(token))
            if carried is not None and carried.role and not _agrees(token, carried.role):
                carried = None  # "وقالت" does not continue "وزير الشؤون الخارجية خميس الجهيناوي"
            if not (unnamed or carried):
                return None
            rule, speakers = ("verb-then-unknown-name", [unnamed]) if unnamed else (rule, [carried])
        return Attribution(rule, first, end - 1, token, cue_text(token, conjunction), speakers, content,
                           offset, colon, source_text=source, addressee=addressee,
                           speaker_mentions=speaker_mentions)

    def source_rule(self, view: SentenceView, k: int, p: int, cue: lexicon.Cue, credits) -> Attribution | None:
        """A source reports ("وقال التلفزيون الإيراني إن", "وأفادت وكالة … بأن"): it frames, it is not a statement.

        Unless it reports a person: "نقلت وكالة … عن X أن …" is X's statement,
        credited to the agency.
        """
        token = view.items[k]
        _, _, conjunction = verb_of(token)
        first = attribution_start(view, k)
        last = self.media_phrase(view, p)
        source = self.text.body[view.items[p].start:view.items[last].end]
        if view.items[p].norm[:1] == "و" and view.items[p].norm[1:] in lexicon.MEDIA_HEADS:
            source = source[1:]
        reports_a_person = last + 1 < len(view) and preposition(view.items[last + 1]) == "عن"
        person = view.mention_at(last + 2) if reports_a_person else None
        head = view.items[p].norm
        if person is None and (head in lexicon.DOCUMENT_HEADS or head[1:] in lexicon.DOCUMENT_HEADS):
            # "ذكر بلاغ لوزارة الداخلية أن": the body whose statement it is.
            person = next((m for q in range(p + 1, last + 1) if (m := view.mention_at(q)) is not None and m.best
                           and m.kind in ("organization", "name", "alias")), None)
        if person and person.candidates:
            after = view.after(person)
            if view.norm(after) in lexicon.SAYING_NOUNS:
                return None  # the saying-noun rule takes it ("عن خميس قوله")
            located = self.content_after(view, after, cue, credits)
            if located:
                end, (content, offset, colon), addressee = located
                return Attribution("agency-reports-speaker", first, end - 1, token, cue_text(token, conjunction),
                                   [person.best], content, offset, colon, source_text=source,
                                   addressee=addressee, speaker_mentions=[person])
        located = self.content_after(view, last + 1, cue, credits)
        if not located:
            return None
        end, (content, offset, colon), _ = located
        return Attribution("source-reports", first, end - 1, token, cue_text(token, conjunction), [],
                           content, offset, colon, is_source=True, source_text=source)

    def document_rule(self, view: SentenceView, k: int, credits) -> Attribution | None:
        """"وجاء في بلاغ لوزارة الصحة أن …", "وورد في البيان الصادر عن حركة النهضة أن …": the body
        that issued the document says it (data/extraction-dev/GUIDE.md: "بلاغ صادر عن وزارة …" → the
        ministry); "وجاء في بلاغها أن" is the body that spoke last; an issuer nobody names leaves the
        document as written ("البيان")."""
        if preposition(view.items[k + 1]) != "في" if k + 1 < len(view) else True:
            return None
        d = k + 2
        doc = view.norm(d) or ""
        stem = doc[2:] if doc.startswith("ال") else doc
        owned = stem.endswith("ه") and stem[:-1] in lexicon.DOCUMENT_HEADS \
            or stem.endswith(("ها", "هم")) and stem[:-2] in lexicon.DOCUMENT_HEADS  # "بيانه", "بلاغها"
        if not (doc in lexicon.DOCUMENT_HEADS or stem in lexicon.DOCUMENT_HEADS or owned):
            return None
        issuer = None
        for q in range(d + 1, min(len(view), d + 7)):
            if view.norm(q) in lexicon.COMPLEMENTIZERS or not view.is_word(q) or verb_of(view.items[q]):
                break
            mention = view.mention_at(q)
            if mention is not None and (mention.best and mention.kind in ("organization", "name", "alias")
                                        or mention.kind == "title" and not mention.complement):
                issuer = speaker_of(mention)  # (a post as written too: "بلاغ صادر عن مفتي الجمهورية")
                break
        if issuer is None and (stem.endswith(("ه", "ها", "هم")) or view.norm(d + 1) in _TO_HIM):
            issuer = self.last_body or self.last_speaker  # "وجاء في بلاغها", "في بلاغ لها"
        q = next((q for q in range(d + 1, min(len(view), d + STRONG_SEARCH))
                  if view.norm(q) in lexicon.COMPLEMENTIZERS and not view.in_quote(q)), None)
        if q is None or q + 1 >= len(view):
            return None
        content = q + 1 if view.norm(q) in lexicon.BARE_COMPLEMENTIZERS else q  # "أنه سيتم": أنه is the content's
        if issuer is None:
            issuer = Candidate(None, " ".join(self.text.body[view.items[d].start:view.items[d].end].split()), 0.3,
                               "source")
        return Attribution("document-says", attribution_start(view, k), content - 1, view.items[d],
                           view.items[d].raw, [issuer], content)

    @staticmethod
    def each_of(view: SentenceView, mentions: list[Mention], p: int) -> tuple[list[Mention], int]:
        """The others of "كلّ من X، وY أن": the people named up to the complementizer (bounded)."""
        for q in range(p, min(len(view), p + 25)):
            token = view.items[q]
            if token.norm in lexicon.COMPLEMENTIZERS or token.raw == ":":
                return mentions, q
            if verb_of(token) or participle_of(token) or view.in_quote(q):
                break
            mention = view.mention_at(q)
            if mention is not None and mention.best and mention.kind in ("name", "alias", "organization") \
                    and all(m.key != mention.key for m in mentions):
                mentions = [*mentions, mention]
        return mentions[:1], p

    def demonstrative_subject(self, view: SentenceView, p: int) -> tuple[Candidate, int] | None:
        """"ونفت هذه المصالح أن …", "وأكد هؤلاء المحتجون أن …": a subject named by a demonstrative
        and its noun (one to three definite words), right before a complementizer."""
        if view.norm(p) not in lexicon.DEMONSTRATIVES or not view.is_word(p + 1) \
                or not view.items[p + 1].bare.startswith("ال"):
            return None
        stop = p + 2
        while stop < len(view) and stop - p < 4 and view.is_word(stop) and (
                view.items[stop].bare.startswith("ال") or view.norm(stop) in lexicon.NATIONALITIES) \
                and view.norm(stop) not in lexicon.COMPLEMENTIZERS:
            stop += 1
        if view.norm(stop) not in lexicon.COMPLEMENTIZERS:
            return None
        name = " ".join(self.text.body[view.items[p].start:view.items[stop - 1].end].split())
        return Candidate(None, name, 0.3, "name"), stop

    def unnamed_subject(self, view: SentenceView, p: int, end: int, credits,
                        construct: bool = False) -> Candidate | None:
        """Words between a verb that takes no object and its introducer are its subject.

        "وقالت الخارجية الإيرانية في بيان إن", "وقال لافروف إن" with Lavrov
        never introduced: nobody on file, but not the previous speaker either.
        """
        stop = p
        while stop < end and view.is_word(stop) and view.norm(stop) not in lexicon.ADJUNCT_OPENERS \
                and not self.credit_at(credits, stop) and view.norm(stop) not in lexicon.SIDE_MARKERS:
            stop += 1
        surname_b = stop - p == 1 and view.items[p].norm.startswith(("بو", "بل", "بن")) and len(view.items[p].norm) > 4
        if stop == p or stop - p > 6 or preposition(view.items[p]) \
                or view.items[p].norm.startswith(("ل", "ب")) and not surname_b:
            return None  # (but "وأكد بوجبل أن": a surname in بو/بل/بن)
        if not (self.looks_like_subject(view, p, stop) or (construct and self.construct_subject(view, p, stop))):
            return None
        name = " ".join(self.text.body[view.items[p].start:view.items[stop - 1].end].split())
        known = self.surnames.get(view.norm(p)) if stop - p == 1 else None
        if known is not None:
            return Candidate(None, known.name, 0.5, "name", known.role)
        return Candidate(None, name, 0.3, "name")

    def name_before_content(self, view: SentenceView, first: int, end: int) -> Mention | None:
        """"قالت النائبة بمجلس نواب الشعب ورئيسة لجنة التحقيق … ليلى الشتاوي، إن": the title
        holder's name between a long title and the content."""
        for q in range(first, min(end, first + FORWARD_SEARCH)):
            mention = view.mention_at(q)
            if mention is not None and mention.kind == "name" and mention.best:
                return mention
        return None

    def looks_like_subject(self, view: SentenceView, p: int, stop: int) -> bool:
        """A subject nobody named before: a known mention, a given name, a title or a body."""
        if view.mention_at(p) is not None:
            return True
        norm = view.norm(p)
        return (norm in lexicon.GIVEN_NAMES or norm in lexicon.GIVEN_NAME_HEADS or norm in lexicon.TITLE_HEADS
                or norm in lexicon.ORGANIZATION_HEADS or norm in lexicon.MEDIA_HEADS
                or self.one_word_subject(view, p, stop) or self.common_subject(view, p, stop)
                or (stop - p == 1 and norm in lexicon.COUNTRIES and view.norm(stop) in lexicon.COMPLEMENTIZERS)
                or (stop - p <= 3 and view.norm(stop - 1) in self.repeated_words()
                    and (not view.items[p].bare.startswith("ال") or self.surname_like(view, p, stop))
                    and not (view.norm(stop - 1) or "").endswith(("ته", "ها", "هم", "هما"))))

    @staticmethod
    def construct_subject(view: SentenceView, p: int, stop: int) -> bool:
        """"وقالت حديقة الحيوان إن", "أعلن خفر السواحل الإيطالي أن": an indefinite noun and the definite
        noun it is construct with (and an adjective), right before the complementizer, for a verb that
        takes no object (after one that does, "أكد حرص تونس على" is the content)."""
        if not (2 <= stop - p <= 3) or stop >= len(view) or view.norm(stop) not in lexicon.COMPLEMENTIZERS:
            return False
        head, norm = view.items[p], view.norm(p) or ""
        if head.bare.startswith("ال") or len(norm) < 3 or norm.endswith("ا") or norm.isdigit() or any(
                norm in words for words in (lexicon.CONTENT_OPENERS, lexicon.SAYING_MASDARS, lexicon.ADJUNCT_OPENERS,
                                            lexicon.TIME_WORDS, lexicon.NAME_STOPS, lexicon.SHORT_ADJUNCTS)):
            return False
        if any(verb_of(view.items[q]) or participle_of(view.items[q]) or not view.is_word(q) for q in range(p, stop)):
            return False
        return view.items[p + 1].bare.startswith("ال") and all(
            view.items[q].bare.startswith("ال") for q in range(p + 2, stop))

    @staticmethod
    def common_subject(view: SentenceView, p: int, stop: int) -> bool:
        """"وأكد المواطن أن", "أشارت الدراسة إلى أن", "وقالت الشاهدة إن": a definite noun (and its adjective)
        right before the complementizer speaks as written (data/extraction-dev/GUIDE.md: the title or body as
        written when the article names nobody)."""
        if not (1 <= stop - p <= 2) or stop >= len(view):
            return False
        before_content = view.norm(stop) in lexicon.COMPLEMENTIZERS or view.norm(stop) in lexicon.ADJUNCT_OPENERS \
            or (preposition(view.items[stop]) is not None and view.norm(stop + 1) in lexicon.BARE_COMPLEMENTIZERS)
        if not before_content:
            return False  # (an adjunct may stand between: "وأكد المواطن في مداخلة له أنه")
        head, norm = view.items[p], view.norm(p) or ""
        if not head.bare.startswith("ال") or len(norm) < 5 or strip_article(norm) in lexicon.CONTENT_OPENERS or any(
                norm in words for words in (lexicon.TIME_WORDS, lexicon.PLACES, lexicon.NATIONALITIES,
                                            lexicon.NAME_STOPS, lexicon.COLLECTIVE_SUBJECTS, lexicon.SAYING_MASDARS,
                                            lexicon.ADJUNCT_OPENERS, lexicon.COUNTRIES)):
            return False
        if any(verb_of(view.items[q]) or participle_of(view.items[q]) or not view.is_word(q) for q in range(p, stop)):
            return False
        if stop - p == 2:
            second = view.items[p + 1]
            return second.bare.startswith("ال") and (second.norm.endswith(("ي", "يه")) or second.norm
                                                       in lexicon.ORGANIZATION_WORDS)
        return True

    @staticmethod
    def one_word_subject(view: SentenceView, p: int, stop: int) -> bool:
        """"وقال ماكرون إن": one word right before the complementizer, no adverb ("سابقا"), no
        particle, no word of the lexicons: a name the article gives once."""
        norm = view.norm(p) or ""
        before_content = view.norm(stop) in lexicon.COMPLEMENTIZERS or view.norm(stop) in lexicon.ADJUNCT_OPENERS \
            or (stop < len(view) and preposition(view.items[stop]) is not None
                and view.norm(stop + 1) in lexicon.BARE_COMPLEMENTIZERS)
        definite = view.items[p].bare.startswith("ال")
        bare = view.items[p].bare
        return (stop - p == 1 and before_content and len(norm) >= 3
                and norm not in lexicon.CONTENT_OPENERS  # "وأكد ضرورة أن", "وأكد أهمية أن": the content
                and not (bare.endswith("ة") and norm not in lexicon.GIVEN_NAMES)  # a masdar, not a surname
                and not norm.endswith("ا") and (not definite or (len(norm) >= 6 and norm.endswith("ي")))
                and norm not in lexicon.TITLE_HEADS and norm not in lexicon.ORGANIZATION_WORDS
                and norm not in lexicon.NAME_STOPS and norm not in lexicon.SHORT_ADJUNCTS
                and norm not in lexicon.SAYING_NOUNS and norm not in lexicon.SAYING_MASDARS
                and norm not in lexicon.ADVERB_LOOKALIKES and norm not in lexicon.TIME_WORDS
                and norm not in lexicon.NATIONALITIES and norm not in lexicon.PLACES
                and not verb_of(view.items[p]) and not participle_of(view.items[p]) and not norm.isdigit())

    @staticmethod
    def surname_like(view: SentenceView, p: int, stop: int) -> bool:
        """"وقال العنزي إن": one definite word ending in the nisba ي, not a nationality or a title."""
        norm = view.norm(p) or ""
        return (stop - p == 1 and norm.endswith("ي") and norm not in lexicon.NATIONALITIES
                and norm not in lexicon.TITLE_HEADS and norm not in lexicon.ORGANIZATION_WORDS)

    def repeated_words(self) -> set[str]:
        if self._repeated is None:
            counts: dict[str, int] = {}
            for token in self.text.tokens:
                if token.word:
                    counts[token.norm] = counts.get(token.norm, 0) + 1
            self._repeated = {word for word, n in counts.items() if n > 1}
        return self._repeated

    def participle_rule(self, view: SentenceView, k: int, found, credits) -> Attribution | None:
        token = view.items[k]
        if token.norm in lexicon.ADVERB_LOOKALIKES and not view.is_comma(k - 1):
            return None  # "أثبتت مجدداً": the adverb "again"
        if token.norm.endswith("ه") and k > 0 and view.is_word(k - 1) and view.items[k - 1].bare.endswith("ات") \
                and not view.items[k - 1].bare.startswith("ال") and view.mention_at(k - 1) is None:
            return None  # "في مسيرات منددة بالهجوم", "شعارات رافضة": an adjective of a plural, not a speaker's act
        if token.norm in _OBLIGED and k > 0 and view.is_word(k - 1) and view.items[k - 1].bare.startswith("ال"):
            return None  # "الحكومة مطالبة باحترام تعهداتها": obliged to, a predicate, not "demanding"
        previous = next((a for a in reversed(found) if a.last < k and not a.is_source and a.speakers), None)
        subject = sentence_subject(view, k)
        if previous:
            speaker = previous.speakers[-1]
        elif self.last_actor and any(view.items[q].norm in lexicon.MEETING_VERBS for q in range(max(0, k - 40), k)):
            speaker = self.last_actor
        elif subject is not None:
            # "بدوره، نقل السفير أماني تحيات …، معتبراً أن": the sentence's subject.
            speaker = Candidate(subject.participant_id, subject.name, subject.score * CARRY_OVER, "subject",
                                subject.role)
        else:
            return None
        cue = lexicon.CUES[participle_of(token)]
        if cue.lemma == "حمل" and not any(view.norm(q) in lexicon.BLAME_WORDS for q in range(k + 1, min(len(view), k + 12))):
            return None  # "محملة بالأسلحة": loaded, not holding anyone responsible
        located = self.content_after(view, k + 1, cue, credits)
        if not located:
            return None
        end, (content, offset, colon), addressee = located
        conjunction = token.norm[:1] == "و" and token.norm not in lexicon.PARTICIPLES
        return Attribution("participle", k, end - 1, token, cue_text(token, conjunction), [speaker], content,
                           offset, colon, addressee=addressee)

    def postposed_rule(self, view: SentenceView, k: int, found) -> Attribution | None:
        """"«نحن مستعدون للحوار»، يقول الوزير": a quote, a comma and then who said it."""
        q = k - 1
        if view.is_comma(q):
            q -= 1
        if q < 0 or view.items[q].raw not in lexicon.QUOTE_MARKS:
            return None
        quote = self.text.quote_of_close(view.items[q].index)
        opening = view.position.get(quote.open) if quote is not None else None
        if opening is None or q - opening < 3 or any(a.content is not None and a.content <= opening <= a.last + 2
                                                     or a.content == opening for a in found):
            return None  # "وتابع الرئيس "…"، قال": the quote has its attribution already
        if opening > 0 and (view.norm(opening - 1) or "")[:1] == "ل" and q - opening <= 5:
            return None  # "وفي تصريح لـ"الجوهرة أف أم"، أكد …": an outlet's name, not the words said
        token = view.items[k]
        lemma, _, conjunction = verb_of(token)
        mentions, after = self.speaker_after(view, k + 1)
        if not mentions or lexicon.CUES[lemma].needs_introducer:
            return None
        end = after
        while end < len(view) and view.items[end].word and end - after < 8 \
                and not verb_of(view.items[end]) and not participle_of(view.items[end]) \
                and not view.in_quote(end):
            end += 1  # "، قال الوزير في تصريح لإذاعة …": the rest of the clause is the attribution's
        return Attribution("quote-then-verb", k, max(k, end - 1), token, cue_text(token, conjunction),
                           [speaker_of(m) for m in mentions], opening, None, False,
                           speaker_mentions=mentions, content_stop=q + 1)

    def saying_noun_rule(self, view: SentenceView, k: int, found) -> Attribution | None:
        """"ونقلت وكالات أنباء عن خميس قوله, ..., إن سوريا ..."."""
        person = view.mention_ending_at(k - 1)
        if person is None or not person.candidates:
            return None
        before = view.position[person.first] - 1
        if before < 0 or preposition(view.items[before]) != "عن":
            return None
        cue = lexicon.CUES["قال"]
        located = self.content_after(view, k + 1, cue, [])
        if not located:
            return None
        end, (content, offset, colon), addressee = located
        # The attribution runs from the reporting verb ("ونقلت"), whose
        # subject between it and عن is the source.
        first, source = before, None
        for q in range(before - 1, -1, -1):
            if verb_of(view.items[q]):
                first = attribution_start(view, q)
                source = self.text.body[view.items[q + 1].start:view.items[before - 1].end] if q + 1 < before else None
                break
        return Attribution("agency-quotes-speaker", first, end - 1, view.items[k], view.items[k].raw,
                           [person.best], content, offset, colon, source_text=source, addressee=addressee,
                           speaker_mentions=[person])

    def by_saying_rule(self, view: SentenceView, k: int, found) -> Attribution | None:
        """"وتوجه الى الأسد بالقول: ..." (the verb is the clause's first word)."""
        start = 0
        for attribution in found:
            if attribution.last < k:
                start = attribution.last + 1
        while start < k and not view.is_word(start):
            start += 1
        if start >= k:
            return None
        verb = view.items[start]
        mention = view.mention_at(start + 1)
        addressee_mention = None
        if mention and mention.candidates and preposition(view.items[start + 1]) is None:
            speaker = mention.best
        else:
            speaker = self.carried_speaker()
            addressee_mention = next((view.mention_at(q) for q in range(start + 1, k) if view.mention_at(q)), None)
        if speaker is None:
            return None
        cue = lexicon.CUES["قال"]
        located = self.content_after(view, k + 1, cue, [])
        if not located:
            return None
        end, (content, offset, colon), _ = located
        addressee = None
        if speaker.via == "carried" and addressee_mention is not None:
            addressee = addressee_mention.best
        conjunction = verb.norm[:1] in "وف" and len(verb.norm) > 3
        return Attribution("by-saying", start, end - 1, verb, cue_text(verb, conjunction), [speaker], content,
                           offset, colon, addressee=addressee)


_EACH, _OF = normalize("كل"), normalize("من")
_WITH_WORDS = frozenset(normalize(w) for w in ("مع", "بين", "رفقة", "برفقة", "لدى", "بحضور"))
_TIME_ADJUNCTS = frozenset(normalize(w) for w in ("اليوم", "أمس", "امس", "مساء", "صباح", "عشية", "ظهر", "فجر", "غدا",
                                                   "غداً", "صبيحة", "ليلة", "الليلة", "ظهر",
                                                   "الليلة", "البارحة", "يوم", "مؤخرا", "مؤخرًا", "أيضا", "ايضا")) \
    | lexicon.DAY_NAMES
SUBJECT_WORDS = 3   # "وأكد الطرابلسي أن": at most this many words of a subject before the complementizer
_OBLIGED = frozenset(normalize(w) for w in ("مطالبة", "مطالبون", "مطالبين", "مطالبان", "مطالب"))
_CAME_IN = frozenset(normalize(w) for w in ("جاء", "وجاء", "ورد", "وورد", "فجاء", "كما جاء"))
_TIME_CONJUNCTIONS = frozenset(normalize(w) for w in ("بعد", "قبل", "منذ", "دون", "بدون", "حين", "ريثما"))
_WAS = frozenset(normalize(w) for w in ("كان", "وكان", "كانت", "وكانت", "فكان", "فكانت", "كانوا", "وكانوا"))
_QAD = frozenset(normalize(w) for w in ("قد", "لقد"))
_THAT_HE = frozenset(normalize(w) for w in ("أنه", "أنها", "بأنه", "بأنها", "إنه", "إنها", "أنهم", "أنهما"))
_TO_HIM = frozenset(normalize(w) for w in ("له", "لها", "لهم", "لهما", "إليه", "إليها", "إليهم", "لنا", "لي"))
_WHAT = frozenset(normalize(w) for w in ("ما", "بما", "لما"))
_SAME = frozenset(normalize(w) for w in ("نفس", "ذات"))
_CAME = frozenset(normalize(w) for w in ("ورد", "جاء", "صرح"))


def _starts_with_given_name(name: str) -> bool:
    first = (normalize(name).split() or [""])[0]
    return first in lexicon.GIVEN_NAMES or first in lexicon.GIVEN_NAME_HEADS


def credited_person(view: SentenceView, credits) -> Candidate | None:
    """The person a credit of the sentence names ("وفق ما ورد على لسان … سامي الطاهري", "وفق
    قول الطاهري"): data/extraction-dev/GUIDE.md gives a body's words to the spokesman so named."""
    for first, last, _ in credits:
        for q in range(first, last + 1):
            mention = view.mention_at(q)
            if mention is not None and mention.best and mention.kind in ("name", "alias") \
                    and not _group_like(mention.best):
                return mention.best
    return None


def _nisba_adjective(view: SentenceView, k: int) -> bool:
    """An indefinite nisba adjective at k ("صحفية", "إعلامي", "هاتفي"), no mention."""
    token = view.items[k] if 0 <= k < len(view) else None
    return (token is not None and token.word and not token.bare.startswith("ال") and view.mention_at(k) is None
            and token.bare.endswith(("ي", "ية")) and len(token.bare) >= 4 and not verb_of(token)
            and not participle_of(token))


def _whole_word(norm: str) -> bool:
    """A word of the lexicons that only looks like ل/ب and a content ("لقاء", "لجنة", "بلال")."""
    return (norm in lexicon.MEETING_NOUNS or norm in lexicon.ORGANIZATION_HEADS or norm in lexicon.TITLE_HEADS
            or norm in lexicon.GIVEN_NAMES or norm in lexicon.GROUP_HEADS or norm in lexicon.PLACES
            or norm in lexicon.COUNTRIES)


def opening_subject(view: SentenceView) -> Candidate | None:
    """The person named right after a sentence's first word, a verb of any kind ("واستعرض الوزير",
    "شارك وزير الشؤون الخارجية خميس الجهيناوي"): whom a later "وأكد أن" continues."""
    if len(view) < 3 or not view.is_word(0) or view.mention_at(0) is not None or view.in_quote(0):
        return None
    norm = view.norm(0)
    bare = norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm
    if len(bare) < 3 or preposition(view.items[0]) or norm in lexicon.NAME_STOPS or bare in lexicon.NAME_STOPS \
            or norm in lexicon.ADJUNCT_OPENERS or bare in lexicon.ADJUNCT_OPENERS or norm in lexicon.RELATIVES \
            or norm in _WAS or bare[:1] in "بل" or norm in lexicon.COMPLEMENTIZERS:
        return None
    mention = view.mention_at(time_adjunct_end(view, 1))
    if mention is None or mention.complement or mention.kind in ("source", "organization") or not mention.best \
            or mention.best.via == "title":
        return None
    best = mention.best
    if best.participant_id is None and not (_starts_with_given_name(best.name) or best.role):
        return None  # a person on file, or one introduced by a given name or a post
    return best


def time_adjunct_end(view: SentenceView, p: int) -> int:
    """The item after a time adjunct at p ("اليوم الجمعة", "أمس", "السبت،", "مساء اليوم"), or p."""
    q = p
    while q < len(view) and q - p < 4 and (view.norm(q) in _TIME_ADJUNCTS or view.is_comma(q)):
        q += 1
    while q > p and view.is_comma(q - 1):
        q -= 1
    if q > p and view.is_comma(q):
        q += 1
    return q


def _complementizer_within(view: SentenceView, p: int, words: int) -> int | None:
    """A complementizer within `words` words after p, only words between."""
    for q in range(p + 1, min(len(view), p + words + 1)):
        if view.norm(q) in lexicon.COMPLEMENTIZERS:
            return q
        if not view.is_word(q) or verb_of(view.items[q]) or participle_of(view.items[q]):
            return None
    return None


def _agrees(verb: Token, role: str) -> bool:
    """Does a singular verb of saying agree in gender with a holder of this title?
    "قالت"/"تقول" are feminine, "قال"/"يقول" masculine; a title's head says the holder's."""
    lemma, tense, conjunction = verb_of(verb)
    norm = verb.norm[1:] if conjunction else verb.norm
    feminine = norm.startswith("ت") if tense == "present" else norm.endswith("ت")
    head = (normalize(role).split() or [""])[0]
    for form in (head, head[1:] if head[:1] == "و" else head):
        if form in lexicon.TITLE_HEADS:
            return feminine == title_is_feminine(form)
    return True


def _group_like(candidate: Candidate) -> bool:
    """A body or unnamed sources, which a plural verb may continue ("وطالبوا", "وأضافوا")."""
    if candidate.via in ("source", "organization"):
        return True
    first = (normalize(candidate.name).split() or [""])[0]
    return any(form in lexicon.ORGANIZATION_HEADS or form in lexicon.PERSONAL_SOURCES
               for form in (first, first[1:] if first[:1] == "و" else first))


def speaker_of(mention: Mention) -> Candidate:
    """The best guess for a mention; a title nobody holds on file is kept as written."""
    if mention.best:
        return mention.best
    return Candidate(None, " ".join(mention.text.split()), 0.3, "title")


def headline_colon_rule(view: SentenceView) -> Attribution | None:
    """"خميس: نواجه معاً فصلاً جديداً ...": a name, a colon, what they said."""
    mention = view.mention_at(0)
    if mention is None or not (mention.candidates or mention.kind == "title" and len(mention.text.split()) > 1):
        return None  # (a post as written speaks too: "رئيس الحكومة: \"لا تراجع …\"")
    k = view.after(mention)
    if k >= len(view) - 1 or view.items[k].raw != ":":
        return None
    return Attribution("name-colon", 0, k - 1, None, None, [speaker_of(mention)], k + 1, None, True,
                       speaker_mentions=[mention])


def sentence_subject(view: SentenceView, k: int) -> Candidate | None:
    """The person named among the first words of the sentence (before item k), not after a preposition."""
    for q in range(min(k, 5)):
        mention = view.mention_at(q)
        if mention and mention.best and not mention.complement \
                and (q == 0 or preposition(view.items[q - 1]) is None):
            return mention.best
    return None


def clause_start(view: SentenceView, k: int) -> bool:
    """Does item k open a clause (sentence start, after a comma, و, a complementizer or a marker)?"""
    q = k - 1
    if q < 0:
        return True
    token = view.items[q]
    if token.raw in lexicon.COMMAS or token.raw in ":.":
        return True
    if token.word and (token.norm in ("و", "ف") or token.norm in lexicon.COMPLEMENTIZERS or token.norm in _WAS):
        return True  # … or "وكان الوزير أكد", "وكانت قد أعلنت"
    if token.word and token.norm in _QAD and (q == 0 or view.norm(q - 1) in _WAS):
        return True
    return bool(view.phrase_ending_at(q, lexicon.DISCOURSE_MARKERS))


def attribution_start(view: SentenceView, k: int) -> int:
    """Extend back over a lone و and a discourse marker ("من جهة أخرى, اعتبر")."""
    first = k
    if first - 1 >= 0 and view.norm(first - 1) in ("و", "ف"):
        first -= 1
    q = first - 1
    if view.is_comma(q) and view.phrase_ending_at(q - 1, lexicon.DISCOURSE_MARKERS):
        q -= 1
    n = view.phrase_ending_at(q, lexicon.DISCOURSE_MARKERS)
    if n:
        first = q - n + 1
    return first


def framing_source(view: SentenceView, subject_first: int, found: list[Attribution]) -> Attribution | None:
    """The agency whose report this subject opens ("أفادت وكالة … بأن الأسد أكّد")."""
    for attribution in found:
        if attribution.is_source and attribution.content == subject_first:
            return attribution
    return None


def credit_before(view: SentenceView, subject_first: int, credits) -> int | None:
    """"وحسب ما أفادت وكالة سانا، فإن الأسد شدد": the credit opens the attribution."""
    q = subject_first - 1
    if view.norm(q) in lexicon.COMPLEMENTIZERS:
        q -= 1
    if view.is_comma(q):
        q -= 1
    for first, last, _ in credits:
        if last == q:
            return first
    return None


def _after_first_letter(token: Token) -> int:
    i = 1
    while i < len(token.raw) and normalize(token.raw[i]) == "":
        i += 1  # a mark or a tatweel after the clitic ("لـ")
    return token.start + i
