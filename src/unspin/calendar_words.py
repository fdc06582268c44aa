"""Calendar vocabulary and date arithmetic: month and weekday names, seasons, parts of a period.

Only names and pure functions of dates live here; nothing reads the machine clock.
"""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS: dict[str, int] = {name: number for number, name in enumerate(calendar.month_name) if name}
"""Full month names, capitalised as news text writes them."""

MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10,
    "Nov": 11, "Dec": 12,
}  # fmt: skip
"""Abbreviations; they only name a month beside a day or a year ("Sept. 27"), never alone."""

WEEKDAYS: dict[str, int] = {name: number for number, name in enumerate(calendar.day_name)}
"""Weekday names (Monday = 0, as :meth:`datetime.date.weekday` counts)."""

SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
}  # fmt: skip
"""First and last month of each season (northern hemisphere, meteorological); winter runs into the next year."""

PARTS: dict[str, str] = {
    "early": "early", "beginning": "early", "start": "early",
    "mid": "mid", "middle": "mid",
    "late": "late", "end": "late",
}  # fmt: skip
"""Words that pick a part of a period, and the part they pick."""

_SPAN_PARTS: dict[str, tuple[float, float]] = {"early": (0.0, 0.4), "mid": (0.4, 0.7), "late": (0.7, 1.0)}


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> tuple[int, int]:
    """The (year, month) ``months`` months after the month of ``day`` (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def part_of_month(year: int, month: int, part: str) -> tuple[dt.date, dt.date]:
    """Days 1-10, 11-20 or 21-end for early / mid / late."""
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[PARTS[part]]
    return dt.date(year, month, first_day), dt.date(year, month, last_day)


def part_of_years(first_year: int, span: int, part: str) -> tuple[int, int]:
    """The years of a part of a span of years: the early 1990s -> 1990-1993, the late 1980s -> 1987-1989."""
    low, high = _SPAN_PARTS[PARTS[part]]
    return first_year + round(span * low), first_year + round(span * high) - 1


def part_of_year(year: int, part: str) -> tuple[dt.date, dt.date]:
    """Early 2020 -> January-April, mid-2020 -> May-August, late 2020 -> September-December."""
    first_month, last_month = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[PARTS[part]]
    return dt.date(year, first_month, 1), month_end(year, last_month)


def season_of(year: int, season: str) -> tuple[dt.date, dt.date]:
    """First and last day of a season; the winter of 2020 runs from December 2020 to February 2021."""
    first, last = SEASONS[season]
    return dt.date(year, first, 1), month_end(year + (last < first), last)
