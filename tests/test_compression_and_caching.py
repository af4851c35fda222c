"""gzip when the client accepts it (streams stay streams), and validators a polling dashboard revalidates with."""
import gzip
import json

from .helpers import API

GZIP = {"Accept-Encoding": "gzip, deflate"}


def test_a_list_is_gzipped_when_accepted(seeded_client):
    url = f"{API}/statements?limit=500&expand=speaker,article"
    plain = seeded_client.get(url)
    zipped = seeded_client.get(url, headers=GZIP)
    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    body = gzip.decompress(zipped.get_data())
    assert body == plain.get_data()
    assert int(zipped.headers["Content-Length"]) == len(zipped.get_data()) < len(body) / 5


def test_no_gzip_when_refused_or_not_asked(seeded_client):
    url = f"{API}/statements?limit=500"
    for headers in ({}, {"Accept-Encoding": "identity"}, {"Accept-Encoding": "gzip;q=0, identity"},
                    {"Accept-Encoding": "br"}):
        assert "Content-Encoding" not in seeded_client.get(url, headers=headers).headers, headers
    assert seeded_client.get(url, headers={"Accept-Encoding": "*"}).headers["Content-Encoding"] == "gzip"


def test_csv_and_ndjson_streams_are_gzipped_and_still_stream(seeded_client):
    for query in ("format=csv&expand=speaker", "format=ndjson"):
        url = f"{API}/statements?{query}"
        plain = seeded_client.get(url).get_data()
        response = seeded_client.get(url, headers=GZIP, buffered=False)
        assert response.is_streamed and "Content-Length" not in response.headers
        assert response.headers["Content-Encoding"] == "gzip"
        chunks = list(response.response)
        assert len(chunks) > 1, "a stream must not be gathered into one body"
        assert gzip.decompress(b"".join(chunks)) == plain
        response.close()


def test_an_export_is_gzipped(seeded_client):
    plain = seeded_client.get(f"{API}/export").get_data()
    zipped = seeded_client.get(f"{API}/export", headers=GZIP)
    assert zipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped.get_data()) == plain


def test_a_record_with_a_strong_etag_is_sent_as_is(seeded_client):
    # Its ETag names these bytes for If-Match; a gzipped body would need a tag of its own.
    response = seeded_client.get(f"{API}/statements/1?expand=speaker,article", headers=GZIP)
    assert response.headers["ETag"].startswith('"v') and "Content-Encoding" not in response.headers


def test_a_polling_dashboard_gets_304_until_the_list_changes(client, writer):
    client.post(f"{API}/topics", headers=writer, json={"slug": "water", "name_ar": "المياه"})
    url = f"{API}/topics?limit=10"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": etag, **GZIP}).status_code == 304
    assert client.get(f"{url}&pretty=1", headers={"If-None-Match": etag}).status_code == 200
    client.post(f"{API}/topics", headers=writer, json={"slug": "oil", "name_ar": "النفط"})
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert len(changed.get_json()["items"]) == 2


def test_search_and_stats_have_validators_too(seeded_client):
    for url in (f"{API}/search?q=سوريا", f"{API}/stats/statements?group_by=month"):
        etag = seeded_client.get(url).headers["ETag"]
        assert seeded_client.get(url, headers={"If-None-Match": etag}).status_code == 304, url


def test_the_spec_is_cached_long_and_revalidated(client):
    response = client.get("/openapi.json")
    assert "max-age=86400" in response.headers["Cache-Control"] and "public" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    assert client.get("/openapi.json", headers={"If-None-Match": etag}).status_code == 304
    zipped = client.get("/openapi.json", headers=GZIP)
    assert zipped.headers["Content-Encoding"] == "gzip" and zipped.headers["ETag"] == etag
    assert json.loads(gzip.decompress(zipped.get_data()))["openapi"]
    yaml_etag = client.get("/openapi.yaml").headers["ETag"]
    assert client.get("/openapi.yaml", headers={"If-None-Match": yaml_etag}).status_code == 304


def test_errors_are_never_304(client):
    response = client.get(f"{API}/topics/999")
    assert response.status_code == 404 and "ETag" not in response.headers
