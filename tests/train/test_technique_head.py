"""Fitting the technique head on the shipped tagger's pass over a few PTC articles (training extra)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from unspin.models.span_techniques import HEAD_FILE, load_technique_head
from unspin.stages.rhetoric_model import SHIPPED_MODEL

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"
NEEDS = pytest.mark.skipif(
    not (importlib.util.find_spec("torch") and (DATA_ROOT / "ptc").is_dir()),
    reason="needs ../shared/data and the training extra",
)


def test_the_fit_is_a_regression_that_learns_separable_classes() -> None:
    pytest.importorskip("torch", reason="training extra")
    from unspin.train.technique_head import LABELS, fit_head

    rng = np.random.default_rng(0)
    targets = np.arange(200) % 3
    features = rng.normal(size=(200, 4)) + np.eye(4)[targets] * 4
    head = fit_head(features, targets)
    assert head.labels == LABELS and head.weights.shape == (4, len(LABELS))
    assert (head.probabilities(features).argmax(axis=1) == targets).mean() > 0.95


@NEEDS
def test_a_head_fitted_on_two_articles_is_written_beside_a_copy_of_the_tagger(tmp_path: Path) -> None:
    from unspin.train.technique_head import train_technique_head

    entry = train_technique_head(SHIPPED_MODEL, tmp_path / "model", DATA_ROOT, limit=2)
    folder = tmp_path / "model"
    assert (folder / "model.int8.onnx").is_file() and (folder / HEAD_FILE).is_file()
    assert load_technique_head(folder).weights.shape[1] == 14
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["technique_head"] == entry and entry["articles"] == 2 and 0 <= entry["validation_tc_micro_f1"] <= 1
    markdown = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert markdown.count("## Technique head") == 1 and "unspin train techniques" in markdown
