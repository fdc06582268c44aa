"""The address filter on hand-built Docs: e-mail and web addresses lose their entity label, names keep theirs."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.address_filter import add_address_filter, drop_addresses

CASES = [
    ("e-mail address", "Mail jsmith@enron.com today", ["O", "B-PERSON", "O"], []),
    ("web address", "see http://www.accenture.com now", ["O", "B-ORG", "O"], []),
    ("bare domain", "visit www.paulhastings.com", ["O", "B-ORG"], []),
    ("address inside a longer entity", "Kevin Boone kboone@accenture.com", ["B-PERSON", "I-PERSON", "I-PERSON"], []),
    ("names stay", "Bob Smith of Enron", ["B-PERSON", "I-PERSON", "O", "B-ORG"], ["Bob Smith", "Enron"]),
    ("a name beside an address stays", "Bob bob@x.com", ["B-PERSON", "B-PERSON"], ["Bob"]),
]


@pytest.mark.parametrize(("case", "text", "ents", "expected"), CASES, ids=[c[0] for c in CASES])
def test_drop_addresses(case: str, text: str, ents: list[str], expected: list[str]) -> None:
    doc = drop_addresses(Doc(Vocab(), words=text.split(), ents=ents))
    assert [ent.text for ent in doc.ents] == expected
    assert all(token.ent_iob_ == "O" for token in doc if "@" in token.text or "www." in token.text)


def test_add_address_filter_only_to_a_pipeline_with_an_ner() -> None:
    import spacy

    blank = spacy.blank("en")
    assert "address_filter" not in add_address_filter(blank).pipe_names
    blank.add_pipe("ner")
    assert add_address_filter(add_address_filter(blank)).pipe_names == ["ner", "address_filter"]
