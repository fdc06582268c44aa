"""Keeps a closing quotation mark with the sentence it closes; added before the core's parser.

The core's parser finds sentence boundaries as it parses, and after a quoted sentence (``... profitable ."
It 's``) it sometimes starts the next sentence at the closing mark, leaving the mark to open the next sentence
and the quote unclosed in its own. Universal Dependencies (and every reader) put the mark with the sentence
it closes. This component marks such a mark as no sentence start before the parser runs; spaCy's
transition system never starts a sentence at a word so marked, so the parser puts the boundary after it.

A mark closes a quote when it can only close (``”``, ``»``, ``’``) or when it is a straight double quote with
an earlier one open in the same paragraph (an odd count so far). Only marks straight after sentence-final
punctuation are touched: that is where the parser's choice lies between before and after the mark.

On UD English-EWT dev with paragraph starts given: sentence-start F1 0.911 -> 0.914, LAS 0.8354 -> 0.8358
(decision 0002, item 32).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from unspin.core_model import add_once

FACTORY = "unspin_quote_boundaries"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the component under :data:`COMPONENT`."""

COMPONENT = "quote_boundaries"
STRAIGHT_QUOTES = frozenset({'"', "''"})
"""Marks that open or close depending on how many came before them."""
OPENING_ONLY = frozenset({"“", "``", "«"})
CLOSING_ONLY = frozenset({"”", "»", "’"})
SENTENCE_FINAL = frozenset({".", "!", "?", "...", "…"})


def closing_marks_after_sentence_ends(words: list[str], paragraph_starts: list[bool]) -> list[int]:
    """Indexes of the closing quotation marks that follow sentence-final punctuation, straight double quotes
    paired within each paragraph (``paragraph_starts`` is True on each paragraph's first word)."""
    found = []
    open_straight = False
    for index, word in enumerate(words):
        if paragraph_starts[index]:
            open_straight = False
        closing = word in CLOSING_ONLY or (word in STRAIGHT_QUOTES and open_straight)
        if closing and index > 0 and _ends_sentence(words[index - 1]):
            found.append(index)
        if word in STRAIGHT_QUOTES:
            open_straight = not open_straight
        elif word in OPENING_ONLY:
            open_straight = False
    return found


def _ends_sentence(word: str) -> bool:
    return word in SENTENCE_FINAL or (len(word) > 1 and set(word) <= {"!", "?", "."})


class QuoteBoundaries:
    """Marks closing quotation marks after sentence-final punctuation as no sentence start."""

    def __call__(self, doc: Doc) -> Doc:
        words = [token.text for token in doc]
        paragraph_starts = [token.is_sent_start is True for token in doc]
        for index in closing_marks_after_sentence_ends(words, paragraph_starts):
            if doc[index].is_sent_start is None:
                doc[index].is_sent_start = False
        return doc


@Language.factory(FACTORY)
def make_quote_boundaries(nlp: Language, name: str) -> QuoteBoundaries:
    return QuoteBoundaries()


def add_quote_boundaries(nlp: Language) -> Language:
    """``nlp`` with the component just before its parser (unchanged when it has no parser or already has it)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="parser", before="parser")
