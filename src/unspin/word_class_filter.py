"""Drops person, organisation and place entities that hold no noun, added after the core pipeline's NER.

A name is a noun phrase: the core's tagger reads a name's words as proper nouns, nouns or numbers ("Enron",
"the CPA", "Cinema 21"). A recogniser that learnt names from capitals alone also tags shouted words in web
text ("YAY", "CLOSED", "VERYYYY") and adjectives in capitals ("Neocon predominance", "the Sunni boycott").
When the tagger reads every word of such an entity as an interjection, a verb, an auxiliary, an adverb or an
adjective (:data:`NOT_NOMINAL`), it is no name and goes. Groups keep their adjectives ("Israeli", a demonym
the group ruler has typed), and events are left alone.

On Universal NER EWT dev this takes 10 false names away and no true one (micro F1 +0.004 with gold
sentences); GUM dev loses one false name (decision 0002, item 39).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from unspin.core_model import add_once, core_label, without_entities

FACTORY = "unspin_word_class_filter"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the filter under :data:`COMPONENT`."""

COMPONENT = "word_class_filter"
NOT_NOMINAL = frozenset({"INTJ", "VERB", "AUX", "ADV", "ADJ"})
"""Universal POS tags no word of a name has when none of its words is a noun, a proper noun or a number."""
FILTERED_TYPES = frozenset({"PERSON", "ORG", "PLACE"})


def holds_no_noun(span: Span) -> bool:
    """Whether the tagger reads every word of the span as one of :data:`NOT_NOMINAL`."""
    return all(token.pos_ in NOT_NOMINAL for token in span)


def drop_entities_without_nouns(doc: Doc) -> Doc:
    """The Doc without its person, organisation and place entities that hold no noun (the words stay,
    unlabelled)."""
    return without_entities(doc, lambda ent: core_label(ent.label_) in FILTERED_TYPES and holds_no_noun(ent))


Language.component(FACTORY, func=drop_entities_without_nouns)


def add_word_class_filter(nlp: Language) -> Language:
    """``nlp`` with the filter as its last component (unchanged when it has no NER or already has it)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="ner", last=True)
