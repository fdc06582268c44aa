"""Words that cannot start a sentence (closing quotation marks, continuing punctuation): which words count,
and what the parser is told."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from unspin.sentence_continuations import (
    SentenceContinuations,
    add_sentence_continuations,
    closing_marks_after_sentence_ends,
    continuations,
)

CASES = [
    # (case, words, the closing marks found)
    ("a straight quote closed after a full stop", 'He said " go . " Then', [5]),
    ("an opening straight quote after a full stop is left alone", 'It ended . " Go , " he said', []),
    ("a curly closing mark needs no pairing", "It ended . ” Then", [3]),
    ("a closing mark inside a sentence is not at a boundary", 'the " new " plan .', []),
    ("two quoted sentences", '" Stop ! " he said . " Now ! " Then', [3, 10]),
    ("exclamations run together", '" Help !!! " Then', [3]),
    ("a treebank-style closing quote", "`` Go . '' Then", [3]),
]


@pytest.mark.parametrize(("case", "words", "expected"), CASES, ids=[c[0] for c in CASES])
def test_closing_marks_after_sentence_ends(case: str, words: str, expected: list[int]) -> None:
    split = words.split()
    assert closing_marks_after_sentence_ends(split, [index == 0 for index in range(len(split))]) == expected


def test_a_new_paragraph_closes_no_quote_from_the_last() -> None:
    words = '" He said it . " Yes . " No .'.split()
    starts = [index in (0, 8) for index in range(len(words))]
    assert closing_marks_after_sentence_ends(words, starts) == [5]
    assert closing_marks_after_sentence_ends(words, [index == 0 for index in range(len(words))]) == [5]


def test_continuing_punctuation_joins_the_closing_marks() -> None:
    words = 'on March 28 , 2005 : " Go . " ( then )'.split()
    assert continuations(words, [index == 0 for index in range(len(words))]) == [3, 5, 9, 12]


def test_the_words_may_not_start_a_sentence_and_preset_starts_are_kept() -> None:
    words = '" Go . " Then " Stop . "'.split()
    doc = Doc(spacy.blank("en").vocab, words=words, sent_starts=[True, None, None, None, None, None, None, None, True])
    doc = SentenceContinuations()(doc)
    assert [token.is_sent_start for token in doc] == [True, None, None, False, None, None, None, None, True]


def test_added_right_before_the_parser_only() -> None:
    nlp = spacy.blank("en")
    assert "sentence_continuations" not in add_sentence_continuations(nlp).pipe_names
    nlp.add_pipe("tagger")
    nlp.add_pipe("parser")
    assert add_sentence_continuations(add_sentence_continuations(nlp)).pipe_names == [
        "tagger",
        "sentence_continuations",
        "parser",
    ]
