"""The change feed under eight writers committing at once, on PostgreSQL.

Revision ids come from a sequence, and two transactions may commit in the
other order than they drew their ids: a follower that had read id 12 before
id 11 committed would never see 11. Each write takes one advisory lock just
before its first revision and holds it to its commit (service/records/
revisions.py), so ids become visible in commit order; the search index
follows the log on the same guarantee. A reader follows the feed while
eight threads write through the API: it sees every revision once, in order.
"""
import threading

import pytest

from service.db import database
from service.models import Revision

from .conftest import postgres_url
from .helpers import API, create_country

WRITERS = 8
WRITES_EACH = 40

pytestmark = pytest.mark.skipif(not postgres_url(), reason="commit order is a PostgreSQL question")


def follow(client, stop, seen, errors):
    since = None
    while True:
        finished = stop.is_set()
        page = client.get(f"{API}/changes", query_string={"limit": 7, **({"since": since} if since else {})})
        if page.status_code != 200:
            errors.append(page.get_json())
            return
        body = page.get_json()
        seen += [change["revision"] for change in body["items"]]
        since = body["next_cursor"]
        if finished and not body["items"]:
            return


def write(client, headers, number, errors):
    for n in range(WRITES_EACH):
        created = client.post(f"{API}/participants", headers=headers,
                              json={"name_ar": f"مشارك {number}-{n}", "kind": "person", "country_code": "SY"})
        if created.status_code != 201:
            errors.append(created.get_json())
            continue
        changed = client.patch(f"{API}/participants/{created.get_json()['id']}", headers=headers,
                               json={"name_en": f"Participant {number}-{n}"})
        if changed.status_code != 200:
            errors.append(changed.get_json())


def test_a_follower_sees_every_change_once_in_order_while_eight_writers_commit(app, writer):
    create_country(app.test_client(), writer)
    stop, seen, errors = threading.Event(), [], []
    reader = threading.Thread(target=follow, args=(app.test_client(), stop, seen, errors))
    writers = [threading.Thread(target=write, args=(app.test_client(), writer, number, errors))
               for number in range(WRITERS)]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(300)
    stop.set()
    reader.join(60)
    assert errors == []
    with app.app_context():
        committed = [revision.id for revision in Revision.select(Revision.id).order_by(Revision.id)]
        database.close()
    assert len(committed) == 1 + WRITERS * WRITES_EACH * 2
    assert len(seen) == len(set(seen)), "a change was served twice"
    assert seen == sorted(seen), "changes out of commit order"
    assert set(committed) - set(seen) == set(), "a follower missed changes"
