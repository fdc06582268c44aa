"""Fit the source head (:mod:`unspin.models.source_choice`) beside an attribution tagger (training extra).

The head learns which candidate phrase is a cue's source from the tagger's pass over PolNeAR articles the
tagger was *not* trained on: its hold-out part (every :data:`~unspin.train.attribution_head.HOLD_OUT_EVERY`-th
training article, :func:`unspin.train.attribution_head.held_out`). On its own training articles the tagger
is sure of nearly every source, and a head fitted there learns to trust it blindly.

A candidate is labelled ``source`` when the gold attribution whose content overlaps the group's content has a
source that overlaps the candidate (PolNeAR's overlap rule, as ``unspin eval polnear`` scores). The weight
decay and the threshold are chosen on PolNeAR dev by source overlap F1 of the head-alone groups, the figure
the card reports.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspin.evaluate.polnear import (
    SECTIONS,
    Article,
    Attribution,
    TokenIndex,
    load_articles,
    overlap,
    score_article,
)
from unspin.evaluate.progress import tracked
from unspin.evaluate.scoring import Score
from unspin.models.linear_head import LinearHead
from unspin.models.onnx_tagger import OnnxTokenTagger
from unspin.models.source_choice import (
    HEAD_FILE,
    LABELS,
    SETTINGS_FILE,
    SMALL_FEATURES,
    Candidate,
    SourceChooser,
    TaggerPass,
    pair_rows,
    save_settings,
    with_sources,
)
from unspin.train.attribution_head import held_out
from unspin.train.linear_head import add_head_to_card, copy_of_tagger, fit_linear_head

WEIGHT_DECAYS = (1e-3, 1e-2, 3e-2, 1e-1)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 15))
MAX_ITERATIONS = 300
CARD_TITLE = "Source head"

Scored = list[tuple[int, list[Candidate], np.ndarray]]


def candidate_labels(article: Article, tagger_pass: TaggerPass) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and ``source`` (1) / ``other`` (0) labels for every candidate of every cue in the article."""
    index = TokenIndex(article.text)
    gold = [g for g in article.attributions if g.content]
    features, targets = [], []
    for group_index, options, rows in pair_rows(tagger_pass):
        group = tagger_pass.groups[group_index]
        content = index.of(tuple(group.content))
        matched = next((g for g in gold if overlap(index.of(g.content), content)), None)
        source = index.of(matched.source) if matched is not None and matched.source else None
        for option, row in zip(options, rows, strict=True):
            features.append(row)
            targets.append(int(source is not None and overlap(source, index.of((option.span,)))))
    if not features:
        size = 3 * tagger_pass.hidden.shape[1] + SMALL_FEATURES
        return np.zeros((0, size), dtype=np.float32), np.zeros(0, dtype=np.int64)
    return np.stack(features), np.array(targets, dtype=np.int64)


def training_rows(tagger: OnnxTokenTagger, articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray]:
    features, targets = [], []
    for article in tracked(articles, "source head features"):
        rows, labels = candidate_labels(article, TaggerPass.of(tagger, article.text))
        if len(labels):
            features.append(rows)
            targets.append(labels)
    return np.concatenate(features), np.concatenate(targets)


def source_f1(
    articles: Sequence[Article], passes: Sequence[TaggerPass], scored: Sequence[Scored], threshold: float
) -> Score:
    """Source overlap P/R/F1 of the head-alone groups with sources chosen at ``threshold``."""
    sections = {section: Score() for section in SECTIONS}
    for article, tagger_pass, article_scored in zip(articles, passes, scored, strict=True):
        groups = with_sources(tagger_pass, article_scored, threshold)
        predicted = [
            Attribution(f"h{i}", tuple(g.source), tuple(g.cue), tuple(g.content)) for i, g in enumerate(groups, 1)
        ]
        score_article(article, predicted, sections)
    return sections["source overlap"]


def fit_source_head(tagger_dir: Path, train: Sequence[Article], dev: Sequence[Article]) -> dict[str, Any]:
    """Fit the head on ``train`` (articles the tagger did not learn from), choose weight decay and threshold on
    ``dev``, save both beside the tagger and add the head's section to its card. Returns the card entry."""
    started = time.perf_counter()
    tagger = OnnxTokenTagger(tagger_dir, threads=os.cpu_count() or 1)
    features, targets = training_rows(tagger, train)
    passes = [TaggerPass.of(tagger, article.text) for article in tracked(dev, "source head dev")]
    dev_rows = [pair_rows(tagger_pass) for tagger_pass in passes]
    baseline = source_f1(dev, passes, [[] for _ in passes], 0.0)
    best: tuple[float, float, float, LinearHead] | None = None
    grid: dict[str, float] = {}
    for weight_decay in WEIGHT_DECAYS:
        head = fit_linear_head(features, targets, LABELS, weight_decay=weight_decay, max_iterations=MAX_ITERATIONS)
        chooser = SourceChooser(tagger, head, 0.0)
        scored = [[(i, options, chooser.scores(rows)) for i, options, rows in article] for article in dev_rows]
        for threshold in THRESHOLDS:
            f1 = source_f1(dev, passes, scored, threshold).f1
            grid[f"{weight_decay}@{threshold}"] = round(f1, 4)
            if best is None or f1 > best[0]:
                best = (f1, weight_decay, threshold, head)
    assert best is not None
    f1, weight_decay, threshold, head = best
    head.save(Path(tagger_dir) / HEAD_FILE)
    entry = {
        "file": HEAD_FILE,
        "settings": SETTINGS_FILE,
        "data": "polnear/data/train, the tagger's hold-out part; dev for weight decay and threshold",
        "articles": len(train),
        "pairs": len(targets),
        "sources": int(targets.sum()),
        "features": int(features.shape[1]),
        "weight_decay": weight_decay,
        "threshold": threshold,
        "max_iterations": MAX_ITERATIONS,
        "seed": "none needed (zero start, full-batch L-BFGS)",
        "dev_source_overlap_f1": round(f1, 4),
        "dev_source_overlap_f1_without_head": round(baseline.f1, 4),
        "seconds": round(time.perf_counter() - started),
        "dev_grid": grid,
    }
    save_settings(Path(tagger_dir), threshold, weight_decay=weight_decay)
    _add_to_card(Path(tagger_dir), entry)
    return entry


def train_source_head(tagger_dir: Path, out_dir: Path, data_root: Path, limit: int | None = None) -> dict[str, Any]:
    """Fit the head on the tagger in ``tagger_dir`` as ``unspin train statements`` does after training it (the
    hold-out part of PolNeAR train to fit, dev to choose), written to ``out_dir``: a copy of the tagger's folder
    unless it is the same folder. Refitting is needed whenever the groups the head scores change
    (:mod:`unspin.attribution_tags`). ``limit`` (quick runs) keeps the first N articles of each part."""
    out_dir = copy_of_tagger(tagger_dir, out_dir)
    polnear = Path(data_root) / "polnear" / "data"
    _, head_part = held_out(load_articles(polnear / "train"))
    return fit_source_head(out_dir, head_part[:limit], load_articles(polnear / "dev", limit))


def _add_to_card(folder: Path, entry: dict[str, Any]) -> None:
    """The head's entry and section on the tagger folder's card (:func:`unspin.train.linear_head.add_head_to_card`)."""
    text = (
        f"`{HEAD_FILE}` and `{SETTINGS_FILE}`: choose each cue's source among candidate phrases (the tagger's source "
        "runs, capitalised runs, pronouns) from this tagger's pass (hidden states of candidate and cue, the pair's "
        "distance, side and punctuation; logistic regression, `unspin.models.source_choice`). Fitted by `unspin "
        f"train statements` on {entry['pairs']} candidate pairs of {entry['articles']} PolNeAR training articles "
        f"the tagger did not learn from (weight decay {entry['weight_decay']}, threshold {entry['threshold']}, both "
        f"chosen on dev), {entry['seconds']} s.\n\n"
        f"PolNeAR dev, head-alone groups: source overlap F1 {entry['dev_source_overlap_f1']:.3f} "
        f"(without the source head {entry['dev_source_overlap_f1_without_head']:.3f}).\n"
    )
    add_head_to_card(folder, "source_head", CARD_TITLE, text, entry)
