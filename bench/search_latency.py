"""Latency of /api/v1/search on one database, in process, query by query.

    .venv/bin/python bench/search_latency.py var/bench/1000000-seed1/bench.db

The whole request path through Flask's test client (parsing, ranking,
loading the hits' rows, snippets, JSON), one request at a time, for queries
of every shape the search language has, from a word in one statement in
seven to a rare one. It prints, per query, how many statements match (the
feed's count, so both sides of a change agree on the work) and the median
and p95 of `--rounds` requests. `make bench` measures the served service
under load; this isolates the search itself, before and after a change.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("SERVICE_ROOT") or str(Path(__file__).resolve().parent.parent))

QUERIES = [
    "الإرهاب",                 # about one statement in seven
    "الارهاب",                 # the same, without hamza: the variants
    "سوريا",
    "الارهاب امريكا",          # AND
    "الارهاب -امريكا",         # exclusion
    "خامنئي OR روحاني",        # OR
    '"محور المقاومة"',         # phrase
    "والتعاون",                # clitics
    "اعاده الاعمار",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="a SQLite file, or a DATABASE_URL (PostgreSQL)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--pages", type=int, default=1, help="also time page N (offset) of each query")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()

    from service import create_app
    url = args.database if "://" in args.database else f"sqlite:///{Path(args.database).resolve()}"
    app = create_app({"DATABASE_URL": url, "RATE_LIMIT": "off"})
    client = app.test_client()
    rows = []
    for q in QUERIES:
        count = client.get("/api/v1/statements", query_string={"q": q, "count": "true", "limit": 1})
        body = count.get_json() if count.status_code == 200 else None
        matches = body.get("total", body.get("count")) if body else None
        first = client.get("/api/v1/search", query_string={"q": q, "type": "statement", "limit": args.limit})
        assert first.status_code == 200, first.get_data(as_text=True)
        cursor = first.get_json()["next_cursor"]
        times = []
        for _ in range(args.rounds):
            began = time.perf_counter()
            response = client.get("/api/v1/search", query_string={"q": q, "type": "statement", "limit": args.limit})
            times.append(time.perf_counter() - began)
            assert response.status_code == 200
        page_times = []
        for _ in range(args.rounds if cursor and args.pages > 1 else 0):
            began = time.perf_counter()
            client.get("/api/v1/search", query_string={"q": q, "type": "statement", "limit": args.limit,
                                                       "cursor": cursor})
            page_times.append(time.perf_counter() - began)
        times.sort()
        row = {"q": q, "matches": matches, "hits": len(first.get_json()["items"]),
               "p50_ms": round(1000 * statistics.median(times), 1),
               "p95_ms": round(1000 * times[max(0, int(len(times) * 0.95) - 1)], 1),
               "page2_p50_ms": round(1000 * statistics.median(page_times), 1) if page_times else None}
        rows.append(row)
        print(f"{q:24} matches {matches!s:>8}  p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms"
              + (f"  page 2 p50 {row['page2_p50_ms']:.1f} ms" if page_times else ""), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
