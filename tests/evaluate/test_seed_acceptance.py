"""Acceptance: the seed suite's floors from issue 2 (events and rhetoric are reported, with no floor yet)."""

from __future__ import annotations

import pytest

from unspin.evaluate.seed import load_seed, score_seed


@pytest.fixture(scope="module")
def seed_report(seed_dir, pipeline):
    doc, gold = load_seed(seed_dir)
    return score_seed(pipeline(doc), gold, str(seed_dir))


def test_statements_found_with_the_right_speaker(seed_report):
    statements = seed_report.sections["statements"]
    assert statements.extra["recall_right_speaker"] >= 0.8, statements.misses


@pytest.mark.parametrize("section", ["places", "times", "quantities", "scare_quotes"])
def test_every_required_item_is_found(seed_report, section):
    score = seed_report.sections[section]
    assert score.true_positives == score.gold_total, score.misses


def test_scare_quotes_found_at_every_occurrence(seed_report):
    found, total = seed_report.sections["scare_quotes"].extra["occurrence_recall"].split("/")
    assert found == total
