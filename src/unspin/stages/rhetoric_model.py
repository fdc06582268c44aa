"""Persuasion techniques by the trained rhetoric model (PTC, SemEval-2020 Task 11), each in its voice.

The model (``unspin/models/rhetoric``, trained by ``unspin train rhetoric``) tags words ``B-``/``I-`` one of
the 14 techniques; a word takes a technique when the model is unsure enough that it is ``O``
(:func:`technique_tags`), and words of one technique a word or two apart make one span
(:func:`technique_spans`). Each span is in the voice of the innermost statement whose content holds it, else
the article's, as for the lexicon stage.

Two stages: ``rhetoric.minilm.v1`` (the model alone) and ``rhetoric.combined.v1`` (the model's spans, plus
each lexicon record that no model span of the same technique overlaps: the lexicon's phrase rules and
scare-quote evidence cover conflict-news labels the PTC articles rarely show).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from unspin.annotations import Rhetoric, Statement
from unspin.attribution_tags import Tagged, role_spans, words_between
from unspin.document import Document
from unspin.models.onnx_tagger import OnnxTokenTagger, Tag, stage_tagger
from unspin.registry import stage
from unspin.spans import Span
from unspin.stages.rhetoric import find_rhetoric, load_lexicon, statement_holding

SHIPPED_MODEL = Path(__file__).resolve().parents[1] / "models" / "rhetoric"


O_THRESHOLD = 0.7
"""A word takes its most probable technique when the model gives ``O`` less than this (the model, trained on
text where a sixth of the words carry a technique, rarely makes a technique the single most probable label:
on the PTC validation part span identification F1 is 0.25 by that rule, 0.39 with this one)."""
JOIN_GAP = 2
"""Spans of one technique at most this many words apart are one span (the tags break up inside long spans)."""


def technique_tags(tagger: OnnxTokenTagger, text: str) -> list[Tag]:
    """One tag per word: its best technique (``B-``/``I-``) when P(O) is under :data:`O_THRESHOLD`, else ``O``."""
    spans, probs = tagger.word_probabilities(text)
    tags = []
    for (start, end), p in zip(spans, probs, strict=True):
        best = int(p[1:].argmax()) + 1 if p[0] < O_THRESHOLD else 0
        tags.append(Tag(start, end, tagger.labels[best], float(p[best])))
    return tags


def technique_spans(text: str, tags: Sequence[Tagged]) -> list[tuple[Span, str]]:
    """Spans of words of one technique, joined across up to :data:`JOIN_GAP` words, in text order."""
    joined: list[tuple[Span, str]] = []
    for span, technique in role_spans(tags):
        if joined and joined[-1][1] == technique:
            gap = words_between(text, joined[-1][0], span)
            if gap is not None and gap <= JOIN_GAP:
                joined[-1] = (Span(joined[-1][0].start, span.end), technique)
                continue
        joined.append((span, technique))
    return joined


class ModelRhetoric:
    def __init__(self, tagger: OnnxTokenTagger) -> None:
        self.tagger = tagger

    def __call__(self, doc: Document) -> list[Rhetoric]:
        if not doc.text.strip():
            return []
        tags = technique_tags(self.tagger, doc.text)
        statements: tuple[Statement, ...] = doc.layer("statements")
        records = []
        for number, (span, technique) in enumerate(technique_spans(doc.text, tags), 1):
            statement = statement_holding(statements, span)
            scores = [t.score for t in tags if span.start <= t.start and t.end <= span.end]
            records.append(
                Rhetoric(
                    id=f"r{number}",
                    span=span,
                    technique=technique,
                    voice="article" if statement is None else statement.speaker_name or "article",
                    speaker_entity=None if statement is None else statement.speaker_entity,
                    confidence=round(sum(scores) / len(scores), 2) if scores else 0.0,
                    evidence="rhetoric model",
                )
            )
        return records


@stage("rhetoric.minilm.v1", produces="rhetoric", requires=("sentences", "statements"))
def minilm_rhetoric(model: str | None = None, threads: int = 1) -> Callable[[Document], list[Rhetoric]]:
    """PTC persuasion techniques by the trained rhetoric model, each in the voice of the statement holding it."""
    return ModelRhetoric(stage_tagger(model, SHIPPED_MODEL, "rhetoric", "unspin train rhetoric", threads))


def combined(model_records: Sequence[Rhetoric], lexicon_records: Sequence[Rhetoric]) -> list[Rhetoric]:
    """The model's records and the lexicon records no model span of the same technique overlaps, renumbered."""
    kept = [
        r
        for r in lexicon_records
        if not any(m.technique == r.technique and m.span.overlaps(r.span) for m in model_records)
    ]
    ordered = sorted([*model_records, *kept], key=lambda r: (r.span.start, r.span.end, r.technique))
    return [replace(r, id=f"r{i}") for i, r in enumerate(ordered, 1)]


@stage("rhetoric.combined.v1", produces="rhetoric", requires=("sentences", "statements", "scare_quotes"))
def combined_rhetoric(model: str | None = None, threads: int = 1) -> Callable[[Document], list[Rhetoric]]:
    """The rhetoric model's technique spans, plus the lexicon's where the model has none of that technique."""
    by_model = minilm_rhetoric(model, threads)
    cues = load_lexicon()

    def run(doc: Document) -> list[Rhetoric]:
        lexicon = find_rhetoric(
            doc.text, doc.layer("sentences"), doc.layer("statements"), doc.layer("scare_quotes"), cues
        )
        return combined(by_model(doc), lexicon)

    return run
