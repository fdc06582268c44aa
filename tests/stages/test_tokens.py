"""The tokens layer from a (stub) core pipeline: offsets, tags, arcs, sentence starts, entity tags."""

from __future__ import annotations

import pytest
from core_stub import core_replaced

from unspin.annotations import Token
from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.parse import Parse, entity_spans
from unspin.pipeline import Pipeline
from unspin.spans import Span
from unspin.stages.tokens import entity_label


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    with core_replaced():
        return Pipeline(PipelineConfig(stages=("tokens.core.v1",)))


def analysed(pipeline: Pipeline, text: str) -> tuple[Token, ...]:
    return pipeline(Document("t", text)).layer("tokens")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (word, upos, head word, dep, sentence start, IOB, label)
        (
            "Omar Haddad left. Zorvan fell.",
            [
                ("Omar", "PROPN", "Omar", "ROOT", True, "B", "person"),
                ("Haddad", "PROPN", "Omar", "dep", False, "I", "person"),
                ("left", "NOUN", "Omar", "dep", False, "O", None),
                (".", "PUNCT", "Omar", "dep", False, "O", None),
                ("Zorvan", "PROPN", "Zorvan", "ROOT", True, "B", "place"),
                ("fell", "NOUN", "Zorvan", "dep", False, "O", None),
                (".", "PUNCT", "Zorvan", "dep", False, "O", None),
            ],
        ),
        # a label we have no type for (DATE) is no entity; white space inside a line is no token
        (
            "On  Monday rain",
            [
                ("On", "PROPN", "On", "ROOT", True, "O", None),
                ("Monday", "PROPN", "On", "dep", False, "O", None),
                ("rain", "NOUN", "On", "dep", False, "O", None),
            ],
        ),
        # each paragraph is parsed on its own: its first word starts a sentence and is its own root
        (
            "Rain fell\n\nSerbs left",
            [
                ("Rain", "PROPN", "Rain", "ROOT", True, "O", None),
                ("fell", "NOUN", "Rain", "dep", False, "O", None),
                ("Serbs", "PROPN", "Serbs", "ROOT", True, "B", "group"),
                ("left", "NOUN", "Serbs", "dep", False, "O", None),
            ],
        ),
    ],
)
def test_tokens(pipeline, text, expected):
    tokens = analysed(pipeline, text)
    found = [
        (t.span.of(text), t.upos, tokens[t.head].span.of(text), t.dep, t.sent_start, t.ent_iob, t.ent_label)
        for t in tokens
    ]
    assert found == expected


def test_offsets_and_lemmas_map_into_the_document(pipeline):
    text = "  Trend  Wire\nAcme Corp sold"
    tokens = analysed(pipeline, text)
    assert [(t.span.start, t.span.end, t.lemma) for t in tokens] == [
        (2, 7, "trend"),
        (9, 13, "wire"),
        (14, 18, "acme"),
        (19, 23, "corp"),
        (24, 28, "sold"),
    ]


def test_an_empty_document_has_no_tokens(pipeline):
    assert analysed(pipeline, " \n ") == ()


@pytest.mark.parametrize(
    ("label", "ours"),
    [
        ("PERSON", "person"),
        ("PER", "person"),
        ("GPE", "place"),
        ("LOC", "place"),
        ("ORG", "organization"),
        ("NORP", "group"),
        ("EVENT", "event"),
        ("DATE", None),
        ("MISC", None),
    ],
)
def test_entity_labels_map_to_ours(label, ours):
    assert entity_label(label) == ours


def _token(start: int, iob: str = "O", label: str | None = None, head: int = 0) -> Token:
    return Token(Span(start, start + 1), "X", "X", "x", head, "dep", False, iob, label)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ([("B", "person"), ("I", "person"), ("O", None)], [(0, 3, "person")]),
        ([("B", "person"), ("B", "person")], [(0, 1, "person"), (2, 3, "person")]),
        ([("O", None), ("I", "place"), ("I", "place")], [(2, 5, "place")]),
        ([("B", "person"), ("I", "place")], [(0, 1, "person"), (2, 3, "place")]),
        ([("O", None)], []),
    ],
)
def test_entity_spans_read_iob_tags(tags, expected):
    tokens = [_token(2 * i, iob, label) for i, (iob, label) in enumerate(tags)]
    assert [(s.start, s.end, label) for s, label in entity_spans(tokens)] == expected


def test_parse_walks_the_tree():
    # words at 0, 2, 4, 6: "a b c d" with b the root, a -> b, c -> b, d -> c
    parse = Parse([_token(0, head=1), _token(2, head=1), _token(4, head=1), _token(6, head=2)])
    assert parse.children(1) == [0, 2]
    assert parse.subtree(2) == Span(4, 7)
    assert parse.subtree(1) == Span(0, 7)
    assert list(parse.within(Span(3, 7))) == [2, 3]
    assert parse.head_of(Span(4, 7)) == 2
    assert parse.head_of(Span(1, 1)) is None
