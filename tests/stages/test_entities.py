"""Named entities by rule: typing by titles, head words, demonyms and places, and merging of mentions."""

from __future__ import annotations

import pytest

from unspin.annotations import Entity
from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("sentences.rules.v1", "entities.rules.v1")))


def entities(pipeline: Pipeline, text: str) -> dict[str, Entity]:
    doc = pipeline(Document("t", text))
    return {e.name: e for e in doc.layer("entities")}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Prime Minister Tom Berry arrived on Monday.", "Tom Berry", "person"),
        ("The talks were chaired by Gen. Omar Haddad.", "Omar Haddad", "person"),
        ("According to the Defense Ministry of Georgia, it is closed.", "Defense Ministry of Georgia", "organization"),
        ("The Ministry of Foreign Affairs of Moldova spoke.", "Ministry of Foreign Affairs of Moldova", "organization"),
        ("Shortly after, the government of Moldova resigned.", "Government of Moldova", "organization"),
        ("The strike was denied by Georgian media on Friday.", "Georgian media", "organization"),
        ("Fighting resumed, Trend.az reported.", "Trend.az", "outlet"),
        ("The minister spoke to Reuters about the plan.", "Reuters", "outlet"),
        ("The strike was confirmed, Baltic Wire reported.", "Baltic Wire", "outlet"),
        ("Thousands of Ukrainians fled the shelling.", "Ukrainians", "group"),
        ("The talks included the Kosovo Serbs as well.", "Kosovo Serbs", "group"),
        ("Meanwhile, Moldova closed its airspace.", "Moldova", "place"),
        ("Troops entered the Zorvan region overnight.", "Zorvan", "place"),
        ("Shelling hit the Zorvan, Melk and Oshtan districts.", "Melk", "place"),
        ("The delegation flew to Paris for the summit.", "Paris", "place"),
        ("Haddad said the offer was a trap.", "Haddad", "person"),  # a bare name that speaks
        ("Berry, however, insisted that it was genuine.", "Berry", "person"),  # even one the gazetteer has
        ("Moscow said the offer was a trap.", "Moscow", "place"),  # a capital speaking for its government
        ("The Kremlin said the offer was a trap.", "Kremlin", "organization"),
    ],
)
def test_entity_types(pipeline: Pipeline, text: str, name: str, label: str) -> None:
    found = entities(pipeline, text)
    assert name in found, sorted(found)
    assert found[name].label == label


@pytest.mark.parametrize(
    "text",
    [
        "However, the talks failed.",
        "There is no chance of peace.",
        "On Tuesday the road reopened.",
        "Nearly everyone agreed.",
        "“We will not retreat,” the commander said.",
    ],
)
def test_sentence_initial_words_are_not_entities(pipeline: Pipeline, text: str) -> None:
    assert entities(pipeline, text) == {}


def test_titled_and_short_mentions_join_the_full_name(pipeline: Pipeline) -> None:
    text = "President Maria Kovac spoke in Vienna. Later President Kovac left. Kovac returned on Friday."
    found = entities(pipeline, text)
    kovac = found["Maria Kovac"]
    assert kovac.label == "person"
    assert kovac.titles == ("President",)
    assert [m.of(text) for m in kovac.mentions] == ["President Maria Kovac", "President Kovac", "Kovac"]
    assert "Kovac" not in found


def test_organisation_forms_merge_and_take_the_capitalised_name(pipeline: Pipeline) -> None:
    text = "The Georgian army advanced. Later the Georgia Army withdrew, and the Georgian army regrouped."
    found = entities(pipeline, text)
    army = [e for e in found.values() if e.label == "organization"]
    assert len(army) == 1
    assert army[0].name == "Georgia Army"
    assert len(army[0].mentions) == 3


def test_ids_follow_first_mention(pipeline: Pipeline) -> None:
    doc = pipeline(Document("t", "Moldova and Georgia met. Later Georgia and Moldova signed, and Armenia joined."))
    assert [(e.id, e.name) for e in doc.layer("entities")] == [("e1", "Moldova"), ("e2", "Georgia"), ("e3", "Armenia")]


def test_possessive_is_not_part_of_the_name(pipeline: Pipeline) -> None:
    text = "Georgia’s army and Moldova's police were ready."
    found = entities(pipeline, text)
    assert [m.of(text) for m in found["Georgia"].mentions] == ["Georgia"]
    assert "Moldova" in found
