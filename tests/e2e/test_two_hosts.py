"""Two hosts, one database: two gunicorn servers on one PostgreSQL, written through at once.

What a load balancer in front of several hosts must not break: every create
is kept, a unique key is taken once, and of two writes based on the same
version one wins and the other is told so (412), never silently overwritten.
The hosts share nothing but the database, so whatever keeps them apart is
the database's doing (row locks taken by the write path, unique indexes).
"""
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
import requests

from .server import flask_cli, gunicorn

SERVER = os.environ.get("TEST_DATABASE_URL")
if not SERVER:
    pytest.skip("two-host test skipped: TEST_DATABASE_URL not set (it needs PostgreSQL)",
                allow_module_level=True)

API = "/api/v1"
CLIENTS = 8  # threads writing at once, half through each host


@pytest.fixture(scope="module")
def hosts():
    """Two hosts (one plain, one pooled: both DATABASE_URL forms) and a write key."""
    from tests import pg
    with pg.fresh_database(SERVER) as url, ExitStack() as running:
        pooled = "postgresql+pool" + url[url.index("://"):]
        env = {"RATE_LIMIT": "off"}  # a limit shared by hosts would only add 429s to count
        # Started side by side, as a deploy would: each runs `db upgrade` first.
        starting = [gunicorn(database_url, extra_env=env) for database_url in (url, pooled)]
        with ThreadPoolExecutor(2) as pool:
            started = list(pool.map(lambda server: server.__enter__(), starting))
        for server in starting:
            running.push(server.__exit__)
        (first, cli_env), (second, _) = started
        secret = flask_cli(cli_env, "keys", "create", "two-hosts", "--scope", "write")
        auth = {"Authorization": f"Bearer {secret.strip().splitlines()[-1]}"}
        post(first, auth, "/countries", {"code": "SY", "name_ar": "سورية", "name_en": "Syria"})
        yield (first, second), auth


def post(base, auth, path, body):
    response = requests.post(base + API + path, json=body, headers=auth, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()


def at_once(work, count=CLIENTS):
    """Run work(i) for i in range(count) on as many threads, started together."""
    start = threading.Barrier(count)

    def run(i):
        start.wait()
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_creates_through_both_hosts_are_all_kept(hosts):
    (first, second), auth = hosts
    per_client = 5

    def create(i):
        base = (first, second)[i % 2]
        return [post(base, auth, "/participants", {"name_ar": f"مشارك {i}-{n}", "country_code": "SY"})["id"]
                for n in range(per_client)]

    ids = [id_ for batch in at_once(create) for id_ in batch]
    assert len(set(ids)) == CLIENTS * per_client
    for base in (first, second):
        listed = requests.get(f"{base}{API}/participants", params={"count": "true", "limit": 500}).json()
        assert set(ids) <= {item["id"] for item in listed["items"]}


def test_a_unique_key_created_on_both_hosts_at_once_is_taken_once(hosts):
    (first, second), auth = hosts
    body = {"slug": "sanctions", "name_ar": "العقوبات", "name_en": "Sanctions"}
    answers = at_once(lambda i: requests.post(f"{(first, second)[i % 2]}{API}/topics", json=body,
                                              headers=auth, timeout=30))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [409] * (CLIENTS - 1), [a.text for a in answers if a.status_code not in (201, 409)]
    assert all(a.headers["Content-Type"].startswith("application/problem+json")
               for a in answers if a.status_code == 409)
    listed = requests.get(f"{second}{API}/topics", params={"slug": "sanctions"}).json()
    assert len(listed["items"]) == 1


def test_racing_conditional_patches_one_wins_each_round_the_rest_are_412(hosts):
    """Every client reads the same version, then all PATCH it with If-Match at once."""
    (first, second), auth = hosts
    speaker = post(first, auth, "/participants", {"name_ar": "حسن روحاني", "country_code": "SY"})
    path = f"{API}/participants/{speaker['id']}"
    rounds = 6
    winners = []
    for round_ in range(rounds):
        all_have_read = threading.Barrier(CLIENTS)

        def attempt(i):
            base = (first, second)[i % 2]
            read = requests.get(base + path, timeout=30)
            all_have_read.wait()
            return requests.patch(base + path, json={"name_en": f"round {round_} client {i}"},
                                  headers={**auth, "If-Match": read.headers["ETag"]}, timeout=30)

        answers = at_once(attempt)
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200] + [412] * (CLIENTS - 1), [a.text for a in answers if a.status_code >= 500]
        [won] = [answer.json() for answer in answers if answer.status_code == 200]
        assert won["version"] == round_ + 2
        winners.append(won["name_en"])

    for base in (first, second):
        final = requests.get(base + path).json()
        assert final["version"] == 1 + rounds  # the create and one write per round
        assert final["name_en"] == winners[-1]


def test_free_running_conditional_writers_lose_nothing(hosts):
    """Clients read, write with If-Match and retry on 412, each at its own pace.

    Every 200 must name a version of its own: two writes accepted on the same
    base version would be a lost update, and the final version counts them.
    """
    (first, second), auth = hosts
    speaker = post(second, auth, "/participants", {"name_ar": "علي لاريجاني", "country_code": "SY"})
    path = f"{API}/participants/{speaker['id']}"
    writes_each = 4

    def writer(i):
        base = (first, second)[i % 2]
        accepted, refused = [], 0
        while len(accepted) < writes_each:
            read = requests.get(base + path, timeout=30)
            answer = requests.patch(base + path, json={"description": f"client {i} write {len(accepted)}"},
                                    headers={**auth, "If-Match": read.headers["ETag"]}, timeout=30)
            assert answer.status_code in (200, 412), answer.text
            if answer.status_code == 200:
                assert answer.json()["version"] == read.json()["version"] + 1
                accepted.append((answer.json()["version"], answer.json()["description"]))
            else:
                refused += 1
        return accepted, refused

    results = at_once(writer)
    accepted = sorted(version_and_text for done, _ in results for version_and_text in done)
    versions = [version for version, _ in accepted]
    assert versions == list(range(2, 2 + CLIENTS * writes_each))  # each version won by one write
    assert sum(refused for _, refused in results) > 0  # the clients did collide

    final = requests.get(first + path).json()
    assert final["version"] == 1 + CLIENTS * writes_each
    assert final["description"] == accepted[-1][1]  # the last accepted write is what is stored


def test_unconditional_patches_through_both_hosts_are_each_counted(hosts):
    """Without If-Match nothing is refused, and no write's version bump is lost."""
    (first, second), auth = hosts
    topic = post(first, auth, "/topics", {"slug": "reconstruction", "name_ar": "إعادة الإعمار"})
    path = f"{API}/topics/{topic['id']}"
    answers = at_once(lambda i: requests.patch(f"{(first, second)[i % 2]}{path}", headers=auth,
                                               json={"name_en": f"Reconstruction {i}"}, timeout=30))
    assert [answer.status_code for answer in answers] == [200] * CLIENTS
    assert sorted(answer.json()["version"] for answer in answers) == list(range(2, 2 + CLIENTS))
    assert requests.get(second + path).json()["version"] == 1 + CLIENTS
