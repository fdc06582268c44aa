"""Punctuation re-attached by the Universal Dependencies rule, after the core pipeline's parser.

UD attaches a punctuation mark "at the highest possible node that preserves projectivity within the relevant
unit", and paired marks (brackets, quotation marks) to the head of what they enclose. The treebanks the core
learns from follow that rule almost mechanically (99% of UD English-EWT dev's punctuation heads are unchanged
by it), but a greedy parser decides each mark's head alone, from a few words of context, and gets one in five
wrong. Once the words around a mark are parsed, the rule names its head; where the parser's own choice is one
the rule allows (any node on the climbing path below), the choice is kept.

Per sentence, in this order:

1. a mark has no dependents: a word the parser attached to one goes to the mark's head;
2. each opening bracket or quotation mark with a closing partner in the sentence: the opening mark goes to the
   first word inside whose head lies outside the pair (or the first inside head of an outside word), the
   closing mark to the last such word;
3. every other mark: from the nearest word on its left, climb while the head is still on the left and the
   subtree does not reach past the mark; the same from the nearest word on its right (none for a
   sentence-final ``.``, ``!``, ``?``); of the two highest nodes that keep the tree projective, the lower one
   is the head (the left one when neither is below the other), unless the parser's head is already on its
   path (on either path when neither is below the other).

A sentence whose root the parser made a punctuation mark is left as it is.

UD English-EWT dev, shipped core: punctuation head accuracy 0.821 -> 0.841 with sentences given, LAS +0.2.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.attrs import DEP, HEAD, ORTH, POS
from spacy.language import Language
from spacy.parts_of_speech import PUNCT
from spacy.tokens import Doc

from unspin.core_model import add_once, component_factory

FACTORY = "unspin_punct_attachment"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the component under :data:`COMPONENT`."""

COMPONENT = "punct_attachment"
FINAL_MARKS = frozenset(".!?")
PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’", "«": "»", '"': '"', "'": "'"}
"""Opening mark -> its closing mark (the same character for straight quotes)."""

ROOT = -1
"""The head of a sentence's root, in the sentence-relative head lists below."""


def attach_punctuation(heads: Sequence[int], is_mark: Sequence[bool], words: Sequence[str]) -> list[int]:
    """One sentence's heads (indices within it, :data:`ROOT` for the root) with its marks re-attached."""
    if any(head == ROOT and mark for head, mark in zip(heads, is_mark, strict=True)):
        return list(heads)
    tree = _Tree(heads, is_mark, words)
    tree.attach_pairs()
    for index, mark in enumerate(is_mark):
        if mark and index not in tree.paired:
            tree.attach_mark(index)
    return tree.heads


class _Tree:
    """One sentence's tree while its marks move.

    Marks have no dependents once the tree is built, so moving one never changes which words dominate which
    others: each word's ancestors are computed once, and a mark's come from its current head.
    """

    def __init__(self, heads: Sequence[int], is_mark: Sequence[bool], words: Sequence[str]) -> None:
        self.heads = list(heads)
        self.is_mark = is_mark
        self.words = words
        self.marks = [index for index, mark in enumerate(is_mark) if mark]
        self.paired: dict[int, str] = {}
        for index in range(len(self.heads)):
            while self.heads[index] != ROOT and is_mark[self.heads[index]]:
                self.heads[index] = self.heads[self.heads[index]]
        self.ancestors: list[frozenset[int]] = [frozenset()] * len(self.heads)
        for index in range(len(self.heads)):
            if not self.ancestors[index]:
                self._fill_ancestors(index)
        # Each node's span over itself and the words below it, children before heads (deepest first).
        self.extent = [[index, index] for index in range(len(self.heads))]
        for index in sorted(range(len(self.heads)), key=lambda node: -len(self.ancestors[node])):
            head = self.heads[index]
            if head != ROOT and not is_mark[index]:
                low, high = self.extent[index]
                span = self.extent[head]
                if low < span[0]:
                    span[0] = low
                if high > span[1]:
                    span[1] = high

    def _fill_ancestors(self, index: int) -> None:
        """Set the ancestors (the node and every node above it) of ``index`` and of the nodes above it that have
        none yet, each from its head's set."""
        path = [index]
        seen = {index}
        node = index
        while self.heads[node] != ROOT and not self.ancestors[self.heads[node]]:
            node = self.heads[node]
            if node in seen:
                break  # a cycle: no parser makes one; the sets stay finite, though a climb over one would not end
            seen.add(node)
            path.append(node)
        head = self.heads[node]
        above = self.ancestors[head] if head != ROOT and head not in seen else frozenset()
        for node in reversed(path):
            above = above | {node}
            self.ancestors[node] = above

    def dominates(self, ancestor: int, node: int) -> bool:
        if self.is_mark[node]:
            head = self.heads[node]
            return ancestor == node or (head != ROOT and ancestor in self.ancestors[head])
        return ancestor in self.ancestors[node]

    def attach_pairs(self) -> None:
        """Attach bracket and quotation pairs, recording them in ``paired`` ("open" or "close")."""
        for opening, word in enumerate(self.words):
            if not self.is_mark[opening] or word not in PAIRS or opening in self.paired:
                continue
            closing = self._partner(opening)
            if closing is None:
                continue
            inside = sorted(self._inside_heads(opening, closing))
            if inside:
                self.heads[opening], self.heads[closing] = inside[0], inside[-1]
                self.paired[opening], self.paired[closing] = "open", "close"

    def _partner(self, opening: int) -> int | None:
        closing_word, depth = PAIRS[self.words[opening]], 0
        for index in range(opening + 1, len(self.words)):
            if self.words[index] == closing_word and index not in self.paired:
                if depth == 0:
                    return index
                depth -= 1
            elif self.words[index] == self.words[opening]:
                depth += 1
        return None

    def _inside_heads(self, opening: int, closing: int) -> set[int]:
        """Words between the marks attached outside them, and inside words that outside words attach to."""
        found = set()
        for index, head in enumerate(self.heads):
            if index in (opening, closing):
                continue
            inside, head_inside = opening < index < closing, opening < head < closing
            if inside and not head_inside and not self.is_mark[index]:
                found.add(index)
            elif not inside and head_inside and not self.is_mark[head]:
                found.add(head)
        return found

    def attach_mark(self, mark: int) -> None:
        """Attach an unpaired mark (rule 3 of the module docstring)."""
        if self.words[mark] == "." and mark > 0 and self.heads[mark] == mark - 1:
            return  # an abbreviation's or ordinal's dot
        left = self._neighbour(mark, -1)
        right = None if self.words[mark] in FINAL_MARKS else self._neighbour(mark, 1)
        original = self.heads[mark]
        self.heads[mark] = ROOT  # out of the tree while the paths are checked
        left_path = [node for node in self._climb(left, mark, -1) if self._projective(mark, node)]
        right_path = [node for node in self._climb(right, mark, 1) if self._projective(mark, node)]
        self.heads[mark] = original
        left, right = (left_path[-1] if left_path else None), (right_path[-1] if right_path else None)
        if left is not None and right is not None and left != right and self.dominates(left, right):
            chosen, allowed = right, right_path
        elif left is not None and right is not None and self.dominates(right, left):
            chosen, allowed = left, left_path
        elif left is not None or right is not None:
            chosen, allowed = (left if left is not None else right), left_path + right_path
        else:
            return
        if original not in allowed:
            self.heads[mark] = chosen  # type: ignore[assignment]

    def _neighbour(self, mark: int, step: int) -> int | None:
        """The nearest word on one side, not past an opening (left) or closing (right) mark of another unit."""
        blocking = "open" if step < 0 else "close"
        index = mark + step
        while 0 <= index < len(self.heads) and self.is_mark[index]:
            if self.paired.get(index) == blocking and self.heads[index] != mark:
                return None
            index += step
        return index if 0 <= index < len(self.heads) else None

    def _climb(self, start: int | None, mark: int, side: int) -> list[int]:
        """``start`` and its ancestors while each stays on the mark's ``side`` and its subtree does not cross it."""
        if start is None:
            return []
        path = [start]
        node = start
        while self.heads[node] != ROOT and (self.heads[node] - mark) * side > 0 and not self._reaches(node, mark):
            node = self.heads[node]
            path.append(node)
        return path

    def _reaches(self, node: int, mark: int) -> bool:
        """Whether the subtree of ``node`` (marks attached in it included) spans over the mark."""
        low, high = self.extent[node]
        for index in self.marks:
            head = self.heads[index]
            if head != ROOT and node in self.ancestors[head]:
                low, high = min(low, index), max(high, index)
        return low < mark < high

    def _projective(self, mark: int, head: int) -> bool:
        """Whether attaching the mark to ``head`` keeps the tree projective: ``head`` dominates every word between."""
        low, high = (mark, head) if mark < head else (head, mark)
        return all(self.dominates(head, index) for index in range(low + 1, high))


def attach_in_doc(doc: Doc) -> Doc:
    """Re-attach the punctuation of every sentence of a parsed Doc (a Doc without a parse is left alone)."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return doc
    positions = np.arange(len(doc), dtype=np.int64)
    heads = positions + doc.to_array([HEAD]).astype(np.int64).reshape(-1)
    marks = doc.to_array([POS]).reshape(-1) == PUNCT
    forms = doc.to_array([ORTH]).reshape(-1)
    fixed = heads.copy()
    for sentence in doc.sents:
        start, end = sentence.start, sentence.end
        if not marks[start:end].any():
            continue
        local = [ROOT if heads[i] == i else int(heads[i]) - start for i in range(start, end)]
        words = [doc.vocab.strings[int(forms[i])] if marks[i] else "" for i in range(start, end)]
        for offset, head in enumerate(attach_punctuation(local, marks[start:end].tolist(), words)):
            fixed[start + offset] = start + (offset if head == ROOT else head)
    if (fixed == heads).all():
        return doc
    relative = (fixed - positions).astype("uint64")
    doc.from_array([HEAD, DEP], np.stack([relative, doc.to_array([DEP]).reshape(-1)], axis=1))
    return doc


@component_factory(FACTORY)
def make_punct_attachment(nlp: Language, name: str) -> object:
    """The component: :func:`attach_in_doc`."""
    return attach_in_doc


def add_punct_attachment(nlp: Language) -> Language:
    """``nlp`` with the component right after its parser (unchanged when it has no parser or already has it)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="parser", after="parser")
