"""The timeml suite on a hand-written .tml file, where the right figures are known by construction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import SHARED
from unspin.annotations import TimeExpr
from unspin.document import Document
from unspin.evaluate.timeml import Timex, period, read_corpus, read_tml, same_value, score_documents
from unspin.spans import Span

TIMEBANK = SHARED / "data" / "timebank" / "TBAQ-cleaned"

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" functionInDocument="CREATION_TIME">02/06/1998</TIMEX3></DCT>
<TEXT>
Prices <EVENT eid="e1" class="OCCURRENCE">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-05">yesterday\
</TIMEX3> after a <TIMEX3 tid="t2" type="DURATION" value="P1W">week</TIMEX3> of gains &amp; losses in \
<TIMEX3 tid="t3" type="DATE" value="1998-W05">last week</TIMEX3>'s trading, the worst since the \
<TIMEX3 tid="t4" type="DATE" value="199">1990s</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def document(tmp_path: Path):
    path = tmp_path / "T1.tml"
    path.write_text(TML, encoding="utf-8")
    return read_tml(path)


def test_reads_text_without_tags(document):
    assert document.creation == dt.date(1998, 2, 6)
    assert "<" not in document.text and "gains & losses" in document.text
    assert [(g.span.of(document.text), g.type, g.value) for g in document.timexes] == [
        ("yesterday", "DATE", "1998-02-05"),
        ("week", "DURATION", "P1W"),
        ("last week", "DATE", "1998-W05"),
        ("1990s", "DATE", "199"),
    ]


def _time(text: str, needle: str, value: str, first: str, last: str) -> TimeExpr:
    start = text.index(needle)
    return TimeExpr("t", Span(start, start + len(needle)), value, (first, last), "day", "absolute")


class _Pipeline:
    def __call__(self, doc: Document) -> Document:
        text = doc.text
        doc.layers["times"] = (
            _time(text, "yesterday", "1998-02-05", "1998-02-05", "1998-02-05"),  # strict, value right
            _time(text, "week of", "P1W", "1998-02-01", "1998-02-07"),  # on a DURATION: not scored
            _time(text, "in last week", "1998-W05", "1998-01-26", "1998-02-01"),  # relaxed, value right
            _time(text, "1990s", "1980s", "1980-01-01", "1989-12-31"),  # strict, value wrong
            _time(text, "gains", "1998", "1998-01-01", "1998-12-31"),  # a false positive
        )
        return doc


def test_figures_known_by_construction(document):
    sections = score_documents([document], _Pipeline()).sections  # type: ignore[arg-type]
    figures = {
        name: (s.true_positives, s.gold_total, s.predicted_correct, s.predicted_total) for name, s in sections.items()
    }
    assert figures == {
        "strict": (2, 3, 2, 4),
        "relaxed": (3, 3, 3, 4),
        "value": (2, 3, 2, 4),
        "durations_sets": (1, 1, 0, 0),
    }
    assert sections["value"].extra["value_accuracy"] == pytest.approx(2 / 3, abs=1e-4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1998", ("1998-01-01", "1998-12-31")),
        ("1998-02", ("1998-02-01", "1998-02-28")),
        ("1998-02-06T18:30", ("1998-02-06", "1998-02-06")),
        ("1998-W06", ("1998-02-02", "1998-02-08")),
        ("2000-W7", ("2000-02-14", "2000-02-20")),
        ("1998-W06-WE", ("1998-02-07", "1998-02-08")),
        ("1998-Q4", ("1998-10-01", "1998-12-31")),
        ("1998-H1", ("1998-01-01", "1998-06-30")),
        ("1998-WI", ("1998-12-01", "1999-02-28")),
        ("199", ("1990-01-01", "1999-12-31")),
        ("199X", ("1990-01-01", "1999-12-31")),
        ("19", ("1900-01-01", "1999-12-31")),
        ("1998-03-01/1998-03-10", ("1998-03-01", "1998-03-10")),
        ("PRESENT_REF", "PRESENT_REF"),
        ("XXXX-10-15", None),
        ("P1W", None),
    ],
)
def test_period(value, expected):
    got = period(value)
    assert (tuple(str(d) for d in got) if isinstance(got, tuple) else got) == expected


CREATION = dt.date(1998, 2, 6)


@pytest.mark.parametrize(
    ("gold", "mod", "ours", "interval", "right"),
    [
        ("1998-02-05", None, "1998-02-05", ("1998-02-05", "1998-02-05"), True),
        ("1998-02-05", None, "1998-01-29", ("1998-01-29", "1998-01-29"), False),
        ("1998-W06", None, "1998-W06", ("1998-02-02", "1998-02-08"), True),
        ("199", None, "1990s", ("1990-01-01", "1999-12-31"), True),
        ("199", None, "1990", ("1990-01-01", "1990-12-31"), False),
        ("1998-02-06T18:30", None, "1998-02-06", None, True),
        ("1998-03", "START", "1998-03-01/1998-03-10", ("1998-03-01", "1998-03-10"), True),
        ("1998-03", None, "1998-03-01/1998-03-10", ("1998-03-01", "1998-03-10"), False),
        ("1998-10-XX", None, "1998-10-15", ("1998-10-15", "1998-10-15"), True),
        ("1949-XX", None, "1949", ("1949-01-01", "1949-12-31"), True),
        ("PRESENT_REF", None, "1998-02-06", ("1998-02-06", "1998-02-06"), True),
        ("PRESENT_REF", None, "1998", ("1998-01-01", "1998-12-31"), False),
        ("PAST_REF", None, "1997", ("1997-01-01", "1997-12-31"), False),
        ("XXXX-10-15", None, "1998-10-15", ("1998-10-15", "1998-10-15"), False),
        ("1998-02-05", None, None, None, False),
    ],
)
def test_same_value(gold, mod, ours, interval, right):
    time = TimeExpr("t", Span(0, 1), ours, interval, "day", "absolute")
    assert same_value(Timex(Span(0, 1), "DATE", gold, mod), time, CREATION) is right


def test_smoke_on_timebank(pipeline):
    if not (TIMEBANK / "TimeBank").is_dir():
        pytest.skip(f"the shared TimeBank data is not at {TIMEBANK} (../shared is absent)")
    documents = read_corpus(TIMEBANK / "TimeBank")[:5]
    assert all(d.creation is not None for d in documents)
    report = score_documents(documents, pipeline)
    assert report.sections["relaxed"].gold_total > 0
    assert report.sections["relaxed"].true_positives > 0
