"""The GeoNames gazetteer as a spaCy entity ruler for places, added after the core pipeline's NER.

A statistical tagger trained on a few thousand names misses or mistypes well-known places ("Fiji" tagged as
a person, "Palo Alto" not tagged at all). The ruler looks at runs of words the core's own tagger calls
proper nouns and marks the longest run (up to :data:`MAX_WORDS` words; the gazetteer folds case, so "tampa
bay" counts) that names a *prominent* place: a country, a first-level region, or a city of at least
:data:`MIN_CITY_POPULATION` people. Relying on the tagger keeps common words out ("Reading the report",
"turkey and ham"), and the population floor keeps out the thousands of villages whose names are also first
names or nouns ("Laura", "Santa").

It also retypes a person or organisation entity as a place

- when its whole text names a very prominent place (a country, a first-level region or a city of
  :data:`RETYPE_CITY_POPULATION`), since a tagger that has never seen "Delaware" guesses its type from the
  shape of the word;
- when it is a person named by words the pipeline's vectors table lacks and no given name starts it, and its
  text names a prominent place of :data:`UNREAD_PERSON_CITY_POPULATION`. The table holds the words of the
  recogniser's training text (decision 0002, item 30), so such a person is a guess from shape and context,
  and a recogniser trained to read unknown capitalised words leans towards persons ("Miramar", "Samarra");
  a person the recogniser has read ("Bush", "Lincoln") keeps its type;
- when the text names it after a place noun and "of" ("the West Bank town of Ramallah", "the city of Safed").

And it marks a lower-case word after "in" that names such a place and that the vectors table lacks ("birds in
punjab"; :func:`lower_case_place`).

Entities the tagger already typed as places, groups or events are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator

import numpy as np
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from unspin.core_model import add_once, component_factory, proper_noun_runs
from unspin.gazetteer import CITY_POPULATION, Gazetteer, GazetteerEntry
from unspin.names import given_names
from unspin.spelling_vectors import table_rows
from unspin.stages.entities import PLACE_NOUNS

FACTORY = "unspin_place_ruler"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the ruler under :data:`COMPONENT`."""

COMPONENT = "place_ruler"
PLACE_LABEL = "PLACE"
MAX_WORDS = 4
MIN_CITY_POPULATION = 50_000
RETYPE_CITY_POPULATION = 1_000_000
UNREAD_PERSON_CITY_POPULATION = CITY_POPULATION
REGION_FEATURES = frozenset({"country", "admin1"})
RETYPED_LABELS = frozenset({"PERSON", "ORG", "PER"})
PERSON_LABELS = frozenset({"PERSON", "PER"})
LOWER_CASE_PLACE_AFTER = "in"

PlaceLookup = Callable[[str], list[GazetteerEntry]]


def prominent(entries: list[GazetteerEntry], min_city_population: int = MIN_CITY_POPULATION) -> bool:
    """Whether a name's own (primary) entries include a country, a region or a city of the given size."""
    return any(
        entry.primary and (entry.feature in REGION_FEATURES or entry.population >= min_city_population)
        for entry in entries
    )


def unread(span: Span) -> bool:
    """Whether no word of ``span`` has a row in its pipeline's vectors table; False when the table is empty, as
    a pipeline without one tells nothing of what its recogniser read."""
    vectors = span.doc.vocab.vectors
    if not len(vectors):
        return False
    keys = [token.norm if vectors.attr == NORM else token.orth for token in span]
    return bool((table_rows(vectors, keys) < 0).all())


def after_place_noun(span: Span) -> bool:
    """Whether ``span`` is named after a lower-case place noun and "of" ("the town of [Ramallah]"), by the
    parse: it modifies the noun and "of" marks it."""
    root = span.root
    return (
        root.dep_ == "nmod"
        and root.head.text in PLACE_NOUNS
        and any(child.dep_ == "case" and child.text.lower() == "of" for child in root.children)
    )


def words_after(doc: Doc, word: str) -> list[int]:
    """Indexes of the words right after ``word`` written in lower case, capitalised or in capitals, found in the
    Doc's array of word forms (not one spaCy Token per word)."""
    forms = [hash_string(form) for form in (word, word.capitalize(), word.upper())]
    orths = doc.to_array(ORTH)
    return [int(index) + 1 for index in np.flatnonzero(np.isin(orths[:-1], forms))]


def lower_case_place(token: Token, lookup: PlaceLookup) -> bool:
    """Whether ``token``, a word after "in" (:func:`words_after`), is a lower-case word that names a country, a
    region or a city of :data:`UNREAD_PERSON_CITY_POPULATION`, and that the pipeline's vectors table lacks ("birds
    in [punjab]"): web text writes names in lower case, which the recogniser rarely met. The table test keeps out
    words the recogniser read, common nouns among them ("in reading", "in china", "in mobile")."""
    return (
        token.text.islower()
        and token.text.isalpha()
        and unread(token.doc[token.i : token.i + 1])
        and prominent(lookup(token.text), UNREAD_PERSON_CITY_POPULATION)
    )


class PlaceRuler:
    """Adds and retypes PLACE entities in a Doc (see the module docstring)."""

    def __init__(self, lookup: PlaceLookup, given: Collection[str] = frozenset()) -> None:
        self.lookup = lookup
        self.given = given

    def __call__(self, doc: Doc) -> Doc:
        entities = [self._retyped(ent) for ent in doc.ents]
        taken = {i for ent in entities for i in range(ent.start, ent.end)}
        runs = [place for start, end in proper_noun_runs(doc, taken) for place in self._places_in(doc, start, end)]
        entities.extend(runs)
        taken.update(i for place in runs for i in range(place.start, place.end))
        for index in words_after(doc, LOWER_CASE_PLACE_AFTER):
            if index not in taken and lower_case_place(doc[index], self.lookup):
                entities.append(Span(doc, index, index + 1, label=PLACE_LABEL))
        doc.set_ents(sorted(entities, key=lambda span: span.start))
        return doc

    def _retyped(self, ent: Span) -> Span:
        if ent.label_ not in RETYPED_LABELS or len(ent) > MAX_WORDS:
            return ent
        entries = self.lookup(ent.text)
        if (
            prominent(entries, RETYPE_CITY_POPULATION)
            or after_place_noun(ent)
            or (prominent(entries, UNREAD_PERSON_CITY_POPULATION) and self._unread_person(ent))
        ):
            return Span(ent.doc, ent.start, ent.end, label=PLACE_LABEL)
        return ent

    def _unread_person(self, ent: Span) -> bool:
        return ent.label_ in PERSON_LABELS and ent[0].text not in self.given and unread(ent)

    def _places_in(self, doc: Doc, start: int, end: int) -> Iterator[Span]:
        """The longest prominent place names in the run, left to right."""
        position = start
        while position < end:
            for length in range(min(MAX_WORDS, end - position), 0, -1):
                if prominent(self.lookup(doc[position : position + length].text)):
                    yield Span(doc, position, position + length, label=PLACE_LABEL)
                    position += length
                    break
            else:
                position += 1


@component_factory(FACTORY)
def make_place_ruler(nlp: Language, name: str) -> PlaceRuler:
    """The ruler over the shared gazetteer index (built on first use) and the given names of :mod:`unspin.names`."""
    return PlaceRuler(Gazetteer.default().lookup, frozenset(given_names()))


def add_place_ruler(nlp: Language) -> Language:
    """``nlp`` with the ruler right after its NER (unchanged when it has no NER or already has the ruler)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="ner", after="ner")
