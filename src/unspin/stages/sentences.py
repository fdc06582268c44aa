"""Sentences and paragraphs by rule: paragraph breaks, then sentence-final punctuation.

A full stop ends a sentence when the next word starts with a capital, a digit or a quotation mark,
and the word before it is not a known abbreviation ("Gen.", "U.S.", "Jan.") or a single initial.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from unspin.annotations import Sentence
from unspin.document import Document
from unspin.registry import stage
from unspin.spans import stripped

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt maj cmdr adm gov sen rep rev st jr sr no vs etc inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m approx est dept fig""".split()
)

_BOUNDARY = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9])""")
_PARAGRAPH = re.compile(r"[^\n]+")


def split_sentences(text: str) -> Iterator[Sentence]:
    """Sentences of ``text`` with their paragraph numbers."""
    for paragraph, block in enumerate(m for m in _PARAGRAPH.finditer(text) if m.group().strip()):
        start = block.start()
        for boundary in _BOUNDARY.finditer(text, block.start(), block.end()):
            if _is_abbreviation(text, start, boundary.start()):
                continue
            yield Sentence(stripped(text, start, boundary.end()), paragraph)
            start = boundary.end()
        span = stripped(text, start, block.end())
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
