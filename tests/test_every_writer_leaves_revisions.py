"""Every writer leaves a revision for each row it creates, changes or deletes.

After each writer below, every kind of record's rows (id, version) are
compared with the revision log: each live row's latest revision carries its
version (and is not a delete), and each row that is gone has a delete as its
latest revision. The writers: every route write (create, PATCH, PUT, DELETE,
the rows changed only by an owner's version bump or by a cascade), the
fixtures loader, the extraction commit (the route and `flask extract`),
`POST /import` and `flask import` (compact `import` revisions), and
`flask synth`. On PostgreSQL too (TEST_DATABASE_URL, `.ci/postgres.sh run`).

The same writers must leave the dashboard's month counts (service/counts.py,
kept by triggers) equal to a count of the rows: `gaps_in` reports both.
"""

from service import counts
from service.db import database
from service.models import DomainModel, Revision
from service.records import RESOURCES

from .helpers import API, create_country, create_participant


def revision_gaps():
    """What the revision log misses: one line per row it does not account for."""
    latest = {}
    for revision in Revision.select().order_by(Revision.id):
        latest[(revision.resource, revision.row_key)] = revision
    gaps = []
    for model, records in RESOURCES.items():
        live = set()
        for key, version in model.select(model._meta.primary_key, model.version).tuples():
            live.add(str(key))
            last = latest.get((records.name, str(key)))
            if last is None:
                gaps.append(f"{records.name} {key} (v{version}): no revision")
            elif last.action == "delete" or last.version != version:
                gaps.append(f"{records.name} {key} (v{version}): last revision is {last.action} v{last.version}")
        for (resource, key), last in latest.items():
            if resource == records.name and key not in live and last.action != "delete":
                gaps.append(f"{resource} {key}: gone, last revision {last.action} v{last.version}")
    return gaps


def gaps_in(app):
    with app.app_context():
        try:
            return revision_gaps() + [f"month counts differ: {drift}" for drift in counts.drift()]
        finally:
            database.close()


def test_every_kind_of_record_is_checked():
    assert set(RESOURCES) == set(DomainModel.__subclasses__())


def test_the_check_sees_a_row_written_around_the_records_layer(app):
    # The check must be able to fail: a row inserted directly, and one
    # updated directly, have no revision for their version.
    from service.models import Country, Topic
    from service.records.base import utcnow
    with app.app_context():
        Country.create(code="SY", name_ar="سورية", name_en="Syria", created_at=utcnow(), updated_at=utcnow())
        gaps = revision_gaps()
        assert gaps == ["country SY (v1): no revision"]
        Topic.create(slug="water", name_ar="المياه", created_at=utcnow(), updated_at=utcnow())
        Revision.create(resource="topic", row_key="1", action="create", version=1)
        Topic.update(version=2).execute()
        assert "topic 1 (v2): last revision is create v1" in revision_gaps()
        Topic.delete().execute()
        assert "topic 1: gone, last revision create v1" in revision_gaps()
        database.close()


def test_the_fixtures_loader(seeded):
    assert gaps_in(seeded) == []
    with seeded.app_context():
        from service.fixtures import load
        load()  # a second load adds nothing, and so leaves nothing unrecorded
        assert revision_gaps() == []
        database.close()


def _first(client, path, **query):
    return client.get(f"{API}/{path}", query_string={"limit": 1, **query}).get_json()["items"][0]


def test_every_route_write(seeded, seeded_client, seeded_writer):
    client, writer = seeded_client, seeded_writer
    steps = []

    def step(name, response, status):
        assert response.status_code == status, (name, response.get_json())
        steps.append((name, gaps_in(seeded)))

    # Creates, of every collection and a participant's roles.
    country = client.post(f"{API}/countries", json={"code": "JO", "name_ar": "الأردن", "name_en": "Jordan"}, headers=writer)
    step("create country", country, 201)
    outlet = client.post(f"{API}/outlets", json={"name": "Petra", "name_ar": "بترا", "country_code": "JO"},
                         headers=writer)
    step("create outlet", outlet, 201)
    topic = client.post(f"{API}/topics", json={"slug": "water", "name_ar": "المياه"}, headers=writer)
    step("create topic", topic, 201)
    safadi = client.post(f"{API}/participants", headers=writer, json={
        "name_ar": "أيمن الصفدي", "country_code": "JO", "aliases": [{"name": "الصفدي", "kind": "short"}],
        "roles": [{"title_ar": "وزير الخارجية الأردني", "start_date": "2017-01-15"}]})
    step("create participant with roles", safadi, 201)
    safadi = safadi.get_json()
    role = client.post(f"{API}/participants/{safadi['id']}/roles", headers=writer,
                       json={"title_ar": "نائب رئيس الوزراء", "start_date": "2018-01-01"})
    step("create role (bumps its participant)", role, 201)
    body = "عمان - قال وزير الخارجية أيمن الصفدي إن المياه أولوية."
    article = client.post(f"{API}/articles", headers=writer, json={
        "title": "الصفدي: المياه أولوية", "body": body, "language": "ar",
        "outlet_id": outlet.get_json()["id"], "published_at": "2021-05-01T10:00:00+03:00"})
    step("create article", article, 201)
    article = article.get_json()
    event = client.post(f"{API}/events", headers=writer, json={
        "kind": "meeting", "title": "لقاء الصفدي", "date": "2021-05-01",
        "participants": [{"participant_id": safadi["id"]}], "article_ids": [article["id"]]})
    step("create event", event, 201)
    event = event.get_json()
    statement = client.post(f"{API}/statements", headers=writer, json={
        "article_id": article["id"], "speaker_id": safadi["id"], "event_id": event["id"],
        "text": "المياه أولوية", "kind": "indirect", "topic_ids": [topic.get_json()["id"]]})
    step("create statement", statement, 201)
    statement = statement.get_json()

    # Updates: PATCH and PUT, parts replaced (roles, links, topics).
    url = f"{API}/participants/{safadi['id']}"
    step("patch participant's roles (old roles go, new come)", client.patch(url, headers=writer, json={
        "roles": [{"title_ar": "وزير الخارجية وشؤون المغتربين", "start_date": "2017-01-15"}]}), 200)
    role_id = client.get(url).get_json()["roles"][0]["id"]
    step("patch role (bumps its participant)", client.patch(
        f"{url}/roles/{role_id}", headers=writer, json={"title_en": "Foreign Minister"}), 200)
    step("put participant", client.put(url, headers=writer, json={
        "name_ar": "أيمن الصفدي", "kind": "person", "country_code": "JO",
        "aliases": [{"name": "الصفدي", "kind": "short"}],
        "roles": [{"title_ar": "وزير الخارجية", "start_date": "2017-01-15"}]}), 200)
    step("patch event participants", client.patch(f"{API}/events/{event['id']}", headers=writer, json={
        "participants": [{"participant_id": safadi["id"]},
                         {"participant_id": _first(client, "participants")["id"]}]}), 200)
    step("patch statement topics", client.patch(f"{API}/statements/{statement['id']}", headers=writer,
                                                json={"topic_ids": []}), 200)
    step("patch article", client.patch(f"{API}/articles/{article['id']}", headers=writer,
                                       json={"title": "الصفدي"}), 200)
    step("patch outlet", client.patch(f"{API}/outlets/{outlet.get_json()['id']}", headers=writer,
                                      json={"kind": "agency"}), 200)
    step("patch country", client.patch(f"{API}/countries/JO", headers=writer, json={"name_en": "Jordan"}), 200)
    step("patch topic", client.patch(f"{API}/topics/{topic.get_json()['id']}", headers=writer,
                                     json={"name_en": "Water"}), 200)

    # Deletes: a part, a row, and cascades that change or delete other rows.
    role_id = client.get(url).get_json()["roles"][0]["id"]
    step("delete role", client.delete(f"{url}/roles/{role_id}", headers=writer), 204)
    step("delete statement", client.delete(f"{API}/statements/{statement['id']}", headers=writer), 204)
    seed_topic = _first(client, "topics")
    step("delete topic, cascade", client.delete(f"{API}/topics/{seed_topic['id']}?cascade=true",
                                                headers=writer), 204)
    step("delete article, cascade", client.delete(f"{API}/articles/{_first(client, 'articles')['id']}"
                                                  "?cascade=true", headers=writer), 204)
    speaker = _first(client, "statements")["speaker_id"]
    step("delete participant, cascade", client.delete(f"{API}/participants/{speaker}?cascade=true",
                                                      headers=writer), 204)
    step("delete event", client.delete(f"{API}/events/{event['id']}?cascade=true", headers=writer), 204)
    step("delete country, cascade", client.delete(f"{API}/countries/SY?cascade=true", headers=writer), 204)
    step("delete outlet, cascade", client.delete(f"{API}/outlets/{outlet.get_json()['id']}?cascade=true",
                                                 headers=writer), 204)
    assert [(name, gaps) for name, gaps in steps if gaps] == []


def test_the_desk_writers_merge_unmerge_and_dismiss(seeded, seeded_client, seeded_writer):
    client, writer = seeded_client, seeded_writer
    steps = []
    speaker = _first(client, "statements")["speaker_id"]
    duplicate = client.post(f"{API}/participants", json={"name_ar": "روحاني مكرر"}, headers=writer).get_json()
    other = client.post(f"{API}/participants", json={"name_ar": "شخص آخر"}, headers=writer).get_json()
    client.post(f"{API}/statements", headers=writer, json={
        "article_id": _first(client, "articles")["id"], "speaker_id": duplicate["id"], "text": "x"})
    for name, response in [
        ("merge", client.post(f"{API}/participants/{duplicate['id']}/merge", json={"survivor_id": speaker},
                              headers=writer)),
        ("unmerge", client.post(f"{API}/participants/{duplicate['id']}/unmerge", headers=writer)),
        ("dismiss", client.post(f"{API}/participants/{duplicate['id']}/duplicates/{other['id']}/dismiss",
                                headers=writer)),
    ]:
        assert response.status_code == 200, (name, response.get_json())
        steps.append((name, gaps_in(seeded)))
    assert [(name, gaps) for name, gaps in steps if gaps] == []


def test_the_extraction_commit_route(seeded, seeded_client, seeded_writer):
    client = seeded_client
    seed_article = _first(client, "articles", sort="id")
    copy = {key: seed_article[key] for key in ("title", "body", "language", "published_at", "outlet_id")}
    created = client.post(f"{API}/articles", json=copy, headers=seeded_writer).get_json()
    response = client.post(f"{API}/articles/{created['id']}/extract?commit=true", headers=seeded_writer)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["saved"]["statements"], "the commit saved something to check"
    assert gaps_in(seeded) == []


def test_the_archive_extraction_command(seeded, seeded_client, seeded_writer):
    for seed_article in seeded_client.get(f"{API}/articles", query_string={"limit": 3}).get_json()["items"]:
        copy = {key: seed_article[key] for key in ("title", "body", "language", "published_at", "outlet_id")}
        assert seeded_client.post(f"{API}/articles", json=copy, headers=seeded_writer).status_code == 201
    run_command(seeded, "extract", "--all", "--commit")
    assert gaps_in(seeded) == []


def run_command(app, *args):
    """A `flask` command on `app`'s database (the runner alone pushes no app
    context for a command added with add_command, and the test's other app
    may still hold the database proxy)."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
        database.close()
    assert result.exit_code == 0, result.output
    return result


def _dump(seeded_client):
    response = seeded_client.get(f"{API}/export")
    assert response.status_code == 200
    dump = response.get_data()
    return dump


def test_post_import(seeded_client, client, app, admin):
    response = client.post(f"{API}/import", data=_dump(seeded_client), headers={
        **admin, "Content-Type": "application/x-ndjson"})
    assert response.status_code == 200, response.get_json()
    assert gaps_in(app) == []
    with app.app_context():
        assert Revision.select().where(Revision.action == "import").count() > 0
        database.close()


def test_flask_import(seeded_client, app, tmp_path):
    path = tmp_path / "dump.ndjson"
    path.write_bytes(_dump(seeded_client))
    run_command(app, "import", str(path))
    assert gaps_in(app) == []


def test_flask_synth(app, client, writer):
    create_country(client, writer, code="IR", name_ar="إيران")  # synth keeps a country that exists
    create_participant(client, writer)
    run_command(app, "synth", "--statements", "120")
    assert gaps_in(app) == []
