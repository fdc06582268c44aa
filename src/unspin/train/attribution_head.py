"""A MiniLM token classifier for attribution roles (source, cue, content), trained on PolNeAR (training extra).

PolNeAR marks every attribution in 1,028 news articles as a source ("the spokesman"), a cue ("said",
"according to", "'s decision") and a content span; contents often hold further attributions. The head tags
each word piece of an article with one of ``O``, ``B-``/``I-`` ``SOURCE``, ``CUE``, ``CONTENT``. Where spans
nest, the inner source and cue win over the outer content ("[Clinton said [aides]src [claimed]cue [...]]"),
and a new ``B-`` starts wherever a gold span starts, so adjacent spans stay apart.

Windows, labels and the training loop are :mod:`unspin.train.span_tagging`'s. Training: PolNeAR ``train`` (one
annotator's file per article, as the ``polnear`` suite reads them); ``dev`` is for selection and the figures
on the card. Seed 0.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unspin.attribution_tags import attribution_groups
from unspin.evaluate.polnear import Article, Attribution, load_articles, score_predictions
from unspin.evaluate.scoring import EvalReport
from unspin.spans import Span
from unspin.train.span_tagging import (
    WINDOW,
    CardFacts,
    TaggerResult,
    WindowExample,
    bio_labels,
    finish_tagger,
    text_windows,
    train_tagger,
)

if TYPE_CHECKING:
    from unspin.models.onnx_tagger import OnnxTokenTagger
    from unspin.train.encoder_export import ExportReport

ROLES = ("SOURCE", "CUE", "CONTENT")
LABELS = bio_labels(ROLES)
SEED = 0
EPOCHS = 1
READ_OVERLAP = 0
"""The window overlap the run-time tagger uses (written into the model's manifest). On PolNeAR dev with the
run-1 head, overlap 0, 32 and 64 score within 0.003 F1 of each other (content and source overlap), and 0
reads each piece once: ~13% faster than 64 for the 6-layer head, ~26% for a 3-layer one."""
RECORD_FILE = "head.json"
HOLD_OUT_EVERY = 5
"""Every fifth PolNeAR training article (sorted by id) is held out from the tagger, for the source head."""
DISTILLATION_TEXT = "ptc/train-articles"
"""News text (under the shared data folder) that a distilled head also learns from, labelled by its teacher
alone: the PTC training articles, which no PolNeAR figure reads."""
PRIORITY = {"SOURCE": 2, "CUE": 2, "CONTENT": 1}
"""Where gold spans overlap, the higher-priority role labels the character (inner source/cue over content)."""


def role_priority(span: Span, role: str) -> float:
    return PRIORITY[role]


def attribution_spans(attributions: Sequence[Attribution]) -> list[tuple[Span, str]]:
    """Every gold span of the attributions with its role."""
    return [
        (span, role)
        for attribution in attributions
        for role, group in zip(ROLES, (attribution.source, attribution.cue, attribution.content), strict=True)
        for span in group
    ]


def held_out(articles: Sequence[Article]) -> tuple[list[Article], list[Article]]:
    """PolNeAR training articles split into the tagger's part and the source head's (every
    :data:`HOLD_OUT_EVERY`-th in the order :func:`~unspin.evaluate.polnear.load_articles` gives)."""
    tagger_part = [a for i, a in enumerate(articles) if i % HOLD_OUT_EVERY]
    head_part = [a for i, a in enumerate(articles) if not i % HOLD_OUT_EVERY]
    return tagger_part, head_part


def training_windows(tokenizer: Any, articles: Sequence[Article]) -> list[WindowExample]:
    return [
        window
        for article in articles
        for window in text_windows(
            tokenizer, article.text, attribution_spans(article.attributions), LABELS, role_priority
        )
    ]


def train_head(
    out_dir: Path,
    data_root: Path,
    *,
    epochs: int = EPOCHS,
    limit: int | None = None,
    start_from: Path | None = None,
    layers: int | None = None,
    teacher: Path | None = None,
    trunk: Path | None = None,
    trunk_layers: int | None = None,
) -> TaggerResult:
    """Fine-tune the attribution head on the tagger's part of PolNeAR train (:func:`held_out`) and save it
    (transformers format) under ``out_dir``; with ``trunk`` (another tagger's ONNX folder), train only MiniLM's
    top layers on that tagger's first ``trunk_layers`` layers (:mod:`unspin.train.trunk_head`) and save those.

    ``limit`` keeps the first N articles of that part (quick runs and tests); ``start_from``, ``layers`` and
    ``teacher`` are :func:`unspin.train.span_tagging.train_tagger`'s; with a teacher, the student also learns
    the teacher's labels on :data:`DISTILLATION_TEXT` (its first N articles with ``limit``). One epoch of the
    6-layer head takes about 20-25 minutes on two cores when nothing else runs, so the shipped head is trained
    in steps of one epoch.
    """
    from unspin.train.encoder_export import load_minilm_tokenizer

    tagger_part, _ = held_out(load_articles(Path(data_root) / "polnear" / "data" / "train"))
    windows = training_windows(load_minilm_tokenizer(), tagger_part[:limit])
    held_out_note = {"held_out": f"every {HOLD_OUT_EVERY}th training article (sorted by id), for the source head"}
    if trunk is not None:
        from unspin.train.trunk_head import TRUNK_LAYERS, train_top

        return train_top(
            out_dir,
            windows,
            LABELS,
            trunk,
            trunk_layers=trunk_layers or TRUNK_LAYERS,
            record_file=RECORD_FILE,
            description="attribution head (top layers)",
            epochs=epochs,
            seed=SEED,
            notes=held_out_note,
        )
    unlabelled = sorted((Path(data_root) / DISTILLATION_TEXT).glob("*.txt"))[:limit] if teacher else []
    return train_tagger(
        out_dir,
        windows,
        LABELS,
        record_file=RECORD_FILE,
        description="attribution head",
        epochs=epochs,
        seed=SEED,
        start_from=start_from,
        layers=layers,
        teacher=teacher,
        notes={
            **held_out_note,
            **({"unlabelled_text": f"{DISTILLATION_TEXT} ({len(unlabelled)} articles)"} if unlabelled else {}),
        },
        unlabelled_texts=[path.read_text(encoding="utf-8") for path in unlabelled],
    )


def export_head(model_dir: Path, onnx_dir: Path) -> ExportReport:
    """The trained head as an ONNX model folder (fp32 and int8; the manifest points at fp32 until checked); a
    head on a trunk (:mod:`unspin.train.trunk_head`) as its top layers, its manifest naming the trunk."""
    from unspin.train.trunk_head import TOP_FILE, export_top

    if (model_dir / TOP_FILE).is_file():
        return export_top(model_dir, onnx_dir, RECORD_FILE, overlap=READ_OVERLAP)
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


def finish_head(model_dir: Path, data_root: Path, limit: int | None = None) -> dict[str, Any]:
    """Export the head to ``model_dir/onnx``, score fp32 and int8 on PolNeAR dev, keep int8 when it holds and
    write the card there (:func:`unspin.train.span_tagging.finish_tagger`); then fit the source head beside it
    on the hold-out part of train (:mod:`unspin.train.source_head`; ``limit``: its first N articles and dev's,
    for quick runs). Returns the card, with the source head's entry."""
    from unspin.train.source_head import train_source_head

    export = export_head(Path(model_dir), Path(model_dir) / "onnx")
    record = json.loads((Path(model_dir) / RECORD_FILE).read_text(encoding="utf-8"))
    trained = (
        f"MiniLM's top {record['layers']} layers, trained on the frozen first {record['trunk']['layers']} layers of "
        f"another tagger's int8 graph (the trunk named in labels.json)"
        if "trunk" in record
        else "all-MiniLM-L6-v2 fine-tuned"
    )
    dev = Path(data_root) / "polnear" / "data" / "dev"
    facts = CardFacts(
        name="unspin attribution head (PolNeAR)",
        title="unspin attribution head (PolNeAR source / cue / content)",
        description=f"{trained} as a word-piece tagger ({', '.join(LABELS)}) by `unspin train "
        f"statements` on four fifths of PolNeAR train (windows of {WINDOW} pieces; every fifth article held out for "
        "the source head), exported to ONNX ({int8} kept: content "
        "overlap F1 fp32 {fp32_f1}, int8 {int8_f1}). Data licence: PolNeAR annotations, research use (see "
        "../shared/data/polnear). Base model: Apache-2.0.",
        data={"train": "polnear/data/train", "dev": "polnear/data/dev"},
        licence="PolNeAR annotations: see ../shared/data/polnear/README.md (research use)",
        labels=LABELS,
        record_file=RECORD_FILE,
        split="dev",
        metric="content overlap",
        metric_key="content_overlap",
        table_title="PolNeAR dev, the head alone (no rules; groups by `unspin.attribution_tags`)",
        skip_sections=("speaker",),  # the head alone names no speakers
    )
    card = finish_tagger(Path(model_dir), facts, export, lambda onnx_dir, name: evaluate_head(onnx_dir, dev, name))
    onnx_dir = Path(model_dir) / "onnx"
    card["source_head"] = train_source_head(onnx_dir, onnx_dir, data_root, limit)
    return card
