"""Publication dates in the forms metadata, corpora and feeds write them."""

from __future__ import annotations

import datetime as dt

import pytest

from unspin.errors import InputError
from unspin.ingest import parse_published

MAY_31 = dt.date(2023, 5, 31)


@pytest.mark.parametrize(
    "value",
    [
        "2023-05-31",
        " 2023-05-31 ",
        "2023/05/31",
        "2023-05-31T10:00:00",
        "2023-05-31T23:30:00Z",
        "2023-05-31T10:00:00+04:00",
        "2023-05-31 10:00",
        "31 May 2023",
        "31st May 2023",
        "31 May, 2023",
        "May 31, 2023",
        "May 31 2023",
        "Wednesday, May 31, 2023",
        "Wed 31 May 2023",
        "31 may 2023",
        "May 31, 2023 10:15 AM",
        "Wed, 31 May 2023 10:00:00 +0000",
        "Wed, 31 May 2023 23:59:00 GMT",
        dt.date(2023, 5, 31),
        dt.datetime(2023, 5, 31, 22, 0),
    ],
)
def test_accepted(value):
    assert parse_published(value) == MAY_31


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sept 4, 2022", dt.date(2022, 9, 4)),
        ("1 Jan 2024", dt.date(2024, 1, 1)),
        ("Feb. 29, 2024", dt.date(2024, 2, 29)),
    ],
)
def test_month_abbreviations(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["", "yesterday", "05/31/2023", "31/05/2023", "2023-02-30", "31 Maybe 2023", "Mayday 31, 2023", "2023"]
)
def test_refused_with_the_accepted_forms(value):
    with pytest.raises(InputError) as caught:
        parse_published(value)
    assert caught.value.code == "bad_published"
    assert "May 31, 2023" in str(caught.value)
