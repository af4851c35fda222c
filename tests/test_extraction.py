"""The extraction assist: its rules on real sentences, the endpoint, commit, and the seed scores.

The Arabic sentences below are copied verbatim from the seed articles
(fixtures/seeds/*.txt), except in the section "Reports never seen", which
holds reports of other meetings written the way agencies write them, to
check that the rules are not fitted to the five seeds.

Every test starts from a fresh copy of the seed dataset (conftest's
seeded_database(): a copy of one seeded SQLite file, or with
TEST_DATABASE_URL set a PostgreSQL database of its own).
"""
import datetime
import json

import pytest

from service import create_app
from service.db import bind, database
from service.extraction import COMMIT_THRESHOLD, extract
from service.extraction.evaluate import evaluate, gold_by_article, match, overall
from service.models import Article, Event, Participant, Statement
from tests.conftest import seeded_database
from tests.helpers import API, problem


@pytest.fixture
def database_url(request, tmp_path):
    """Overrides conftest's: the seed dataset is already in the database."""
    with seeded_database(request, tmp_path) as url:
        yield url


@pytest.fixture(scope="module")
def reading_app(request, tmp_path_factory):
    """One app for the tests that only read: extract() writes nothing."""
    with seeded_database(request, tmp_path_factory.mktemp("reading")) as url:
        yield create_app({"DATABASE_URL": url, "TESTING": True})


@pytest.fixture
def desk(reading_app):
    """An app context on the seeded database, for calling extract() directly."""
    # Each create_app binds the one database proxy; bind it back to this app's.
    bind(reading_app.config["DATABASE_URL"])
    with reading_app.app_context():
        yield reading_app
        database.close()


def proposals_for(body, published="2020-01-13", precision="day"):
    """extract() on an article that is not stored: only its body and date matter."""
    moment = datetime.datetime.fromisoformat(published) if published else None
    return extract(Article(body=body, published_at=moment, date_precision=precision if moment else None))


def statements_of(body, **date):
    return proposals_for(body, **date)["statements"]


def only(statements):
    assert len(statements) == 1, [s["text"] for s in statements]
    return statements[0]


def speaker_id(name_ar):
    return Participant.get(Participant.name_ar == name_ar).id


def seed(provenance_prefix):
    return Article.get(Article.provenance.startswith(provenance_prefix))


# --- reporting verbs: speaker after the verb, introducers, discourse markers ------------


def test_verb_then_speaker_with_the_preposition_it_governs(desk):
    said = only(statements_of("وأكد خميس على تعزيز التعاون الثنائي وتطوير العلاقات المشتركة، لمواجهة "
                              "المؤامرات والعقوبات الجائرة، على كلا البلدين."))
    assert said["speaker"]["id"] == speaker_id("عماد خميس")
    assert said["text"] == ("تعزيز التعاون الثنائي وتطوير العلاقات المشتركة، لمواجهة المؤامرات والعقوبات "
                            "الجائرة، على كلا البلدين")
    assert (said["kind"], said["cue"], said["attribution_text"]) == ("indirect", "أكد", "وأكد خميس")


def test_discourse_marker_belongs_to_the_attribution(desk):
    said = only(statements_of("من جانبه أكد لاريجاني أن المقاومة ومحورها ستتعزز وستستمر في نهج سليماني "
                              "بالتصدي للإرهاب، وجميع مخططات الهيمنة على المنطقة."))
    assert said["attribution_text"] == "من جانبه أكد لاريجاني"
    assert said["text"].startswith("المقاومة ومحورها") and said["text"].endswith("على المنطقة")
    assert said["speaker"]["id"] == speaker_id("علي لاريجاني")


def test_colon_then_quote_is_direct_and_keeps_only_the_quoted_words(desk):
    said = only(statements_of("من جانبه قال الوزير المعلم: إن «عنوان الزيارة هو التضامن مع إيران قيادة "
                              "وحكومة وشعباً في هذا المصاب»."))
    assert said["kind"] == "direct"
    assert said["text"] == "عنوان الزيارة هو التضامن مع إيران قيادة وحكومة وشعباً في هذا المصاب"
    assert said["speaker"]["id"] == speaker_id("وليد المعلم")


def test_a_verb_written_twice_stays_in_the_attribution(desk):
    said = only(statements_of("بدوره أكد الرئيس بزشكيان أكد حرص إيران على تطوير وتعميق العلاقات مع سوريا.",
                              published="2024-11-20"))
    assert said["attribution_text"] == "بدوره أكد الرئيس بزشكيان أكد"
    assert said["text"] == "حرص إيران على تطوير وتعميق العلاقات مع سوريا"


def test_object_first_verb_cuts_the_clitic_and_names_the_addressee(desk):
    said = statements_of("ودعا الوزير صباغ الرئيس الإيراني لزيارة سوريا، مؤكداً على أن الجهود المشتركة "
                         "للبلدين تركز على فتح آفاق جديدة.", published="2024-11-20")
    assert [s["text"] for s in said] == ["زيارة سوريا", "الجهود المشتركة للبلدين تركز على فتح آفاق جديدة"]
    assert said[0]["attribution_text"] == "ودعا الوزير صباغ الرئيس الإيراني"
    assert said[0]["addressee"]["id"] == speaker_id("مسعود بزشكيان")
    assert {s["speaker"]["id"] for s in said} == {speaker_id("بسام الصباغ")}


# --- speaker before the verb, titles, headlines -----------------------------------------


def test_subject_first_with_an_agency_credit_inside_the_clause(desk):
    said = statements_of("خميس وحسب وكالة «سانا» نوه بعمق العلاقات المتجذرة بين البلدين، مشيراً إلى أن "
                         "الزيارة تأتي في مرحلة تواجه فيها إيران فصلاً جديداً من فصول الحرب عليها.")
    first, second = said
    assert first["attribution_text"] == "خميس وحسب وكالة «سانا» نوه"
    assert first["text"] == "عمق العلاقات المتجذرة بين البلدين"  # نوّه بـ: the clitic is the introducer
    assert first["attributed_via"] == second["attributed_via"] == "وكالة «سانا»"
    assert (second["cue"], second["attribution_text"]) == ("مشيراً", "مشيراً")
    assert second["text"].startswith("الزيارة تأتي")


def test_title_only_speaker_resolves_to_who_held_the_post_that_day(desk):
    sentence = "نائب الرئيس الإيراني عبر عن رغبة طهران بتعزيز علاقتها وتعاونها الاقتصادي مع دمشق."
    in_2020 = only(statements_of(sentence, published="2020-01-13"))
    in_2024 = only(statements_of(sentence, published="2024-11-20"))
    assert in_2020["speaker"]["id"] == speaker_id("إسحاق جهانغيري")
    assert in_2024["speaker"]["id"] == speaker_id("محمد رضا عارف")
    assert in_2020["cue"] == "عبر" and in_2020["text"] == "رغبة طهران بتعزيز علاقتها وتعاونها الاقتصادي مع دمشق"


@pytest.mark.parametrize("published, holder", [("2021-08-02", "Hassan Rouhani"), ("2021-08-03", "Ebrahim Raisi")])
def test_on_a_handover_day_the_assist_names_the_successor(desk, published, holder):
    # Rouhani's term ends 2021-08-03 and Raisi's starts that day: the rule
    # GET /participants/resolve follows too (resolve.held_during).
    sentence = "الرئيس الإيراني عبر عن رغبة طهران بتعزيز علاقتها وتعاونها الاقتصادي مع دمشق."
    speaker = only(statements_of(sentence, published=published))["speaker"]
    assert speaker["id"] == Participant.get(Participant.name_en == holder).id


def test_headline_name_colon(desk):
    said = statements_of("مباحثات سورية إيرانية في طهران لتطوير العلاقات الثنائية … خميس: نواجه معاً فصلاً "
                         "جديداً من فصول الحرب … جهانغيري: تعاوننا مستمر حتى عودة السيادة السورية")
    assert [(s["attribution_text"], s["text"], s["cue"]) for s in said] == [
        ("خميس", "نواجه معاً فصلاً جديداً من فصول الحرب", None),
        ("جهانغيري", "تعاوننا مستمر حتى عودة السيادة السورية", None)]


def test_dual_headline_gives_one_statement_per_speaker_and_drops_the_furniture(desk):
    said = statements_of("رئيسي والأسد يؤكدان أهمية توسيع العلاقات بين إيران وسوريا +صور", published="2022-05-08")
    assert [s["speaker"]["id"] for s in said] == [speaker_id("إبراهيم رئيسي"), speaker_id("بشار الأسد")]
    assert {(s["text"], s["cue"], s["attribution_text"]) for s in said} == {
        ("أهمية توسيع العلاقات بين إيران وسوريا", "يؤكدان", "رئيسي والأسد يؤكدان")}


def test_present_tense_headline(desk):
    said = only(statements_of("خلال لقائه روحاني.. خميس يأمل في توصل لقاء أستانا إلى حل بشأن سوريا",
                              published="2017-01-18"))
    assert (said["cue"], said["attribution_text"]) == ("يأمل", "خميس يأمل")
    assert said["text"] == "توصل لقاء أستانا إلى حل بشأن سوريا"


def test_a_headline_repeated_in_the_body_is_proposed_once(desk):
    headline = "رئيسي والأسد يؤكدان أهمية توسيع العلاقات بين إيران وسوريا +صور"
    said = statements_of(f"{headline}\n\nالأحد 8 مايو 2022\n{headline}\n", published="2022-05-08")
    assert len(said) == 2 and {s["start"] for s in said} == {headline.index("أهمية")}


# --- participles, carry-over, agency framing ----------------------------------------------


def test_participle_continues_the_speaker_even_without_a_comma(desk):
    said = statements_of("بدوره أكّد رئيس الجمهورية الإسلامية الإيرانية إبراهيم رئيسي أن إيران ستبقى إلى جانب "
                         "سوريا لمساعدتها في تجاوز الصعوبات معتبراً أنّ أيّة معاناة لسوريا هي معاناة لإيران.",
                         published="2022-05-08")
    assert [s["text"] for s in said] == ["إيران ستبقى إلى جانب سوريا لمساعدتها في تجاوز الصعوبات",
                                         "أيّة معاناة لسوريا هي معاناة لإيران"]
    assert {s["speaker"]["id"] for s in said} == {speaker_id("إبراهيم رئيسي")}


def test_mujaddadan_as_again_is_not_a_new_statement(desk):
    said = statements_of("وأكّد الرئيس الأسد خلال لقائه آية الله السيد الخامنئي أنّ مجريات الأحداث أثبتت "
                         "مجدداً صوابية الرؤى والنهج الذي سارت عليه سوريا وإيران منذ سنوات، مما يؤكد أهمية "
                         "الاستمرار في التعاون، مشيراً إلى أن الولايات المتحدة اليوم أضعف من أي وقتٍ مضى.",
                         published="2022-05-08")
    assert [s["cue"] for s in said] == ["أكّد", "مشيراً"]  # neither مجدداً nor "مما يؤكد"
    assert "أثبتت مجدداً صوابية" in said[0]["text"] and said[0]["text"].endswith("أهمية الاستمرار في التعاون")
    assert said[0]["attribution_text"] == "وأكّد الرئيس الأسد خلال لقائه آية الله السيد الخامنئي"


def test_left_out_subject_is_the_last_speaker_of_the_paragraph(desk):
    said = statements_of("بدوره جدد شمخاني، مواقف بلاده الداعمة لسورية في مختلف المجالات، وقال إن «الرد "
                         "الإيراني على جريمة اغتيال الفريق سليماني ستكون له تداعيات دفاعية في المنطقة»، مؤكداً "
                         "أن «الوحدة والتعاون بين محور المقاومة غيرا معادلات المنطقة».")
    assert [(s["cue"], s["kind"]) for s in said] == [("جدد", "indirect"), ("قال", "direct"), ("مؤكداً", "direct")]
    assert said[0]["text"] == "مواقف بلاده الداعمة لسورية في مختلف المجالات"
    assert {s["speaker"]["id"] for s in said} == {speaker_id("علي شمخاني")}
    assert said[1]["rule"] == "left-out-subject"
    assert said[1]["speaker"]["confidence"] < said[0]["speaker"]["confidence"]  # carried, so less sure


def test_left_out_subject_after_a_meeting_verb_is_its_subject(desk):
    said = only(statements_of('وفي سياق متصل, التقى خميس ايضا مستشار قائد الثورة الاسلامية في إيران للشؤون '
                              'الدولية علي اكبر ولايتي , حيث اكد ان " القيادة السورية عاقدة العزم على مكافحة '
                              'الإرهاب".', published="2017-01-18"))
    assert said["speaker"]["id"] == speaker_id("عماد خميس")
    assert (said["kind"], said["attribution_text"], said["text"]) == (
        "direct", "حيث اكد", "القيادة السورية عاقدة العزم على مكافحة الإرهاب")


def test_agency_quotes_the_speaker(desk):
    said = only(statements_of('ونقلت وكالات أنباء عن خميس قوله, خلال لقائه الرئيس الإيراني حسن روحاني, في '
                              'طهران, إن سوريا "ترحب بجميع المبادرات".', published="2017-01-18"))
    assert (said["cue"], said["attributed_via"], said["kind"]) == ("قوله", "وكالات أنباء", "indirect")
    assert said["text"] == 'سوريا "ترحب بجميع المبادرات"'
    assert said["speaker"]["id"] == speaker_id("عماد خميس")


def test_agency_report_frames_the_statements_inside_it(desk):
    said = statements_of("وأفادت وكالة الانباء السورية الرسمية (سانا) بأن الأسد أكّد خلال لقائه خامنئي أنّ "
                         "“مجريات الأحداث أثبتت مجدداً صوابية الرؤى”، مضيفاً: “الولايات المتحدة اليوم أضعف من "
                         "أي وقتٍ مضى”.", published="2022-05-08")
    assert [(s["kind"], s["text"]) for s in said] == [
        ("direct", "مجريات الأحداث أثبتت مجدداً صوابية الرؤى"),
        ("direct", "الولايات المتحدة اليوم أضعف من أي وقتٍ مضى")]
    assert said[0]["attribution_text"].startswith("وأفادت وكالة")
    assert {s["attributed_via"] for s in said} == {"وكالة الانباء السورية الرسمية (سانا)"}


def test_a_broadcaster_reporting_nobody_else_is_its_own_speaker_for_an_editor(desk):
    """data/extraction-dev/GUIDE.md of the development set (issue #14): a source that frames nobody's words says
    them itself. It is proposed as a name not on file, below the commit threshold."""
    said = statements_of("وقال التلفزيون الايراني إن الأسد قام بزيارة قصيرة للحليف الإيراني عقد خلالها لقاءين "
                         "منفصلين مع “المرشد الأعلى والرئيس إبراهيم رئيسي”.", published="2022-05-08")
    assert [(s["speaker"]["id"], s["speaker"]["name"]) for s in said] == [(None, "التلفزيون الايراني")]
    assert said[0]["speaker"]["confidence"] < COMMIT_THRESHOLD


def test_by_saying_carries_the_speaker_and_names_the_addressee(desk):
    said = statements_of("وشدّد خامنئي بدوره “على استمرار إيران في دعمها لسوريا”. وتوجه الى الأسد بالقول: "
                         "“ليس لدينا أدنى شك بأنكم قادرون على تحرير ما تبقى من الأراضي السورية”.",
                         published="2022-05-08")
    assert [s["text"] for s in said] == ["استمرار إيران في دعمها لسوريا",  # على inside the quote is cut
                                         "ليس لدينا أدنى شك بأنكم قادرون على تحرير ما تبقى من الأراضي السورية"]
    assert {s["speaker"]["id"] for s in said} == {speaker_id("علي خامنئي")}
    assert (said[1]["cue"], said[1]["attribution_text"]) == ("توجه", "وتوجه الى الأسد بالقول")
    assert said[1]["addressee"]["id"] == speaker_id("بشار الأسد")


def test_trailing_credit_ends_the_content_and_is_attributed_via(desk):
    said = only(statements_of("وأكد صباغ لأحمديان على عمق العلاقة الاستراتيجية، وذلك لـ “مواجهة العدوان "
                              "الاسرائيلي”، وفقاً لبيان نشرته الخارجية السورية.", published="2024-11-20"))
    assert said["text"] == "عمق العلاقة الاستراتيجية، وذلك لـ “مواجهة العدوان الاسرائيلي”"
    assert said["attributed_via"] == "بيان نشرته الخارجية السورية"
    assert said["addressee"]["id"] == speaker_id("علي أكبر أحمديان")


# --- quotation marks --------------------------------------------------------------------


def test_quote_opened_with_a_closing_mark(desk):
    said = only(statements_of("من جهته أكد ولايتي أن” سوريا وإيران هما الركيزتان الأساسيتان لمحور المقاومة”.",
                              published="2024-11-20"))
    assert (said["kind"], said["text"]) == ("direct", "سوريا وإيران هما الركيزتان الأساسيتان لمحور المقاومة")


def test_introducer_inside_the_quote_is_cut_and_a_stray_mark_left_out(desk):
    said = statements_of("و أكد الصباغ لمستشار خامنئي على “أنَّ مخططات الأعداء ليست امراً جديداً”، مضيفاً أن "
                         "الظروف مهما تغيرت فإن مقاومته يجب أن تستمر”.", published="2024-11-20")
    assert [(s["kind"], s["text"]) for s in said] == [
        ("direct", "مخططات الأعداء ليست امراً جديداً"),
        ("indirect", "الظروف مهما تغيرت فإن مقاومته يجب أن تستمر")]
    assert said[0]["attribution_text"] == "و أكد الصباغ لمستشار خامنئي"


def test_paraphrase_then_quote_is_one_indirect_statement_with_its_marks(desk):
    said = only(statements_of('واعتبر روحاني تحرير حلب واقرار الهدنة "خطوتين مهمتين في سياق ارساء السلام".',
                              published="2017-01-18"))
    assert said["kind"] == "indirect"
    assert said["text"] == 'تحرير حلب واقرار الهدنة "خطوتين مهمتين في سياق ارساء السلام"'


def test_quote_closed_with_another_mark_or_not_at_all(desk):
    mixed = only(statements_of("وأضاف الرئيس الأسد: «نعمل على زيادة حجم التبادل التجاري”.", published="2022-05-08"))
    unclosed = only(statements_of("وقال الرئيس الأسد إن “الإرهاب لن ينتصر. والشعب السوري صامد\nوتابع الحديث.",
                                  published="2022-05-08"))
    assert (mixed["kind"], mixed["text"]) == ("direct", "نعمل على زيادة حجم التبادل التجاري")
    assert (unclosed["kind"], unclosed["text"]) == ("direct", "الإرهاب لن ينتصر. والشعب السوري صامد")


# --- false friends ----------------------------------------------------------------------


def test_false_friends_make_no_statement(desk):
    for sentence in (
        "تابعونا عبر فيسبوك",                                                   # عبر = via
        "فضلا عن دعمها العسكري المباشر له عبر إرسال مجموعات مدربة للمقاتلة.",   # عبر = via
        "خلال زيارة نادرة لطهران، التي أكدت الاستمرار بدعم الأسد.",            # relative: the visit confirmed
        "ويشار الى أن إيران تدعم النظام السوري اقتصاديا وسياسيا.",             # passive, no speaker
        "ومن المقرر أن تعقد محادثات سورية- سورية برعاية روسية تركية إيرانية.",
        "وتناولت اللقاءات العلاقات التاريخية التي تجمع سوريا وإيران.",          # what a meeting covered
        "وأكد الجانبان أهمية تنفيذ الاتفاقيات الموقعة.",                        # both sides at once
    ):
        assert statements_of(sentence) == [], sentence


# --- reports never seen (other countries, other outlets) -----------------------------------

UNSEEN = """لافروف: موسكو مستعدة لدعم الحوار بين دمشق وأنقرة
التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي هاكان فيدان في موسكو يوم الثلاثاء.
وقال لافروف خلال مؤتمر صحفي مشترك إن "روسيا مستعدة لتقديم كل المساعدة اللازمة".
من جهته، أكد فيدان أن بلاده "لن تسمح بوجود ممرات إرهابية على حدودها الجنوبية".
وشدد الوزير التركي على أهمية استمرار التنسيق مع موسكو، معرباً عن أمله في عقد قمة ثلاثية قريباً.
وأكدت مصادر مطلعة أن الاجتماع المقبل سيعقد في أنقرة.
وقالت الخارجية الإيرانية في بيان إن طهران تدعم الحوار."""


def test_unknown_names_are_proposed_as_written_at_their_fullest(desk):
    result = proposals_for(UNSEEN, published="2023-06-01")
    said = result["statements"]
    assert [(s["speaker"]["id"], s["speaker"]["name"]) for s in said] == [
        (None, "سيرغي لافروف"), (None, "سيرغي لافروف"), (None, "هاكان فيدان"), (None, "هاكان فيدان"),
        (None, "هاكان فيدان"), (None, "مصادر مطلعة"), (None, "الخارجية الإيرانية")]
    assert said[0]["text"] == "موسكو مستعدة لدعم الحوار بين دمشق وأنقرة"
    assert said[3]["attribution_text"] == "وشدد الوزير التركي"  # the one Turkish official named before
    assert all(s["speaker"]["confidence"] < COMMIT_THRESHOLD for s in said)
    assert {(p["id"], p["name"], p["kind"]) for p in result["participants"]} == {
        (None, "سيرغي لافروف", "person"), (None, "هاكان فيدان", "person"),
        (None, "الخارجية الإيرانية", "organization")}  # a body that speaks is proposed too
    lavrov = next(p for p in result["participants"] if p["name"] == "سيرغي لافروف")
    assert lavrov["title"] == "وزير الخارجية الروسي"
    meeting = only(result["events"])
    assert [p["name"] for p in meeting["participants"]] == ["سيرغي لافروف", "هاكان فيدان"]
    assert meeting["place"] == "موسكو"


def test_an_unseen_report_with_a_post_a_headline_title_and_a_nisba_surname(desk):
    result = proposals_for(
        "الرئيس الإيراني: لن نسمح بتهديد أمن المنطقة\n"
        "استقبل الرئيس الإيراني مسعود بزشكيان في طهران، اليوم السبت، رئيس الوزراء العراقي محمد شياع السوداني.\n"
        "وكتب السوداني على منصة إكس: \"زيارة ناجحة ومثمرة\".\n"
        "وتشير التقديرات إلى أن الزيارة ستستمر يومين.\n"
        "بدوره، أعرب السوداني عن شكره لإيران على دعمها، مؤكدا أن بغداد لن تكون منطلقا للاعتداء على أي دولة.",
        published="2025-01-11")
    said = [(s["speaker"]["name"], s["cue"], s["text"]) for s in result["statements"]]
    assert said == [
        ("مسعود بزشكيان", None, "لن نسمح بتهديد أمن المنطقة"),     # title-only headline, on its date
        ("محمد شياع السوداني", "كتب", "زيارة ناجحة ومثمرة"),       # a post on social media
        ("محمد شياع السوداني", "أعرب", "شكره لإيران على دعمها"),
        ("محمد شياع السوداني", "مؤكدا", "بغداد لن تكون منطلقا للاعتداء على أي دولة")]
    assert result["statements"][0]["speaker"]["id"] == speaker_id("مسعود بزشكيان")


def test_an_agency_credit_opening_the_sentence_and_a_definite_official(desk):
    said = statements_of(
        "استقبل الرئيس بشار الأسد اليوم وفداً برئاسة نائب رئيس الوزراء الروسي ألكسندر نوفاك.\n"
        "وحسب ما أفادت وكالة سانا، فإن الأسد شدد على ضرورة مواجهة العقوبات.\n"
        "وأضاف المسؤول الروسي: «نعمل على زيادة حجم التبادل التجاري بين البلدين”.", published="2023-06-01")
    assert [(s["speaker"]["name"], s["attribution_text"], s["attributed_via"]) for s in said] == [
        ("بشار الأسد", "وحسب ما أفادت وكالة سانا، فإن الأسد شدد", "وكالة سانا"),
        ("ألكسندر نوفاك", "وأضاف المسؤول الروسي", None)]  # ألـ with hamza is a name, not the article
    assert said[1]["kind"] == "direct"


def test_a_known_participant_in_an_unseen_report(desk):
    said = statements_of("أكد وزير الخارجية والمغتربين الدكتور فيصل المقداد أن سورية ماضية في مكافحة الإرهاب.\n"
                         "وأوضح المقداد في حديث لقناة الميادين أن \"الاحتلال الأمريكي يسرق ثروات الشعب السوري\".",
                         published="2023-06-01")
    assert [(s["speaker"]["id"], s["kind"]) for s in said] == [(speaker_id("فيصل المقداد"), "indirect"),
                                                              (speaker_id("فيصل المقداد"), "direct")]


# --- the whole article: shape, participants, events -----------------------------------------


def test_proposals_have_the_contract_shape_and_spans_into_the_body(desk):
    article = seed("000")
    result = extract(article)
    assert set(result) == {"statements", "participants", "events"}
    for said in result["statements"]:
        assert {"speaker", "candidates", "text", "start", "end", "kind", "cue", "attribution_text"} <= set(said)
        assert set(said["speaker"]) == {"id", "name", "confidence"}
        assert article.body[said["start"]:said["end"]] == said["text"]
        assert said["kind"] in ("direct", "indirect")
    for participant in result["participants"]:
        assert {"id", "name", "mentions"} <= set(participant)
        for mention in participant["mentions"]:
            assert article.body[mention["start"]:mention["end"]] == mention["text"]


def test_participants_are_resolved_through_aliases_and_roles(desk):
    participants = {p["id"]: p for p in extract(seed("000"))["participants"]}
    jahangiri = participants[speaker_id("إسحاق جهانغيري")]
    assert "نائب الرئيس الإيراني" in [m["text"] for m in jahangiri["mentions"]]
    assert speaker_id("علي لاريجاني") in participants and None not in participants


def test_meetings_are_proposed_per_pair_with_place(desk):
    meetings = extract(seed("002"))["events"]
    pairs = [{p["id"] for p in m["participants"]} for m in meetings]
    assert {speaker_id("بشار الأسد"), speaker_id("علي خامنئي")} in pairs
    assert {speaker_id("بشار الأسد"), speaker_id("إبراهيم رئيسي")} in pairs
    assert all(m["place"] == "طهران" and m["date"] == "2022-05-08" for m in meetings)


# --- the seeds: measured, not claimed --------------------------------------------------------


def test_seed_precision_and_recall_stay_high(desk):
    """Issue #14 relaxes the seeds from 63/63 to >= 0.95 / 0.90: the rules now follow the
    development set's guide, which makes a source that frames nobody's words a speaker."""
    scores = evaluate()
    total = overall(scores)
    report = [(s.name, s.misses, s.false_positives) for s in scores if s.misses or s.false_positives]
    assert total.gold == 63
    assert total.precision >= 0.95 and total.recall >= 0.90, report


def test_seed_spans_are_exactly_the_gold_spans(desk):
    """Stricter than the score's 50% overlap: the span rule of docs/data-model.md, to the character."""
    fields = ("start", "end", "kind", "cue", "attribution_text", "attributed_via")
    for provenance, gold in gold_by_article().items():
        proposals = extract(Article.get(Article.provenance == provenance))["statements"]
        for i, j in match(proposals, gold):
            assert {f: proposals[i][f] for f in fields} == {f: gold[j][f] for f in fields}, provenance


# --- the endpoint -----------------------------------------------------------------------


def article_id(app, prefix):
    with app.app_context():
        key = seed(prefix).id
        database.close()
    return key


def counts(app):
    with app.app_context():
        found = Statement.select().count(), Event.select().count()
        database.close()
    return found


def test_extract_writes_nothing_and_needs_no_key(app, client):
    before = counts(app)
    response = client.post(f"{API}/articles/{article_id(app, '003')}/extract")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert len(body["statements"]) == 13 and "saved" not in body
    assert "خميس" in response.get_data(as_text=True)  # real UTF-8, not \u escapes
    assert counts(app) == before


def test_extract_accepts_an_empty_object_and_refuses_other_bodies(app, client):
    url = f"{API}/articles/{article_id(app, '004')}/extract"
    assert client.post(url, json={}).status_code == 200
    problem(client.post(url, json={"text": "x"}), 422)
    problem(client.post(url, data="{", content_type="application/json"), 400)
    problem(client.post(url, data="hello", content_type="text/plain"), 415)
    problem(client.post(url + "?commit=maybe"), 400)
    problem(client.post(url + "?dry=true"), 400)


def test_extract_of_an_unknown_article_is_404(client):
    problem(client.post(f"{API}/articles/999999/extract"), 404)
    assert client.get(f"{API}/articles/1/extract").status_code == 405


def test_commit_needs_scope_write(app, client, reader):
    url = f"{API}/articles/{article_id(app, '000')}/extract?commit=true"
    problem(client.post(url), 401)
    problem(client.post(url, headers=reader), 403)


def test_commit_on_a_seed_article_adds_nothing(app, client, writer):
    before = counts(app)
    response = client.post(f"{API}/articles/{article_id(app, '000')}/extract?commit=true", headers=writer)
    assert response.status_code == 200
    saved = response.get_json()["saved"]
    assert (saved["statements"], saved["events"]) == ([], [])
    assert saved["skipped"]["statements"] == 19
    assert counts(app) == before


def test_commit_saves_the_confident_proposals_once(app, client, writer):
    with app.app_context():
        source = seed("003")
        copy = {"body": source.body, "title": source.title, "published_at": "2017-01-18T19:04:00+02:00",
                "date_precision": "day", "provenance": "syndicated copy of 003"}
        database.close()
    created = client.post(f"{API}/articles", json=copy, headers=writer).get_json()
    url = f"{API}/articles/{created['id']}/extract?commit=true"
    first = client.post(url, headers=writer).get_json()["saved"]
    assert len(first["statements"]) == 13
    assert all(s["article_id"] == created["id"] and s["speaker_id"] for s in first["statements"])
    assert copy["body"][first["statements"][0]["start"]:first["statements"][0]["end"]] == first["statements"][0]["text"]
    assert first["events"] == []  # the four meetings are on file already, reported by the original
    before = counts(app)
    second = client.post(url, headers=writer).get_json()["saved"]
    assert (second["statements"], second["events"]) == ([], [])
    assert second["skipped"]["statements"] == 13
    assert counts(app) == before


# --- the command line -------------------------------------------------------------------


def test_cli_prints_the_proposals_as_readable_json(app):
    result = app.test_cli_runner().invoke(args=["extract", str(article_id(app, "002"))])
    assert result.exit_code == 0, result.output
    assert "رئيسي" in result.output
    assert len(json.loads(result.output)["statements"]) == 12


def test_cli_eval_prints_the_table_and_fails_below_the_targets(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["eval-extract", "--min-precision", "0.95", "--min-recall", "0.90"])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output and "misses: none" in result.output
    assert runner.invoke(args=["extract", "999999"]).exit_code != 0


def test_a_commit_retried_with_its_idempotency_key_replays_the_first_answer(app, client, writer):
    url = f"{API}/articles/{article_id(app, '001')}/extract?commit=true"
    headers = {**writer, "Idempotency-Key": "extract-001"}
    first = client.post(url, headers=headers)
    again = client.post(url, headers=headers)
    assert again.status_code == first.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json() == first.get_json()


# --- issue #14, branch extract5: rules written from the training fold, on news-style sentences ---


def test_a_new_name_repeated_in_full_is_one_mention(desk):
    said = statements_of("قال وزير الخارجية البلجيكي ديدييه رايندرز إن العلاقات بين البلدين متميزة.\n"
                         "وتعهد ديدييه رايندرز بإطلاع الشركاء الأوروبيين على تحسن الوضع الأمني.")
    assert [(s["speaker"]["name"], s["attribution_text"], s["text"]) for s in said][1] == (
        "ديدييه رايندرز", "وتعهد ديدييه رايندرز", "إطلاع الشركاء الأوروبيين على تحسن الوضع الأمني")


def events_of(body, **date):
    return [([p["name"] for p in e["participants"]], e["kind"]) for e in proposals_for(body, **date)["events"]]


def test_talks_with_a_side_named_only_as_a_group(desk):
    assert events_of("وأجرى وزير الداخلية هشام الفوراتي مساء أمس مشاورات مع ممثلي النقابات الأمنية حول الوضع.") == [
        (["هشام الفوراتي", "ممثلي النقابات الأمنية"], "meeting")]
    assert events_of("واستقبل وزير الفلاحة سمير الطيب اليوم وفدا برلمانيا أوروبيا.") == [
        (["سمير الطيب", "وفدا برلمانيا أوروبيا"], "meeting")]


def test_a_round_table_in_the_presence_of_others_is_one_conference_of_all(desk):
    assert events_of("وأكد وزير التجارة عمر الباهي، خلال ندوة وطنية حول التصدير التأمت بصفاقس بحضور رئيسة "
                     "الغرفة التجارية سلوى الدريدي والمدير العام للديوانة يوسف الزواغي، أن الحكومة ستدعم المصدرين."
                     ) == [(["عمر الباهي", "سلوى الدريدي", "يوسف الزواغي"], "conference")]  # the holder, not the post


def test_press_conferences_and_a_body_s_own_meeting_are_not_meetings_with_someone(desk):
    assert events_of("وقال رئيس الهيئة نبيل بفون خلال لقاء صحفي رفقة نائبه فاروق بوعسكر إن الانتخابات "
                     "ستجرى في موعدها.") == []
    assert events_of("أكدت النقابة الوطنية للصحفيين التونسيين في اجتماع طارئ عقدته اليوم بحضور نقيب الصحفيين "
                     "ناجي البغوري رفضها لقرار وزارة الداخلية.") == []
    assert events_of("ورغم ذلك تمت الدعوة إلى اجتماع مجلس القضاء العدلي الذي أعلنت عنه الهيئة الوقتية للقضاء.") == []


def test_a_post_after_a_name_is_the_same_side_and_name_variants_are_one(desk):
    assert events_of("وتم خلال اجتماع أعضاء مجلس الهيئة، انتخاب مراد بن مولى نائب رئيس، بحضور رئيس الهيئة "
                     "نبيل بفون. والتقى نبيل بفون مراد مولى مساء اليوم.") == [
        (["مراد بن مولى", "نبيل بفون"], "meeting")]


def test_a_long_title_then_its_holder_and_which_minister_a_later_title_means(desk):
    said = statements_of(
        "أشرف وزير الشؤون الخارجية، منجي الحامدي، رفقة الوزير الجزائري للشؤون المغاربية والاتحاد الإفريقي وجامعة "
        "الدول العربية، عبد القادر بلحاج، على افتتاح أشغال اللجنة المشتركة.\n"
        "وأكد الوزير في كلمة بالمناسبة أن التعاون بين البلدين متين.\n"
        "من جانبه، أكد الوزير الجزائري أن بلاده حريصة على تطوير التعاون.\n"
        "وأبرز وزير الخارجية أهمية الاتفاقيات الثنائية.")
    assert [s["speaker"]["name"] for s in said] == ["منجي الحامدي", "عبد القادر بلحاج", "منجي الحامدي"]
    # "أشرف X، مساء أمس، رفقة Y على افتتاح …": Y was there with X.
    assert events_of("أشرف وزير الشؤون الخارجية، منجي الحامدي، مساء أمس السبت، رفقة الوزير الجزائري للشؤون "
                     "المغاربية، عبد القادر بلحاج، على افتتاح أشغال اللجنة المشتركة.") == [
        (["منجي الحامدي", "عبد القادر بلحاج"], "meeting")]
    assert events_of("دخل النائب منجي الحامدي خلال الجلسة وغادر رفقة أعضاء الكتلة.") == []


def test_via_a_website_a_source_named_again_an_accused_object_and_an_occupation(desk):
    said = statements_of("أكد المعهد الوطني للرصد الجوي عبر موقعه على الانترنيت أنه لا يمكن رؤية الهلال يوم الثلاثاء.")
    assert [(s["speaker"]["name"], s["text"]) for s in said] == [
        ("المعهد الوطني للرصد الجوي", "لا يمكن رؤية الهلال يوم الثلاثاء")]
    said = statements_of("وقال مصدر أمني إن الحادث خطير. وأضاف نفس المصدر أن الحادث أسفر عن إصابات خفيفة.")
    assert [(s["speaker"]["name"], s["text"]) for s in said][1] == ("نفس المصدر", "الحادث أسفر عن إصابات خفيفة")
    said = statements_of("اتهم علي خامنئي المسؤولين السعوديين بعدم الكفاءة.")
    assert (only(said)["addressee"], only(said)["text"]) == (None, "عدم الكفاءة")
    said = statements_of("انتقدت القاضية كلثوم كنو التصريحات الأخيرة لوزير العدل.")
    assert (only(said)["speaker"]["name"], only(said)["text"]) == ("كلثوم كنو", "التصريحات الأخيرة لوزير العدل")


def test_but_opens_a_clause_with_its_speaker_before_the_verb(desk):
    said = statements_of("ولم ترد تقارير عن ضحايا ولكن الشرطة البريطانية قالت إن جميع الطرق أغلقت.")
    assert (only(said)["speaker"]["name"], only(said)["attribution_text"]) == (
        "الشرطة البريطانية", "ولكن الشرطة البريطانية قالت")


def test_what_the_speaker_called_it_is_a_stance_reported(desk):
    said = statements_of("وجدد الكاتب العام للنقابة لسعد اليعقوبي انتقاده لقرارات الوزارة، وهو ما اعتبره تهديدا "
                         "للمدرسة العمومية.")
    assert [(s["speaker"]["name"], s["cue"], s["text"]) for s in said][-1] == (
        "لسعد اليعقوبي", "اعتبره", "تهديدا للمدرسة العمومية")
    said = statements_of("وأصدرت الهيئة بيانا. وهو ما اعتبره الأعضاء الذين اجتمعوا السبت منافيا للقانون.")
    assert all(s["cue"] != "اعتبره" for s in said)


def test_the_person_spoken_to_as_a_pronoun_between_the_verb_and_its_preposition(desk):
    said = statements_of("وذكر الوزير أن نوران حواس عبرت له، في المكالمة، عن شكرها للرأي العام.")
    assert [(s["speaker"]["name"], s["text"]) for s in said][-1] == ("نوران حواس", "شكرها للرأي العام")


def test_adjuncts_of_unseen_copy_stay_out_of_the_content(desk):
    said = statements_of("وأكّد رئيس قسم التوليد فتحي الزهيوي في تصريح للجوهرة اف ام، أن هذه التقنية ستمكن تونس "
                         "من مباشرة 100 حالة في السنة.")
    assert only(said)["text"] == "هذه التقنية ستمكن تونس من مباشرة 100 حالة في السنة"
    said = statements_of("وتعهد قاضي التحقيق بموجب ذلك بمباشرة الأبحاث في القضية.")
    assert only(said)["text"] == "مباشرة الأبحاث في القضية"
    said = statements_of("وقالت وزارة الداخلية الإيطالية الأسبوع الماضي إن عدد الواصلين ارتفع.")
    assert only(said)["speaker"]["name"] == "وزارة الداخلية الإيطالية"


def test_a_subject_named_by_a_demonstrative_and_no_participle_in_a_city(desk):
    said = statements_of("وقالت إدارة المستشفى إن الكلية لم تسرق. ونفت هذه المصالح أن تكون الكلية قد سرقت.")
    assert [(s["speaker"]["name"], s["text"]) for s in said][-1] == ("هذه المصالح", "تكون الكلية قد سرقت")
    assert statements_of("قتل حزب العمال الكردستاني ثلاثة جنود، مدينة أزمير شهدت انفجارا قويا.") == []
    assert statements_of("ضبطت وحدات الحرس الوطني شاحنة محملة بالأسلحة قرب الحدود.") == []


def test_a_report_recalled_with_kana_and_each_of_several_speakers(desk):
    said = statements_of("وكان المرصد السوري لحقوق الإنسان أعلن أمس أن القيادي كان أحد مساعدي زعيم التنظيم.")
    assert (only(said)["speaker"]["name"], only(said)["attribution_text"]) == (
        "المرصد السوري لحقوق الإنسان", "وكان المرصد السوري لحقوق الإنسان أعلن أمس")
    said = statements_of("وكان رئيس الهيئة شفيق صرصار، أعلن في 9 ماي الجاري عن استقالته.")
    assert (only(said)["speaker"]["name"], only(said)["text"]) == ("شفيق صرصار", "استقالته")
    said = statements_of("أكد كلّ من الأستاذة الجامعية روضة قفراج، ومنسق المرصد علاء مرزوقي أن أزمة المياه ستحتد.")
    assert [(s["speaker"]["name"], s["text"]) for s in said] == [
        ("روضة قفراج", "أزمة المياه ستحتد"), ("علاء مرزوقي", "أزمة المياه ستحتد")]


def test_a_quote_then_who_said_it(desk):
    body = "\"الوضع الأمني مستقر والوحدات في حالة تأهب\"، قال وزير الداخلية هادي مجدوب في تصريح للإذاعة."
    said = only(statements_of(body))
    assert (said["speaker"]["name"], said["kind"], said["text"], said["cue"]) == (
        "هادي مجدوب", "direct", "الوضع الأمني مستقر والوحدات في حالة تأهب", "قال")
    assert body[said["start"]:said["end"]] == said["text"]


def test_a_document_of_a_body_is_the_body_s_statement(desk):
    said = only(statements_of("ذكر بلاغ لوزارة الداخلية أن الوحدات الأمنية ألقت القبض على عنصرين."))
    assert (said["speaker"]["name"], said["attributed_via"], said["text"]) == (
        "وزارة الداخلية", "بلاغ لوزارة الداخلية", "الوحدات الأمنية ألقت القبض على عنصرين")
    said = only(statements_of("وأفاد بيان للاتحاد العام التونسي للشغل بأن الإضراب قائم."))
    assert said["speaker"]["name"] == "الاتحاد العام التونسي للشغل"  # للـ names the body with its article


def test_a_title_before_the_clitic_content_of_its_verb(desk):
    said = statements_of("استقبل وزير الشؤون الخارجية منجي الحامدي نظيره الجزائري عبد القادر بلحاج. من جانبه، أشاد "
                         "الوزير الجزائري بالمستوى المتميز الذي بلغته العلاقات الثنائية.")
    assert (only(said)["speaker"]["name"], only(said)["text"]) == (
        "عبد القادر بلحاج", "المستوى المتميز الذي بلغته العلاقات الثنائية")


def test_a_verb_right_after_that_he_is_inside_the_content(desk):
    said = statements_of("وثمن الوزير قرار الحكومة. وأشار إلى أنه قد طلب من نظيره تحويل الديون إلى مشاريع تنموية.")
    assert [s["text"] for s in said] == ["قرار الحكومة", "أنه قد طلب من نظيره تحويل الديون إلى مشاريع تنموية"]


def test_a_meeting_that_brought_him_together_with_and_talks_as_verbs(desk):
    assert events_of("وأكد وزير الخارجية منجي الحامدي، خلال لقاء جمعه اليوم بنظيره الفرنسي جان مارك إيرولت، أن "
                     "العلاقات متميزة.") == [(["منجي الحامدي", "جان مارك إيرولت"], "meeting")]
    assert events_of("تباحث وزير التجارة عمر الباهي مع نظيره الليبي محمد الحويج سبل تطوير المبادلات.") == [
        (["عمر الباهي", "محمد الحويج"], "meeting")]


def test_those_present_join_the_meeting_of_the_host_and_guest(desk):
    assert events_of("استقبل رئيس الجمهورية الباجي قائد السبسي اليوم بقصر قرطاج وزير الخارجية الفرنسي جان مارك "
                     "إيرولت بحضور وزير الشؤون الخارجية منجي الحامدي.") == [
        (["الباجي قائد السبسي", "جان مارك إيرولت", "منجي الحامدي"], "meeting")]


def test_no_meeting_in_a_party_s_name_an_interview_or_a_government_named_after_its_head(desk):
    assert events_of("قال نائب مجلس الشعب عن حزب المؤتمر من أجل الجمهورية، عماد الدايمي إن حزبه سيطعن في القانون.") == []
    assert events_of("قال رئيس المعهد حاتم بن سالم في حديث مع وكالة تونس إفريقيا للأنباء إن المعهد يدرس التعاون.") == []
    assert events_of("قالت النائب سامية عبو خلال جلسة منح الثقة لحكومة يوسف الشاهد إن الحكومة ضعيفة.") == []
    assert events_of("ولم يقع التطرق إلى المسألة خلال الاجتماع الأخير للمكتب التنفيذي لمنظمة الأعراف المنعقد الخميس "
                     "الماضي مع رئيس الحكومة يوسف الشاهد.") == []


def test_the_holder_s_given_name_after_a_long_post_wins_over_its_body_s_words(desk):
    said = statements_of("وقال رئيس نقابة أطباء الأسنان الممارسين بصفة حرة خالد التنازفتي إن الهدف من التظاهرة التوعية.")
    assert only(said)["speaker"]["name"] == "خالد التنازفتي"
    said = statements_of("وأوضحت المستشارة الألمانية أنجيلا ميركل خلال لقائها بالرئيس الباجي قائد السبسي أن المهم هو "
                         "إعطاء فرص جديدة للعائدين.")
    assert only(said)["speaker"]["name"] == "أنجيلا ميركل"  # a name after بـ is whom she met


def test_a_group_whose_members_are_named_is_not_a_side_nor_a_word_inside_a_name(desk):
    assert events_of("وأجرى وزير التجارة عمر الباهي مباحثات مع عدد من المسؤولين الليبيين منهم وزير الاقتصاد الليبي "
                     "محمد الحويج.") == [(["عمر الباهي", "محمد الحويج"], "meeting")]
    assert events_of("التقى رئيس مجلس الوزراء عمر الباهي عدد من المسؤولين الليبيين.") == [
        (["عمر الباهي", "عدد من المسؤولين الليبيين"], "meeting")]


def test_a_credit_written_in_one_word_with_its_ma(desk):
    said = only(statements_of("وتم حجز كمية من المخدرات، وحسبما أكده مصدر أمني فإن المشتبه بهما طالبان."))
    assert (said["speaker"]["name"], said["text"]) == ("مصدر أمني", "المشتبه بهما طالبان")
