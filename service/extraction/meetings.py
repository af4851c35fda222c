"""Meetings: who met whom, and where.

A meeting is proposed where a sentence has a meeting word outside quotes:
a verb ("التقى X Y", "استقبل", "اجتمع", "الأسد يلتقي خامنئي"), a noun with
its owner ("خلال لقائه X": the owner is the sentence's subject) or without
("خلال لقاء الوفد … علي لاريجاني، قدم خميس …", "المباحثات التي جمعت X و
Y"). The people are the mentions before the reported content starts (a
complementizer, colon or quote): a name inside what was said is not a
guest. A verb with several objects gives one proposal per pair, as events.json
records meetings ("التقى X Y وZ"); a meeting word of many ("مائدة مستديرة … بحضور X
وY", "لقاء … بين X وY") gives one proposal with all its sides, and a later mention of
the same meeting (its sides a subset) adds evidence to it. A side may be a group named
only as such ("وفدا برلمانيا", "مع عدد من الأساتذة"); talk nouns ("حديثه مع", "مشاورات
مع", "على اتصال مع") and gatherings ("ندوة", "مؤتمر", "مائدة مستديرة") are meeting
words; a press conference ("لقاء صحفي") and a body's own meeting ("اجتماع مجلس
القضاء", "اجتماع طارئ عقده") are not, unless the text says with whom.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools

from ..arabic import normalize
from . import lexicon
from .mentions import Candidate, Mention, strip_article
from .rules import SentenceView, participle_of, time_adjunct_end, verb_of
from .text import Text

_OWNED_NOUN_SUFFIXES = ("ه", "ها", "هما", "هم")

# A person named after these is talked about, not met: condolences "باستشهاد
# الفريق قاسم سليماني", "نهج سليماني", "اغتيال", "عهد".
_ABOUT = frozenset(normalize(word) for word in (
    "استشهاد", "باستشهاد", "لاستشهاد", "اغتيال", "باغتيال", "مقتل", "بمقتل", "وفاة", "بوفاة", "رحيل",
    "برحيل", "نهج", "بنهج", "ذكرى", "عهد", "خلفا", "خلفاً", "جريمة", "روح", "ضريح", "قبر",
    # Bodies named after their head: "الثقة لحكومة يوسف الشاهد", "إدارة ترامب".
    "لحكومة", "بحكومة", "نظام", "لنظام",
    # A body named as the place of the meeting: "بمقر الاتحاد الجهوي للشغل".
    "مقر", "بمقر", "مقرّ", "بمقرّ",
))


# People farther than this from the meeting word are not taken for its sides:
# bounded work on a sentence of any length, and fewer guests from another clause.
WINDOW = 30
RECENT = 64   # proposals a later mention of the same meeting is compared with


def _is_call(view: SentenceView, k: int) -> bool:
    """"اتصال هاتفي", "مكالمة هاتفية": the noun and its adjective."""
    norm = view.norm(k) or ""
    forms = (norm, strip_article(norm), norm[1:] if norm[:1] in "وب" else norm)
    return any(form in lexicon.CALL_NOUNS for form in forms) and (view.norm(k + 1) or "") in lexicon.CALL_MARKERS


def _forms(norm: str) -> tuple[str, ...]:
    return norm, strip_article(norm), norm[1:] if norm[:1] in "وفب" else norm


def _comitative_after(view: SentenceView, k: int) -> bool:
    """"حديثه مع", "على اتصال مع", "مكالمة هاتفية مطولة مع": مع within three words."""
    return any(view.norm(q) in lexicon.COMITATIVES for q in range(k + 1, min(len(view), k + 4)))


def _trigger(view: SentenceView, k: int) -> tuple[str, str] | None:
    """(how the sides are found, kind of event) for a meeting word at item k, or None."""
    norm = view.items[k].norm
    if norm in lexicon.MEETING_VERBS or (norm[:1] in "وف" and norm[1:] in lexicon.MEETING_VERBS):
        return "verb", "meeting"
    if norm in lexicon.GATHERING_VERBS:
        # "لقاء جمعه بنظيره": the one the pronoun names met those after it.
        return ("owned" if norm.endswith(_OWNED_NOUN_SUFFIXES) else "gathering"), "meeting"
    if norm in lexicon.COMPANY_WORDS and _attending_before(view, k):
        return "company", "meeting"
    forms = _forms(norm)
    press = (view.norm(k + 1) or "") in lexicon.PRESS_MARKERS  # "لقاء صحفي", "مؤتمر صحفي"
    for form in forms:
        if form in lexicon.MEETING_NOUNS and not press:
            # (a pronoun's ه, not the ة of "مقابلة", "جلسة", which normalizes alike)
            owned = form.endswith(_OWNED_NOUN_SUFFIXES) and form not in (normalize("لقاء"),) \
                and not view.items[k].bare.endswith("ة")
            return ("owned" if owned else "noun"), "meeting"
    if press:
        return None
    if any(form in lexicon.CONFERENCE_NOUNS for form in forms):
        return "noun", "conference"
    talk = next((form for form in forms if form in lexicon.TALK_NOUNS or form in lexicon.CALL_TALK_NOUNS), None)
    if talk and _comitative_after(view, k):
        kind = "call" if talk in lexicon.CALL_TALK_NOUNS else "meeting"
        return ("owned" if talk.endswith(_OWNED_NOUN_SUFFIXES) and not view.items[k].bare.endswith("ة")
                else "noun"), kind
    return None


_AMONG = tuple(tuple(normalize(w) for w in phrase.split()) for phrase in (
    "منهم", "ومنهم", "بينهم", "من بينهم", "ومن بينهم", "على رأسهم", "يتقدمهم", "برئاسة", "يترأسه", "يقوده"))


_AMONG_FIRST = frozenset(phrase[0] for phrase in _AMONG)


def _members_named(view: SentenceView, q: int) -> bool:
    """Does "منهم", "من بينهم", "برئاسة" … follow at item q (a comma may come first)?"""
    if view.is_comma(q):
        q += 1
    if view.norm(q) not in _AMONG_FIRST:
        return False
    return any(all(view.norm(q + i) == word for i, word in enumerate(phrase)) for phrase in _AMONG)


def _attending_before(view: SentenceView, k: int) -> bool:
    """A verb of presiding or attending among the sixteen items before item k."""
    for q in range(max(0, k - 16), k):
        norm = view.norm(q) or ""
        if norm in lexicon.ATTENDING_VERBS or (norm[:1] in "وف" and norm[1:] in lexicon.ATTENDING_VERBS):
            return True
    return False


def _group_side(view: SentenceView, q: int) -> Mention | None:
    """A side named only as a group at item q: "وفدا برلمانيا", "عدد من أساتذة المدرسة",
    "أطراف سياسية", "المسؤولين", "وفد رجال الأعمال"; at most five words, as written."""
    memo = _memo(view, "group")
    if q not in memo:
        memo[q] = _group_side_at(view, q)
    return memo[q]


def _group_side_at(view: SentenceView, q: int) -> Mention | None:
    if not view.is_word(q) or view.in_quote(q) or view.mention_at(q) is not None:
        return None
    head = view.norm(q)
    governed_b = head[:1] == "ب" and head not in lexicon.GROUP_HEADS and (
        head[1:] in lexicon.GROUP_HEADS or "ال" + head[3:] in lexicon.GROUP_HEADS and head[:3] == "بال")
    if head not in lexicon.GROUP_HEADS and not governed_b:
        return None  # (never an outlet: "حديث مع وكالة" is an interview)
    if governed_b:
        head = head[1:] if head[1:] in lexicon.GROUP_HEADS else "ال" + head[3:]  # "بالمندوبين", "بممثلي"
    last = q
    if head in lexicon.PARTITIVE_HEADS and view.norm(q + 1) == normalize("من") and view.is_word(q + 2):
        last = q + 2  # "عدد من أساتذة"
    body = view.mention_at(last + 1)
    if body is not None and body.kind == "organization" and last == q:
        last = view.after(body) - 1  # "بممثلي عمادة الأطباء": the group and the body it stands for
    # Then its complement or adjectives: definite words ("رجال الأعمال", "أساتذة المدرسة
    # الاعدادية") or adjectives of an indefinite head ("أطراف سياسية", "وفدا برلمانيا").
    while last + 1 < len(view) and last - q < 4 and view.is_word(last + 1) and not view.in_quote(last + 1):
        nxt = view.items[last + 1]
        if nxt.norm in lexicon.NAME_STOPS or nxt.norm in lexicon.BARE_COMPLEMENTIZERS or view.mention_at(last + 1):
            break
        definite = nxt.bare.startswith("ال")
        adjective = nxt.norm.endswith(("ي", "يه", "يا", "ين", "يون", "يين"))
        if not (definite or adjective or _construct(view, last)):
            break
        last += 1
    text = view.text
    start, end = view.items[q].start, view.items[last].end
    if view.items[q].norm[:1] == "و" and view.items[q].norm[1:] in lexicon.GROUP_HEADS or governed_b:
        start += 1
    name = " ".join(text.body[start:end].split())
    return Mention(view.items[q].index, view.items[last].index + 1, start, end, text.body[start:end], "group",
                   [Candidate(None, name, 0.3, "title")])


def _construct(view: SentenceView, last: int) -> bool:
    """"عائلات شهداء إنتفاضة الحوض": the indefinite noun at last + 1 begins a construct chain that
    ends in a definite one within two words."""
    nxt = view.items[last + 1]
    if nxt.norm in lexicon.NAME_STOPS or nxt.norm[:1].isdigit():
        return False
    for q in range(last + 2, min(len(view), last + 4)):
        if not view.is_word(q) or view.in_quote(q) or view.mention_at(q) or view.norm(q) in lexicon.NAME_STOPS:
            return False
        if view.items[q].bare.startswith("ال"):
            return True
    return False


def _people(view: SentenceView, directory, first: int, stop: int, trigger: int | None = None,
            governed: set | None = None) -> list[Mention]:
    """Person mentions in items [first, stop), before any reported content.

    With `trigger` (the items after a meeting word), a group named as such is a side too
    where the meeting word governs it: right after a meeting verb and its subject, or after مع."""
    found = []
    previous_end = None   # item after the last person found: a title right there is its apposition
    # "استقبل الوزير اليوم وفدا برلمانيا": after a meeting verb and its subject, its object.
    how = _trigger(view, trigger) if trigger is not None else None
    verb = how == ("verb", "meeting")
    joins = how is not None and how[0] in ("gathering", "owned")  # "لقاء جمع X بوفد من …", "لقائه بممثلي …"
    gathering = how is not None and how[1] == "conference"  # "ندوة القناصل الشرفيين": who gathered
    commas = 0
    ends = _memo(view, "ends")
    inside_until = first   # no group inside a mention ("رئيس الوزراء عماد خميس" holds no side "الوزراء")
    k = first
    while k < stop:
        token = view.items[k]
        if view.in_quote(k) or token.raw == ":" or token.raw in lexicon.QUOTE_MARKS \
                or token.norm in lexicon.BARE_COMPLEMENTIZERS:
            if trigger is not None:
                break
            # Before the meeting word: what was said starts here, and the meeting word is in
            # it ("ولفتت الشرطة إلى أن رئيسة الوزراء على اتصال مع …"): its sides are after.
            found, previous_end = [], None
            k += 1
            continue
        if trigger is not None and not gathering and k > trigger + 1 and token.word \
                and (ends[k] if k in ends else _ends_sides(view, k)):
            break  # "… مع حاكم أوكيناوا بشأن خطط …", "… ترأس خلالها … رفقة …", "، مؤكدا": the sides end here
        mention = view.mention_at(k)
        if verb and view.is_comma(k):
            commas += 1
        if mention is not None:
            inside_until = view.after(mention)
        if mention is None and k >= inside_until and trigger is not None and (
                view.norm(k - 1) in lexicon.COMITATIVES or ((verb or gathering) and k == trigger + 1)
                or ((verb or joins) and token.norm[:1] == "ب" and commas <= 2)  # "اجتمع الوزير، اليوم، بالمندوبين"
                or (verb and commas == 0 and len(found) == 1 and view.position.get(found[0].first) == trigger + 1)
                or (verb and commas == 0 and not found and k - trigger <= 8)  # "التقى اليوم بمقر الولاية ممثلي …"
                or (verb and len(found) == 1 and _only_time_between(view, view.after(found[0]), k))):
            # (… and "واستقبل الرئيس المصري عبد الفتاح السيسي، اليوم، وفدا من رجال الأعمال")
            group = _group_side(view, k)
            if group is not None and _members_named(view, view.after(group)):
                k = view.after(group)  # "مع عدد من المسؤولين منهم نائب الرئيس …": the members named are the sides
                continue
            if group is not None:
                if governed is not None and view.norm(k - 1) in _WITH:
                    governed.add(id(group))
                found.append(group)
                k = previous_end = view.after(group)
                continue
        if mention and mention.kind == "title" and not mention.complement and _named_next(view, mention):
            k = view.after(mention)  # "رئيس الجمهورية، الباجي قايد السبسي": the post of the name that follows
            continue
        if mention and not mention.best and mention.kind == "title" and len(mention.text.split()) > 1 \
                and not mention.complement:
            coordinated = token.norm[:1] == "و" and token.norm not in lexicon.TITLE_HEADS  # "والمدير العام …"
            if previous_end is not None and not coordinated and (k == previous_end or (k == previous_end + 1 and (
                    view.is_comma(previous_end) or view.items[previous_end].raw == "("))):
                k = view.after(mention)  # "أنور بن حسن نائب رئيس": the post of the person just named
                continue
            # A side named by its post only ("رئيس المجلس الدستوري"): data/extraction-dev/GUIDE.md's title as written.
            mention = dataclasses.replace(mention, candidates=[
                Candidate(None, " ".join(mention.text.split()), 0.3, "title")])
        if mention and mention.kind == "organization" and trigger is not None and token.norm[:1] == "ب" \
                and found and k == previous_end:
            k = view.after(mention)  # "مع ثلة ممثلي الجهة بمجلس نواب الشعب": where the side belongs
            continue
        if mention and mention.kind == "organization" and _complement_body(token.norm):
            k = view.after(mention)  # "الاجتماع القادم للجنة …": the body whose meeting it is, not a side
            continue
        if mention and mention.best and _is_person(mention, directory) and not mention.complement \
                and view.norm(k - 1) not in _ABOUT:
            if governed is not None and (view.norm(k - 1) in _WITH or (
                    found and id(found[-1]) in governed and k == previous_end and token.norm[:1] == "و")):
                governed.add(id(mention))  # "مع X", "بين X وY": a side the meeting word names as such
            found.append(mention)
            previous_end = view.after(mention)
        k += 1
    return found


def _subject_start(view: SentenceView, k: int) -> int:
    """Where the subject of a meeting verb at k starts: after a time adjunct, and past a post
    followed by its holder's name ("تحادث رئيس الجمهورية، الباجي قايد السبسي، …")."""
    q = time_adjunct_end(view, k + 1)
    mention = view.mention_at(q)
    if mention is not None and mention.kind == "title" and not mention.complement and _named_next(view, mention):
        q = view.after(mention)
        if view.is_comma(q):
            q += 1
    return q


def _named_next(view: SentenceView, mention: Mention) -> bool:
    """Is a title followed, after a comma or not, by a person's name that holds it?"""
    q = view.after(mention)
    if view.is_comma(q):
        q += 1
    nxt = view.mention_at(q)
    if nxt is None or view.text.tokens[nxt.first].norm[:1] in "وبل" and nxt.start > view.text.tokens[nxt.first].start:
        return False  # "… ورئيس الجامعة سمير ماجول", "بوزير الثقافة …": another person
    return nxt.kind in ("name", "alias") and nxt.best is not None and (
        not mention.best or mention.best.participant_id == nxt.best.participant_id or mention.best.participant_id is None)


_TOPIC = frozenset(normalize(w) for w in ("حول", "بشأن", "بخصوص", "لبحث", "للتباحث", "لمناقشة", "قصد", "بهدف",
                                         "للنظر", "لتدارس", "إزاء", "ازاء"))


def _memo(view: SentenceView, name: str) -> dict:
    """A cache kept on the sentence's view: the windows of its meeting words overlap, so each item is
    looked at once per question, not once per meeting word (bounded work on hostile bodies)."""
    cache = view.__dict__.get("_meetings_memo")
    if cache is None:
        cache = view.__dict__["_meetings_memo"] = {}
    return cache.setdefault(name, {})


def _ends_sides(view: SentenceView, k: int) -> bool:
    """Does the word at k end the sides a meeting word names: its topic, or another verb's clause?"""
    memo = _memo(view, "ends")
    if k not in memo:
        memo[k] = _ends_sides_at(view, k)
    return memo[k]


def _ends_sides_at(view: SentenceView, k: int) -> bool:
    token = view.items[k]
    norm = token.norm
    bare = norm[1:] if norm[:1] in "وف" else norm
    return (norm in _TOPIC or verb_of(token) is not None or participle_of(token) is not None
            or bare in lexicon.ATTENDING_VERBS or bare in lexicon.FRAMING_VERBS)


def _complement_body(norm: str) -> bool:
    """"للجنة", "لمجلس": a body named with the preposition ل, as the complement of a noun."""
    return norm.startswith("لل") or (norm[:1] == "ل" and norm[1:] in lexicon.ORGANIZATION_HEADS)


def _media(mention: Mention) -> bool:
    return _media_word((mention.text.split() or [""])[0])


@functools.lru_cache(maxsize=1 << 12)
def _media_word(word: str) -> bool:
    return any(form in lexicon.MEDIA_HEADS for form in _forms(normalize(word)))


def _is_person(mention: Mention, directory) -> bool:
    """A side of a meeting: a person, or a body named in full (not "الوزارة", "رئاسة")."""
    if mention.kind == "source" or _media(mention):
        return False  # "تقارير إخبارية", "في حديث مع وكالة …": who reports a meeting does not attend it
    if mention.kind == "organization" and (len(normalize(mention.best.name).split()) < 2
                                           or mention.best.via != "organization"):
        return False  # "الوزارة" alone; but "الاتحاد" after "الاتحاد العام التونسي للشغل" is that body
    pid = mention.best.participant_id
    return pid is None or getattr(directory.people.get(pid), "kind", "person") == "person"


def _place(view: SentenceView, first: int):
    for k in range(first, min(len(view), first + WINDOW)):
        token = view.items[k]
        if view.in_quote(k) or token.raw == ":" or token.norm in lexicon.BARE_COMPLEMENTIZERS:
            break  # a city inside what was said is not where they met
        for form in (token.norm, token.norm[1:] if token.norm[:1] in "بول" else token.norm):
            if form in lexicon.PLACES and not view.in_quote(k):
                return token.raw[len(token.raw) - len(form):] if form != token.norm else token.raw, \
                    lexicon.PLACES[form]
    return None, None


_WITH = lexicon.COMITATIVES | frozenset(normalize(w) for w in ("بين",))
# "اجتماع طارئ عقده", "الاجتماع المنعقد": a meeting someone held, not one with someone.
_HELD = frozenset(normalize(w) for w in ("عقد", "عقده", "عقدها", "عقدته", "عقدت", "عقدوا", "انعقد", "المنعقد",
                                          "المنعقدة", "ينعقد", "تنعقد", "انعقدت"))
_PRESENT = frozenset(normalize(w) for w in ("بحضور", "وبحضور", "بمشاركة", "وبمشاركة", "بمعية", "وبمعية"))
_LINKS = frozenset(normalize(w) for w in ("بن", "ابن", "بنت", "ولد"))


def _side_key(mention: Mention):
    """Who a side stands for; a new name by its first and last words ("مراد بن مولى" is "مراد مولى"),
    whether named in full or by a title that refers to it."""
    key = mention.key
    if isinstance(key, tuple) and key[0] == "new" and mention.kind != "group":
        words = [w for w in key[1].split() if w not in _LINKS]
        if len(words) >= 2:
            return "new", words[0], words[-1]
    return key


def find(text: Text, mentions: list[Mention], period, directory, budget=None, speakers=()) -> list[dict]:
    """Meetings of the text; `speakers` are (sentence, speaker dict) of the statements found, in order:
    a meeting verb whose subject is left out ("وقد التقى الشهر الماضي …") continues the last of them."""
    by_first = {m.first: m for m in mentions}
    speakers = list(speakers)
    said = 0   # statements of the sentences before this one
    current = None
    said_here: dict[int, dict] = {}   # the first speaker of each sentence, by its first token
    for sentence_of, speaker in speakers:
        said_here.setdefault(sentence_of.first, speaker)
    # A meeting word inside a name is no meeting: "حزب المؤتمر من أجل الجمهورية", "قصر المؤتمرات".
    inside = {index for m in mentions if m.kind in ("organization", "title") for index in range(m.first + 1, m.stop)}
    proposals: list[dict] = []
    index: dict[frozenset, dict] = {}   # proposals by their sides, for a repeat anywhere in the text
    default_place = (None, None)   # where the article's first meeting took place
    for sentence in text.sentences:
        if budget is not None:
            budget.check_time()
        view = SentenceView(text, sentence, by_first)
        while said < len(speakers) and speakers[said][0].first < sentence.first:
            current = speakers[said]
            said += 1
        for k, token in enumerate(view.items):
            if budget is not None:
                budget.tick()
            if not token.word or view.in_quote(k) or token.index in inside:
                continue
            trigger = _trigger(view, k)
            call = _is_call(view, k)
            if call:
                trigger = ("noun", "call")
            if trigger is None:
                continue
            kind, event_kind = trigger
            before = _people(view, directory, max(0, k - WINDOW), k)
            governed: set = set()
            after = _people(view, directory, k + 1, min(len(view), k + 1 + WINDOW), trigger=k, governed=governed)
            if kind in ("noun", "owned") and event_kind != "conference" and (
                    any(view.mention_at(q) is not None and view.mention_at(q).kind == "organization"
                        and (q == k + 1 or _complement_body(view.items[q].norm)) for q in (k + 1, k + 2))
                    or any(view.norm(q) in _HELD for q in range(k + 1, min(len(view), k + 7)))):
                # "اجتماع مجلس القضاء", "الاجتماع الأخير للمكتب التنفيذي", "اجتماع طارئ عقده": a body's own
                # meeting; another side only where the text says with whom ("مع", "بين"), close by.
                after = [m for m in after if id(m) in governed and view.position.get(m.first, len(view)) - k <= 8]
                if not after:
                    continue
            gathered = any(view.norm(q) in lexicon.GATHERING_VERBS for q in range(k + 1, min(len(view), k + 4)))
            if kind == "noun" and event_kind != "conference" and _definite(view.items[k].norm) and not governed \
                    and not gathered:
                continue  # "وإثر اللقاء، أكد …", "أن اللقاء تناول …": the meeting told of before, no new one
            if kind == "noun" and event_kind == "meeting" and gathered and not governed:
                continue  # "جلسة عمل جمعت X بممثلي …": the verb after it names the sides
            if sum(1 for m in before + after if m.kind not in ("organization", "group")) >= 2:
                # A body is a side only when no person is named for it (data/extraction-dev/GUIDE.md):
                # "لقاء الوفد الحكومي رئيس مجلس الشورى علي لاريجاني، قدم خميس".
                before = [m for m in before if m.kind != "organization"]
                after = [m for m in after if m.kind != "organization"]
            if kind == "verb":
                # "التقى عشيّة اليوم الأربعاء رئيس الحكومة …": a time adjunct may stand before the subject.
                # "وكان رئيس الحكومة قد التقى أمس …", "ترامب كان قد التقى ميركل", "الوفد التونسي الذي التقى …",
                # "عبد المجيد تبون، الذي استقبل أمس، …": the subject stands before the verb.
                verb_at = k
                while verb_at > 0 and (view.norm(verb_at - 1) in _BEFORE_VERB or view.is_comma(verb_at - 1)
                                       and view.norm(verb_at) in lexicon.RELATIVES):
                    verb_at -= 1
                subject = before[-1] if before and verb_at > 0 and _ends_before(view, before[-1], verb_at) \
                    and verb_at < k else None
                opening = _subject_start(view, k)
                if subject is None and after and opening < len(view) and after[0].first == view.items[opening].index:
                    subject = after[0]
                subject = subject or (before[-1] if before and before[-1].stop - 1 == view.items[k - 1].index else None)
                if subject is None and after and _opens_clause(view, k) and current is not None \
                        and sentence.paragraph - current[0].paragraph <= 1:
                    subject = _mention_of(current[1], mentions, sentence.first)
                others = [m for m in after if m is not subject]
            elif kind == "owned" and token.norm.endswith(("هما", "هم")) and len(before) >= 2 and not after:
                # "دعا الوزير نظيره البريطاني خلال لقاء جمعهما": the two named before met each other.
                subject, others = before[-2], [before[-1]]
            elif kind == "owned":
                subject = before[-1] if before else None
                if subject is None and after and event_kind == "meeting":
                    # "وأضاف عقب لقائه مساء الأحد … برئيس الحكومة يوسف الشاهد أن": whose meeting it was
                    # is who speaks in the sentence, or the speaker it continues.
                    speaker = said_here.get(sentence.first) or (current[1] if current is not None and
                                                                 sentence.paragraph - current[0].paragraph <= 1 else None)
                    subject = _mention_of(speaker, mentions, text.tokens[sentence.stop - 1].index + 1) if speaker else None
                others = after
            elif kind == "company":
                # "أشرف الوزير خميس الجهيناوي، رفقة نظيره الجزائري عبد القادر مساهل، على …"
                subject = before[-1] if before else None
                others = after[:1] if after and after[0].kind != "group" else []
            else:
                people = before + after
                # A group is never the subject: "لقاء … مع عدد من الأساتذة" needs who met them.
                subject = next((m for m in people if m.kind != "group"), None)
                others = [m for m in people if m is not subject]
            if subject is None or subject.kind == "group":
                continue
            sides, keys = [subject], {_side_key(subject)}
            for other in others:
                if _side_key(other) not in keys:
                    keys.add(_side_key(other))
                    sides.append(other)
            if len(sides) < 2:
                continue
            place, country = _place(view, k)
            if place and default_place[0] is None:
                default_place = (place, country)
            place, country = (place, country) if place else default_place
            # "التقى X Y، وZ": X met each of them (events.json records one meeting per pair);
            # a meeting word ("لقاء … بين X وY", "مائدة مستديرة … بحضور X وY") is one meeting of all.
            groups = [sides]
            if kind == "verb":
                # Those present ("بحضور وزير الخارجية …") join the meeting with its guest, not one of their own.
                marker = next((q for q in range(k + 1, min(len(view), k + 1 + WINDOW))
                               if view.norm(q) in _PRESENT), None)
                present = [m for m in sides[1:] if marker is not None and view.position.get(m.first, 0) > marker]
                guests = [m for m in sides[1:] if m not in present]
                groups = [[subject, guest, *present] for guest in guests] or [[subject, *present]]
            for group in groups:
                _add(proposals, index, group, {_side_key(m) for m in group}, place, country, text, sentence, period,
                     directory, event_kind)
    for proposal in proposals:
        del proposal["_keys"], proposal["_mentions"]
    return proposals


_QAD = frozenset(normalize(w) for w in ("قد", "لقد"))
_BEFORE_VERB = _QAD | frozenset(normalize(w) for w in ("كان", "كانت", "الذي", "التي", "الذين"))
_OPENERS = frozenset(normalize(w) for w in ("و", "ف", "قد", "وقد", "لقد", "كما", "حيث", "كان", "وكان", "كانت",
                                             "وكانت", "ثم"))


def _only_time_between(view: SentenceView, first: int, stop: int) -> bool:
    """Only commas and words of time between items first and stop ("، اليوم، ")."""
    return first <= stop and stop - first <= 6 and all(view.is_comma(q) or time_adjunct_end(view, q) > q
                                                        for q in range(first, stop))


def _ends_before(view: SentenceView, mention: Mention, verb_at: int) -> bool:
    """Does a side end right before item verb_at, or before a post in apposition to it
    ("وكان حيدر العبادي رئيس وزراء العراق قد التقى")?"""
    q = view.after(mention)
    while q < verb_at:
        other = view.mention_at(q)
        if view.is_comma(q):
            q += 1
        elif other is not None and other.kind == "title" and not other.complement:
            q = view.after(other)
        else:
            return False
    return q == verb_at


def _definite(norm: str) -> bool:
    """"اللقاء", "واللقاء", "بالاجتماع", "للمباحثات": a meeting noun with the article."""
    return norm.startswith(("ال", "وال", "بال", "فال", "لل", "ولل", "وبال"))


def _opens_clause(view: SentenceView, k: int) -> bool:
    """Is the word at k the first of its clause ("وقد التقى", "كما استقبل", "، التقى")?"""
    q = k - 1
    while q >= 0 and view.norm(q) in _OPENERS:
        q -= 1
    return q < 0 or view.is_comma(q)


def _mention_of(speaker: dict, mentions: list[Mention], before: int) -> Mention | None:
    """The last mention of a statement's speaker before token `before`."""
    found = None
    for mention in mentions:
        if mention.first >= before:
            break
        best = mention.best
        if best is not None and mention.kind != "group" and (
                (speaker["id"] is not None and best.participant_id == speaker["id"])
                or (speaker["id"] is None and best.participant_id is None and best.name == speaker["name"])):
            found = mention
    return found


def _add(proposals, index, sides, keys, place, country, text, sentence, period, directory, kind="meeting"):
    """One proposal per meeting: a later word for the same meeting (its sides a subset or a
    superset of one proposed) adds its sides and evidence to it."""
    evidence = {"text": text.body[text.tokens[sentence.first].start:text.tokens[sentence.stop - 1].end],
                "start": text.tokens[sentence.first].start, "end": text.tokens[sentence.stop - 1].end}
    # Bounded: the same meeting is told of again close by, so only the latest proposals are looked at.
    recent = proposals[-RECENT:]
    proposal = index.get(frozenset(keys)) or next((p for p in recent if keys <= p["_keys"]), None)
    if proposal is None:
        smaller = [p for p in recent if p["_keys"] <= keys]
        proposal = smaller[0] if len(smaller) == 1 else None
    if proposal is None:
        date, precision = _date(period, _days_before(text, sentence))
        proposal = {
            "kind": kind,
            "participants": [],
            "place": place,
            "country_code": country,
            "date": date,
            "date_precision": precision,
            "confidence": 1.0,
            "evidence": [],
            "_keys": set(),
            "_mentions": [],
        }
        proposals.append(proposal)
    elif place and not proposal["place"]:
        proposal["place"], proposal["country_code"] = place, country
        for entry, mention in zip(proposal["participants"], proposal["_mentions"]):
            entry["side"] = _side(mention, country, directory)
    for mention, key in zip(sides, [_side_key(m) for m in sides]):
        if key not in proposal["_keys"]:
            index.pop(frozenset(proposal["_keys"]), None)
            proposal["_keys"].add(key)
            proposal["_mentions"].append(mention)
            proposal["participants"].append(_participant(mention, proposal["country_code"], directory))
            proposal["confidence"] = round(min(proposal["confidence"], mention.best.score), 2)
    index[frozenset(proposal["_keys"])] = proposal
    if all(e["start"] != evidence["start"] for e in proposal["evidence"][-1:]):
        proposal["evidence"].append(evidence)  # sentences come in order: a repeat is the last one


def _participant(mention: Mention, country, directory) -> dict:
    best = mention.best
    return {"id": best.participant_id, "name": best.name, "side": _side(mention, country, directory)}


def _side(mention: Mention, country, directory) -> str | None:
    """host when the meeting is in the participant's country, guest when not."""
    person = directory.people.get(mention.best.participant_id)
    if person is None or not person.country_code or not country:
        return None
    return "host" if person.country_code == country else "guest"


_YESTERDAY = normalize("أمس")
_BEFORE = normalize("أول")


def _days_before(text: Text, sentence) -> int:
    """"واجرى امس مباحثات": the meeting was the day before the article ("أول أمس": two)."""
    words = [t.norm for t in text.words(sentence.first, sentence.stop)]
    for i, word in enumerate(words):
        if word == _YESTERDAY:
            return 2 if i and words[i - 1] == _BEFORE else 1
    return 0


def _date(period, days_before=0):
    """The article's date stands for the meeting's ("اليوم"), at the precision it is known."""
    if period is None:
        return None, None
    first, last = period
    if first == last:
        return (first - datetime.timedelta(days=days_before)).isoformat(), "day"
    if (last - first).days < 40:
        return first.isoformat(), "month"
    return first.isoformat(), "year"


def assign(statements: list[dict], sentences, events: list[dict], text: Text):
    """A statement belongs to the latest meeting reported before it that its speaker took part in."""
    for statement, sentence in zip(statements, sentences):
        speaker = statement["speaker"]
        best = None
        for index, event in enumerate(events):
            took_part = any((p["id"] is not None and p["id"] == speaker["id"])
                            or (p["id"] is None and speaker["id"] is None and p["name"] == speaker["name"])
                            for p in event["participants"])
            reported_before = min(e["start"] for e in event["evidence"]) <= statement["start"]
            if took_part and reported_before:
                latest = max(e["start"] for e in event["evidence"] if e["start"] <= statement["start"])
                if best is None or latest > best[0]:
                    best = (latest, index)
        statement["event"] = best[1] if best else None
