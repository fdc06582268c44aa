"""Every stage on every fixture: spans in bounds, values well-formed, references resolve, output valid."""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import pytest

from conftest import EXAMPLE, SEED
from unspin.annotations import iter_spans
from unspin.document import Document, Meta
from unspin.schema import validate_output

SHORT_TEXTS = {
    "no-date-relative": ("On Monday the army said it shelled the town.", None),
    "unicode": ("«Нет», — сказал он. Émile Zola’s “J’accuse” 2 times… 😀", dt.date(2020, 1, 1)),
    "only-quote": ("“Everything is fine,” he said.", dt.date(2021, 6, 1)),
    "numbers": ("Over 1,000,000 people and 3.5 percent; nearly twenty-five villages in 1999.", dt.date(2000, 1, 1)),
    "unclosed": ('He said "this never ends\nand then it did.', dt.date(2022, 2, 2)),
    "one-word": ("Peace", None),
}

ISO_VALUE = re.compile(
    r"^\d{4}(-\d{2}(-\d{2})?)?$|^\d{3}0s$|^\d{4}(-\d{2}(-\d{2})?)?/\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}-W\d{2}$"
)


def _fixtures():
    fixtures = [("example", EXAMPLE.read_text(encoding="utf-8"), dt.date(2024, 3, 24))]
    if (SEED / "article.txt").exists():
        fixtures.append(("seed", (SEED / "article.txt").read_text(encoding="utf-8"), dt.date(2023, 5, 31)))
    fixtures += [(name, text, date) for name, (text, date) in SHORT_TEXTS.items()]
    return fixtures


@pytest.fixture(scope="module", params=_fixtures(), ids=lambda f: f[0])
def analysed(request, pipeline) -> Document:
    name, text, published = request.param
    return pipeline(Document(name, text, Meta(published=published)))


def test_every_span_is_inside_the_text(analysed):
    for records in analysed.layers.values():
        for record in records:
            for span in iter_spans(record):
                assert 0 <= span.start <= span.end <= len(analysed.text)


def test_ids_are_unique_and_references_resolve(analysed):
    ids = {}
    for name, records in analysed.layers.items():
        layer_ids = [r.id for r in records if hasattr(r, "id")]
        assert len(layer_ids) == len(set(layer_ids)), f"duplicate ids in {name}"
        ids[name] = set(layer_ids)
    for link in analysed.layer("coref"):
        assert link.entity in ids["entities"]
    for statement in analysed.layer("statements"):
        assert statement.speaker_entity is None or statement.speaker_entity in ids["entities"]
        assert statement.continuation_of is None or statement.continuation_of in ids["statements"]
    for event in analysed.layer("events"):
        assert set(event.places) <= ids["places"]
        assert event.time is None or event.time in ids["times"]
        assert set(event.quantities) <= ids["quantities"]
        assert event.asserted_by.statement is None or event.asserted_by.statement in ids["statements"]
        for participant in (*event.actors, *event.recipients):
            assert participant.entity is None or participant.entity in ids["entities"]
    for quote in analysed.layer("scare_quotes"):
        assert quote.statement is None or quote.statement in ids["statements"]


def test_values_are_well_formed(analysed):
    for time in analysed.layer("times"):
        assert time.value is None or ISO_VALUE.match(time.value), time.value
        if time.interval:
            assert time.interval[0] <= time.interval[1]
        if analysed.meta.published is None and time.anchor == "publication":
            pytest.fail(f"{time} resolved against a publication date the document does not have")
    for place in analysed.layer("places"):
        assert place.lat is None or -90 <= place.lat <= 90
        assert place.lon is None or -180 <= place.lon <= 180
        assert place.country is None or re.fullmatch(r"[A-Z]{2}", place.country)
    for quantity in analysed.layer("quantities"):
        assert math.isfinite(quantity.value)
    for layer in ("coref", "statements", "places", "events", "rhetoric"):
        for record in analysed.layer(layer):
            assert 0.0 <= record.confidence <= 1.0


def test_output_validates_against_the_schema(analysed):
    validate_output(json.loads(json.dumps(analysed.to_dict())))
