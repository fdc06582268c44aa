"""The naming map: labels grouped by actor against the neutral names of the same side."""

from __future__ import annotations

import pytest

from unspin.annotations import Entity, Naming
from unspin.spans import Span
from unspin.stages.naming import find_naming, head_phrase, label_sector
from unspin.stages.rhetoric import find_rhetoric
from unspin.stages.scare_quotes import find_scare_quotes
from unspin.stages.sentences import split_sentences

TEXT = (
    "Kurdish separatists attacked a checkpoint. Members of illegal Kurdish armed gangs fled. "
    "Later a group of separatists blocked the road, and the man calling himself “president” spoke. "
    "Officials met representatives of Kurds living in the Afrin region. The Kurdish population stayed calm. "
    "The Turkish army said the road was open."
)


def naming(text: str, entities: tuple[Entity, ...] = ()) -> list[Naming]:
    sentences = tuple(split_sentences(text))
    rhetoric = find_rhetoric(text, sentences, (), tuple(find_scare_quotes(text, (), sentences)))
    return find_naming(text, rhetoric, entities)


@pytest.mark.parametrize(
    ("label", "head", "sector"),
    [
        ("a group of separatists", "separatists", "rebel"),
        ("illegal Kurdish armed gangs", "illegal Kurdish armed gangs", "rebel"),
        ("the man calling himself “president”", "the man", "rebel"),
        ("the self-proclaimed government", "the self-proclaimed government", "rebel"),
        ("the brutal army", "the brutal army", "military"),
    ],
)
def test_label_head_and_sector(label: str, head: str, sector: str) -> None:
    assert head_phrase(label) == head
    assert label_sector(label) == sector


def test_labels_of_one_side_are_grouped_with_its_neutral_names() -> None:
    maps = naming(TEXT)
    assert [m.actor for m in maps] == ["Kurdish rebel"]  # a people without a state code is named by its demonym
    (side,) = maps
    assert [u.span.of(TEXT) for u in side.labels] == [
        "Kurdish separatists",
        "illegal Kurdish armed gangs",
        "a group of separatists",
        "the man calling himself “president”",
    ]
    assert {u.kind for u in side.labels} == {"label"}
    assert side.labels[0].technique == "Name_Calling,Labeling"
    assert [u.span.of(TEXT) for u in side.neutral] == [
        "representatives of Kurds living in the Afrin region",
        "Kurdish population",
    ]


def test_state_actor_neutral_names_are_its_plain_sector_phrases() -> None:
    text = "The brutal Ruritanian army shelled the town. The Ruritanian army later withdrew."
    (side,) = naming(text)
    assert [u.span.of(text) for u in side.labels] == ["brutal Ruritanian army"]
    assert [u.span.of(text) for u in side.neutral] == []  # no demonym entry for an invented country


def test_loaded_phrases_that_name_no_people_are_not_labels() -> None:
    text = "It was a brutal campaign and an illegal occupation."
    assert naming(text) == []


def test_group_entity_of_the_side_is_linked() -> None:
    start = TEXT.index("Kurdish population")
    entity = Entity("e7", "Kurds", "group", (Span(start, start + len("Kurdish population")),))
    (side,) = naming(TEXT, (entity,))
    assert side.entity == "e7"
