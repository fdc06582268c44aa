"""The source head's recipe: labelled candidate pairs from the tagger's pass, a fit on two articles."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from unspin.models.onnx_tagger import OnnxTokenTagger

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "unspin" / "models" / "statements"
NEEDS_DATA = pytest.mark.skipif(not (DATA_ROOT / "polnear").is_dir(), reason="needs ../shared/data")


@NEEDS_DATA
def test_candidates_are_labelled_by_the_gold_source_of_the_same_content() -> None:
    from unspin.evaluate.polnear import load_articles
    from unspin.models.source_choice import TaggerPass
    from unspin.train.attribution_head import held_out
    from unspin.train.source_head import candidate_labels

    _, head_part = held_out(load_articles(DATA_ROOT / "polnear" / "data" / "train", 10))
    article = head_part[0]
    features, targets = candidate_labels(article, TaggerPass.of(OnnxTokenTagger(SHIPPED), article.text))
    assert len(features) == len(targets) > 0 and set(targets) == {0, 1}


@NEEDS_DATA
@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="training extra")
def test_a_head_fitted_on_two_articles_is_written_beside_the_tagger(tmp_path: Path) -> None:
    from unspin.evaluate.polnear import load_articles
    from unspin.models.source_choice import HEAD_FILE, SETTINGS_FILE, SourceChooser
    from unspin.train.source_head import fit_source_head

    folder = tmp_path / "tagger"
    shutil.copytree(SHIPPED, folder)
    train = load_articles(DATA_ROOT / "polnear" / "data" / "train", 2)
    dev = load_articles(DATA_ROOT / "polnear" / "data" / "dev", 1)
    entry = fit_source_head(folder, train, dev)
    assert (folder / HEAD_FILE).is_file() and (folder / SETTINGS_FILE).is_file()
    assert entry["articles"] == 2 and entry["pairs"] > entry["sources"] > 0
    assert 0 <= entry["dev_source_overlap_f1"] <= 1 and entry["threshold"] > 0
    assert json.loads((folder / "card.json").read_text(encoding="utf-8"))["source_head"] == entry
    assert (folder / "MODEL_CARD.md").read_text(encoding="utf-8").count("## Source head") == 1
    chooser = SourceChooser.beside(OnnxTokenTagger(folder))
    assert chooser.threshold == entry["threshold"]


@NEEDS_DATA
@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="training extra")
def test_a_refitted_head_is_written_beside_a_copy_of_the_tagger(tmp_path: Path) -> None:
    from unspin.models.source_choice import HEAD_FILE
    from unspin.train.source_head import train_source_head

    before = (SHIPPED / HEAD_FILE).read_bytes()
    entry = train_source_head(SHIPPED, tmp_path / "copy", DATA_ROOT, limit=2)
    assert (tmp_path / "copy" / "labels.json").is_file() and (tmp_path / "copy" / HEAD_FILE).is_file()
    assert entry["articles"] == 2 and (SHIPPED / HEAD_FILE).read_bytes() == before
