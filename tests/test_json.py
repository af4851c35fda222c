"""JSON as the contract wants it: real UTF-8 Arabic, and text stored exactly as given."""
import json
import unicodedata

from tests.helpers import (
    ASSAD_BODY,
    KHAMIS_BODY,
    create_article,
    create_participant,
    create_statement,
    problem,
)

# Words from the seeds, each spelled as the seed spells it.
TASHKEEL = "وأكّد الرئيس الأسد خلال لقائه آية الله السيد الخامنئي أنّ مجريات الأحداث"
TANWEEN = "على مسارٍ طويلٍ من التعاون الثنائي إضافةً إلى المواضيع"
TATWEEL = "في العاصمة الكازاخستانية استانا في الـ23 من كانون الثاني"
HAMZA_FORMS = ["أستانا", "آستانا", "استانا", "إيران", "ايران", "المسؤولين", "المسئولين"]


def raw(response):
    return response.get_data()  # bytes, as they went over the wire


def test_arabic_is_written_as_real_utf8_never_escaped(client, writer):
    khamis = create_participant(client, writer, "عماد خميس")
    response = client.get(f"/api/v1/participants/{khamis['id']}")
    assert "عماد خميس".encode("utf-8") in raw(response)
    assert b"\\u" not in raw(response)


def test_lists_items_and_partial_responses_are_unescaped(client, writer):
    create_participant(client, writer, "إسحاق جهانغيري")
    for url in ("/api/v1/participants", "/api/v1/participants/1", "/api/v1/participants/1?fields=name_ar"):
        response = client.get(url)
        assert "إسحاق جهانغيري".encode("utf-8") in raw(response), url
        assert b"\\u" not in raw(response), url


def test_created_and_updated_bodies_are_unescaped(client, writer):
    created = client.post("/api/v1/participants", json={"name_ar": "حسن روحاني"}, headers=writer)
    assert "حسن روحاني".encode("utf-8") in raw(created) and b"\\u" not in raw(created)
    updated = client.patch(created.headers["Location"], json={"description": "الرئيس الإيراني"}, headers=writer)
    assert "الرئيس الإيراني".encode("utf-8") in raw(updated) and b"\\u" not in raw(updated)


def test_problems_are_unescaped_too(client, writer):
    article = create_article(client, writer, body=KHAMIS_BODY)
    khamis = create_participant(client, writer)
    response = client.post("/api/v1/statements", json={
        "article_id": article["id"], "speaker_id": khamis["id"], "kind": "direct",
        "text": "أمله", "start": 0, "end": 4}, headers=writer)
    problem(response, 422)
    assert KHAMIS_BODY[:4].encode("utf-8") in raw(response)  # the problem quotes the body
    assert b"\\u" not in raw(response)


def test_content_type_names_utf8(client, writer):
    create_participant(client, writer)
    for url in ("/api/v1/participants", "/api/v1/participants/1", "/healthz"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == "application/json; charset=utf-8", url


def test_create_and_problem_content_types_name_utf8(client, writer):
    created = client.post("/api/v1/participants", json={"name_ar": "عماد خميس"}, headers=writer)
    assert created.headers["Content-Type"] == "application/json; charset=utf-8"
    missing = client.get("/api/v1/participants/999")
    assert missing.headers["Content-Type"] == "application/problem+json; charset=utf-8"


def test_responses_decode_as_strict_utf8_json(client, writer):
    create_article(client, writer, body=ASSAD_BODY)
    body = raw(client.get("/api/v1/articles/1"))
    assert json.loads(body.decode("utf-8", errors="strict"))["body"] == ASSAD_BODY


# --- stored exactly as given ---------------------------------------------------


def test_marks_are_stored_byte_for_byte(client, writer):
    assert "\u0651" in TASHKEEL and "\u064d" in TANWEEN and "\u0640" in TATWEEL  # the marks are there
    for text in (TASHKEEL, TANWEEN, TATWEEL):
        article = create_article(client, writer, body=text, title=text)
        stored = client.get(f"/api/v1/articles/{article['id']}").get_json()
        assert stored["body"].encode("utf-8") == text.encode("utf-8")
        assert stored["title"] == text


def test_alef_and_hamza_variants_are_stored_as_given(client, writer):
    for name in HAMZA_FORMS:
        participant = create_participant(client, writer, name, aliases=[{"name": name}])
        stored = client.get(f"/api/v1/participants/{participant['id']}").get_json()
        assert stored["name_ar"] == name, name
        assert stored["aliases"][0]["name"] == name, name


def test_spelling_variants_are_distinct_aliases(client, writer):
    response = client.post("/api/v1/participants", json={
        "name_ar": "بشار الأسد", "aliases": [{"name": "الأسد"}, {"name": "الاسد"}, {"name": "الأسـد"}]},
        headers=writer)
    assert response.status_code == 201
    assert [a["name"] for a in response.get_json()["aliases"]] == ["الأسد", "الاسد", "الأسـد"]


def test_statement_text_keeps_its_quotes_and_marks(client, writer):
    article = create_article(client, writer, body=ASSAD_BODY)
    statement = create_statement(client, writer, article_id=article["id"],
                                 text="أنّ مجريات الأحداث أثبتت مجدداً صوابية الرؤى")
    stored = client.get(f"/api/v1/statements/{statement['id']}").get_json()
    assert stored["text"] == "أنّ مجريات الأحداث أثبتت مجدداً صوابية الرؤى"
    assert stored["start"] is not None  # found in the body, marks and all


def test_no_unicode_normalization_is_applied_to_stored_text(client, writer):
    decomposed = unicodedata.normalize("NFD", "آستانا")  # alef + combining madda
    presentation = "\ufefb"  # lam-alef ligature, as some outlets' CMSs emit it
    assert decomposed != "آستانا"
    for text in (decomposed, presentation, "\u200fسوريا\u200f", "سوريا\r\nإيران"):
        article = create_article(client, writer, body=text)
        assert client.get(f"/api/v1/articles/{article['id']}").get_json()["body"] == text


def test_seed_article_round_trips(client, writer):
    article = create_article(client, writer, body=KHAMIS_BODY)
    assert client.get(f"/api/v1/articles/{article['id']}").get_json()["body"] == KHAMIS_BODY
