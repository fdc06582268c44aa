"""What a mention does in its clause, read from the words around it: speaks ("Warren said"), is a subject, or
only completes a plural head ("the representatives of Ukrainians").

Coreference (the rules of :mod:`unspin.stages.coref` and the ranker of :mod:`unspin.models.antecedent_ranker`)
prefers antecedents that were subjects or speakers, and keeps "they" from a group that only completes another
phrase; without a parse in the default pipeline, the words next to a mention are the cheap evidence.
"""

from __future__ import annotations

import re

from unspin.cue_verbs import utterance_forms
from unspin.spans import Span

VERB_AFTER = re.compile(
    r"\s+(?:(?:has|have|had|is|was|were|are|will|would|can|could|also|then|later|again)\b|[a-z]+ed\b|[a-z]+s\b)"
)
"""An auxiliary, a past form or a third-person form right after a mention: the mention is likely its subject."""
_PLURAL_HEAD_BEFORE = re.compile(r"\b[a-z]+s\s+of\s+(?:the\s+)?$")
_PLURAL_PHRASE = re.compile(r"\b(?i:the|these|those|many|some|all|other|both)\s+(?:[a-z-]+\s+){0,2}[a-z]+s\b")
_THING_PHRASE = re.compile(r"\b(?i:the|a|an|this|that|its|his|her|their)\s+(?:[a-z-]+\s+){0,2}[a-z]+\b")
_NEXT_WORDS = re.compile(r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?")
_SPEECH_ADVERBS = frozenset("also then later again further had has have".split())


def speaks(text: str, span: Span) -> bool:
    """Whether a mention is the subject of a verb of saying: "Warren said", "she told", "he also added"."""
    found = _NEXT_WORDS.match(text, span.end)
    if found is None:
        return False
    first, second = found.group(1).lower(), (found.group(2) or "").lower()
    forms = utterance_forms()
    return first in forms or (first in _SPEECH_ADVERBS and second in forms)


def is_subject(text: str, span: Span) -> bool:
    """Whether the mention speaks or a verb or auxiliary follows it (the subject of its clause)."""
    return speaks(text, span) or VERB_AFTER.match(text, span.end) is not None


def completes_plural_head(text: str, span: Span) -> bool:
    """Whether the mention follows a plural head and "of" ("the representatives of Ukrainians"): "they" after
    it means the head, not the mention."""
    return _PLURAL_HEAD_BEFORE.search(text[: span.start]) is not None


def holds_plural_phrase(text: str) -> bool:
    """Whether a stretch of text holds a plural noun phrase ("the protesters", "many voters"), a nearer
    antecedent for "they" than any entity before it."""
    return _PLURAL_PHRASE.search(text) is not None


def holds_thing_phrase(text: str) -> bool:
    """Whether a stretch of text holds a common noun phrase ("the plan", "a report"), a nearer antecedent for
    "it" than any entity before it."""
    return _THING_PHRASE.search(text) is not None
