"""The GeoNames gazetteer as a spaCy entity ruler for places, added after the core pipeline's NER.

A statistical tagger trained on a few thousand names misses or mistypes well-known places ("Fiji" tagged as
a person, "Palo Alto" not tagged at all). The ruler looks at runs of words the core's own tagger calls
proper nouns and marks the longest run (up to :data:`MAX_WORDS` words; the gazetteer folds case, so "tampa
bay" counts) that names a *prominent* place: a country, a first-level region, or a city of at least
:data:`MIN_CITY_POPULATION` people. Relying on the tagger keeps common words out ("Reading the report",
"turkey and ham"), and the population floor keeps out the thousands of villages whose names are also first
names or nouns ("Laura", "Santa").

It also retypes a person or organisation entity whose whole text names a very prominent place (a country,
a first-level region or a city of :data:`RETYPE_CITY_POPULATION`), since a tagger that has never seen
"Delaware" guesses its type from the shape of the word. Entities the tagger already typed as places, groups
or events are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from unspin.core_model import add_once, proper_noun_runs
from unspin.gazetteer import Gazetteer, GazetteerEntry

FACTORY = "unspin_place_ruler"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the ruler under :data:`COMPONENT`."""

COMPONENT = "place_ruler"
PLACE_LABEL = "PLACE"
MAX_WORDS = 4
MIN_CITY_POPULATION = 50_000
RETYPE_CITY_POPULATION = 1_000_000
REGION_FEATURES = frozenset({"country", "admin1"})
RETYPED_LABELS = frozenset({"PERSON", "ORG", "PER"})

PlaceLookup = Callable[[str], list[GazetteerEntry]]


def prominent(entries: list[GazetteerEntry], min_city_population: int = MIN_CITY_POPULATION) -> bool:
    """Whether a name's own (primary) entries include a country, a region or a city of the given size."""
    return any(
        entry.primary and (entry.feature in REGION_FEATURES or entry.population >= min_city_population)
        for entry in entries
    )


class PlaceRuler:
    """Adds and retypes PLACE entities in a Doc (see the module docstring)."""

    def __init__(self, lookup: PlaceLookup) -> None:
        self.lookup = lookup

    def __call__(self, doc: Doc) -> Doc:
        entities = [self._retyped(ent) for ent in doc.ents]
        taken = {i for ent in entities for i in range(ent.start, ent.end)}
        for start, end in proper_noun_runs(doc, taken):
            entities.extend(self._places_in(doc, start, end))
        doc.set_ents(sorted(entities, key=lambda span: span.start))
        return doc

    def _retyped(self, ent: Span) -> Span:
        if ent.label_ not in RETYPED_LABELS or len(ent) > MAX_WORDS:
            return ent
        if prominent(self.lookup(ent.text), RETYPE_CITY_POPULATION):
            return Span(ent.doc, ent.start, ent.end, label=PLACE_LABEL)
        return ent

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


@Language.factory(FACTORY)
def make_place_ruler(nlp: Language, name: str) -> PlaceRuler:
    """The ruler over the shared gazetteer index (built on first use)."""
    return PlaceRuler(Gazetteer.default().lookup)


def add_place_ruler(nlp: Language) -> Language:
    """``nlp`` with the ruler right after its NER (unchanged when it has no NER or already has the ruler)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="ner", after="ner")
