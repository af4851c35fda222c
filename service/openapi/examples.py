"""An Arabic example for every operation of the OpenAPI document, from the seed dataset.

`REQUESTS` says what each operation is asked in its example (path and query
parameters, body), keyed by operationId (set by each route: http/blueprint.py). What the
service answers to each, on a fresh copy of the seed dataset, is recorded in
examples.json beside this module rather than copied by hand, so the answer
shown in /docs is one the service gave:

    .venv/bin/python -m service.openapi.recorder   # re-record examples.json
    make spec                                      # then regenerate openapi.yaml

`ExamplesPlugin` attaches both to the spec as flask-smorest builds it (one
apispec plugin, so no route module knows about examples), and
recorder.py (and tests/test_openapi_examples.py) replay every example against the seed
dataset and holds the recorded answers equal to what the service says today.

Every Arabic string in a request is copied verbatim from fixtures/ (the test
checks that too): the examples never invent a quote.
"""
import json
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from apispec import BasePlugin

RESPONSES_FILE = Path(__file__).with_name("examples.json")
# Timestamps the service stamps on a write (the seed's load, a revision's
# `at`) differ on every run: `recorded` sets them to this, in the recording
# and in the answer the test compares with it.
VOLATILE = ("created_at", "updated_at", "at")
RECORDED_AT = "2026-11-23T09:00:00+00:00"
# A cursor is signed with a secret of the database's own (service/signing.py),
# so no recorded cursor would be valid on another server: its signature is
# shown as this, in the recording and in the answer the test compares with it.
RECORDED_SIGNATURE = "signature"
# Human pages and machine documents: nothing Arabic to show, no data to query.
WITHOUT_EXAMPLES = ("getMetrics", "getOpenApiJson", "getOpenApiYaml", "getDocsPage", "getDocsAsset",
                    "getDashboardPage", "getDashboardAsset")


@dataclass(frozen=True)
class Example:
    path: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    body: object = None
    # Operations whose examples run first, on the same database (a record's
    # history after a change to it, the deletion of a record just created).
    after: tuple = ()
    # False where the answer is a stream whose media type follows the query
    # (the export): its request is documented, its answer is not recorded.
    answer: bool = True
    # Requests (method, path, JSON body) sent first that no operation's example
    # makes, such as the duplicate a merge example merges away.
    setup: tuple = ()


# Seed 003 (Syria News, 18.01.2017), its first two paragraphs as published.
KHAMIS_IN_TEHRAN = (
    "التقى رئيس الوزراء عماد خميس, في طهران, عدد من المسؤولين الإيرانيين من بينهم الرئيس حسن روحاني.\n\n"
    'أعرب رئيس الوزراء عماد خميس, يوم الأربعاء, عن "أمله" في توصل المفاوضات السورية في أستانا المزمع '
    'عقدها في وقت لاحق من الشهر الجاري الى "حل يفضي لاعادة الامن والاستقرار الى سوريا".'
)
KHAMIS_ARTICLE = {
    "title": "خلال لقائه روحاني.. خميس يأمل في توصل لقاء أستانا إلى حل بشأن سوريا",
    "body": KHAMIS_IN_TEHRAN,
    "published_at": "2017-01-18T19:04:00+02:00",
    "outlet_id": 1,
    "language": "ar",
}
SYRIAN_ARMY = {"kind": "organization", "name_ar": "الجيش السوري", "name_en": "Syrian Army", "country_code": "SY"}
# Walid Muallem as fixtures/participants.json records him.
MUALLEM = {
    "kind": "person", "name_ar": "وليد المعلم", "name_en": "Walid Muallem", "country_code": "SY",
    "description": "Foreign Minister of Syria 2006–2020 and Deputy Prime Minister; died in office on 16 November 2020.",
    "aliases": [{"name": "المعلم", "language": "ar", "kind": "short"},
                {"name": "الوزير المعلم", "language": "ar", "kind": "honorific"},
                {"name": "وزير الخارجية وليد المعلم", "language": "ar", "kind": "honorific"},
                {"name": "Walid Muallem", "language": "en", "kind": "transliteration"},
                {"name": "Walid al-Moallem", "language": "en", "kind": "transliteration"}],
    "roles": [{"title_ar": "وزير الخارجية والمغتربين", "title_en": "Minister of Foreign Affairs and Expatriates of Syria",
               "organization_id": 31, "country_code": "SY", "start_date": "2006-02-01", "start_date_precision": "month",
               "end_date": "2020-11-16", "end_date_precision": "day"},
              {"title_ar": "نائب رئيس مجلس الوزراء", "title_en": "Deputy Prime Minister of Syria",
               "country_code": "SY", "start_date": "2012-01-01", "start_date_precision": "year",
               "end_date": "2020-11-16", "end_date_precision": "day"}],
}
# Velayati's post as seed 001 words it; its dates are not in the article, so none are given.
VELAYATI_AS_ADVISER = {"title_ar": "مستشار المرشد الإيراني للشؤون الدولية", "country_code": "IR"}
# Rouhani on file a second time, under the name seed 003 calls him by: the duplicate a merge removes.
ROUHANI_AGAIN = {"kind": "person", "name_ar": "الرئيس الإيراني حسن روحاني", "country_code": "IR"}
ROUHANI_ON_ALEPPO = {
    "article_id": 4, "speaker_id": 4, "kind": "direct", "cue": "اعتبر", "topic_ids": [4, 13],
    "text": "خطوتين مهمتين في سياق ارساء السلام والاستقرار في سوريا",
}

# The record each path shows unless its operation says otherwise.
PATH_EXAMPLES = {"country_code": "SY", "outlet_id": 3, "topic_id": 3, "article_id": 4, "participant_id": 9,
                 "role_id": 10, "event_id": 10, "statement_id": 39}

REQUESTS = {
    "listCountries": Example(query={"fields": ["code", "name_ar", "name_en"]}),
    "createCountry": Example(body={"code": "KZ", "name_ar": "كازاخستان", "name_en": "Kazakhstan"}),
    "getCountry": Example(),
    "updateCountry": Example(body={"name_ar": "سوريا"}),
    "replaceCountry": Example(body={"name_ar": "سورية", "name_en": "Syria"}),
    "deleteCountry": Example(path={"country_code": "KZ"}, after=("createCountry",)),
    "getCountryHistory": Example(after=("updateCountry",)),

    "listRevisions": Example(query={"resource": ["statement"], "id": ["1"]}),
    # No `wait` here: with nothing new to say, a long poll would hold the recorder for its wait.
    "listChanges": Example(query={"resource": ["country"], "limit": 2}),

    "listOutlets": Example(query={"kind": ["agency"]}),
    "createOutlet": Example(body={"name": "Syrian Ministry of Foreign Affairs",
                                           "name_ar": "الخارجية السورية", "country_code": "SY", "kind": "website"}),
    "getOutlet": Example(),
    "updateOutlet": Example(body={"name_ar": "سانا"}),
    "replaceOutlet": Example(body={"name": "SANA", "name_ar": "سانا", "url": "https://sana.sy",
                                      "country_code": "SY", "kind": "agency"}),
    "deleteOutlet": Example(path={"outlet_id": 6}, after=("createOutlet",)),
    "getOutletHistory": Example(after=("updateOutlet",)),

    "listTopics": Example(query={"slug": ["reconstruction", "astana-talks"]}),
    "createTopic": Example(body={"slug": "aleppo", "name_ar": "تحرير حلب", "name_en": "Aleppo"}),
    "getTopic": Example(),
    "updateTopic": Example(body={"name_ar": "إعادة إعمار سوريا"}),
    "replaceTopic": Example(body={"slug": "reconstruction", "name_ar": "إعادة إعمار سوريا",
                                      "name_en": "Reconstruction"}),
    "deleteTopic": Example(path={"topic_id": 15}, after=("createTopic",)),
    "getTopicHistory": Example(after=("updateTopic",)),

    "listArticles": Example(query={"published_after": "2022-01-01T00:00:00+00:00",
                                             "fields": ["id", "title", "published_at", "outlet_id"]}),
    "createArticle": Example(body=KHAMIS_ARTICLE),
    "getArticle": Example(query={"fields": ["id", "title", "published_at", "outlet_id"]}),
    "updateArticle": Example(body={"title": "خميس يأمل في توصل لقاء أستانا إلى حل بشأن سوريا"}),
    "replaceArticle": Example(path={"article_id": 6}, body={**KHAMIS_ARTICLE, "outlet_id": None},
                                    after=("createArticle",)),
    "deleteArticle": Example(path={"article_id": 6}, after=("createArticle",)),
    "getArticleHistory": Example(after=("updateArticle",)),

    "listParticipants": Example(query={"q": "الاسد", "fields": ["id", "name_ar", "name_en"]}),
    "createParticipant": Example(body=SYRIAN_ARMY),
    "getParticipant": Example(),
    "updateParticipant": Example(path={"participant_id": 13}, body={"name_en": "Walid al-Moallem"}),
    "replaceParticipant": Example(path={"participant_id": 13}, body=MUALLEM),
    "deleteParticipant": Example(path={"participant_id": 34}, after=("createParticipant",)),
    "getParticipantHistory": Example(path={"participant_id": 13},
                                                   after=("updateParticipant",)),
    "listParticipantRoles": Example(),
    "createParticipantRole": Example(path={"participant_id": 24}, body=VELAYATI_AS_ADVISER),
    "getParticipantRole": Example(),
    "updateParticipantRole": Example(body={"title_ar": "رئيس الوزراء"}),
    "replaceParticipantRole": Example(body={
        "title_ar": "رئيس مجلس الوزراء", "title_en": "Prime Minister of Syria", "country_code": "SY",
        "start_date": "2016-07-03", "start_date_precision": "day",
        "end_date": "2020-06-11", "end_date_precision": "day"}),
    "deleteParticipantRole": Example(),
    "getParticipantRoleHistory": Example(after=("updateParticipantRole",)),
    "resolveParticipant": Example(query={"name": "الرئيس الإيراني", "date": "2017-01-18", "limit": 1}),

    "mergeParticipant": Example(path={"participant_id": 34}, body={"survivor_id": 4},
                                setup=(("POST", "/api/v1/participants", ROUHANI_AGAIN),)),
    "unmergeParticipant": Example(path={"participant_id": 34}, after=("mergeParticipant",)),
    # The seeds hold no duplicates: min_score=0 shows the weak pairs they do share a name key in.
    "listDuplicates": Example(query={"min_score": 0, "limit": 2}),
    "listParticipantDuplicates": Example(path={"participant_id": 1}, query={"min_score": 0}),
    "dismissDuplicate": Example(path={"participant_id": 1, "other_id": 16}),

    "listParticipantStatements": Example(path={"participant_id": 2}, query={
        "kind": ["direct"], "fields": ["id", "text", "article_id", "addressee_id"], "limit": 2}),
    "listParticipantEvents": Example(path={"participant_id": 1}, query={"from": "2022-01-01", "limit": 2}),
    "listParticipantCounterparts": Example(query={"limit": 2}),

    "listEvents": Example(query={"participant": [15], "limit": 2}),
    # The meeting seed 003 reports, as an editor records it.
    "createEvent": Example(body={
        "kind": "meeting", "title": "لقاء خميس وروحاني في طهران", "place": "طهران", "country_code": "IR",
        "date": "2017-01-18", "date_precision": "day",
        "participants": [{"participant_id": 4, "side": "host"}, {"participant_id": 9, "side": "guest"}],
        "article_ids": [4]}),
    "getEvent": Example(),
    "updateEvent": Example(path={"event_id": 7}, body={"place": "طهران"}),
    "replaceEvent": Example(path={"event_id": 5}, body={
        "kind": "meeting", "title": "زيارة المعلم إلى طهران ولقاؤه روحاني", "place": "طهران", "country_code": "IR",
        "participants": [{"participant_id": 4, "side": "host"}, {"participant_id": 13, "side": "guest"}],
        "article_ids": [4]}),
    "deleteEvent": Example(path={"event_id": 15}, after=("createEvent",)),
    "getEventHistory": Example(path={"event_id": 7}, after=("updateEvent",)),

    "listStatements": Example(query={"q": "الاسد", "from": "2022-01-01", "to": "2022-12-31",
                                                 "fields": ["id", "text", "kind", "speaker_id"], "limit": 2}),
    "createStatement": Example(body=ROUHANI_ON_ALEPPO),
    "getStatement": Example(),
    "updateStatement": Example(body={"topic_ids": [1, 4, 5]}),
    "replaceStatement": Example(path={"statement_id": 49}, body=ROUHANI_ON_ALEPPO),
    "deleteStatement": Example(),
    "getStatementHistory": Example(after=("updateStatement",)),
    "listRelatedStatements": Example(),

    "search": Example(query={"q": "اعاده الاعمار", "type": ["statement"], "limit": 1}),
    "getStatementStats": Example(query={"group_by": "topic", "country": ["SY"]}),
    "extractArticle": Example(),
    "exportDataset": Example(query={"format": "csv", "table": "topic"}, answer=False),
    "importDataset": Example(body="".join(line + "\n" for line in (
        '{"type": "meta", "format": "statements-desk/1"}',
        '{"type": "country", "row": {"code": "KZ", "created_at": "2026-11-23T09:00:00", '
        '"updated_at": "2026-11-23T09:00:00", "version": 1, "name_ar": "كازاخستان", "name_en": "Kazakhstan"}}',
        '{"type": "topic", "row": {"id": 15, "created_at": "2026-11-23T09:00:00", "updated_at": "2026-11-23T09:00:00", '
        '"version": 1, "slug": "aleppo", "name_ar": "تحرير حلب", "name_en": "Aleppo"}}'))),
    "getLiveness": Example(),
    "getReadiness": Example(),
}


def load_responses():
    if not RESPONSES_FILE.exists():
        return {}
    return json.loads(RESPONSES_FILE.read_text(encoding="utf-8"))


class ExamplesPlugin(BasePlugin):
    """Attaches each operation's example, found by its operationId."""

    def __init__(self, requests=None, responses=None):
        self.requests = REQUESTS if requests is None else requests
        self.responses = load_responses() if responses is None else responses

    def path_helper(self, rule, operations, parameters, **kwargs):
        # Path parameters belong to the path, shared by its operations: the
        # seed record of PATH_EXAMPLES, overridden by an operation's own.
        path_parameters = [p for p in parameters if p["in"] == "path"]
        for parameter in path_parameters:
            if parameter["name"] in PATH_EXAMPLES:
                parameter["example"] = PATH_EXAMPLES[parameter["name"]]
        for operation in operations.values():
            name = operation.get("operationId")
            example = self.requests.get(name)
            if example and (unknown := set(example.path) - {p["name"] for p in path_parameters}):
                raise KeyError(f"{name}: the example's path parameters {sorted(unknown)} are not in {rule.rule}")
            overrides = [{**deepcopy(p), "example": example.path[p["name"]]}
                         for p in path_parameters if example and p["name"] in example.path]
            if overrides:
                operation.setdefault("parameters", []).extend(overrides)

    def operation_helper(self, operations, rule, **kwargs):
        for operation in operations.values():
            name = operation.get("operationId")
            if example := self.requests.get(name):
                attach_request(operation, example, name)
            if name in self.responses:
                attach_response(operation, self.responses[name])


def attach_request(operation, example, name):
    parameters = {p["name"]: p for p in operation.get("parameters", []) if p.get("in") == "query"}
    for key, value in example.query.items():
        if key not in parameters:
            raise KeyError(f"{name}: the example's query parameter {key!r} is not documented")
        parameters[key]["example"] = deepcopy(value)
    if example.body is not None:
        for media in operation["requestBody"]["content"].values():
            media["example"] = deepcopy(example.body)


def attach_response(operation, recorded):
    status = next(code for code in operation["responses"] if str(code).startswith("2"))
    response = operation["responses"][status]
    content = response.setdefault("content", {recorded["content_type"]: {}})
    content.setdefault(recorded["content_type"], {})["example"] = deepcopy(recorded["body"])
