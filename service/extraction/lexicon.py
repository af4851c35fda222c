"""The words the extraction rules look for, each list in one place.

Every entry is written as journalists write it and normalized once at import
(service.arabic.normalize), so "أكّد", "أكد" and "اكد" are one key and the
rules compare normalized tokens only. Lists hold closed-class words (verbs
of saying, particles, discourse markers, titles of office, nationality
adjectives): nothing here names a person, so the rules carry over to reports
of any meeting, country or outlet.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..arabic import normalize


def _keys(*words: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in words)


# --------------------------------------------------------------------------
# Introducers: the words after which the reported content starts (docs/data-model.md's
# span rule). Complementizers are "strong": they start a clause, so a search
# for them may skip adjuncts. Prepositions are "weak": they also head
# ordinary phrases ("خلال زيارته إلى طهران"), so they introduce content only
# where the verb governs them.
# --------------------------------------------------------------------------

COMPLEMENTIZERS = _keys("أن", "أنّ", "إن", "إنّ", "بأن", "بأنّ", "أنه", "بأنه", "إنه", "أنها", "بأنها", "إنها",
                        # "وحسب ما أفادت سانا، فإن الأسد شدد …"
                        "فإن", "فإنّ")
# أن/إن attached to a pronoun (أنه) belongs to the content ("أنه كلما عززتا"),
# so only the bare particle is cut from the text.
BARE_COMPLEMENTIZERS = _keys("أن", "أنّ", "إن", "إنّ", "بأن", "بأنّ", "فإن", "فإنّ")
# Prepositions are compared on the bare text (marks removed, letters not
# folded): normalize() folds ى into ي, which would make the preposition على
# equal to the name علي (علي لاريجاني). Values are the canonical spelling.
PREPOSITIONS = {"على": "على", "عن": "عن", "إلى": "إلى", "الى": "إلى", "في": "في", "من": "من"}


@dataclass(frozen=True)
class Cue:
    """A verb of saying: how it introduces what was said.

    `governs`: the prepositions that introduce its content (أشار إلى, شدد
    على, أعرب عن) and the clitics (نوّه بـ, دعا لـ). `takes_object`: the
    content may follow the speaker directly, as a noun phrase ("أكد حرص
    إيران", "اعتبر روحاني تحرير حلب", "وصف الأسد إيران ..."). `object_first`:
    a person addressed comes before the content ("دعا الرئيس لزيارة",
    "طالب المجتمع الدولي بـ"). `needs_introducer`: without one of its
    introducers right after it the word means something else (عبر "via",
    تابع "followed").
    """

    lemma: str
    governs: tuple[str, ...] = ()
    clitics: tuple[str, ...] = ()
    takes_object: bool = False
    object_first: bool = False
    needs_introducer: bool = False


CUES: dict[str, Cue] = {}
VERB_FORMS: dict[str, tuple[str, str]] = {}   # normalized form -> (lemma, "past"|"present")
PARTICIPLES: dict[str, str] = {}              # normalized participle -> lemma


# Words an agreeing ending would make of a participle: "مدينة" (a city, not مدينةً "condemning"),
# "مدينين" (debtors).
_NOT_PARTICIPLES = frozenset(normalize(w) for w in ("مدينة", "مدينين", "مدينان",
                                                    # nouns with the shape of فاعلة: a sign, a preacher
                                                    "لافتة", "داعية", "كاتبة", "واعدة", "شارحة"))


def _cue(cue: Cue, past: str, present: str = "", participles: str = ""):
    """Adds a verb of saying; called again for a lemma, it adds forms and keeps the first Cue."""
    CUES.setdefault(cue.lemma, cue)
    for tense, forms in (("past", past), ("present", present)):
        for form in forms.split():
            VERB_FORMS[normalize(form)] = (cue.lemma, tense)
    for form in participles.split():
        PARTICIPLES[normalize(form)] = cue.lemma
        # The participle agrees with its speaker: مؤكدا، مؤكدة، مؤكدين، مؤكدان.
        stem = normalize(form)
        # Only the م- participles: "آمله" is "his hope", not a form of آملا.
        if stem.startswith("م") and stem.endswith("ا") and len(stem) > 3:
            for ending in ("ه", "ين", "ان", "تين", "تان"):
                if stem[:-1] + ending not in _NOT_PARTICIPLES:
                    PARTICIPLES.setdefault(stem[:-1] + ending, cue.lemma)
        elif len(stem) == 5 and stem[1] == "ا" and stem.endswith("ا") and stem[:-1] + "ه" not in _NOT_PARTICIPLES:
            # فاعلاً agrees in the plural: "نافين", "رافضين" (not "رافضة": "شعارات رافضة" is an adjective).
            for ending in ("ين",):
                PARTICIPLES.setdefault(stem[:-1] + ending, cue.lemma)


def _past(*stems: str) -> str:
    """Past forms of regular verbs: أكد -> أكد أكدت أكدا أكدتا أكدوا."""
    return " ".join(stem + ending for stem in stems for ending in ("", "ت", "ا", "تا", "وا"))


def _present(*stems: str) -> str:
    """Present forms from the imperfect stem: ؤكد -> يؤكد تؤكد يؤكدان تؤكدان يؤكدون."""
    return " ".join(prefix + stem + ending for stem in stems
                    for prefix, ending in (("ي", ""), ("ت", ""), ("ي", "ان"), ("ت", "ان"), ("ي", "ون")))


# Masculine, feminine, dual and plural; past and present. The verbs of the
# issue's list, plus the ones the seed reports and agency copy use as often
# (وصف، توقع، أمل، أفاد، ذكر، أعلن، أبدى، حذر، طالب، نفى، رحب، أشاد، صرح، أردف).
_cue(Cue("قال"), "قال قالت قالا قالتا قالوا", "يقول تقول يقولان تقولان يقولون", "قائلا قائلاً قائلة")
_cue(Cue("أكد", governs=("على",), takes_object=True),
     "أكد أكّد أكدت أكّدت أكدا أكّدا أكدتا أكدوا أكّدوا",
     "يؤكد يؤكّد تؤكد تؤكّد يؤكدان يؤكّدان تؤكدان يؤكدون", "مؤكدا مؤكداً مؤكّداً مؤكدة مؤكّدة")
_cue(Cue("أشار", governs=("إلى",)), "أشار أشارت أشارا أشاروا", "يشير تشير يشيران يشيرون",
     "مشيرا مشيراً مشيرة")
_cue(Cue("شدد", governs=("على",)), "شدد شدّد شددت شدّدت شددا شدّدا شددوا شدّدوا",
     "يشدد يشدّد تشدد تشدّد يشددان يشدّدان", "مشددا مشدداً مشدّداً مشددة مشدّدة")
_cue(Cue("أعرب", governs=("عن",)), "أعرب أعربت أعربا أعربوا", "يعرب تعرب يعربان", "معربا معرباً معربة")
# عبّر is a cue only as "عبّر عن"; bare عبر is the preposition "via"
# ("تابعونا عبر فيسبوك", "عبر إرسال مجموعات").
_cue(Cue("عبر", governs=("عن",), needs_introducer=True), "عبر عبّر عبرت عبّرت عبرا عبّرا عبروا",
     "يعبر يعبّر تعبر تعبّر يعبران", "معبرا معبّراً معبرة")
_cue(Cue("أضاف"), "أضاف أضافت أضافا أضافوا", "يضيف تضيف", "مضيفا مضيفاً مضيفة")
_cue(Cue("اعتبر", takes_object=True), "اعتبر اعتبرت اعتبرا اعتبروا", "يعتبر تعتبر يعتبران",
     "معتبرا معتبراً معتبرة")
_cue(Cue("أوضح"), "أوضح أوضحت أوضحا أوضحوا", "يوضح توضح", "موضحا موضحاً موضحة")
_cue(Cue("دعا", governs=("إلى",), clitics=("ل",), object_first=True), "دعا دعت دعوا دعيا", "يدعو تدعو يدعوان",
     "داعيا داعياً داعية")
_cue(Cue("نوه", governs=("إلى",), clitics=("ب",)), "نوه نوّه نوهت نوّهت نوها", "ينوه ينوّه تنوه",
     "منوها منوهاً منوّهاً منوهة")
# جدّد takes its content as an object ("جدد شمخاني مواقف بلاده").
_cue(Cue("جدد", governs=("على",), takes_object=True), "جدد جدّد جددت جدّدت جددا", "يجدد يجدّد تجدد",
     "مجددا مجدداً مجدّداً مجددة")
_cue(Cue("لفت", governs=("إلى",)), "لفت لفتت لفتا", "يلفت تلفت", "لافتا لافتاً لافتة")
# تابع also means "followed" (تابع اللقاء, تابعونا): only a colon or a
# complementizer right after it makes it "he went on".
_cue(Cue("تابع", needs_introducer=True), "تابع تابعت", "", "")
_cue(Cue("رأى"), "رأى رأت رأيا رأوا", "يرى ترى", "")
_cue(Cue("وصف", takes_object=True), "وصف وصفت وصفا وصفوا", "يصف تصف", "واصفا واصفاً")
_cue(Cue("توقع", clitics=("ب",)), "توقع توقّع توقعت توقّعت توقعا", "يتوقع تتوقع", "متوقعا متوقعاً")
_cue(Cue("أمل", governs=("في",), clitics=("ب",)), "أمل أملت", "يأمل تأمل يأملان يأملون", "آملا آملاً")
_cue(Cue("أفاد", clitics=("ب",)), "أفاد أفادت", "يفيد تفيد", "")
_cue(Cue("ذكر"), "ذكر ذكرت", "يذكر تذكر", "")
_cue(Cue("أعلن", governs=("عن",), takes_object=True), "أعلن أعلنت أعلنا", "يعلن تعلن", "معلنا معلناً")
_cue(Cue("أبدى", takes_object=True), "أبدى أبدت أبديا", "يبدي تبدي", "مبديا مبدياً")
_cue(Cue("حذر", governs=("من",)), "حذر حذّر حذرت حذّرت", "يحذر يحذّر تحذر", "محذرا محذراً محذّراً")
_cue(Cue("طالب", clitics=("ب",), object_first=True), "طالب طالبت طالبا طالبوا", "يطالب تطالب",
     "مطالبا مطالباً")
_cue(Cue("نفى", takes_object=True), "نفى نفت نفيا", "ينفي تنفي", "نافيا نافياً")
_cue(Cue("رحب", clitics=("ب",)), "رحب رحّب رحبت رحّبت", "يرحب يرحّب ترحب", "مرحبا مرحّباً")
_cue(Cue("أشاد", clitics=("ب",)), "أشاد أشادت", "يشيد تشيد", "مشيدا مشيداً")
_cue(Cue("صرح", clitics=("ب",)), "صرح صرّح صرحت صرّحت", "يصرح يصرّح", "مصرحا مصرّحاً")
_cue(Cue("أردف"), "أردف أردفت", "يردف", "مردفا مردفاً")
# Posts on social media: "وكتب السوداني على منصة إكس: …", "وغرّد قائلاً".
# Both are ordinary verbs too ("كتب التاريخ"): a colon or أن must follow.
_cue(Cue("كتب", needs_introducer=True), "كتب كتبت", "يكتب تكتب", "")
_cue(Cue("غرد", needs_introducer=True), "غرد غرّد غردت غرّدت", "يغرد يغرّد", "")
# Media framing: "نقلت وكالات أنباء عن خميس قوله". Its subject is a source;
# the speaker follows عن.
_cue(Cue("نقل", governs=("عن",)), "نقل نقلت", "ينقل تنقل", "نقلا نقلاً")

# The rest of the reporting verbs of Modern Standard Arabic news copy, with
# how each introduces its content. Verbs that are also common words
# without an introducer (بيّن "between", علّق "hung", ختم "sealed", تحدث)
# need one: a complementizer, a colon or their preposition.
_cue(Cue("بين", governs=("أن",), needs_introducer=True), _past("بين", "بيّن"), _present("بين", "بيّن"),
     "مبينا مبيناً مبيّنا مبيّناً")
_cue(Cue("ذكر"), "", "", "مذكرا مذكراً مذكّرا مذكّراً")
_cue(Cue("نبه", governs=("إلى", "الى"), takes_object=True), _past("نبه", "نبّه"), _present("نبه", "نبّه"),
     "منبها منبهاً منبّها منبّهاً")
_cue(Cue("تعهد", clitics=("ب",)), _past("تعهد", "تعهّد"), _present("تعهد", "تعهّد"), "متعهدا متعهداً")
_cue(Cue("انتقد", takes_object=True), _past("انتقد"), _present("نتقد"), "منتقدا منتقداً")
_cue(Cue("رجح", takes_object=True), _past("رجح", "رجّح"), _present("رجح", "رجّح"), "مرجحا مرجحاً مرجّحا")
_cue(Cue("ثمن", takes_object=True, needs_introducer=False), _past("ثمن", "ثمّن"), _present("ثمن", "ثمّن"),
     "مثمنا مثمناً مثمّنا")
_cue(Cue("أبرز", takes_object=True), _past("أبرز", "ابرز"), _present("برز"), "مبرزا مبرزاً")
_cue(Cue("كشف", governs=("عن",)), _past("كشف"), _present("كشف"), "كاشفا كاشفاً")
_cue(Cue("طلب", governs=("من",), takes_object=True), "طلب طلبت طلبوا", "يطلب تطلب", "طالبا طالباً")
_cue(Cue("أبلغ", object_first=True, clitics=("ب",)), _past("أبلغ", "ابلغ"), _present("بلغ"), "مبلغا مبلغاً")
_cue(Cue("علق", governs=("على",), needs_introducer=True), _past("علق", "علّق"), _present("علق", "علّق"),
     "معلقا معلقاً معلّقا")
_cue(Cue("استنكر", takes_object=True), _past("استنكر"), _present("ستنكر"), "مستنكرا مستنكراً")
_cue(Cue("استغرب", takes_object=True), _past("استغرب"), _present("ستغرب"), "مستغربا مستغرباً")
_cue(Cue("هدد", clitics=("ب",)), _past("هدد", "هدّد"), _present("هدد", "هدّد"), "مهددا مهدداً")
_cue(Cue("اقترح", takes_object=True), _past("اقترح", "إقترح"), _present("قترح"), "مقترحا مقترحاً")
_cue(Cue("حث", governs=("على",), object_first=True), "حث حثّ حثت حثّت حثوا", "يحث تحث", "حاثا حاثاً")
_cue(Cue("برر", takes_object=True), _past("برر", "برّر"), _present("برر", "برّر"), "مبررا مبرراً")
_cue(Cue("ألمح", governs=("إلى", "الى")), _past("ألمح", "لمح", "لمّح"), _present("لمح", "لمّح"),
     "ملمحا ملمحاً ملمّحا ملمّحاً")
_cue(Cue("أقر", clitics=("ب",)), "أقر أقرّ أقرت أقرّت أقروا", "يقر يقرّ تقر", "مقرا مقراً")
_cue(Cue("اعترف", clitics=("ب",)), _past("اعترف"), _present("عترف"), "معترفا معترفاً")
_cue(Cue("تساءل", needs_introducer=True), _past("تساءل"), _present("تساءل"), "متسائلا متسائلاً")
_cue(Cue("أوصى", clitics=("ب",)), "أوصى أوصت أوصوا", "يوصي توصي", "موصيا موصياً")
_cue(Cue("ناشد", object_first=True, clitics=("ب",)), _past("ناشد"), _present("ناشد"), "مناشدا مناشداً")
_cue(Cue("أدان", takes_object=True), "أدان أدانت أدانا أدانوا", "يدين تدين", "مدينا")
_cue(Cue("ندد", clitics=("ب",)), _past("ندد", "ندّد"), _present("ندد", "ندّد"), "منددا منددًا منددا")
_cue(Cue("رفض", takes_object=True), _past("رفض"), _present("رفض"), "رافضا رافضاً")
_cue(Cue("اتهم", object_first=True, clitics=("ب",)), _past("اتهم"), _present("تهم"), "متهما متهماً")
_cue(Cue("وعد", clitics=("ب",)), _past("وعد"), "يعد تعد", "واعدا")
_cue(Cue("استبعد", takes_object=True), _past("استبعد"), _present("ستبعد"), "مستبعدا مستبعداً")
_cue(Cue("لاحظ", needs_introducer=True), _past("لاحظ"), _present("لاحظ"), "ملاحظا ملاحظاً")
_cue(Cue("استدرك", needs_introducer=True), _past("استدرك"), _present("ستدرك"), "مستدركا مستدركاً")
_cue(Cue("استطرد", needs_introducer=True), _past("استطرد"), _present("ستطرد"), "مستطردا مستطرداً")
_cue(Cue("زعم", needs_introducer=True), _past("زعم"), _present("زعم"), "زاعما زاعماً")
_cue(Cue("شرح", needs_introducer=True), _past("شرح"), _present("شرح"), "شارحا شارحاً")
_cue(Cue("طمأن", needs_introducer=True), _past("طمأن"), _present("طمئن"), "مطمئنا")
_cue(Cue("أبدى"), "", "", "مبدية")
_cue(Cue("تابع", needs_introducer=True), "", "", "متابعا متابعاً")
_cue(Cue("اعتبر", takes_object=True), "اعتبره اعتبرها اعتبرته اعتبرتها اعتبروه", "يعتبره تعتبره", "معتبرة")
_cue(Cue("وصف", takes_object=True), "وصفه وصفها وصفته وصفتها", "", "")
_cue(Cue("تمنى", needs_introducer=True), "تمنى تمنت تمنوا", "يتمنى تتمنى", "متمنيا متمنياً")
_cue(Cue("واصل", needs_introducer=True), "", "", "مواصلا مواصلاً")
_cue(Cue("ختم", needs_introducer=True), "ختم ختمت اختتم اختتمت", "", "")

# More verbs of saying and stance of news copy, each with the introducer it needs:
# "أجاب بأن", "يعتقد أن", "أرجع ذلك إلى", "عزا … إلى", "أفصح عن", "جزم بأن", "ركّز على".
_cue(Cue("أجاب", needs_introducer=True), _past("أجاب", "اجاب"), _present("جيب"), "مجيبا مجيباً")
_cue(Cue("اعتقد", needs_introducer=True), _past("اعتقد"), _present("عتقد"), "معتقدا معتقداً")
_cue(Cue("أرجع", governs=("إلى",), needs_introducer=True), _past("أرجع", "ارجع"), _present("رجع"), "مرجعا مرجعاً")
_cue(Cue("عزا", governs=("إلى",), needs_introducer=True), "عزا عزت عزوا", "يعزو تعزو", "عازيا عازياً")
_cue(Cue("أفصح", governs=("عن",), needs_introducer=True), _past("أفصح", "افصح"), _present("فصح"), "مفصحا مفصحاً")
_cue(Cue("جزم", needs_introducer=True), _past("جزم"), _present("جزم"), "جازما جازماً")
_cue(Cue("ركز", governs=("على",), needs_introducer=True), _past("ركز", "ركّز"), _present("ركز", "ركّز"),
     "مركزا مركزاً مركّزا")

# Plural and dual forms the lists above leave out ("وأشادوا", "صرحوا", "أعلنوا", "نفوا"), and the
# participles of verbs given without one ("مفيدا", "معلنة", "نافية").
_cue(Cue("صرح", clitics=("ب",)), "صرحا صرحوا صرّحوا", "تصرح تصرّح يصرحون", "مصرحة")
_cue(Cue("أشاد", clitics=("ب",)), "أشادا أشادوا", "يشيدون", "مشيدة")
_cue(Cue("أبدى", takes_object=True), "أبدوا", "يبدون", "")
_cue(Cue("ذكر"), "ذكرا ذكروا", "يذكرون", "")
_cue(Cue("أعلن", governs=("عن",), takes_object=True), "أعلنوا", "يعلنون", "معلنة")
_cue(Cue("نفى", takes_object=True), "نفوا", "ينفون", "")
_cue(Cue("أفاد", clitics=("ب",)), "أفادا أفادوا", "يفيدون", "مفيدا مفيداً")
_cue(Cue("حذر", governs=("من",)), "حذرا حذروا حذّروا", "يحذرون تحذّر", "محذرة")
_cue(Cue("رحب", clitics=("ب",)), "رحبا رحبوا رحّبوا", "يرحبون", "مرحبة")
_cue(Cue("أردف"), "أردفوا", "تردف", "")
_cue(Cue("طالب", clitics=("ب",), object_first=True), "", "يطالبون تطالبان", "مطالبة")
# More verbs of saying and stance in news copy, each with what introduces its content:
# "ادعى أن", "أخبر الوزير نظيره بأن", "أورد التقرير أن", "شجب الحزب
# الاعتداء", "كذّب الناطق الرسمي الخبر", "فنّد … ما راج", "توعد بـ", "أثنى على", "نادى بـ",
# "اشترط أن", "ردّ بأن", "قدّر … بـ", "روى أن".
# (not its present: "يدعى" is "is named", normalized like "يدعي")
_cue(Cue("ادعى", needs_introducer=True), "ادعى ادعت ادعوا إدعى", "", "مدعيا مدعياً")
_cue(Cue("أخبر", object_first=True, clitics=("ب",), needs_introducer=True), _past("أخبر", "اخبر"), _present("خبر"),
     "مخبرا مخبراً")
_cue(Cue("أورد", needs_introducer=True), _past("أورد", "اورد"), _present("ورد"), "")
_cue(Cue("شجب", takes_object=True), _past("شجب"), _present("شجب"), "شاجبا")
_cue(Cue("كذب", takes_object=True, needs_introducer=True), _past("كذّب"), _present("كذّب"), "مكذبا مكذّبا")
_cue(Cue("فند", takes_object=True), _past("فند", "فنّد"), _present("فند", "فنّد"), "مفندا مفنّدا")
_cue(Cue("توعد", clitics=("ب",)), "", _present("توعد", "توعّد"), "متوعدا متوعّدا")  # past توعد is its masdar too
_cue(Cue("أثنى", governs=("على",)), "أثنى أثنت أثنوا", "يثني تثني", "مثنيا مثنياً")
_cue(Cue("نادى", clitics=("ب",), needs_introducer=True), "نادى نادت نادوا", "ينادي تنادي", "مناديا منادياً")
_cue(Cue("اشترط", needs_introducer=True), _past("اشترط"), _present("شترط"), "مشترطا مشترطاً")
_cue(Cue("رد", needs_introducer=True), "رد ردّ ردت ردّت", "يرد يردّ ترد", "")
_cue(Cue("روى", needs_introducer=True), "روى روت", "يروي تروي", "")
_cue(Cue("أوضح"), "", "يوضحون", "")
_cue(Cue("أكد", governs=("على",), takes_object=True), "", "", "مؤكدين مؤكّدين")

# "حمّل الاتحاد الحكومة مسؤولية …": to hold someone responsible is a stance reported
# (data/extraction-dev/GUIDE.md); حمل is also "carried" (حمل رسالة), so a word of blame must follow.
_cue(Cue("حمل", takes_object=True), "حمل حمّل حملت حمّلت حملا حملوا حمّلوا", "", "محملا محمّلا محملة محمّلة")
BLAME_WORDS = _keys("مسؤولية", "المسؤولية", "مسؤوليه", "تبعات", "التبعات", "مسؤوليات", "المسؤوليات", "وزر")

# "وتوجه إلى الأسد بالقول:", "وختم بالقول:": the verb is not one of saying,
# بالقول makes it one.
BY_SAYING = _keys("بالقول")

# "عن X قوله إن": the verbal noun carries the quote, with the speaker before it.
SAYING_NOUNS = _keys("قوله", "قولها", "قولهما", "قولهم")

# مجدداً is also the adverb "again" ("أثبتت مجدداً صوابية"). As an adverb it
# follows its verb directly; as a participle that continues the speaker it
# opens a new clause after a comma.
ADVERB_LOOKALIKES = _keys("مجددا", "مجدداً")

# Relative pronouns and "ما": a verb after them has the antecedent as its
# subject ("التي أكدت الاستمرار", "مما يؤكد أهمية"), never a speaker.
RELATIVES = _keys("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "ما", "مما", "عما", "بما",
                  "لما")

# Verbal nouns that may stand between the verb and its introducer and belong
# to the attribution ("جدد التأكيد على", "لفت الانتباه إلى").
SAYING_MASDARS = _keys("التأكيد", "القول", "الانتباه", "النظر", "الإشارة", "دعوته", "دعوتها", "الدعوة")

# --------------------------------------------------------------------------
# Discourse markers: they open an attribution clause and belong to the
# attribution_text ("من جانبه أكد لاريجاني", "بدوره, اعرب روحاني").
# --------------------------------------------------------------------------

DISCOURSE_MARKERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(normalize(word) for word in phrase.split()) for phrase in (
        "من جانبه", "من جانبها", "من جانبهم", "من جانبهما", "ومن جانبه", "ومن جانبها",
        "من جهته", "من جهتها", "من جهتهم", "ومن جهته", "ومن جهتها",
        "من ناحيته", "من ناحيتها", "ومن ناحيته",
        "بدوره", "بدورها", "بدورهم", "بدورهما", "وبدوره", "وبدورها",
        "من جهة أخرى", "ومن جهة أخرى", "من جهة ثانية", "في المقابل", "وفي المقابل",
        "حيث", "كما", "وكما", "فيما", "ثم", "وقد", "قد", "كذلك", "وكذلك",
        # "ولكن إدارة الإطفاء قالت إن …", "بينما قالت الشرطة إن …", "فقد طالبوا بـ …"
        "لكن", "ولكن", "بينما", "وبينما", "فقد", "لقد", "ولقد", "إذ", "اذ",
        # "وكان المرصد أعلن أمس أن …", "وكانت وزارة الداخلية دعت …": a past report recalled.
        "كان", "وكان", "كانت", "وكانت", "وقد كان", "وكان قد", "وكانت قد",
    )
)
# The ones that name the speaker's side ("for his part"): they may also
# follow the speaker ("وشدّد خامنئي بدوره").
SIDE_MARKERS = _keys("بدوره", "بدورها", "بدورهم", "بدورهما")

# --------------------------------------------------------------------------
# Nested attribution: a source credited inside the sentence. The credit
# goes to attributed_via and covers every statement of the sentence.
# --------------------------------------------------------------------------

CREDIT_OPENERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(normalize(word) for word in phrase.split()) for phrase in (
        "حسب", "وحسب", "بحسب", "وبحسب", "وفقا ل", "ووفقا ل", "وفقاً ل", "ووفقاً ل", "وفق", "ووفق",
        "طبقا ل", "طبقاً ل", "نقلا عن", "نقلاً عن", "على ذمة",
        # One word with its ما: "حسبما أعلن محققون", "وحسبما أكده مصدر أمني".
        "حسبما", "وحسبما", "بحسبما",
    )
)
# "وفقاً لبيان": the ل sticks to the next word.
CREDIT_CLITIC_OPENERS = _keys("وفقا", "ووفقا", "طبقا", "وطبقا")

# Heads of a phrase that names a source, not a participant: agencies,
# papers, broadcasters, statements and unnamed sources ("وقال التلفزيون
# الإيراني إن ..." reports, it is not a statement of a participant).
MEDIA_HEADS = _keys(
    "وكالة", "وكالات", "الوكالة", "صحيفة", "صحف", "الصحيفة", "قناة", "القناة", "قنوات", "التلفزيون",
    "تلفزيون", "التلفزة", "الإذاعة", "إذاعة", "موقع", "الموقع", "مواقع", "بيان", "البيان", "بيانا",
    "مصدر", "مصادر", "المصدر", "المصادر", "وسائل", "شبكة", "مراسل", "مراسلنا", "تقرير", "التقرير",
    "تقارير", "الإعلام", "إعلام", "المرصد", "أنباء", "مسؤول", "مسؤولون", "دبلوماسي", "دبلوماسيون",
    "مراقبون", "محللون", "شهود",
    "بلاغ", "البلاغ", "بلاغا", "تقريرا", "رسالة", "الرسالة", "مراسلة",
)
# Documents a body issues: "ذكر بلاغ لوزارة الداخلية أن": the body says it (data/extraction-dev/GUIDE.md).
DOCUMENT_HEADS = _keys("بيان", "البيان", "بيانا", "بلاغ", "البلاغ", "بلاغا", "تقرير", "التقرير", "تقريرا", "رسالة",
                       "الرسالة", "مراسلة")

# The sources of MEDIA_HEADS that are people (unnamed officials, witnesses,
# sources): data/extraction-dev/GUIDE.md makes them speakers, an outlet's framing is not.
PERSONAL_SOURCES = _keys(
    "مصدر", "مصادر", "المصدر", "المصادر", "مصادرنا", "شهود", "شاهد", "شاهدة", "مسؤول", "مسؤولون", "دبلوماسي",
    "دبلوماسيون", "مراقبون", "محللون", "تقارير", "التقارير", "أنباء", "مراسل", "مراسلنا",
    # Two of them, and the plural of the construct: "وقال مصدران بالشرطة", "مسؤولان أمريكيان".
    "مصدران", "مصدرين", "مسؤولان", "مسؤولو",
)

# Subjects that are two or more people at once ("وأكد الجانبان أهمية …"):
# no single speaker to propose.
COLLECTIVE_SUBJECTS = _keys(
    "الجانبان", "الجانبين", "الطرفان", "الطرفين", "الرئيسان", "الرئيسين", "الوزيران", "الوزيرين",
    "المسؤولان", "المسؤولين", "الزعيمان", "الزعيمين", "المجتمعون", "المشاركون", "الحضور", "الوفدان",
)

# --------------------------------------------------------------------------
# Adjuncts between the speaker and the content: time, place, occasion,
# the person addressed. Skipped, but kept in the attribution_text.
# --------------------------------------------------------------------------

ADJUNCT_OPENERS = _keys(
    "خلال", "في", "يوم", "اليوم", "أمس", "امس", "مساء", "صباح", "ظهر", "لدى", "أثناء", "اثناء", "عقب",
    "إثر", "أمام", "عند", "مخاطبا", "مخاطباً", "مخاطبة", "موجها", "موجهاً", "أيضا", "أيضاً", "ايضا",
    "كذلك", "مع", "الأربعاء", "الخميس", "الأحد", "الاثنين", "الثلاثاء", "الجمعة", "السبت",
    "عشية", "صبيحة", "ليلة", "غداة", "منتصف", "بعد", "قبيل", "إبان", "بمناسبة", "بحضور", "على هامش",
    # "أكد المعهد عبر موقعه على الانترنيت أنه …": عبر "via", not عبّر عن.
    "عبر", "بموجب", "بسبب", "بفضل", "بخصوص", "بشأن", "وبخصوص", "برئاسة", "بمشاركة",
)
# One- or two-word adjuncts: "يوم الأربعاء", "أيضاً". The others run to the
# next comma, colon, quote or introducer.
SHORT_ADJUNCTS = _keys("يوم", "اليوم", "أمس", "امس", "مساء", "صباح", "ظهر", "أيضا", "ايضا", "كذلك", "عشية",
                       "صبيحة", "غداة", "بالمناسبة", "بالخصوص", "خاصة", "بدورها", "مجددا", "مرة",
                       "الأربعاء", "الخميس", "الأحد", "الاثنين", "الثلاثاء", "الجمعة", "السبت")
DAY_NAMES = _keys("الأربعاء", "الخميس", "الأحد", "الاثنين", "الثلاثاء", "الجمعة", "السبت")
# Words of time that end a body's or an outlet's name ("وقالت وزارة الداخلية الإيطالية الأسبوع
# الماضي", "قناة الحرة الفضائية اليوم").
TIME_WORDS = _keys("الأسبوع", "الاسبوع", "الشهر", "الماضي", "الماضية", "المقبل", "المقبلة", "الجاري", "الفارط",
                   "القادم", "القادمة", "اليوم", "أمس", "امس", "الليلة", "البارحة", "مساء", "صباح", "فجر") | DAY_NAMES
# Words with a ب or ل glued on that head adjuncts, never the content of "تعهد بـ", "رحب بـ",
# "دعا لـ": "بموجب ذلك", "بسبب", "بالمناسبة", "بحضور", "بخصوص".
CLITIC_FALSE_FRIENDS = _keys("بموجب", "بسبب", "بفضل", "بخصوص", "بشأن", "بصفة", "باعتبار", "باعتباره", "بالمناسبة",
                             "بمناسبة", "بحضور", "برئاسة", "بمشاركة", "بالتوازي", "بالتزامن", "بالخصوص", "بالنسبة",
                             "بعد", "بين", "بينما", "بدوره", "بدورها", "بالقول", "لدى", "لمراسل", "لمراسلة",
                             "لوكالة", "لإذاعة", "لصحيفة", "لقناة", "لموقع", "لها", "له", "لهم")
# "ونفت هذه المصالح أن …", "كما أفاد ذلك شقيق الطفل": a demonstrative opens a subject nobody named.
DEMONSTRATIVES = _keys("هذه", "هذا", "هؤلاء", "تلك", "ذلك", "هذان", "هاتان")

# --------------------------------------------------------------------------
# Meetings (events): who met whom.
# --------------------------------------------------------------------------

MEETING_VERBS = _keys(
    "التقى", "التقت", "التقيا", "يلتقي", "تلتقي", "استقبل", "استقبلت", "يستقبل", "تستقبل",
    "اجتمع", "اجتمعت", "يجتمع", "تجتمع", "بحث", "بحثت", "يبحث", "تبحث", "زار", "زارت", "يزور",
    # Talks and calls as verbs: "تباحث الوزير مع نظيره", "تحادث هاتفيا مع", "اتصل هاتفيا بـ".
    "تباحث", "تباحثت", "يتباحث", "تتباحث", "تحادث", "تحادثت", "يتحادث", "اتصل", "اتصلت", "يتصل", "تتصل",
    "هاتف", "هاتفت", "التقوا", "اجتمعا", "اجتمعوا", "تلتقي", "تستقبل",
    # Duals, plurals, the future and قابل: "استقبلا", "يلتقيان", "سيلتقي", "قابلت".
    "استقبلا", "استقبلوا", "التقتا", "يلتقيان", "يلتقون", "يجتمعون", "يجتمعان", "بحثا", "بحثوا", "تباحثا",
    "تباحثوا", "تحادثا", "سيلتقي", "ستلتقي", "سيستقبل", "ستستقبل", "سيجتمع", "ستجتمع", "قابل", "قابلت",
    "يقابل", "تقابل",
)
MEETING_NOUNS = _keys("لقاء", "لقائه", "لقائها", "لقاءه", "لقاءها", "لقاءات", "اجتماع", "اجتماعه",
                      "مباحثات", "محادثات", "مباحثاته", "محادثاته", "محادثة", "استقبال", "استقباله",
                      "استقبالها", "جلسة", "مقابلة", "مقابلته",
                      "لقاءا", "لقائهما", "اجتماعا", "اجتماعات", "اجتماعها", "اجتماعهما",
                      "مباحثاتها", "مباحثاتهما", "محادثاتها", "محادثاتهما", "مقابلتها")
# A call, not a meeting: "اتصال هاتفي", "مكالمة هاتفية", "محادثة هاتفية".
CALL_NOUNS = _keys("اتصال", "اتصالا", "اتصالاً", "مكالمة", "مكالمته", "اتصاله", "اتصالها")
CALL_MARKERS = _keys("هاتفي", "هاتفيا", "هاتفياً", "هاتفية", "الهاتفي", "الهاتفية", "هاتفيّ")
# "المباحثات التي جمعت ... X و Y".
GATHERING_VERBS = _keys("جمعت", "جمع", "تجمع", "يجمع",
                        # "خلال لقاء جمعه بنظيره", "في اجتماع جمعها بممثلي …"
                        "جمعه", "جمعها", "جمعهما", "جمعهم", "جمعته", "جمعتها", "جمعتهما", "جمعتهم")
# Gatherings of many (kind "conference"): "خلال مائدة مستديرة … بحضور X و Y", "افتتاح ندوة".
CONFERENCE_NOUNS = _keys("مؤتمر", "المؤتمر", "مؤتمرا", "ندوة", "الندوة", "ملتقى", "الملتقى", "مائدة", "المائدة",
                         "منتدى", "المنتدى", "قمة", "القمة")
# Nouns of talk that make a meeting only with "مع" after them: "حديثه مع عدد من الأساتذة",
# "مشاورات مع أطراف سياسية", "على اتصال مع المسؤولين" (a call), "تواصل مع".
# Not "حوار مع" (an interview, as often as a dialogue) nor "تواصل مع" (any contact).
TALK_NOUNS = _keys("حديث", "حديثه", "حديثها", "مشاورات", "المشاورات", "مشاوراته", "تشاور", "اتصالات",
                   "مفاوضات", "المفاوضات", "مفاوضاته")
CALL_TALK_NOUNS = _keys("اتصال", "الاتصال", "اتصالا", "اتصاله", "اتصالها", "مكالمة", "المكالمة", "مكالمته")
COMITATIVES = _keys("مع", "ومع")
# "لقاء صحفي", "ندوة صحفية", "مؤتمر صحفي": the press, not a meeting of two sides.
PRESS_MARKERS = _keys("صحفي", "صحفية", "صحافي", "صحافية", "الصحفي", "الصحفية", "الصحافي", "الصحافية", "إعلامي",
                      "إعلامية", "الإعلامي", "الإعلامية")
# Heads of a side named only as a group ("استقبل الوزير وفدا برلمانيا", "مع عدد من الأساتذة",
# "مع أطراف سياسية", "مع المسؤولين"): data/extraction-dev/GUIDE.md counts it when no person is named for it.
GROUP_HEADS = _keys("وفد", "وفدا", "الوفد", "عدد", "عددا", "ممثلي", "ممثلين", "أعضاء", "اعضاء", "رؤساء", "سفراء",
                    "مسؤولي", "المسؤولين", "مسؤولين", "أطراف", "الأطراف", "مجموعة", "ثلة", "نواب", "ممثلو",
                    "قيادات", "ممثلات", "رجال", "نشطاء", "ناشطين", "خبراء", "الخبراء", "المشاركين", "ممثلا")
# Plural posts that name a gathering's participants as a group: "ندوة القناصل الشرفيين",
# "اجتماع الولاة", "مؤتمر السفراء".
GROUP_HEADS = GROUP_HEADS | _keys("القناصل", "قناصل", "السفراء", "الولاة", "ولاة", "الوزراء", "وزراء", "المعتمدين",
                                  "المديرين", "مديري", "المديرين الجهويين", "رؤساء", "الرؤساء", "النواب", "نواب",
                                  "الأمناء", "أمناء", "القضاة", "الأساتذة", "أساتذة", "الأطباء", "الخبراء",
                                  "المستثمرين", "رجال", "ممثلي", "المسؤولين", "الممثلين", "المندوبين", "مندوبي",
                                  # Families, residents, staff and leaders received as a group: "استقبل
                                  # … عائلات شهداء", "التقى بأهالي المنطقة", "لفيف من", "قادة الأحزاب".
                                  "عائلات", "عائلة", "أهالي", "الأهالي", "إطارات", "الإطارات", "طلبة", "شباب",
                                  "لفيف", "نخبة", "قادة", "القادة", "زعماء", "الزعماء", "أعيان", "ضباط",
                                  "كوادر", "الفاعلين", "فاعلين", "برلمانيين", "البرلمانيين", "نقابيين",
                                  "النقابيين", "ممثلات", "ممثلة", "المنظمات", "منظمات", "وفود", "الوفود")
# "أشرف X، رفقة Y، على افتتاح …": Y was there with X. Only after a verb of presiding or
# attending: "وغادر رفقة أعضاء الكتلة" is not a meeting.
COMPANY_WORDS = _keys("رفقة", "برفقة", "بمعية", "صحبة", "بصحبة")
ATTENDING_VERBS = _keys("أشرف", "أشرفت", "يشرف", "تشرف", "ترأس", "ترأست", "يترأس", "افتتح", "افتتحت", "اختتم",
                        "اختتمت", "حضر", "حضرت", "يحضر", "واكب", "واكبت", "شارك", "شاركت", "يشارك", "دشن",
                        "دشنت", "أدى", "أدت", "يؤدي", "تؤدي", "زار", "زارت")
# Heads that take "من" after them as part of the side: "عدد من", "مجموعة من", "ثلة من".
PARTITIVE_HEADS = _keys("عدد", "عددا", "مجموعة", "ثلة", "جمع", "وفد", "وفدا")

# --------------------------------------------------------------------------
# Titles of office (title-only mentions: "الرئيس الإيراني", "نائب الرئيس
# الإيراني") and the nationality adjectives that give their country.
# --------------------------------------------------------------------------

TITLE_HEADS = _keys(
    "رئيس", "الرئيس", "رئيسة", "نائب", "النائب", "وزير", "الوزير", "وزيرة", "الوزيرة", "المرشد", "مرشد",
    "قائد", "أمين", "الأمين", "مستشار", "المستشار", "مستشارة", "المتحدث", "متحدث", "الناطق", "ناطق",
    "سفير", "السفير", "مساعد", "معاون", "الملك", "ملك", "الأمير", "أمير", "ولي", "المبعوث", "مبعوث",
    "رئيسا", "الرئيسان", "الوزيران", "مندوب", "المندوب", "محافظ", "المحافظ", "حاكم", "السلطان",
    "الشيخ", "القائد", "الرئيسة", "نائبة", "النائبة", "المستشارة", "المتحدثة", "متحدثة", "الناطقة",
    "ناطقة", "سفيرة", "السفيرة", "مندوبة", "المندوبة", "الملكة", "الأمينة", "أمينة", "مساعدة",
    # "نظيره التركي هاكان فيدان": the counterpart of the subject, a title in all but name.
    "نظير", "نظيره", "نظيرها", "نظيرته", "نظيرتها",
    # "وأضاف المسؤول الروسي": a definite official refers back to one named before.
    "المسؤول", "المسؤولة", "الضيف",
)
# Posts and roles of news copy beyond government: party and union
# officials, civil servants, experts, members ("القيادي بحركة …", "كاتب عام
# نقابة …", "عضو المكتب السياسي").
TITLE_HEADS = TITLE_HEADS | _keys(
    "كاتب", "الكاتب", "القيادي", "قيادي", "القيادية", "قيادية", "عضو", "العضو", "عضوة", "مدير", "المدير",
    "مديرة", "المديرة", "والي", "الوالي", "معتمد", "المعتمد", "المنسق", "منسق", "الخبير", "خبير",
    "الخبيرة", "المحلل", "محلل", "الباحث", "باحث", "الأستاذ", "أستاذ", "القنصل", "قنصل", "المفوض",
    "مفوض", "الممثل", "ممثل", "ممثلة", "المقرر", "مقرر", "المكلف", "مكلف", "نقيب", "النقيب", "عميد",
    "زعيم", "الزعيم", "مؤسس", "المؤسس", "المرشح", "مرشح", "المرشحة", "البرلماني", "البرلمانية",
    "رئيسة", "الناطقة", "نائبة", "المتحدثة", "المسؤول", "مسؤول", "المسؤولة",
    "وزيرة", "الوزيرة", "السفيرة", "كاتبة", "الكاتبة", "الأمينة", "المندوب", "الملحق",
    # Occupations that introduce a speaker as often as posts do ("انتقدت القاضية …",
    # "قال المحامي …", "أكد الناشط الحقوقي …").
    "القاضي", "القاضية", "قاضي", "المحامي", "المحامية", "محامي", "الناشط", "الناشطة", "ناشط", "ناشطة",
    "الصحفي", "الصحفية", "الإعلامي", "الإعلامية", "الطبيب", "الطبيبة", "الإمام", "المفتي", "الداعية",
    "المنشط", "المنشطة", "المدرب", "الحقوقي", "الحقوقية", "الأمين", "رئيسة", "المحافظ", "المندوبة",
    "الجنرال", "المشير", "العقيد", "المقدم", "الرائد", "الأستاذة", "أستاذة", "الأستاذ الجامعي",
    # Feminine and indefinite forms of the posts above, and ranks and offices of news copy beyond
    # them: "مسؤولة السياسة الخارجية", "المكلفة بالإعلام", "وكيل الجمهورية", "العاهل المغربي",
    # "اللواء", "الدبلوماسي البلجيكي", "النقابي", "المدعي العام", "عمدة باريس".
    "مسؤولة", "المكلفة", "مكلفة", "منسقة", "المنسقة", "خبيرة", "الباحثة", "باحثة", "المحللة", "محامية",
    "الممثلة", "المقررة", "العضوة", "المفوضة", "مفوضة", "النقابي", "النقابية", "الدبلوماسي",
    "الدبلوماسية", "العاهل", "البابا", "اللواء", "الوكيل", "وكيل", "العمدة", "عمدة", "المدعي", "الملازم",
    "المشرف", "المشرفة", "الأخصائي", "الأخصائية", "رئيسة", "مديرة", "المندوب", "قائدة", "القائدة",
)
# Heads of an organization's name: bodies, ministries, parties, unions,
# forces and delegations speak too ("وأكدت هيئة الإسعاف", "واعتبر الاتحاد").
ORGANIZATION_HEADS = _keys(
    "وزارة", "الوزارة", "هيئة", "الهيئة", "حركة", "الحركة", "حزب", "الحزب", "الاتحاد", "اتحاد", "نقابة",
    "النقابة", "جمعية", "الجمعية", "الحكومة", "حكومة", "الشرطة", "شرطة", "الجيش", "جيش", "منظمة",
    "المنظمة", "لجنة", "اللجنة", "مجلس", "المجلس", "الرئاسة", "رئاسة", "جامعة", "الجامعة", "جبهة",
    "الجبهة", "ائتلاف", "الائتلاف", "المكتب", "مكتب", "ديوان", "الديوان", "السلطة", "السلطات", "سلطات",
    "الوفد", "وفد", "الإدارة", "إدارة", "الأمم", "البرلمان", "برلمان", "المحكمة", "محكمة", "النيابة",
    "الكتلة", "كتلة", "المرصد", "مرصد", "الرابطة", "رابطة", "التنسيقية", "تنسيقية", "المعهد", "معهد",
    "البنك", "بنك", "المركز", "مركز", "الديوانة", "الحرس", "المفوضية", "مفوضية", "التحالف",
    "تحالف", "الأمانة", "أمانة", "الكنفدرالية", "الفيدرالية", "المنتدى", "منتدى",
    "البلدية", "بلدية", "المؤسسة", "مؤسسة", "الشركة", "شركة", "وزارتا", "الوزارتان", "الوزارتين",
    # The ministry by its portfolio, as news copy writes it: "وقالت الخارجية الإيرانية".
    "الخارجية", "الداخلية",
    # Funds, forces, missions and offices that speak in agency copy: "قال صندوق النقد الدولي",
    # "وقالت البحرية الإيطالية", "وأضاف الادعاء العام", "أعلنت السفارة الأمريكية", "قيادة التحالف",
    # "المندوبية الجهوية للتربية", "الغرفة الوطنية", "عمادة المحامين".
    "صندوق", "الصندوق", "البحرية", "الادعاء", "القوات", "قوات", "السفارة", "سفارة", "القنصلية",
    "قنصلية", "البعثة", "بعثة", "القيادة", "قيادة", "المندوبية", "مندوبية", "الغرفة", "غرفة", "عمادة",
    "المجمع", "مجمع", "الكونغرس", "الخطوط", "التنظيم", "تنظيم",
)
# Words that belong to an organization's name without the article
# ("الاتحاد العام التونسي للشغل", "حركة نداء تونس", "هيئة الإسعاف").
ORGANIZATION_WORDS = ORGANIZATION_HEADS | _keys(
    "نداء", "تونس", "الشعب", "نواب", "العام", "العامة", "العليا", "الوطني", "الوطنية", "المستقلة",
    "للشغل", "للانتخابات", "للإنتخابات", "الدول", "المتحدة", "العربية", "الدولي", "الدولية", "الأمن",
    "حقوق", "لحقوق", "الإنسان", "الانسان", "للدفاع",
    "للأمن", "للصناعة", "والتجارة", "مكافحة", "الإسعاف", "التعليم", "الثانوي", "الأساسي", "العالي",
)

# Common given names of the Arab world (Mashriq and Maghreb spellings), for
# names nobody stored that no title introduces: "رجح فيصل خليفة من …" is a
# person because فيصل is a given name; "اقترح عليه خطة" is not.
GIVEN_NAMES = _keys(*"""
محمد أحمد محمود مصطفى علي حسن حسين عمر عثمان خالد خليل إبراهيم اسماعيل إسماعيل يوسف يونس يحيى زكرياء
عيسى موسى هارون سليمان داود آدم نوح إلياس ياسين طه عبد عبدالله عبدالرحمن عبدالعزيز عبدالقادر عبدالكريم
عبدالمجيد عبدالحميد عبداللطيف عبدالرزاق عبدالسلام عبدالوهاب عبدالحكيم عبدالفتاح عبدالباسط عبدالرحيم
سعيد سعد سعود سالم سليم سامي سامر سمير ساسي شكري صابر صالح صلاح صادق الصادق طارق طاهر الطاهر عادل عماد
عصام عامر عمار عمرو فتحي فاضل فيصل فريد فوزي فؤاد كريم كمال كامل لطفي ماهر مالك مبروك مجدي مختار مراد
مروان مصباح معز منصف المنصف منجي المنجي منير مهدي ناجي نبيل نجيب نزار نصر نعمان نور هادي الهادي هشام
وليد وائل وسام ياسر رضا رياض رشيد راشد رفيق رمزي زياد زهير زين حاتم حافظ حامد حمدي حمزة حبيب الحبيب
جمال جلال جميل جيلاني الجيلاني توفيق تميم بشير البشير بلال بدر باسل أنور أيمن أسامة أمين الأمين أشرف
إدريس أكرم ابراهيم الباجي الأسعد لسعد أسعد المولدي المكي العربي الشاذلي الناصر ناصر منذر مصدق نوفل
غازي قيس لزهر الأزهر الطيب طيب الحسين الحسن المهدي عزالدين نورالدين صلاحالدين خيرالدين فخري
فاطمة عائشة خديجة مريم زينب سارة سلمى ليلى ليلي هدى هند سعاد سميرة سامية سناء سهام سلوى نادية نجلاء
نعيمة نجاة نورة نور آمال أمال أمل إيمان ايمان أسماء رحاب رانية ريم رجاء رشيدة زهرة زهور فائزة فوزية
لمياء لبنى منى منية مها وداد وفاء يسرى يمينة بشرى جميلة حياة حنان حليمة خولة دليلة راضية سنية شيراز
عفاف عبير كوثر ماجدة مباركة ألفة الفة أروى درصاف سهير إيناس بسمة أحلام سوسن سماح نزيهة حبيبة
ميلود الميلود بلقاسم بالقاسم عبدالمجيد حمادي حمودة الهاشمي هاشم الصحبي صحبي العياشي عياشي
بوبكر أبوبكر منجي نبيه النوري نوري مولدي شفيق رؤوف حسونة عاطف رامي سفيان أنيس انيس غسان وديع بسام هيثم
نعيمة نائلة بثينة رشا نسرين كلثوم ثريا مبروكة حورية
""".split())
# Given names that are also everyday words ("كامل أراضيها", "سعيد", "حسن النية",
# "أمل"): they start a name only where a title, a verb of saying or a comma
# vouches for it, never on their own.
AMBIGUOUS_GIVEN_NAMES = _keys(*"""
كامل سعيد جميل كريم أمين الأمين أمل آمال أمال نور عادل صالح حسن سالم فاضل منير رشيد ناصر الناصر حياة هدى
بشرى منى سعد عز خير بدر شمس سيف زين طيب الطيب مبروك فريد كمال جمال وفاء رجاء نجاة سماح حنان أحلام أمان
سلام وسام صادق مختار العربي حبيب زهور
""".split())
# Compound given names written in two words ("عبد العزيز", "نور الدين").
GIVEN_NAME_HEADS = _keys("عبد", "نور", "عز", "صلاح", "خير", "سيف", "شمس", "بدر", "سعد", "أبو", "ابو", "بن")

# Verbal nouns that open the content of "أكد ضرورة …", "أبرز أهمية …": never a name.
CONTENT_OPENERS = _keys(
    "أهمية", "ضرورة", "حرص", "استعداد", "عزم", "دعم", "تعزيز", "مواصلة", "رفض", "تمسك", "التزام", "أن",
    "وجوب", "أولوية", "إمكانية", "امكانية", "عدم", "مساندة", "تضامن", "أسف", "ارتياح", "انشغال", "قلق",
    "تقدير", "شكر", "إدانة", "استنكار", "تأييد", "انفتاح", "رغبة", "إرادة", "جاهزية", "نية", "تطلع",
    "مراجعة", "تغيير", "إطلاع", "اطلاع", "تواصل", "انطلاق", "بذل", "حق", "وحدة", "العمل", "تكثيف",
    "إصدار", "اصدار", "اتخاذ", "إحداث", "احداث", "تنظيم", "إطلاق", "تقديم", "إعداد", "إجراء", "تطوير",
    "تحسين", "فتح", "توفير", "إيجاد", "ايجاد", "تفعيل", "تنفيذ", "إنجاح", "انجاح", "تسوية", "تشجيع",
    "تصريحات", "تصريح", "قرار", "قرارات", "موقف", "مواقف", "خلال", "بعد", "قبل",
)
# The journalist's framing of a meeting ("تناول اللقاء …", "تطرق الجانبان إلى …"):
# data/extraction-dev/GUIDE.md says no speaker said it, credited or not.
FRAMING_VERBS = _keys("تناول", "تناولت", "تطرق", "تطرقت", "تطرقا", "ناقش", "ناقشت", "جرى", "جرت", "تم", "تمت",
                      "شهد", "شهدت", "بحث", "بحثت", "بحثا", "استعرض", "استعرضت", "تخلل", "تخللت")

# Titles that stand for whoever was just introduced, whatever their post:
# "وشدد المتحدث", "وأضاف المسؤول", "ثمن الضيف".
ANAPHORIC_TITLES = _keys("المتحدث", "المتحدثة", "المسؤول", "المسؤولة", "الضيف", "الضيفة", "المتحدث ذاته",
                         "المصدر ذاته", "المسؤول النقابي", "المسؤولة النقابية", "النقابي", "الدبلوماسي")
NAME_STOPS_MORE = _keys("له", "لها", "لهم", "عليه", "عليها", "إليه", "اليه", "منه", "منها", "فيه", "فيها", "هو",
                        "عنه", "عنها", "عنهم", "بعدم",
                        "هي", "هم", "بها", "به", "لي", "أيضا", "ذاته", "ذاتها", "نفسه", "نفسها",
                        # "ودعت وزيرة الصحة، من جهة اخرى،": a discourse phrase after a title, not a name.
                        "جهة", "اخرى", "أخرى", "ناحية", "هما", "رفقة", "برفقة", "صحبة",
                        # Kinship and apposition after a name: "عماد الطرابلسي صهر الرئيس الأسبق".
                        "صهر", "نجل", "نجلة", "ابنة", "شقيق", "شقيقة", "زوج", "زوجة", "أرملة", "والد", "والدة",
                        "حفيد", "عم", "خال",
                        # What a meeting was about starts after the names: "وداد بوشماوي حول الزيادة".
                        "حول", "بشأن", "بخصوص", "إزاء", "ازاء", "تجاه", "لبحث", "للتباحث", "لمناقشة", "للنظر",
                        "قصد", "بهدف",
                        # Copulas end a name and never start one: "الدبلوماسي البلجيكي كان مناسبة …".
                        "كان", "كانت", "يكون", "تكون", "ليس", "ليست", "أصبح", "أصبحت", "بات", "باتت", "ظل",
                        "ظلت", "مازال", "مازالت", "لازال", "لايزال")

# Words that continue a title without the article ("رئيس مجلس الوزراء",
# "وزير الطرق وبناء المدن", "المتحدث باسم الخارجية").
TITLE_WORDS = _keys(
    "مجلس", "وزراء", "الوزراء", "وزير", "رئيس", "نائب", "هيئة", "لجنة", "أمين", "مستشار", "مساعد",
    "شؤون", "بناء", "وبناء", "أركان", "الجمهورية", "باسم", "عام", "العام", "دولة", "شورى", "اول",
    "أول", "الأول", "الاول", "لرئيس", "للرئيس", "للشؤون", "للأمن", "للامن", "مكتب", "قائد", "وزارة",
    "حكومة", "الحكومة", "النظام", "سمو", "جلالة", "فخامة", "الثورة", "العهد", "عهد", "مجلسي",
    # Units an official heads, in construct ("رئيس قسم التوليد", "مدير دائرة الإعلام", "رئيس فرع").
    "قسم", "دائرة", "مصلحة", "فرع", "شعبة", "وحدة", "خلية", "قطاع", "ولاية", "معتمدية", "غرفة", "نادي",
    "جمعية", "بلدية", "إدارة", "ادارة", "مكتب", "ديوان", "عمادة", "كلية", "مستشفى",
)
# Honorifics and ranks that say nothing about which post is meant.
TITLE_FILLERS = _keys("السيد", "السيدة", "سيد", "الدكتور", "الدكتورة", "دكتور", "المهندس", "الأستاذة",
                      "العقيد", "المقدم", "الرائد", "الجنرال", "المشير", "الحاج", "العماد", "العميد", "اللواء",
                      "الفريق", "الشيخ", "سماحة", "فخامة", "سمو", "جلالة", "دولة", "النظام", "نظام",
                      "آية", "الله")

_NATIONALITIES = {
    "SY": "السوري السورية سوري سورية سوريا", "IR": "الإيراني الإيرانية إيراني إيرانية إيران",
    "RU": "الروسي الروسية روسي روسية روسيا", "TR": "التركي التركية تركي تركية تركيا",
    "IQ": "العراقي العراقية عراقي عراقية العراق", "LB": "اللبناني اللبنانية لبناني لبنانية لبنان",
    "US": "الأمريكي الأمريكية الأميركي الأميركية أمريكي أميركي أمريكا أميركا",
    "CN": "الصيني الصينية صيني صينية الصين", "FR": "الفرنسي الفرنسية فرنسي فرنسية فرنسا",
    "GB": "البريطاني البريطانية بريطاني بريطانية بريطانيا", "DE": "الألماني الألمانية ألمانيا",
    "EG": "المصري المصرية مصري مصرية مصر", "SA": "السعودي السعودية سعودي السعودية",
    "JO": "الأردني الأردنية أردني الأردن", "QA": "القطري القطرية قطري قطر",
    "AE": "الإماراتي الإماراتية إماراتي الإمارات", "KW": "الكويتي الكويتية الكويت",
    "OM": "العماني العمانية عماني عمان", "YE": "اليمني اليمنية يمني اليمن",
    "DZ": "الجزائري الجزائرية الجزائر", "TN": "التونسي التونسية تونس", "MA": "المغربي المغربية المغرب",
    "LY": "الليبي الليبية ليبيا", "SD": "السوداني السودانية السودان", "PS": "الفلسطيني الفلسطينية فلسطين",
    "AF": "الأفغاني الأفغانية أفغانستان", "PK": "الباكستاني الباكستانية باكستان",
    "IN": "الهندي الهندية الهند", "KZ": "الكازاخستاني الكازاخستانية كازاخستان",
    "AM": "الأرميني الأرمينية أرمينيا", "AZ": "الأذربيجاني الأذربيجانية أذربيجان",
    "VE": "الفنزويلي الفنزويلية فنزويلا", "BY": "البيلاروسي البيلاروسية بيلاروسيا",
    "BE": "البلجيكي البلجيكية بلجيكا", "NL": "الهولندي الهولندية هولندا", "CH": "السويسري السويسرية سويسرا",
    "AT": "النمساوي النمساوية النمسا", "SE": "السويدي السويدية السويد", "NO": "النرويجي النرويجية النرويج",
    "DK": "الدنماركي الدنماركية الدنمارك", "FI": "الفنلندي الفنلندية فنلندا", "PL": "البولندي البولندية بولندا",
    "PT": "البرتغالي البرتغالية البرتغال", "GR": "اليوناني اليونانية اليونان", "CA": "الكندي الكندية كندا",
    "BR": "البرازيلي البرازيلية البرازيل", "AR": "الأرجنتيني الأرجنتينية الأرجنتين", "MX": "المكسيكي المكسيكية",
    "IL": "الإسرائيلي الإسرائيلية إسرائيل", "MR": "الموريتاني الموريتانية موريتانيا", "ML": "المالي",
    "NE": "النيجري", "NG": "النيجيري النيجيرية نيجيريا", "SN": "السنغالي السنغالية السنغال",
    "ET": "الإثيوبي الإثيوبية إثيوبيا", "KE": "الكيني الكينية كينيا", "ZA": "الجنوب أفريقي",
    "UA": "الأوكراني الأوكرانية أوكرانيا", "RO": "الروماني الرومانية رومانيا", "HU": "المجري المجرية المجر",
    "CZ": "التشيكي التشيكية التشيك", "IE": "الإيرلندي الأيرلندي", "MT": "المالطي المالطية مالطا",
    "KR": "الكوري الجنوبي", "ID": "الإندونيسي الإندونيسية إندونيسيا", "MY": "الماليزي الماليزية ماليزيا",
    "KP": "الكوري الشمالي", "JP": "الياباني اليابانية اليابان", "IT": "الإيطالي الإيطالية إيطاليا",
    "ES": "الإسباني الإسبانية إسبانيا", "BH": "البحريني البحرينية البحرين",
}
NATIONALITIES: dict[str, str] = {}
for _code, _words in _NATIONALITIES.items():
    for _word in _words.split():
        NATIONALITIES.setdefault(normalize(_word), _code)
del _code, _words, _word

# Capitals and cities where meetings take place (the event's place).
PLACES = {normalize(city): code for city, code in (
    ("طهران", "IR"), ("دمشق", "SY"), ("موسكو", "RU"), ("أنقرة", "TR"), ("بغداد", "IQ"), ("بيروت", "LB"),
    ("القاهرة", "EG"), ("الرياض", "SA"), ("عمان", "JO"), ("الدوحة", "QA"), ("أبوظبي", "AE"),
    ("الكويت", "KW"), ("مسقط", "OM"), ("صنعاء", "YE"), ("الجزائر", "DZ"), ("تونس", "TN"),
    ("الرباط", "MA"), ("طرابلس", "LY"), ("الخرطوم", "SD"), ("بكين", "CN"), ("باريس", "FR"),
    ("لندن", "GB"), ("برلين", "DE"), ("واشنطن", "US"), ("نيويورك", "US"), ("جنيف", None),
    ("أستانا", "KZ"), ("آستانا", "KZ"), ("سوتشي", "RU"), ("حلب", "SY"), ("اللاذقية", "SY"),
    ("مشهد", "IR"), ("أصفهان", "IR"), ("باكو", "AZ"), ("يريفان", "AM"), ("كاراكاس", "VE"),
    ("المنامة", "BH"), ("عمّان", "JO"), ("اسطنبول", "TR"), ("إسطنبول", "TR"),
)}

# --------------------------------------------------------------------------
# Words that end a person's name: a name is 1-4 words, and news prose puts
# one of these (or punctuation) right after it.
# --------------------------------------------------------------------------

NAME_STOPS = _keys(
    "في", "من", "إلى", "الى", "على", "عن", "مع", "خلال", "يوم", "اليوم", "أمس", "امس", "مساء", "صباح",
    "أن", "إن", "بأن", "أنه", "قد", "لقد", "كما", "حيث", "الذي", "التي", "بعد", "قبل", "عقب", "منذ",
    "نظيره", "نظيرته", "نظيريه", "نظراءه", "وفدا", "وفد", "والوفد", "الوفد", "ايضا", "أيضا", "ووزير",
    "وزير", "ورئيس", "رئيس", "الرئيس", "والرئيس", "أمين", "مستشار", "لدى", "أثناء", "عند", "بين",
    "وذلك", "ذلك", "هذا", "هذه", "بحضور", "بمشاركة", "برئاسة", "ولا", "لا", "لم", "لن", "كل", "جميع",
) | frozenset(DAY_NAMES) | NAME_STOPS_MORE

# A line ending in "+صور" / "+فيديو" is page furniture after a headline.
FURNITURE_MARK = "+"

QUOTE_MARKS = "«»“”„‟\"″"
OPENING_MARKS = "«“„‟"
SENTENCE_ENDS = ".؟?!…|"
COMMAS = ",،"
