"""`make bench`: the service against Datasette on the same SQLite file, in one run.

    .venv/bin/python bench/run.py [--statements 100000] [--rounds 3] [--seconds 8] [--no-profile]

1. Builds (or reuses, when the code that shapes it is unchanged) a dataset
   with `flask --app service synth` under var/bench/, timing the synth
   (statements/s); times the import rate (`flask export` of that dataset,
   then `flask import` of the dump into an empty database, statements/s);
   and adds an external-content FTS5 table over the raw statement text so
   that Datasette has a search of its own.
2. Serves that one file three ways, each on a free loopback port: the
   service under gunicorn as `make serve` runs it; Datasette, read-only
   (immutable), from its own virtualenv bench/.venv-datasette (created here
   from bench/requirements.txt; never a dependency of the service); and the
   bare Flask endpoint of bench/ceiling.py under the same gunicorn settings.
3. Checks every workload answers what it should on both (and that the two
   agree where they must), counts hamza-variant hits, warms up, then runs
   the workloads in rounds, alternating which server goes first, with one
   load generator (bench/load.py: wrk, else Python).
4. Prints the table (req/s, p50/p95/p99 per workload for both, ours /
   Datasette, ours / ceiling), worker RSS, the scale figures and each
   target met or missed, and writes it all to bench/results/*.json.
5. Then (unless --no-profile) samples the service's workers with py-spy
   while each workload runs again, and reports where the time goes.

Every server is stopped on the way out, whatever happens.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load, long_poll, stats  # noqa: E402
from service.db import sqlite3  # noqa: E402  (the service's driver: pysqlite3 where installed)

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = ROOT / "var" / "bench"
RESULTS = BENCH / "results"
TOOLS_VENV = BENCH / ".venv-datasette"
SERVICE_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
STARTED = time.monotonic()

# The code whose change makes a cached dataset stale.
DATASET_SOURCES = ["service/synth.py", "service/models.py", "service/migrations.py", "service/arabic.py",
                   "service/fixtures.py", "service/search/*.py", "fixtures/*.json",
                   "service/records/dataset.py"]  # the import rate is measured when the dataset is built

SEARCH_WORD = "الإرهاب"          # "terrorism": in about one synthetic statement in seven
# (spelling without hamza, as typed; spelling as printed). Datasette's unicode61
# tokenizer matches bytes, so it finds the printed form only.
VARIANTS = [("الاسلامية", "الإسلامية"), ("الارهاب", "الإرهاب"), ("الاسد", "الأسد")]
STATS_YEARS = range(2016, 2024)

# Datasette's side: its own FTS over the raw text, the label column it cannot
# guess, and canned queries for what its table views cannot express
# (ranking with snippets; a grouped count).
DATASETTE_FTS = ('CREATE VIRTUAL TABLE IF NOT EXISTS statement_text_fts USING fts5('
                 'text, content="statement", content_rowid="id")')
DATASETTE_METADATA = {"databases": {"bench": {
    "tables": {"participant": {"label_column": "name_ar"}},
    "queries": {
        "search": {"sql": (
            "select s.*, snippet(statement_text_fts, 0, '<mark>', '</mark>', '…', 16) as snippet, "
            "f.rank as rank from statement_text_fts f join statement s on s.id = f.rowid "
            "where statement_text_fts match :q order by f.rank limit 50")},
        "stats": {"sql": (
            "select s.speaker_id as key, p.name_ar as label, count(*) as count from statement s "
            "join article a on a.id = s.article_id join participant p on p.id = s.speaker_id "
            "where a.published_at >= :from and a.published_at <= :to "
            "group by s.speaker_id order by count desc")},
    }}}}

TARGETS_TEXT = {
    "by_id_vs_datasette": "one by id ≥ 4× Datasette",
    "by_id_vs_ceiling": "one by id ≥ 50% of the bare ceiling",
    "feed_vs_datasette": "feed ≥ 5× Datasette's default JSON",
    "search_vs_datasette": "search ≥ 2× Datasette's lean JSON",
    "variants_found": "hamza variants found (Datasette: none)",
    "search_p95": "search p95 < 50 ms at concurrency 8 (1M statements)",
    "feed_p95": "feed p95 < 20 ms at concurrency 8 (1M statements)",
    "stats_vs_datasette": "stats (polled) ≥ 2× Datasette's GROUP BY",
    "stats_p95": "stats (polled) p95 < 100 ms at concurrency 8 (1M statements)",
    "stats_cold_vs_datasette": "stats (every answer counted) ≥ 2× Datasette's GROUP BY",
    "stats_cold_p95": "stats (every answer counted) p95 < 100 ms at concurrency 8 (1M statements)",
    "worker_rss": "worker RSS < 150 MB (peak)",
    "import_rate": "import ≥ 10k statements/s (flask import of the exported dataset)",
    "healthz_long_polls": "/healthz p95 < 100 ms while 50 clients long-poll the change feed",
}
SCALE = 1_000_000
# More than this share of the machine used by processes outside the run while
# it is timed, and the report says its figures are noisy.
OTHERS_TOLERATED = 0.05


def log(message):
    print(f"[bench {time.monotonic() - STARTED:6.0f}s] {message}", file=sys.stderr, flush=True)


# -- tools -------------------------------------------------------------------

def ensure_tools():
    """bench/.venv-datasette with Datasette and py-spy, (re)built when requirements change."""
    requirements = BENCH / "requirements.txt"
    stamp = TOOLS_VENV / ".installed"
    if stamp.exists() and stamp.read_text() == requirements.read_text():
        return
    log(f"installing the benchmark's tools into {TOOLS_VENV.relative_to(ROOT)}")
    subprocess.run([sys.executable, "-m", "venv", str(TOOLS_VENV)], check=True)
    subprocess.run([str(TOOLS_VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(requirements)], check=True)
    stamp.write_text(requirements.read_text())


def tool_version(*command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return (result.stdout or result.stderr).strip().split("\n")[0]


# -- the dataset -------------------------------------------------------------

def sources_hash():
    digest = hashlib.sha256()
    for pattern in DATASET_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    digest.update(DATASETTE_FTS.encode())
    return digest.hexdigest()[:16]


def file_bytes(db):
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())


def flask(env, *args, capture=True):
    """`flask --app service …`; uncaptured, its output (synth's progress) goes to stderr."""
    output = {"capture_output": True} if capture else {"stdout": sys.stderr}
    return subprocess.run([str(SERVICE_BIN / "flask"), "--app", "service", *args], cwd=ROOT, env=env,
                          check=True, text=True, **output)


def build_dataset(statements, seed, rebuild=False, reuse=False):
    """The benchmark database and what building it cost; reused when still valid
    (or when `reuse` says so: to try a change of service/ on the same data)."""
    folder = DATA / f"{statements}-seed{seed}"
    db, info_file = folder / "bench.db", folder / "dataset.json"
    key = sources_hash()
    if not rebuild and db.exists() and info_file.exists():
        info = json.loads(info_file.read_text())
        if info.get("key") == key or reuse:
            log(f"reusing {db.relative_to(ROOT)} (built {info['built_at']}; --rebuild to rebuild)")
            if "import_statements_per_second" not in info:  # built before the import was timed
                info.update(measure_import(db, {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}))
                info_file.write_text(json.dumps(info, indent=2))
            info.update(ensure_search_index(db, {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}))
            info_file.write_text(json.dumps(info, indent=2))
            return db, {**info, "reused": True}
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    log(f"building {statements:,} statements in {db.relative_to(ROOT)} (flask synth)")
    flask(env, "db", "upgrade")
    flask(env, "fixtures", "load")
    began = time.perf_counter()
    flask(env, "synth", "--statements", str(statements), "--seed", str(seed), capture=False)
    synth_seconds = time.perf_counter() - began
    search_index = ensure_search_index(db, env, rebuild=True)
    service_bytes = file_bytes(db)
    imported = measure_import(db, env)
    began = time.perf_counter()
    with sqlite3.connect(db) as connection:
        connection.execute(DATASETTE_FTS)
        connection.execute("INSERT INTO statement_text_fts(statement_text_fts) VALUES ('rebuild')")
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fts_seconds = time.perf_counter() - began
    info = {
        "key": key, "statements": statements, "seed": seed,
        "built_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "synth_seconds": round(synth_seconds, 1),
        "synth_statements_per_second": round(statements / synth_seconds),
        **imported,
        "service_bytes": service_bytes,
        **search_index,
        "datasette_fts_seconds": round(fts_seconds, 1),
        "bytes": file_bytes(db),
    }
    info_file.write_text(json.dumps(info, indent=2))
    log(f"synth in {synth_seconds:.0f}s: {info['synth_statements_per_second']:,} statements/s, "
        f"{service_bytes / 1e6:,.0f} MB (+{(info['bytes'] - service_bytes) / 1e6:,.0f} MB Datasette's FTS)")
    return db, {**info, "reused": False}


def ensure_search_index(db, env, rebuild=False):
    """Build the ranked search index (tantivy, beside the file) that synth's bulk
    load leaves to be built; on a reused dataset, only what the log added."""
    flask(env, "db", "upgrade")
    began = time.perf_counter()
    flask(env, "search", "rebuild" if rebuild else "catch-up")
    seconds = time.perf_counter() - began
    folder = Path(f"{db}.search")
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.exists() else 0
    if rebuild:
        log(f"ranked search index built in {seconds:.0f}s: {size / 1e6:,.0f} MB")
    return {"search_index_seconds": round(seconds, 1), "search_index_bytes": size} if rebuild else \
        {"search_index_bytes": size}


def measure_import(db, env):
    """Export `db` and time `flask import` of the dump into an empty database
    (migrated first, as an operator would): statements/s through the command,
    its start-up included. The dump and the copy are deleted afterwards."""
    folder = db.parent / "import"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    dump, copy = folder / "dump.ndjson", folder / "imported.db"
    try:
        began = time.perf_counter()
        flask(env, "export", str(dump))
        export_seconds = time.perf_counter() - began
        with dump.open(encoding="utf-8") as lines:
            statements = sum(line.startswith('{"type":"statement"') for line in lines)
        copy_env = {**env, "DATABASE_URL": f"sqlite:///{copy}"}
        flask(copy_env, "db", "upgrade")
        log(f"importing {statements:,} statements ({dump.stat().st_size / 1e6:,.0f} MB of NDJSON) "
            "into an empty database (flask import)")
        load_before = round(os.getloadavg()[0], 2)
        began = time.perf_counter()
        flask(copy_env, "import", str(dump))
        import_seconds = time.perf_counter() - began
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    log(f"imported in {import_seconds:.0f}s: {statements / import_seconds:,.0f} statements/s")
    return {"export_seconds": round(export_seconds, 1), "import_statements": statements,
            "import_seconds": round(import_seconds, 1),
            "import_statements_per_second": round(statements / import_seconds),
            "import_loadavg": [load_before, round(os.getloadavg()[0], 2)]}


# -- servers -----------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(url, timeout=60):
    """(status, body bytes) of a GET; errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def server(name, command, ready_path, env=None, log_dir=None):
    """Start `command` (with {port}) in its own process group; yield (base URL, pid); stop it."""
    port = free_port()
    command = [part.format(port=port) for part in command]
    env = {name: value.format(port=port) for name, value in (env or {}).items()}
    log_file = open(Path(log_dir) / f"{name}.log", "wb") if log_dir else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=log_file, start_new_session=True)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(base + ready_path, timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start (see {log_dir}/{name}.log)")
            time.sleep(0.2)
        log(f"{name} ready at {base} (pid {process.pid})")
        yield base, process.pid
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        if log_dir:
            log_file.close()


GUNICORN_CONF = ROOT / "service" / "gunicorn_conf.py"


def gunicorn_command(app, workers, threads):
    """(command, environment) of the gunicorn of `make serve` (Makefile), on a loopback port.

    `make serve` runs `gunicorn -c service/gunicorn_conf.py`, which reads
    HOST, PORT, WEB_CONCURRENCY and THREADS; before that file existed it
    passed the same settings as flags.
    """
    if GUNICORN_CONF.exists():
        return ([str(SERVICE_BIN / "gunicorn"), "-c", str(GUNICORN_CONF), app],
                {"HOST": HOST, "PORT": "{port}", "WEB_CONCURRENCY": str(workers), "THREADS": str(threads)})
    return ([str(SERVICE_BIN / "gunicorn"), "--bind", f"{HOST}:{{port}}", "--worker-class", "gthread",
             "--workers", str(workers), "--threads", str(threads), "--access-logfile", "-", app], {})


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def memory_mb(pid):
    """(current RSS, peak RSS) of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(value.split()[0]) / 1024, 1)
    return values.get("VmRSS"), values.get("VmHWM")


def cpu_seconds(pids):
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def machine_busy_seconds():
    """CPU seconds the whole machine has spent busy since boot (all cores; /proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_busy_seconds(server_pids):
    """CPU seconds of the run itself: the servers with their workers, this
    process, and the load generators it started and waited for."""
    pids = [p for pid in server_pids for p in (pid, *children(pid))]
    mine = os.times()
    return cpu_seconds(pids) + mine.user + mine.system + mine.children_user + mine.children_system


def others_share(machine_seconds, own_seconds, cores, wall_seconds):
    """The share of the machine that processes outside the run used while it ran.

    The load average cannot say this: it counts the servers' own threads and
    the load generator's, which on two cores keep it above 2 in any run.
    """
    if wall_seconds <= 0:
        return 0.0
    return round(max(0.0, machine_seconds - own_seconds) / (cores * wall_seconds), 3)


def wait_idle(pid, limit=180, window=0.5, busy=0.05):
    """Wait until a server (and its workers) stops burning CPU, at most `limit` seconds.

    A closed-loop generator stops sending when its time is up, but the server
    still owes the answers in flight (at 1M statements, seconds of search
    each): left alone, that backlog would be billed to the next target.
    """
    deadline = time.monotonic() + limit
    pids = [pid, *children(pid)]
    while time.monotonic() < deadline:
        before = cpu_seconds(pids)
        time.sleep(window)
        if cpu_seconds(pids) - before < busy * window:
            return True
    log(f"WARNING: pid {pid} still busy after {limit}s")
    return False


def rss_report(pid, workers=True):
    pids = children(pid) if workers else [pid]
    sizes = [memory_mb(p) for p in pids]
    return {"processes": len(pids), "rss_mb": [s[0] for s in sizes], "peak_rss_mb": [s[1] for s in sizes],
            "max_peak_rss_mb": max((s[1] for s in sizes), default=None)}


# -- workloads ---------------------------------------------------------------

def workload_paths(db, seed, search_word):
    """The URL paths of every workload on both servers, drawn from the data."""
    rng = random.Random(seed)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM statement")]
        speakers = [row[0] for row in connection.execute(
            "SELECT speaker_id FROM statement GROUP BY speaker_id HAVING count(*) >= 50 ORDER BY speaker_id")]
    ids = rng.sample(ids, min(500, len(ids)))
    speakers = rng.sample(speakers, min(20, len(speakers)))
    word = quote(search_word)
    return {
        "by_id": {
            "ours": [f"/api/v1/statements/{i}" for i in ids],
            "datasette": [f"/bench/statement/{i}.json" for i in ids],
        },
        "feed": {
            "ours": [f"/api/v1/statements?speaker={s}&limit=50&expand=speaker" for s in speakers],
            "datasette": [f"/bench/statement.json?speaker_id={s}&_size=50&_labels=on" for s in speakers],
            "datasette_lean": [f"/bench/statement.json?speaker_id={s}&_size=50&_labels=on&_shape=array"
                               for s in speakers],
        },
        "search": {
            "ours": [f"/api/v1/search?q={word}&type=statement&limit=50"],
            "datasette": [f"/bench/search.json?q={word}&_shape=array"],
        },
        "stats": {
            "ours": [f"/api/v1/stats/statements?group_by=participant&from={y}-01-01&to={y}-12-31"
                     for y in STATS_YEARS],
            # The same answers from a server that keeps none (STATS_CACHE_ENTRIES=0):
            # every request counted again, as after a write.
            "ours_cold": [f"/api/v1/stats/statements?group_by=participant&from={y}-01-01&to={y}-12-31"
                          for y in STATS_YEARS],
            "datasette": [f"/bench/stats.json?from={y}-01-01&to={quote(f'{y}-12-31 23:59:59.999999')}"
                          "&_shape=array" for y in STATS_YEARS],
        },
    }


WORKLOAD_TEXT = {
    "by_id": ("one statement by id", "GET /api/v1/statements/{id}", "row JSON /bench/statement/{id}.json"),
    "feed": ("feed by speaker, 50 rows, speaker embedded", "?speaker=&limit=50&expand=speaker",
             "table JSON ?speaker_id=&_size=50&_labels=on (default: count + facet suggestions)"),
    "feed_lean": ("feed, Datasette lean JSON", "(same as feed)", "… &_shape=array (no count, no facets)"),
    "search": ("search a common word, 50 ranked rows + snippets", "/api/v1/search?q=&type=statement&limit=50",
               "canned FTS5 query: order by rank, snippet(), _shape=array"),
    "stats": ("counts by speaker for one year, polled (answers kept while nothing is written)",
              "/api/v1/stats/statements?group_by=participant&from=&to=",
              "canned GROUP BY query, _shape=array"),
    "stats_cold": ("the same, every answer counted (STATS_CACHE_ENTRIES=0)", "(same as stats)",
                   "(same as stats)"),
}


def _json(body):
    return json.loads(body.decode("utf-8"))


def check_answers(bases, paths):
    """Every workload answers 200 with the right shape, and both servers agree where they must."""
    checks = {}
    for workload, targets in paths.items():
        for target, target_paths in targets.items():
            base = bases["datasette" if target.startswith("datasette") else target]
            status, body = get(base + target_paths[0])
            if status != 200:
                raise RuntimeError(f"{workload} on {target}: {status} {body[:300]!r}")
            checks[workload, target] = (_json(body), len(body))
    agreement, overlap = {}, None
    if "feed" in paths:
        ours_feed = [item["id"] for item in checks["feed", "ours"][0]["items"]]
        theirs_feed = [row["id"] for row in checks["feed", "datasette"][0]["rows"]]
        lean_feed = [row["id"] for row in checks["feed", "datasette_lean"][0]]
        agreement["feed_same_50_rows"] = len(ours_feed) == 50 and ours_feed == theirs_feed == lean_feed
        agreement["feed_speaker_embedded"] = (
            isinstance(checks["feed", "ours"][0]["items"][0].get("speaker"), dict)
            and isinstance(checks["feed", "datasette"][0]["rows"][0]["speaker_id"], dict))
    if "search" in paths:
        ours_hits = [item["id"] for item in checks["search", "ours"][0]["items"]]
        theirs_hits = [row["id"] for row in checks["search", "datasette"][0]]
        agreement["search_50_hits_each"] = len(ours_hits) == 50 and len(theirs_hits) == 50
        agreement["search_snippets_each"] = (bool(checks["search", "ours"][0]["items"][0].get("snippet"))
                                             and bool(checks["search", "datasette"][0][0].get("snippet")))
        overlap = len(set(ours_hits) & set(theirs_hits))
    if "stats" in paths:
        ours_stats = {item["key"]: item["count"] for item in checks["stats", "ours"][0]["items"]}
        theirs_stats = {row["key"]: row["count"] for row in checks["stats", "datasette"][0]}
        agreement["stats_same_counts"] = ours_stats == theirs_stats
    for what, holds in agreement.items():
        if not holds:
            log(f"WARNING: the two servers do not answer alike ({what}); the ratio compares unlike work")
    return {**agreement, "search_overlap_of_50": overlap,
            "response_bytes": {f"{w}/{t}": size for (w, t), (_, size) in checks.items()}}


def variant_counts(bases):
    """How many statements each server finds for each spelling."""
    found = []
    for variant, printed in VARIANTS:
        row = {"variant": variant, "printed": printed}
        for spelling, key in ((variant, "variant"), (printed, "printed")):
            _, body = get(f"{bases['ours']}/api/v1/statements?q={quote(spelling)}&count=true&limit=1&fields=id")
            row[f"ours_{key}"] = _json(body)["total"]
            _, body = get(f"{bases['datasette']}/bench/statement.json?_search={quote(spelling)}&_size=1")
            row[f"datasette_{key}"] = _json(body)["filtered_table_rows_count"]
        found.append(row)
    return found


# -- running -----------------------------------------------------------------

def measure(run, servers, paths, seconds, connections, rounds, warmup, longest=60):
    """Warm up, then rounds of every target, alternating which side goes first.

    `servers` maps ours/datasette/ceiling to (base URL, pid). Before each run
    every server has finished the work the previous run left in flight.
    """
    targets = [(w, t) for w, ts in paths.items() for t in ts] + [("ceiling", "ceiling")]

    def one(workload, target, duration):
        for _, pid in servers.values():
            wait_idle(pid)
        base = servers["datasette" if target.startswith("datasette") else target][0]
        return run(base, paths.get(workload, {}).get(target, ["/"]), duration, connections)

    def timed(workload, target):
        """One run of `seconds`, lengthened (up to `longest`) when answers take longer than the run:
        a closed loop counts only the answers that arrive in time, so a window shorter than the
        latency would report a rate of 0 and percentiles of the few lucky requests."""
        found = [one(workload, target, seconds)]
        enough = 2 * connections
        if found[0].requests < enough and seconds < longest:
            per_answer = seconds / max(found[0].requests, 1) * connections
            extra = min(longest, max(seconds, per_answer * (enough + connections) / connections))
            found.append(one(workload, target, extra))
        return found

    log(f"warming up {len(targets)} targets, {warmup:g}s each")
    for workload, target in targets:
        one(workload, target, warmup)
    samples = {target: [] for target in targets}
    for round_ in range(rounds):
        log(f"round {round_ + 1} of {rounds}")
        order = []
        for workload, ts in paths.items():
            pair = [(workload, t) for t in ts]
            order += pair if round_ % 2 == 0 else pair[::-1]
        order = [("ceiling", "ceiling")] + order if round_ % 2 else order + [("ceiling", "ceiling")]
        for workload, target in order:
            found = timed(workload, target)
            samples[workload, target].extend(found)
            pooled = stats.pooled(found)
            log(f"  {workload:7} {target:15} {pooled['rps']:8.1f} req/s  p95 {pooled['p95_ms'] or '–':>8} ms  "
                f"errors {pooled['errors']}  ({pooled['requests']} answers in {pooled['seconds']:.0f}s)")
    return samples


def summarise(samples):
    ceiling = stats.pooled(samples["ceiling", "ceiling"])
    rows = []
    for workload in ("by_id", "feed", "feed_lean", "search", "stats", "stats_cold"):
        source = {"feed_lean": "feed", "stats_cold": "stats"}.get(workload, workload)
        theirs_key = "datasette_lean" if workload == "feed_lean" else "datasette"
        ours_key = "ours_cold" if workload == "stats_cold" else "ours"
        if (source, ours_key) not in samples:
            continue
        ours = stats.pooled(samples[source, ours_key])
        theirs = stats.pooled(samples[source, theirs_key])
        rows.append({"name": workload, "what": WORKLOAD_TEXT[workload][0],
                     "ours_request": WORKLOAD_TEXT[workload][1], "datasette_request": WORKLOAD_TEXT[workload][2],
                     "ours": ours, "datasette": theirs,
                     "ours_over_datasette": stats.ratio(ours["rps"], theirs["rps"]),
                     "ours_over_ceiling": stats.ratio(ours["rps"], ceiling["rps"])})
    rows.append({"name": "ceiling", "what": "bare gunicorn + Flask JSON (bench/ceiling.py)",
                 "ours": ceiling, "datasette": None, "ours_over_datasette": None, "ours_over_ceiling": 1.0})
    return rows


def judge(rows, variants, rss, dataset, long_polls=None):
    by = {row["name"]: row for row in rows}
    at_scale = dataset["statements"] >= SCALE

    def target(key, value, met, unit="", scale_only=False):
        if value is None or (scale_only and not at_scale):
            met = None  # not measured in this run, or a target for 1M statements
        return {"target": TARGETS_TEXT[key], "key": key, "value": value, "unit": unit,
                "met": met}

    found = [v for v in variants if v["datasette_printed"] > 0]
    variants_met = bool(found) and all(v["ours_variant"] >= v["datasette_printed"] for v in found) and any(
        v["datasette_variant"] < v["datasette_printed"] for v in found)
    ratio = lambda name, key: by[name][key] if name in by else None  # noqa: E731
    p95 = lambda name: by[name]["ours"]["p95_ms"] if name in by else None  # noqa: E731
    peak = rss["ours"]["max_peak_rss_mb"]
    rate = dataset.get("import_statements_per_second")
    return [
        target("by_id_vs_datasette", ratio("by_id", "ours_over_datasette"),
               _at_least(ratio("by_id", "ours_over_datasette"), 4), "×"),
        target("by_id_vs_ceiling", ratio("by_id", "ours_over_ceiling"),
               _at_least(ratio("by_id", "ours_over_ceiling"), 0.5), "×"),
        target("feed_vs_datasette", ratio("feed", "ours_over_datasette"),
               _at_least(ratio("feed", "ours_over_datasette"), 5), "×"),
        target("search_vs_datasette", ratio("search", "ours_over_datasette"),
               _at_least(ratio("search", "ours_over_datasette"), 2), "×"),
        target("variants_found", ", ".join(f"{v['variant']}: ours {v['ours_variant']}, "
                                           f"Datasette {v['datasette_variant']}" for v in variants),
               variants_met),
        target("search_p95", p95("search"), p95("search") is not None and p95("search") < 50, " ms",
               scale_only=True),
        target("feed_p95", p95("feed"), p95("feed") is not None and p95("feed") < 20, " ms", scale_only=True),
        target("stats_vs_datasette", ratio("stats", "ours_over_datasette"),
               _at_least(ratio("stats", "ours_over_datasette"), 2), "×"),
        target("stats_p95", p95("stats"), p95("stats") is not None and p95("stats") < 100, " ms",
               scale_only=True),
        target("stats_cold_vs_datasette", ratio("stats_cold", "ours_over_datasette"),
               _at_least(ratio("stats_cold", "ours_over_datasette"), 2), "×"),
        target("stats_cold_p95", p95("stats_cold"), p95("stats_cold") is not None and p95("stats_cold") < 100,
               " ms", scale_only=True),
        target("worker_rss", peak, peak is not None and peak < 150, " MB"),
        target("import_rate", rate, rate is not None and rate >= 10_000, " statements/s"),
        target("healthz_long_polls", long_polls and long_polls["p95_ms"],
               long_polls is not None and long_polls["p95_ms"] < 100, " ms"),
    ]


def _at_least(value, threshold):
    return value is not None and value >= threshold


# -- profiling ---------------------------------------------------------------

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
# A sample is inside a request when gunicorn's request handler is on its stack;
# the rest are idle threads waiting for work, and the arbiter.
IN_REQUEST = "ThreadWorker.handle (gunicorn/workers/gthread.py)"
# Where a request's time goes: each sample is put in the layer of the innermost
# frame on its stack that names one (so the layers never overlap).
LAYERS = [
    ("SQLite: open/close connection, pragmas", (
        "Database.connect (peewee.py)", "Database.close (peewee.py)")),
    ("SQLite: running queries, fetching rows", (
        "Database.execute_sql (peewee.py)", "CursorWrapper.iterate (peewee.py)")),
    ("peewee: building SQL", ("Context.sql (peewee.py)",)),
    ("peewee: rows to model objects", (
        "ModelObjectCursorWrapper.process_row (peewee.py)", "ModelDictCursorWrapper.process_row (peewee.py)",
        "ModelCursorWrapper.process_row (peewee.py)")),
    ("marshmallow: serializing", ("Schema.dump (marshmallow/schema.py)",)),
    ("webargs: parsing the query", ("Parser.parse (webargs/core.py)",)),
    ("JSON encoding", ("dumps (json/__init__.py)",)),
    ("search: snippets", ("snippet (service/search/snippets.py)",)),
    ("search: Arabic normalization", ("normalize (service/arabic.py)", "word_spans (service/arabic.py)")),
    ("gunicorn: reading the request", ("Parser.__next__ (gunicorn/http/parser.py)",)),
    ("gunicorn: writing the response", ("Response.write (gunicorn/http/wsgi.py)",
                                        "Response.close (gunicorn/http/wsgi.py)")),
    ("gunicorn: access log", ("Logger.access (gunicorn/glogging.py)",)),
]
MARKERS = {marker: layer for layer, markers in LAYERS for marker in markers}
OTHER = "other (Flask, werkzeug, flask-smorest, service code)"


def frame_name(frame):
    match = FRAME.match(frame)
    if not match:
        return frame
    path = match["file"]
    if f"{ROOT}/" in path:
        path = path.split(f"{ROOT}/", 1)[1]
    return f"{match['function']} ({path})"


def summarise_profile(raw_lines, top=15):
    """Shares of in-request samples from py-spy's collapsed stacks: per layer,
    per function (self), and per function of ours (inclusive)."""
    own, inclusive, layers, total, idle = Counter(), Counter(), Counter(), 0, 0
    for line in raw_lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        count = int(count)
        frames = [frame_name(f) for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if IN_REQUEST not in frames:
            idle += count
            continue
        total += count
        own[frames[-1]] += count
        for name in set(frames):
            inclusive[name] += count
        layers[next((MARKERS[f] for f in reversed(frames) if f in MARKERS), OTHER)] += count

    def shares(counter):
        return [{"frame": f, "share": round(n / total, 3)} for f, n in counter.most_common(top)]

    ours = Counter({f: n for f, n in inclusive.items() if "(service/" in f or "(schemas/" in f})
    return {"samples": total, "idle_samples": idle,
            "layers": {layer: round(n / total, 3) for layer, n in layers.most_common()} if total else {},
            "self": shares(own) if total else [], "inclusive_service": shares(ours) if total else []}


def profile(run, base, master_pid, paths, seconds, connections, out_dir):
    """py-spy over every worker while each of our workloads runs."""
    py_spy = TOOLS_VENV / "bin" / "py-spy"
    found = {}
    for workload, targets in paths.items():
        wait_idle(master_pid)
        raw = Path(out_dir) / f"profile-{workload}.txt"
        spy = subprocess.Popen([str(py_spy), "record", "--pid", str(master_pid), "--subprocesses",
                                "--rate", "67", "--duration", str(int(seconds)), "--format", "raw",
                                "--output", str(raw)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            time.sleep(1)
            sample = run(base, targets["ours"], seconds - 1, connections)
            spy.wait(timeout=seconds + 60)
        finally:
            if spy.poll() is None:
                os.killpg(spy.pid, signal.SIGTERM)
                spy.wait(timeout=10)
        if not raw.exists():
            found[workload] = {"error": spy.stderr.read().decode()[-500:]}
            continue
        found[workload] = {"rps_while_sampled": round(sample.rate, 1), "raw": str(raw.relative_to(ROOT)),
                           **summarise_profile(raw.read_text().splitlines())}
        log(f"profiled {workload}: {found[workload]['samples']} samples")
    return found


# -- the report --------------------------------------------------------------

def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory / 1024 / 1024, 1),
            "kernel": platform.release(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version}


def uncommitted():
    """How many files of service/ and schemas/ differ from the commit (the run measured those)."""
    try:
        result = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "service", "schemas"],
                                capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return len(result.stdout.splitlines()) if result.returncode == 0 else None


def report_text(result):
    lines = [stats.format_table(stats.table_rows(result["workloads"])), ""]
    d = result["dataset"]
    lines.append(f"dataset: {d['statements']:,} statements, {d['bytes'] / 1e6:,.0f} MB "
                 f"({d['service_bytes'] / 1e6:,.0f} MB before Datasette's FTS); synth "
                 f"{d['synth_statements_per_second']:,} statements/s"
                 + (f", import {d['import_statements_per_second']:,} statements/s"
                    if d.get("import_statements_per_second") else "")
                 + (" (measured when built, reused)" if d.get("reused") else "")
                 + (f"; ranked search index {d['search_index_bytes'] / 1e6:,.0f} MB beside the file"
                    if d.get("search_index_bytes") else "")
                 + (f", built in {d['search_index_seconds']:.0f} s" if d.get("search_index_seconds") else ""))
    rss = result["rss"]
    lines.append(f"RSS (peak, MB): ours {rss['ours']['peak_rss_mb']} per worker; "
                 f"Datasette {rss['datasette']['peak_rss_mb']}; ceiling {rss['ceiling']['peak_rss_mb']} per worker")
    for v in result["variants"]:
        lines.append(f"spelling {v['variant']} (printed {v['printed']}): ours finds {v['ours_variant']:,} "
                     f"(printed: {v['ours_printed']:,}); Datasette finds {v['datasette_variant']:,} "
                     f"(printed: {v['datasette_printed']:,})")
    polls = result.get("long_polls")
    if polls:
        lines.append(f"/healthz while {polls['clients']} clients long-poll /changes: p95 {polls['p95_ms']} ms, "
                     f"worst {polls['max_ms']} ms ({polls['probes']} probes); polls that waited "
                     f"{polls['waited']}, told to come back (Retry-After) {polls['turned_away']}, "
                     f"errors {polls['errors']}")
    lines.append("")
    disagreements = [what for what, holds in result["agreement"].items() if holds is False]
    if disagreements:
        lines.append(f"WARNING: the servers' answers differ: {', '.join(disagreements)}")
    for t in result["targets"]:
        mark = {True: "MET   ", False: "MISSED", None: "n/a   "}[t["met"]]
        value = (t["value"] if isinstance(t["value"], str) else "not measured" if t["value"] is None
                 else f"{t['value']}{t['unit']}")
        lines.append(f"  {mark} {t['target']}: {value}")
    c = result["config"]
    lines.append(f"\n{c['load_generator']} at {c['connections']} connections, {c['rounds']} rounds × "
                 f"{c['seconds']}s per target; 1-min load average {result['loadavg_start']} → "
                 f"{result['loadavg_end']} on {result['machine']['cores']} cores")
    others = result.get("others_cpu_share")
    if others is not None:
        lines.append(f"processes outside the run used {others:.0%} of the machine while it was timed")
        if others > OTHERS_TOLERATED:
            lines.append("WARNING: other processes were busy during the run; the ratios are fairer than the "
                         "absolute figures, and both are noisier than usual.")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="The service against Datasette on the same file.")
    parser.add_argument("--statements", type=int, default=int(os.environ.get("BENCH_STATEMENTS", 100_000)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 8)),
                        help="per target per round")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--load", choices=("auto", "wrk", "python"), default=os.environ.get("BENCH_LOAD", "auto"))
    parser.add_argument("--search-word", default=SEARCH_WORD)
    parser.add_argument("--only", help="comma-separated workloads to run (by_id,feed,search,stats); default all")
    parser.add_argument("--longest", type=float, default=60,
                        help="seconds a run may be lengthened to when answers are slower than --seconds")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the dataset even if a valid one exists")
    parser.add_argument("--build-only", action="store_true", help="build the dataset, then stop")
    parser.add_argument("--reuse-dataset", action="store_true",
                        help="reuse the dataset even if the code that built it changed (to compare a fix)")
    parser.add_argument("--profile", action=argparse.BooleanOptionalAction,
                        default=os.environ.get("BENCH_PROFILE", "1") != "0",
                        help="sample our workers with py-spy during each workload (default: on)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when the two servers do not answer alike (CI's smoke run)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or (os.cpu_count() or 1) + 1))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS") or 4))
    args = parser.parse_args()

    # SIGTERM (a CI timeout, kill) unwinds like Ctrl-C, so the servers are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ensure_tools()
    generator_name, run = load.generator(args.load)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc)
    name = f"{stamp:%Y%m%d-%H%M%S}-{args.statements}"
    loadavg_start = round(os.getloadavg()[0], 2)

    db, dataset = build_dataset(args.statements, args.seed, args.rebuild, args.reuse_dataset)
    if args.build_only:
        print(json.dumps({k: v for k, v in dataset.items() if k != "key"}, indent=2))
        return
    paths = workload_paths(db, args.seed, args.search_word)
    if args.only:
        paths = {name: targets for name, targets in paths.items() if name in args.only.split(",")}
    log_dir = tempfile.mkdtemp(prefix="bench-logs-")
    metadata = Path(log_dir) / "metadata.json"
    metadata.write_text(json.dumps(DATASETTE_METADATA, ensure_ascii=False))
    service_env = {"DATABASE_URL": f"sqlite:///{db}", "RATE_LIMIT": "off"}
    flask({**os.environ, **service_env}, "db", "upgrade")  # as `make run` does before serving
    datasette = [str(TOOLS_VENV / "bin" / "datasette"), "serve", "-i", str(db), "-m", str(metadata),
                 "-h", HOST, "-p", "{port}", "--setting", "sql_time_limit_ms", "30000",
                 "--setting", "max_returned_rows", "100000"]

    with ExitStack() as stack:
        command, env = gunicorn_command("service:create_app()", args.workers, args.threads)
        ours, ours_pid = stack.enter_context(server("ours", command, "/readyz", {**env, **service_env}, log_dir))
        theirs, theirs_pid = stack.enter_context(server("datasette", datasette, "/-/versions.json",
                                                        log_dir=log_dir))
        cold = {}  # ours again, keeping no stats answer: {"ours_cold": (base, pid)}
        if "stats" in paths:
            command, env = gunicorn_command("service:create_app()", args.workers, args.threads)
            cold["ours_cold"] = stack.enter_context(server(
                "ours-cold", command, "/readyz", {**env, **service_env, "STATS_CACHE_ENTRIES": "0"}, log_dir))
        command, env = gunicorn_command("bench.ceiling:app", args.workers, args.threads)
        ceiling, ceiling_pid = stack.enter_context(server("ceiling", command, "/", env, log_dir))
        bases = {"ours": ours, "datasette": theirs, "ceiling": ceiling,
                 **{name: base for name, (base, _) in cold.items()}}
        agreement = check_answers(bases, paths)
        variants = variant_counts(bases)
        servers = {"ours": (ours, ours_pid), "datasette": (theirs, theirs_pid), "ceiling": (ceiling, ceiling_pid),
                   **cold}
        server_pids = [pid for _, pid in servers.values()]
        began, machine_before, own_before = time.monotonic(), machine_busy_seconds(), own_busy_seconds(server_pids)
        samples = measure(run, servers, paths, args.seconds, args.connections, args.rounds, args.warmup,
                          args.longest)
        others = others_share(machine_busy_seconds() - machine_before,
                              own_busy_seconds(server_pids) - own_before,
                              os.cpu_count() or 1, time.monotonic() - began)
        log(f"/healthz while {long_poll.CLIENTS} clients long-poll the change feed")
        long_polls = long_poll.healthz_while_long_polls(ours, seconds=min(8.0, max(args.seconds, 3.0)))
        log(f"  p95 {long_polls['p95_ms']} ms over {long_polls['probes']} probes; polls waited "
            f"{long_polls['waited']}, turned away {long_polls['turned_away']}, errors {long_polls['errors']}")
        rss = {"ours": rss_report(ours_pid), "datasette": rss_report(theirs_pid, workers=False),
               "ceiling": rss_report(ceiling_pid)}
        profiles = None
        if args.profile:
            profiles = profile(run, ours, ours_pid, paths, max(args.seconds, 8), args.connections, RESULTS)
            for raw in RESULTS.glob("profile-*.txt"):
                raw.rename(RESULTS / f"{name}-{raw.name}")
            for found in profiles.values():
                if "raw" in found:
                    found["raw"] = found["raw"].replace("profile-", f"{name}-profile-")

    rows = summarise(samples)
    result = {
        "date": stamp.isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": {"datasette": tool_version(str(TOOLS_VENV / "bin" / "datasette"), "--version"),
                     "gunicorn": tool_version(str(SERVICE_BIN / "gunicorn"), "--version"),
                     "wrk": load.wrk_version(),
                     "commit": tool_version("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"),
                     "uncommitted_changes_in_service": uncommitted()},
        "config": {"load_generator": generator_name, "connections": args.connections, "rounds": args.rounds,
                   "seconds": args.seconds, "warmup": args.warmup, "workers": args.workers,
                   "threads": args.threads, "search_word": args.search_word,
                   "datasette": "datasette serve -i (immutable), sql_time_limit_ms=30000, max_returned_rows=100000, label_column "
                                "participant.name_ar, canned queries search and stats"},
        "dataset": {k: v for k, v in dataset.items() if k != "key"},
        "workloads": rows,
        "rounds": {f"{w}/{t}": [s.as_dict() for s in ss] for (w, t), ss in samples.items()},
        "agreement": agreement,
        "variants": variants,
        "rss": rss,
        "long_polls": long_polls,
        "profile": profiles,
        "others_cpu_share": others,
        "loadavg_start": loadavg_start,
        "loadavg_end": round(os.getloadavg()[0], 2),
    }
    result["targets"] = judge(rows, variants, rss, dataset, long_polls)
    result["table"] = report_text(result)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    shutil.rmtree(log_dir, ignore_errors=True)
    print(result["table"])
    if profiles:
        for workload, found in profiles.items():
            print(f"\nprofile {workload}: " + ", ".join(f"{k} {v:.0%}" for k, v in found.get("layers", {}).items()
                                                        if v >= 0.02))
    print(f"\nwritten to {out.relative_to(ROOT)}")
    differences = [what for what, holds in agreement.items() if holds is False]
    if args.strict and differences:
        sys.exit(f"the two servers do not answer alike: {', '.join(differences)}")


if __name__ == "__main__":
    main()
