"""Marks names the core's NER missed as persons when a known given name starts them; added after the place ruler.

A statistical tagger trained on a few thousand names misses many short or unfamiliar ones ("Greg", "Traci
Warner", "Eduardo Tellechea"), most of all in web text and mail, where capitals are the only cue. The ruler
looks at runs of words the core's tagger calls proper nouns and that no entity covers yet (the place ruler
runs first, so "Jordan" the country is already a place), and marks a run that starts with a given name of
:mod:`unspin.names` (written as the lexicon writes it, capital first) as a person: the run up to
:data:`MAX_WORDS` words. Entities the NER found are never changed.

On EWT dev (Universal NER) and GUM dev this adds 0.006 and 0.005 micro F1 (decision 0002, item 13).
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.language import Language
from spacy.tokens import Doc, Span

from unspin.core_model import add_once, component_factory, proper_noun_runs
from unspin.names import given_names

FACTORY = "unspin_person_ruler"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the ruler under :data:`COMPONENT`."""

COMPONENT = "person_ruler"
PERSON_LABEL = "PERSON"
MAX_WORDS = 3
"""A given name and at most two more words ("Jeffrey T Hodge"); a longer run is cut there."""


class PersonRuler:
    """Adds PERSON entities for untagged proper-noun runs that start with a given name."""

    def __init__(self, names: Collection[str]) -> None:
        self.names = names

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        found = [
            Span(doc, start, min(end, start + MAX_WORDS), label=PERSON_LABEL)
            for start, end in proper_noun_runs(doc, taken)
            if doc[start].text in self.names
        ]
        if found:
            doc.set_ents(sorted([*doc.ents, *found], key=lambda span: span.start))
        return doc


@component_factory(FACTORY)
def make_person_ruler(nlp: Language, name: str) -> PersonRuler:
    """The ruler over the given names of :mod:`unspin.names`."""
    return PersonRuler(frozenset(given_names()))


def add_person_ruler(nlp: Language) -> Language:
    """``nlp`` with the ruler after its place ruler, else after its NER (unchanged when it has no NER or already
    has the ruler)."""
    after = "place_ruler" if "place_ruler" in nlp.pipe_names else "ner"
    return add_once(nlp, FACTORY, COMPONENT, needs="ner", after=after)
