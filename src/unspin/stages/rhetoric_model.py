"""Persuasion techniques by the trained rhetoric model (PTC, SemEval-2020 Task 11), each in its voice.

The model (``unspin/models/rhetoric``, trained by ``unspin train rhetoric``) tags words ``B-``/``I-`` one of
the 14 techniques; a word takes a technique when the model is unsure enough that it is ``O``
(:func:`technique_tags`), and words of one technique a word or two apart make one span
(:func:`technique_spans`). Each span is in the voice of the innermost statement whose content holds it, else
the article's, as for the lexicon stage.

Two stages: ``rhetoric.minilm.v1`` (the model alone) and ``rhetoric.combined.v1`` (the model's spans, plus
each lexicon record that no model span of the same technique overlaps: the lexicon's phrase rules and
scare-quote evidence cover conflict-news labels the PTC articles rarely show).

Their ``v2`` versions name each span's technique with the technique head shipped beside the tagger
(:mod:`unspin.models.span_techniques`, ``unspin train techniques``), which reads the whole span from the
tagger's own pass instead of word by word; their ``techniques`` is what ``unspin eval ptc`` asks for the
techniques of the gold spans.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from unspin.annotations import Rhetoric, Statement
from unspin.attribution_tags import Tagged, role_spans, words_between
from unspin.document import Document
from unspin.models.onnx_tagger import OnnxTokenTagger, Tag, stage_tagger
from unspin.models.span_techniques import SpanTechniques, load_technique_head
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


def technique_tags(
    labels: Sequence[str], spans: Sequence[tuple[int, int]], probs: Sequence[Sequence[float]]
) -> list[Tag]:
    """One tag per word (``spans`` and their label ``probs`` from the tagger, whose labels are ``labels``): its best
    technique (``B-``/``I-``) when P(O) is under :data:`O_THRESHOLD`, else ``O``."""
    tags = []
    for (start, end), p in zip(spans, probs, strict=True):
        best = int(p[1:].argmax()) + 1 if p[0] < O_THRESHOLD else 0
        tags.append(Tag(start, end, labels[best], float(p[best])))
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
    """The tagger's technique spans, each in its voice; with ``techniques`` (the technique head over the tagger's
    pass), each span's technique is the head's."""

    def __init__(self, tagger: OnnxTokenTagger, techniques: SpanTechniques | None = None) -> None:
        self.tagger = tagger
        self.techniques = techniques

    def __call__(self, doc: Document) -> list[Rhetoric]:
        if not doc.text.strip():
            return []
        (scores,) = self.tagger.piece_scores([doc.text])
        tags = technique_tags(self.tagger.labels, *self.tagger.words_of(scores))
        found = technique_spans(doc.text, tags)
        if self.techniques is None:
            confidences = [_mean_score(tags, span) for span, _ in found]
        else:
            best = [ranking[0] for ranking in self.techniques.ranked_from(doc.text, scores, [s for s, _ in found])]
            found = [(span, technique) for (span, _), (technique, _) in zip(found, best, strict=True)]
            confidences = [round(p, 2) for _, p in best]
        statements: tuple[Statement, ...] = doc.layer("statements")
        records = []
        for number, ((span, technique), confidence) in enumerate(zip(found, confidences, strict=True), 1):
            statement = statement_holding(statements, span)
            records.append(
                Rhetoric(
                    id=f"r{number}",
                    span=span,
                    technique=technique,
                    voice="article" if statement is None else statement.speaker_name or "article",
                    speaker_entity=None if statement is None else statement.speaker_entity,
                    confidence=confidence,
                    evidence="rhetoric model" if self.techniques is None else "rhetoric model, technique head",
                )
            )
        return records


def _mean_score(tags: Sequence[Tag], span: Span) -> float:
    scores = [t.score for t in tags if span.start <= t.start and t.end <= span.end]
    return round(sum(scores) / len(scores), 2) if scores else 0.0


@stage("rhetoric.minilm.v1", produces="rhetoric", requires=("sentences", "statements"))
def minilm_rhetoric(model: str | None = None, threads: int = 1) -> ModelRhetoric:
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


class CombinedRhetoric:
    """The model's records plus the lexicon's where the model has none of that technique."""

    def __init__(self, by_model: ModelRhetoric) -> None:
        self.by_model = by_model
        self.cues = load_lexicon()

    @property
    def techniques(self) -> SpanTechniques | None:
        return self.by_model.techniques

    def __call__(self, doc: Document) -> list[Rhetoric]:
        lexicon = find_rhetoric(
            doc.text, doc.layer("sentences"), doc.layer("statements"), doc.layer("scare_quotes"), self.cues
        )
        return combined(self.by_model(doc), lexicon)


@stage("rhetoric.combined.v1", produces="rhetoric", requires=("sentences", "statements", "scare_quotes"))
def combined_rhetoric(model: str | None = None, threads: int = 1) -> Callable[[Document], list[Rhetoric]]:
    """The rhetoric model's technique spans, plus the lexicon's where the model has none of that technique."""
    return CombinedRhetoric(minilm_rhetoric(model, threads))


@stage("rhetoric.minilm.v2", produces="rhetoric", requires=("sentences", "statements"))
def headed_rhetoric(model: str | None = None, threads: int = 1) -> ModelRhetoric:
    """The rhetoric model's spans, each named by its technique head, in the voice of the statement holding it."""
    tagger = stage_tagger(model, SHIPPED_MODEL, "rhetoric", "unspin train rhetoric", threads)
    return ModelRhetoric(tagger, SpanTechniques(tagger, load_technique_head(tagger.model_dir)))


@stage("rhetoric.combined.v2", produces="rhetoric", requires=("sentences", "statements", "scare_quotes"))
def headed_combined_rhetoric(model: str | None = None, threads: int = 1) -> Callable[[Document], list[Rhetoric]]:
    """The rhetoric model's spans named by its technique head, plus the lexicon's where it has none of a technique."""
    return CombinedRhetoric(headed_rhetoric(model, threads))
