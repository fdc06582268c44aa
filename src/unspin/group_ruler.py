"""Retypes an entity whose whole text is a demonym ("Israeli", "Azerbaijanis") as a group; added after the
core pipeline's NER and its rulers.

A demonym names people or a quality of a country, never an organisation, a person or a place
(:mod:`unspin.demonyms`), but a tagger that has seen few of them types one by the company it keeps ("the
Israeli occupation" as an organisation). The entity stays where the tagger put it; only its label changes.
On Universal NER EWT dev, which has no group type, this takes 0.003 micro F1 of false organisations away
(decision 0002, item 22); GUM dev is unchanged.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from unspin.core_model import add_once
from unspin.demonyms import lookup_demonym

FACTORY = "unspin_group_ruler"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the ruler under :data:`COMPONENT`."""

COMPONENT = "group_ruler"
GROUP_LABEL = "GROUP"


def demonyms_as_groups(doc: Doc) -> Doc:
    """The Doc with every one-word demonym entity labelled GROUP."""
    entities = [
        Span(doc, ent.start, ent.end, label=GROUP_LABEL)
        if len(ent) == 1 and ent.label_ != GROUP_LABEL and lookup_demonym(ent.text) is not None
        else ent
        for ent in doc.ents
    ]
    if entities != list(doc.ents):
        doc.set_ents(entities)
    return doc


Language.component(FACTORY, func=demonyms_as_groups)


def add_group_ruler(nlp: Language) -> Language:
    """``nlp`` with the ruler as its last component so far (unchanged when it has no NER or already has it)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="ner", last=True)
