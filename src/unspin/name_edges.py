"""Trims the edges of the core NER's names to the convention its training data follows; added after the rulers.

The names the core recipe learns from are written without what surrounds them in running text: a person's
titles are cut off ("Justice [Scalia]"), and a name never starts with a function word
(:func:`unspin.train.core_data.named_spans`). The recogniser learns most of its names from a teacher's silver
labels, which keep some of those edges, and a small tagger also runs a name on into what follows it. These
rules put the edges back where the convention has them:

- a person's leading titles and salutations go ("Dr. Steiner", "Dear Nina", "Sheikh Ahmed Yassin"), and a
  person that is only a role once they are gone ("King [of Athens]") is no name at all;
- a person does not run on into "of the" ("Ed Wong [of the NYT]"), unless what comes before is a single word
  ("Emperor of the United States" names one person), nor over a dash with a space on each side, which sets a
  name apart from what follows it ("Bryan Hull [- Analyst]"; a hyphen inside a name is written unspaced);
- a place written with its region or country after it and no comma between ("san francisco california",
  "San Rafael Ca") is two places, when the gazetteer knows the first as a prominent place inside the second
  and does not know the two words together as one place ("Washington D.C." stays one);
- an Arabic name's article, joined to it by a hyphen ("al-Sadr", "az-Zaman": three tokens once the tokenizer
  splits the hyphen), belongs to the name, and so do the proper nouns before it when the name is a person's
  ("Muqtada al-Sadr"): the tagger, seeing "al" and "-" as function words, starts the name after them;
- a possessive that ends its phrase after a name, with nothing it possesses, names a shop, a restaurant or a
  ground ("dinner at [Del Frisco 's]", "[Wendy s] ?", "a match at [Lord 's]"): it joins the name, and a person's
  name so used becomes a place's. GUM's names never hold a possessive, but its text has few such venues
  ("the McDonald 's", "Powell 's", neither a gold name), and Universal NER writes them so;
- a person's name that runs on into a second person's, a given name after a surname ("[Debra Perlingiere]
  [Gerald Nemec]"), is two names: signatures and lists written one name a line, their lines joined;
- a company's legal form after a comma ("CCNG, Inc.", "CCGM, L.P.") belongs to its name, as Universal NER and
  OntoNotes write it, and the name is an organisation's; a name the tagger starts at the form ("[Inc.]",
  "[Inc. Phone]") goes. GUM writes the one such company of its dev part without the form.

With the shipped core of run 20 the first three move GUM dev names micro F1 from 0.711 to 0.725 and Universal NER
EWT dev from 0.640 to 0.646, with no boundaries given (decision 0002, item 29); titles written without their
full stop ("Dr Joseph") and the articles add 0.007 more there (item 32), the venues 0.004 with gold sentences,
GUM unchanged (item 39), the legal forms 0.006 in each setting, GUM dev -0.002 (item 43), and the persons' parts
0.003 with no boundaries and with paragraph starts, GUM unchanged (item 44).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from unspin.core_model import add_once, component_factory
from unspin.gazetteer import Gazetteer, GazetteerEntry
from unspin.names import EDGE_WORDS, after_titles, given_names
from unspin.place_ruler import prominent

FACTORY = "unspin_name_edges"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the trimmer under :data:`COMPONENT`."""

COMPONENT = "name_edges"
PERSON_LABEL = "PERSON"
PLACE_LABEL = "PLACE"
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"})
"""The Arabic article as names transliterate it, assimilated or not ("al-", "ash-Sharq", "az-Zaman")."""
HYPHENS = frozenset({"-", "\u2010", "\u2011"})
DASHES = HYPHENS | frozenset({"\u2012", "\u2013", "\u2014", "\u2015", "--"})
SALUTATIONS = frozenset({"Dear", "Hi", "Hey", "Hello", "Thanks"})
"""Words that greet a person in a letter or a post; never part of the name that follows them."""

POSSESSIVE_MARKS = frozenset({"'s", "’s", "'S", "’S", "s"})
"""A possessive after a name, written with its apostrophe or, as web text often does, without it ("Wendy s")."""
POSSESSED_AFTER = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "VERB"})
"""Word classes after a possessive that show it is not a venue's: what it possesses ("Trump 's decision") or a
verb ("Alan 's refused": the possessed noun left out, a car or a shop)."""
ORG_LABEL = "ORG"
VENUE_LABELS = frozenset({PERSON_LABEL, PLACE_LABEL, ORG_LABEL})
COMPANY_SUFFIXES = frozenset(
    {"Inc.", "Inc", "INC.", "L.P.", "LP", "LLC", "L.L.C.", "Ltd.", "Ltd", "LTD", "Corp.", "Co.", "PLC", "plc", "GmbH"}
)
"""A company's legal form, written after its name and a comma ("CCNG, Inc."): part of the company's name."""

PlaceLookup = Callable[[str], list[GazetteerEntry]]


def person_start(words: Sequence[str], start: int, end: int) -> int:
    """Where a person's name in ``words[start:end]`` begins once salutations and titles are skipped."""
    while True:
        if words[start] in SALUTATIONS and start + 1 < end:
            start += 1
            continue
        after = after_titles(words, start, end)
        if after == start:
            return start
        start = after


def person_end(words: Sequence[str], start: int, end: int) -> int:
    """Where a person's name in ``words[start:end]`` ends: before "of the" when two words or more precede it."""
    for index in range(start + 2, end - 1):
        if words[index] == "of" and words[index + 1].lower() == "the":
            return index
    return end


def before_spaced_dash(doc: Doc, start: int, end: int) -> int:
    """Where a name in ``doc[start:end]`` ends: before its first dash spaced on both sides, if a word precedes it."""
    for index in range(start + 1, end):
        if doc[index].text in DASHES and doc[index - 1].whitespace_ and doc[index].whitespace_:
            return index
    return end


def person_parts(words: Sequence[str], start: int, end: int, given: Collection[str]) -> list[tuple[int, int]]:
    """A person's name in ``words[start:end]`` cut before each given name that follows a surname: "[Ben Markey]
    [Mary John]", "[Debra Perlingiere] [Gerald Nemec]". Signatures and lists of attendees written one name a line
    reach the recogniser as one run once the lines are joined. A cut needs a given name at the start of the name,
    two words or more on each side of the cut, and before it a capitalised word that is no given name and no
    initial, so "Mohammed bin Salman", "Michael B. Jordan", "Recep Tayyip Erdogan" and "Sandra Allen James" (a
    surname that is also a given name) stay whole."""
    if end - start < 4 or words[start] not in given:
        return [(start, end)]
    parts, first = [], start
    for index in range(start + 2, end - 1):
        before = words[index - 1]
        if index - first >= 2 and words[index] in given and _is_surname(before, given):
            parts.append((first, index))
            first = index
    return [*parts, (first, end)]


def _is_surname(word: str, given: Collection[str]) -> bool:
    return word not in given and len(word) > 1 and word.isalpha() and word[0].isupper()


def encloses(region: list[GazetteerEntry], place: list[GazetteerEntry]) -> bool:
    """Whether one of ``region``'s own entries is a country or first-level region holding one of ``place``'s."""
    for outer in region:
        if not outer.primary or outer.feature not in ("country", "admin1"):
            continue
        for inner in place:
            if inner.feature == "country" or inner.country != outer.country:
                continue
            if outer.feature == "country" or (inner.admin1 == outer.admin1 and inner.feature != "admin1"):
                return True
    return False


def _article_before(doc: Doc, index: int) -> bool:
    """Whether an Arabic article and a hyphen, written as one word with ``doc[index]``, precede it."""
    return (
        index >= 2
        and doc[index - 1].text in HYPHENS
        and doc[index - 2].text.lower() in ARABIC_ARTICLES
        and not doc[index - 2].whitespace_
        and not doc[index - 1].whitespace_
    )


def with_articles(doc: Doc, ent: Span, taken: set[int]) -> Span:
    """``ent`` grown over the Arabic articles joined to its words ("al-Sadr", "Sharq al-Awsat") and, for a
    person, over the untaken proper nouns before an article it starts with ("Muqtada al-Sadr")."""
    start, end = ent.start, ent.end
    while _article_before(doc, start):
        start -= 2
        while start > 0 and ent.label_ == PERSON_LABEL and doc[start - 1].pos_ == "PROPN" and start - 1 not in taken:
            start -= 1
    while end + 2 < len(doc) and _article_before(doc, end + 2) and doc[end + 2].text[:1].isupper():
        end += 3
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label)


def with_venue_possessive(doc: Doc, ent: Span, taken: set[int]) -> Span:
    """``ent`` with the possessive after it when nothing it possesses follows, as a venue's name holds it ("at
    [Del Frisco 's] for dinner"), typed a place when it was a person; otherwise ``ent`` as it is."""
    end = ent.end
    if ent.label_ not in VENUE_LABELS or end >= len(doc) or end in taken:
        return ent
    mark = doc[end]
    if mark.text not in POSSESSIVE_MARKS or mark.pos_ == "AUX" or ent.root.dep_ == "nmod:poss":
        return ent
    if end + 1 < len(doc) and doc[end + 1].pos_ in POSSESSED_AFTER:
        return ent
    return Span(doc, ent.start, end + 1, label=PLACE_LABEL if ent.label_ == PERSON_LABEL else ent.label_)


def with_company_suffix(doc: Doc, ent: Span) -> Span:
    """``ent`` with a comma and a company's legal form after it ("[CCNG , Inc.]"), as an organisation's name;
    otherwise ``ent`` as it is."""
    end = ent.end
    if ent.label_ not in VENUE_LABELS or end + 1 >= len(doc) or doc[end].text != ",":
        return ent
    if doc[end + 1].text not in COMPANY_SUFFIXES:
        return ent
    return Span(doc, ent.start, end + 2, label=ORG_LABEL)


def without_suffix_names(entities: list[Span], grown: list[Span]) -> list[Span]:
    """``entities`` less those that overlap a name grown over a legal form: the tagger's "[Inc.]" or "[Inc.
    Phone]" once "CCNG , Inc." holds the word."""
    held = {index for ent in grown for index in range(ent.start, ent.end)}
    return [ent for ent in entities if ent in grown or held.isdisjoint(range(ent.start, ent.end))]


class NameEdges:
    """Trims person names and splits place-and-region runs in a Doc's entities (see the module docstring)."""

    def __init__(self, lookup: PlaceLookup, given: Collection[str] = frozenset()) -> None:
        self.lookup = lookup
        self.given = given

    def __call__(self, doc: Doc) -> Doc:
        words = [token.text for token in doc]
        taken = {index for ent in doc.ents for index in range(ent.start, ent.end)}
        entities: list[Span] = []
        for ent in filter_spans([with_articles(doc, ent, taken) for ent in doc.ents]):
            if ent.label_ == PERSON_LABEL:
                entities.extend(self._person(doc, words, ent))
            elif ent.label_ == PLACE_LABEL and len(ent) > 1:
                entities.extend(self._places(doc, ent))
            else:
                entities.append(ent)
        entities = [with_venue_possessive(doc, ent, taken) for ent in entities]
        companies = [with_company_suffix(doc, ent) for ent in entities]
        grown = [company for company, ent in zip(companies, entities, strict=True) if company is not ent]
        entities = without_suffix_names(companies, grown)
        if [(e.start, e.end, e.label) for e in entities] != [(e.start, e.end, e.label) for e in doc.ents]:
            doc.set_ents(entities, default="outside")
        return doc

    def _person(self, doc: Doc, words: list[str], ent: Span) -> list[Span]:
        start = person_start(words, ent.start, ent.end)
        if words[start] in EDGE_WORDS:
            return []  # a role, not a name: "King [of Athens]"
        end = before_spaced_dash(doc, start, person_end(words, start, ent.end))
        parts = person_parts(words, start, end, self.given)
        if parts == [(ent.start, ent.end)]:
            return [ent]
        return [Span(doc, first, last, label=ent.label) for first, last in parts]

    def _places(self, doc: Doc, ent: Span) -> list[Span]:
        if self.lookup(ent.text):
            return [ent]
        for cut in range(ent.end - 1, ent.start, -1):
            place = self.lookup(doc[ent.start : cut].text)
            if prominent(place) and encloses(self.lookup(doc[cut : ent.end].text), place):
                return [Span(doc, ent.start, cut, label=ent.label), Span(doc, cut, ent.end, label=ent.label)]
        return [ent]


@component_factory(FACTORY)
def make_name_edges(nlp: Language, name: str) -> NameEdges:
    """The trimmer over the shared gazetteer index (built on first use) and the given names of :mod:`unspin.names`."""
    return NameEdges(Gazetteer.default().lookup, frozenset(given_names()))


def add_name_edges(nlp: Language) -> Language:
    """``nlp`` with the trimmer as its last component so far (unchanged when it has no NER or already has it)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="ner", last=True)
