"""The name-edge trimmer on hand-built Docs: titles and salutations off persons, no run-on into "of the", a
place written with its region split in two, Arabic articles joined to the names they belong to, a venue's
possessive and a company's legal form joined to its name."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.gazetteer import GazetteerEntry, normalize_name
from unspin.name_edges import NameEdges, add_name_edges, encloses, person_end, person_start


def _entry(feature: str, population: int, country: str = "US", admin1: str | None = "CA") -> GazetteerEntry:
    return GazetteerEntry(1, "x", country, admin1, 0.0, 0.0, population, feature)


PLACES = {
    "San Francisco": [_entry("city", 800_000)],
    "California": [_entry("admin1", 39_000_000)],
    "Ca": [_entry("admin1", 39_000_000)],
    "France": [_entry("country", 67_000_000, country="FR", admin1=None)],
    "Texas": [_entry("admin1", 29_000_000, admin1="TX")],
    "Washington": [_entry("city", 690_000, admin1="DC")],
    "D.C.": [_entry("admin1", 690_000, admin1="DC")],
    "Washington D.C.": [_entry("city", 690_000, admin1="DC")],
    "Lone Pine": [_entry("town", 2_000)],
}


def _lookup(name: str) -> list[GazetteerEntry]:
    """Keys folded as the gazetteer folds them."""
    return {normalize_name(key): entries for key, entries in PLACES.items()}.get(normalize_name(name), [])


EDGE_CASES = [
    ("a title goes", "by Justice Scalia today", ["O", "B-PERSON", "I-PERSON", "O"], [("Scalia", "PERSON")]),
    ("a title without its stop goes", "Retired Dr Joseph", ["O", "B-PERSON", "I-PERSON"], [("Joseph", "PERSON")]),
    ("two titles go", "Prime Minister Smith said", ["B-PERSON", "I-PERSON", "I-PERSON", "O"], [("Smith", "PERSON")]),
    ("a salutation goes", "Dear Nina ,", ["B-PERSON", "I-PERSON", "O"], [("Nina", "PERSON")]),
    ("a title alone stays", "the President said", ["O", "B-PERSON", "O"], [("President", "PERSON")]),
    ("a role is no name", "the King of Athens", ["O", "B-PERSON", "I-PERSON", "I-PERSON"], []),
    (
        "no run-on into of the",
        "Ed Wong of the NYT wrote",
        ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O"],
        [("Ed Wong", "PERSON")],
    ),
    (
        "one word before of the stays",
        "Emperor of the United States",
        ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON"],
        [("Emperor of the United States", "PERSON")],
    ),
    ("of alone stays", "Joan of Arc", ["B-PERSON", "I-PERSON", "I-PERSON"], [("Joan of Arc", "PERSON")]),
    (
        "no run-on over a spaced dash",
        "Bryan Hull - Analyst ,",
        ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O"],
        [("Bryan Hull", "PERSON")],
    ),
    (
        "a city and its state",
        "to san francisco california now",
        ["O", "B-PLACE", "I-PLACE", "I-PLACE", "O"],
        [("san francisco", "PLACE"), ("california", "PLACE")],
    ),
    (
        "an abbreviated state",
        "in San Francisco Ca ?",
        ["O", "B-PLACE", "I-PLACE", "I-PLACE", "O"],
        [("San Francisco", "PLACE"), ("Ca", "PLACE")],
    ),
    (
        "another state stays one",
        "San Francisco Texas",
        ["B-PLACE", "I-PLACE", "I-PLACE"],
        [("San Francisco Texas", "PLACE")],
    ),
    ("a name the gazetteer knows whole", "Washington D.C.", ["B-PLACE", "I-PLACE"], [("Washington D.C.", "PLACE")]),
    (
        "a small town stays one",
        "Lone Pine California",
        ["B-PLACE", "I-PLACE", "I-PLACE"],
        [("Lone Pine California", "PLACE")],
    ),
    (
        "other types are left alone",
        "Dr. Pepper Company",
        ["B-ORG", "I-ORG", "I-ORG"],
        [("Dr. Pepper Company", "ORG")],
    ),
]


@pytest.mark.parametrize(("case", "text", "ents", "expected"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_name_edges(case: str, text: str, ents: list[str], expected: list[tuple[str, str]]) -> None:
    doc = NameEdges(_lookup)(Doc(Vocab(), words=text.split(), ents=ents))
    assert [(ent.text, ent.label_) for ent in doc.ents] == expected


ARTICLE_CASES = [
    # (case, text as written, each token's tag, each token's entity tag, expected entities)
    (
        "a person takes the article and the given name before it",
        "cleric Muqtada al-Sadr said",
        "NOUN PROPN PROPN PUNCT PROPN VERB",
        "O O O O B-PERSON O",
        [("Muqtada al-Sadr", "PERSON")],
    ),
    (
        "an organisation takes the article only",
        "for Ash-Sharq and al-Qaeda",
        "ADP PROPN PUNCT PROPN CCONJ PROPN PUNCT PROPN",
        "O O O B-ORG O O O B-ORG",
        [("Ash-Sharq", "ORG"), ("al-Qaeda", "ORG")],
    ),
    (
        "an article joined after a name",
        "Sharq al-Awsat reports",
        "PROPN PROPN PUNCT PROPN VERB",
        "B-ORG O O O O",
        [("Sharq al-Awsat", "ORG")],
    ),
    ("a spaced hyphen joins nothing", "al - Sadr", "PROPN PUNCT PROPN", "O O B-PERSON", [("Sadr", "PERSON")]),
    (
        "a title before the given name stays out",
        "Shaikh Abdul al-Janabi",
        "PROPN PROPN PROPN PUNCT PROPN",
        "O O O O B-PERSON",
        [("Abdul al-Janabi", "PERSON")],
    ),
]


@pytest.mark.parametrize(("case", "text", "pos", "ents", "expected"), ARTICLE_CASES, ids=[c[0] for c in ARTICLE_CASES])
def test_arabic_articles_join_their_names(
    case: str, text: str, pos: str, ents: str, expected: list[tuple[str, str]]
) -> None:
    tokens = spacy.blank("en").tokenizer(text)  # splits "al-Sadr" into three words, none spaced
    words, spaces = [token.text for token in tokens], [bool(token.whitespace_) for token in tokens]
    doc = NameEdges(_lookup)(Doc(Vocab(), words=words, spaces=spaces, pos=pos.split(), ents=ents.split()))
    assert [(ent.text, ent.label_) for ent in doc.ents] == expected


def test_a_hyphen_inside_a_name_stays() -> None:
    tokens = spacy.blank("en").tokenizer("Anne Smith-Jones said")  # "Smith", "-", "Jones", none spaced
    doc = Doc(
        Vocab(),
        words=[token.text for token in tokens],
        spaces=[bool(token.whitespace_) for token in tokens],
        ents=["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O"],
    )
    assert [ent.text for ent in NameEdges(_lookup)(doc).ents] == ["Anne Smith-Jones"]


VENUE_CASES = [
    # (case, words/POS, entity tags, expected entities)
    (
        "a person's name as a restaurant's",
        "dinner/NOUN at/ADP Del/PROPN Frisco/PROPN 's/PART for/ADP two/NUM",
        "O O B-PERSON I-PERSON O O O",
        [("Del Frisco 's", "PLACE")],
    ),
    ("a possessive without its apostrophe", "Wendy/PROPN s/PART ?/PUNCT", "B-PERSON O O", [("Wendy s", "PLACE")]),
    ("an organisation stays one", "at/ADP McDonald/PROPN 's/PART", "O B-ORG O", [("McDonald 's", "ORG")]),
    ("what it possesses follows", "Trump/PROPN 's/PART decision/NOUN", "B-PERSON O O", [("Trump", "PERSON")]),
    ("a verb follows", "Alan/PROPN 's/PART refused/VERB", "B-PERSON O O", [("Alan", "PERSON")]),
    ("a contracted verb", "Susan/PROPN 's/AUX going/VERB", "B-PERSON O O", [("Susan", "PERSON")]),
    ("a group is left alone", "the/DET Democrats/PROPN 's/PART ./PUNCT", "O B-GROUP O O", [("Democrats", "GROUP")]),
]


@pytest.mark.parametrize(("case", "tagged", "ents", "expected"), VENUE_CASES, ids=[c[0] for c in VENUE_CASES])
def test_a_venue_keeps_its_possessive(case: str, tagged: str, ents: str, expected: list[tuple[str, str]]) -> None:
    words, pos = zip(*(item.rsplit("/", 1) for item in tagged.split()), strict=True)
    doc = NameEdges(_lookup)(Doc(Vocab(), words=list(words), pos=list(pos), ents=ents.split()))
    assert [(ent.text, ent.label_) for ent in doc.ents] == expected


def test_a_possessor_of_a_coordinated_noun_keeps_its_name() -> None:
    """ "Bob 's and Eve 's cars": the parse says Bob possesses the cars, though a conjunction follows him."""
    words = ["Bob", "'s", "and", "Eve", "'s", "cars"]
    doc = Doc(
        Vocab(),
        words=words,
        pos=["PROPN", "PART", "CCONJ", "PROPN", "PART", "NOUN"],
        heads=[5, 0, 3, 0, 3, 5],
        deps=["nmod:poss", "case", "cc", "conj", "case", "ROOT"],
        ents=["B-PERSON", "O", "O", "B-PERSON", "O", "O"],
    )
    assert [(ent.text, ent.label_) for ent in NameEdges(_lookup)(doc).ents] == [("Bob", "PERSON"), ("Eve", "PERSON")]


GIVEN = frozenset({"Ben", "Mary", "Debra", "Gerald", "Michael", "Recep", "Tayyip", "Mohammed", "Salman", "Jordan"})

PERSON_PART_CASES = [
    # (case, words, entity tags, expected persons)
    ("two names in one run", "Ben Markey Mary John ,", "B I I I O", ["Ben Markey", "Mary John"]),
    (
        "a signature and a greeting",
        "Debra Perlingiere Gerald Nemec These",
        "B I I I O",
        ["Debra Perlingiere", "Gerald Nemec"],
    ),
    ("a particle before the given name", "Mohammed bin Salman said", "B I I O", ["Mohammed bin Salman"]),
    ("an initial before the given name", "Michael B. Jordan said", "B I I O", ["Michael B. Jordan"]),
    ("given names in a row", "Recep Tayyip Erdogan said", "B I I O", ["Recep Tayyip Erdogan"]),
    ("no given name first", "Markey Lewis Mary John", "B I I I", ["Markey Lewis Mary John"]),
    ("a surname that is a given name", "Debra Allen Gerald ,", "B I I O", ["Debra Allen Gerald"]),
]


@pytest.mark.parametrize(
    ("case", "words", "ents", "expected"), PERSON_PART_CASES, ids=[c[0] for c in PERSON_PART_CASES]
)
def test_a_run_of_two_persons_is_two_names(case: str, words: str, ents: str, expected: list[str]) -> None:
    tags = [tag if tag == "O" else f"{tag}-PERSON" for tag in ents.split()]
    doc = NameEdges(_lookup, GIVEN)(Doc(Vocab(), words=words.split(), ents=tags))
    assert [ent.text for ent in doc.ents] == expected


COMPANY_CASES = [
    # (case, words, entity tags, expected entities)
    ("a legal form after a comma", "the counterparty , CCNG , Inc. .", "O O O B-ORG O O O", [("CCNG , Inc.", "ORG")]),
    ("the tagger's name for the form goes", "CCNG , Inc. .", "B-ORG O B-ORG O", [("CCNG , Inc.", "ORG")]),
    (
        "a name run on from the form goes",
        "Enron Broadband Services , Inc. Phone",
        "B-ORG I-ORG I-ORG O B-ORG I-ORG",
        [("Enron Broadband Services , Inc.", "ORG")],
    ),
    (
        "a person's name so written is a company's",
        "be CCGM , L.P. .",
        "O B-PERSON O B-PLACE O",
        [("CCGM , L.P.", "ORG")],
    ),
    ("no comma, no join", "CCNG Inc. said", "B-ORG O O", [("CCNG", "ORG")]),
    ("another word after the comma", "Reuters , Monday said", "B-ORG O O O", [("Reuters", "ORG")]),
    ("a group is left alone", "Kurds , Inc. .", "B-GROUP O O O", [("Kurds", "GROUP")]),
]


@pytest.mark.parametrize(("case", "words", "ents", "expected"), COMPANY_CASES, ids=[c[0] for c in COMPANY_CASES])
def test_a_company_keeps_its_legal_form(case: str, words: str, ents: str, expected: list[tuple[str, str]]) -> None:
    doc = NameEdges(_lookup)(Doc(Vocab(), words=words.split(), ents=ents.split()))
    assert [(ent.text, ent.label_) for ent in doc.ents] == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [("Dear Dr. Steiner", 2), ("Dear Mr Steiner", 2), ("Hi Sen. Warren", 2), ("Steiner", 0), ("Dr.", 0)],
)
def test_person_start(words: str, expected: int) -> None:
    split = words.split()
    assert person_start(split, 0, len(split)) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [("Anthony Shadid of the Washington Post", 2), ("Catherine of Aragon", 3), ("King of the Hill", 4)],
)
def test_person_end(words: str, expected: int) -> None:
    split = words.split()
    assert person_end(split, 0, len(split)) == expected


def test_a_country_encloses_its_regions_but_a_region_not_another_regions_city() -> None:
    assert encloses(PLACES["France"], [_entry("admin1", 3_000_000, country="FR", admin1="53")])
    assert not encloses(PLACES["Texas"], PLACES["San Francisco"])
    assert not encloses(PLACES["California"], PLACES["Texas"])


def test_add_name_edges_needs_an_ner_and_is_added_once() -> None:
    blank = spacy.blank("en")
    assert "name_edges" not in add_name_edges(blank).pipe_names
    blank.add_pipe("ner")
    assert add_name_edges(add_name_edges(blank)).pipe_names == ["ner", "name_edges"]
