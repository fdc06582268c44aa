"""The seed scorer on a tiny invented gold analysis, where the right answers are known by construction."""

from __future__ import annotations

import pytest

from unspin.annotations import Place, Quantity, ScareQuote, Sentence, Statement, TimeExpr
from unspin.document import Document
from unspin.evaluate.seed import locate, score_seed, time_matches
from unspin.spans import Span

TEXT = "“We will win,” General Ana Ruiz said in Baku on Monday. Over 300 “volunteers” joined."

GOLD = {
    "statements": [{"id": "S1", "kind": "direct", "speaker": "Ana Ruiz", "content": "We will win"}],
    "places": [{"text": "Baku", "country": "AZ", "lat": 40.41, "lon": 49.87}],
    "times": [{"text": "on Monday", "value": "2024-03-04"}],
    "quantities": [{"text": "Over 300", "value": 300}],
    "scare_quotes": ["“volunteers”"],
}


def _doc(**layers) -> Document:
    doc = Document("t", TEXT)
    doc.layers["sentences"] = (Sentence(Span(0, 55), 0), Sentence(Span(56, len(TEXT)), 0))
    doc.layers.update(layers)
    return doc


def _at(needle: str) -> Span:
    return locate(TEXT, needle)


def test_perfect_answers_score_one():
    doc = _doc(
        statements=(
            Statement("s1", "direct", _at("We will win"), _at("said"), _at("General Ana Ruiz"), "e1", "Ana Ruiz"),
        ),
        places=(Place("p1", _at("Baku"), "Baku", 587084, "AZ", None, 40.37, 49.89, "city", "city", 1.0),),
        times=(TimeExpr("t1", _at("on Monday"), "2024-03-04", None, "day", "publication"),),
        quantities=(Quantity("q1", _at("Over 300"), _at("300"), 300.0, None, None, "more_than"),),
        scare_quotes=(ScareQuote("sq1", _at("“volunteers”"), _at("volunteers"), None, "article"),),
    )
    report = score_seed(doc, GOLD).to_dict()
    for section in ("statements", "places", "times", "quantities", "scare_quotes"):
        assert report[section]["recall"] == 1.0 and report[section]["precision"] == 1.0, section
    assert report["statements"]["recall_right_speaker"] == 1.0


def test_wrong_answers_are_not_credited():
    doc = _doc(
        statements=(Statement("s1", "indirect", _at("We will win"), None, None, None, "Ruiz"),),
        places=(Place("p1", _at("Baku"), "Baku", 1, "US", None, 30.0, -90.0, "city", "city", 1.0),),
        times=(TimeExpr("t1", _at("on Monday"), "2024-03-11", None, "day", "publication"),),
        quantities=(Quantity("q1", _at("Over 300"), _at("300"), 30.0, None, None, "more_than"),),
    )
    report = score_seed(doc, GOLD).to_dict()
    for section in ("statements", "places", "times", "quantities", "scare_quotes"):
        assert report[section]["recall"] == 0.0, section


def test_right_statement_with_wrong_speaker_counts_as_found_but_not_right_speaker():
    doc = _doc(statements=(Statement("s1", "direct", _at("We will win"), None, None, None, "Baku"),))
    report = score_seed(doc, GOLD).to_dict()["statements"]
    assert report["recall"] == 1.0 and report["recall_right_speaker"] == 0.0


@pytest.mark.parametrize(
    ("value", "interval", "gold", "ok"),
    [
        ("2023-03", ("2023-03-21", "2023-03-31"), "2023-03", True),
        ("2023-03-25", None, "2023-03", True),
        ("2023-04-02", None, "2023-03", False),
        ("1987/1993", ("1987-01-01", "1993-12-31"), "1987/1993", True),
        ("1986/1990", ("1986-01-01", "1990-12-31"), "1987/1993", False),
        ("1991", ("1991-01-01", "1991-12-31"), "1991", True),
        (None, None, "1991", False),
    ],
)
def test_time_matching_rules(value, interval, gold, ok):
    assert time_matches(TimeExpr("t", Span(0, 1), value, interval, "year", "absolute"), gold) is ok
