"""Fit the technique head (:mod:`unspin.models.span_techniques`) on a rhetoric tagger's pass (training extra).

The tagger (``unspin train rhetoric``) is run once over each article of the PTC training part; every gold TC
line gives one example (the span's features, its technique; a span with k techniques gives k examples). The
head is a multinomial logistic regression: features standardised by their training mean and spread, weights
fitted by L-BFGS on the cross-entropy plus :data:`WEIGHT_DECAY` times the squared weights, from zeros, so the
fit is deterministic. The validation part (the ``ptc`` suite's, by article) gives the card's figure: technique
classification micro-F1 given the gold spans, as ``unspin eval ptc`` scores it.

Chosen on the validation part (2026-11-29, tagger run 1, substring repeat counts): technique probabilities,
``O``, repetition and length alone 0.541; with the mean hidden state 0.587; with the mean, first and last pieces'
hidden states 0.600 (weight decay 1e-2; 1e-3: 0.588, 5e-2: 0.590). Shipped (tagger run 2, whole-word repeat
counts): 0.598.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from unspin.evaluate.progress import tracked
from unspin.evaluate.ptc import PtcArticle, head_answers, load_ptc, score_tc_answers
from unspin.evaluate.scoring import Score
from unspin.models.linear_head import LinearHead
from unspin.models.onnx_tagger import OnnxTokenTagger
from unspin.models.span_techniques import HEAD_FILE, SpanTechniques, span_features, technique_columns
from unspin.spans import Span
from unspin.stages.rhetoric import TECHNIQUES
from unspin.train.linear_head import add_head_to_card, copy_of_tagger, fit_linear_head

LABELS = tuple(sorted(TECHNIQUES))
WEIGHT_DECAY = 0.01
MAX_ITERATIONS = 300
CARD_TITLE = "Technique head"


def feature_rows(tagger: OnnxTokenTagger, articles: list[PtcArticle]) -> tuple[np.ndarray, np.ndarray]:
    """Features and technique indices for every gold TC line of ``articles``."""
    columns = technique_columns(tagger.labels, LABELS)
    index = {label: i for i, label in enumerate(LABELS)}
    features, targets = [], []
    for article in tracked(articles, "technique head features"):
        lines = [t for t in article.tc if t.technique in index]
        if not lines:
            continue
        (scores,) = tagger.piece_scores([article.text])
        features.append(span_features(article.text, scores, [Span(t.start, t.end) for t in lines], columns))
        targets += [index[t.technique] for t in lines]
    return np.concatenate(features), np.array(targets, dtype=np.int64)


def fit_head(features: np.ndarray, targets: np.ndarray) -> LinearHead:
    """The technique regression (:func:`unspin.train.linear_head.fit_linear_head`) over span features."""
    return fit_linear_head(features, targets, LABELS, weight_decay=WEIGHT_DECAY, max_iterations=MAX_ITERATIONS)


def evaluate_technique_head(techniques: SpanTechniques, data_root: Path, limit: int | None = None) -> Score:
    """TC micro-F1 on the PTC validation part (its first ``limit`` articles when given), gold spans given."""
    articles = load_ptc(Path(data_root) / "ptc", "validation")[:limit]
    return score_tc_answers(articles, head_answers(tracked(articles, "validation"), techniques))[0]


def train_technique_head(tagger_dir: Path, out_dir: Path, data_root: Path, limit: int | None = None) -> dict[str, Any]:
    """Fit the head on the tagger in ``tagger_dir`` and write it to ``out_dir`` (a copy of the tagger's folder
    unless it is the same folder), with its figures added to the folder's card. Returns the head's card entry.
    ``limit`` (quick runs) keeps the first N articles of the training and of the validation part."""
    out_dir = copy_of_tagger(tagger_dir, out_dir)
    started = time.perf_counter()
    tagger = OnnxTokenTagger(out_dir, threads=os.cpu_count() or 1)
    articles = load_ptc(Path(data_root) / "ptc", "training")[:limit]
    features, targets = feature_rows(tagger, articles)
    head = fit_head(features, targets)
    head.save(out_dir / HEAD_FILE)
    score = evaluate_technique_head(SpanTechniques(tagger, head), data_root, limit)
    entry = {
        "file": HEAD_FILE,
        "data": "ptc/train-articles, training part (80%, salted hash), the tagger's pass over it",
        "articles": len(articles),
        "examples": len(targets),
        "features": int(features.shape[1]),
        "weight_decay": WEIGHT_DECAY,
        "max_iterations": MAX_ITERATIONS,
        "seed": "none needed (zero start, full-batch L-BFGS)",
        "validation_tc_micro_f1": round(score.f1, 4),
        "seconds": round(time.perf_counter() - started),
    }
    _add_to_card(out_dir, entry)
    return entry


def _add_to_card(folder: Path, entry: dict[str, Any]) -> None:
    """The head's entry and section on the tagger folder's card (:func:`unspin.train.linear_head.add_head_to_card`)."""
    text = (
        f"`{HEAD_FILE}`: names the technique of a given span from this tagger's pass (mean, first and last word "
        "pieces' hidden states, the tagger's technique probabilities, how often the span's words recur, its "
        "length; multinomial logistic regression, `unspin.models.span_techniques`). Fitted by `unspin train "
        f"techniques` on {entry['examples']} gold spans of {entry['articles']} PTC training articles (weight decay "
        f"{entry['weight_decay']}, L-BFGS from zeros), {entry['seconds']} s.\n\n"
        f"PTC validation part (gold spans given, as `unspin eval ptc`): technique classification micro-F1 "
        f"{entry['validation_tc_micro_f1']:.3f}.\n"
    )
    add_head_to_card(folder, "technique_head", CARD_TITLE, text, entry)
