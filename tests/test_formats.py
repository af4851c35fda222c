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


# --- CSV a spreadsheet can open safely and read --------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]


def csv_rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv", response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralized(client, writer):
    for n, title in enumerate(FORMULAS):
        created = client.post(f"{API}/articles", headers=writer, json={
            "body": f"نص {n}", "title": title, "published_at": "2017-01-18T19:04:00+03:00"})
        assert created.status_code == 201
    for url in (f"{API}/articles?format=csv", f"{API}/export?format=csv&table=article"):
        rows = csv_rows(client.get(url))
        assert [row["title"] for row in rows] == ["'" + title for title in FORMULAS], url
        assert all(row["body"].startswith("نص") for row in rows)
    # Only CSV: JSON and NDJSON carry the values as stored.
    assert [a["title"] for a in client.get(f"{API}/articles").get_json()["items"]] == FORMULAS
    lines = client.get(f"{API}/articles?format=ndjson").get_data(as_text=True).splitlines()
    assert [json.loads(line)["title"] for line in lines] == FORMULAS


def test_a_negative_number_is_a_number_not_a_formula(client, writer):
    client.post(f"{API}/articles", headers=writer, json={"body": "نص", "published_at": "2017-01-18T19:04:00-03:00"})
    row = csv_rows(client.get(f"{API}/export?format=csv&table=article"))[0]
    assert row["published_at_offset"] == "-180"


def test_an_empty_csv_export_still_has_its_header(client):
    text = client.get(f"{API}/export?format=csv&table=topic").get_data(as_text=True)
    assert text.splitlines()[0].split(",")[:3] == ["id", "created_at", "updated_at"]


def test_csv_spreads_expansions_into_columns(seeded_client):
    response = seeded_client.get(f"{API}/statements?format=csv&expand=speaker,article,addressee")
    rows = csv_rows(response)
    feed = seeded_client.get(f"{API}/statements?limit=500&expand=speaker,article,addressee").get_json()["items"]
    assert len(rows) == len(feed) == 63
    header = list(rows[0])
    for column in ("speaker.name_ar", "speaker.id", "article.title", "article.published_at",
                   "addressee.name_ar", "addressee.id"):
        assert column in header, column
    assert not {"speaker", "article", "addressee"} & set(header)  # no JSON blob column
    for row, item in zip(rows, feed):
        assert row["speaker.name_ar"] == item["speaker"]["name_ar"]
        assert row["article.published_at"] == (item["article"]["published_at"] or "")
        assert row["addressee.name_ar"] == ((item["addressee"] or {}).get("name_ar") or "")
    # the header is the same whether or not the first row has the expanded object
    assert any(item["addressee"] is None for item in feed) and any(item["addressee"] for item in feed)


def test_csv_expansion_columns_follow_fields(seeded_client):
    rows = csv_rows(seeded_client.get(f"{API}/statements?format=csv&expand=speaker&fields=id,text,speaker"))
    assert list(rows[0])[:2] == ["id", "text"]
    assert all(column.startswith("speaker.") for column in list(rows[0])[2:])
    assert "speaker.name_ar" in rows[0]
