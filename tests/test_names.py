"""Names: the gender a name's title or given name implies."""

from __future__ import annotations

import pytest

from unspin.names import name_gender, title_at


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
    "words", [["Gov.", "Phil", "Bryant"], ["Sen.", "Bernie", "Sanders"], ["Prime", "Minister", "Ng"]]
)
def test_titles_before_a_name(words: list[str]) -> None:
    assert title_at(words, 0) is not None
