"""Tells the core's parser which words cannot start a sentence; added before the parser.

The core's parser finds sentence boundaries as it parses, and it sometimes starts a sentence at a word that
only ever continues one. Two kinds are marked as no sentence start before it runs: spaCy's transition system
then never breaks a sentence before such a word, though a new one can still begin there when the parser's
stack runs empty (five commas in UD English-EWT dev still start a sentence):

- a closing quotation mark after a quoted sentence (``... profitable ." It 's``): the parser sometimes starts
  the next sentence at the mark, leaving it to open the next sentence and the quote unclosed in its own, where
  Universal Dependencies (and every reader) put it with the sentence it closes;
- punctuation that attaches to what precedes it (``, ; : ) ] } %``): "on March 28 || , 2005" was cut there.
  Of the 20,500 training sentences of UD English-EWT and GUM, one starts with such a mark.

A mark closes a quote when it can only close (``”``, ``»``, ``’``, ``''``...) or when it is a straight double quote
with an earlier one open in the same paragraph (an odd count so far). Only marks straight after sentence-final
punctuation are touched: that is where the parser's choice lies between before and after the mark.

On UD English-EWT dev with paragraph starts given: sentence-start F1 0.911 -> 0.916, LAS 0.8354 -> 0.8359;
GUM dev 0.960 -> 0.967, LAS 0.8458 -> 0.8464 (decision 0002, item 33). Paragraph starts set before (by the
caller or the evaluation) are kept.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from unspin.core_model import add_once, component_factory
from unspin.quotation import CLOSING, OPENING

FACTORY = "unspin_sentence_continuations"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the component under :data:`COMPONENT`."""

COMPONENT = "sentence_continuations"
STRAIGHT_QUOTE = '"'
"""The mark that opens or closes depending on how many came before it in the paragraph."""
CLOSING_ONLY = frozenset(CLOSING - set(OPENING)) | {"''"}
"""Marks that only close a quote (those of :mod:`unspin.quotation`, and ``''`` as the Penn Treebank writes one)."""
SENTENCE_FINAL_MARKS = frozenset(".!?…")
"""What a sentence-final word is made of (".", "?!", "...", "…")."""
CONTINUING_MARKS = frozenset({",", ";", ":", ")", "]", "}", "%"})
"""Punctuation that attaches to the word before it and so never opens a sentence."""


def closing_marks_after_sentence_ends(words: list[str], paragraph_starts: list[bool]) -> list[int]:
    """Indexes of the closing quotation marks that follow sentence-final punctuation, straight double quotes
    paired within each paragraph (``paragraph_starts`` is True on each paragraph's first word)."""
    found = []
    open_straight = False
    for index, word in enumerate(words):
        if paragraph_starts[index]:
            open_straight = False
        closing = word in CLOSING_ONLY or (word == STRAIGHT_QUOTE and open_straight)
        if closing and index > 0 and _ends_sentence(words[index - 1]):
            found.append(index)
        if word == STRAIGHT_QUOTE:
            open_straight = not open_straight
    return found


def _ends_sentence(word: str) -> bool:
    return bool(word) and set(word) <= SENTENCE_FINAL_MARKS


def continuations(words: list[str], paragraph_starts: list[bool]) -> list[int]:
    """Indexes of the words that cannot start a sentence (see the module docstring), in order."""
    marks = [index for index, word in enumerate(words) if word in CONTINUING_MARKS]
    return sorted({*marks, *closing_marks_after_sentence_ends(words, paragraph_starts)})


class SentenceContinuations:
    """Marks the words of :func:`continuations` as no sentence start, unless a start is already set there."""

    def __call__(self, doc: Doc) -> Doc:
        words = [token.text for token in doc]
        paragraph_starts = [token.is_sent_start is True for token in doc]
        for index in continuations(words, paragraph_starts):
            if doc[index].is_sent_start is None:
                doc[index].is_sent_start = False
        return doc


@component_factory(FACTORY)
def make_sentence_continuations(nlp: Language, name: str) -> SentenceContinuations:
    return SentenceContinuations()


def add_sentence_continuations(nlp: Language) -> Language:
    """``nlp`` with the component just before its parser (unchanged when it has no parser or already has it)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="parser", before="parser")
