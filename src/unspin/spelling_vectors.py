"""Static word vectors that reach words outside their table, guessed from the word's spelling.

The core pipeline's static vectors (:mod:`unspin.train.vectors`) hold MiniLM's view of about 47,000 words,
those of the training texts. Every other word, a rare name ("Perlingiere"), a misspelling, a number, got a
vector of zeros, a value the tagger, the parser and the recogniser hardly ever met in training. Here such a
word gets a vector from its MiniLM word pieces instead: each piece has a learnt row, and a word's vector is
the mean of its pieces' rows plus a row for its number of pieces and a constant, fitted by ridge regression
on the table's own words and stretched to their spread (:mod:`unspin.train.spelling`). That fit is linear and
the table's vectors come from MiniLM reading the same pieces, so it recovers much of them: on the 5,000
rarest table words, held out, the cosine to the true vector has median 0.88.

MiniLM's pieces know no case, so a rare name reads like whatever its pieces spell ("Perlingiere" like
"permeate", "persecute"), and the parser took it for a verb that starts a sentence. A word written with an
initial capital is most often a name, so its spelled vector is pulled halfway to the mean row of the given
names the table holds (UD English-EWT dev LAS with gold sentences 0.8446 -> 0.8458, GUM dev 0.8503 -> 0.8516).

:class:`SpellingVectors` is a spaCy vectors class (registered as ``unspin.SpellingVectors.v1`` and named in
a pipeline's ``[nlp.vectors]``): spaCy's ``StaticVectors`` layer asks it for a batch of keys, and it answers
from the table where the key has a row and from the spelling otherwise. On disk the table is kept in half
precision (the models read it in single precision), which halves the shipped pipeline's largest file.

The tagger, lemmatizer and parser gain from the spelled vectors (UD English-EWT dev LAS +0.004, UPOS +0.003,
lemma +0.0015); the name recogniser, trained on text whose words all have rows, does not (Universal NER
-0.007). Its encoder embeds with ``unspin.TableVectorsEmbed.v1``: spaCy's ``MultiHashEmbed.v2`` whose static
vectors are the table's alone, zeros for other words (decision 0002, item 30). ``unspin.TableVectorsEmbed.v2``
is the same at run time; in training it gives a share of the capitalised words zeros too, so that the
recogniser meets, while it learns, the names outside the table it meets in use (item 36).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.ml.models.tok2vec import MultiHashEmbed
from spacy.ml.staticvectors import forward as static_vectors_forward
from spacy.strings import StringStore, hash_string
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vectors import BaseVectors, Vectors
from spacy.vocab import Vocab
from thinc.api import Model
from thinc.types import Floats2d, Ragged
from tokenizers import Tokenizer

REGISTERED_NAME = "unspin.SpellingVectors.v1"
TABLE_EMBED_NAME = "unspin.TableVectorsEmbed.v1"
UNKNOWN_EMBED_NAME = "unspin.TableVectorsEmbed.v2"
"""The table's rows with training-time unknowns. The table holds every word of the recogniser's training text (all
but 0.3% of its words, 0.8% of its names' words), so in training a name always had its row; on Universal NER EWT
dev 151 of 343 persons hold a word outside the table, and the recogniser found 58% of those against 89% of the
rest (decision 0002 item 36). Reading no row for a share of the capitalised training words shows it names
it does not know."""
SPELLING_FILE = "spelling.npz"
WORD_PIECES_FILE = "word_pieces.txt"
MAX_PIECES = 6
"""Words of more pieces share the last piece-count row."""
CACHE_WORDS = 20_000
"""Spelled vectors kept per process; the cache starts afresh when full, so a long batch run stays bounded."""


NAME_PULL = 0.5
"""How far a capitalised word's spelled vector moves towards the given names' mean row (decision 0002 item 34)."""


def is_capitalised(word: str) -> bool:
    """Whether ``word`` is written with an initial capital and is not all capitals ("Perlingiere", "McGilloway";
    not "GNOFHAC", "perlingiere")."""
    return word[:1].isupper() and any(character.islower() for character in word)


def counted_form(word: str) -> str:
    """A word as the table's vocabulary counted it (spaCy's NORM for English: lower case, straight apostrophes)."""
    return word.lower().replace("’", "'")


def piece_features(pieces: Sequence[int], table_size: int) -> list[tuple[int, float]]:
    """A word's spelling features as (column, value): each piece's id weighted 1/n, then its piece count.

    Columns ``0 .. table_size - 1`` are word pieces, then one column per piece count ``1 .. MAX_PIECES``; the
    fit and the runtime both build rows with this function, so they cannot drift apart.
    """
    weight = 1.0 / len(pieces)
    return [*((piece, weight) for piece in pieces), (table_size + min(len(pieces), MAX_PIECES) - 1, 1.0)]


def word_piece_tokenizer(word_pieces: Sequence[str]) -> Tokenizer:
    """MiniLM's tokenizer (BERT's uncased WordPiece) over ``word_pieces``, the vocabulary in id order."""
    from tokenizers.models import WordPiece
    from tokenizers.normalizers import BertNormalizer
    from tokenizers.pre_tokenizers import BertPreTokenizer

    tokenizer = Tokenizer(WordPiece({piece: index for index, piece in enumerate(word_pieces)}, unk_token="[UNK]"))
    tokenizer.normalizer = BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = BertPreTokenizer()
    return tokenizer


def piece_ids(tokenizer: Tokenizer, words: Sequence[str]) -> list[list[int]]:
    """Each word's piece ids (none for a word of only spaces)."""
    return [encoding.ids for encoding in tokenizer.encode_batch(list(words), add_special_tokens=False)]


@dataclass
class Spelling:
    """The fitted spelling model: a row per word piece seen in the fit, per piece count, and a constant."""

    word_pieces: list[str]
    """MiniLM's WordPiece vocabulary, in id order (what the tokenizer needs)."""
    piece_ids: np.ndarray
    """Ids of the pieces that have a row (the others add nothing)."""
    piece_rows: np.ndarray
    count_rows: np.ndarray
    intercept: np.ndarray
    name_row: np.ndarray | None = None
    """Where a capitalised word's vector is pulled (:data:`NAME_PULL`): the mean row of the given names in the
    table. None: no pull."""

    def __post_init__(self) -> None:
        self._tokenizer = word_piece_tokenizer(self.word_pieces)
        self._rows = np.vstack([self.piece_rows, self.count_rows, np.zeros((1, self.dims))]).astype(np.float32)
        pieces = len(self.piece_ids)  # the fields become views of _rows, so the rows are held once
        self.piece_rows, self.count_rows = self._rows[:pieces], self._rows[pieces : pieces + MAX_PIECES]
        # Feature column -> row of _rows; a piece without a row reads the zero row at the end.
        self._row_of = np.full(len(self.word_pieces) + MAX_PIECES, len(self._rows) - 1, dtype=np.int64)
        self._row_of[self.piece_ids] = np.arange(len(self.piece_ids))
        self._row_of[len(self.word_pieces) :] = len(self.piece_ids) + np.arange(MAX_PIECES)

    @property
    def dims(self) -> int:
        return int(self.intercept.shape[0])

    def pieces(self, words: Sequence[str]) -> list[list[int]]:
        """Each word's piece ids (none for a word of only spaces)."""
        return piece_ids(self._tokenizer, words)

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        """The spelled vectors of ``words`` (zeros for a word without pieces), one row each."""
        out = np.zeros((len(words), self.dims), dtype=np.float32)
        for index, pieces in enumerate(self.pieces(words)):
            if pieces:
                columns, values = zip(*piece_features(pieces, len(self.word_pieces)), strict=True)
                rows = self._rows[self._row_of[list(columns)]]
                out[index] = np.asarray(values, dtype=np.float32) @ rows + self.intercept
        if self.name_row is not None:
            capitalised = [index for index, word in enumerate(words) if is_capitalised(word)]
            out[capitalised] = (1.0 - NAME_PULL) * out[capitalised] + NAME_PULL * self.name_row
        return out

    def arrays(self, rows_dtype: type[np.floating]) -> dict[str, np.ndarray]:
        """The model's arrays by name, its rows in ``rows_dtype`` (half precision on disk, exact in bytes)."""
        return {
            "piece_ids": self.piece_ids.astype(np.int32),
            "piece_rows": self.piece_rows.astype(rows_dtype),
            "count_rows": self.count_rows.astype(rows_dtype),
            "intercept": self.intercept.astype(np.float32),
            **({} if self.name_row is None else {"name_row": self.name_row.astype(np.float32)}),
        }

    @classmethod
    def from_arrays(cls, word_pieces: list[str], arrays: Any) -> Spelling:
        """The model from :meth:`arrays` (or an ``np.load`` of them), read in single precision."""
        return cls(
            word_pieces,
            np.asarray(arrays["piece_ids"]),
            np.asarray(arrays["piece_rows"], dtype=np.float32),
            np.asarray(arrays["count_rows"], dtype=np.float32),
            np.asarray(arrays["intercept"], dtype=np.float32),
            np.asarray(arrays["name_row"], dtype=np.float32) if "name_row" in arrays else None,
        )

    def to_disk(self, folder: Path) -> None:
        (folder / WORD_PIECES_FILE).write_text("\n".join(self.word_pieces) + "\n", encoding="utf-8")
        np.savez(folder / SPELLING_FILE, **self.arrays(np.float16))

    @classmethod
    def from_disk(cls, folder: Path) -> Spelling:
        word_pieces = (folder / WORD_PIECES_FILE).read_text(encoding="utf-8").splitlines()
        with np.load(folder / SPELLING_FILE) as arrays:
            return cls.from_arrays(word_pieces, arrays)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(buffer, **self.arrays(np.float32))
        return srsly.msgpack_dumps({"word_pieces": self.word_pieces, "arrays": buffer.getvalue()})

    @classmethod
    def from_bytes(cls, data: bytes) -> Spelling:
        message = srsly.msgpack_loads(data)
        with np.load(io.BytesIO(message["arrays"])) as arrays:
            return cls.from_arrays(list(message["word_pieces"]), arrays)


class SpellingVectors(BaseVectors):
    """A spaCy vectors table whose missing keys get their :class:`Spelling` vector (see the module docstring).

    Everything spaCy reads of a plain table (``key2row``, ``data``, ``attr``, ``mode``, ``n_keys``, ...) is the
    wrapped table's.
    """

    def __init__(
        self, *, strings: StringStore | None = None, table: Vectors | None = None, spelling: Spelling | None = None
    ) -> None:
        super().__init__(strings=strings)
        self.table = table if table is not None else Vectors(strings=strings)
        self.spelling = spelling
        self._cache: dict[int, np.ndarray] = {}

    def __getattr__(self, name: str) -> Any:
        if name in ("table", "spelling", "_cache"):
            raise AttributeError(name)
        return getattr(self.table, name)

    @property
    def strings(self) -> StringStore:
        return self.table.strings

    @strings.setter
    def strings(self, strings: StringStore) -> None:
        self.table.strings = strings

    def __contains__(self, key: object) -> bool:
        return key in self.table

    def __eq__(self, other: object) -> bool:
        """Same table and same spelling model (what spaCy checks before copying a component across pipelines)."""
        if not isinstance(other, SpellingVectors):
            return False
        return self.to_bytes(exclude=["strings"]) == other.to_bytes(exclude=["strings"])

    __hash__ = None  # type: ignore[assignment]  # mutable, like spaCy's own tables

    def __getitem__(self, key: int) -> np.ndarray:
        return self.table[key]

    def __len__(self) -> int:
        return len(self.table)

    @property
    def shape(self) -> tuple[int, int]:
        return self.table.shape

    @property
    def vectors_length(self) -> int:
        return self.table.shape[1]

    @property
    def size(self) -> int:
        return self.table.size

    @property
    def is_full(self) -> bool:
        return self.table.is_full

    def add(self, key: int | str, *, vector: np.ndarray | None = None, row: int | None = None) -> int:
        return self.table.add(key, vector=vector, row=row)

    def resize(self, shape: tuple[int, int], inplace: bool = False) -> list:
        return self.table.resize(shape, inplace=inplace)

    def to_ops(self, ops: Any) -> None:
        self.table.to_ops(ops)

    def rows(self, keys: Iterable[int]) -> np.ndarray:
        """The table rows of ``keys``, -1 where there is none: a word's own row, or else the row of its form as
        the table was counted (lower case, straight apostrophes), which the table's lower-case, Capitalised and
        UPPER spellings share but "McDonald", "GitHub" or "O’Connor" do not."""
        keys = np.asarray(keys, dtype=np.uint64)
        rows = self.table.find(keys=keys)
        for index in np.flatnonzero(rows < 0):
            rows[index] = self.table.find(key=hash_string(counted_form(self.strings[int(keys[index])])))
        return rows

    def get_batch(self, keys: Iterable[int]) -> np.ndarray:
        """The rows for ``keys``: the table's (:meth:`rows`), and the spelled vector where the table has none."""
        keys = np.asarray(keys, dtype=np.uint64)
        rows = self.rows(keys)
        batch = np.ascontiguousarray(self.table.data[rows], dtype=np.float32)
        missing = np.flatnonzero(rows < 0)
        if missing.size:
            batch[missing] = self.spelled([int(keys[index]) for index in missing])
        return batch

    def spelled(self, keys: Sequence[int]) -> np.ndarray:
        """The spelled vectors of ``keys`` (zeros without a spelling model), cached per key.

        A full cache is replaced, never emptied in place, so a call in another thread keeps the one it read.
        """
        if self.spelling is None:
            return np.zeros((len(keys), self.table.shape[1]), dtype=np.float32)
        cache = self._cache
        wanted = list(dict.fromkeys(keys))
        new = [key for key in wanted if key not in cache]
        if new:
            if len(cache) + len(new) > CACHE_WORDS:
                cache, new = {}, wanted
            cache.update(zip(new, self.spelling.vectors([self.strings[key] for key in new]), strict=True))
            self._cache = cache
        return np.stack([cache[key] for key in keys])

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """The table as spaCy writes it but in half precision, and the spelling model beside it."""
        path = Path(path)
        full = self.table.data
        self.table.data = np.ascontiguousarray(full, dtype=np.float16)
        try:
            self.table.to_disk(path, exclude=exclude)
        finally:
            self.table.data = full
        if self.spelling is not None:
            self.spelling.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SpellingVectors:
        path = Path(path)
        self.table.from_disk(path, exclude=exclude)
        self.table.data = np.ascontiguousarray(self.table.data, dtype=np.float32)
        self.spelling = Spelling.from_disk(path) if (path / SPELLING_FILE).exists() else None
        self._cache = {}
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        spelling = None if self.spelling is None else self.spelling.to_bytes()
        return srsly.msgpack_dumps({"table": self.table.to_bytes(exclude=exclude), "spelling": spelling})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> SpellingVectors:
        message = srsly.msgpack_loads(data)
        self.table.from_bytes(message["table"], exclude=exclude)
        self.spelling = None if message["spelling"] is None else Spelling.from_bytes(message["spelling"])
        self._cache = {}
        return self


@registry.vectors(REGISTERED_NAME)
def make_spelling_vectors() -> Callable[[Vocab], BaseVectors]:
    """The vectors factory a pipeline's ``[nlp.vectors]`` names; the table and spelling come from its folder."""

    def vectors_factory(vocab: Vocab) -> BaseVectors:
        return SpellingVectors(strings=vocab.strings)

    return vectors_factory


def table_rows(vectors: BaseVectors, keys: Sequence[int]) -> np.ndarray:
    """The table rows of ``keys``, -1 where there is none, as a recogniser reads them: a :class:`SpellingVectors`'
    own (:meth:`SpellingVectors.rows`: spelled vectors are no rows), spaCy's plain table's otherwise."""
    keys = np.asarray(keys, dtype=np.uint64)
    if isinstance(vectors, SpellingVectors):
        return vectors.rows(keys)
    return np.asarray(vectors.find(keys=keys))


@registry.architectures(TABLE_EMBED_NAME)
def table_vectors_embed(
    width: int, attrs: list[str], rows: list[int], include_static_vectors: bool
) -> Model[list[Doc], list[Floats2d]]:
    """spaCy's ``MultiHashEmbed.v2`` whose static vectors come from the table alone (zeros for other words).

    The layers and weights are ``MultiHashEmbed.v2``'s, so a model trained with either loads into the other.
    """
    model = MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=include_static_vectors)
    for node in model.walk():
        if node.name == "static_vectors":
            node._func = _table_vectors_forward
    return model


def table_embed(architecture: str) -> str:
    """The embedding a recogniser with an encoder of its own names once its core's vectors spell unknown words: the
    table's rows alone, in the version it was trained with (spaCy's ``MultiHashEmbed.v2`` becomes v1)."""
    return architecture if architecture in (TABLE_EMBED_NAME, UNKNOWN_EMBED_NAME) else TABLE_EMBED_NAME


@registry.architectures(UNKNOWN_EMBED_NAME)
def table_vectors_embed_with_unknowns(
    width: int, attrs: list[str], rows: list[int], include_static_vectors: bool, unknown_share: float
) -> Model[list[Doc], list[Floats2d]]:
    """``unspin.TableVectorsEmbed.v1`` that, in training only, reads no row for ``unknown_share`` of the
    capitalised words, as if they were outside the table (see :data:`UNKNOWN_EMBED_NAME`)."""
    model = table_vectors_embed(width, attrs, rows, include_static_vectors)
    for node in model.walk():
        if node.name == "static_vectors":
            node.attrs["unknown_share"] = unknown_share
    return model


def _table_vectors_forward(
    model: Model[list[Doc], Ragged], docs: list[Doc], is_train: bool
) -> tuple[Ragged, Callable[[Ragged], list[Doc]]]:
    """spaCy's static-vectors step over the table of a :class:`SpellingVectors` without its spelled rows."""
    vectors = docs[0].vocab.vectors if docs else None
    if not isinstance(vectors, SpellingVectors) or not sum(len(doc) for doc in docs):
        return static_vectors_forward(model, docs, is_train)
    keys = model.ops.flatten([doc.to_array(vectors.attr) for doc in docs])
    rows = vectors.rows(keys)
    share = model.attrs.get("unknown_share")
    if is_train and share:
        capitalised = np.fromiter(
            (is_capitalised(token.text) for doc in docs for token in doc), dtype=bool, count=len(rows)
        )
        rows = np.where(capitalised & (np.random.random(len(rows)) < share), -1, rows)
    read = model.ops.as_contig(vectors.table.data[rows])
    read[rows < 0] = 0  # no row: zeros in, so nothing out and no gradient from such words
    weights = model.ops.as_contig(model.get_param("W"))
    output = model.ops.gemm(read, weights, trans2=True)
    rate = model.attrs.get("dropout_rate")
    mask = model.ops.get_dropout_mask((weights.shape[0],), rate) if is_train and rate else None
    if mask is not None:
        output *= mask

    def backprop(d_output: Ragged) -> list[Doc]:
        gradient = d_output.data if mask is None else d_output.data * mask
        model.inc_grad("W", model.ops.gemm(gradient, read, trans1=True))
        return []

    return Ragged(output, model.ops.asarray1i([len(doc) for doc in docs])), backprop
