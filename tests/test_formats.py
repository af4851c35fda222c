"""Lists as CSV for spreadsheets and NDJSON for pipelines; JSON readable in a terminal."""
import csv
import io
import json

from .helpers import API


def test_csv_streams_every_matching_row_not_one_page(seeded_client):
    response = seeded_client.get(f"{API}/statements?format=csv&limit=5&country=IR")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    feed = seeded_client.get(f"{API}/statements?country=IR&limit=500").get_json()["items"]
    assert [int(r["id"]) for r in rows] == [s["id"] for s in feed]
    assert rows[0]["text"] == feed[0]["text"]
    assert json.loads(rows[0]["topic_ids"]) == feed[0]["topic_ids"]


def test_csv_by_accept_header_with_a_bom_for_spreadsheets(seeded_client):
    response = seeded_client.get(f"{API}/participants?bom=true", headers={"Accept": "text/csv"})
    text = response.get_data().decode("utf-8")
    assert response.mimetype == "text/csv" and text.startswith("\ufeff")
    assert "بشار الأسد" in text


def test_ndjson_is_one_item_per_line(seeded_client):
    response = seeded_client.get(f"{API}/statements?format=ndjson&expand=speaker&fields=id,speaker")
    assert response.mimetype == "application/x-ndjson"
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 63
    assert set(json.loads(lines[0])) == {"id", "speaker"}


def test_a_name_search_streams_every_match_best_first(seeded_client):
    query = {"q": "علي", "limit": 1}
    page = seeded_client.get(f"{API}/participants", query_string={**query, "limit": 500}).get_json()["items"]
    response = seeded_client.get(f"{API}/participants", query_string={**query, "format": "ndjson"})
    assert response.mimetype == "application/x-ndjson"
    assert [json.loads(line)["id"] for line in response.get_data(as_text=True).splitlines()] == \
        [p["id"] for p in page]
    assert len(page) > 1


def test_an_unknown_format_is_400(seeded_client):
    assert seeded_client.get(f"{API}/statements?format=xml").status_code == 400


def test_pretty_indents_and_every_json_answer_ends_with_a_newline(client):
    compact = client.get(f"{API}/topics")
    pretty = client.get(f"{API}/topics?pretty=1")
    assert compact.get_data(as_text=True).endswith("}\n") and "\n  " not in compact.get_data(as_text=True)
    assert "\n  " in pretty.get_data(as_text=True)
    assert pretty.get_json() == compact.get_json()
    assert client.get(f"{API}/topics/9?pretty=1").get_data(as_text=True).count("\n") > 3


def test_pretty_and_compact_bodies_have_different_etags_for_one_version(client, writer):
    created = client.post(f"{API}/topics", headers=writer, json={"slug": "israel", "name_ar": "إسرائيل"})
    url = created.headers["Location"]
    plain, pretty = client.get(url), client.get(f"{url}?pretty=1")
    assert plain.headers["ETag"] != pretty.headers["ETag"]
    changed = client.patch(url, headers={**writer, "If-Match": pretty.headers["ETag"]}, json={"name_en": "Israel"})
    assert changed.status_code == 200  # either tag names version 1
