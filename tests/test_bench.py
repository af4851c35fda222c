"""The benchmark harness's parts (bench/), fast: no dataset, no Datasette, no gunicorn."""
import http.server
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest

from bench import ceiling, load, run, stats
from service.db import database


class Answer(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the servers under test speak

    def do_GET(self):
        status = 404 if self.path.startswith("/missing") else 200
        body = b'{"status": "ok"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def tiny_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert stats.percentile(values, 50) == 50
    assert stats.percentile(values, 95) == 95
    assert stats.percentile(values, 99) == 99
    assert stats.percentile(values, 100) == 100
    assert stats.percentile([4, 1, 3, 2], 50) == 2
    assert stats.percentile([], 50) is None


def test_rounds_pool_into_the_percentiles_of_all_their_requests():
    fast = [1.0 + i / 1000 for i in range(9000)]      # 9,000 requests near 1 ms
    slow = [100.0 + i / 100 for i in range(1000)]      # 1,000 requests near 100 ms
    samples = [stats.Sample(requests=len(fast), seconds=1, latency_ms=stats.quantiles(fast)),
               stats.Sample(requests=len(slow), seconds=1, latency_ms=stats.quantiles(slow))]
    everything = fast + slow
    for p in (50, 95, 99):
        assert stats.pooled_percentile(samples, p) == pytest.approx(stats.percentile(everything, p), rel=0.02)
    pooled = stats.pooled(samples)
    assert pooled["requests"] == 10_000 and pooled["rps"] == 5000.0 and pooled["rps_rounds"] == [9000.0, 1000.0]


def test_ratios_refuse_to_divide_by_nothing():
    assert stats.ratio(300, 100) == 3.0
    assert stats.ratio(300, 0) is None and stats.ratio(None, 100) is None


def test_the_table_has_a_row_per_workload_with_ratios():
    ours = {"rps": 1234.5, "p50_ms": 3.21, "p95_ms": 8.0, "p99_ms": 150.0}
    theirs = {"rps": 200.0, "p50_ms": 30.0, "p95_ms": 80.0, "p99_ms": 99.0}
    text = stats.format_table(stats.table_rows([
        {"name": "by_id", "ours": ours, "datasette": theirs, "ours_over_datasette": 6.17, "ours_over_ceiling": 0.6},
        {"name": "ceiling", "ours": ours, "datasette": None, "ours_over_datasette": None, "ours_over_ceiling": 1.0},
    ]))
    lines = text.splitlines()
    assert lines[0].startswith("| workload") and "ours/ds" in lines[0]
    assert len(lines) == 4 and len({len(line) for line in lines}) == 1   # aligned
    assert "1,234" in lines[2] and "6.2×" in lines[2] and "150" in lines[2]
    assert "–" in lines[3]


def test_python_load_generator_counts_requests_and_errors():
    with tiny_server() as base:
        sample = load.run_python(base, ["/a", "/b", "/missing"], seconds=1, connections=2)
    assert sample.requests > 20
    assert sample.errors > 0                                    # the 404s
    assert sample.errors == pytest.approx(sample.requests / 2, rel=0.2)  # one path in three
    assert len(sample.latency_ms) == stats.QUANTILES and sample.latency_ms == sorted(sample.latency_ms)
    assert 0.9 < sample.seconds < 3


@pytest.mark.skipif(not load.wrk_available(), reason="wrk is not installed")
def test_wrk_reports_the_same_shape():
    with tiny_server() as base:
        sample = load.run_wrk(base, ["/a", "/b"], seconds=1, connections=2)
    assert sample.requests > 20 and sample.errors == 0
    assert len(sample.latency_ms) == stats.QUANTILES and sample.latency_ms == sorted(sample.latency_ms)


def test_load_goes_only_to_loopback():
    with pytest.raises(ValueError):
        load.run_python("http://10.1.2.3:80", ["/"], seconds=1)
    with pytest.raises(ValueError):
        load.run_wrk("http://example.org", ["/"], seconds=1)


def test_paths_become_lua_strings_with_every_other_byte_escaped():
    assert load._lua_string("/api/v1/search?q=%D8%A7&limit=50") == '"/api/v1/search?q=%D8%A7&limit=50"'
    assert load._lua_string('a"b\\c d') == '"a\\034b\\092c\\032d"'


def test_profile_counts_only_samples_inside_requests_by_innermost_layer():
    handle = "ThreadWorker.handle (gunicorn/workers/gthread.py:542)"
    raw = [
        f'process 1:"gunicorn";{handle};Flask.wsgi_app (flask/app.py:1);Database.execute_sql (peewee.py:3);'
        "Database.connect (peewee.py:9) 30",
        f"{handle};Flask.wsgi_app (flask/app.py:1);Database.execute_sql (peewee.py:3) 50",
        f"{handle};search_everything (/x/service/api/search.py:40);snippet (service/search/snippets.py:12) 20",
        "_worker (concurrent/futures/thread.py:83) 400",
    ]
    found = run.summarise_profile(raw)
    assert found["samples"] == 100 and found["idle_samples"] == 400
    assert found["layers"]["SQLite: open/close connection, pragmas"] == 0.3
    assert found["layers"]["SQLite: running queries, fetching rows"] == 0.5
    assert found["layers"]["search: snippets"] == 0.2
    assert found["self"][0] == {"frame": "Database.execute_sql (peewee.py)", "share": 0.5}


def test_targets_are_judged_from_the_ratios():
    def row(name, ratio, over_ceiling=0.6, p95=10.0):
        return {"name": name, "ours": {"p95_ms": p95}, "ours_over_datasette": ratio,
                "ours_over_ceiling": over_ceiling}
    rows = [row("by_id", 4.5), row("feed", 4.0), row("search", 2.5, p95=60.0),
            row("stats", 9.0, p95=30.0), row("stats_cold", 1.5, p95=150.0)]
    variants = [{"variant": "الاسد", "ours_variant": 10, "datasette_variant": 0, "datasette_printed": 9}]
    rss = {"ours": {"max_peak_rss_mb": 90.0}}
    met = {t["key"]: t["met"] for t in run.judge(rows, variants, rss, {"statements": 1_000_000,
                                                                       "import_statements_per_second": 12_000},
                                                 {"p95_ms": 140.0})}
    assert met == {"by_id_vs_datasette": True, "by_id_vs_ceiling": True, "feed_vs_datasette": False,
                   "search_vs_datasette": True, "variants_found": True, "search_p95": False,
                   "feed_p95": True, "worker_rss": True, "import_rate": True, "healthz_long_polls": False,
                   "stats_vs_datasette": True, "stats_p95": True, "stats_cold_vs_datasette": False,
                   "stats_cold_p95": False}
    small = {t["key"]: t["met"] for t in run.judge(rows, variants, rss, {"statements": 100_000,
                                                                        "import_statements_per_second": 900})}
    assert small["search_p95"] is None and small["stats_cold_p95"] is None  # 1M targets, not judged at 100k
    assert small["import_rate"] is False
    assert small["healthz_long_polls"] is None   # not measured in that run
    older = run.judge(rows, variants, rss, {"statements": 100_000, "synth_statements_per_second": 900})
    assert {t["key"]: t["met"] for t in older}["import_rate"] is None   # a dataset built before import was timed


def test_the_ceiling_is_a_bare_json_endpoint():
    response = ceiling.app.test_client().get("/")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "id": 1}


def test_a_server_that_burns_no_cpu_is_idle_at_once():
    sleeper = subprocess.Popen(["sleep", "5"])
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        began = time.monotonic()
        assert run.wait_idle(sleeper.pid, limit=5, window=0.2)
        assert time.monotonic() - began < 1
        assert not run.wait_idle(spinner.pid, limit=0.5, window=0.2)
    finally:
        sleeper.kill()
        spinner.kill()
        sleeper.wait()
        spinner.wait()


def test_the_import_rate_is_timed_on_an_export_of_the_dataset(tmp_path):
    from tests.conftest import load_fixtures, make_app
    db = tmp_path / "bench.db"
    app = make_app(f"sqlite:///{db}")
    with app.app_context():
        load_fixtures()
        database.close()
    measured = run.measure_import(db, {**os.environ, "DATABASE_URL": f"sqlite:///{db}"})
    assert measured["import_statements"] == 63 and measured["import_statements_per_second"] > 0
    assert not (tmp_path / "import").exists()  # the dump and the imported copy are deleted


def test_the_share_of_other_processes_is_what_the_machine_did_beyond_the_run():
    assert run.others_share(machine_seconds=12.0, own_seconds=10.0, cores=2, wall_seconds=10) == 0.1
    assert run.others_share(machine_seconds=9.0, own_seconds=10.0, cores=2, wall_seconds=10) == 0.0
    assert run.others_share(machine_seconds=1.0, own_seconds=0.0, cores=2, wall_seconds=0) == 0.0


def test_a_busy_server_counts_as_the_run_and_shows_on_the_machine():
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        machine, own = run.machine_busy_seconds(), run.own_busy_seconds([spinner.pid])
        deadline = time.monotonic() + 20  # on a crowded machine the spinner gets a share of a core
        while True:
            time.sleep(0.5)
            machine_spent = run.machine_busy_seconds() - machine
            own_spent = run.own_busy_seconds([spinner.pid]) - own
            if own_spent > 0.5 or time.monotonic() > deadline:
                break
    finally:
        spinner.kill()
        spinner.wait()
    assert own_spent > 0.5  # the spinner's second of CPU is billed to the run
    assert machine_spent >= own_spent - 0.1  # and the machine saw it too (clock ticks round)
