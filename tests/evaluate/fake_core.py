"""A stand-in for a core spaCy pipeline in the eval-suite tests: it returns prepared Docs, so every figure
the suites compute is known by construction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc


class Replay:
    """Looks like a spaCy Language to the suites (``vocab``, ``pipe``): each gold-token Doc is answered by the
    prepared Doc with the same words; a Doc whose sentence boundaries are set is answered from
    ``with_sentences`` when that is given (a core that keeps to given boundaries)."""

    def __init__(self, predicted: Iterable[Doc], with_sentences: Iterable[Doc] = ()) -> None:
        self.answers = {_words(doc): doc for doc in predicted}
        self.answers_with_sentences = {_words(doc): doc for doc in with_sentences}
        self.vocab = next(iter(self.answers.values())).vocab

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for doc in docs:
            given = any(token.is_sent_start is not None for token in doc[1:])
            answers = self.answers_with_sentences if given and self.answers_with_sentences else self.answers
            yield answers[_words(doc)]


def _words(doc: Doc) -> tuple[str, ...]:
    return tuple(token.text for token in doc)
