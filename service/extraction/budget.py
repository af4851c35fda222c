"""The work one extraction may do: past it, a 422 that names the limit, never a held worker.

Every step of the pipeline is linear in the body (bounded windows, one pass,
lexicons loaded once), so the cost of a request is bounded by the size of
what it reads. Two limits make that bound explicit:

- `EXTRACT_MAX_CHARS` characters of body (default 100,000: three times the
  longest seed report, ten times the longest of the 10,091 corpus reports).
  A longer body is refused before any work, so a 2 MB body answers at once.
- `EXTRACT_MAX_SECONDS` of work (default 5): checked between sentences and
  meeting words, a safety net for any path slower than measured.

Both can be lowered (or raised) in the app's config, which the API route
passes in; the CLI over a corpus file and the benchmark use the defaults.
"""
from __future__ import annotations

import time

from ..errors import OverBudget

MAX_CHARS = 100_000
MAX_SECONDS = 5.0
TICKS = 512              # units of work between two looks at the clock


class BudgetExceeded(OverBudget):
    """An article too long, or too slow, to extract from (the HTTP layer's 422)."""

    def __init__(self, limit: str, detail: str):
        super().__init__(f"{detail} (limit {limit}). Extraction was not attempted on the rest; "
                         "split the article or raise the limit.", limit=limit)
        self.limit = limit


class Budget:
    """One request's allowance, checked as the pipeline goes."""

    def __init__(self, max_chars: int | None = None, max_seconds: float | None = None):
        self.max_chars = MAX_CHARS if max_chars is None else int(max_chars)
        self.max_seconds = MAX_SECONDS if max_seconds is None else float(max_seconds)
        self.deadline = time.monotonic() + self.max_seconds
        self._ticks = 0

    def check_body(self, body: str):
        if len(body) > self.max_chars:
            raise BudgetExceeded(f"EXTRACT_MAX_CHARS = {self.max_chars:,} characters",
                                 f"The article body has {len(body):,} characters")

    def tick(self):
        """Called once per unit of work (a token): every TICKS, check the time and yield the GIL,
        so other threads of the worker (/healthz) run while a long article is read."""
        self._ticks += 1
        if self._ticks % TICKS == 0:
            time.sleep(0)
            self.check_time()

    def check_time(self):
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"EXTRACT_MAX_SECONDS = {self.max_seconds:g} s",
                                 "Extraction took longer than its time budget")
