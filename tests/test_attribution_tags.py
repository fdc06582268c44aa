"""Attribution head tags -> role spans -> cue-centred groups, on hand-tagged words."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from unspin.attribution_tags import attribution_groups, group_roles, role_spans
from unspin.spans import Span


class Word(NamedTuple):
    start: int
    end: int
    label: str


def tagged(text: str, labels: str) -> list[Word]:
    """Words of ``text`` (split on spaces) with one short label each: O, S, s (I-SOURCE), C, c, T, t (content)."""
    names = {"O": "O", "S": "B-SOURCE", "s": "I-SOURCE", "C": "B-CUE", "c": "I-CUE", "T": "B-CONTENT", "t": "I-CONTENT"}
    words, position = [], 0
    for word, short in zip(text.split(), labels.split(), strict=True):
        start = text.index(word, position)
        words.append(Word(start, start + len(word), names[short]))
        position = start + len(word)
    return words


def texts(text: str, spans: list[Span]) -> list[str]:
    return [span.of(text) for span in spans]


def test_role_spans_join_continuations_and_split_at_b() -> None:
    text = "The minister said talks failed"
    spans = role_spans(tagged(text, "S s C T T"))
    assert [(s.of(text), role) for s, role in spans] == [
        ("The minister", "SOURCE"),
        ("said", "CUE"),
        ("talks", "CONTENT"),
        ("failed", "CONTENT"),
    ]


def test_an_i_after_another_role_starts_a_span() -> None:
    text = "said talks"
    assert [role for _, role in role_spans(tagged(text, "C t"))] == ["CUE", "CONTENT"]


GROUPS = [
    ("The minister said talks failed", "S s C T t", [(["The minister"], ["said"], ["talks failed"])]),
    ("“Talks failed ,” he said", "T t t S C", [(["he"], ["said"], ["“Talks failed ,”"])]),
    ("talks failed , said the envoy", "T t O C S s", [(["the envoy"], ["said"], ["talks failed"])]),
    ("Talks failed last week", "T t t t", [([], [], ["Talks failed last week"])]),
    ("Talks failed", "T t", []),
    (
        "Aides said he claimed victory",
        "S C S C T",
        [(["Aides"], ["said"], []), (["he"], ["claimed"], ["victory"])],
    ),
    ("He has also said talks failed", "S C C C T t", [(["He"], ["has", "also", "said"], ["talks failed"])]),
    ("He said that talks , sadly , failed", "S C T t O O O t", [(["He"], ["said"], ["that talks , sadly , failed"])]),
    (
        "Protesters said they were calm but pledged to march",
        "S C T t t O C T t",
        [(["Protesters"], ["said"], ["they were calm"]), (["Protesters"], ["pledged"], ["to march"])],
    ),
    (
        "He said talks failed . Aides hoped otherwise",
        "S C T t O O C T",
        [(["He"], ["said"], ["talks failed"]), ([], ["hoped"], ["otherwise"])],
    ),
    (
        "“Talks failed ,” he said . “We left .”",
        "T t t S C O T t t",
        [(["he"], ["said"], ["“Talks failed ,”", "“We left .”"])],
    ),
    ("Kerr Putney , the chief , said", "S s O S s O C", [(["Kerr Putney , the chief"], ["said"], [])]),
    (
        "Limbaugh added:\n\n“It reeks of fear .”",
        "S C T t t t t",
        [(["Limbaugh"], ["added:"], ["“It reeks of fear .”"])],
    ),
    ("The Times reports :\n“Turnout fell .”", "S s C O T t t", [(["The Times"], ["reports"], ["“Turnout fell .”"])]),
    ("“We left .” ― Pamela Padilla", "T t t O S s", [(["Pamela Padilla"], ["―"], ["“We left .”"])]),
    ("“Talks failed today .” — then silence", "T t t t O O O", [([], [], ["“Talks failed today .”"])]),
]


@pytest.mark.parametrize(("text", "labels", "expected"), GROUPS, ids=[g[0] for g in GROUPS])
def test_group_roles(text: str, labels: str, expected: list[tuple[list[str], list[str], list[str]]]) -> None:
    groups = group_roles(text, role_spans(tagged(text, labels)))
    assert [(texts(text, g.source), texts(text, g.cue), texts(text, g.content)) for g in groups] == expected


@pytest.mark.parametrize("text", ["The minister said\nTalks failed again", "The minister said,\nTalks failed again"])
def test_no_group_across_a_paragraph_break_without_a_colon(text: str) -> None:
    groups = group_roles(text, role_spans(tagged(text, "S s C T t t")))
    assert [texts(text, g.content) for g in groups] == [[], ["Talks failed again"]]


def test_attribution_groups_credit_some_content() -> None:
    text = "He declined to comment . Aides said talks failed"
    groups = attribution_groups(text, tagged(text, "S C c c O S C T t"))
    assert [(texts(text, g.source), texts(text, g.content)) for g in groups] == [(["Aides"], ["talks failed"])]
