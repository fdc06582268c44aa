"""The ``timeml`` suite: the times layer against gold TIMEX3 (TimeBank / AQUAINT, TempEval-3 format).

Each ``.tml`` file's text is the content of its ``<TEXT>`` element with the tags stripped (offsets are
into that text); its publication date is the value of the TIMEX3 with ``functionInDocument=
"CREATION_TIME"``. Gold TIMEX3 of type DATE and TIME are scored; DURATION and SET are not what the times
layer resolves, so they get their own section (recall only) and a prediction overlapping one of them is
neither credited nor counted against precision.

Sections (TempEval-3's measures):

* ``strict``: exact span match. ``relaxed``: overlapping spans.
* ``value``: a relaxed match whose value is right (:func:`same_value`); precision over predictions,
  recall over gold; ``value_accuracy`` is the share of relaxed-matched gold expressions with the right value.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from unspin.annotations import TimeExpr
from unspin.document import Document, Meta
from unspin.errors import InputError
from unspin.evaluate.scoring import EvalReport, Score
from unspin.pipeline import Pipeline
from unspin.spans import Span

SCORED_TYPES = frozenset({"DATE", "TIME"})
REFERENCES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(r'([A-Za-z_:]+)="([^"]*)"')
_TEXT_ELEMENT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_CREATION = re.compile(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>")

Period = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Timex:
    span: Span
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True)
class TimeMLDoc:
    id: str
    text: str
    creation: dt.date | None
    timexes: tuple[Timex, ...] = field(default=())


def read_tml(path: Path) -> TimeMLDoc:
    """One TimeML file: its TEXT content without tags, its creation date and its TIMEX3 spans."""
    raw = path.read_text(encoding="utf-8")
    body = _TEXT_ELEMENT.search(raw)
    if body is None:
        raise InputError(f"{path} has no <TEXT> element.", fix="Pass TimeML (.tml) files.")
    creation_tag = _CREATION.search(raw)
    creation = _creation_date(dict(_ATTRIBUTE.findall(creation_tag.group()))) if creation_tag else None
    text, timexes = _strip_tags(body.group(1))
    return TimeMLDoc(path.stem, text, creation, tuple(timexes))


def _creation_date(attributes: dict[str, str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(attributes.get("value", "")[:10])
    except ValueError:
        return None


def _strip_tags(markup: str) -> tuple[str, list[Timex]]:
    pieces: list[str] = []
    length = 0
    open_timexes: list[tuple[int, dict[str, str]]] = []
    timexes: list[Timex] = []
    position = 0
    for tag in _TAG.finditer(markup):
        piece = html.unescape(markup[position : tag.start()])
        pieces.append(piece)
        length += len(piece)
        position = tag.end()
        closing, name, attributes, empty = tag.groups()
        if name != "TIMEX3" or empty:
            continue
        if not closing:
            open_timexes.append((length, dict(_ATTRIBUTE.findall(attributes))))
        elif open_timexes:
            start, found = open_timexes.pop()
            timexes.append(Timex(Span(start, length), found.get("type", ""), found.get("value", ""), found.get("mod")))
    pieces.append(html.unescape(markup[position:]))
    return "".join(pieces), timexes


def read_corpus(data: Path) -> list[TimeMLDoc]:
    """A .tml file, or every .tml file under a folder (sorted by path)."""
    paths = [data] if data.is_file() else sorted(data.rglob("*.tml"))
    if not paths:
        raise InputError(f"No .tml files under {data}.", fix="Point --data at TBAQ-cleaned or a folder of .tml.")
    return [read_tml(path) for path in paths]


# ------------------------------------------------------------------------------------------- values


def unspecified_part(value: str) -> str | None:
    """The known part of a value whose last parts are unknown: "1998-10-XX" -> "1998-10", "1989-WXX" -> "1989"."""
    known = re.sub(r"(?:-(?:XX|WXX|QX|X))+$", "", value.split("T", 1)[0])
    return known if known != value.split("T", 1)[0] and known else None


def period(value: str) -> Period | str | None:
    """The days a TIMEX3 value denotes, a reference token (``PRESENT_REF``...), or None when unresolved.

    Handles YYYY, YYYY-MM, YYYY-MM-DD (a time of day, ``T...``, is dropped: compared at day level),
    YYYY-Www, YYYY-Qn, YYYY-Hn, seasons YYYY-SP/SU/FA/WI, decades "199" / "199X", centuries "19" / "19XX",
    and "A/B" intervals of those. Values with unknown digits ("XXXX-10-15") are unresolved.
    """
    if value in REFERENCES:
        return value
    if "/" in value:
        first, last = (period(part) for part in value.split("/", 1))
        if isinstance(first, tuple) and isinstance(last, tuple):
            return first[0], last[1]
        return None
    value = value.split("T", 1)[0]
    return _calendar_period(value)


def _calendar_period(value: str) -> Period | None:
    try:
        if m := re.fullmatch(r"(\d{2})(?:XX)?", value):
            century = int(m.group(1)) * 100
            return dt.date(century, 1, 1), dt.date(century + 99, 12, 31)
        if m := re.fullmatch(r"(\d{3})X?", value):
            decade = int(m.group(1)) * 10
            return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31)
        if m := re.fullmatch(r"\d{4}", value):
            year = int(value)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return _months(int(m.group(1)), int(m.group(2)), 1)
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return day, day
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", value):
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            if value.endswith("-WE"):
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q(\d)", value):
            return _months(int(m.group(1)), 3 * int(m.group(2)) - 2, 3)
        if m := re.fullmatch(r"(\d{4})-H(\d)", value):
            return _months(int(m.group(1)), 6 * int(m.group(2)) - 5, 6)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m.group(2)]
            return _months(int(m.group(1)), first_month, 3)
        if m := re.fullmatch(r"(\d{4})-W(\d{1,2})", value):
            return _calendar_period(f"{m.group(1)}-W{int(m.group(2)):02d}")
    except ValueError:
        return None
    return None


def _months(year: int, first: int, count: int) -> Period:
    end_year, end_month = divmod(first - 1 + count, 12)
    after = dt.date(year + end_year, end_month + 1, 1)
    return dt.date(year, first, 1), after - dt.timedelta(days=1)


def predicted_period(time: TimeExpr) -> Period | str | None:
    """What one of our time expressions denotes: its interval when it has one, else its value."""
    if time.interval is not None:
        try:
            return dt.date.fromisoformat(time.interval[0]), dt.date.fromisoformat(time.interval[1])
        except ValueError:
            pass
    return period(time.value) if time.value else None


def same_value(gold: Timex, time: TimeExpr, creation: dt.date | None) -> bool:
    """Whether our time denotes the gold value's period.

    Equal periods match (gold "1998-W06" = our "1998-02-02/1998-02-08"; "199" = our "1990s"). When the gold
    carries a ``mod`` ("early", "late", START, END...), our period only has to lie inside the gold one.
    PRESENT_REF matches our PRESENT_REF or the creation day itself; PAST_REF and FUTURE_REF match only
    themselves. Unresolved gold values ("XXXX-10-15") match only the identical string.
    A gold value with unknown last parts ("1998-10-XX": some day of October 1998) is treated like a ``mod``:
    our period has to lie inside the known part.
    """
    known = unspecified_part(gold.value)
    theirs = period(known or gold.value)
    ours = predicted_period(time)
    if theirs is None:
        return time.value == gold.value
    if isinstance(theirs, str):
        if ours == theirs:
            return True
        return theirs == "PRESENT_REF" and creation is not None and ours == (creation, creation)
    if not isinstance(ours, tuple):
        return False
    if gold.mod or known:
        return theirs[0] <= ours[0] and ours[1] <= theirs[1]
    return ours == theirs


# ------------------------------------------------------------------------------------------ scoring


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    """The timeml suite over a .tml file or every .tml file under a folder."""
    return score_documents(read_corpus(data), pipeline, str(data))


def score_documents(documents: Iterable[TimeMLDoc], pipeline: Pipeline, data: str = "") -> EvalReport:
    """Run the pipeline on each document and score its times layer against the gold TIMEX3."""
    strict, relaxed, value, other = Score(), Score(), Score(), Score()
    value_checked = value_right = 0
    for document in documents:
        doc = pipeline(Document(document.id, document.text, Meta(published=document.creation)))
        times: tuple[TimeExpr, ...] = doc.layer("times")
        gold = [g for g in document.timexes if g.type in SCORED_TYPES]
        others = [g for g in document.timexes if g.type not in SCORED_TYPES]
        scored = [t for t in times if any(t.mention.overlaps(g.span) for g in gold) or not _touches(t, others)]
        other.gold_total += len(others)
        other.true_positives += sum(any(t.mention.overlaps(g.span) for t in times) for g in others)
        for score in (strict, relaxed, value):
            score.gold_total += len(gold)
            score.predicted_total += len(scored)
        strict.true_positives += sum(any(t.mention == g.span for t in scored) for g in gold)
        strict.predicted_correct += sum(any(t.mention == g.span for g in gold) for t in scored)
        relaxed.true_positives += sum(any(t.mention.overlaps(g.span) for t in scored) for g in gold)
        relaxed.predicted_correct += sum(any(t.mention.overlaps(g.span) for g in gold) for t in scored)
        for g in gold:
            overlapping = [t for t in scored if t.mention.overlaps(g.span)]
            if not overlapping:
                relaxed.misses.append(f"{document.id}: {g.span.of(document.text)!r} {g.value}")
                continue
            best = max(overlapping, key=lambda t: _overlap(t.mention, g.span))
            right = same_value(g, best, document.creation)
            value_checked += 1
            value_right += right
            value.true_positives += right
            if not right:
                value.misses.append(f"{document.id}: {g.span.of(document.text)!r} want {g.value}, got {best.value}")
        value.predicted_correct += sum(
            any(t.mention.overlaps(g.span) and same_value(g, t, document.creation) for g in gold) for t in scored
        )
    value.extra = {"value_accuracy": round(value_right / value_checked, 4) if value_checked else 0.0}
    sections = {"strict": strict, "relaxed": relaxed, "value": value, "durations_sets": other}
    return EvalReport("timeml", data, sections)


def _touches(time: TimeExpr, timexes: list[Timex]) -> bool:
    return any(time.mention.overlaps(g.span) for g in timexes)


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)
