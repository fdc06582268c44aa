"""The gazetteer place ruler on hand-built Docs: proper-noun runs, prominence, retyping."""

from __future__ import annotations

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
