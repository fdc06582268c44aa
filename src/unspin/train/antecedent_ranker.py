"""Fit the pronoun antecedent ranker (:mod:`unspin.models.antecedent_ranker`) on GUM (training extra).

Each GUM training document is rebuilt as text (as ``unspin eval coref`` rebuilds it) and analysed by the
default pipeline's sentence and entity stages, so the ranker learns from the candidates it will see at run
time. A (pronoun, candidate) pair is labelled ``antecedent`` when linking the pronoun to that entity is what
``unspin eval coref`` counts as right (:class:`unspin.evaluate.coref.GoldChains`). Weight decay and threshold
are chosen on GUM dev by F1 on the pronouns whose entity was named before them (the ones an entity-based
resolver can reach), scoring what the stage links: the rules' links, and the ranker's for the pronouns the
rules leave alone. The card reports every section of the suite at the chosen setting, and the rule
resolver's figures beside them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.annotations import CorefLink, Entity
from unspin.conllu import load_split
from unspin.document import Document
from unspin.evaluate.coref import SECTIONS, GoldChains, GumDocument, gum_document, reporting_lemmas, score_document
from unspin.evaluate.progress import tracked
from unspin.evaluate.scoring import Score
from unspin.models.antecedent_ranker import (
    FEATURES,
    HEAD_FILE,
    LABELS,
    SETTINGS_FILE,
    AntecedentRanker,
    PronounCase,
    pronoun_cases,
)
from unspin.train.linear_head import fit_linear_head

STAGES = ("sentences.rules.v1", "entities.rules.v1", "coref.rules.v1")
"""The default pipeline's stages up to coreference: the entities the ranker reads, and the rules to compare."""
WEIGHT_DECAYS = (1e-3, 1e-2, 3e-2)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 15))
MAX_ITERATIONS = 300
SELECTION = "third-person pronouns"


@dataclass(frozen=True)
class AnalysedDocument:
    """A GUM document and the pipeline's reading of it (sentences, entities, the rules' links)."""

    gum: GumDocument
    doc: Document

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.doc.layer("entities")

    @property
    def rule_links(self) -> tuple[CorefLink, ...]:
        return self.doc.layer("coref")

    def gold_cases(self) -> tuple[list[PronounCase], list[np.ndarray]]:
        """The pronoun cases with the gold chains (a pronoun counts as a mention of its first right candidate)
        and each case's labels."""
        chains = GoldChains(self.gum)
        labels: list[np.ndarray] = []

        def gold(case: PronounCase) -> int | None:
            labels.append(case_labels(case, chains))
            right = np.flatnonzero(labels[-1])
            return int(right[0]) if len(right) else None

        return pronoun_cases(self.doc, gold), labels


def analysed(data_root: Path, split: str, limit: int | None = None) -> list[AnalysedDocument]:
    """The GUM documents of ``split`` (``splits.md``), analysed."""
    from unspin.config import PipelineConfig
    from unspin.pipeline import Pipeline

    documents, _ = load_split(data_root / "gum" / "dep", split)
    pipeline = Pipeline(PipelineConfig(stages=STAGES))
    found = []
    for document in tracked(documents[:limit], f"GUM {split}"):
        gum = gum_document(document)
        found.append(AnalysedDocument(gum, pipeline(Document(gum.id, gum.text))))
    return found


def case_labels(case: PronounCase, chains: GoldChains) -> np.ndarray:
    """1 for each candidate that the coref suite would count as the pronoun's right antecedent, else 0."""
    index = chains.word_at(case.pronoun)
    if index is None:
        return np.zeros(len(case.candidates), dtype=np.int64)
    return np.array([int(chains.links_right(index, c.entity.mentions)) for c in case.candidates], dtype=np.int64)


def training_pairs(documents: Sequence[AnalysedDocument]) -> tuple[np.ndarray, np.ndarray]:
    features, targets = [], []
    for document in documents:
        cases, labels = document.gold_cases()
        features.extend(case.features for case in cases)
        targets.extend(labels)
    if not features:
        return np.zeros((0, FEATURES), dtype=np.float32), np.zeros(0, dtype=np.int64)
    return np.concatenate(features), np.concatenate(targets)


def stage_links(ranker: AntecedentRanker, document: AnalysedDocument) -> list[CorefLink]:
    """What ``coref.ranking.v1`` links in the document: the rules' links, and the ranker's for the rest."""
    return [*document.rule_links, *ranker(document.doc, given=document.rule_links)]


def suite_scores(documents: Sequence[AnalysedDocument], links: Sequence[Sequence[CorefLink]]) -> dict[str, Score]:
    """The coref suite's sections for these links, one sequence per document."""
    sections = {name: Score() for name in SECTIONS}
    verbs = reporting_lemmas()
    for document, document_links in zip(documents, links, strict=True):
        score_document(document.gum, tuple(document_links), document.entities, verbs, sections)
    return sections


def train_ranker(out: Path, data_root: Path, limit: int | None = None) -> dict[str, Any]:
    """Fit the ranker on GUM train, choose weight decay and threshold on GUM dev, and write the head, its
    settings and a model card to ``out``. ``limit``: the first N documents of each split (quick runs)."""
    started = time.perf_counter()
    train, dev = analysed(data_root, "train", limit), analysed(data_root, "dev", limit)
    features, targets = training_pairs(train)
    if not targets.any():
        raise ValueError("no pronoun in the training documents has a candidate antecedent")
    best: tuple[float, float, float, AntecedentRanker] | None = None
    grid: dict[str, float] = {}
    for weight_decay in WEIGHT_DECAYS:
        head = fit_linear_head(features, targets, LABELS, weight_decay=weight_decay, max_iterations=MAX_ITERATIONS)
        for threshold in THRESHOLDS:
            ranker = AntecedentRanker(head, threshold)
            sections = suite_scores(dev, [stage_links(ranker, d) for d in dev])
            grid[f"{weight_decay}@{threshold}"] = round(sections[SELECTION].f1, 4)
            if best is None or sections[SELECTION].f1 > best[0]:
                best = (sections[SELECTION].f1, weight_decay, threshold, ranker)
    assert best is not None
    _, weight_decay, threshold, ranker = best
    out.mkdir(parents=True, exist_ok=True)
    ranker.head.save(out / HEAD_FILE)
    (out / SETTINGS_FILE).write_text(
        json.dumps({"threshold": threshold, "weight_decay": weight_decay, "features": FEATURES}, indent=2) + "\n",
        encoding="utf-8",
    )
    chosen = suite_scores(dev, [stage_links(ranker, d) for d in dev])
    rules = suite_scores(dev, [d.rule_links for d in dev])
    card = {
        "model": "pronoun antecedent ranker (logistic regression over pair features)",
        "data": "GUM train documents (../shared/data/gum/dep, splits.md), entities by the default pipeline's rules",
        "licence": "GUM annotations CC BY 4.0 (text licences per genre, see ../shared/data/gum)",
        "selection": f"weight decay and threshold on GUM dev by F1 of '{SELECTION}'",
        "documents": {"train": len(train), "dev": len(dev)},
        "pairs": len(targets),
        "antecedent_pairs": int(targets.sum()),
        "features": FEATURES,
        "weight_decay": weight_decay,
        "threshold": threshold,
        "max_iterations": MAX_ITERATIONS,
        "seed": "none needed (zero start, full-batch L-BFGS)",
        "dev_metrics": _figures(chosen),
        "dev_metrics_rules": _figures(rules),
        "dev_grid": grid,
        "seconds": round(time.perf_counter() - started),
    }
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    _write_model_card(out, card)
    return card


def _figures(sections: dict[str, Score]) -> dict[str, dict[str, float]]:
    return {
        name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
        for name, s in sections.items()
    }


def _write_model_card(out: Path, card: dict[str, Any]) -> None:
    rows = "\n".join(
        f"| {name} | {m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f} | "
        f"{card['dev_metrics_rules'][name]['precision']:.3f} / {card['dev_metrics_rules'][name]['recall']:.3f} / "
        f"{card['dev_metrics_rules'][name]['f1']:.3f} |"
        for name, m in card["dev_metrics"].items()
    )
    (out / "MODEL_CARD.md").write_text(
        "# unspin pronoun antecedent ranker (GUM coreference)\n\n"
        "Links each third-person pronoun to one of the entities named in the 12 sentences before it, or to none "
        "(`unspin.models.antecedent_ranker`, stage `coref.ranking.v1`): a logistic regression over agreement, "
        "recency, salience and quotation features of each (pronoun, entity) pair. Trained by `unspin train coref` "
        f"on {card['pairs']} pairs ({card['antecedent_pairs']} right antecedents) from {card['documents']['train']} "
        f"GUM training documents, the entities found by the default pipeline's rule stages; weight decay "
        f"{card['weight_decay']} and threshold {card['threshold']} chosen on GUM dev "
        f"({card['documents']['dev']} documents) by F1 on pronouns whose entity was named before them. "
        f"{card['seed']}; {card['seconds']} s. Data licence: {card['licence']}.\n\n"
        "## GUM dev (`unspin eval coref` sections), P / R / F1\n\n"
        f"| section | ranker | rules (`coref.rules.v1`) |\n|---|---|---|\n{rows}\n",
        encoding="utf-8",
    )
