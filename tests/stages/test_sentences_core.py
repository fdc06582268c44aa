"""Sentences from the parse's sentence starts, cut at every line break."""

from __future__ import annotations

import pytest
from core_stub import core_replaced

from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.pipeline import Pipeline
from unspin.stages.sentences import sentences_at


@pytest.mark.parametrize(
    ("text", "starts", "expected"),
    [
        ("One two. Three four.", [0, 9], [("One two.", 0), ("Three four.", 0)]),
        ("One two. Three four.", [9, 0, 9], [("One two.", 0), ("Three four.", 0)]),
        # a line break starts a paragraph even where the parse saw none
        ("One two\nThree four.", [0], [("One two", 0), ("Three four.", 1)]),
        # blank lines do not count as paragraphs
        ("A b.\n\n  C d. E f.", [0, 8, 13], [("A b.", 0), ("C d.", 1), ("E f.", 1)]),
        # a start that does not follow white space cuts no word ("President.Az")
        ("See President.Az now.", [0, 14], [("See President.Az now.", 0)]),
        ("", [], []),
    ],
)
def test_sentences_at(text, starts, expected):
    assert [(s.span.of(text), s.paragraph) for s in sentences_at(text, starts)] == expected


def test_the_core_stage_reads_the_tokens_layer():
    with core_replaced():
        pipeline = Pipeline(PipelineConfig(stages=("tokens.core.v1", "sentences.core.v1")))
    text = "Rain fell. Omar Haddad left\nZorvan fell."
    doc = pipeline(Document("t", text))
    assert [s.span.of(text) for s in doc.layer("sentences")] == ["Rain fell.", "Omar Haddad left", "Zorvan fell."]
