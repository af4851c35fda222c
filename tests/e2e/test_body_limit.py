"""MAX_BODY_BYTES over real gunicorn, however the body is framed.

With `Transfer-Encoding: chunked` there is no Content-Length to refuse up
front: the body must still be refused whole (413), never cut at the limit
and handed to the route as if it were complete (an import would commit the
first part of a dump and answer 200).
"""
import json

import pytest
import requests

from .server import flask_cli, gunicorn

LIMIT = 64 * 1024
NDJSON = "application/x-ndjson"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('limit') / 'statements.db'}"
    with gunicorn(url, workers=1, extra_env={"MAX_BODY_BYTES": str(LIMIT), "RATE_LIMIT": "off"}) as (base, env):
        admin = flask_cli(env, "keys", "create", "limit-admin", "--scope", "admin").strip().splitlines()[-1]
        yield base, {"Authorization": f"Bearer {admin}"}


def article_line(number, length):
    """An export line of an article, padded to exactly `length` bytes with its newline."""
    row = {"id": number, "created_at": "2026-12-01T10:00:00", "updated_at": "2026-12-01T10:00:00",
           "version": 1, "outlet": None, "title": None, "body": "", "url": None, "published_at": None,
           "published_at_offset": None, "date_precision": None, "language": "ar", "dateline": None,
           "credits": None, "content_hash": f"{number:064x}", "provenance": None}
    bare = len(json.dumps({"type": "article", "row": row}, ensure_ascii=False).encode()) + 1
    row["body"] = "س" * ((length - bare) // 2) + "x" * ((length - bare) % 2)
    line = json.dumps({"type": "article", "row": row}, ensure_ascii=False) + "\n"
    assert len(line.encode()) == length
    return line.encode()


def dump_cut_at_the_limit(first_id=1):
    """Ten article lines; the 8th ends exactly at byte LIMIT."""
    meta = (json.dumps({"type": "meta", "format": "statements-desk/1"}) + "\n").encode()
    size = (LIMIT - len(meta)) // 8
    ids = range(first_id, first_id + 10)
    lines = [article_line(n, size) for n in ids[:7]]
    lines.append(article_line(ids[7], LIMIT - len(meta) - 7 * size))
    lines += [article_line(n, size) for n in ids[8:]]
    body = meta + b"".join(lines)
    assert len(meta + b"".join(lines[:8])) == LIMIT
    return body


def chunked(body, size=4096):
    """A generator body: requests sends it with Transfer-Encoding: chunked, no Content-Length."""
    return (body[i:i + size] for i in range(0, len(body), size))


def article_count(base):
    return requests.get(f"{base}/api/v1/articles?count=true&limit=1").json()["total"]


def test_a_chunked_dump_past_the_limit_is_a_413_and_imports_nothing(server):
    base, admin = server
    before = article_count(base)
    response = requests.post(f"{base}/api/v1/import", data=chunked(dump_cut_at_the_limit(1001)),
                             headers={**admin, "Content-Type": NDJSON})
    assert response.status_code == 413, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert str(LIMIT) in response.json()["detail"]
    assert article_count(base) == before


def test_a_chunked_dump_within_the_limit_imports_whole(server):
    base, admin = server
    before = article_count(base)
    within = dump_cut_at_the_limit(2001)[:LIMIT]  # meta and the first 8 lines: exactly the limit
    response = requests.post(f"{base}/api/v1/import", data=chunked(within),
                             headers={**admin, "Content-Type": NDJSON})
    assert response.status_code == 200, response.text
    assert response.json()["imported"]["article"] == 8
    assert article_count(base) == before + 8


@pytest.mark.parametrize("method, path", [
    ("post", "/api/v1/articles"), ("post", "/api/v1/topics"), ("patch", "/api/v1/articles/1"),
    ("post", "/api/v1/articles/1/extract"), ("get", "/api/v1/topics"), ("post", "/api/v1/no-such-route")])
def test_every_route_refuses_a_chunked_body_past_the_limit(server, method, path):
    base, admin = server
    body = json.dumps({"body": "ن" * LIMIT}).encode()
    response = requests.request(method, base + path, data=chunked(body),
                                headers={**admin, "Content-Type": "application/json"})
    assert response.status_code == 413, (path, response.status_code, response.text[:200])
    assert response.json()["status"] == 413


def test_a_content_length_past_the_limit_is_a_413_on_a_route_that_reads_no_body(server):
    base, admin = server
    response = requests.get(f"{base}/api/v1/topics", data=b"x" * (LIMIT + 1), headers=admin)
    assert response.status_code == 413
