"""Event export rows: ACLED's columns per event and place, unspin's evidence columns beside them."""

from __future__ import annotations

import datetime as dt

import pytest

from unspin.document import Document, Meta
from unspin.event_export import ACLED_COLUMNS, COLUMNS, acled_rows, event_records
from unspin.pipeline import Pipeline

TEXT = (
    "Government troops shelled the rebel-held town of Tupiza on Monday, killing 12 civilians, the local "
    "governor said. Rebels attacked an army post near Villazon and Potosi later that day."
)


@pytest.fixture(scope="module")
def doc() -> Document:
    meta = Meta(published=dt.date(2024, 3, 27), outlet="Example Daily", url="https://example.org/a")
    return Pipeline()(Document("a1", TEXT, meta=meta))


def test_every_row_has_every_column(doc: Document) -> None:
    rows = list(acled_rows(doc))
    assert rows and all(list(row) == list(COLUMNS) or set(row) == set(COLUMNS) for row in rows)
    assert COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS


def test_shelling_row_is_dated_placed_counted_and_sourced(doc: Document) -> None:
    (row,) = [r for r in acled_rows(doc) if r["trigger"] == "shelled"]
    assert (row["event_date"], row["time_precision"], row["year"]) == ("2024-03-25", 1, "2024")
    assert row["disorder_type"] == "Political violence" and row["event_type"] == "Explosions/Remote violence"
    assert (row["location"], row["iso"], row["geo_precision"]) == ("Tupiza", "BO", 1)
    assert row["fatalities"] == 12
    assert row["inter1"] == 1 and row["interaction"] == str(row["inter1"]) + str(row["inter2"])
    assert row["source"] == row["asserted_by"] and "governor" in row["source"]
    assert TEXT[row["trigger_start"] : row["trigger_end"]] == "shelled"
    assert TEXT[row["place_start"] : row["place_end"]] == row["place_text"] == "Tupiza"
    assert (row["article_id"], row["outlet"], row["published"]) == ("a1", "Example Daily", "2024-03-27")


def test_civilians_as_recipients_mark_civilian_targeting() -> None:
    doc = Pipeline()(Document("a2", "Gunmen attacked civilians in Tupiza on Monday."))
    (row,) = [r for r in acled_rows(doc) if r["trigger"] == "attacked"]
    assert row["civilian_targeting"] == "Civilian targeting" and row["inter2"] == 7
    (quiet,) = [r for r in acled_rows(Pipeline()(Document("a3", TEXT))) if r["trigger"] == "shelled"]
    assert quiet["civilian_targeting"] == ""  # civilians killed, but the town was the target


def test_an_event_with_two_places_gives_two_rows_with_one_id(doc: Document) -> None:
    rows = [r for r in acled_rows(doc) if r["trigger"] == "attacked"]
    assert [r["location"] for r in rows] == ["Villazón", "Potosí"]
    assert len({r["event_id_cnty"] for r in rows}) == 1


def test_event_records_write_places_and_time_out(doc: Document) -> None:
    (record,) = [r for r in event_records(doc) if r["event"]["trigger"]["text"] == "shelled"]
    assert record["article"]["id"] == "a1" and record["time"]["value"] == "2024-03-25"
    assert [p["name"] for p in record["places"]] == ["Tupiza"]
