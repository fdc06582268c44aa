"""The technique head: span features from the tagger's pass, the regression, and the shipped head in its stage."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.errors import ModelError
from unspin.models.onnx_tagger import PieceScores
from unspin.models.span_techniques import (
    REPEAT_BUCKETS,
    occurrences,
    span_features,
    technique_columns,
)
from unspin.pipeline import Pipeline
from unspin.spans import Span
from unspin.stages.rhetoric import TECHNIQUES

LABELS = ("O", "B-Doubt", "I-Doubt", "B-Slogans", "I-Slogans")
TEXT = "Never again! never  again."
SCORES = PieceScores(
    offsets=[(0, 5), (6, 11), (11, 12), (13, 18), (20, 25), (25, 26)],
    word_ids=[0, 1, 2, 3, 4, 5],
    probs=np.array([[0.2, 0.1, 0.1, 0.5, 0.1], [0.4, 0.1, 0.1, 0.1, 0.3], [1, 0, 0, 0, 0]] + [[1.0, 0, 0, 0, 0]] * 3),
    hidden=np.arange(6 * 384, dtype=np.float32).reshape(6, 384),
)


def spanning(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words))


@pytest.mark.parametrize(
    ("text", "words", "count"),
    [
        ("Make America great. Make  america GREAT again.", "Make America great", 2),
        ("A b. A b. A b. A b.", "A b", 4),
        ("only once here", "once", 1),
        ("spaces   here", "  ", 1),
        ("The others went there; the end.", "The", 2),  # whole words: not inside "others" or "there"
        ("“Traitors!” Traitors, all of them.", "“Traitors!”", 1),
        ("so-called “parliament” and the so-called  “parliament”", "so-called “parliament”", 2),
    ],
)
def test_occurrences_ignore_case_and_spacing(text, words, count):
    assert occurrences(text, spanning(text, words)) == count


def test_columns_pair_each_technique_with_its_b_and_i_labels():
    assert technique_columns(LABELS, ("Slogans", "Doubt")) == [[3, 4], [1, 2]]
    with pytest.raises(ModelError, match="no B-/I- labels"):
        technique_columns(LABELS, ("Flag-Waving",))


def test_features_read_the_span_pieces_and_the_repeats():
    (row,) = span_features(TEXT, SCORES, [Span(0, 11)], technique_columns(LABELS, ("Doubt", "Slogans")))
    hidden = SCORES.hidden
    assert row.shape == (3 * 384 + 2 + 1 + len(REPEAT_BUCKETS) + 1,)
    assert np.allclose(row[:384], hidden[:2].mean(axis=0))  # mean over "Never", "again"
    assert np.allclose(row[384:768], hidden[0]) and np.allclose(row[768:1152], hidden[1])  # first and last pieces
    assert np.allclose(row[1152:1154], [0.2, 0.5])  # Doubt (0.2 + 0.2) / 2, Slogans (0.6 + 0.4) / 2
    assert row[1154] == pytest.approx(0.3)  # mean P(O)
    assert row[1155:1158].tolist() == [0.0, 1.0, 0.0]  # "never again" occurs twice
    assert row[1158] == pytest.approx(np.log1p(2))


def test_features_need_the_hidden_states():
    bare = PieceScores(SCORES.offsets, SCORES.word_ids, SCORES.probs)
    with pytest.raises(ModelError, match="hidden-state output"):
        span_features(TEXT, bare, [Span(0, 5)], technique_columns(LABELS, ("Doubt",)))


STAGES = ("sentences.rules.v1", "entities.rules.v1", "coref.rules.v1", "statements.rules.v1", "rhetoric.minilm.v2")
ARTICLE = (
    "“These criminals will pay,” the minister said. Our glorious nation stands united against the criminals. "
    "Never again! Never again will we bow."
)


def test_the_shipped_head_names_every_span_of_the_shipped_tagger():
    pipeline = Pipeline(PipelineConfig(stages=STAGES))
    doc = pipeline(Document("t", ARTICLE))
    records = doc.layer("rhetoric")
    assert records, "the shipped tagger finds no technique in a loaded text"
    for record in records:
        assert record.technique in TECHNIQUES and 0 < record.confidence <= 1
    techniques = pipeline.stage_function("rhetoric").techniques  # type: ignore[union-attr]
    spans = [r.span for r in records] + [spanning(ARTICLE, "Never again")]
    rankings = techniques.ranked(ARTICLE, spans)
    assert [ranking[0][0] for ranking in rankings[:-1]] == [r.technique for r in records]
    assert all(sum(p for _, p in ranking) == pytest.approx(1.0, abs=1e-4) for ranking in rankings)
    once = ARTICLE.replace("Never again will", "Now we will")

    def repetition(text: str) -> float:
        (ranking,) = techniques.ranked(text, [spanning(text, "Never again")])
        return dict(ranking)["Repetition"]

    assert repetition(ARTICLE) > 2 * repetition(once)  # the same words, recurring or not
