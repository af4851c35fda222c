"""`make schemathesis-live`: every schemathesis check against a real gunicorn.

    python -m tests.faults.schemathesis_live [--max-examples N] [--time-limit S]

Starts gunicorn on 127.0.0.1 (a free port) over a fresh database holding the
seed dataset, makes a `write` key (and an `admin` key for the import), runs
`schemathesis run` on the served /openapi.json with every check and every
phase (examples, coverage, fuzzing, stateful), with the hooks of
tests/schemathesis_hooks.py, then stops gunicorn. Bounded: examples per
operation, a timeout per request, and a time limit on the whole run.
Exits with schemathesis' status (0: no failure).
"""
import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.e2e.server import BIN, ROOT, flask_cli
from tests.faults.server import Gunicorn

SEED = 20240508


def config(write_key, admin_key, max_examples):
    """The run's schemathesis.toml: the same settings as tests/test_schemathesis.py."""
    return f"""\
seed = {SEED}
headers = {{ Authorization = "{write_key}" }}

[generation]
max-examples = {max_examples}
deterministic = true
database = "none"
# NUL is refused with a 422 by every string field (PostgreSQL text cannot hold
# it); tests/test_bad_input.py sends it in every body and query parameter.
allow-x00 = false

[cache]
enabled = false  # no .schemathesis/ directory in the work tree

[checks]
enabled = true
max_response_time = 10.0

# gunicorn refuses a request line over 8,190 bytes (service/gunicorn_conf.py:
# its largest bound short of none, which would let one client hold a worker)
# with a problem+json 414 before the service sees it. The document's bounds
# allow longer lines in combination (100 values in each of several filters
# and a 2,000-character cursor): README, Known limits. A merged participant's
# URLs answer 308 to the survivor's before the query is read (http/merged.py);
# the survivor's URL then refuses a bad query with its 400. Every other status
# of these two checks stays as schemathesis has it.
[checks.negative_data_rejection]
expected-statuses = ["308", "400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429", "5xx"]

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "414", "429", "5xx"]

# Replacing the dataset is the operator's: the import needs scope `admin`.
[[operations]]
include-path = "/api/v1/import"
headers = {{ Authorization = "{admin_key}" }}

# A row's history is its audit trail and outlives the row by design: after
# DELETE, GET …/history answers 200 with the deletion as its last revision
# (docs/api.md; tests/test_history.py). use_after_free would call that a deleted
# resource still served; every other check still runs on these operations.
[[operations]]
include-path-regex = "/history$"
checks = {{ use_after_free = {{ enabled = false }} }}
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--time-limit", type=int, default=900, help="seconds for the whole run")
    parser.add_argument("--workers", default="2")
    parser.add_argument("--report-dir", help="keep schemathesis' JUnit report here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="schemathesis-live-") as scratch:
        scratch = Path(scratch)
        # service/gunicorn_conf.py as deployed, request-line bound included.
        server = Gunicorn(f"sqlite:///{scratch / 'statements.db'}", workers=2, log=scratch / "gunicorn.log")
        flask_cli(server.env, "fixtures", "load")
        write, admin = server.key("schemathesis-writer")["Authorization"], server.key("schemathesis-admin", "admin")["Authorization"]
        (scratch / "schemathesis.toml").write_text(config(write, admin, args.max_examples), encoding="utf-8")
        server.start()
        try:
            command = [str(BIN / "schemathesis"), "--config-file", str(scratch / "schemathesis.toml"), "run",
                       f"{server.base}/openapi.json", "--workers", args.workers, "--request-timeout", "15",
                       "--no-color"]
            if args.report_dir:
                command += ["--report", "junit", "--report-dir", args.report_dir]
            print("+", " ".join(command), flush=True)
            env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks", "PYTHONPATH": str(ROOT),
                   "SCHEMATHESIS_WRITE_AUTHORIZATION": write}
            try:
                status = subprocess.run(command, cwd=ROOT, env=env, timeout=args.time_limit).returncode
            except subprocess.TimeoutExpired:
                print(f"schemathesis did not finish in {args.time_limit} s", file=sys.stderr)
                status = 124
        finally:
            server.stop()
        if status != 0:
            log = (scratch / "gunicorn.log").read_text(encoding="utf-8", errors="replace")
            print("--- gunicorn log (last 4000 characters)\n" + log[-4000:], file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
