"""Constructions of news copy the development set's reports never showed, read on the unlabelled
corpus (data/corpus/): each sentence below is written the way Tunisian and agency copy writes it,
with people and bodies nobody has on file, so the rules are held to the construction, not to a name.
"""
from tests.test_extraction import desk, events_of, reading_app, statements_of  # noqa: F401 - fixtures

__all__ = ["desk", "reading_app"]


def said(body):
    """(speaker, text) of every statement proposed for the body, in order."""
    return [(s["speaker"]["name"], s["text"]) for s in statements_of(body)]


def test_a_time_adjunct_between_the_verb_and_its_subject(desk):
    assert said("كشف اليوم الجمعة وزير الوظيفة العمومية المقال عبيد البريكي، عن وثائق لأموال لم يتم استخلاصها.") == [
        ("عبيد البريكي", "وثائق لأموال لم يتم استخلاصها")]


def test_a_subject_named_before_kana_qad(desk):
    body = ("وتداولت المواقع خبر إقالة مدير المدرسة الإعدادية، نجيم بالضياف، بسبب إخلالات مالية.\n"
            "وكان بالضياف قد أكد في تصريح سابق أنه لم يتلق أي قرار رسمي.")
    assert said(body)[-1] == ("نجيم بالضياف", "لم يتلق أي قرار رسمي")


def test_a_left_out_subject_continues_the_sentence_opening_subject(desk):
    body = ("واستعرض وزير الشؤون الخارجية سامي بن علي في كلمة ألقاها تطور قطاع الأدوية. "
            "وأكد أن تونس تعتمد على الخبرات الوطنية.")
    assert said(body)[-1] == ("سامي بن علي", "تونس تعتمد على الخبرات الوطنية")


def test_a_credited_person_is_whom_the_next_left_out_subject_continues(desk):
    body = ("نفذ أساتذة المدرسة وقفة احتجاجية، حسب ما أفاد به كاتب عام النقابة الأساسية، حسان العرفاوي.\n"
            "وأضاف أن المنحرفين اقتحموا باب المؤسسة.")
    assert said(body)[-1] == ("حسان العرفاوي", "المنحرفين اقتحموا باب المؤسسة")


def test_one_word_subjects_before_the_complementizer(desk):
    assert said("وأكد الطرابلسي أن الزيارة ساهمت في تنشيط الحركة الاقتصادية.") == [
        ("الطرابلسي", "الزيارة ساهمت في تنشيط الحركة الاقتصادية")]
    assert said("وقال ماكرون إن فرنسا قوية.") == [("ماكرون", "فرنسا قوية")]
    assert said("وقال سابقا إن فرنسا قوية.") == []  # an adverb, nobody speaks


def test_the_holder_named_after_a_long_post_before_the_complementizer(desk):
    # (an ambiguous given name such as آمال needs more than this to be taken for a name)
    body = ("أعلنت المكلفة بالإعلام في شركة الخطوط التونسية، سلوى بورقيبة في تصريح هاتفي اليوم السبت "
            "أن الناقلة الوطنية خصصت 34 رحلة.")
    assert said(body) == [("سلوى بورقيبة", "الناقلة الوطنية خصصت 34 رحلة")]


def test_a_name_then_its_post_then_the_object(desk):
    assert said("أكّدت روضة القرافي رئيسة جمعية القضاة مساندتهم لطلبة الحقوق.") == [
        ("روضة القرافي", "مساندتهم لطلبة الحقوق")]


def test_a_post_of_a_region_and_its_holder(desk):
    assert said("وأكد المدير الجهوي للتربية بسوسة محمد البكوش أن الدروس ستستأنف غدا.") == [
        ("محمد البكوش", "الدروس ستستأنف غدا")]
    assert said("وأوضح والي سوسة أن الأشغال ستنطلق قريبا.") == [("والي سوسة", "الأشغال ستنطلق قريبا")]


def test_a_body_named_by_its_head_alone_stops_before_its_object(desk):
    body = "أعربت وزارة الخارجية التونسية عن إدانتها للهجوم. ودعت الوزارة المجتمع الدولي إلى تكثيف الجهود."
    assert said(body)[-1] == ("وزارة الخارجية التونسية", "تكثيف الجهود")


def test_documents_speak_for_their_issuer(desk):
    assert said("وجاء في بلاغ لوزارة الصحة أن الوضع الوبائي مستقر.") == [("وزارة الصحة", "الوضع الوبائي مستقر")]
    assert said("وورد في البيان الصادر عن حركة النهضة أن الحركة تدعم الحكومة.") == [
        ("حركة النهضة", "الحركة تدعم الحكومة")]
    assert said("أكد الحزب الجمهوري رفضه للقانون. وجاء في بيانه أن القانون يمس الحريات.")[-1] == (
        "الحزب الجمهوري", "القانون يمس الحريات")


def test_outlets_and_titles_are_no_content(desk):
    assert said('وأفاد المتحدث الرسمي باسم وزارة الداخلية ياسر مصباح، في تصريح لـ"الجوهرة أف أم"، '
                'بأن الوحدات الأمنية أوقفت المشتبه به.') == [("ياسر مصباح", "الوحدات الأمنية أوقفت المشتبه به")]
    assert said('وفي تصريح لـ"الجوهرة أف أم"، أكد رئيس النقابة سامي الطاهري أن الإضراب قائم.') == [
        ("سامي الطاهري", "الإضراب قائم")]
    assert said("وطالبت الجبهة الشعبية في بيان لها بفتح تحقيق جدي.") == [("الجبهة الشعبية", "فتح تحقيق جدي")]


def test_obliged_is_no_demand(desk):
    texts = [text for _, text in said("وشدد الطبوبي على أن الاتحاد لن يقبل بأي تراجع، معتبرا أن الحكومة "
                                      "مطالبة باحترام تعهداتها.")]
    assert texts == ["الاتحاد لن يقبل بأي تراجع", "الحكومة مطالبة باحترام تعهداتها"]


def test_meetings_with_the_subject_after_a_time_adjunct_or_a_post(desk):
    assert events_of("التقى عشيّة اليوم الأربعاء رئيس الحكومة يوسف الشاهد بقصر الحكومة وزير النقل أنيس غديرة.") == [
        (["يوسف الشاهد", "أنيس غديرة"], "meeting")]
    assert events_of("تحادث رئيس الجمهورية، الباجي قايد السبسي، اليوم الأربعاء بقصر قرطاج، مع يوسف الشاهد.") == [
        (["الباجي قايد السبسي", "يوسف الشاهد"], "meeting")]


def test_meetings_with_the_subject_before_the_verb(desk):
    assert events_of("وكان رئيس الحكومة قد التقى أمس رئيس الاتحاد التونسي للصناعة والتجارة وداد بوشماوي.") == [
        (["رئيس الحكومة", "وداد بوشماوي"], "meeting")]
    assert events_of("وقال وزير السكن عبد المجيد تبون، الذي استقبل أمس، سفير الجمهورية التونسية بالجزائر "
                     "محمد نجيب حشانة، إن العلاقات ممتازة.") == [(["عبد المجيد تبون", "محمد نجيب حشانة"], "meeting")]


def test_a_meeting_verb_with_its_subject_left_out_continues_the_speaker(desk):
    body = ("قال الرئيس الفرنسي إيمانويل ماكرون إن فرنسا قوية. "
            "وقد التقى الشهر الماضي المستشارة الألمانية أنغيلا ميركل.")
    assert events_of(body) == [(["إيمانويل ماكرون", "أنغيلا ميركل"], "meeting")]


def test_groups_received_or_met_after_b(desk):
    assert events_of("واستقبل رئيس الجمهورية الباجي قايد السبسي عائلات شهداء إنتفاضة الحوض المنجمي.") == [
        (["الباجي قايد السبسي", "عائلات شهداء إنتفاضة الحوض المنجمي"], "meeting")]
    assert events_of("اجتمع رئيس الحكومة يوسف الشّاهد، اليوم السبت، بالمندوبين الجهويين للتّربية بمقر الوزارة.") == [
        (["يوسف الشّاهد", "المندوبين الجهويين للتّربية"], "meeting")]


def test_a_dual_pronoun_names_the_two_before(desk):
    body = ("كما دعا وزير الخارجية الفلسطيني رياض المالكي نظيره البريطاني بوريس جونسن خلال لقاء جمعهما "
            "الليلة الماضية في لندن إلى الاعتراف بفلسطين.")
    assert events_of(body) == [(["رياض المالكي", "بوريس جونسن"], "meeting")]
    assert said(body) == [("رياض المالكي", "الاعتراف بفلسطين")]


def test_a_meeting_told_of_before_is_no_new_one(desk):
    assert events_of("وإثر اللقاء، أكد رئيس الهيئة أنه قدم لرئيس الحكومة مقترح الهيئة.") == []
    assert events_of("وتأتي هذه التقارير فيما تبدأ الحكومة اليابانية محادثات مع حاكم أوكيناوا بشأن خطط "
                     "لنقل قاعدة تابعة لمشاة البحرية الأميركية.") == []


def test_the_content_before_a_complementizer_is_no_subject(desk):
    for body in ("قال الوزير إن الوضع صعب. وأكد ضرورة أن يكون الحوار هو الحل.",
                 "قال الوزير إن الوضع صعب. وأكد أهمية أن تتواصل الجهود.",
                 "قال الوزير إن الوضع صعب. وأكد الحرص على أن تتواصل الجهود."):
        assert [speaker for speaker, _ in said(body)] == ["الوزير", "الوزير"], body


def test_construct_and_maghreb_surname_subjects(desk):
    assert said("وقالت حديقة الحيوان إن الحارس عثر على وحيد القرن.") == [
        ("حديقة الحيوان", "الحارس عثر على وحيد القرن")]
    assert said("وأكد بوجبل أن وحدة صناعة الأدوية ستساعد البلاد.") == [
        ("بوجبل", "وحدة صناعة الأدوية ستساعد البلاد")]
    # after a verb that takes its content as an object, a construct is the content
    assert said("قال الوزير إن الوضع صعب. وأكد حرص تونس على أن تتواصل الجهود.")[-1][0] == "الوزير"


def test_countries_speak(desk):
    assert said("قالت ألمانيا إنها ستراجع حالات طالبي اللجوء.") == [("ألمانيا", "ستراجع حالات طالبي اللجوء")]
    assert said("أعلنت الكويت أنها ستواصل مساعيها.") == [("الكويت", "ستواصل مساعيها")]


def test_a_plenary_sitting_is_no_meeting_but_a_hearing_is(desk):
    assert events_of("قال النائب عن الجبهة الشعبية، عمار عمروسية خلال جلسة منح الثقة لحكومة يوسف الشاهد إن "
                     "تونس في حاجة إلى الدواء.") == []
    assert events_of("وأكد وزير التربية ناجي جلول في جلسة عامة بمجلس نواب الشعب أن المطالب مشروعة.") == []
