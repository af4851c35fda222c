"""The served OpenAPI document, held to what the service does: schemathesis
generates requests from it (valid and invalid) for every operation and runs
every built-in check on each answer.

In-process (Flask's WSGI app, no sockets), on a copy of the seed dataset,
with a `write` key for the writes and an `admin` key for the import, a fixed
seed and a bounded number of examples per operation, so a run is the same
every time and `make test` stays fast. The same checks run against a real
gunicorn in `make schemathesis-live`.
"""
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from service.db import database
from service.http.auth import create_key
from tests import schemathesis_hooks  # noqa: F401  (registers the hooks)

# Small enough for `make test` on two cores; the live run uses more.
MAX_EXAMPLES = 15
SEED = 20240508


SPEC_FILE = Path(__file__).resolve().parent.parent / "openapi.yaml"
CONFIG = SchemathesisConfig.from_dict({
    "seed": SEED,
    "generation": {
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        "database": "none",  # no .hypothesis/ directory in the work tree
        # JSON may spell U+0000, but PostgreSQL text cannot hold it, so every
        # string refuses it with a 422 (schemas/common.py, BaseSchema.reject_nul);
        # tests/test_bad_input.py sends NUL in every body and query parameter.
        "allow-x00": False,
    },
    # Every built-in check; max_response_time is on only with a limit.
    "checks": {"enabled": True, "max_response_time": 10.0},
    # The coverage phase (boundary values of every parameter: some 8,000
    # requests) runs against gunicorn in `make schemathesis-live`; in-process,
    # examples and fuzzing keep `make test` within a minute.
    "phases": {"coverage": {"enabled": False}},
})
# The committed document, which test_openapi.py holds equal to the served one:
# loading it needs no app at import time, and one test per operation is
# collected from it, each on a fresh copy of the seed dataset.
schema = schemathesis.openapi.from_path(SPEC_FILE, config=CONFIG)


def key(app, name, scope):
    with app.app_context():
        secret = create_key(name, scope)
        database.close()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def credentials(served):
    """A `write` key for the writes, and `admin` for the import (the operator's)."""
    return {"write": key(served, "schemathesis-writer", "write"),
            "admin": key(served, "schemathesis-admin", "admin")}


@schema.parametrize()
# One copy of the seed dataset per operation is the point: that operation's
# examples share it, as requests to a live server share its database.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_keeps_its_contract(case, served, credentials):
    scope = "admin" if case.path == "/api/v1/import" else "write"
    # The probes some checks send on their own (without the key, with
    # another method) go to the same app.
    case.operation.schema.app = served
    # In process, schemathesis sends `Accept-Encoding: gzip` (requests' default) but its
    # WSGI transport does not undo the gzip; the live run over HTTP does (make schemathesis-live).
    case.call_and_validate(app=served, headers={**credentials[scope], "Accept-Encoding": "identity"})
