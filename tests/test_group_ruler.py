"""The demonym retyper on hand-built Docs: a one-word demonym entity becomes a group, nothing else changes."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.group_ruler import add_group_ruler, demonyms_as_groups

RETYPE_CASES = [
    ("an adjective tagged as an organisation", "the Israeli occupation", ["O", "B-ORG", "O"], [("Israeli", "GROUP")]),
    ("a plural tagged as a person", "Azerbaijanis said", ["B-PERSON", "O"], [("Azerbaijanis", "GROUP")]),
    ("a group stays a group", "Armenians left", ["B-GROUP", "O"], [("Armenians", "GROUP")]),
    ("a country is no demonym", "in Israel", ["O", "B-PLACE"], [("Israel", "PLACE")]),
    ("a longer name is left alone", "Israeli Airlines", ["B-ORG", "I-ORG"], [("Israeli Airlines", "ORG")]),
    ("lower case is no demonym", "israeli food", ["B-ORG", "O"], [("israeli", "ORG")]),
]


@pytest.mark.parametrize(("case", "text", "ents", "expected"), RETYPE_CASES, ids=[c[0] for c in RETYPE_CASES])
def test_demonyms_as_groups(case: str, text: str, ents: list[str], expected: list[tuple[str, str]]) -> None:
    doc = demonyms_as_groups(Doc(Vocab(), words=text.split(), ents=ents))
    assert [(ent.text, ent.label_) for ent in doc.ents] == expected


def test_add_group_ruler_needs_an_ner_and_is_added_once() -> None:
    import spacy

    blank = spacy.blank("en")
    assert "group_ruler" not in add_group_ruler(blank).pipe_names
    blank.add_pipe("ner")
    assert add_group_ruler(add_group_ruler(blank)).pipe_names == ["ner", "group_ruler"]
