"""Reading the tokens layer: named-entity spans from its IOB tags, and its dependency tree.

The tokens layer (:class:`unspin.annotations.Token`) stores each arc as the index of the head word, so a
stage can walk the parse without spaCy. :class:`Parse` indexes one document's tokens once: the words inside
a span, a word's dependents, the span its subtree covers, and the head word of a phrase.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from unspin.annotations import EntityLabel, Token
from unspin.spans import Span


def entity_spans(tokens: Sequence[Token]) -> Iterator[tuple[Span, EntityLabel]]:
    """The named entities the tokens' IOB tags mark, as (span, label); an "I" after "O" starts one too."""
    start: Token | None = None
    last: Token | None = None
    for token in tokens:
        continues = token.ent_iob == "I" and last is not None and token.ent_label == last.ent_label
        if start is not None and last is not None and not continues:
            yield Span(start.span.start, last.span.end), last.ent_label or "other"
            start = last = None
        if token.ent_iob == "O" or token.ent_label is None:
            continue
        if start is None:
            start = token
        last = token
    if start is not None and last is not None:
        yield Span(start.span.start, last.span.end), last.ent_label or "other"


class Parse:
    """One document's tokens layer as a dependency tree."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tuple(tokens)
        self._starts = [token.span.start for token in self.tokens]
        self._children: list[list[int]] = [[] for _ in self.tokens]
        for i, token in enumerate(self.tokens):
            if token.head != i:
                self._children[token.head].append(i)

    def within(self, span: Span) -> range:
        """Indices of the tokens that start inside ``span``."""
        return range(bisect.bisect_left(self._starts, span.start), bisect.bisect_left(self._starts, span.end))

    def children(self, index: int) -> list[int]:
        """The words that depend on word ``index``, in text order."""
        return self._children[index]

    def subtree(self, index: int) -> Span:
        """The text covered by word ``index`` and everything that depends on it, directly or not."""
        start, end = self.tokens[index].span.start, self.tokens[index].span.end
        stack = [index]
        while stack:
            for child in self._children[stack.pop()]:
                start, end = min(start, self.tokens[child].span.start), max(end, self.tokens[child].span.end)
                stack.append(child)
        return Span(start, end)

    def head_of(self, span: Span) -> int | None:
        """The first word inside ``span`` whose head lies outside it (or is itself): the phrase's head."""
        inside = self.within(span)
        for i in inside:
            if self.tokens[i].head == i or self.tokens[i].head not in inside:
                return i
        return None
