"""The pronoun antecedent ranker: candidates by agreement, feature rows, chains, the shipped model's choices."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.annotations import Entity
from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.errors import ModelError
from unspin.models.antecedent_ranker import (
    FEATURES,
    LABELS,
    AntecedentRanker,
    agrees,
    load_ranker,
    pronoun_cases,
)
from unspin.models.linear_head import LinearHead
from unspin.pipeline import Pipeline
from unspin.spans import Span


@pytest.fixture(scope="module")
def read() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("sentences.rules.v1", "entities.rules.v1")))


def entity(name: str, label: str, titles: tuple[str, ...] = ()) -> Entity:
    return Entity("e1", name, label, (Span(0, len(name)),), titles)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "label", "group", "expected"),
    [
        ("Tom Berry", "person", "male", True),
        ("Anna Vole", "person", "male", False),  # a known given name of the other gender
        ("Anna Vole", "person", "female", True),
        ("Kovacs", "person", "female", True),  # gender unknown: a candidate for either
        ("Moldova", "place", "male", False),
        ("Moldova", "place", "neuter", True),
        ("Ukrainians", "group", "plural", True),
        ("Tom Berry", "person", "plural", False),
        ("Defense Ministry", "organization", "neuter", True),
    ],
)
def test_agreement(name: str, label: str, group: str, expected: bool) -> None:
    assert agrees(entity(name, label), group) is expected


def test_cases_hold_agreeing_candidates_and_a_row_each(read: Pipeline) -> None:
    text = "Tom Berry arrived in Moldova on Monday. He said the talks would go on."
    (case,) = pronoun_cases(read(Document("t", text)))
    assert case.pronoun.of(text) == "He" and case.kind == "he"
    assert [c.entity.name for c in case.candidates] == ["Tom Berry"]  # Moldova cannot be "he"
    assert case.features.shape == (1, FEATURES) and np.isfinite(case.features).all()


def test_a_linked_pronoun_joins_its_entity_for_the_pronouns_after_it(read: Pipeline) -> None:
    text = "Tom Berry arrived. He spoke. He left."
    doc = read(Document("t", text))
    first, second = pronoun_cases(doc, lambda case: 0)
    assert second.candidates[0].last == first.pronoun
    _, unchained = pronoun_cases(doc)
    assert unchained.candidates[0].last.of(text) == "Tom Berry"


def test_a_head_of_another_feature_count_is_refused() -> None:
    head = LinearHead(LABELS, np.zeros((3, 2)), np.zeros(2), np.zeros(3), np.ones(3))
    with pytest.raises(ModelError, match="unspin train coref"):
        AntecedentRanker(head, 0.5)


def test_the_shipped_ranker_loads_with_its_threshold() -> None:
    ranker = load_ranker()
    assert ranker.head.weights.shape == (FEATURES, 2) and 0 < ranker.threshold < 1


def test_given_links_are_kept_out_of_the_ranker_s_own(read: Pipeline) -> None:
    text = "Tom Berry arrived. He spoke."
    doc = read(Document("t", text))
    everything = load_ranker()(doc)
    assert [link.mention.of(text) for link in everything] == ["He"]
    assert load_ranker()(doc, given=everything) == []
