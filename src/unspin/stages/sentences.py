"""Sentences and paragraphs: paragraph breaks, then sentence-final punctuation or the core pipeline's parse.

``sentences.rules.v1``: a full stop ends a sentence when the next word starts with a capital, a digit or a
quotation mark, and the word before it is not a known abbreviation ("Gen.", "U.S.", "Jan.") or a single
initial. ``sentences.core.v1`` takes the sentence starts of the tokens layer instead. Both start a paragraph
at every line break, so no sentence crosses one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator

from unspin.annotations import Sentence
from unspin.document import Document
from unspin.registry import stage
from unspin.spans import Span, stripped

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt maj cmdr adm gov sen rep rev st jr sr no vs etc inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m approx est dept fig""".split()
)

_BOUNDARY = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9])""")
_PARAGRAPH = re.compile(r"[^\n]+")


def paragraphs(text: str) -> Iterator[Span]:
    """The paragraphs of ``text``: its lines that hold more than white space, stripped of it."""
    for block in _PARAGRAPH.finditer(text):
        span = stripped(text, block.start(), block.end())
        if len(span):
            yield span


def split_sentences(text: str) -> Iterator[Sentence]:
    """Sentences of ``text`` with their paragraph numbers."""
    for paragraph, block in enumerate(paragraphs(text)):
        start = block.start
        for boundary in _BOUNDARY.finditer(text, block.start, block.end):
            if _is_abbreviation(text, start, boundary.start()):
                continue
            yield Sentence(stripped(text, start, boundary.end()), paragraph)
            start = boundary.end()
        span = stripped(text, start, block.end)
        if len(span):
            yield Sentence(span, paragraph)


def sentences_at(text: str, starts: Iterable[int]) -> Iterator[Sentence]:
    """Sentences of ``text`` that begin at the offsets ``starts`` (in any order) and at every paragraph.

    A start inside a paragraph cuts it; a sentence never runs past its paragraph's line break. A start that
    does not follow white space is ignored: a parser may cut a word such as "President.Az" at its full stop.
    """
    cuts = sorted({start for start in starts if start > 0 and text[start - 1].isspace()})
    for paragraph, block in enumerate(paragraphs(text)):
        inside = cuts[bisect.bisect_right(cuts, block.start) : bisect.bisect_left(cuts, block.end)]
        for start, end in itertools.pairwise([block.start, *inside, block.end]):
            span = stripped(text, start, end)
            if len(span):
                yield Sentence(span, paragraph)


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > sentence_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lower().lstrip("(\"'“‘")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


@stage("sentences.rules.v1", produces="sentences")
def rule_sentences() -> object:
    """Sentences and paragraphs by punctuation and line-break rules."""

    def run(doc: Document) -> Iterator[Sentence]:
        return split_sentences(doc.text)

    return run


@stage("sentences.core.v1", produces="sentences", requires=("tokens",))
def core_sentences() -> object:
    """Sentences where the core pipeline's parse starts them, and paragraphs at line breaks."""

    def run(doc: Document) -> Iterator[Sentence]:
        return sentences_at(doc.text, (token.span.start for token in doc.layer("tokens") if token.sent_start))

    return run
