"""Name the persuasion technique of given spans from the rhetoric tagger's own pass (no second encoder run).

SemEval-2020 Task 11 asks two things: where the techniques are (spans) and which technique a given span is
(technique classification). The rhetoric tagger answers the first word by word; word by word it answers the
second poorly (TC micro-F1 0.42 on the PTC validation part), because a technique is a property of the whole
span and, for *Repetition*, of the article. The technique head reads each span as a whole, from what the tagger
already computed:

* the encoder's last hidden layer over the span's word pieces: their mean, the first and the last piece,
* the tagger's technique probabilities (``B-`` plus ``I-``) and ``O`` probability, averaged over the span,
* how often the span's words occur in the text (once, twice, three times or more), and the span's length,

standardised, then one linear layer and a softmax over the techniques (a :class:`~unspin.models.linear_head.LinearHead`,
fitted by ``unspin train techniques``). The head is a few hundred kilobytes of numbers (``techniques.npz``) beside
the tagger whose hidden states it reads, and costs no more than a matrix product per span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from unspin.errors import ModelError
from unspin.models.linear_head import LinearHead
from unspin.models.onnx_tagger import OnnxTokenTagger, PieceScores
from unspin.spans import Span

HEAD_FILE = "techniques.npz"
REPEAT_BUCKETS = (1, 2, 3)
"""A span's words occur once, twice, or three or more times in the text: one indicator each."""

_SPACE = re.compile(r"\s+")


def occurrences(text: str, span: Span) -> int:
    """How often the span's words occur in the text as whole words (case and runs of white space ignored; at
    least 1): "the" is not counted inside "there"."""
    words = _SPACE.sub(" ", text[span.start : span.end]).strip().lower()
    if not words:
        return 1
    body = r"\s+".join(re.escape(word) for word in words.split(" "))
    pattern = re.compile(rf"(?<!\w){body}(?!\w)")
    return max(1, len(pattern.findall(text.lower())))


def technique_columns(tagger_labels: Sequence[str], techniques: Sequence[str]) -> list[list[int]]:
    """For each technique, the tagger's output columns that carry it (``B-`` and ``I-``)."""
    missing = [t for t in techniques if f"B-{t}" not in tagger_labels or f"I-{t}" not in tagger_labels]
    if missing:
        raise ModelError(f"The rhetoric tagger has no B-/I- labels for {missing}.", fix="Fit the head on this tagger.")
    return [[list(tagger_labels).index(f"{prefix}-{t}") for prefix in "BI"] for t in techniques]


def span_features(text: str, scores: PieceScores, spans: Sequence[Span], columns: list[list[int]]) -> np.ndarray:
    """One row of features per span (see the module doc), from a text's piece scores with hidden states (a text of
    at least one word piece)."""
    if scores.hidden is None:
        raise ModelError(
            "The rhetoric tagger's ONNX graph has no hidden-state output, which the technique head reads.",
            fix="Export the tagger again (`unspin train rhetoric` writes a graph with a `hidden` output).",
        )
    starts = np.array([start for start, _ in scores.offsets], dtype=np.int64)
    ends = np.array([end for _, end in scores.offsets], dtype=np.int64)
    rows = []
    for span in spans:
        pieces = np.nonzero((starts < span.end) & (ends > span.start))[0]
        if not len(pieces):  # a span of spaces only: the next piece stands for it
            pieces = np.array([min(int(np.searchsorted(starts, span.start)), len(starts) - 1)])
        hidden, probs = scores.hidden[pieces], scores.probs[pieces]
        count = occurrences(text, span)
        repeats = [float(count == n if n < REPEAT_BUCKETS[-1] else count >= n) for n in REPEAT_BUCKETS]
        rows.append(
            np.concatenate(
                [
                    hidden.mean(axis=0),
                    hidden[0],
                    hidden[-1],
                    np.array([probs[:, c].sum(axis=1).mean() for c in columns]),
                    [probs[:, 0].mean()],
                    repeats,
                    [np.log1p(len(pieces))],
                ]
            ).astype(np.float32)
        )
    return np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


def load_technique_head(folder: Path) -> LinearHead:
    """The technique head saved beside the tagger in ``folder``."""
    return LinearHead.load(
        folder / HEAD_FILE, fix="Fit one with `unspin train techniques --model TAGGER_DIR --out DIR`."
    )


class SpanTechniques:
    """The technique of given spans: the tagger's pass over the text, then the head over each span."""

    def __init__(self, tagger: OnnxTokenTagger, head: LinearHead) -> None:
        self.tagger = tagger
        self.head = head
        self.columns = technique_columns(tagger.labels, head.labels)

    def probabilities(self, text: str, scores: PieceScores, spans: Sequence[Span]) -> np.ndarray:
        """Technique probabilities (spans x techniques, in ``head.labels`` order) from the text's piece scores;
        uniform where the text has no word piece to read."""
        if not scores.offsets:
            return np.full((len(spans), len(self.head.labels)), 1 / len(self.head.labels), dtype=np.float32)
        return self.head.probabilities(span_features(text, scores, spans, self.columns))

    def ranked(self, text: str, spans: Sequence[Span]) -> list[list[tuple[str, float]]]:
        """For each span, every technique with its probability, most probable first (runs the tagger)."""
        (scores,) = self.tagger.piece_scores([text])
        return self.ranked_from(text, scores, spans)

    def ranked_from(self, text: str, scores: PieceScores, spans: Sequence[Span]) -> list[list[tuple[str, float]]]:
        """:meth:`ranked` from piece scores already computed."""
        return [
            sorted(zip(self.head.labels, map(float, p), strict=True), key=lambda pair: -pair[1])
            for p in self.probabilities(text, scores, spans)
        ]
