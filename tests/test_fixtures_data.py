"""Integrity of the seed dataset in fixtures/ (no service imports: data only).

Offsets are Python str indices into the body read with
open(path, encoding="utf-8", newline="").read().
"""

import json
import pathlib
import re
from collections import Counter

import pytest

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures"

QUOTE_MARKS = "«»“”\""
ATTRIBUTION_VERBS = (
    "قال", "وقال", "أكد", "وأكد", "أكّد", "وأكّد", "اكد", "واكد", "أشار", "وأشار", "شدد", "وشدد",
    "شدّد", "وشدّد", "نوه", "لفت", "ولفت", "أضاف", "وأضاف", "أعرب", "اعرب", "وأعرب", "اعتبر",
    "واعتبر", "أوضح", "وأوضح", "دعا", "ودعا", "جدد", "توقع", "وصف", "ووصف", "عبر", "يؤكدان",
    "يأمل", "مشيراً", "مشيرا", "مؤكداً", "مؤكدا", "مشدداً", "مشددا", "معتبراً", "معتبرا",
    "مضيفاً", "مضيفا", "معرباً", "معربا", "بحسب", "حسب", "وفقاً", "وفقا",
)
PRECISIONS = {"day", "month", "year"}


def load(name):
    with open(FIXTURES / name, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def data():
    return {
        name: load(f"{name}.json")
        for name in ("countries", "outlets", "topics", "participants", "articles", "events", "statements")
    }


@pytest.fixture(scope="module")
def bodies(data):
    return {
        a["key"]: open(FIXTURES / a["body_file"], encoding="utf-8", newline="").read()
        for a in data["articles"]
    }


def test_fixture_files_are_readable_utf8_json_without_unicode_escapes():
    for path in FIXTURES.glob("*.json"):
        raw = path.read_text(encoding="utf-8")
        assert "\\u" not in raw, f"{path.name} contains \\u escapes"
        assert isinstance(json.loads(raw), list), f"{path.name} is not a JSON array"


def test_every_article_body_file_exists_and_provenance_names_it(data):
    for a in data["articles"]:
        assert (FIXTURES / a["body_file"]).is_file(), a["key"]
        assert a["body_file"] == "seeds/" + a["provenance"], a["key"]


def test_every_article_title_stands_in_its_body(data, bodies):
    for a in data["articles"]:
        assert a["title"] in bodies[a["key"]], a["key"]


def test_article_dates_are_rfc3339_with_a_precision_or_both_null(data):
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
    for a in data["articles"]:
        if a["published_at"] is None:
            assert a["date_precision"] is None, a["key"]
        else:
            assert stamp.match(a["published_at"]), a["key"]
            assert a["date_precision"] in PRECISIONS, a["key"]


def test_every_statement_text_is_the_body_at_its_offsets(data, bodies):
    for s in data["statements"]:
        body = bodies[s["article"]]
        assert isinstance(s["start"], int) and isinstance(s["end"], int)
        assert 0 <= s["start"] < s["end"] <= len(body)
        assert body[s["start"]:s["end"]] == s["text"], (s["article"], s["start"], s["text"][:40])


def test_every_attribution_and_agency_credit_is_verbatim_in_the_body(data, bodies):
    for s in data["statements"]:
        body = bodies[s["article"]]
        for field in ("attribution_text", "attributed_via"):
            if s[field] is not None:
                assert s[field] in body, (s["article"], field, s[field])
        if s["cue"] is not None and s["attribution_text"] is not None:
            assert s["cue"] in s["attribution_text"], (s["article"], s["cue"])


def test_attribution_words_stand_just_before_the_text_and_outside_it(data, bodies):
    """The attribution ends before the statement starts, separated only by a
    complementizer / preposition / punctuation on the same line."""
    for s in data["statements"]:
        if not s["attribution_text"]:
            continue
        body = bodies[s["article"]]
        end = body.rfind(s["attribution_text"], 0, s["start"])
        assert end != -1, (s["article"], s["attribution_text"])
        end += len(s["attribution_text"])
        assert end <= s["start"], (s["article"], s["start"])
        gap = body[end:s["start"]]
        assert len(gap) <= 12 and "\n" not in gap, (s["article"], s["start"], gap)


def test_no_statement_text_begins_with_an_attribution_verb(data):
    for s in data["statements"]:
        first = s["text"].lstrip(QUOTE_MARKS + " \u00a0").split()[0]
        assert first not in ATTRIBUTION_VERBS, (s["article"], s["start"], first)


def test_statement_texts_have_no_surrounding_whitespace(data):
    for s in data["statements"]:
        assert s["text"] == s["text"].strip(" \u00a0\n"), (s["article"], s["start"])


def test_direct_statements_carry_no_quotation_marks_at_their_ends(data):
    for s in data["statements"]:
        if s["kind"] == "direct":
            assert s["text"][0] not in QUOTE_MARKS, (s["article"], s["start"])
            assert s["text"][-1] not in QUOTE_MARKS, (s["article"], s["start"])


def test_statement_kinds_are_direct_or_indirect(data):
    assert {s["kind"] for s in data["statements"]} <= {"direct", "indirect"}


def test_statements_are_ordered_by_article_then_start(data):
    keys = [(s["article"], s["start"]) for s in data["statements"]]
    assert keys == sorted(keys)


def test_every_reference_resolves(data):
    countries = {c["code"] for c in data["countries"]}
    outlets = {o["name"] for o in data["outlets"]}
    topics = {t["slug"] for t in data["topics"]}
    participants = {p["key"] for p in data["participants"]}
    articles = {a["key"] for a in data["articles"]}
    events = {e["key"] for e in data["events"]}

    for o in data["outlets"]:
        assert o["country_code"] is None or o["country_code"] in countries, o["name"]
    for p in data["participants"]:
        assert p["country_code"] is None or p["country_code"] in countries, p["key"]
        for r in p["roles"]:
            assert r["country_code"] is None or r["country_code"] in countries, p["key"]
            assert r["organization"] is None or r["organization"] in participants, p["key"]
    for a in data["articles"]:
        assert a["outlet"] is None or a["outlet"] in outlets, a["key"]
    for e in data["events"]:
        assert e["country_code"] is None or e["country_code"] in countries, e["key"]
        for ep in e["participants"]:
            assert ep["participant"] in participants, (e["key"], ep["participant"])
        for ak in e["articles"]:
            assert ak in articles, (e["key"], ak)
    for s in data["statements"]:
        assert s["article"] in articles
        assert s["speaker"] in participants, s["speaker"]
        assert s["event"] is None or s["event"] in events, s["event"]
        assert s["addressee"] is None or s["addressee"] in participants, s["addressee"]
        for t in s["topics"]:
            assert t in topics, t


def test_keys_and_unique_names_are_unique(data):
    for name, field in [("countries", "code"), ("outlets", "name"), ("topics", "slug"),
                        ("participants", "key"), ("articles", "key"), ("events", "key")]:
        values = [row[field] for row in data[name]]
        assert len(values) == len(set(values)), (name, [v for v, n in Counter(values).items() if n > 1])
    qids = [p["wikidata_id"] for p in data["participants"] if p["wikidata_id"]]
    assert len(qids) == len(set(qids))
    assert all(re.fullmatch(r"Q[1-9]\d*", q) for q in qids)


def test_alias_names_are_unique_per_participant(data):
    for p in data["participants"]:
        names = [a["name"] for a in p["aliases"]]
        assert len(names) == len(set(names)), (p["key"], [n for n, c in Counter(names).items() if c > 1])
        for a in p["aliases"]:
            assert a["language"] in {"ar", "en", "fa"}, (p["key"], a)
            assert a["kind"] in {"full", "short", "honorific", "transliteration", "former"}, (p["key"], a)


def test_every_person_has_an_english_transliteration_alias(data):
    for p in data["participants"]:
        if p["kind"] == "person":
            assert any(a["kind"] == "transliteration" and a["language"] == "en" for a in p["aliases"]), p["key"]


def test_every_ended_role_has_end_date_and_precision(data):
    for p in data["participants"]:
        for r in p["roles"]:
            assert r["start_date_precision"] in PRECISIONS, (p["key"], r["title_en"])
            if r["end_date"] is None:
                assert r["end_date_precision"] is None, (p["key"], r["title_en"])
            else:
                assert r["end_date_precision"] in PRECISIONS, (p["key"], r["title_en"])
                assert r["end_date"] >= r["start_date"], (p["key"], r["title_en"])


def test_people_known_to_have_left_office_have_end_dates(data):
    by_key = {p["key"]: p for p in data["participants"]}
    for key in ("khamis", "raisi", "rouhani", "muallem", "jahangiri", "larijani", "shamkhani", "zarif", "assad"):
        for r in by_key[key]["roles"]:
            if key == "larijani" and r["organization"] == "iran-snsc":
                continue
            assert r["end_date"] is not None, (key, r["title_en"])


def test_who_held_a_post_is_answerable_on_each_seed_date(data):
    def holders(title_en, day):
        return [p["key"] for p in data["participants"] for r in p["roles"]
                if r["title_en"] == title_en and r["start_date"] <= day
                and (r["end_date"] is None or day < r["end_date"])]
    assert holders("President of Iran", "2017-01-18") == ["rouhani"]
    assert holders("President of Iran", "2022-05-08") == ["raisi"]
    assert holders("President of Iran", "2024-11-20") == ["pezeshkian"]
    assert holders("Prime Minister of Syria", "2020-01-13") == ["khamis"]
    assert holders("Prime Minister of Syria", "2022-05-08") == ["arnous"]
    assert holders("Minister of Foreign Affairs and Expatriates of Syria", "2020-01-13") == ["muallem"]
    assert holders("Minister of Foreign Affairs and Expatriates of Syria", "2022-05-08") == ["mekdad"]
    assert holders("Minister of Foreign Affairs and Expatriates of Syria", "2024-11-20") == ["sabbagh"]


def test_event_participant_pairs_are_unique(data):
    for e in data["events"]:
        keys = [ep["participant"] for ep in e["participants"]]
        assert len(keys) == len(set(keys)), e["key"]
        assert all(ep["side"] in {"host", "guest", "participant"} for ep in e["participants"]), e["key"]
        assert len(e["articles"]) == len(set(e["articles"])), e["key"]


def test_event_dates_carry_a_precision(data):
    for e in data["events"]:
        assert (e["date"] is None) == (e["date_precision"] is None), e["key"]
        if e["date"] is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["date"]), e["key"]
            assert e["date_precision"] in PRECISIONS, e["key"]


def test_statement_events_are_reported_by_the_statement_article(data):
    reported = {e["key"]: set(e["articles"]) for e in data["events"]}
    for s in data["statements"]:
        if s["event"] is not None:
            assert s["article"] in reported[s["event"]], (s["article"], s["event"])


def test_seeds_002_and_004_report_the_same_two_meetings_once_each(data):
    both = [e["key"] for e in data["events"] if {"seed-002", "seed-004"} <= set(e["articles"])]
    assert sorted(both) == ["assad-khamenei-2022", "assad-raisi-2022"]


def test_khamenei_no_doubt_quote_appears_once_in_seed_002_and_once_in_seed_004(data):
    rows = [s for s in data["statements"] if "ليس لدينا أدنى شك" in s["text"]]
    assert sorted(s["article"] for s in rows) == ["seed-002", "seed-004"]
    assert len({s["speaker"] for s in rows}) == 1
    assert rows[0]["speaker"] == "khamenei"
    assert all(s["kind"] == "direct" and s["addressee"] == "assad" for s in rows)


def test_every_article_has_statements_and_every_participant_role_names_a_country(data):
    counts = Counter(s["article"] for s in data["statements"])
    for a in data["articles"]:
        assert counts[a["key"]] > 0, a["key"]
    for p in data["participants"]:
        for r in p["roles"]:
            assert r["country_code"], p["key"]
