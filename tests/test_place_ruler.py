"""The gazetteer place ruler on hand-built Docs: proper-noun runs, prominence, retyping (by size, by the words
the vectors table lacks, by a place noun before "of")."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.gazetteer import GazetteerEntry, normalize_name
from unspin.place_ruler import PlaceRuler, add_place_ruler, prominent


def _entry(feature: str, population: int, *, primary: bool = True) -> GazetteerEntry:
    return GazetteerEntry(1, "x", "US", None, 0.0, 0.0, population, feature, primary=primary)


PLACES = {
    "Fiji": [_entry("country", 900_000)],
    "Delaware": [_entry("admin1", 400_000)],
    "Palo Alto": [_entry("town", 66_000)],
    "Tampa Bay": [_entry("city", 60_000)],
    "Laura": [_entry("town", 1_600)],
    "Houston": [_entry("city", 2_300_000)],
    "Miramar": [_entry("city", 137_000)],
    "Springfield": [_entry("city", 160_000, primary=False)],
    "Norman": [_entry("city", 128_000)],
}


def _lookup(name: str) -> list[GazetteerEntry]:
    """Keys folded as the gazetteer folds them."""
    return {normalize_name(key): entries for key, entries in PLACES.items()}.get(normalize_name(name), [])


def _doc(tagged: str, ents: list[str] | None = None) -> Doc:
    """Words written ``word/POS``; ``ents`` are IOB tags (default: none)."""
    words, pos = zip(*(item.rsplit("/", 1) for item in tagged.split()), strict=True)
    return Doc(Vocab(), words=list(words), pos=list(pos), ents=ents)


def _places(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in PlaceRuler(_lookup)(doc).ents]


RULER_CASES = [
    ("a country", "We/PRON flew/VERB to/ADP Fiji/PROPN ./PUNCT", None, [("Fiji", "PLACE")]),
    ("longest run", "in/ADP Palo/PROPN Alto/PROPN today/NOUN", None, [("Palo Alto", "PLACE")]),
    ("lower case", "in/ADP tampa/PROPN bay/PROPN", None, [("tampa bay", "PLACE")]),
    ("small village", "Laura/PROPN said/VERB no/INTJ", None, []),
    ("not a proper noun", "Houston/NOUN ,/PUNCT we/PRON", None, []),
    ("alternate name only", "to/ADP Springfield/PROPN", None, []),
    ("retyped person", "in/ADP Houston/PROPN", ["O", "B-PERSON"], [("Houston", "PLACE")]),
    ("city not big enough to retype", "at/ADP Miramar/PROPN", ["O", "B-ORG"], [("Miramar", "ORG")]),
    ("tagged words are kept", "Delaware/PROPN Smith/PROPN", ["B-PERSON", "I-PERSON"], [("Delaware Smith", "PERSON")]),
]


@pytest.mark.parametrize(("case", "tagged", "ents", "expected"), RULER_CASES, ids=[c[0] for c in RULER_CASES])
def test_place_ruler(case: str, tagged: str, ents: list[str] | None, expected: list[tuple[str, str]]) -> None:
    assert _places(_doc(tagged, ents)) == expected


def _vocab(table_words: list[str]) -> Vocab:
    """A vocabulary whose vectors table holds a row for each of ``table_words``."""
    vocab = Vocab()
    for word in table_words:
        vocab.set_vector(word, np.ones(4, dtype=np.float32))
    return vocab


UNREAD_CASES = [
    # (case, words/POS, entity tags, words with a table row, expected entities)
    ("an unread person in a city", "in/ADP Miramar/PROPN", "O B-PERSON", ["in"], [("Miramar", "PLACE")]),
    ("a person the table holds", "in/ADP Miramar/PROPN", "O B-PERSON", ["in", "Miramar"], [("Miramar", "PERSON")]),
    ("a given name", "Norman/PROPN said/VERB", "B-PERSON O", ["said"], [("Norman", "PERSON")]),
    ("no table at all", "in/ADP Miramar/PROPN", "O B-PERSON", [], [("Miramar", "PERSON")]),
    ("an unread organisation", "at/ADP Miramar/PROPN", "O B-ORG", ["at"], [("Miramar", "ORG")]),
    (
        "a town below the floor",
        "in/ADP Palo/PROPN Alto/PROPN",
        "O B-PERSON I-PERSON",
        ["in"],
        [("Palo Alto", "PERSON")],
    ),
]


@pytest.mark.parametrize(
    ("case", "tagged", "ents", "table", "expected"), UNREAD_CASES, ids=[c[0] for c in UNREAD_CASES]
)
def test_an_unread_person_in_a_city_is_a_place(
    case: str, tagged: str, ents: str, table: list[str], expected: list[tuple[str, str]]
) -> None:
    words, pos = zip(*(item.rsplit("/", 1) for item in tagged.split()), strict=True)
    doc = Doc(_vocab(table), words=list(words), pos=list(pos), ents=ents.split())
    assert [(ent.text, ent.label_) for ent in PlaceRuler(_lookup, {"Norman"})(doc).ents] == expected


LOWER_CASE_CASES = [
    # (case, words/POS, words with a table row, expected entities)
    ("a region after in", "birds/NOUN in/ADP delaware/NOUN", ["birds", "in"], [("delaware", "PLACE")]),
    ("a word the table holds", "birds/NOUN in/ADP delaware/NOUN", ["birds", "in", "delaware"], []),
    ("not after in", "flew/VERB to/ADP delaware/NOUN", ["flew", "to"], []),
    ("a town below the floor", "lives/VERB in/ADP laura/NOUN", ["lives", "in"], []),
    ("capitalised, not a proper noun", "birds/NOUN in/ADP Delaware/NOUN", ["birds", "in"], []),
    ("no table at all", "birds/NOUN in/ADP delaware/NOUN", [], []),
]


@pytest.mark.parametrize(
    ("case", "tagged", "table", "expected"), LOWER_CASE_CASES, ids=[c[0] for c in LOWER_CASE_CASES]
)
def test_a_lower_case_place_after_in(case: str, tagged: str, table: list[str], expected: list[tuple[str, str]]) -> None:
    words, pos = zip(*(item.rsplit("/", 1) for item in tagged.split()), strict=True)
    doc = Doc(_vocab(table), words=list(words), pos=list(pos))
    assert [(ent.text, ent.label_) for ent in PlaceRuler(_lookup)(doc).ents] == expected


@pytest.mark.parametrize(
    ("head", "label", "expected"),
    [("town", "PERSON", "PLACE"), ("city", "ORG", "PLACE"), ("leader", "ORG", "ORG"), ("City", "ORG", "ORG")],
)
def test_a_name_after_a_place_noun_and_of_is_a_place(head: str, label: str, expected: str) -> None:
    """ "the town of Ramallah": the name modifies the place noun, "of" marks it (UD: nmod and case)."""
    doc = Doc(
        Vocab(),
        words=["the", head, "of", "Ramallah"],
        pos=["DET", "NOUN", "ADP", "PROPN"],
        heads=[1, 1, 3, 1],
        deps=["det", "ROOT", "case", "nmod"],
        ents=["O", "O", "O", f"B-{label}"],
    )
    assert [(ent.text, ent.label_) for ent in PlaceRuler(_lookup)(doc).ents] == [("Ramallah", expected)]


def test_prominence_needs_a_primary_region_or_big_city() -> None:
    assert prominent([_entry("admin1", 10)])
    assert not prominent([_entry("town", 49_999)])
    assert not prominent([_entry("country", 10, primary=False)])


def test_add_place_ruler_only_after_an_ner() -> None:
    import spacy

    blank = spacy.blank("en")
    assert "place_ruler" not in add_place_ruler(blank).pipe_names
    blank.add_pipe("ner")
    assert add_place_ruler(add_place_ruler(blank)).pipe_names == ["ner", "place_ruler"]
