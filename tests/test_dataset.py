"""The whole dataset out and in, losslessly, atomically."""
import csv
import io
import json

from .conftest import _key
from .helpers import API, problem

NDJSON = {"Content-Type": "application/x-ndjson"}


def export(client):
    response = client.get(f"{API}/export")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    return response.get_data()


def test_export_import_export_gives_identical_bytes(seeded_client, app, client):
    dump = export(seeded_client)
    admin = _key(app, "admin", "admin")
    imported = client.post(f"{API}/import", headers={**admin, **NDJSON}, data=dump)
    assert imported.status_code == 200, imported.get_json()
    assert imported.get_json()["imported"]["statement"] == 63
    assert export(client) == dump


def test_imported_data_is_searchable_and_writable(seeded_client, app, client):
    admin = _key(app, "admin", "admin")
    client.post(f"{API}/import", headers={**admin, **NDJSON}, data=export(seeded_client))
    assert client.get(f"{API}/search?q=الاسد&type=statement").get_json()["items"]
    writer = _key(app, "writer", "write")
    created = client.post(f"{API}/topics", headers=writer, json={"slug": "water", "name_ar": "المياه"})
    assert created.status_code == 201  # ids continue after the imported ones


def test_a_bad_line_imports_nothing_and_is_reported_by_number(seeded_client, app, client):
    lines = export(seeded_client).decode().splitlines()
    lines[5] = '{"type": "statement", "row": {"id": "x"'
    lines[7] = '{"type": "weather", "row": {}}'
    admin = _key(app, "admin", "admin")
    refused = client.post(f"{API}/import", headers={**admin, **NDJSON}, data="\n".join(lines).encode())
    body = problem(refused, 422)
    assert set(body["errors"]) == {"line 6", "line 8"}
    assert client.get(f"{API}/countries").get_json()["items"] == []


def test_importing_rows_that_exist_conflicts_and_adds_nothing(seeded, seeded_client):
    admin = _key(seeded, "admin", "admin")
    before = seeded_client.get(f"{API}/statements?count=true&limit=1").get_json()["total"]
    refused = seeded_client.post(f"{API}/import", headers={**admin, **NDJSON}, data=export(seeded_client))
    problem(refused, 422)
    assert seeded_client.get(f"{API}/statements?count=true&limit=1").get_json()["total"] == before


def test_import_needs_an_admin_key(app, client, writer):
    problem(client.post(f"{API}/import", headers={**writer, **NDJSON}, data=b""), 403)
    problem(client.post(f"{API}/import", headers=NDJSON, data=b""), 401)


def test_export_of_a_table_as_csv_with_a_bom_for_spreadsheets(seeded_client):
    response = seeded_client.get(f"{API}/export?format=csv&table=statement&bom=true")
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 63 and any("الأسد" in (r["attribution_text"] or "") or "الإرهاب" in r["text"] for r in rows)


def test_every_line_is_a_typed_row(seeded_client):
    lines = export(seeded_client).decode().splitlines()
    assert json.loads(lines[0]) == {"type": "meta", "format": "statements-desk/1"}
    assert all(set(json.loads(line)) == {"type", "row"} for line in lines[1:])
    assert "\\u0627" not in lines[1] + lines[-1]
