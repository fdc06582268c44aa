"""Run an exported token classifier with onnxruntime and tokenizers alone (no torch, no transformers).

A model folder (written by ``unspin.train.encoder_export``) holds an ONNX graph (``input_ids``,
``attention_mask`` and optionally ``token_type_ids`` in; ``logits`` of shape batch x sequence x labels out),
``tokenizer.json`` and ``labels.json`` (``labels`` in output order, ``model``: the ONNX file to load,
``max_length``, ``word_aggregation``, ``overlap``: the window overlap the model was chosen to run with, and
``trunk`` for a head built on another graph's lower layers: that graph's file, output and SHA-256; such a
head's own graph takes ``trunk`` (the hidden states) and ``attention_mask`` in). Graph runs are shared through
:mod:`unspin.models.encoder_pass`, so a trunk that another tagger has just run on a window is read back.

Windowing: a text is tokenized once, without truncation, and its word pieces are cut into windows of at most
``max_length`` positions ([CLS] and [SEP] included, so 254 pieces for MiniLM). Consecutive windows overlap by
``overlap`` pieces (the manifest's, else 64; an argument overrides both); each piece takes its scores from
exactly one window, the one in which it lies furthest from an edge (the overlap is split at its middle), so
every piece but those near the ends of the text sees at least ``overlap / 2`` pieces of context on both sides,
and every piece is scored once. Windows of one call, from one text or many, are run in batches of
``batch_size`` (one by default, the fastest on a CPU), padded to the longest window in the batch.

Words are the tokenizer's pre-tokenized words (for BERT: runs of letters/digits, and each punctuation mark
alone). A word's label comes from its first piece's probabilities or from the mean over its pieces,
as ``word_aggregation`` says; its span runs from its first piece's start to its last piece's end, in
character offsets of the original text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from unspin.errors import ModelError
from unspin.models.encoder_pass import RememberedGraph, TrunkLink

MODEL_FILES = ("model.int8.onnx", "model.onnx")
"""Tried in this order when ``labels.json`` does not name the model file."""
DEFAULT_OVERLAP = 64
DEFAULT_BATCH_SIZE = 1
"""Windows per onnxruntime call. One at a time is the fastest on a CPU: the 6-layer attribution head reads a
1,100-piece article in ~0.27 s one window at a time against ~0.34 s in one batch (the batch's activations
outgrow the core's cache; the arithmetic is the same)."""
AGGREGATIONS = ("first", "average")


class Tag(NamedTuple):
    """One labelled word or word piece: its character span in the text, its label and that label's probability."""

    start: int
    end: int
    label: str
    score: float


class Window(NamedTuple):
    """Pieces ``[start, end)`` are fed to the model; pieces ``[keep_start, keep_end)`` take their scores from it."""

    start: int
    end: int
    keep_start: int
    keep_end: int


@dataclass(frozen=True)
class PieceScores:
    """A text's word pieces (special tokens excluded): character offsets, word index and label probabilities, and
    the encoder's last hidden layer when the model exports it (``hidden`` output)."""

    offsets: list[tuple[int, int]]
    word_ids: list[int]
    probs: np.ndarray  # (pieces, labels)
    hidden: np.ndarray | None = None  # (pieces, hidden size)


def plan_windows(pieces: int, size: int, overlap: int) -> list[Window]:
    """Cut ``pieces`` word pieces into windows of ``size`` overlapping by ``overlap``; keep regions tile them."""
    if size <= overlap or overlap < 0:
        raise ValueError(f"window size {size} must exceed the overlap {overlap} >= 0")
    if pieces == 0:
        return []
    stride = size - overlap
    starts = [0]
    while starts[-1] + size < pieces:
        starts.append(starts[-1] + stride)
    ends = [min(start + size, pieces) for start in starts]
    cuts = [0, *((starts[i + 1] + ends[i]) // 2 for i in range(len(starts) - 1)), pieces]
    return [Window(starts[i], ends[i], cuts[i], cuts[i + 1]) for i in range(len(starts))]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


class OnnxTokenTagger:
    """A token classifier exported to ONNX, tagging texts word by word (or piece by piece) with char spans.

    ``threads`` sets onnxruntime's intra-op threads (default 1, so that each batch worker stays on one core;
    inter-op parallelism is off). Use :func:`load_tagger` to share one instance per model folder in a process.
    """

    def __init__(
        self,
        model_dir: str | Path,
        *,
        threads: int = 1,
        overlap: int | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        model_file: str | None = None,
    ) -> None:
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir)
        manifest = read_manifest(self.model_dir)
        self.labels: list[str] = list(manifest["labels"])
        self.max_length = int(manifest.get("max_length", 256))
        self.word_aggregation = str(manifest.get("word_aggregation", "first"))
        if self.word_aggregation not in AGGREGATIONS:
            raise ModelError(f"{self.model_dir}/labels.json: unknown word_aggregation {self.word_aggregation!r}.")
        self.overlap = int(manifest.get("overlap", DEFAULT_OVERLAP)) if overlap is None else overlap
        self.batch_size = batch_size
        self.model_path = graph_file(self.model_dir, model_file or manifest.get("model"))

        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        pad = self.tokenizer.padding
        self.pad_id = int(pad["pad_id"]) if pad else 0
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.prefix, self.suffix = self._special_tokens()
        self.size = self.max_length - len(self.prefix) - len(self.suffix)

        trunk = TrunkLink.from_manifest(self.model_dir, manifest["trunk"]) if "trunk" in manifest else None
        self.graph = RememberedGraph(self.model_path, threads, trunk)
        self.has_hidden = "hidden" in self.graph.output_names
        width = self.graph.session.get_outputs()[0].shape[-1]
        if isinstance(width, int) and width != len(self.labels):
            raise ModelError(f"{self.model_path} has {width} outputs but labels.json lists {len(self.labels)}.")

    @property
    def trunk(self) -> RememberedGraph | None:
        """The graph whose lower layers this head reads, for a head on a trunk (else None)."""
        return self.graph.trunk

    def _special_tokens(self) -> tuple[list[int], list[int]]:
        """The ids the tokenizer's template puts before and after one sequence ([CLS] and [SEP] for BERT)."""
        encoding = self.tokenizer.encode("a")
        inner = [i for i, special in enumerate(encoding.special_tokens_mask) if not special]
        return encoding.ids[: inner[0]], encoding.ids[inner[-1] + 1 :]

    def piece_scores(self, texts: Sequence[str]) -> list[PieceScores]:
        """Label probabilities (and hidden states, when the model has them) for every word piece of every text,
        all windows run in shared batches."""
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False) if texts else []
        probs = [np.zeros((len(encoding.ids), len(self.labels)), dtype=np.float32) for encoding in encodings]
        hidden: list[np.ndarray] = []
        jobs = [
            (index, window)
            for index, encoding in enumerate(encodings)
            for window in plan_windows(len(encoding.ids), self.size, self.overlap)
        ]
        for first in range(0, len(jobs), self.batch_size):
            batch = jobs[first : first + self.batch_size]
            rows = [self.prefix + encodings[i].ids[w.start : w.end] + self.suffix for i, w in batch]
            scores, states = self._outputs(rows)
            if states is not None and not hidden:
                hidden = [np.zeros((len(e.ids), states.shape[-1]), dtype=np.float32) for e in encodings]
            for row, (index, window) in enumerate(batch):
                begin = len(self.prefix) + window.keep_start - window.start
                kept = slice(begin, begin + window.keep_end - window.keep_start)
                probs[index][window.keep_start : window.keep_end] = scores[row, kept]
                if states is not None:
                    hidden[index][window.keep_start : window.keep_end] = states[row, kept]
        return [
            PieceScores(
                list(encoding.offsets),
                [w if w is not None else -1 for w in encoding.word_ids],
                p,
                hidden[index] if hidden else None,
            )
            for index, (encoding, p) in enumerate(zip(encodings, probs, strict=True))
        ]

    def row_probabilities(self, rows: Sequence[Sequence[int]]) -> list[np.ndarray]:
        """Label probabilities for rows of piece ids given as they are (special tokens included, no windowing),
        each without its padding: for distilling this model into a smaller one on its training windows."""
        found: list[np.ndarray] = []
        for first in range(0, len(rows), self.batch_size):
            batch = [list(row) for row in rows[first : first + self.batch_size]]
            found.extend(scores[: len(row)] for row, scores in zip(batch, self._run(batch), strict=True))
        return found

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        return self._outputs(rows)[0]

    def _outputs(self, rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray | None]:
        """Label probabilities for padded rows, and the hidden states when the model exports them."""
        width = max(len(row) for row in rows)
        ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = row
            mask[r, : len(row)] = 1
        outputs = self.graph.run(ids, mask)
        hidden = outputs["hidden"].astype(np.float32) if self.has_hidden else None
        return _softmax(outputs[self.graph.output_names[0]].astype(np.float32)), hidden

    def best_tags(self, offsets: Sequence[tuple[int, int]], probs: np.ndarray) -> list[Tag]:
        """One tag per span: its most probable label and that label's probability."""
        best = probs.argmax(axis=-1)
        return [
            Tag(start, end, self.labels[label], float(p[label]))
            for (start, end), label, p in zip(offsets, best, probs, strict=True)
        ]

    def tag_pieces(self, text: str) -> list[Tag]:
        """One tag per word piece."""
        (scores,) = self.piece_scores([text])
        return self.best_tags(scores.offsets, scores.probs)

    def tag_batch(self, texts: Sequence[str]) -> list[list[Tag]]:
        """One tag per word, for each text."""
        return [self._words(scores) for scores in self.piece_scores(texts)]

    def tag(self, text: str) -> list[Tag]:
        """One tag per word: ``(char_start, char_end, label, score)``."""
        return self.tag_batch([text])[0]

    def _words(self, scores: PieceScores) -> list[Tag]:
        spans, probs = self.words_of(scores)
        return self.best_tags(spans, probs) if spans else []

    def word_probabilities(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Each word's character span and its label probabilities (words x labels), for callers that decide
        labels by their own rule instead of the most probable one."""
        (scores,) = self.piece_scores([text])
        return self.words_of(scores)

    def words_of(self, scores: PieceScores) -> tuple[list[tuple[int, int]], np.ndarray]:
        """:meth:`word_probabilities` from a text's piece scores already computed."""
        ranges = word_piece_ranges(scores.word_ids)
        if not ranges:
            return [], np.zeros((0, len(self.labels)), dtype=np.float32)
        spans = [(scores.offsets[first][0], scores.offsets[end - 1][1]) for first, end in ranges]
        return spans, self._per_word(scores.probs, ranges)

    def word_hidden(self, scores: PieceScores) -> np.ndarray:
        """Each word's hidden state (words x hidden size), taken from its pieces as its label probabilities are
        (first piece, or the mean); needs a model that exports hidden states."""
        if scores.hidden is None:
            raise ModelError(
                f"The model in {self.model_dir} has no hidden-state output.",
                fix="Export it again with the training recipe (it writes a graph with a `hidden` output).",
            )
        ranges = word_piece_ranges(scores.word_ids)
        if not ranges:
            return np.zeros((0, scores.hidden.shape[-1]), dtype=np.float32)
        return self._per_word(scores.hidden, ranges)

    def _per_word(self, rows: np.ndarray, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
        if self.word_aggregation == "first":
            return rows[[first for first, _ in ranges]]
        return np.stack([rows[first:end].mean(axis=0) for first, end in ranges])


def read_manifest(model_dir: Path) -> dict:
    """A model folder's ``labels.json`` (a bare list of labels from older exports is read as ``labels``)."""
    path = model_dir / "labels.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"Cannot read {path}: {exc}.", fix="Export the model again.") from exc
    return {"labels": data} if isinstance(data, list) else data


def graph_file(model_dir: Path, name: str | None = None) -> Path:
    """The ONNX file of a model folder: ``name`` (the manifest's ``model``), else the first of :data:`MODEL_FILES`."""
    for candidate in [name] if name else MODEL_FILES:
        if (model_dir / candidate).is_file():
            return model_dir / candidate
    raise ModelError(f"No ONNX model ({name or ' or '.join(MODEL_FILES)}) in {model_dir}.")


def word_piece_ranges(word_ids: Sequence[int]) -> list[tuple[int, int]]:
    """The pieces ``[first, end)`` of each word, in order."""
    ranges, first = [], 0
    for i in range(1, len(word_ids) + 1):
        if i == len(word_ids) or word_ids[i] != word_ids[first]:
            ranges.append((first, i))
            first = i
    return ranges


@cache
def _cached(model_dir: Path, threads: int) -> OnnxTokenTagger:
    return OnnxTokenTagger(model_dir, threads=threads)


def load_tagger(model_dir: str | Path, threads: int = 1) -> OnnxTokenTagger:
    """The tagger for ``model_dir``, loaded on first use and then shared by every caller in the process."""
    return _cached(Path(model_dir).expanduser().resolve(), threads)


def stage_tagger(model: str | None, shipped: Path, what: str, train_command: str, threads: int = 1) -> OnnxTokenTagger:
    """The tagger a model stage runs: the folder its ``model`` option names, else the shipped one."""
    folder = Path(model).expanduser() if model else shipped
    if not (folder / "labels.json").is_file():
        raise ModelError(
            f"No {what} model in {folder}.",
            fix=f"Train one with `{train_command} --out DIR` and pass its onnx/ folder as the model option.",
        )
    return load_tagger(folder, threads)
