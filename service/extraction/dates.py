"""Dates known to a precision: 2017-01 (a month) holds every day of January 2017."""
from __future__ import annotations

import datetime

PRECISIONS = ("day", "month", "year")


def period(day: datetime.date, precision: str | None) -> tuple[datetime.date, datetime.date]:
    """[first, last]: the days a date known to `precision` (default day) may mean."""
    precision = precision or "day"
    if precision == "year":
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    if precision == "month":
        following = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return datetime.date(day.year, day.month, 1), following - datetime.timedelta(days=1)
    return day, day


def may_be_the_same_day(first, first_precision, second, second_precision) -> bool:
    """Whether two dates may name the same day, given how precisely each is known."""
    coarsest = max((first_precision or "day", second_precision or "day"), key=PRECISIONS.index)
    return period(first, coarsest) == period(second, coarsest)
