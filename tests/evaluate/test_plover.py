"""The plover suite on a hand-written 3-record file, where the right figures are known by construction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHARED
from unspin.annotations import Asserter, Event
from unspin.document import Document
from unspin.evaluate.plover import predicted_category, read_records, score_records
from unspin.spans import Span

PLOVER = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.json"

RECORDS = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "header"},
    {"id": "r1", "event": "FIGHT", "text": "Troops shelled the town after talks.", "date": "2000-01-01"},
    {"id": "r2", "event": "DEMAND", "text": "Ministers met quietly.", "date": "2000-01-01"},
    {"id": "r3", "event": "AGREE", "text": "Both sides rejected the plan.", "date": "2000-01-01"},
    {"id": "r4", "event": "NOT_A_CATEGORY", "text": "Something else happened.", "date": "2000-01-01"},
]


def _event(category: str, start: int, confidence: float) -> Event:
    return Event(
        "e", Span(start, start + 3), Span(0, 10), category, None, None, None, None, (), (), (), None, (),
        Asserter("article", None, None), "reported", confidence,
    )  # fmt: skip


PREDICTIONS = {
    "r1": (_event("AGREE", 20, 0.5), _event("ASSAULT", 7, 0.8)),  # the confident one is right
    "r2": (),  # no event: wrong
    "r3": (_event("REJECT", 11, 0.6),),  # wrong category
}


class _Pipeline:
    def __call__(self, doc: Document) -> Document:
        doc.layers["events"] = PREDICTIONS.get(doc.id, ())
        return doc


@pytest.fixture
def records(tmp_path: Path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    return read_records(path)


def test_reads_records_in_2021_names(records):
    found, excluded = records
    assert [(r.id, r.category) for r in found] == [("r1", "ASSAULT"), ("r2", "REQUEST"), ("r3", "AGREE")]
    assert excluded == {"NOT_A_CATEGORY": 1}


def test_figures_known_by_construction(records):
    found, excluded = records
    report = score_records(found, _Pipeline(), excluded)  # type: ignore[arg-type]
    category = report.sections["category"]
    assert category.extra["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert category.extra["accuracy_when_event"] == 0.5
    assert category.extra["no_event"] == 1 and category.extra["excluded"] == 1
    assert category.extra["macro_f1"] == 0.25  # ASSAULT 1, REQUEST 0, AGREE 0, REJECT 0
    assert category.extra["AGREE->REJECT"] == 1
    assert sorted(name for name in report.sections if name != "category") == [
        "category AGREE", "category ASSAULT", "category REJECT", "category REQUEST",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ((), None),
        ((_event("AGREE", 5, 0.5),), "AGREE"),
        ((_event("AGREE", 5, 0.5), _event("ASSAULT", 9, 0.9)), "ASSAULT"),
        ((_event("AGREE", 9, 0.6), _event("REJECT", 2, 0.6)), "REJECT"),  # a tie: the earliest trigger
    ],
)
def test_predicted_category(events, expected):
    assert predicted_category(events) == expected


def test_smoke_on_gold_records(pipeline):
    if not PLOVER.exists():
        pytest.skip(f"the shared PLOVER records are not at {PLOVER} (../shared is absent)")
    found, excluded = read_records(PLOVER)
    assert len(found) + sum(excluded.values()) == 215
    report = score_records(found[:12], pipeline, excluded)
    assert report.sections["category"].gold_total == 12
    assert report.sections["category"].predicted_total > 0
