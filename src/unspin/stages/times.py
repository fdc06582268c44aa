"""Time expressions by rule, resolved against the publication date and never against the machine clock.

Absolute expressions ("September 27, 2020", "2020-09-27", "1991", "the late 1980s", "the 20th century")
resolve without help (anchor ``absolute``). Relative ones are resolved against ``doc.meta.published``
(anchor ``publication``); without a publication date they keep ``value=None`` (anchor ``unresolved``):

- a weekday ("on Sunday", "Monday morning") is the most recent such day not after the publication date (the
  publication day itself when the weekdays agree: "said Friday" in a Friday story); in a future-tense clause
  ("will meet on Sunday") the first one not before it; "last" / "next" Sunday never the publication day.
- a month and day without a year ("On March 1") is the such date nearest to publication, a later one counting
  twice as far; a future-tense clause takes the first one not before publication, a past form right before
  ("ended March 31", "resumed on") the last one not after it. A month alone ("in March", "late March")
  is chosen the same way among months. "early / mid / late" pick days 1-10, 11-20
  and 21-end of a month, January-April / May-August / September-December of a year, and the first four,
  middle three and last three years of a decade.
- "today", "yesterday", "last week" (the calendar week before), "the past two weeks" (the rolling
  period ending on the publication day), "two days ago", "earlier this month" count from the publication day.
- "now" / "currently" are the publication day; the vague "recently", "the past", "the future", "recent weeks"
  are found but keep ``value=None`` (TimeML's PAST_REF / FUTURE_REF have no ISO form).
- quarters and halves ("the third quarter", "third-quarter", "next year's first half") without a year are the
  latest such part begun by publication (future tense: the next one not over); "the latest quarter" is the
  last whole quarter before publication's. Values are month intervals ("2023-07/2023-09").
- "a year earlier", "the year-ago quarter" (and "a year ago" after a period in the same sentence) are the
  period mentioned last, a year before; with nothing mentioned before they keep ``value=None``.

Inside a quotation whose attribution names the day of the speech ("…,” X said on Sunday"), relative
expressions count from that day instead (anchor ``speech``); a quoted paragraph that opens without
attribution right after such a quote continues it and shares its day.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from unspin.annotations import TimeAnchor, TimeExpr, TimePrecision
from unspin.calendar_words import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    SEASONS,
    WEEKDAYS,
    add_months,
    month_end,
    part_of_month,
    part_of_year,
    part_of_years,
    season_of,
    week_of,
)
from unspin.cue_verbs import utterance_forms
from unspin.document import Document
from unspin.numbers import NUMBER_PATTERN, ORDINALS, parse_number
from unspin.quotation import find_quotations
from unspin.registry import stage
from unspin.spans import Span

# ---------------------------------------------------------------- patterns

_MONTH_FULL = "|".join(MONTHS)
_MONTH_ANY = "|".join(sorted([*MONTHS, *MONTH_ABBREVIATIONS], key=len, reverse=True))
_MONTH = rf"\b(?P<mon>{_MONTH_ANY})(?![a-z])\.?"
_WEEKDAY = "|".join(WEEKDAYS)
_YEAR = r"(?:1\d{3}|20\d{2})"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d,]\d)"
_PART = r"(?i:(?P<mod>early|mid|late)[\s-]+|(?:the\s+)?(?P<edge>beginning|start|middle|end)\s+of\s+)"
_NUMBER = NUMBER_PATTERN.pattern
_UNITS = r"(?P<unit>hours?|days?|weeks?|months?|years?|decades?)"

_TIME_PREPOSITIONS = frozenset("in since until till by from through during before after between circa".split())
"""Words that, before a bare year or month name, make it a time ("in 1991", "since March")."""
_DETERMINERS = frozenset("the its their this that last next".split())
"""Before a year from 1900 on, these make it a year even before a plural noun ("the 2020 elections")."""
_NAME_CONTINUERS = frozenset("On Last Next This By Since Until From Before After Early Late Every Each".split())
"""Capitalised words that may open a sentence before a weekday without making it part of a name."""
_UNIT_PRECISION: dict[str, TimePrecision] = {
    "hour": "day", "day": "day", "week": "week", "weekend": "week", "month": "month", "year": "year",
    "decade": "decade",
}  # fmt: skip
_FUTURE = re.compile(
    r"\b(?:will|shall|won[’']t|going\s+to|plans?\s+to|planning\s+to|scheduled\s+to|(?:is|are)\s+(?:set|due)\s+to|"
    r"intends?\s+to|upcoming|expected\s+to|would(?!\s+have\b))\b|\w[’']ll\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:,“”\"]|\b(?:that|which|but|while|when|because|although|whereas)\b", re.IGNORECASE)
_PAST_VERB = re.compile(
    r"(?:was|were|had|did|began|went|came|took|gave|made|met|left|fell|rose|won|lost|sent|held|since|"
    r"(?!(?:need|feed|speed|indeed|hundred|seed|proceed|exceed|succeed)$)[a-z]{2,}ed)"
)
_VERB_BEFORE = re.compile(r"([a-z]+)\s+(?:(?:on|in|by|at)\s+)?$")
"""A past form ("ended", "resumed", "took") or "since" right before a date puts it in the past ("ended March 31")."""
_WORD_BEFORE = re.compile(r"([A-Za-z’']+)\W*$")
_ADJACENT_WORD = re.compile(r"([A-Za-z’']+) $")
_WORD_AFTER = re.compile(r"\s*([A-Za-z’']+)")

# ---------------------------------------------------------------- resolution


@dataclass(frozen=True)
class _Resolved:
    value: str | None
    interval: tuple[str, str] | None
    precision: TimePrecision
    relative: bool


@dataclass(frozen=True)
class _Context:
    """What a relative expression is resolved against: a day, its clause's tense, the period mentioned before it.

    ``earlier`` is the first and last day of the last period the text resolved before this expression
    ("a year earlier" counts back from it); ``earlier_nearby`` says whether it was in the same sentence.
    """

    anchor: dt.date | None
    future: bool = False
    past: bool = False
    earlier: tuple[dt.date, dt.date] | None = None
    earlier_nearby: bool = False


def _period(first: dt.date, last: dt.date, precision: TimePrecision, *, relative: bool = False) -> _Resolved:
    """A resolved period, written in the most compact ISO 8601 form its bounds allow."""
    interval = (first.isoformat(), last.isoformat())
    return _Resolved(_iso(first, last, precision), interval, precision, relative)


def _iso(first: dt.date, last: dt.date, precision: TimePrecision) -> str:
    whole_years = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    whole_months = first.day == 1 and last == month_end(last.year, last.month)
    if first == last:
        return first.isoformat()
    if whole_years and first.year == last.year:
        return str(first.year)
    if whole_years and precision == "decade" and first.year % 10 == 0 and last.year == first.year + 9:
        return f"{first.year}s"
    if whole_months and (first.year, first.month) == (last.year, last.month):
        return first.isoformat()[:7]
    if precision == "week" and first.weekday() == 0 and last == first + dt.timedelta(days=6):
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}"
    if whole_years:
        return f"{first.year}/{last.year}"
    if whole_months:
        return f"{first.isoformat()[:7]}/{last.isoformat()[:7]}"
    return f"{first.isoformat()}/{last.isoformat()}"


def _day(day: dt.date, *, relative: bool = True) -> _Resolved:
    return _period(day, day, "day", relative=relative)


def _year(year: int, precision: TimePrecision = "year", *, relative: bool = False) -> _Resolved:
    return _period(dt.date(year, 1, 1), dt.date(year, 12, 31), precision, relative=relative)


def _month(year: int, month: int, part: str | None = None, *, relative: bool = False) -> _Resolved:
    if part:
        return _period(*part_of_month(year, month, part), "month", relative=relative)
    return _period(dt.date(year, month, 1), month_end(year, month), "month", relative=relative)


def _unresolved(precision: TimePrecision) -> _Resolved:
    return _Resolved(None, None, precision, relative=True)


def _shift(day: dt.date, count: int, unit: str) -> dt.date:
    """``day`` moved ``count`` units (day/week/month/year/decade; negative: back), clamped to month ends."""
    unit = unit.rstrip("s")
    if unit in ("hour", "day"):
        return day + dt.timedelta(days=count if unit == "day" else int(count / 24))  # "2 hours ago": the same day
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = add_months(day, months)
    return dt.date(year, month, min(day.day, month_end(year, month).day))


def _unit_period(day: dt.date, unit: str, *, relative: bool = True) -> _Resolved:
    """The calendar unit (day, week, month, year) holding ``day``."""
    unit = unit.rstrip("s")
    if unit in ("hour", "day"):
        return _day(day, relative=relative)
    if unit == "week":
        return _period(*week_of(day), "week", relative=relative)
    if unit == "month":
        return _month(day.year, day.month, relative=relative)
    return _year(day.year, "decade" if unit == "decade" else "year", relative=relative)


def _nearest(candidates: Iterator[dt.date], anchor: dt.date, *, future: bool, strict: bool) -> dt.date | None:
    """The candidate closest to ``anchor`` on the side the tense points to."""
    if future:
        after = [c for c in candidates if c > anchor or (c == anchor and not strict)]
        return min(after, default=None)
    before = [c for c in candidates if c < anchor or (c == anchor and not strict)]
    return max(before, default=None)


def _closest(candidates: Iterator[dt.date], anchor: dt.date, ctx: _Context) -> dt.date | None:
    """The candidate the clause's tense points to: after the anchor in the future, before it in the past, else
    the nearest one, a later one counting twice as far (news reports the past more than it announces)."""
    if ctx.future or ctx.past:
        return _nearest(candidates, anchor, future=ctx.future, strict=False)
    return min(candidates, key=lambda c: abs((c - anchor).days) * (2 if c > anchor else 1), default=None)


def _dates_in_years(anchor: dt.date, month: int, day: int) -> Iterator[dt.date]:
    for year in range(anchor.year - 4, anchor.year + 5):  # far enough to reach a 29 February
        try:
            yield dt.date(year, month, day)
        except ValueError:
            continue  # 29 February outside leap years


# ---------------------------------------------------------------- rules

Resolver = Callable[[re.Match[str], str, _Context], _Resolved | None]


@dataclass(frozen=True)
class _Rule:
    """A pattern and how its matches resolve; ``resolve`` returns None for a match that is not a time."""

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    needs: tuple[str, ...] = ()
    """Lower-case words one of which the text must hold for the pattern to be worth running."""


def _word_before(text: str, start: int) -> str:
    """The last word before ``start``, lower-cased, across punctuation."""
    found = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return found.group(1).lower() if found else ""


def _adjacent_word(text: str, start: int) -> str:
    """The word right before ``start`` with one space between, as written ("" when punctuation intervenes)."""
    found = _ADJACENT_WORD.search(text, max(0, start - 40), start)
    return found.group(1) if found else ""


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    return MONTHS.get(name) or MONTH_ABBREVIATIONS[name]


def _iso_date(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    try:
        return _day(dt.date(int(m["y"]), int(m["mo"]), int(m["d"])), relative=False)
    except ValueError:
        return None


def _month_day(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    month, day = _month_number(m["mon"]), int(m["d"])
    if not 1 <= day <= 31:
        return None
    if m["y"]:
        try:
            return _day(dt.date(int(m["y"]), month, day), relative=False)
        except ValueError:
            return None
    if day > month_end(2000, month).day:  # 2000 is a leap year: the longest each month gets
        return None
    if ctx.anchor is None:
        return _unresolved("day")
    found = _closest(_dates_in_years(ctx.anchor, month, day), ctx.anchor, ctx)
    return _day(found) if found else _unresolved("day")


def _month_alone(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    month = MONTHS[m["mon"]]
    part = m["mod"] or m["edge"]
    part = part.lower() if part else None
    relation = (m["rel"] or "").lower()
    if m["y"]:
        return _month(int(m["y"]), month, part)
    if not (part or relation or _word_before(text, m.start()) in _TIME_PREPOSITIONS | {"of"}):
        return None  # "May" the modal verb, "March" the walk, "Theresa May"
    if ctx.anchor is None:
        return _unresolved("month")
    candidates = (dt.date(year, month, 1) for year in range(ctx.anchor.year - 1, ctx.anchor.year + 2))
    this_month = ctx.anchor.replace(day=1)
    if relation == "this":
        found: dt.date | None = dt.date(ctx.anchor.year, month, 1)
    elif relation:
        found = _nearest(candidates, this_month, future=relation == "next", strict=True)
    else:
        found = _closest(candidates, this_month, ctx)
    return _month(found.year, month, part, relative=True) if found else _unresolved("month")


def _season(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    if not (m["rel"] or m["y"]):
        return None  # "spring" and "fall" alone are too often other words
    season = m["season"].lower()
    if m["y"]:
        return _period(*season_of(int(m["y"]), season), "season")
    if ctx.anchor is None:
        return _unresolved("season")
    relation, anchor = m["rel"].lower(), ctx.anchor
    seasons = [season_of(year, season) for year in range(anchor.year - 2, anchor.year + 2)]
    if relation in ("last", "past"):
        first, last = max((s for s in seasons if s[1] < anchor), key=lambda s: s[0])
    elif relation == "next" or (relation == "this" and ctx.future):
        first, last = min((s for s in seasons if s[0] > anchor), key=lambda s: s[0])
    else:  # "this summer": the one around the publication day, else the one in its year
        first, last = next((s for s in seasons if s[0] <= anchor <= s[1]), season_of(anchor.year, season))
    return _period(first, last, "season", relative=True)


def _decade_years(decade: str, part: str | None) -> tuple[int, int]:
    first = int(decade)
    return part_of_years(first, 10, part.lower()) if part else (first, first + 9)


def _decade(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    first, last = _decade_years(m["dec"], m["mod"])
    if m.groupdict().get("dec2"):
        first2, last2 = _decade_years(m["dec2"], m["mod2"])
        if first2 <= last or (m["conj"].lower() == "and" and first2 - last > 1):
            return None  # two separate periods ("the 1960s and 1980s"): each is found on its own
        last = last2
    return _period(dt.date(first, 1, 1), dt.date(last, 12, 31), "decade")


def _year_range(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    first, end = int(m["y1"]), m["y2"]
    last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
    if last <= first or (m["conj"] and m["conj"].lower() == "and" and (m["lead"] or "").lower() != "between"):
        return None
    if m["lead"] and m["lead"].lower() == "between" and (m["conj"] or "").lower() != "and":
        return None
    if not m["lead"] and _counts_something(text, m.end()):
        return None  # "1500 to 2000 people"
    return _period(dt.date(first, 1, 1), dt.date(last, 12, 31), "year")


def _year_alone(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    year = int(m["y"])
    part = m["mod"] or m["edge"]
    before = _word_before(text, m.start())
    possessive = text[max(0, m.start() - 3) : m.start()].rstrip() in ("’s", "'s")
    counts = year < 1900 or (before not in _DETERMINERS and _counts_something(text, m.end()))
    if counts and not (part or possessive or before in _TIME_PREPOSITIONS):
        return None  # "1991 people", "1500 troops": a number, not a year
    if part:
        return _period(*part_of_year(year, part.lower()), "year")
    return _year(year)


def _counts_something(text: str, end: int) -> bool:
    """Whether a plural noun follows position ``end`` ("1991 people", "2000 refugees")."""
    found = _WORD_AFTER.match(text[end : end + 30])
    if not found or not text[end : end + 1].isspace():
        return False
    word = found.group(1)
    return word.islower() and (
        word in ("people", "men", "women", "children", "police", "personnel")
        or (word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3)
    )


def _century(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    ordinal = m["ord"].lower()
    number = int(ordinal[:-2]) if ordinal[:1].isdigit() else ORDINALS[ordinal]
    first = (number - 1) * 100
    if first < 1 or first > 2100:
        return None
    part = m["mod"] or m["edge"]
    first_year, last_year = part_of_years(first, 100, part.lower()) if part else (first, first + 99)
    return _period(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), "century")


_DAY_OFFSETS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "yesterday": -1,
    "last night": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip


def _relative_day(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None:
        return _unresolved("day")
    return _day(ctx.anchor + dt.timedelta(days=_DAY_OFFSETS[" ".join(m.group().lower().split())]))


def _relative_unit(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    """Calendar units next to the anchor: "last week", "next year", "earlier this month", "last weekend"."""
    unit = m["unit"].lower()
    precision = _UNIT_PRECISION[unit]
    if ctx.anchor is None:
        return _unresolved(precision)
    relation = (m["rel"] or "this").lower()
    if unit == "weekend":
        return _weekend(ctx.anchor, relation, ctx.future)
    step = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[relation]
    current = _unit_period(_shift(ctx.anchor, step, unit), unit)
    if not m["when"] or current.interval is None:
        return current
    first, last = (dt.date.fromisoformat(day) for day in current.interval)
    if m["when"].lower() == "earlier":
        last = max(first, ctx.anchor - dt.timedelta(days=1))
    else:
        first = min(last, ctx.anchor + dt.timedelta(days=1))
    return _period(first, last, precision, relative=True)


_PRESENT = frozenset("now currently nowadays presently".split())


def _reference(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    """The present ("now", "currently": the anchor day itself), or the vague past and future ("recently",
    "the past", "the future", "in recent weeks"), which name no period and keep no value."""
    word = m.group().lower().split()[-1]
    if word not in _PRESENT:
        return _unresolved("unknown")
    return _day(ctx.anchor) if ctx.anchor else _unresolved("day")


_ORDINAL_PARTS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _quarter(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    """A quarter or half of a year: "the third quarter", "the 1988 third quarter", "next year's first half".

    Without a year it is the latest such part that has begun by the anchor (in the future tense: the next one
    not yet over); "the latest quarter" alone is the last whole quarter before the anchor's.
    """
    months = 3 if m["unit"].lower() == "quarter" else 6
    if not m["ord"] and (months == 6 or not (m["det"] or m["rel"] or m["y1"])):
        return None  # "half of the money", "a quarter of the votes"
    number = _ORDINAL_PARTS.get((m["ord"] or "").lower(), 12 // months if (m["ord"] or "").lower() == "last" else 0)
    year = m["y1"] or m["y2"]
    if year:
        first = dt.date(int(year), 1, 1)
    elif m["rel"]:
        if ctx.anchor is None:
            return _unresolved("month")
        first = dt.date(ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()], 1, 1)
    elif ctx.anchor is None:
        return _unresolved("month")
    else:
        current = dt.date(ctx.anchor.year, (ctx.anchor.month - 1) // months * months + 1, 1)
        if not number:  # "the latest quarter": the last one reported on
            start = dt.date(*add_months(current, -months), 1)
            return _period(start, month_end(*add_months(start, months - 1)), "month", relative=True)
        starts = [dt.date(y, (number - 1) * months + 1, 1) for y in (current.year - 1, current.year, current.year + 1)]
        found = _nearest(iter(starts), current, future=ctx.future, strict=False)
        assert found is not None
        return _period(found, month_end(*add_months(found, months - 1)), "month", relative=True)
    if not number:
        return None
    start = dt.date(first.year, (number - 1) * months + 1, 1)
    return _period(start, month_end(*add_months(start, months - 1)), "month", relative=not year)


def _year_earlier(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    """The period a year before the one mentioned last ("profit rose in the third quarter from a year earlier")."""
    if ctx.earlier is None:
        return _unresolved("unknown")
    first, last = ctx.earlier
    start = dt.date(*add_months(first, -12), 1) if first.day == 1 else _shift(first, -1, "year")
    end = month_end(*add_months(last, -12)) if last == month_end(last.year, last.month) else _shift(last, -1, "year")
    precision: TimePrecision = "day" if first == last else "year" if (end - start).days > 300 else "month"
    return _period(start, end, precision, relative=True)


def _weekend(anchor: dt.date, relation: str, future: bool) -> _Resolved:
    saturdays = _weekdays_near(anchor, WEEKDAYS["Saturday"])
    forward = relation in ("next", "coming") or (relation == "this" and future)
    saturday = _nearest(saturdays, anchor, future=forward, strict=relation != "this")
    assert saturday is not None  # a Saturday always falls within a week either side
    return _period(saturday, saturday + dt.timedelta(days=1), "week", relative=True)


def _weekdays_near(anchor: dt.date, weekday: int) -> Iterator[dt.date]:
    """The days with weekday ``weekday`` within a week either side of ``anchor`` (both ends included)."""
    for offset in range(-7, 8):
        if (anchor.weekday() + offset) % 7 == weekday:
            yield anchor + dt.timedelta(days=offset)


def _ago(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    count = 1.0 if m["n"].lower() in ("a", "an") else parse_number(m["n"])
    if count is None or count != int(count):
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "year" and count == 1 and ctx.earlier_nearby and ctx.earlier is not None:
        return _year_earlier(m, text, ctx)  # "profit rose in the quarter from a year ago": that quarter
    if ctx.anchor is None:
        return _unresolved(_UNIT_PRECISION[unit])
    return _unit_period(_shift(ctx.anchor, -int(count), unit), unit)


def _rolling(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    """A period ending or starting at the anchor: "the past two weeks", "the last 24 hours", "the next six months".

    Without a number only the past counts from the anchor: "the next day" follows the story, not the publication.
    """
    count = parse_number(m["n"]) if m["n"] else 1.0
    unit = m["unit"].lower()
    forward = m["rel"].lower() in ("next", "coming")
    if count is None or count != int(count) or (m["n"] is None and (unit.endswith("s") or forward)):
        return None
    singular = unit.rstrip("s")
    precision = _UNIT_PRECISION[singular]
    if ctx.anchor is None:
        return _unresolved(precision)
    if not forward:
        first, last = _shift(ctx.anchor, -int(count), singular), ctx.anchor
    else:
        first, last = ctx.anchor, _shift(ctx.anchor, int(count), singular)
    return _period(first, last, precision, relative=True)


def _weekday(m: re.Match[str], text: str, ctx: _Context) -> _Resolved | None:
    before = _adjacent_word(text, m.start())
    if not (m["rel"] or m["part"]) and before[:1].isupper() and before not in _NAME_CONTINUERS:
        return None  # "Bloody Sunday", "The Sunday Times"
    after = _WORD_AFTER.match(text[m.end() : m.end() + 20])
    after_word = after.group(1) if after and text[m.end() : m.end() + 1] == " " else ""
    if after_word[:1].isupper() and after_word not in MONTHS and before.lower() not in _TIME_PREPOSITIONS | {"on"}:
        return None  # "Sunday Times", but not "on Sunday President X said"
    if ctx.anchor is None:
        return _unresolved("day")
    weekday = WEEKDAYS[m["wd"]]
    relation = (m["rel"] or "").lower()
    days = _weekdays_near(ctx.anchor, weekday)
    future = relation in ("next", "coming") or (relation != "last" and ctx.future)
    found = _nearest(days, ctx.anchor, future=future, strict=relation in ("last", "next"))
    return _day(found) if found else _unresolved("day")


_RULES: tuple[_Rule, ...] = (
    _Rule("iso_date", re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b"), _iso_date),
    _Rule(
        "month_day",
        re.compile(rf"\b(?:(?:{_WEEKDAY}),?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+(?P<y>{_YEAR})\b)?"),
        _month_day,
    ),
    _Rule(
        "day_month",
        re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<y>{_YEAR})\b)?"),
        _month_day,
    ),
    _Rule(
        "month",
        re.compile(
            rf"\b(?:{_PART}|(?i:(?P<rel>last|next|this))\s+)?\b(?P<mon>{_MONTH_FULL})\b(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})\b)?"
        ),
        _month_alone,
    ),
    _Rule(
        "season",
        re.compile(
            rf"\b(?i:(?P<rel>last|this|next|past)\s+)?\b(?P<season>(?i:{'|'.join(SEASONS)}))\b(?:\s+(?:of\s+)?(?P<y>{_YEAR})\b)?"
        ),
        _season,
        needs=tuple(SEASONS),
    ),
    _Rule(
        "decade",
        re.compile(
            r"\b(?:(?i:(?P<mod>early|mid|late))[\s-]+)?\b(?P<dec>1\d{2}0|20\d0)s\b"
            r"(?:\s*(?P<conj>(?i:and|to|through|until|into)|[-–—])\s*(?:the\s+)?"
            r"(?:\b(?i:(?P<mod2>early|mid|late))[\s-]+)?\b(?P<dec2>1\d{2}0|20\d0)s\b)?"
        ),
        _decade,
    ),
    _Rule(
        "decade_alone",
        re.compile(r"\b(?:(?i:(?P<mod>early|mid|late))[\s-]+)?\b(?P<dec>1\d{2}0|20\d0)s\b"),
        _decade,
    ),
    _Rule(
        "year_range",
        re.compile(
            rf"\b(?:(?P<lead>(?i:from|between))\s+)?\b(?P<y1>{_YEAR})\s*"
            rf"(?:(?P<conj>(?i:to|and|until|till|through))\s+|[-–—]\s*)(?P<y2>{_YEAR}|\d{{2}})\b(?![.,]?\d)"
        ),
        _year_range,
    ),
    _Rule(
        "year",
        re.compile(rf"\b(?<![$£€#,./:-])(?:{_PART})?(?P<y>{_YEAR})(?![.,:/]?\d|\w|%|-\w)"),
        _year_alone,
    ),
    _Rule(
        "century",
        re.compile(
            rf"\b(?:{_PART})?\b(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{'|'.join(ORDINALS)})[\s-]+century\b", re.IGNORECASE
        ),
        _century,
        needs=("century",),
    ),
    _Rule(
        "relative_day",
        re.compile(
            r"\b(?:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night|"
            r"the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))\b",
            re.IGNORECASE,
        ),
        _relative_day,
    ),
    _Rule(
        "relative_unit",
        re.compile(
            r"\b(?:(?P<when>earlier|later)\s+this|(?P<rel>last|this|next|previous|coming))\s+(?P<unit>week|weekend|month|year)\b",
            re.IGNORECASE,
        ),
        _relative_unit,
    ),
    _Rule(
        "ago",
        re.compile(rf"\b(?P<n>{_NUMBER}|an?\b)\s+{_UNITS}\s+ago\b", re.IGNORECASE),
        _ago,
        needs=(" ago",),
    ),
    _Rule(
        "rolling",
        re.compile(
            rf"\bthe\s+(?P<rel>past|last|previous|next|coming)\s+(?:(?P<n>{_NUMBER})\s+)?{_UNITS}\b", re.IGNORECASE
        ),
        _rolling,
    ),
    _Rule(
        "reference",
        re.compile(
            r"\b(?:(?:right\s+)?now|currently|nowadays|presently|(?:more\s+)?recently|the\s+(?:past|future)"
            r"(?!\s+(?:\d|(?:few|several|two|three|four|five|six|seven|eight|nine|ten)\b))|"
            r"recent\s+(?:days|weeks|months|years))\b",
            re.IGNORECASE,
        ),
        _reference,
    ),
    _Rule(
        "quarter",
        re.compile(
            rf"\b(?:(?P<det>the|its|their)\s+)?(?:(?P<y1>{_YEAR})\s+|(?P<rel>this|last|next)\s+year[’']s\s+)?"
            r"(?:(?:latest|current|fiscal|same)[\s-]+)*(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last)[\s-]+)?"
            rf"(?P<unit>quarter|half)\b(?:\s+of\s+(?:fiscal\s+)?(?P<y2>{_YEAR})\b)?",
            re.IGNORECASE,
        ),
        _quarter,
        needs=("quarter", "half"),
    ),
    _Rule(
        "year_earlier",
        re.compile(
            r"\b(?:a\s+year\s+(?:earlier|before)|(?:the\s+(?:comparable\s+)?)?year[\s-](?:earlier|ago)"
            r"(?:\s+(?:quarter|period))?)\b",
            re.IGNORECASE,
        ),
        _year_earlier,
        needs=("year",),
    ),
    _Rule(
        "weekday",
        re.compile(
            rf"\b(?:(?i:(?P<rel>last|next|this|coming)|(?P<part>early|late|earlier|later|noon|midnight))\s+)?"
            rf"\b(?P<wd>{_WEEKDAY})\b(?:\s+(?:morning|afternoon|evening|night)\b)?"
        ),
        _weekday,
    ),
)


# ---------------------------------------------------------------- finding


@dataclass(frozen=True)
class _Found:
    span: Span
    rule: _Rule
    match: re.Match[str]


def _candidates(text: str) -> list[_Found]:
    """Every rule's matches that are times at all, longest first where they overlap."""
    found: list[_Found] = []
    lower = text.lower()
    for rule in _RULES:
        if rule.needs and not any(word in lower for word in rule.needs):
            continue
        for match in rule.pattern.finditer(text):
            if match.end() > match.start() and rule.resolve(match, text, _Context(None)) is not None:
                found.append(_Found(Span(match.start(), match.end()), rule, match))
    found.sort(key=lambda f: (-len(f.span), f.span.start))
    chosen: list[_Found] = []
    for candidate in found:
        if not any(candidate.span.overlaps(other.span) for other in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda f: f.span.start)


def time_spans(text: str) -> list[Span]:
    """Where the rules find time expressions: numbers inside them are dates, not quantities."""
    return [found.span for found in _candidates(text)]


class _Sentences:
    """Sentence bounds for a position (the whole paragraph when no sentence layer covers it)."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.spans = sorted(s.span for s in doc.layer("sentences"))
        self.starts = [s.start for s in self.spans]

    def around(self, position: int) -> Span:
        index = bisect.bisect_right(self.starts, position) - 1
        if index >= 0 and self.spans[index].start <= position < self.spans[index].end:
            return self.spans[index]
        start = self.text.rfind("\n", 0, position) + 1
        end = self.text.find("\n", position)
        return Span(start, len(self.text) if end < 0 else end)


def _context(text: str, sentence: Span, span: Span, anchor: dt.date | None) -> _Context:
    """The tense of the clause holding ``span``, and whether its sentence names the anchor day itself.

    A comma right after a fronted expression does not end its clause: "On Sunday, the ministers will meet".
    """
    left, right = sentence.start, sentence.end
    for brk in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if brk.end() <= span.start:
            left = brk.end()
            continue
        fronted = len(text[left : span.start].split()) <= 2 and not text[span.end : brk.start()].strip()
        if brk.start() >= span.end and not (brk.group() == "," and fronted):
            right = brk.start()
            break
    reported = _word_before(text, span.start) in utterance_forms() or any(
        word.lower() in utterance_forms() for word in text[max(left, span.start - 12) : span.start].split()
    )
    future = not reported and bool(_FUTURE.search(text, left, right))
    verb = _VERB_BEFORE.search(text, max(0, span.start - 40), span.start)
    past = not future and verb is not None and bool(_PAST_VERB.fullmatch(verb.group(1)))
    return _Context(anchor, future, past)


def _speech_days(text: str, sentences: _Sentences, dated: list[tuple[Span, _Resolved]]) -> list[tuple[Span, dt.date]]:
    """Quotations whose attribution names the day they were spoken, with that day."""
    quotes = [q for q in find_quotations(text) if q.depth == 0 and q.words(text) >= 4]
    days: list[tuple[Span, dt.date]] = []
    previous: tuple[Span, dt.date | None] | None = None
    for quote in quotes:
        day = _attribution_day(text, sentences, quote.span, dated)
        if day is None and previous is not None and previous[1] is not None:
            between = text[previous[0].end : quote.span.start]
            if between.count("\n") == 1 and not between.split("\n")[-1].strip():
                day = previous[1]  # a quoted paragraph that continues the quote before it
        if day is not None:
            days.append((quote.inner, day))
        previous = (quote.span, day)
    return days


def _attribution_day(
    text: str, sentences: _Sentences, quote: Span, dated: list[tuple[Span, _Resolved]]
) -> dt.date | None:
    """The day named in the reporting clause right after (or else right before) a quotation."""
    after = Span(quote.end, max(quote.end, sentences.around(max(quote.start, quote.end - 1)).end))
    before = Span(sentences.around(quote.start).start, quote.start)
    for stretch in (after, before):
        words = {w.strip(",.;").lower() for w in stretch.of(text).split()}
        if not words & utterance_forms():
            continue
        for span, resolved in dated:
            interval = resolved.interval
            if stretch.contains(span) and interval is not None and interval[0] == interval[1]:
                return dt.date.fromisoformat(interval[0])
    return None


def find_times(doc: Document) -> Iterator[TimeExpr]:
    """Every time expression of ``doc``, resolved as the module docstring describes."""
    text = doc.text
    published = doc.meta.published
    if isinstance(published, dt.datetime):
        published = published.date()
    sentences = _Sentences(doc)
    resolved: list[tuple[_Found, _Resolved, TimeAnchor]] = []
    contexts: list[_Context] = []
    earlier: tuple[dt.date, dt.date] | None = None
    earlier_sentence: Span | None = None
    for found in _candidates(text):
        sentence = sentences.around(found.span.start)
        ctx = replace(
            _context(text, sentence, found.span, published),
            earlier=earlier,
            earlier_nearby=earlier_sentence == sentence,
        )
        result = found.rule.resolve(found.match, text, ctx) or _unresolved("unknown")
        anchor: TimeAnchor = "absolute" if not result.relative else "publication" if result.value else "unresolved"
        resolved.append((found, result, anchor))
        contexts.append(ctx)
        if result.interval is not None:
            earlier = (dt.date.fromisoformat(result.interval[0]), dt.date.fromisoformat(result.interval[1]))
            earlier_sentence = sentence
    speech = _speech_days(text, sentences, [(f.span, r) for f, r, a in resolved if a == "publication"])
    for index, (found, result, _) in enumerate(resolved):
        if not result.relative:
            continue
        day = next((d for inner, d in speech if inner.contains(found.span)), None)
        if day is not None:
            ctx = replace(contexts[index], anchor=day)
            resolved[index] = (found, found.rule.resolve(found.match, text, ctx) or result, "speech")
    for number, (found, result, anchor) in enumerate(resolved, start=1):
        yield TimeExpr(f"t{number}", found.span, result.value, result.interval, result.precision, anchor)


@stage("times.rules.v1", produces="times", requires=("sentences",))
def rule_times() -> Callable[[Document], Iterator[TimeExpr]]:
    """Dates, weekdays, months, years, decades and relative expressions, resolved against the publication date."""
    return find_times
