"""What a request generated from the OpenAPI document cannot know by itself.

schemathesis draws every value a parameter's JSON Schema allows. Some rules
of this API are not in any one parameter's schema, and no OpenAPI
document can state them:

- references: a body's `article_id`, `speaker_id`, `country_code`… must
  name a row that exists (else a 422 naming it, docs/api.md);
- rules across fields: a statement's `start`/`end` must cut its `text` out
  of the article body; a role ends on or after it starts, and a date's
  precision needs the date; an alias or an event participant is listed once;
- opaque values: a `cursor` is one the service issued (a made-up one is a 400);
  a search `q` needs a word to search for that is not an exclusion (a 400);
- the import body is a dump as `GET /export` writes it.

For a request schemathesis generated as *valid* (positive mode), these hooks
repair just those values the way a client would: they look up rows that
exist through the API itself and pick among them by the generated number,
order dates, drop duplicates and offsets, leave out a made-up cursor. Values
of the wrong type are never touched, and negative (invalid) requests are
never repaired, so every check still sees every way a request can be wrong.
Every rule repaired here is held by a test of its own (test_statements,
test_participants, test_pagination, test_search, test_dataset…).

Used in-process by tests/test_schemathesis.py and by `make schemathesis-live`
(SCHEMATHESIS_HOOKS=tests.schemathesis_hooks).
"""
import os

import schemathesis
from schemathesis import GenerationMode

API = "/api/v1"
NDJSON = "application/x-ndjson"
# A searchable word of the seed dataset (سوريا, "Syria").
SEARCH_WORD = "سوريا"

# Body field (by name) -> the collection its value names a row of.
REFERENCES = {
    "outlet_id": "outlets",
    "article_id": "articles",
    "speaker_id": "participants",
    "addressee_id": "participants",
    "organization_id": "participants",
    "participant_id": "participants",
    "survivor_id": "participants",
    "event_id": "events",
    "country_code": "countries",
}
LIST_REFERENCES = {"topic_ids": "topics", "article_ids": "articles"}
MERGE = f"{API}/participants/{{participant_id}}/merge"
# Participants made only to be merged: never picked as a reference (shared by
# the run's worker threads).
THROWAWAY = set()
# The Authorization of a `write` key, for the participants made to be merged
# (set by tests/faults/schemathesis_live.py).
WRITE_AUTHORIZATION = "SCHEMATHESIS_WRITE_AUTHORIZATION"


@schemathesis.serializer(NDJSON)
def ndjson(ctx, value):
    """The import body is text; schemathesis knows no serializer for NDJSON."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


def is_positive(case):
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if not is_positive(case):
        return
    existing = Existing(case, kwargs)
    if isinstance(case.query, dict):
        repair_query(case.query)
    if case.path == MERGE and case.method.upper() == "POST" and isinstance(case.path_parameters, dict):
        # With several workers, a merge of a participant that another case has
        # just picked as a reference races it (naming a participant merged a
        # moment ago is a 422, tests/test_merge.py): a valid merge merges one
        # made for it. (In-process there is one worker and no key here: no race.)
        made = existing.throwaway_participant()
        if made is not None:
            case.path_parameters["participant_id"] = made
    if case.path == f"{API}/import" and case.method.upper() == "POST":
        case.body = '{"type": "meta", "format": "statements-desk/1"}\n'
    elif isinstance(case.body, dict) and case.method.upper() in ("POST", "PUT", "PATCH"):
        repair_body(case.body, existing)
        if case.path.startswith(f"{API}/statements"):
            # Offsets must cut `text` out of the article's body (test_statements holds it).
            case.body.pop("start", None)
            case.body.pop("end", None)
        if "/roles" in case.path:
            order_dates(case.body)


def repair_query(query):
    # A cursor is opaque: only one the service issued is valid (test_pagination).
    query.pop("cursor", None)
    query.pop("since", None)  # the change feed's cursor, as opaque
    if isinstance(query.get("wait"), int):  # a long poll holds the in-process run for its wait
        query["wait"] = min(query["wait"], 1)
    q = query.get("q")
    if isinstance(q, str) and not searchable(q):
        query["q"] = SEARCH_WORD


def searchable(q):
    from service.errors import InvalidQuery
    from service.search.query import parse
    try:
        parse(q)
    except InvalidQuery:
        return False
    return True


def repair_body(body, existing):
    for name, value in list(body.items()):
        if name in REFERENCES and _is_key(value):
            body[name] = existing.pick(REFERENCES[name], value)
        elif name in LIST_REFERENCES and isinstance(value, list):
            body[name] = [existing.pick(LIST_REFERENCES[name], item) if _is_key(item) else item
                          for item in value]
        elif name == "aliases" and isinstance(value, list):
            body[name] = _once(value, "name")
        elif name == "roles" and isinstance(value, list):
            for role in value:
                if isinstance(role, dict):
                    repair_body(role, existing)
                    order_dates(role)
        elif name == "participants" and isinstance(value, list):
            for link in value:
                if isinstance(link, dict):
                    repair_body(link, existing)
            body[name] = _once(value, "participant_id")


def order_dates(role):
    """A role's dates as the service requires them, whatever the row held
    before (a PATCH states all four, so none is judged against old values)."""
    start, end = role.get("start_date"), role.get("end_date")
    if not all(isinstance(day, (str, type(None))) for day in (start, end)):
        return
    if start and end and end < start:  # ISO dates order as strings
        start, end = end, start
    role["start_date"], role["end_date"] = start, end
    for name, day in (("start_date", start), ("end_date", end)):
        precision = f"{name}_precision"
        if not day or role.get(precision) is None:
            role[precision] = None


def _once(items, key):
    seen, kept = set(), []
    for item in items:
        value = item.get(key) if isinstance(item, dict) else None
        if isinstance(value, (str, int, float)) and value in seen:
            continue
        seen.add(value)
        kept.append(item)
    return kept


def _is_key(value):
    # OpenAPI 3.1's JSON Schema counts 12.0 as an integer, so schemathesis sends it for an id.
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, (int, str)) and not isinstance(value, bool)


class Existing:
    """Rows that exist, listed through the API, the way a client finds them."""

    def __init__(self, case, kwargs):
        self.case = case
        self.app = kwargs.get("app") or case.operation.app
        self.cache = {}

    def pick(self, collection, generated):
        keys = self.keys(collection)
        if not keys:
            return generated
        if isinstance(generated, (int, float)):
            return keys[int(generated) % len(keys)]
        return keys[sum(map(ord, generated)) % len(keys)]

    def keys(self, collection):
        if collection not in self.cache:
            key = "code" if collection == "countries" else "id"
            page = self.get(f"{API}/{collection}?limit=100&fields={key}")
            items = page.get("items", []) if isinstance(page, dict) else []
            self.cache[collection] = [item.get("code", item.get("id")) for item in items
                                      if collection != "participants" or item.get("id") not in THROWAWAY]
        return self.cache[collection]

    def throwaway_participant(self):
        """The id of a participant made through the API to be merged away (None if refused)."""
        secret = os.environ.get(WRITE_AUTHORIZATION)
        if not secret:
            return None
        body = {"kind": "person", "name_ar": "مشارك يدمج في غيره"}
        path, headers = f"{API}/participants", {"Authorization": secret}
        if self.app is not None:
            made = self.app.test_client().post(path, json=body, headers=headers).get_json(silent=True)
        else:
            import requests
            base = self.case.operation.schema.get_base_url().rstrip("/")
            made = requests.post(base + path, json=body, headers=headers, timeout=10).json()
        key = made.get("id") if isinstance(made, dict) else None
        if key is not None:
            THROWAWAY.add(key)
        return key


    def get(self, path):
        if self.app is not None:
            return self.app.test_client().get(path).get_json(silent=True)
        import requests
        base = self.case.operation.schema.get_base_url().rstrip("/")
        return requests.get(base + path, timeout=10).json()
