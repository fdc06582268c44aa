"""Running a core spaCy pipeline on gold tokens, timed: what the ``ud`` and ``ner`` suites share.

The benchmark's own words (and the spaces between them) become a spaCy ``Doc`` that skips the tokenizer, so
scores measure tagging, parsing and recognition, not tokenisation. Nothing else is given (no tags), and no
sentence boundaries unless a suite asks for them (the ``ud`` suite's "given sentences" figures). A document
is analysed as one ``Doc`` unless it is longer than ``CHUNK_SENTENCES``; then it is cut into chunks of that
many sentences (a chunk's first word is a sentence start for free).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

CHUNK_SENTENCES = 100
"""At most this many sentences go into one Doc."""

T = TypeVar("T")


@dataclass(frozen=True)
class Tokens:
    """Gold words, whether a space follows each and, when given, whether each starts a sentence (``None`` for a
    word leaves that to the pipeline)."""

    words: tuple[str, ...]
    spaces: tuple[bool, ...]
    sentence_starts: tuple[bool | None, ...] | None = None


def chunks(sentences: Sequence[T], size: int = CHUNK_SENTENCES) -> Iterator[Sequence[T]]:
    """A document's sentences, ``size`` at a time."""
    for start in range(0, len(sentences), size):
        yield sentences[start : start + size]


def analyse(nlp: Language, texts: Sequence[Tokens]) -> tuple[list[Doc], float]:
    """Run every component of ``nlp`` on each gold-token text; return the Docs and the seconds it took."""
    docs = [_doc(nlp, text) for text in texts]
    if texts:
        list(nlp.pipe([_doc(nlp, texts[0])]))  # warm-up, untimed: the first call allocates the models' buffers
    started = time.perf_counter()
    analysed = list(nlp.pipe(docs))
    return analysed, time.perf_counter() - started


def _doc(nlp: Language, text: Tokens) -> Doc:
    from spacy.tokens import Doc

    starts = list(text.sentence_starts) if text.sentence_starts is not None else None
    return Doc(nlp.vocab, words=list(text.words), spaces=list(text.spaces), sent_starts=starts)


def sentence_starts(lengths: Iterable[int]) -> tuple[bool, ...]:
    """Whether each word starts a sentence, for consecutive sentences of the given lengths (in words)."""
    return tuple(index == 0 for length in lengths for index in range(length))


def paragraph_starts(lengths: Iterable[int], new_paragraph: Iterable[bool]) -> tuple[bool | None, ...]:
    """For consecutive sentences of the given lengths, of which ``new_paragraph`` says whether each opens a
    paragraph: a sentence start (True) on the first word and on each paragraph's first word, elsewhere
    unknown (None), for the pipeline to decide, as a raw text's line breaks would give them."""
    return tuple(
        True if index == 0 and (number == 0 or opens) else None
        for number, (length, opens) in enumerate(zip(lengths, new_paragraph, strict=True))
        for index in range(length)
    )


def speed(words: int, seconds: float) -> dict[str, float | int]:
    """The extra figures every core suite reports: words analysed and words per second."""
    return {"words": words, "words_per_second": round(words / seconds) if seconds else 0}
