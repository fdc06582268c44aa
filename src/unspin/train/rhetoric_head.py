"""A MiniLM token classifier for the 14 PTC persuasion techniques (SemEval-2020 Task 11), training extra.

PTC marks technique spans in 371 news articles (one technique per span; spans of different techniques
overlap). The head tags each word piece ``O`` or ``B-``/``I-`` one technique; where gold spans overlap, the
shorter span labels the shared characters (it is the more specific claim: "“terrorists”" inside a longer
loaded sentence). Windows, labels and the loop are :mod:`unspin.train.span_tagging`'s.

Data: the PTC training articles, split by article with the ``ptc`` eval suite's salted hash
(:func:`unspin.evaluate.ptc.training_ids`): 80% to fit, the 20% validation part for selection and the figures
on the card. Licence: PTC is for research use only (see ../shared/data/ptc/README.md). Seed 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unspin.evaluate.ptc import Labelled, PtcArticle, load_ptc, score_ptc
from unspin.evaluate.scoring import EvalReport
from unspin.spans import Span
from unspin.stages.rhetoric import TECHNIQUES
from unspin.train.span_tagging import (
    CardFacts,
    TaggerResult,
    WindowExample,
    bio_labels,
    finish_tagger,
    text_windows,
    train_tagger,
)

TECHNIQUE_ORDER = tuple(sorted(TECHNIQUES))
LABELS = bio_labels(TECHNIQUE_ORDER)
SEED = 0
EPOCHS = 4
LEARNING_RATE = 1e-4
"""One epoch at 5e-5 left every word ``O`` (the techniques cover a sixth of the words); 4 epochs at 1e-4."""
READ_OVERLAP = 0
"""Window overlap of the run-time tagger (as for the attribution head)."""
RECORD_FILE = "rhetoric.json"


def shorter_first(span: Span, technique: str) -> float:
    """Overlapping gold spans: the shorter one labels the shared characters (sorted last, it is written last)."""
    return -len(span)


def training_windows(tokenizer: Any, articles: list[PtcArticle]) -> list[WindowExample]:
    return [
        window
        for article in articles
        for window in text_windows(
            tokenizer,
            article.text,
            [(Span(s.start, s.end), s.technique) for s in article.tc if s.technique in TECHNIQUES],
            LABELS,
            shorter_first,
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
) -> TaggerResult:
    """Fine-tune the rhetoric head on the PTC training part and save it under ``out_dir`` (transformers
    format). ``limit`` keeps the first N training articles; the other options are
    :func:`unspin.train.span_tagging.train_tagger`'s."""
    from unspin.train.encoder_export import load_minilm_tokenizer

    articles = load_ptc(Path(data_root) / "ptc", "training")[:limit]
    return train_tagger(
        out_dir,
        training_windows(load_minilm_tokenizer(), articles),
        LABELS,
        record_file=RECORD_FILE,
        description="rhetoric head",
        epochs=epochs,
        seed=SEED,
        start_from=start_from,
        layers=layers,
        teacher=teacher,
        learning_rate=LEARNING_RATE,
    )


def evaluate_head(
    onnx_dir: Path, data_root: Path, model_file: str | None = None, limit: int | None = None
) -> EvalReport:
    """PTC validation figures of the head alone (techniques, no voice), with the ``ptc`` suite's scoring;
    ``limit``: the first N validation articles only (quick runs)."""
    from unspin.models.onnx_tagger import OnnxTokenTagger
    from unspin.stages.rhetoric_model import technique_spans, technique_tags

    tagger = OnnxTokenTagger(onnx_dir, model_file=model_file)
    articles = load_ptc(Path(data_root) / "ptc", "validation")[:limit]
    predicted = {}
    for a in articles:
        tags = technique_tags(tagger.labels, *tagger.word_probabilities(a.text))
        predicted[a.id] = [Labelled(s.start, s.end, technique) for s, technique in technique_spans(a.text, tags)]
    return score_ptc(articles, predicted, f"ptc validation part ({len(articles)} articles), rhetoric head alone")


def finish_head(model_dir: Path, data_root: Path, limit: int | None = None) -> dict[str, Any]:
    """Export to ``model_dir/onnx``, score fp32 and int8 on the PTC validation part (``limit``: its first N
    articles, for quick runs), keep int8 when it holds, and write the card there
    (:func:`unspin.train.span_tagging.finish_tagger`). Returns the card."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from unspin.train.encoder_export import export_token_classifier

    export = export_token_classifier(
        AutoModelForTokenClassification.from_pretrained(model_dir),
        AutoTokenizer.from_pretrained(model_dir),
        Path(model_dir) / "onnx",
        word_aggregation="first",
        overlap=READ_OVERLAP,
    )
    facts = CardFacts(
        name="unspin rhetoric head (PTC techniques)",
        title="unspin rhetoric head (PTC persuasion techniques)",
        description="all-MiniLM-L6-v2 fine-tuned as a word-piece tagger (O and B-/I- for each of the 14 "
        "SemEval-2020 Task 11 techniques) by `unspin train rhetoric` on the PTC training part, exported to ONNX "
        "({int8} kept: span identification F1 fp32 {fp32_f1}, int8 {int8_f1}). Data licence: PTC, research use "
        "only. Base model: Apache-2.0.",
        data={"train": "ptc/train-articles, training part (80%, salted hash)", "validation": "the other 20%"},
        licence="PTC: research use only (see ../shared/data/ptc/README.md)",
        labels=LABELS,
        record_file=RECORD_FILE,
        split="validation",
        metric="span identification (SI)",
        metric_key="span_identification",
        table_title="PTC validation part, the head alone (SemEval-2020 scoring, as `unspin eval ptc`)",
    )
    return finish_tagger(
        Path(model_dir), facts, export, lambda onnx_dir, name: evaluate_head(onnx_dir, data_root, name, limit)
    )
