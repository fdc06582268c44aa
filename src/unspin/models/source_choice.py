"""Choose each cue's source among candidate phrases, from the attribution tagger's own pass.

The attribution tagger labels words, and :mod:`unspin.attribution_tags` pairs each cue with the nearest source
run before it. Two things go wrong there: the tagger misses a source it half-sees (probability under the
``O`` label's) and the nearest run is not always the cue's. The source head looks at every candidate a cue
could have and scores the pair:

* candidates: the tagger's source runs, capitalised runs ("Hillary Clinton", "the State Department" as
  "State Department") and personal pronouns within reach of the cue (before it, or up to
  :data:`AFTER_CUE` characters after it, no paragraph break between),
* features: the candidate's and the cue's mean hidden states (the encoder's last layer over their words) and
  their product, and a few facts about the pair: the tagger's source probability on the candidate, whether it
  is a tagged run, a pronoun, capitalised, how far and on which side of the cue, whether a sentence end, a
  comma, a quotation mark or another cue lies between, its length, whether it is the source the grouping chose,
  whether it lies inside the group's own content, whether it is another group's source,
* a :class:`~unspin.models.linear_head.LinearHead` over those (labels ``other`` / ``source``), fitted by
  ``unspin train statements`` on PolNeAR articles the tagger did not learn from (its hold-out part), since on
  its own training articles the tagger is surer of its sources than it will be on new text.

The best candidate becomes the cue's source when its probability reaches the threshold chosen on PolNeAR dev
(``sources.json``); below it the cue keeps no source. Decision 0004 has the figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from unspin.attribution_tags import SENTENCE_END, RoleGroup, attribution_groups, reachable, role_spans
from unspin.errors import ModelError
from unspin.models.linear_head import LinearHead
from unspin.models.onnx_tagger import OnnxTokenTagger, PieceScores, Tag
from unspin.spans import Span

HEAD_FILE = "sources.npz"
SETTINGS_FILE = "sources.json"
LABELS = ("other", "source")
AFTER_CUE = 120
"""How far (characters) after its cue a candidate source may start (", said the minister")."""
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who"})
_NAME_WORD = r"[A-Z](?:[\w'’-]|\.(?=\w))*"
CANDIDATE = re.compile(
    rf"\b{_NAME_WORD}(?:(?:[^\S\n]+(?:of|the|for|and))*[^\S\n]+{_NAME_WORD})*"
    r"|\b(?:he|she|they|it|we|I|who|He|She|They|It|We|Who)\b"
)
"""A capitalised run on one line (inner "of", "the", "for", "and" allowed; a word may hold inner full stops,
"U.S", but not end in one, so a run stops at a sentence end) or a personal pronoun."""
SMALL_FEATURES = 16


@dataclass(frozen=True)
class Candidate:
    """A phrase that could be a cue's source; ``tagged`` when it is one of the tagger's source runs."""

    span: Span
    tagged: bool


@dataclass(frozen=True)
class TaggerPass:
    """What the tagger computed for a text, by word: character spans, label probabilities, hidden states; and
    the word tags and attribution groups made from them."""

    text: str
    starts: np.ndarray
    ends: np.ndarray
    probs: np.ndarray
    hidden: np.ndarray
    tags: list[Tag]
    groups: list[RoleGroup]
    source_columns: list[int]

    @classmethod
    def of(cls, tagger: OnnxTokenTagger, text: str, scores: PieceScores | None = None) -> TaggerPass:
        """The pass over ``text`` (the tagger runs unless its ``scores`` are given)."""
        if scores is None:
            (scores,) = tagger.piece_scores([text])
        spans, probs = tagger.words_of(scores)
        hidden = tagger.word_hidden(scores)
        tags = tagger.best_tags(spans, probs) if spans else []
        columns = [i for i, label in enumerate(tagger.labels) if label.endswith("-SOURCE")]
        return cls(
            text,
            np.array([s for s, _ in spans], dtype=np.int64),
            np.array([e for _, e in spans], dtype=np.int64),
            probs,
            hidden,
            tags,
            attribution_groups(text, tags),
            columns,
        )

    def source_runs(self) -> list[Span]:
        """The tagger's source runs (consecutive words tagged ``SOURCE``)."""
        return [span for span, role in role_spans(self.tags) if role == "SOURCE"]

    def words_in(self, spans: Sequence[Span]) -> np.ndarray:
        """Indices of the words lying wholly inside any of ``spans`` (words are in text order, apart)."""
        found = [
            np.arange(np.searchsorted(self.starts, span.start), np.searchsorted(self.ends, span.end, side="right"))
            for span in spans
        ]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def candidate_phrases(text: str) -> list[Span]:
    """Every capitalised run and personal pronoun of the text (:data:`CANDIDATE`), found once per text."""
    return [Span(match.start(), match.end()) for match in CANDIDATE.finditer(text)]


def candidates(text: str, group: RoleGroup, tagged_sources: Sequence[Span], phrases: Sequence[Span]) -> list[Candidate]:
    """The phrases within reach of the group's cue that could be its source, in text order: the tagger's
    source runs and the text's :func:`candidate_phrases` that do not overlap the cue."""
    start, end = group.cue[0].start, group.cue[-1].end

    def within_reach(span: Span) -> bool:
        before = reachable(text, span.end, start)
        return before or (reachable(text, end, span.start) and span.start - end <= AFTER_CUE)

    found = {(s.start, s.end): Candidate(s, True) for s in tagged_sources if within_reach(s)}
    for span in phrases:
        if within_reach(span) and not (span.start < end and start < span.end):
            found.setdefault((span.start, span.end), Candidate(span, False))
    return [found[key] for key in sorted(found)]


def pair_features(tagger_pass: TaggerPass, group: RoleGroup, options: Sequence[Candidate]) -> np.ndarray:
    """One row per candidate: hidden states of candidate and cue, their product, and the pair's facts (see the
    module docstring); a candidate with no whole word inside (rare) gets a row of zeros."""
    text = tagger_pass.text
    cue_words = tagger_pass.words_in(group.cue)
    size = tagger_pass.hidden.shape[1]
    rows = np.zeros((len(options), 3 * size + SMALL_FEATURES), dtype=np.float32)
    if not len(cue_words):
        return rows
    cue_hidden = tagger_pass.hidden[cue_words].mean(axis=0)
    cue_start, cue_end = group.cue[0].start, group.cue[-1].end
    chosen = group.source[0] if group.source else None
    other_cues = [g.cue[0].start for g in tagger_pass.groups if g.cue and g.cue is not group.cue]
    other_sources = [s for g in tagger_pass.groups if g is not group for s in g.source]
    for row, option in enumerate(options):
        span = option.span
        words = tagger_pass.words_in([span])
        if not len(words):
            continue
        hidden = tagger_pass.hidden[words].mean(axis=0)
        source_probability = tagger_pass.probs[words][:, tagger_pass.source_columns].sum(axis=1)
        before = span.end <= cue_start
        gap = text[span.end : cue_start] if before else text[cue_end : span.start]
        low, high = (span.end, cue_start) if before else (cue_end, span.start)
        small = [
            source_probability.mean(),
            source_probability.max(),
            float(option.tagged),
            float(span.of(text).lower() in PRONOUNS),
            float(span.of(text)[:1].isupper()),
            np.log1p(len(gap)),
            float(before),
            float(bool(SENTENCE_END.search(gap))),
            float(any(low <= other < high for other in other_cues)),
            np.log1p(len(words)),
            float(chosen is not None and chosen == span),
            float(chosen is not None and chosen.overlaps(span)),
            float("," in gap),
            float(any(mark in gap for mark in '"“”')),
            float(any(part.overlaps(span) for part in group.content)),
            float(any(other.overlaps(span) for other in other_sources)),
        ]
        rows[row] = np.concatenate([hidden, cue_hidden, hidden * cue_hidden, np.array(small, dtype=np.float32)])
    return rows


def pair_rows(tagger_pass: TaggerPass) -> list[tuple[int, list[Candidate], np.ndarray]]:
    """For each group with a cue and some candidate: its index, its candidates and their feature rows."""
    tagged_sources, phrases = tagger_pass.source_runs(), candidate_phrases(tagger_pass.text)
    rows = []
    for index, group in enumerate(tagger_pass.groups):
        if not group.cue:
            continue
        options = candidates(tagger_pass.text, group, tagged_sources, phrases)
        if options:
            rows.append((index, options, pair_features(tagger_pass, group, options)))
    return rows


class SourceChooser:
    """The attribution groups of a text with each cue's source chosen by the source head."""

    def __init__(self, tagger: OnnxTokenTagger, head: LinearHead, threshold: float) -> None:
        self.tagger = tagger
        self.head = head
        self.threshold = threshold

    @classmethod
    def beside(cls, tagger: OnnxTokenTagger) -> SourceChooser:
        """The chooser whose head and threshold are saved beside the tagger."""
        fix = "Fit one with `unspin train statements` (it writes sources.npz and sources.json beside the tagger)."
        head = LinearHead.load(tagger.model_dir / HEAD_FILE, fix=fix)
        try:
            settings = json.loads((tagger.model_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
            threshold = float(settings["threshold"])
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"No source-head settings in {tagger.model_dir} ({exc}).", fix=fix) from exc
        return cls(tagger, head, threshold)

    def __call__(self, text: str) -> TaggerPass:
        """The tagger's pass over ``text`` with its groups' sources chosen again."""
        return self.rechoose(TaggerPass.of(self.tagger, text))

    def rechoose(self, tagger_pass: TaggerPass) -> TaggerPass:
        """The pass with its groups' sources chosen by the head."""
        scored = [(index, options, self.scores(features)) for index, options, features in pair_rows(tagger_pass)]
        return replace(tagger_pass, groups=with_sources(tagger_pass, scored, self.threshold))

    def scores(self, features: np.ndarray) -> np.ndarray:
        """The head's probability that each candidate is the source."""
        return self.head.probabilities(features)[:, LABELS.index("source")]


def with_sources(
    tagger_pass: TaggerPass, scored: Sequence[tuple[int, list[Candidate], np.ndarray]], threshold: float
) -> list[RoleGroup]:
    """The pass's groups with each scored group's source set to its best candidate when that scores at least
    ``threshold``, else to none; groups not scored keep theirs. The chosen phrase takes the extent of the
    tagger's source run over it (the grouping's own source first): a capitalised run or pronoun is often only
    part of the source PolNeAR marks ("Donald Trump" in "Republican front-runner Donald Trump")."""
    chosen = list(tagger_pass.groups)
    runs = tagger_pass.source_runs()
    for index, options, scores in scored:
        best = int(scores.argmax())
        source = []
        if scores[best] >= threshold:
            span = options[best].span
            own = [s for s in chosen[index].source if s.overlaps(span)]
            over = sorted((r for r in runs if r.overlaps(span)), key=lambda r: r.start - r.end)
            source = [own[0] if own else over[0] if over else span]
        chosen[index] = replace(chosen[index], source=source)
    return chosen


def save_settings(folder: Path, threshold: float, **facts: object) -> None:
    """Write the chooser's threshold (and any facts worth keeping) to ``sources.json`` in ``folder``."""
    (folder / SETTINGS_FILE).write_text(
        json.dumps({"threshold": threshold, **facts}, indent=2) + "\n", encoding="utf-8"
    )
