import datetime as dt
import json

import pytest

from unspin.annotations import (
    Asserter,
    CorefLink,
    Entity,
    Event,
    NameUse,
    Naming,
    Participant,
    Place,
    Quantity,
    Rhetoric,
    ScareQuote,
    Sentence,
    Statement,
    TimeExpr,
)
from unspin.document import Document, Meta, SourceSegment
from unspin.serialization import from_data, to_data
from unspin.spans import Span

TEXT = "President Jane Roe said on Monday that 15 rebels attacked Baku. “So-called” peace."

RECORDS = [
    Sentence(Span(0, 64), 0),
    Entity("e1", "Jane Roe", "person", (Span(10, 18),), ("President",)),
    CorefLink(Span(0, 4), "e1", Span(10, 18), 0.8),
    Statement("s1", "indirect", Span(39, 63), Span(19, 23), Span(0, 18), "e1", "Jane Roe", evidence=(Span(0, 18),)),
    Place("p1", Span(58, 62), "Baku", 587084, "AZ", "09", 40.37767, 49.89201, "city", "city", 0.9),
    TimeExpr("t1", Span(24, 33), "2024-03-04", ("2024-03-04", "2024-03-04"), "day", "publication"),
    Quantity("q1", Span(39, 49), Span(39, 41), 15.0, "rebels", Span(42, 49), "exact"),
    Event(
        "v1",
        Span(50, 58),
        Span(0, 64),
        "ASSAULT",
        None,
        "18",
        "Battles",
        "Armed clash",
        (Participant(Span(39, 49), "rebel", None, "rebel"),),
        (),
        ("p1",),
        "t1",
        ("q1",),
        Asserter("source", "Jane Roe", Span(0, 18), "s1"),
        "reported_statement",
        0.6,
    ),
    Rhetoric("r1", Span(65, 76), "Doubt", "article", None, 0.5, "lexicon:so-called"),
    ScareQuote("sq1", Span(65, 76), Span(66, 75), None, "article"),
    Naming("rebel", None, (NameUse(Span(42, 49), "label", "Name_Calling,Labeling"),), ()),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_records_round_trip_through_json(record):
    data = json.loads(json.dumps(to_data(record, TEXT)))
    assert from_data(type(record), data) == record


def test_spans_carry_their_text_for_readers():
    assert to_data(Span(10, 18), TEXT) == {"start": 10, "end": 18, "text": "Jane Roe"}


def test_document_round_trip():
    doc = Document(
        "d1",
        TEXT,
        Meta(published=dt.date(2024, 3, 6), outlet="Example"),
        {"sentences": (RECORDS[0],), "places": (RECORDS[4],)},
        (SourceSegment(0, 120, 64),),
    )
    again = Document.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert again == doc
    assert again.source_offset(5) == 125 and again.source_offset(70) is None


def test_literal_values_are_checked_when_reading():
    data = to_data(RECORDS[3], TEXT)
    data["kind"] = "rumour"
    with pytest.raises(ValueError):
        from_data(Statement, data)
