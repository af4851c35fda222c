"""Latency arithmetic and the results table, shared by both load generators.

A run is summarised as a `Sample`: its request count, its duration, its
errors and its latency distribution as 1,000 quantiles (each standing for
0.1% of its requests). wrk can only report percentiles, not raw latencies,
so that is the common form; the Python generator reduces its exact
latencies to the same form. Rounds are pooled by mixing those quantiles,
each weighted by its run's request count, so a p99 over three rounds is the
p99 of all their requests, not an average of three p99s.
"""
import math
from dataclasses import dataclass, field

QUANTILES = 1000
# The probability each quantile stands for: the middle of its 0.1% slice.
QUANTILE_POINTS = [(i + 0.5) / QUANTILES for i in range(QUANTILES)]


def percentile(values, p):
    """The nearest-rank p-th percentile (0 < p <= 100) of `values` (any order)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def quantiles(latencies):
    """The QUANTILES-point summary of raw latencies."""
    ordered = sorted(latencies)
    if not ordered:
        return []
    return [ordered[min(len(ordered) - 1, int(q * len(ordered)))] for q in QUANTILE_POINTS]


@dataclass
class Sample:
    """One timed run of one load generator against one URL set."""
    requests: int
    seconds: float
    errors: int = 0            # connect/read/timeout failures and non-2xx/3xx answers
    latency_ms: list = field(default_factory=list)   # QUANTILES points, ascending
    bytes: int = 0
    loadavg: float = None      # 1-minute load average when the run started

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self):
        return {"requests": self.requests, "seconds": round(self.seconds, 3), "errors": self.errors,
                "rps": round(self.rate, 1), "bytes": self.bytes, "loadavg": self.loadavg,
                **{f"p{p}_ms": _round(pooled_percentile([self], p)) for p in (50, 95, 99)}}


def pooled_percentile(samples, p):
    """The p-th percentile of all requests of `samples`, from their quantiles."""
    weighted = []
    for sample in samples:
        if sample.requests and sample.latency_ms:
            weight = sample.requests / len(sample.latency_ms)
            weighted.extend((value, weight) for value in sample.latency_ms)
    if not weighted:
        return None
    weighted.sort()
    total = sum(weight for _, weight in weighted)
    wanted = p / 100 * total
    running = 0.0
    for value, weight in weighted:
        running += weight
        if running >= wanted - 1e-9:
            return value
    return weighted[-1][0]


def pooled(samples):
    """Rounds of one target pooled: rate over their summed time, pooled percentiles."""
    requests = sum(s.requests for s in samples)
    seconds = sum(s.seconds for s in samples)
    rates = [s.rate for s in samples]
    return {
        "rps": round(requests / seconds, 1) if seconds else 0.0,
        "rps_rounds": [round(r, 1) for r in rates],
        "requests": requests,
        "errors": sum(s.errors for s in samples),
        "seconds": round(seconds, 2),
        **{f"p{p}_ms": _round(pooled_percentile(samples, p)) for p in (50, 95, 99)},
    }


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def _round(value):
    return None if value is None else round(value, 2)


def _cell(value, suffix=""):
    if value is None:
        return "–"
    if isinstance(value, float):
        value = f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return f"{value}{suffix}"


COLUMNS = ("workload", "ours req/s", "p50", "p95", "p99", "datasette req/s", "p50", "p95", "p99",
           "ours/ds", "ours/ceiling")


def table_rows(workloads):
    """Rows of strings for `format_table` from the results' `workloads` list."""
    rows = []
    for w in workloads:
        ours, theirs = w.get("ours") or {}, w.get("datasette") or {}
        rows.append([w["name"],
                     _cell(ours.get("rps")), _cell(ours.get("p50_ms")), _cell(ours.get("p95_ms")),
                     _cell(ours.get("p99_ms")),
                     _cell(theirs.get("rps")), _cell(theirs.get("p50_ms")), _cell(theirs.get("p95_ms")),
                     _cell(theirs.get("p99_ms")),
                     _cell(w.get("ours_over_datasette"), "×"), _cell(w.get("ours_over_ceiling"), "×")])
    return rows


def format_table(rows, header=COLUMNS):
    """A Markdown table, columns padded, numbers right-aligned (readable in a terminal too)."""
    rows = [list(map(str, header))] + [list(map(str, row)) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def line(row):
        cells = [cell.ljust(width) if i == 0 else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(row, widths))]
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" if i else ":" + "-" * (w + 1)
                          for i, w in enumerate(widths)) + "|"
    return "\n".join([line(rows[0]), rule, *map(line, rows[1:])])
