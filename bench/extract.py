"""`make bench-extract`: the extraction assist's speed and safety, printed beside its targets.

On a throwaway SQLite database holding the seed fixtures:

1. each adversarial shape at 2 MB (refused by the budget) and at the budget's
   limit (answered), through the app in process;
2. /healthz latency while 8 such requests run at once, on a real gunicorn;
3. a typical report (the development set's 30 readable bodies and the
   seeds): median and worst time per extraction;
4. the whole corpus (data/corpus/, 10,091 reports): reports per second,
   errors, the worst report, and the peak RSS of this process.

Figures are for this machine at the time of the run; it prints the CPU
count and load so a reader can judge them.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service import create_app  # noqa: E402
from service.db import database  # noqa: E402
from service.extraction import BudgetExceeded, devset, extract  # noqa: E402
from service.extraction import budget as limits  # noqa: E402
from service.fixtures import load  # noqa: E402
from service.migrations import upgrade  # noqa: E402
from service.models import Article  # noqa: E402

SHAPES = {
    "meeting lists": "والتقى الرئيس الإيراني حسن روحاني ووزير الخارجية السوري فيصل المقداد، واستقبل ",
    "quote marks": "«",
    "cue words": "وقال وأكد مشيرا إلى أن ",
    "no spaces": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "100k commas": "،",
}
TWO_MB = 2 * 1024 * 1024
CORPUS = ROOT / "data" / "corpus" / "ant-corpus-1.1.ndjson.gz"


def body_of(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def line(what: str, value: str, target: str, ok: bool | None):
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {what:<46} {value:>18}   target {target:<14} {verdict}", flush=True)


def store(app, body: str) -> int:
    with app.app_context():
        return Article.create(body=body, content_hash=hashlib.sha256(body.encode()).hexdigest()).id


def shapes(app):
    print("adversarial bodies (in process, POST /articles/{id}/extract):")
    client = app.test_client()
    ids = {}
    for name, unit in SHAPES.items():
        size = 100_000 if name == "100k commas" else TWO_MB
        ids[name] = store(app, body_of(unit, size))
        started = time.perf_counter()
        status = client.post(f"/api/v1/articles/{ids[name]}/extract").status_code
        seconds = time.perf_counter() - started
        line(f"{name}, {size:,} chars", f"{seconds * 1000:.0f} ms ({status})", "< 2 s", seconds < 2)
    for name, unit in SHAPES.items():
        article_id = store(app, body_of(unit, limits.MAX_CHARS))
        started = time.perf_counter()
        status = client.post(f"/api/v1/articles/{article_id}/extract").status_code
        seconds = time.perf_counter() - started
        line(f"{name}, at the limit ({limits.MAX_CHARS:,})", f"{seconds * 1000:.0f} ms ({status})", "< 2 s",
             seconds < 2)
    return ids


def healthz_under_load(url: str, ids: dict):
    print("gunicorn (gthread), /healthz while 8 extractions of 2 MB and at-the-limit bodies run:")
    port = 8790 + os.getpid() % 100
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "RATE_LIMIT": "off", "WEB_CONCURRENCY": "3",
           "THREADS": "4"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "service/gunicorn_conf.py",
                               "service:create_app()"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        idle = []
        for _ in range(30):
            started = time.perf_counter()
            urllib.request.urlopen(f"{base}/healthz", timeout=30).read()
            idle.append(time.perf_counter() - started)
            time.sleep(0.02)
        line("/healthz worst of 30 probes, idle (the machine's noise)", f"{max(idle) * 1000:.0f} ms",
             "(measured)", None)
        app = create_app({"DATABASE_URL": url})
        at_limit = [store(app, body_of(unit, limits.MAX_CHARS)) for unit in SHAPES.values()]
        targets = (list(ids.values()) + at_limit)[:8]
        done = []

        statuses = []

        def post(article_id):
            # As a client should: a 503 (the worker's EXTRACT_CONCURRENCY is
            # taken) is retried after its Retry-After, so every extraction
            # runs in the end and /healthz is probed while they do.
            request = urllib.request.Request(f"{base}/api/v1/articles/{article_id}/extract", method="POST")
            while True:
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        response.read()
                        statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    error.read()
                    statuses.append(error.code)
                    if error.code == 503:
                        time.sleep(float(error.headers.get("Retry-After", "1")))
                        continue
                break
            done.append(article_id)

        threads = [threading.Thread(target=post, args=(i,)) for i in targets]
        for thread in threads:
            thread.start()
        latencies = []
        while len(done) < len(targets):
            started = time.perf_counter()
            urllib.request.urlopen(f"{base}/healthz", timeout=30).read()
            latencies.append(time.perf_counter() - started)
            time.sleep(0.02)
        for thread in threads:
            thread.join()
        worst = max(latencies) if latencies else 0.0
        median = statistics.median(latencies) if latencies else 0.0
        p95 = sorted(latencies)[max(0, -(-len(latencies) * 95 // 100) - 1)] if latencies else 0.0
        # EXTRACT_CONCURRENCY bounds extractions per worker: the others are a 503 at once.
        tally = ", ".join(f"{statuses.count(code)} x {code}" for code in sorted(set(statuses)))
        line(f"answers, 503s retried (EXTRACT_CONCURRENCY={os.environ.get('EXTRACT_CONCURRENCY', '1')})",
             tally, "(measured)", None)
        line(f"/healthz p95 of {len(latencies)} probes under load", f"{p95 * 1000:.0f} ms", "< 100 ms", p95 < 0.1)
        line(f"/healthz median of {len(latencies)} probes under load", f"{median * 1000:.0f} ms", "(measured)", None)
        line(f"/healthz worst of {len(latencies)} probes under load", f"{worst * 1000:.0f} ms", "< 100 ms",
             worst < 0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)


def typical(app):
    print("typical reports (the development set's 30 readable bodies and the 5 seeds; never the sealed 10):")
    times = []
    with app.app_context():
        bodies = [devset.load(name).article() for name in devset.report_names()]
        bodies += list(Article.select().where(Article.provenance.is_null(False)).limit(5))
        for article in bodies:
            started = time.perf_counter()
            extract(article)
            times.append(time.perf_counter() - started)
    median = statistics.median(times)
    line("median per report", f"{median * 1000:.1f} ms", "< 50 ms", median < 0.05)
    line("worst report", f"{max(times) * 1000:.1f} ms", "< 50 ms", max(times) < 0.05)


def corpus(app):
    print(f"the whole corpus ({CORPUS.relative_to(ROOT)}):")
    count = errors = 0
    worst = (0.0, None, 0)
    started = time.perf_counter()
    with app.app_context(), gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for raw in lines:
            report = json.loads(raw)
            published, offset = devset.parse_time(report.get("time") or "")
            article = Article(body=report.get("body") or "", published_at=published, published_at_offset=offset,
                              date_precision="day" if published else None)
            one = time.perf_counter()
            try:
                extract(article)
            except BudgetExceeded:
                errors += 1
            except Exception as error:  # noqa: BLE001 - counted and named, the run goes on
                errors += 1
                print(f"    error in {report.get('docno')}: {type(error).__name__}: {error}")
            seconds = time.perf_counter() - one
            if seconds > worst[0]:
                worst = (seconds, report.get("docno"), len(article.body))
            count += 1
    elapsed = time.perf_counter() - started
    line("reports per second", f"{count / elapsed:.0f} /s", "(measured)", None)
    line(f"errors over {count:,} reports", f"{errors}", "0", errors == 0)
    line(f"worst: {worst[1]} ({worst[2]:,} chars)", f"{worst[0] * 1000:.0f} ms", "< 50 ms", worst[0] < 0.05)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line("peak RSS of this process", f"{rss:.0f} MB", "(measured)", None)


def main():
    print(f"bench-extract, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        app = create_app({"DATABASE_URL": url, "RATE_LIMIT": "off"})
        with app.app_context():
            upgrade()
            load()
            database.close()
        ids = shapes(app)
        if "--server-only" not in sys.argv:   # the adversarial bodies and /healthz only
            typical(app)
            corpus(app)
        if "--no-server" not in sys.argv:
            healthz_under_load(url, ids)


if __name__ == "__main__":
    main()
