"""The given-name person ruler on hand-built Docs: untagged proper-noun runs that a given name starts."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.person_ruler import PersonRuler, add_person_ruler

NAMES = frozenset({"Greg", "Traci", "Jordan"})


def _doc(tagged: str, ents: list[str] | None = None) -> Doc:
    """Words written ``word/POS``; ``ents`` are IOB tags (default: none)."""
    words, pos = zip(*(item.rsplit("/", 1) for item in tagged.split()), strict=True)
    return Doc(Vocab(), words=list(words), pos=list(pos), ents=ents)


def _persons(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in PersonRuler(NAMES)(doc).ents]


RULER_CASES = [
    ("a given name alone", "Thanks/NOUN ,/PUNCT Greg/PROPN", None, [("Greg", "PERSON")]),
    ("given name and surname", "ask/VERB Traci/PROPN Warner/PROPN today/NOUN", None, [("Traci Warner", "PERSON")]),
    ("cut after three words", "Traci/PROPN A./PROPN B./PROPN Warner/PROPN", None, [("Traci A. B.", "PERSON")]),
    ("lower case is not a name", "greg/PROPN said/VERB", None, []),
    ("not a proper noun", "Greg/NOUN said/VERB", None, []),
    ("a surname first is left alone", "Warner/PROPN Traci/PROPN", None, []),
    ("entities are kept", "in/ADP Jordan/PROPN", ["O", "B-PLACE"], [("Jordan", "PLACE")]),
    (
        "a run beside an entity",
        "Greg/PROPN Smith/PROPN and/CCONJ Jordan/PROPN",
        ["O", "O", "O", "B-PLACE"],
        [("Greg Smith", "PERSON"), ("Jordan", "PLACE")],
    ),
]


@pytest.mark.parametrize(("case", "tagged", "ents", "expected"), RULER_CASES, ids=[c[0] for c in RULER_CASES])
def test_person_ruler(case: str, tagged: str, ents: list[str] | None, expected: list[tuple[str, str]]) -> None:
    assert _persons(_doc(tagged, ents)) == expected


def test_add_person_ruler_after_the_place_ruler() -> None:
    import spacy

    from unspin.place_ruler import add_place_ruler

    blank = spacy.blank("en")
    assert "person_ruler" not in add_person_ruler(blank).pipe_names
    blank.add_pipe("ner")
    assert add_person_ruler(add_person_ruler(blank)).pipe_names == ["ner", "person_ruler"]
    other = spacy.blank("en")
    other.add_pipe("ner")
    assert add_person_ruler(add_place_ruler(other)).pipe_names == ["ner", "place_ruler", "person_ruler"]
