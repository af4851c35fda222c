"""Setup through the API, shared by the test modules: one small function per resource.

Every helper POSTs with the caller's `writer` headers and asserts the 201, so a
test body holds only what it specifies. The Arabic below is copied verbatim
from the seed articles (Syria News, 18.01.2017; Al-Alam, 8.05.2022).
"""
from service import create_app
from service.db import database
from service.migrations import upgrade

API = "/api/v1"
PROBLEM_TYPE = "application/problem+json"

# Syria News, 18.01.2017: Imad Khamis meets Hassan Rouhani in Tehran.
KHAMIS_BODY = (
    'أعرب رئيس الوزراء عماد خميس, يوم الأربعاء, عن "أمله" في توصل المفاوضات السورية '
    'في أستانا المزمع عقدها في وقت لاحق من الشهر الجاري الى "حل يفضي لاعادة الامن '
    'والاستقرار الى سوريا".\n\n'
    "ونقلت وكالات أنباء عن خميس قوله, خلال لقائه الرئيس الإيراني حسن روحاني, في طهران, "
    'إن سوريا "ترحب بجميع المبادرات والآليات الرامية لإعادة الاستقرار والأمن وتمخض '
    'الحوار السوري - السوري عن نتائج ايجابية".\n\n'
    'واعتبر روحاني تحرير حلب واقرار الهدنة "خطوتين مهمتين في سياق ارساء السلام '
    'والاستقرار في سوريا".'
)
# Occurs exactly once in KHAMIS_BODY.
KHAMIS_QUOTE = "ترحب بجميع المبادرات والآليات الرامية لإعادة الاستقرار والأمن"
ROUHANI_QUOTE = "خطوتين مهمتين في سياق ارساء السلام والاستقرار في سوريا"
# Occurs three times in KHAMIS_BODY.
REPEATED = "سوريا"

# Al-Alam, 8.05.2022, with its tashkeel (أكّد، أنّ، مسارٍ طويلٍ).
ASSAD_BODY = (
    "وأكّد الرئيس الأسد خلال لقائه آية الله السيد الخامنئي أنّ مجريات الأحداث أثبتت "
    "مجدداً صوابية الرؤى والنهج الذي سارت عليه سوريا وإيران منذ سنوات، وخصوصاً في "
    "مواجهة الإرهاب. والقائمة على مسارٍ طويلٍ من التعاون الثنائي."
)
ASSAD_QUOTE = "مجريات الأحداث أثبتت مجدداً صوابية الرؤى والنهج"


def post(client, headers, path, body, status=201):
    """POST `body` to `path` under /api/v1 and return the JSON answer."""
    response = client.post(API + path, json=body, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def create_country(client, headers, code="SY", name_ar="سورية", name_en="Syria"):
    return post(client, headers, "/countries", {"code": code, "name_ar": name_ar, "name_en": name_en})


def create_outlet(client, headers, name="Syria News", **fields):
    return post(client, headers, "/outlets", {"name": name, "name_ar": "سيريانيوز", **fields})


def create_topic(client, headers, slug="astana-talks", name_ar="محادثات أستانا", **fields):
    return post(client, headers, "/topics", {"slug": slug, "name_ar": name_ar, **fields})


def create_article(client, headers, body=KHAMIS_BODY, **fields):
    return post(client, headers, "/articles", {"body": body, **fields})


def create_participant(client, headers, name_ar="عماد خميس", **fields):
    return post(client, headers, "/participants", {"name_ar": name_ar, **fields})


def create_event(client, headers, **fields):
    return post(client, headers, "/events", {"kind": "meeting", "place": "طهران", **fields})


def create_statement(client, headers, article_id=None, speaker_id=None, text=KHAMIS_QUOTE,
                     kind="direct", **fields):
    """A statement; the article and speaker are created when not given."""
    if article_id is None:
        article_id = create_article(client, headers)["id"]
    if speaker_id is None:
        speaker_id = create_participant(client, headers)["id"]
    return post(client, headers, "/statements", {
        "article_id": article_id, "speaker_id": speaker_id, "text": text, "kind": kind, **fields})


def problem(response, status):
    """Assert `response` is an RFC 9457 problem with `status`; return its body."""
    request = f"{response.request.method} {response.request.full_path.rstrip('?')}"
    assert response.status_code == status, f"{request}: {response.get_data(as_text=True)}"
    assert response.mimetype == PROBLEM_TYPE, request
    body = response.get_json()
    assert {"type", "title", "status"} <= set(body)
    assert body["status"] == status
    return body


def ids(response):
    """The ids (or codes) of a list response's items, in order."""
    return [item.get("id", item.get("code")) for item in response.get_json()["items"]]


def app_with(database_url, **overrides):
    """A second app on the test's database, created with config overrides."""
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, **overrides})
    with app.app_context():
        upgrade()
        database.close()
    return app
