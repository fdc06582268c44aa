"""Named entities from the core tagger (a stub) merged with the rule stage's titles, outlets, groups and places."""

from __future__ import annotations

import pytest
from core_stub import core_replaced

from unspin.annotations import Entity
from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    with core_replaced():
        return Pipeline(PipelineConfig(stages=("tokens.core.v1", "sentences.core.v1", "entities.core.v1")))


def entities(pipeline: Pipeline, text: str) -> dict[str, Entity]:
    return {e.name: e for e in pipeline(Document("t", text)).layer("entities")}


@pytest.mark.parametrize(
    ("text", "name", "label", "mentions"),
    [
        # the tagger alone: a person no lexicon knows, an organisation
        ("Talks with Kestrel Varga ended.", "Kestrel Varga", "person", ["Kestrel Varga"]),
        ("Workers said Acme Corp fired staff.", "Acme Corp", "organization", ["Acme Corp"]),
        # a title widens the tagged person's mention and is kept in its titles
        ("President Omar Haddad arrived.", "Omar Haddad", "person", ["President Omar Haddad"]),
        # a web-style outlet outranks the tagger's organisation "Trend"
        ("Fighting resumed, Trend.az reported.", "Trend.az", "outlet", ["Trend.az"]),
        # a plural demonym is a group, whatever the tagger says
        ("Thousands of Ukrainians fled.", "Ukrainians", "group", ["Ukrainians"]),
        ("The talks included the Kosovo Serbs as well.", "Kosovo Serbs", "group", ["Kosovo Serbs"]),
        # a place word types the list it ends; the gazetteer finds a place the tagger missed
        ("Shelling hit the Zorvan, Melk and Oshtan districts.", "Melk", "place", ["Melk"]),
        ("The delegation flew to Paris for the summit.", "Paris", "place", ["Paris"]),
        # a capital the tagger calls a person speaks for its government
        ("Baku said it would respond.", "Baku", "place", ["Baku"]),
        # a one-word "person" is a place where its context says so, or where it names a prominent place and
        # is no one's given name, unless the article names the person; a town called like a person
        # ("Mary", Turkmenistan) leaves the tagger's person
        ("Flooding hit Decatur on Monday.", "Decatur", "place", ["Decatur"]),
        ("Tom Decatur arrived. Later Decatur left.", "Tom Decatur", "person", ["Tom Decatur", "Decatur"]),
        ("Mary arrived on Monday.", "Mary", "person", ["Mary"]),
        ("Flooding hit homes in Mary on Monday.", "Mary", "place", ["Mary"]),
        # a name that speaks is a person when the tagger misses it
        ("Lindqvist said the plan failed.", "Lindqvist", "person", ["Lindqvist"]),
        # lower-case organisation heads after a demonym
        ("The strike was denied by Georgian media on Friday.", "Georgian media", "organization", ["Georgian media"]),
        # mentions of one person merge, titled and not
        (
            "President Omar Haddad arrived. Haddad said talks failed.",
            "Omar Haddad",
            "person",
            ["President Omar Haddad", "Haddad"],
        ),
    ],
)
def test_entities(pipeline, text, name, label, mentions):
    found = entities(pipeline, text)
    assert name in found, sorted(found)
    assert found[name].label == label
    assert [m.of(text) for m in found[name].mentions] == mentions


def test_titles_are_kept(pipeline):
    assert entities(pipeline, "President Omar Haddad arrived.")["Omar Haddad"].titles == ("President",)


@pytest.mark.parametrize(
    "text",
    [
        "Meanwhile, rain fell.",  # a function word the tagger took for a name
        "The President spoke on Monday.",  # a bare title, a weekday (DATE: no type of ours)
    ],
)
def test_tagger_noise_is_dropped(pipeline, text):
    assert entities(pipeline, text) == {}
