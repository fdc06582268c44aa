"""Shared encoder passes: two taggers of one graph file make each window's pass once and give the same answers
as a tagger that runs it alone; only the most recent windows are kept. (Heads on another graph's trunk, and
their checks of that trunk, are tested with a tiny trained head in tests/train/test_trunk_head.py.)"""

from __future__ import annotations

import numpy as np
import pytest

from unspin.models import encoder_pass
from unspin.models.onnx_tagger import OnnxTokenTagger
from unspin.stages.rhetoric_model import SHIPPED_MODEL as RHETORIC_MODEL

TEXT = (
    "The ministry said on Tuesday that 12 soldiers had been killed near the border. "
    "“We will not accept this,” the president told reporters, according to state media.\n\n"
) * 40
"""About 1,000 words: several windows."""


@pytest.fixture
def forgetful():
    """Each test starts with nothing remembered."""
    encoder_pass._memory.cache_clear()
    yield
    encoder_pass._memory.cache_clear()


def test_a_pass_is_made_once_for_two_taggers_of_one_graph(forgetful) -> None:
    first, second = OnnxTokenTagger(RHETORIC_MODEL), OnnxTokenTagger(RHETORIC_MODEL, threads=2)
    made = first.piece_scores([TEXT])[0]
    windows = first.graph.runs
    assert windows > 2
    read_back = second.piece_scores([TEXT])[0]
    assert second.graph.runs == 0 and np.array_equal(made.probs, read_back.probs)

    encoder_pass._memory.cache_clear()
    alone = OnnxTokenTagger(RHETORIC_MODEL)
    assert np.array_equal(alone.piece_scores([TEXT])[0].probs, made.probs) and alone.graph.runs == windows


def test_only_recent_windows_are_remembered(forgetful, monkeypatch) -> None:
    monkeypatch.setattr(encoder_pass, "REMEMBERED_WINDOWS", 2)
    first, second = OnnxTokenTagger(RHETORIC_MODEL), OnnxTokenTagger(RHETORIC_MODEL)
    first.piece_scores([TEXT])
    memory = encoder_pass._memory(first.graph.path, tuple(first.graph.output_names))
    assert first.graph.runs > 2 and len(memory) == 2
    second.piece_scores([TEXT])  # from the first window on: each was forgotten, and is run again
    assert second.graph.runs == first.graph.runs and len(memory) == 2
