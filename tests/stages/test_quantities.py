import datetime as dt
import json

import pytest

from unspin.annotations import TimeExpr
from unspin.document import Document, Meta
from unspin.numbers import NUMBER_PATTERN, parse_number
from unspin.spans import Span
from unspin.stages.quantities import find_quantities
from unspin.stages.sentences import split_sentences


def quantities_of(text: str) -> list:
    doc = Document("q", text, Meta(published=dt.date(2023, 5, 31)))
    doc.layers["sentences"] = tuple(split_sentences(text))
    return find_quantities(doc)


def table(text: str) -> dict[str, tuple]:
    return {q.mention.of(text): (q.value, q.unit, q.qualifier) for q in quantities_of(text)}


# (text, mention, value, unit, qualifier)
FOUND = [
    ("Gangs committed 15 incidents recorded by the army.", "15 incidents", 15, "incidents", "exact"),
    ("Armenia occupied 20 percent of the land.", "20 percent", 20, "percent", "exact"),
    ("Inflation hit 4.5% in May.", "4.5%", 4.5, "percent", "exact"),
    ("Rates rose 7 percentage points.", "7 percentage points", 7, "percentage points", "exact"),
    ("Over 30,000 ethnic Azerbaijanis were killed.", "Over 30,000 ethnic Azerbaijanis", 30000, "Azerbaijanis",
     "more_than"),
    ("Forces liberated over 300 settlements, including towns.", "over 300 settlements", 300, "settlements",
     "more_than"),
    ("Nearly 25,000 Armenians reside there.", "Nearly 25,000 Armenians", 25000, "Armenians", "fewer_than"),
    ("Some 300 armed men crossed.", "Some 300 armed men", 300, "men", "about"),
    ("About 2,000 troops remain.", "About 2,000 troops", 2000, "troops", "about"),
    ("At least 12 soldiers died.", "At least 12 soldiers", 12, "soldiers", "at_least"),
    ("Up to 40 houses burned.", "Up to 40 houses", 40, "houses", "at_most"),
    ("Fewer than 100 voters came.", "Fewer than 100 voters", 100, "voters", "fewer_than"),
    ("They counted 50 or so protesters.", "50 or so protesters", 50, "protesters", "about"),
    ("Nearly 1.5 million civilians fled.", "Nearly 1.5 million civilians", 1_500_000, "civilians", "fewer_than"),
    ("Hundreds of thousands of refugees crossed.", "Hundreds of thousands of refugees", 100_000, "refugees",
     "more_than"),
    ("Dozens of drones struck.", "Dozens of drones", 12, "drones", "more_than"),
    ("A dozen drones struck.", "A dozen drones", 12, "drones", "exact"),
    ("Twenty-five tanks advanced.", "Twenty-five tanks", 25, "tanks", "exact"),
    ("They were invited twice to Baku.", "twice", 2, "times", "exact"),
    ("They were warned three times.", "three times", 3, "times", "exact"),
    ("The deal is worth $1.5 billion.", "$1.5 billion", 1_500_000_000, "USD", "exact"),
    ("Between 200 and 300 people died.", "200", 200, "people", "exact"),
    ("Over 30,000 were killed, and one million were expelled.", "one million", 1_000_000, None, "exact"),
    ("Over 30,000 ethnic Azerbaijanis were killed, and one million were expelled.", "one million", 1_000_000,
     "Azerbaijanis", "exact"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "mention", "value", "unit", "qualifier"), FOUND)
def test_quantity(text, mention, value, unit, qualifier):
    assert table(text).get(mention) == (value, unit, qualifier)


NOT_QUANTITIES = [
    "The war ended in 1994.",
    "It began on September 27, 2020.",
    "They met two days ago.",
    "There is only one option left.",
    "The two countries signed a deal.",
    "Baku will not make the third invitation.",
    "The first meeting was held.",
    "Resolution 2334 was adopted.",
    "The F-16 jets and the G20 summit.",
    "Meet at 10:30 or at 5 p.m. in Room No. 5.",
    "A nearly 30-year-long occupation ended.",
    "A 25-year-old man was hurt.",
    "Tensions rose in the late 1980s.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_a_quantity(text):
    assert table(text) == {}


def test_numbers_inside_an_existing_times_layer_are_skipped():
    text = "The 300 Spartans day came."
    doc = Document("q", text, Meta())
    doc.layers["sentences"] = tuple(split_sentences(text))
    doc.layers["times"] = (TimeExpr("t1", Span(4, 7), None, None, "unknown", "unresolved"),)
    assert find_quantities(doc) == []


def test_ids_number_spans_and_units():
    text = "Over 300 settlements and 15 incidents."
    found = quantities_of(text)
    assert [q.id for q in found] == ["q1", "q2"]
    assert [q.number.of(text) for q in found] == ["300", "15"]
    assert [q.unit_span.of(text) for q in found] == ["settlements", "incidents"]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("30,000", 30000),
        ("1.5 million", 1_500_000),
        ("twenty-five", 25),
        ("one hundred and twenty-five", 125),
        ("two hundred thousand", 200_000),
        ("a dozen", 12),
        ("half a million", 500_000),
        ("tens of thousands", 10_000),
        ("three thousand and one", 3001),
    ],
)
def test_parse_number(words, value):
    match = NUMBER_PATTERN.fullmatch(words)
    assert match is not None
    assert parse_number(match.group()) == value


def test_number_words_that_are_not_one_number_split():
    assert [m.group() for m in NUMBER_PATTERN.finditer("one and two")] == ["one", "two"]
    assert parse_number("one two") is None


def test_seed_required_quantities(seed_dir):
    gold = json.loads((seed_dir / "gold.json").read_text(encoding="utf-8"))
    text = (seed_dir / "article.txt").read_text(encoding="utf-8")
    from unspin.evaluate.seed import locate

    found = quantities_of(text)
    missed = [
        g["text"]
        for g in gold["quantities"]
        if not any(q.mention.overlaps(locate(text, g["text"])) and q.value == g["value"] for q in found)
    ]
    assert missed == []
    assert len(found) == len(gold["quantities"])  # no extra quantities on the seed


MORE_FOUND = [
    ("The authorities recorded more than 2 000 cases.", "more than 2 000 cases", 2000, "cases", "more_than"),
    ("The shooting left 59 dead and over 500 injured.", "59 dead", 59, "dead", "exact"),
    ("The shooting left 59 dead and over 500 injured.", "over 500 injured", 500, "injured", "more_than"),
    ("She paid several hundred dollars.", "several hundred dollars", 100, "dollars", "more_than"),
    ("Scores of people gathered.", "Scores of people", 20, "people", "more_than"),
    ("Between 300 and 600 infections are recorded.", "300", 300, "infections", "exact"),
]


@pytest.mark.parametrize(("text", "mention", "value", "unit", "qualifier"), MORE_FOUND)
def test_more_quantities(text, mention, value, unit, qualifier):
    assert table(text).get(mention) == (value, unit, qualifier)


MORE_NOT_QUANTITIES = [
    "It became known as the “Million Man March” in the end.",
    "Syria has become ground zero for the war.",
    "The Pope threw away paragraph 303 of the letter.",
    "Exemplar: (1) copy, (2) model.",
    "Steinle, 32, was shot on the pier.",
    "2\nSometimes it is worth taking risks.",
    "The win scores political points.",
]


@pytest.mark.parametrize("text", MORE_NOT_QUANTITIES)
def test_more_non_quantities(text):
    assert table(text) == {}


def test_unit_is_borrowed_only_before_a_verb_in_the_same_sentence():
    text = "The town has 16 schools, and a population of 6,400 in total; 300 were closed."
    units = {q.number.of(text): q.unit for q in quantities_of(text)}
    assert units == {"16": "schools", "6,400": None, "300": "schools"}
    text = "The town has 16 schools. Then 300 were closed."
    assert {q.number.of(text): q.unit for q in quantities_of(text)} == {"16": "schools", "300": None}
