"""`make bench`'s workloads on PostgreSQL beside SQLite: the same data, the service only.

    .venv/bin/python bench/postgres.py [--statements 100000] [--rounds 2] [--seconds 8]

1. Takes the SQLite dataset of `make bench` (var/bench/<N>-seed1/bench.db,
   built by bench/run.py when missing) and exports it (`flask export`).
2. Starts a throwaway PostgreSQL cluster (`.ci/postgres.sh start`: loopback
   only, and fsync off, so its import rate is an upper bound), migrates it,
   times `flask import` of the dump into it (statements/s) and builds its
   ranked search index (`flask search rebuild`, SEARCH_INDEX_DIR in the
   run's temporary directory).
3. Serves the service twice under gunicorn as `make serve` does, on the
   SQLite file and on the cluster (pooled, as README's "Scaling out"
   advises; `--no-pool` for a connection per request), and runs by id, feed, search and stats
   on both in rounds, alternating which goes first (bench/load.py).
4. Prints req/s and p50/p95 per workload and engine, the import rates and
   the database sizes. Datasette cannot serve PostgreSQL, so the ratios to
   it stay with bench/run.py.

The cluster and every server are stopped on the way out.
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load, stats  # noqa: E402
from bench.run import (  # noqa: E402
    RESULTS,
    ROOT,
    SEARCH_WORD,
    build_dataset,
    file_bytes,
    flask,
    gunicorn_command,
    log,
    server,
    wait_idle,
    workload_paths,
)

WORKLOADS = ("by_id", "feed", "search", "stats")


def import_into(url, dump, env):
    """Migrate the database at `url`, import `dump` into it; (statements/s, seconds)."""
    target = {**env, "DATABASE_URL": url}
    flask(target, "db", "upgrade")
    with dump.open(encoding="utf-8") as lines:
        statements = sum(line.startswith('{"type":"statement"') for line in lines)
    began = time.perf_counter()
    flask(target, "import", str(dump))
    seconds = time.perf_counter() - began
    log(f"imported {statements:,} statements into PostgreSQL in {seconds:.0f}s: {statements / seconds:,.0f}/s")
    return round(statements / seconds), round(seconds, 1)


def postgres_bytes(url, env):
    out = subprocess.run([str(Path(sys.executable).parent / "python"), "-c",
                          "import sys, psycopg2; c = psycopg2.connect(sys.argv[1]); k = c.cursor(); "
                          "k.execute('SELECT pg_database_size(current_database())'); print(k.fetchone()[0])", url],
                         env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=int(os.environ.get("BENCH_STATEMENTS", 100_000)))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--load", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-pool", action="store_true", help="serve PostgreSQL with a connection per request")
    args = parser.parse_args()

    generator_name, run = load.generator(args.load)
    db, dataset = build_dataset(args.statements, 1, reuse=True)
    paths = {name: found["ours"] for name, found in workload_paths(db, 1, SEARCH_WORD).items()}
    work = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    work.chmod(0o711)  # the cluster's owner (`nobody` when run as root) must reach its directory
    cluster = work / "cluster"
    env = {**os.environ, "RATE_LIMIT": "off", "SEARCH_INDEX_DIR": str(work / "search")}
    started = datetime.datetime.now(datetime.timezone.utc)
    loadavg_start = round(os.getloadavg()[0], 2)
    try:
        dump = work / "dump.ndjson"
        flask({**env, "DATABASE_URL": f"sqlite:///{db}"}, "export", str(dump))
        url = subprocess.run([str(ROOT / ".ci" / "postgres.sh"), "start", str(cluster)], check=True,
                             capture_output=True, text=True).stdout.strip()
        rate, import_seconds = import_into(url, dump, env)
        began = time.perf_counter()
        flask({**env, "DATABASE_URL": url}, "search", "rebuild")
        index_seconds = time.perf_counter() - began
        sizes = {"sqlite": file_bytes(db), "postgres": postgres_bytes(url, env)}
        # Served as README's "Scaling out" advises: a pool per worker, one connection per thread.
        pooled_url = url.replace("postgresql://", "postgresql+pool://", 1) + f"?max_connections={args.threads}"
        urls = {"sqlite": f"sqlite:///{db}", "postgres": url if args.no_pool else pooled_url}
        flask({**env, "DATABASE_URL": urls["sqlite"]}, "db", "upgrade")
        samples = {(engine, workload): [] for engine in urls for workload in paths}
        with ExitStack() as stack:
            servers = {}
            for engine, database_url in urls.items():
                command, gunicorn_env = gunicorn_command("service:create_app()", args.workers, args.threads)
                servers[engine] = stack.enter_context(server(
                    f"ours-{engine}", command, "/readyz",
                    {**gunicorn_env, "DATABASE_URL": database_url, "RATE_LIMIT": "off",
                     "SEARCH_INDEX_DIR": str(work / "search")}, work))
            for engine, (base, _) in servers.items():  # warm: connections, caches, the index opened
                for workload, found in paths.items():
                    run(base, found, 2, args.connections)
            for round_ in range(args.rounds):
                order = list(urls) if round_ % 2 == 0 else list(urls)[::-1]
                for workload, found in paths.items():
                    for engine in order:
                        base, pid = servers[engine]
                        for _, other in servers.values():
                            wait_idle(other)
                        sample = run(base, found, args.seconds, args.connections)
                        samples[engine, workload].append(sample)
                        pooled = stats.pooled([sample])
                        log(f"  {workload:7} {engine:9} {pooled['rps']:8.1f} req/s  p95 {pooled['p95_ms']} ms  "
                            f"errors {pooled['errors']}")
    finally:
        subprocess.run([str(ROOT / ".ci" / "postgres.sh"), "stop", str(cluster)], check=False)
        shutil.rmtree(work, ignore_errors=True)

    rows = {f"{engine}/{workload}": stats.pooled(found) for (engine, workload), found in samples.items()}
    lines = ["| workload | SQLite req/s | p50 | p95 | PostgreSQL req/s | p50 | p95 |", "|---|---|---|---|---|---|---|"]
    for workload in paths:
        s, p = rows[f"sqlite/{workload}"], rows[f"postgres/{workload}"]
        lines.append(f"| {workload} | {s['rps']:,.0f} | {s['p50_ms']} | {s['p95_ms']} | "
                     f"{p['rps']:,.0f} | {p['p50_ms']} | {p['p95_ms']} |")
    lines.append("")
    lines.append(f"{args.statements:,} statements; import into PostgreSQL {rate:,}/s ({import_seconds} s; "
                 f"SQLite, when the dataset was built: {dataset.get('import_statements_per_second', '?'):,}/s); "
                 f"ranked index rebuilt from PostgreSQL in {index_seconds:.0f} s; database "
                 f"{sizes['sqlite'] / 1e6:,.0f} MB (SQLite file, with Datasette's FTS) / "
                 f"{sizes['postgres'] / 1e6:,.0f} MB (PostgreSQL)")
    lines.append(("PostgreSQL served with a connection per request" if args.no_pool else
                  f"PostgreSQL served pooled (postgresql+pool://, max_connections={args.threads} per worker)")
                 + f", {args.workers} workers × {args.threads} threads on each engine")
    lines.append(f"{generator_name} at {args.connections} connections, {args.rounds} rounds × {args.seconds:g} s; "
                 f"1-min load average {loadavg_start} → {round(os.getloadavg()[0], 2)} on {os.cpu_count()} cores; "
                 f"{started:%Y-%m-%d %H:%M} UTC")
    table = "\n".join(lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{started:%Y%m%d-%H%M%S}-{args.statements}-postgres.json"
    out.write_text(json.dumps({"date": started.isoformat(timespec="seconds"), "rows": rows, "sizes": sizes,
                               "import_statements_per_second": rate, "table": table}, indent=2))
    print(table)
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
