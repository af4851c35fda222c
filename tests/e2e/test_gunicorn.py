"""The service as users meet it: real gunicorn, real HTTP, keys from the CLI."""
import requests


def test_create_read_patch_conflict_delete_over_http(server):
    base, auth = server
    country = requests.post(f"{base}/api/v1/countries", headers=auth,
                            json={"code": "IR", "name_ar": "إيران", "name_en": "Iran"})
    assert country.status_code == 201
    created = requests.post(f"{base}/api/v1/participants", headers=auth, json={
        "name_ar": "علي لاريجاني", "country_code": "IR",
        "aliases": [{"name": "لاريجاني", "kind": "short"}]})
    assert created.status_code == 201
    location = created.headers["Location"]
    assert location.endswith(f"/api/v1/participants/{created.json()['id']}")

    read = requests.get(location if location.startswith("http") else base + location)
    assert read.status_code == 200
    assert read.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "لاريجاني" in read.text  # real UTF-8, not \u escapes
    etag = read.headers["ETag"]
    url = f"{base}/api/v1/participants/{read.json()['id']}"

    patched = requests.patch(url, headers={**auth, "If-Match": etag,
                                           "Content-Type": "application/merge-patch+json"},
                             data='{"name_en": "Ali Larijani"}'.encode())
    assert patched.status_code == 200 and patched.json()["version"] == 2

    stale = requests.patch(url, headers={**auth, "If-Match": etag}, json={"name_en": "X"})
    assert stale.status_code == 412
    assert stale.headers["Content-Type"].startswith("application/problem+json")
    assert requests.get(url).json()["name_en"] == "Ali Larijani"

    assert requests.delete(url, headers={**auth, "If-Match": patched.headers["ETag"]}).status_code == 204
    gone = requests.get(url)
    assert gone.status_code == 404 and gone.json()["status"] == 404


def test_writes_without_a_key_are_refused_over_http(server):
    base, _ = server
    response = requests.post(f"{base}/api/v1/topics", json={"slug": "sanctions", "name_ar": "العقوبات"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_metrics_add_up_across_workers(server):
    base, _ = server
    for _ in range(12):
        assert requests.get(f"{base}/api/v1/topics", headers={"Connection": "close"}).status_code == 200
    text = requests.get(f"{base}/metrics").text
    line = next(l for l in text.splitlines()
                if l.startswith('http_requests_total{method="GET",route="/api/v1/topics",status="200"}'))
    assert float(line.split()[-1]) == 12
    assert "http_request_duration_seconds_bucket" in text


def test_request_id_is_echoed_and_put_in_problems(server):
    base, _ = server
    response = requests.get(f"{base}/api/v1/topics/4242", headers={"X-Request-ID": "desk-42"})
    assert response.headers["X-Request-ID"] == "desk-42"
    assert response.json()["instance"] == "urn:request:desk-42"
    generated = requests.get(f"{base}/healthz").headers["X-Request-ID"]
    assert len(generated) == 32


def test_a_gzipped_stream_is_chunked_over_http(server):
    base, auth = server
    for n in range(40):
        assert requests.post(f"{base}/api/v1/topics", headers=auth,
                             json={"slug": f"topic-{n}", "name_ar": "إعادة الإعمار"}).status_code == 201
    url = f"{base}/api/v1/topics?format=ndjson"
    plain = requests.get(url, headers={"Accept-Encoding": "identity"})
    zipped = requests.get(url, headers={"Accept-Encoding": "gzip"}, stream=True)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.headers.get("Transfer-Encoding") == "chunked" and "Content-Length" not in zipped.headers
    assert zipped.content == plain.content  # requests undoes the gzip
    assert len(plain.content.splitlines()) == 40
