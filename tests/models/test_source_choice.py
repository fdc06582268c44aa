"""The source head's candidates, features and choice, on hand-built tagger passes."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.attribution_tags import RoleGroup
from unspin.models.onnx_tagger import Tag
from unspin.models.source_choice import (
    SMALL_FEATURES,
    Candidate,
    TaggerPass,
    candidate_phrases,
    candidates,
    pair_features,
    pair_rows,
    with_sources,
)
from unspin.spans import Span

HIDDEN = 4


def _span(text: str, phrase: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def _pass(text: str, labels: dict[str, str], groups: list[RoleGroup]) -> TaggerPass:
    """A pass over the text's words (split at spaces), labelled ``O`` unless ``labels`` says otherwise."""
    words, position = [], 0
    for word in text.split():
        start = text.index(word, position)
        words.append((start, start + len(word.rstrip(".,"))))
        position = start + len(word)
    names = ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]
    tags = [Tag(s, e, labels.get(text[s:e], "O"), 0.9) for s, e in words]
    probs = np.full((len(words), len(names)), 0.01, dtype=np.float32)
    for row, tag in enumerate(tags):
        probs[row, names.index(tag.label)] = 0.94
    hidden = np.arange(len(words) * HIDDEN, dtype=np.float32).reshape(len(words), HIDDEN)
    return TaggerPass(
        text,
        np.array([s for s, _ in words]),
        np.array([e for _, e in words]),
        probs,
        hidden,
        tags,
        groups,
        [1, 2],
    )


TEXT = "Officials said the talks failed, Maria Lopez added.\nHe said nothing."
CANDIDATE_CASES = [
    ("before the cue", _span(TEXT, "said"), ["Officials", "Maria Lopez"]),
    ("after the cue, same paragraph only", _span(TEXT, "added"), ["Officials", "Maria Lopez"]),
    ("a pronoun in the next paragraph", _span(TEXT, "said", 1), ["He"]),
]


@pytest.mark.parametrize(("case", "cue", "expected"), CANDIDATE_CASES, ids=[c[0] for c in CANDIDATE_CASES])
def test_candidates(case: str, cue: Span, expected: list[str]) -> None:
    found = candidates(TEXT, RoleGroup(cue=[cue]), [_span(TEXT, "Officials")], candidate_phrases(TEXT))
    assert [c.span.of(TEXT) for c in found] == expected


def test_a_tagged_source_run_is_marked_and_a_capitalised_run_stops_at_a_sentence_end() -> None:
    text = "Donald Trump. And Hillary Clinton of the State Department said so."
    group = RoleGroup(cue=[_span(text, "said")])
    found = candidates(text, group, [_span(text, "Hillary Clinton")], candidate_phrases(text))
    assert [(c.span.of(text), c.tagged) for c in found] == [
        ("Donald Trump", False),
        ("And Hillary Clinton of the State Department", False),
        ("Hillary Clinton", True),
    ]


def test_pair_features_read_the_pair() -> None:
    text = "Officials said the talks failed."
    group = RoleGroup(
        source=[_span(text, "Officials")], cue=[_span(text, "said")], content=[_span(text, "the talks failed")]
    )
    tagger_pass = _pass(text, {"Officials": "B-SOURCE", "said": "B-CUE"}, [group])
    (row,) = pair_features(tagger_pass, group, [Candidate(_span(text, "Officials"), True)])
    hidden, cue, product, small = (
        row[:HIDDEN],
        row[HIDDEN : 2 * HIDDEN],
        row[2 * HIDDEN : 3 * HIDDEN],
        row[3 * HIDDEN :],
    )
    assert hidden == pytest.approx([0, 1, 2, 3]) and cue == pytest.approx([4, 5, 6, 7])
    assert product == pytest.approx([0, 5, 12, 21]) and len(small) == SMALL_FEATURES
    assert small[0] == pytest.approx(0.95)  # P(B-SOURCE) + P(I-SOURCE)
    assert small[2] == 1 and small[6] == 1 and small[10] == 1  # tagged, before the cue, the grouping's own source


def _scored(tagger_pass: TaggerPass, scores: list[float]) -> list[tuple[int, list[Candidate], np.ndarray]]:
    ((index, options, _),) = pair_rows(tagger_pass)
    return [(index, options, np.array(scores))]


CHOICE_TEXT = "Republican front-runner Donald Trump said the talks failed, Jeb Bush added."
CHOICE_CASES = [
    ("the best candidate, below the threshold: no source", [0.2, 0.1, 0.1, 0.1], "-"),
    ("a capitalised run takes the tagged run's extent", [0.1, 0.2, 0.9, 0.1], "Republican front-runner Donald Trump"),
    ("another candidate", [0.1, 0.2, 0.2, 0.8], "Jeb Bush"),
]


@pytest.mark.parametrize(("case", "scores", "expected"), CHOICE_CASES, ids=[c[0] for c in CHOICE_CASES])
def test_with_sources(case: str, scores: list[float], expected: str) -> None:
    text = CHOICE_TEXT
    group = RoleGroup(source=[], cue=[_span(text, "said")], content=[_span(text, "the talks failed")])
    labels = {"Republican": "B-SOURCE", "front-runner": "I-SOURCE", "Donald": "I-SOURCE", "Trump": "I-SOURCE"}
    tagger_pass = _pass(text, labels, [group])
    options = [c.span.of(text) for c in pair_rows(tagger_pass)[0][1]]
    assert options == ["Republican", "Republican front-runner Donald Trump", "Donald Trump", "Jeb Bush"]
    (chosen,) = with_sources(tagger_pass, _scored(tagger_pass, scores), threshold=0.3)
    assert (chosen.source[0].of(text) if chosen.source else "-") == expected


def test_the_groupings_own_source_comes_first() -> None:
    text = CHOICE_TEXT
    own = _span(text, "Donald Trump")
    group = RoleGroup(source=[own], cue=[_span(text, "said")], content=[_span(text, "the talks failed")])
    labels = {"Republican": "B-SOURCE", "front-runner": "I-SOURCE", "Donald": "I-SOURCE", "Trump": "I-SOURCE"}
    tagger_pass = _pass(text, labels, [group])
    (chosen,) = with_sources(tagger_pass, _scored(tagger_pass, [0.1, 0.9, 0.2, 0.1]), threshold=0.3)
    assert chosen.source == [own]
