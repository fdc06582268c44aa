"""Publication dates as written in metadata, corpora and feeds, parsed into a calendar date.

The date is taken as written (a datetime's own calendar day, not converted to UTC): relative times in
the article ("on Monday") are resolved against the day the outlet itself printed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from unspin.errors import InputError

ACCEPTED_FORMATS = (
    "2023-05-31",
    "2023-05-31T10:00:00Z",
    "31 May 2023",
    "May 31, 2023",
    "Wed, 31 May 2023 10:00:00 +0000",
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,5}|[+-]\d{2}:?\d{2})?)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMERIC = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_DAY_MONTH_YEAR = re.compile(
    rf"{_WEEKDAY}(?P<day>\d{{1,2}}){_ORDINAL}\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{{4}}){_TIME}", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"{_WEEKDAY}(?P<month>[a-z]+)\.?\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}}){_TIME}", re.I
)


def parse_published(value: str | dt.date) -> dt.date:
    """The calendar date of ``value``; :class:`InputError` (``bad_published``) when it cannot be read."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    date = _iso(text) or _rfc2822(text) or _written(text)
    if date is None:
        raise InputError(
            f"Cannot read the publication date {value!r}.",
            fix=f"Give it in one of these forms: {'; '.join(ACCEPTED_FORMATS)}.",
            code="bad_published",
        )
    return date


def _iso(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = _NUMERIC.fullmatch(text)
    return _checked(match.group(1), match.group(2), match.group(3)) if match else None


def _rfc2822(text: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _written(text: str) -> dt.date | None:
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.fullmatch(text)
        if match and match["month"].lower() in _MONTHS:
            return _checked(match["year"], str(_MONTHS[match["month"].lower()]), match["day"])
    return None


def _checked(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
