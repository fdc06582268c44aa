"""Spelled static vectors on a hand-made table and spelling model: table rows for known words, the mean of
piece rows for the others, half precision on disk, and an embedding that reads the table alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc
from spacy.vectors import Vectors

from unspin.core_model import SHIPPED_DIR
from unspin.spelling_vectors import (
    MAX_PIECES,
    REGISTERED_NAME,
    Spelling,
    SpellingVectors,
    is_capitalised,
    piece_features,
    table_embed,
    table_rows,
    table_vectors_embed,
    table_vectors_embed_with_unknowns,
)

DIMS = 4
WORD_PIECES = ["[PAD]", "[UNK]", "per", "##ling", "##iere", "deb", "##ra", "-", "mail", "e"]
KNOWN = {"debra": [1.0, 0.0, 0.0, 0.0], "the": [0.0, 1.0, 0.0, 0.0]}


def _spelling() -> Spelling:
    rows = np.arange(len(WORD_PIECES) * DIMS, dtype=np.float32).reshape(len(WORD_PIECES), DIMS) / 10
    used = np.asarray([2, 3, 4, 7, 8, 9], dtype=np.int32)
    counts = np.full((MAX_PIECES, DIMS), 0.5, dtype=np.float32)
    return Spelling(WORD_PIECES, used, rows[used], counts, np.ones(DIMS, dtype=np.float32))


def _vectors(nlp: spacy.language.Language) -> SpellingVectors:
    table = Vectors(strings=nlp.vocab.strings, shape=(len(KNOWN), DIMS))
    for row, (word, vector) in enumerate(KNOWN.items()):
        table.add(nlp.vocab.strings.add(word), row=row)
        table.data[row] = vector
    return SpellingVectors(strings=nlp.vocab.strings, table=table, spelling=_spelling())


def _expected_spelled(piece_ids: list[int]) -> np.ndarray:
    spelling = _spelling()
    full = np.zeros((len(WORD_PIECES) + MAX_PIECES, DIMS), dtype=np.float32)
    full[spelling.piece_ids] = spelling.piece_rows
    full[len(WORD_PIECES) :] = spelling.count_rows
    return sum(value * full[column] for column, value in piece_features(piece_ids, len(WORD_PIECES))) + 1.0


@pytest.fixture
def nlp() -> spacy.language.Language:
    blank = spacy.blank("en")
    blank.vocab.vectors = _vectors(blank)
    return blank


def test_piece_features_weigh_pieces_evenly_and_count_them() -> None:
    assert piece_features([2, 3, 4], 10) == [(2, 1 / 3), (3, 1 / 3), (4, 1 / 3), (12, 1.0)]
    assert piece_features(list(range(9)), 10)[-1] == (10 + MAX_PIECES - 1, 1.0)


@pytest.mark.parametrize(
    ("word", "pieces"),
    [("perlingiere", [2, 3, 4]), ("Perlingiere", [2, 3, 4]), ("e-mail", [9, 7, 8]), ("zzz", [1]), (" ", [])],
)
def test_spelling_splits_words_into_minilm_pieces(word: str, pieces: list[int]) -> None:
    assert _spelling().pieces([word]) == [pieces]


def test_a_known_word_reads_its_row_and_an_unknown_word_its_spelling(nlp: spacy.language.Language) -> None:
    vectors = nlp.vocab.vectors
    keys = [nlp.vocab.strings.add(word) for word in ("debra", "Perlingiere", "the", "\n")]
    batch = vectors.get_batch(keys)
    assert batch.dtype == np.float32 and batch.shape == (4, DIMS)
    np.testing.assert_allclose(batch[0], KNOWN["debra"])
    np.testing.assert_allclose(batch[1], _expected_spelled([2, 3, 4]), rtol=1e-6)
    np.testing.assert_allclose(batch[2], KNOWN["the"])
    np.testing.assert_allclose(batch[3], np.zeros(DIMS))
    assert "debra" in nlp.vocab.strings and keys[0] in vectors and keys[1] not in vectors


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Perlingiere", True), ("McGilloway", True), ("perlingiere", False), ("GNOFHAC", False), ("A", False)],
)
def test_capitalised_words(word: str, expected: bool) -> None:
    assert is_capitalised(word) is expected


def test_a_capitalised_word_is_pulled_halfway_to_the_names_row() -> None:
    plain = _spelling()
    name_row = np.full(DIMS, 8.0, dtype=np.float32)
    pulled = Spelling.from_arrays(WORD_PIECES, {**plain.arrays(np.float32), "name_row": name_row})
    words = ["Perlingiere", "perlingiere", "PERLINGIERE"]
    before, after = plain.vectors(words), pulled.vectors(words)
    np.testing.assert_allclose(after[0], (before[0] + name_row) / 2, rtol=1e-6)
    np.testing.assert_allclose(after[1:], before[1:])
    restored = Spelling.from_bytes(pulled.to_bytes())
    assert restored.name_row is not None and np.array_equal(restored.name_row, name_row)


@pytest.mark.parametrize("word", ["DeBra", "THE", "The"])
def test_any_casing_of_a_table_word_reads_its_row(nlp: spacy.language.Language, word: str) -> None:
    vectors = nlp.vocab.vectors
    np.testing.assert_allclose(vectors.get_batch([nlp.vocab.strings.add(word)])[0], KNOWN[word.lower()])


def test_table_rows_are_the_tables_own_and_spelled_words_have_none(nlp: spacy.language.Language) -> None:
    keys = [nlp.vocab.strings.add(word) for word in ("Debra", "the", "Perlingiere")]
    assert table_rows(nlp.vocab.vectors, keys).tolist() == [0, 1, -1]
    assert table_rows(nlp.vocab.vectors.table, keys).tolist() == [-1, 1, -1]  # spaCy's plain table: exact keys


def test_without_a_spelling_model_unknown_words_read_zeros(nlp: spacy.language.Language) -> None:
    vectors = nlp.vocab.vectors
    vectors.spelling = None
    np.testing.assert_allclose(vectors.get_batch([nlp.vocab.strings.add("Perlingiere")]), np.zeros((1, DIMS)))


def test_a_pipeline_saves_the_table_in_half_precision_and_loads_it_by_name(
    nlp: spacy.language.Language, tmp_path: Path
) -> None:
    nlp.config["nlp"]["vectors"] = {"@vectors": REGISTERED_NAME}
    nlp.to_disk(tmp_path / "pipeline")
    assert np.load(tmp_path / "pipeline" / "vocab" / "vectors").dtype == np.float16
    loaded = spacy.load(tmp_path / "pipeline", config={"nlp": {"vectors": {"@vectors": REGISTERED_NAME}}})
    vectors = loaded.vocab.vectors
    assert isinstance(vectors, SpellingVectors) and vectors.table.data.dtype == np.float32
    words = ("debra", "Perlingiere")
    saved = nlp.vocab.vectors.get_batch([nlp.vocab.strings.add(word) for word in words])
    np.testing.assert_allclose(vectors.get_batch([loaded.vocab.strings.add(word) for word in words]), saved, atol=1e-3)


def test_bytes_round_trip(nlp: spacy.language.Language) -> None:
    copy = SpellingVectors(strings=nlp.vocab.strings).from_bytes(nlp.vocab.vectors.to_bytes())
    keys = [nlp.vocab.strings.add(word) for word in ("the", "e-mail")]
    np.testing.assert_allclose(copy.get_batch(keys), nlp.vocab.vectors.get_batch(keys))
    assert copy == nlp.vocab.vectors
    copy.spelling = None
    assert copy != nlp.vocab.vectors


def test_the_table_embedding_reads_zeros_for_words_outside_the_table(nlp: spacy.language.Language) -> None:
    doc = Doc(nlp.vocab, words=["debra", "Perlingiere", "DeBra"])
    embed = table_vectors_embed(width=3, attrs=["NORM"], rows=[10], include_static_vectors=True)
    embed.initialize(X=[doc])
    static = next(node for node in embed.walk() if node.name == "static_vectors")
    output, _ = static([doc], is_train=False)
    weights = static.get_param("W")
    np.testing.assert_allclose(output.data[1], np.zeros(3))
    np.testing.assert_allclose(output.data[0], weights @ np.asarray(KNOWN["debra"], dtype=np.float32), rtol=1e-5)
    np.testing.assert_allclose(output.data[2], output.data[0])


@pytest.mark.parametrize(
    ("trained_with", "read_with"),
    [
        ("spacy.MultiHashEmbed.v2", "unspin.TableVectorsEmbed.v1"),
        ("unspin.TableVectorsEmbed.v1", "unspin.TableVectorsEmbed.v1"),
        ("unspin.TableVectorsEmbed.v2", "unspin.TableVectorsEmbed.v2"),
    ],
)
def test_a_recogniser_reads_the_table_in_the_version_it_was_trained_with(trained_with: str, read_with: str) -> None:
    assert table_embed(trained_with) == read_with


def test_in_training_a_share_of_capitalised_words_read_no_row(nlp: spacy.language.Language) -> None:
    doc = Doc(nlp.vocab, words=["Debra", "the", "debra"])
    embed = table_vectors_embed_with_unknowns(
        width=3, attrs=["NORM"], rows=[10], include_static_vectors=True, unknown_share=1.0
    )
    embed.initialize(X=[doc])
    static = next(node for node in embed.walk() if node.name == "static_vectors")
    predicted, _ = static([doc], is_train=False)
    assert np.abs(predicted.data[0]).sum() > 0  # outside training every row is read
    trained, backprop = static([doc], is_train=True)
    np.testing.assert_allclose(trained.data[0], np.zeros(3))  # capitalised: as if outside the table
    np.testing.assert_allclose(trained.data[1:], predicted.data[1:])
    static.set_grad("W", np.zeros_like(static.get_param("W")))
    backprop(type(trained)(np.asarray([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], dtype="f"), trained.lengths))
    np.testing.assert_allclose(static.get_grad("W"), np.zeros((3, DIMS)))  # no gradient from an unknown word


@pytest.mark.skipif(not (SHIPPED_DIR / "vocab" / "spelling.npz").is_file(), reason="no spelled vectors shipped")
def test_the_shipped_core_spells_a_rare_name_and_its_recogniser_reads_the_table() -> None:
    from unspin.core_model import load_core

    nlp = load_core(None)
    vectors = nlp.vocab.vectors
    assert isinstance(vectors, SpellingVectors) and vectors.spelling is not None
    key = nlp.vocab.strings.add("Perlingiere")
    assert key not in vectors and np.abs(vectors.get_batch([key])).sum() > 0
    assert (
        nlp.config["components"]["ner"]["model"]["tok2vec"]["embed"]["@architectures"] == "unspin.TableVectorsEmbed.v2"
    )
