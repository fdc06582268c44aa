"""MEANTIME named entities as NER-only training Docs: name trimming, missing values, and a tiny CAT-XML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.train.core_data import NamedSpan
from unspin.train.meantime import article_docs, name_extent, ner_values, read_article, spaces_after

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.mark.parametrize(
    ("phrase", "label", "name"),
    [
        ("Irish national airline Aer Lingus", "ORG", "Aer Lingus"),
        ("Singapore Airlines ( SIA )", "ORG", "Singapore Airlines"),
        ("AirTanker Ltd. , an EADS-led consortium", "ORG", "AirTanker Ltd."),
        ("the United States Air Force", "ORG", "United States Air Force"),
        ("European Aeronautic Defence and Space Company", "ORG", "European Aeronautic Defence and Space Company"),
        ("the Bank of England", "ORG", "Bank of England"),
        ("downtown San Jose , California", "PLACE", "San Jose"),
        ("the California Theater in downtown San Jose", "PLACE", "California Theater"),
        ("The EU", "PLACE", "EU"),
        ("Senator John McCain", "PERSON", "John McCain"),
        ("JSA Research defence analyst Paul Nesbit", "PERSON", "Paul Nesbit"),
        ("the Prime Minister of Singapore", "PERSON", None),
        ("Indonesian air traffic", "PLACE", None),
        ("European aircraft", "ORG", None),
        ("the company", "ORG", None),
    ],
)
def test_name_extent_trims_the_phrase_to_the_name(phrase: str, label: str, name: str | None) -> None:
    forms = phrase.split()
    extent = name_extent(forms, 0, len(forms), label)
    assert (None if extent is None else " ".join(forms[extent[0] : extent[1]])) == name


def test_only_names_are_labelled_and_capitalised_words_stay_missing() -> None:
    words = "Apple sued the band , said Jobs in Paris .".split()
    values = ner_values(words, [NamedSpan(6, 7, "PERSON")], frozenset({8}))
    assert values == ["", "O", "O", "O", "O", "O", "B-PERSON", "O", "", "O"]


@pytest.mark.parametrize(
    ("text", "spaces"),
    [
        ("Boeing ( BA ) said , 5 % .", [True, False, False, True, False, True, False, False, False]),
        ("It 's US$ 40", [False, True, True, False]),
    ],
)
def test_spaces_are_guessed_from_punctuation(text: str, spaces: list[bool]) -> None:
    assert spaces_after(text.split()) == spaces


ARTICLE = """<?xml version="1.0" ?><Document doc_id="7" doc_name="7_test" lang="en" url="">
{tokens}
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/><token_anchor t_id="2"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="PRE.NAM"><token_anchor t_id="5"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NOM"><token_anchor t_id="6"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="NAM"><token_anchor t_id="8"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="5" syntactic_type="NAM"><token_anchor t_id="10"/></ENTITY_MENTION>
<ENTITY ent_type="ORG" m_id="50"/>
<ENTITY ent_type="LOC" m_id="51"/>
<ENTITY ent_type="PRO" m_id="52"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><target m_id="50"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="2"/><source m_id="3"/><target m_id="51"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="4"/><target m_id="52"/></REFERS_TO>
</Relations>
</Document>
"""
WORDS = [["Northrop", "Grumman", "wins", "a"], ["US", "contract", "for", "Airbus", "with"], ["Boeing", "."]]
"""Sentence 2 holds a product name (Airbus, PRO) and an untyped named mention (Boeing); sentence 3 is never
annotated, yet sentence 2 is, so all three are kept."""


def _article_file(tmp_path: Path) -> Path:
    tokens, t_id = [], 0
    for number, sentence in enumerate(WORDS):
        for word in sentence:
            t_id += 1
            tokens.append(f'<token number="{t_id - 1}" sentence="{number}" t_id="{t_id}">{word}</token>')
    path = tmp_path / "corpus_test" / "7_test.xml"
    path.parent.mkdir()
    path.write_text(ARTICLE.format(tokens="\n".join(tokens)), encoding="utf-8")
    return path


def test_article_becomes_a_ner_only_doc(tmp_path: Path) -> None:
    from spacy.vocab import Vocab

    article = read_article(_article_file(tmp_path))
    assert article.spans[0] == (NamedSpan(0, 2, "ORG"),)
    assert article.spans[1] == (NamedSpan(0, 1, "PLACE"),)
    (doc,) = article_docs(Vocab(), article)
    assert doc.text == "Northrop Grumman wins a US contract for Airbus with Boeing. "
    assert [token.ent_iob_ + token.ent_type_ for token in doc] == [
        "BORG", "IORG", "O", "O", "BPLACE", "O", "O", "", "O", "", "O",
    ]  # fmt: skip
    assert not doc.has_annotation("DEP") and not doc.has_annotation("TAG") and not doc.has_annotation("SENT_START")


@pytest.mark.skipif(not (DATA_ROOT / "meantime").is_dir(), reason="../shared/data/meantime not present")
def test_shared_meantime_yields_names_of_each_type() -> None:
    from unspin.train.meantime import meantime_files

    labels = {
        span.label
        for path in meantime_files(DATA_ROOT / "meantime")[:10]
        for spans in read_article(path).spans
        for span in spans
    }
    assert labels == {"PERSON", "ORG", "PLACE"}
