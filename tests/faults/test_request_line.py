"""The front server's bound on the request line (service/gunicorn_conf.py).

gunicorn reads the request line before the service sees anything, and takes
8,190 bytes as its largest bound short of none. Under it a long query string
reaches the service (which judges every parameter); over it the answer is a
problem+json 414 like every other error, not gunicorn's own HTML page.
"""
import socket

from .server import Gunicorn

LIMIT = 8190


def raw_get(port, target):
    """One GET over a raw socket (no client library reshapes the URL): (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("ascii"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers, body


def articles_filtered(line_length):
    """GET /api/v1/articles with 100 content-hash filters and outlet filters, the request line `line_length` bytes.

    Every value is within the document's bounds, so the service answers 200
    (with no rows: the hashes and outlets are made up).
    """
    copies = "&".join(["content_hash=" + "0" * 64] * 100)
    room = line_length - len(f"GET /api/v1/articles?{copies} HTTP/1.1")
    count = -(-room // len("&outlet=" + "1" * 18))  # outlet ids of at most 18 digits
    digits = room - len("&outlet=") * count
    outlets = "".join("&outlet=" + "1" * (digits // count + (n < digits % count)) for n in range(count))
    target = f"/api/v1/articles?{copies}{outlets}"
    assert len(f"GET {target} HTTP/1.1") == line_length
    return target


def test_a_request_line_within_the_bound_reaches_the_service_and_a_longer_one_is_a_problem_414(tmp_path):
    server = Gunicorn(f"sqlite:///{tmp_path / 'statements.db'}", workers=1, log=tmp_path / "gunicorn.log")
    try:
        server.start()
        within = raw_get(server.port, articles_filtered(LIMIT))
        beyond = raw_get(server.port, articles_filtered(LIMIT + 1))
    finally:
        server.stop()
    status, headers, body = within
    assert status == 200, body[:300]
    status, headers, body = beyond
    assert status == 414
    assert headers["content-type"].startswith("application/problem+json")
    assert b'"status": 414' in body and str(LIMIT).encode() in body
