"""The access log as an operator reads it: one JSON line per request on gunicorn's stderr."""
import json
import tempfile

import requests

from .server import gunicorn


def json_lines(log):
    log.seek(0)
    entries = []
    for line in log.read().decode("utf-8", "replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # gunicorn's own lines ("Booting worker…") are plain text
        if isinstance(entry, dict):
            entries.append(entry)
    return entries


def test_every_request_is_one_json_line_with_its_request_id(tmp_path):
    url = f"sqlite:///{tmp_path / 'statements.db'}"
    with tempfile.TemporaryFile() as log:
        with gunicorn(url, workers=2, log=log) as (base, _):
            sent = []
            for n in range(20):
                path = "/api/v1/topics" if n % 2 else f"/api/v1/topics/{4000 + n}"
                response = requests.get(base + path, headers={"X-Request-ID": f"probe-{n}", "Connection": "close"})
                sent.append((f"probe-{n}", path, response.status_code))
        access = [entry for entry in json_lines(log) if entry.get("logger") == "service.access"]
    by_id = {entry.get("request_id"): entry for entry in access}
    for request_id, path, status in sent:
        entry = by_id.get(request_id)
        assert entry is not None, f"no JSON access line for {request_id}; {len(access)} JSON access lines in all"
        assert entry["path"] == path and entry["status"] == status and entry["method"] == "GET"
        assert entry["level"] == "info" and isinstance(entry["duration_ms"], float)
    assert sum(1 for entry in access if str(entry.get("request_id", "")).startswith("probe-")) == len(sent)
