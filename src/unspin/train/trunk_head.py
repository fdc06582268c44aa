"""Heads on a shared trunk (training extra): MiniLM's top layers trained on another head's lower layers.

The rhetoric and attribution taggers both run MiniLM over every word of an article. A head on a trunk reads
the hidden states another tagger's graph computes after its first N layers (the graph's ``trunk`` output) and
adds only the remaining 6 - N layers and its classifier, so in a pipeline that runs both, the second head
costs its top layers alone (:mod:`unspin.models.encoder_pass` shares the pass). The trunk stays as it is
(frozen, int8, exactly the graph the product runs): its states for every training window are computed once
with onnxruntime, and only the top layers (started from MiniLM's own layers N..5) and the classifier learn.

The exported head's graph takes ``trunk`` and ``attention_mask`` and returns ``logits`` and ``hidden``; its
manifest names the trunk graph (relative path), the output and the file's SHA-256 (checked at load).
"""

from __future__ import annotations

import copy
import json
import os
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.errors import ModelError
from unspin.models.encoder_pass import TRUNK_OUTPUT, file_sha256
from unspin.train.span_tagging import BATCH, IGNORED, WARMUP_STEPS, TaggerResult, WindowExample

TRUNK_LAYERS = 4
"""MiniLM layers (of 6) that the trunk computes by default; the head trains the other two (on the rhetoric
tagger's first four, the attribution head scores as a 2-layer head does: decision 0004 item 8)."""
TOP_FILE = "top.pt"
LEARNING_RATE = 1e-4
"""Peak learning rate of the top layers (higher than a whole encoder's 5e-5: fewer weights, frozen inputs)."""
HIDDEN = 384
TOP_INPUTS = (TRUNK_OUTPUT, "attention_mask")


def _norm_output(graph: Any, layers: int) -> str:
    """The tensor holding the hidden states after the first ``layers`` layers of a traced BERT graph."""
    wanted = f"/encoder/layer.{layers - 1}/output/LayerNorm/"
    for node in graph.node:
        if node.op_type == "LayerNormalization" and wanted in node.name:
            return str(node.output[0])
    raise ModelError(
        f"No output of encoder layer {layers - 1} found in the trunk graph.",
        fix="Use a head exported unfused by `unspin train rhetoric` (its layers' LayerNorm nodes keep their names).",
    )


def add_trunk_output(graph_file: Path, layers: int) -> str:
    """Give ``graph_file`` a ``trunk`` output (its hidden states after ``layers`` layers), in place, unless it has
    one after the same layer; nothing else of the graph changes. Returns the file's SHA-256 afterwards."""
    import onnx
    from onnx import helper

    model = onnx.load(str(graph_file))
    node_name = f"trunk_after_layer_{layers}"
    existing = [node for node in model.graph.node if TRUNK_OUTPUT in node.output]
    if existing:
        if existing[0].name != node_name:
            raise ModelError(
                f"{graph_file} already has a trunk output ({existing[0].name}), not one after {layers} layers.",
                fix=f"Train the head with --trunk-layers {existing[0].name.rsplit('_', 1)[-1]}.",
            )
        return file_sha256(graph_file)
    layer_output = _norm_output(model.graph, layers)
    model.graph.node.append(helper.make_node("Identity", [layer_output], [TRUNK_OUTPUT], node_name))
    shape = ["batch", "sequence", HIDDEN]
    model.graph.output.append(helper.make_tensor_value_info(TRUNK_OUTPUT, onnx.TensorProto.FLOAT, shape))
    onnx.save(model, str(graph_file))
    return file_sha256(graph_file)


def trunk_states(graph_file: Path, rows: Sequence[Sequence[int]]) -> list[np.ndarray]:
    """The trunk's hidden states (float16, pieces x hidden) for each row of piece ids ([CLS] and [SEP] included)."""
    from unspin.evaluate.progress import tracked
    from unspin.models.encoder_pass import RememberedGraph

    graph = RememberedGraph(graph_file, threads=max(1, os.cpu_count() or 1))
    states = []
    for row in tracked(list(rows), "trunk states"):
        ids = np.asarray([row], dtype=np.int64)
        states.append(graph.run(ids, np.ones_like(ids))[TRUNK_OUTPUT][0].astype(np.float16))
    return states


def top_layers(labels: Sequence[str], trunk_layers: int, seed: int) -> Any:
    """MiniLM's layers ``trunk_layers``..5 and a new classifier for ``labels`` over them, seeded: a torch module
    taking ``trunk`` (batch x pieces x hidden) and ``attention_mask``, returning logits and the last hidden layer."""
    import torch
    from transformers import AutoModel

    from unspin.train.encoder_export import minilm_dir, offline

    offline()
    torch.manual_seed(seed)
    base = AutoModel.from_pretrained(minilm_dir(), attn_implementation="eager")
    total = base.config.num_hidden_layers
    if not 0 < trunk_layers < total:
        raise ModelError(f"A trunk of {trunk_layers} layers leaves no top layer of MiniLM's {total} to train.")

    class TopLayers(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(copy.deepcopy(base.encoder.layer[i]) for i in range(trunk_layers, total))
            self.dropout = torch.nn.Dropout(base.config.hidden_dropout_prob)
            self.classifier = torch.nn.Linear(base.config.hidden_size, len(labels))

        def forward(self, trunk: Any, attention_mask: Any) -> tuple[Any, Any]:
            blocked = (1.0 - attention_mask[:, None, None, :].to(trunk.dtype)) * torch.finfo(trunk.dtype).min
            hidden = trunk
            for layer in self.layers:
                hidden = layer(hidden, attention_mask=blocked)
                hidden = hidden[0] if isinstance(hidden, tuple) else hidden
            return self.classifier(self.dropout(hidden)), hidden

    return TopLayers()


@dataclass(frozen=True)
class TrunkWindow:
    """A training window's trunk states (its [CLS] and [SEP] included) and its pieces' label indices."""

    states: np.ndarray
    labels: list[int]


def _batch(windows: Sequence[TrunkWindow]) -> dict[str, Any]:
    import torch

    width = max(len(w.states) for w in windows)
    trunk = torch.zeros(len(windows), width, windows[0].states.shape[-1])
    mask = torch.zeros(len(windows), width, dtype=torch.long)
    labels = torch.full((len(windows), width), IGNORED)
    for row, window in enumerate(windows):
        pieces = len(window.states)
        trunk[row, :pieces] = torch.from_numpy(window.states.astype(np.float32))
        mask[row, :pieces] = 1
        labels[row, 1 : pieces - 1] = torch.tensor(window.labels)
    return {"trunk": trunk, "attention_mask": mask, "labels": labels}


def _loss(model: Any, inputs: dict[str, Any]) -> Any:
    import torch

    labels = inputs.pop("labels")
    logits, _ = model(**inputs)
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))


def train_top(
    out_dir: Path,
    windows: list[WindowExample],
    labels: Sequence[str],
    trunk: Path,
    *,
    trunk_layers: int,
    record_file: str,
    description: str,
    epochs: int,
    seed: int,
    notes: dict[str, Any] | None = None,
) -> TaggerResult:
    """Train a head's top layers on ``trunk`` (a tagger's ONNX folder, whose graph gets a ``trunk`` output after
    ``trunk_layers`` layers if it lacks one) and save them under ``out_dir`` (``top.pt``) with the record."""
    import torch

    from unspin.models.onnx_tagger import graph_file, read_manifest
    from unspin.train.encoder_export import fine_tune, load_minilm_tokenizer

    trunk_graph = graph_file(Path(trunk), read_manifest(Path(trunk)).get("model"))
    sha256 = add_trunk_output(trunk_graph, trunk_layers)
    tokenizer = load_minilm_tokenizer()
    rows = [[tokenizer.cls_token_id, *w.ids, tokenizer.sep_token_id] for w in windows]
    started = time.perf_counter()
    states = trunk_states(trunk_graph, rows)
    state_seconds = time.perf_counter() - started
    examples = [TrunkWindow(s, w.labels) for s, w in zip(states, windows, strict=True)]
    model = top_layers(labels, trunk_layers, seed)
    steps, seconds = fine_tune(
        model,
        examples,
        _batch,
        epochs=epochs,
        batch_size=BATCH,
        learning_rate=LEARNING_RATE,
        warmup_steps=WARMUP_STEPS,
        seed=seed,
        description=description,
        loss=_loss,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), out_dir / TOP_FILE)
    tokenizer.save_pretrained(out_dir)
    record = {
        "windows": len(windows),
        "steps": steps,
        "epochs": epochs,
        "seed": seed,
        "learning_rate": LEARNING_RATE,
        "layers": 6 - trunk_layers,
        "labels": list(labels),
        "trunk": {"graph": str(Path(trunk) / trunk_graph.name), "layers": trunk_layers, "sha256": sha256},
        "trunk_state_seconds": round(state_seconds),
        **(notes or {}),
        "seconds": round(seconds),
    }
    (out_dir / record_file).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return TaggerResult(out_dir, len(windows), steps, seconds)


def export_top(model_dir: Path, onnx_dir: Path, record_file: str, *, overlap: int) -> Any:
    """The trained top layers as an ONNX model folder (fp32 and int8) whose manifest names its trunk; parity is
    checked against torch on the trunk's states of a few sentences."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from unspin.train.encoder_export import (
        FP32_FILE,
        INT8_FILE,
        PARITY_TEXTS,
        TOKENIZER_FILE,
        ExportReport,
        load_minilm_tokenizer,
        write_manifest,
    )

    record = json.loads((model_dir / record_file).read_text(encoding="utf-8"))
    labels, trunk = record["labels"], record["trunk"]
    model = top_layers(labels, int(trunk["layers"]), int(record["seed"]))
    model.load_state_dict(torch.load(model_dir / TOP_FILE))
    model.eval()
    onnx_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = load_minilm_tokenizer()
    rows = [tokenizer(text)["input_ids"] for text in PARITY_TEXTS]
    states = trunk_states(Path(trunk["graph"]), rows)
    example = torch.from_numpy(states[0].astype(np.float32))[None]

    started = time.perf_counter()
    with torch.no_grad(), warnings.catch_warnings():
        for category in (torch.jit.TracerWarning, DeprecationWarning, UserWarning):
            warnings.simplefilter("ignore", category)
        torch.onnx.export(
            model,
            (example, torch.ones(example.shape[:2], dtype=torch.long)),
            str(onnx_dir / FP32_FILE),
            dynamo=False,
            input_names=list(TOP_INPUTS),
            output_names=["logits", "hidden"],
            dynamic_axes={name: {0: "batch", 1: "sequence"} for name in (*TOP_INPUTS, "logits", "hidden")},
            opset_version=17,
        )
    export_seconds = time.perf_counter() - started
    started = time.perf_counter()
    quantize_dynamic(onnx_dir / FP32_FILE, onnx_dir / INT8_FILE, weight_type=QuantType.QInt8, per_channel=True)
    quantize_seconds = time.perf_counter() - started

    tokenizer.backend_tokenizer.save(str(onnx_dir / TOKENIZER_FILE))
    write_manifest(onnx_dir, labels, FP32_FILE, "first", overlap)
    link_trunk(onnx_dir, Path(trunk["graph"]), trunk["sha256"])
    return ExportReport(
        out_dir=str(onnx_dir),
        export_seconds=round(export_seconds, 3),
        quantize_seconds=round(quantize_seconds, 3),
        fp32_bytes=(onnx_dir / FP32_FILE).stat().st_size,
        int8_bytes=(onnx_dir / INT8_FILE).stat().st_size,
        parity=_parity(model, onnx_dir, states),
    )


def link_trunk(onnx_dir: Path, graph_file: Path, sha256: str) -> None:
    """Name the trunk in a head's manifest, by a path relative to the head's folder (so that a head shipped
    beside its trunk's folder finds it there)."""
    manifest_path = onnx_dir / "labels.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    relative = os.path.relpath(graph_file.resolve(), onnx_dir.resolve())
    manifest["trunk"] = {"model": relative, "output": TRUNK_OUTPUT, "sha256": sha256}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _parity(model: Any, onnx_dir: Path, states: Sequence[np.ndarray]) -> Any:
    import onnxruntime as ort
    import torch

    from unspin.train.encoder_export import FP32_FILE, INT8_FILE, Parity

    reference = []
    with torch.no_grad():
        for state in states:
            trunk = torch.from_numpy(state.astype(np.float32))[None]
            reference.append(model(trunk, torch.ones(trunk.shape[:2], dtype=torch.long))[0][0].numpy())

    def compare(name: str) -> tuple[float, float]:
        session = ort.InferenceSession(str(onnx_dir / name), providers=["CPUExecutionProvider"])
        diffs, agree, pieces = [], 0, 0
        for state, expected in zip(states, reference, strict=True):
            trunk = state.astype(np.float32)[None]
            mask = np.ones(trunk.shape[:2], dtype=np.int64)
            logits = session.run(["logits"], {"trunk": trunk, "attention_mask": mask})[0][0]
            diffs.append(float(np.abs(logits - expected).max()))
            agree += int((logits.argmax(-1) == expected.argmax(-1)).sum())
            pieces += len(expected)
        return max(diffs), agree / pieces

    diff32, agree32 = compare(FP32_FILE)
    diff8, agree8 = compare(INT8_FILE)
    return Parity(diff32, diff8, agree32, agree8, sum(len(s) for s in states))
