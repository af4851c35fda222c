"""Where one request's time goes, in process: cProfile over the app's whole path.

    .venv/bin/python bench/profile_request.py var/bench/100000-seed1/bench.db by_id [--requests 2000]

Drives `make bench`'s workload (`by_id`, `feed`, `search` or `stats`, the
same paths bench/run.py draws from the data) through Flask's test client
with every hook on (request id, JSON access log, metrics, ETag,
compression), and prints the functions with the most cumulative and own
time, then the requests per second of one thread without the profiler.
gunicorn's I/O is not in it: `make bench` measures the served service.
"""
import argparse
import cProfile
import io
import itertools
import logging
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import SEARCH_WORD, workload_paths  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="a SQLite file built by make bench")
    parser.add_argument("workload", choices=("by_id", "feed", "search", "stats"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--no-profile", action="store_true", help="only the timed run")
    parser.add_argument("--no-dump-cache", action="store_true", help="keep no dumps (service/records/dumps.py)")
    parser.add_argument("--gzip", action="store_true", help="ask for gzip (make bench does not)")
    args = parser.parse_args()

    os.environ.setdefault("RATE_LIMIT", "off")
    if args.no_dump_cache:
        from service.records import dumps
        dumps.CAPACITY = 0
    from service import create_app
    app = create_app({"DATABASE_URL": f"sqlite:///{Path(args.database).resolve()}", "RATE_LIMIT": "off"})
    # The access log is formatted and written as served, to /dev/null rather than stderr.
    sink = open(os.devnull, "w")
    for handler in logging.getLogger("service").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(sink)
    client = app.test_client()
    paths = workload_paths(Path(args.database), 1, SEARCH_WORD)[args.workload]["ours"]
    headers = {"Accept-Encoding": "gzip"} if args.gzip else {}

    def run(count):
        for path in itertools.islice(itertools.cycle(paths), count):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.status_code)
            response.get_data()

    run(min(200, args.requests))  # warm: connections, compiled queries, caches
    if not args.no_profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run(args.requests)
        profiler.disable()
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
            print(out.getvalue())
    began = time.perf_counter()
    run(args.requests)
    seconds = time.perf_counter() - began
    print(f"{args.workload}: {args.requests / seconds:,.0f} requests/s in one thread, unprofiled "
          f"({1000 * seconds / args.requests:.2f} ms each); load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
