"""Names: the gender a name's title or given name implies."""

from __future__ import annotations

import pytest

from unspin.names import name_gender, title_at, title_heads


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Sen. Elizabeth Warren", "female"),
        ("Mrs. Clinton", "female"),
        ("Mr. Obama's", "male"),
        ("John Ryder, the RNC's chief counsel", "male"),
        ("the campaign", None),
    ],
)
def test_name_gender_from_title_or_given_name(source: str, expected: str | None) -> None:
    assert name_gender(source) == expected


@pytest.mark.parametrize(
    "words",
    [["Gov.", "Phil", "Bryant"], ["Sen.", "Bernie", "Sanders"], ["Prime", "Minister", "Ng"], ["Mr", "Johnson"]],
)
def test_titles_before_a_name(words: list[str]) -> None:
    assert title_at(words, 0) is not None


def test_an_abbreviated_title_without_its_stop_keeps_its_gender_but_heads_no_reference() -> None:
    title = title_at(["Mrs", "Clinton"], 0)
    assert title is not None and title.gender == "female"
    assert "mrs" not in title_heads() and "president" in title_heads()
