"""Scare quotes told apart from speech, titles, nicknames, mentioned words and partial quotes."""

from __future__ import annotations

import pytest

from unspin.annotations import Statement
from unspin.spans import Span
from unspin.stages.scare_quotes import find_scare_quotes
from unspin.stages.sentences import split_sentences


def speech(text: str, content: str, speaker: str = "Jane Doe", sid: str = "s1") -> Statement:
    """A direct statement whose content is the first occurrence of ``content``."""
    start = text.index(content)
    return Statement(sid, "direct", Span(start, start + len(content)), None, None, None, speaker)


def terms(text: str, statements: tuple[Statement, ...] = ()) -> list[str]:
    found = find_scare_quotes(text, statements, tuple(split_sentences(text)))
    return [q.term.of(text) for q in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They keep seeking a so-called “independence” for the enclave.", ["independence"]),
        ("The “parliament” of the enclave met again on Friday.", ["parliament"]),
        ("The man calling himself “President” fled.", ["President"]),
        ("The self-proclaimed “Governor” spoke.", ["Governor"]),
        ("They act as if there is a “government” there.", ["government"]),
        ("All “ministers”, “deputies” and others must resign.", ["ministers", "deputies"]),
        ("Rebels seek “autonomy” and “status” for the region.", ["autonomy", "status"]),
        ("He read “War and Peace” twice.", []),
        ("Joaquin “El Chapo” Guzmán was extradited.", []),
        ('The crowd chanted "Enosis" - "union" for hours.', []),
        ("She often used the term “fake news” in speeches.", []),
        ("The operation was dubbed “thunder” by the army.", []),
        ("Officials said the talks were “constructive”.", []),
        ("He described the raid as “heinous”.", []),
        ("The minister called it a “provocation”.", []),
        ("Witnesses heard a voice shouting “run for your lives now”.", []),
        ("“Stop.” The guard raised his hand.", []),
    ],
)
def test_scare_quotes(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_short_direct_speech_is_not_a_scare_quote() -> None:
    text = "Asked about the plan, the minister replied: “nonsense”."
    assert terms(text) == ["nonsense"]  # without the statement it reads as distancing
    assert terms(text, (speech(text, "nonsense"),)) == []


def test_scare_quote_inside_speech_is_in_the_speakers_voice() -> None:
    text = "“We will dissolve the “council” this week and hold new votes,” the mayor said. The “council” refused."
    statement = speech(text, "We will dissolve the “council” this week and hold new votes,", "Ann Smith")
    found = list(find_scare_quotes(text, (statement,), tuple(split_sentences(text))))
    assert [(q.term.of(text), q.statement, q.voice) for q in found] == [
        ("council", "s1", "Ann Smith"),
        ("council", None, "article"),
    ]
    assert [q.span.of(text) for q in found] == ["“council”", "“council”"]
    assert [q.id for q in found] == ["q1", "q2"]


@pytest.mark.xfail(reason="a capitalised scare quote without a distancing cue reads as a name")
def test_capitalised_scare_quote_without_cue() -> None:
    assert terms("Elections to the “Parliament” of the enclave were a farce.") == ["Parliament"]
