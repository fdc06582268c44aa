"""Punctuation re-attachment by the UD rule, on hand-parsed sentences (heads are word indices, -1 the root)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from unspin.punct_attachment import ROOT, add_punct_attachment, attach_in_doc, attach_punctuation

MARKS = frozenset(',.;:!?()"“”')

CASES = [
    # (case, words, parser's heads, expected heads)
    (
        "final period on a wrong word goes to the root",
        "She said it .",
        [1, ROOT, 1, 0],
        [1, ROOT, 1, 1],
    ),
    (
        "a head on the climbing path is kept",
        "She said it .",
        [1, ROOT, 1, 2],
        [1, ROOT, 1, 2],
    ),
    (
        "comma before a conjunct goes to the conjunct",
        "He left , she stayed",
        [1, ROOT, 0, 4, 1],
        [1, ROOT, 4, 4, 1],
    ),
    (
        "brackets go to the head of what they enclose",
        "the ( big ) dog barked",
        [4, 5, 4, 5, 5, ROOT],
        [4, 2, 4, 2, 5, ROOT],
    ),
    (
        "a word attached to a mark goes to the mark's head; the comma then to the word it sets off",
        "Stop , please",
        [ROOT, 0, 1],
        [ROOT, 2, 0],
    ),
    (
        "a sentence rooted in a mark is left alone",
        "... ok",
        [ROOT, 0],
        [ROOT, 0],
    ),
]


@pytest.mark.parametrize(("case", "text", "heads", "expected"), CASES, ids=[c[0] for c in CASES])
def test_attach_punctuation(case: str, text: str, heads: list[int], expected: list[int]) -> None:
    words = text.split()
    assert attach_punctuation(heads, [word in MARKS for word in words], words) == expected


def test_attach_in_doc_moves_heads_and_keeps_labels() -> None:
    words = ["She", "said", "it", "."]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=[1, 1, 1, 0],
        deps=["nsubj", "ROOT", "obj", "punct"],
        pos=["PRON", "VERB", "PRON", "PUNCT"],
    )
    attach_in_doc(doc)
    assert [token.head.i for token in doc] == [1, 1, 1, 1]
    assert [token.dep_ for token in doc] == ["nsubj", "ROOT", "obj", "punct"]


def test_a_doc_without_a_parse_is_left_alone() -> None:
    doc = Doc(spacy.blank("en").vocab, words=["Hi", "."])
    assert attach_in_doc(doc) is doc and not doc.has_annotation("DEP")


def test_added_right_after_the_parser_only() -> None:
    nlp = spacy.blank("en")
    assert "punct_attachment" not in add_punct_attachment(nlp).pipe_names
    nlp.add_pipe("parser")
    nlp.add_pipe("ner")
    assert add_punct_attachment(add_punct_attachment(nlp)).pipe_names == ["parser", "punct_attachment", "ner"]
