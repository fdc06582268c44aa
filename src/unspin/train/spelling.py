"""Fits the spelling model of :mod:`unspin.spelling_vectors` on a core pipeline's own vectors (training extra).

Ridge regression from a word's MiniLM word pieces (:func:`unspin.spelling_vectors.piece_features`) to its
row in the table, over the table's lower-case words. All 128 output columns are solved together by
conjugate gradients on the normal equations, from zeros and for a fixed number of steps, so the fit draws
nothing at random and gives the same model on every machine that has the same numpy.

A least-squares guess is pulled towards the mean: on the table's 5,000 rarest words, fitted without them, the
guesses lie 1.5 times closer to the table's mean than the true vectors do, and the models reading them learnt
on vectors of the true length. The fit therefore measures that ratio on those held-out words and stretches
its guesses by it around the mean, folded into the rows and the constant, since the model is linear (UD
English-EWT dev LAS 0.8345 -> 0.8352, decision 0002 item 30).

The model also keeps the mean table row of the given names the table holds, towards which the spelled vector
of a capitalised word is pulled (:data:`unspin.spelling_vectors.NAME_PULL`; decision 0002 item 34).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from unspin.spelling_vectors import (
    MAX_PIECES,
    NAME_PULL,
    REGISTERED_NAME,
    Spelling,
    SpellingVectors,
    counted_form,
    piece_features,
    piece_ids,
    table_embed,
    word_piece_tokenizer,
)

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from spacy.vectors import Vectors

RIDGE = 0.1
"""The penalty on squared weights; 0.1 held out better than 1.0 (decision 0002, item 30)."""
STEPS = 300
HELD_OUT = 5_000
"""The rarest table words the stretch is measured on (a table is ranked by frequency, so they are its last)."""


def table_words(table: Vectors) -> tuple[list[str], np.ndarray]:
    """The table's words as counted (lower case) and their rows; a row's other spellings point to the same."""
    by_row: dict[int, str] = {}
    for key, row in table.key2row.items():
        word = table.strings[key]
        if word == word.lower() and row not in by_row:
            by_row[row] = word
    rows = np.asarray(sorted(by_row), dtype=np.int64)
    return [by_row[int(row)] for row in rows], rows


def fit_spelling(
    words: list[str],
    targets: np.ndarray,
    word_pieces: list[str],
    *,
    ridge: float = RIDGE,
    stretch: float | None = None,
    name_row: np.ndarray | None = None,
) -> Spelling:
    """The spelling model whose vectors best match ``targets`` (one row per word, most frequent first) under the
    ridge penalty, stretched around their mean by ``stretch`` (None: as measured by :func:`held_out_stretch`),
    pulling capitalised words towards ``name_row`` (None: no pull)."""
    pieces = piece_ids(word_piece_tokenizer(word_pieces), words)
    if stretch is None:
        stretch = _stretch(pieces, targets, len(word_pieces), ridge)
    used, weights = _least_squares(pieces, targets, len(word_pieces), ridge)
    size, centre = len(word_pieces), targets.mean(axis=0)
    return Spelling(
        word_pieces,
        used,
        (weights[used] * stretch).astype(np.float32),
        (weights[size : size + MAX_PIECES] * stretch).astype(np.float32),
        (weights[size + MAX_PIECES] * stretch + centre * (1.0 - stretch)).astype(np.float32),
        None if name_row is None else name_row.astype(np.float32),
    )


def given_names_row(table: Vectors) -> tuple[np.ndarray | None, int]:
    """The mean row of the given names (:func:`unspin.names.given_names`) that the table holds, and how many it
    holds (None when it holds none)."""
    from unspin.names import given_names

    rows = sorted({row for name in given_names() if (row := table.find(key=counted_form(name))) >= 0})
    if not rows:
        return None, 0
    return np.asarray(table.data[rows], dtype=np.float32).mean(axis=0), len(rows)


def held_out_stretch(words: list[str], targets: np.ndarray, word_pieces: list[str], *, ridge: float = RIDGE) -> float:
    """How much farther from the mean the true vectors of the :data:`HELD_OUT` last words lie than the guesses of
    a fit without them (1.0 when there are too few words to hold any out)."""
    return _stretch(piece_ids(word_piece_tokenizer(word_pieces), words), targets, len(word_pieces), ridge)


def _stretch(pieces: list[list[int]], targets: np.ndarray, size: int, ridge: float) -> float:
    held = min(HELD_OUT, len(pieces) // 5)
    if held == 0:
        return 1.0
    _, weights = _least_squares(pieces[:-held], targets[:-held], size, ridge)
    centre = targets[:-held].mean(axis=0)
    guessed = np.linalg.norm(_features(pieces[-held:], size) @ weights - centre, axis=1).mean()
    return float(np.linalg.norm(targets[-held:] - centre, axis=1).mean() / max(guessed, 1e-8))


def _features(pieces: list[list[int]], size: int) -> csr_matrix:
    """One row per word: its :func:`piece_features` over ``size`` word pieces, then a constant column (none for a
    word without pieces, whose vector is zeros)."""
    from scipy import sparse

    rows, columns, values = [], [], []
    for index, word_pieces in enumerate(pieces):
        if not word_pieces:
            continue
        for column, value in [*piece_features(word_pieces, size), (size + MAX_PIECES, 1.0)]:
            rows.append(index)
            columns.append(column)
            values.append(value)
    return sparse.csr_matrix((values, (rows, columns)), shape=(len(pieces), size + MAX_PIECES + 1))


def _least_squares(
    pieces: list[list[int]], targets: np.ndarray, size: int, ridge: float
) -> tuple[np.ndarray, np.ndarray]:
    """The ridge fit, unstretched: the ids of the pieces it saw, and a weight row per feature column."""
    features = _features(pieces, size)
    used = np.flatnonzero(np.asarray(features[:, :size].getnnz(axis=0)) > 0).astype(np.int32)
    return used, _ridge(features, targets.astype(np.float64), ridge)


def _ridge(features: csr_matrix, targets: np.ndarray, ridge: float) -> np.ndarray:
    """Weights minimising |XW - Y|^2 + ridge |W|^2, every column by conjugate gradients at once."""

    def normal(weights: np.ndarray) -> np.ndarray:
        return features.T @ (features @ weights) + ridge * weights

    weights = np.zeros((features.shape[1], targets.shape[1]))
    residual = features.T @ targets
    direction = residual.copy()
    squared = (residual * residual).sum(axis=0)
    for _ in range(STEPS):
        product = normal(direction)
        step = squared / np.maximum((direction * product).sum(axis=0), 1e-30)
        weights += direction * step
        residual -= product * step
        new_squared = (residual * residual).sum(axis=0)
        direction = residual + direction * (new_squared / np.maximum(squared, 1e-30))
        squared = new_squared
    return weights


def minilm_word_pieces() -> list[str]:
    """MiniLM's WordPiece vocabulary, from the packaged model (training extra)."""
    from unspin.train.encoder_export import minilm_dir

    return (Path(minilm_dir()) / "vocab.txt").read_text(encoding="utf-8").splitlines()


def add_spelling(core_dir: Path, out_dir: Path | None = None, *, ridge: float = RIDGE) -> dict:
    """Give the core pipeline in ``core_dir`` spelled vectors for words outside its table (in place when
    ``out_dir`` is None), its recogniser reading the table alone; returns what the model card records of the
    fit. Running it again refits from the table and gives the same files."""
    import spacy
    from thinc.api import Config

    import unspin.spelling_vectors  # noqa: F401  (registers the vectors class the config may name)

    core_dir = Path(core_dir)
    nlp = spacy.load(core_dir)
    vectors = nlp.vocab.vectors
    table = vectors.table if isinstance(vectors, SpellingVectors) else vectors
    words, rows = table_words(table)
    targets = np.asarray(table.data[rows], dtype=np.float32)
    word_pieces = minilm_word_pieces()
    stretch = held_out_stretch(words, targets, word_pieces, ridge=ridge)
    name_row, names = given_names_row(table)
    spelling = fit_spelling(words, targets, word_pieces, ridge=ridge, stretch=stretch, name_row=name_row)
    fitted = spelling.vectors(words)
    cosine = (fitted * targets).sum(1) / np.maximum(
        np.linalg.norm(fitted, axis=1) * np.linalg.norm(targets, axis=1), 1e-8
    )
    record = {
        "words": len(words),
        "pieces_with_rows": len(spelling.piece_ids),
        "ridge": ridge,
        "steps": STEPS,
        "stretch": round(stretch, 4),
        "fit_cosine_median": round(float(np.median(cosine)), 3),
        "name_row_from_given_names": names,
        "name_pull": NAME_PULL if name_row is not None else 0.0,
        "word_pieces": "all-MiniLM-L6-v2's WordPiece vocabulary (Apache-2.0)",
    }
    nlp.vocab.vectors = SpellingVectors(strings=nlp.vocab.strings, table=table, spelling=spelling)
    with tempfile.TemporaryDirectory() as scratch:
        written = Path(scratch) / "core"
        nlp.to_disk(written)
        config = Config().from_disk(written / "config.cfg", interpolate=False)
        config["nlp"]["vectors"] = {"@vectors": REGISTERED_NAME}
        recogniser = config["components"].get("ner", {}).get("model", {}).get("tok2vec", {})
        if "embed" in recogniser:  # a recogniser with an encoder of its own, not listening to the core's
            recogniser["embed"]["@architectures"] = table_embed(recogniser["embed"]["@architectures"])
        config.to_disk(written / "config.cfg")
        target = Path(out_dir) if out_dir is not None else core_dir
        if (core_dir / "MODEL_CARD.md").exists():
            shutil.copy2(core_dir / "MODEL_CARD.md", written / "MODEL_CARD.md")
        card_path = core_dir / "card.json"
        card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
        card["spelling"] = record
        (written / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(written, target)
    return record
