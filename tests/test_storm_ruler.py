"""The storm ruler on hand-built Docs: a storm's name, and its later mentions by name, become events."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.storm_ruler import add_storm_ruler, storms_as_events

CASES = [
    # (case, text, entity tags, expected entities)
    (
        "a name after a storm word, and again alone",
        "Hurricane Rita hit . Rita packed winds",
        "O B-PERSON O O B-PERSON O O",
        [("Hurricane Rita", "EVENT"), ("Rita", "EVENT")],
    ),
    (
        "the storm word inside the name",
        "after Hurricane Katrina",
        "O B-PLACE I-PLACE",
        [("Hurricane Katrina", "EVENT")],
    ),
    (
        "a kind before the storm word",
        "Tropical Storm Alberto formed",
        "B-ORG I-ORG I-ORG O",
        [("Tropical Storm Alberto", "EVENT")],
    ),
    (
        "a storm word further in names no storm",
        "the National Hurricane Center said",
        "O B-ORG I-ORG I-ORG O",
        [("National Hurricane Center", "ORG")],
    ),
    ("the same name without a storm", "Rita said no", "B-PERSON O O", [("Rita", "PERSON")]),
    (
        "a storm word inside another entity stays there",
        "Hurricane Rita",
        "B-ORG B-PERSON",
        [("Hurricane", "ORG"), ("Rita", "PERSON")],
    ),
]


@pytest.mark.parametrize(("case", "text", "ents", "expected"), CASES, ids=[c[0] for c in CASES])
def test_storms_as_events(case: str, text: str, ents: str, expected: list[tuple[str, str]]) -> None:
    doc = storms_as_events(Doc(Vocab(), words=text.split(), ents=ents.split()))
    assert [(ent.text, ent.label_) for ent in doc.ents] == expected


def test_add_storm_ruler_only_to_a_pipeline_with_an_ner() -> None:
    blank = spacy.blank("en")
    assert "storm_ruler" not in add_storm_ruler(blank).pipe_names
    blank.add_pipe("ner")
    assert add_storm_ruler(add_storm_ruler(blank)).pipe_names == ["ner", "storm_ruler"]
