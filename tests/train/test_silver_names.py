"""Silver names on raw news: the Docs carry sentence starts and names (missing where the teacher doubted),
and a written DocBin reads back with its card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from unspin.train.silver_names import card_file, name_docs, read_news_names
from unspin.train.silver_trees import DOC_SENTENCES, SilverSentence


def _sentence(text: str) -> SilverSentence:
    words = tuple(text.split())
    return SilverSentence(words, tuple(index < len(words) - 1 for index in range(len(words))))


SENTENCES = [_sentence("Joe Biden said it"), _sentence("In Paris ."), _sentence("Republicans voted .")]
NAMES = [["B-PERSON", "I-PERSON", "O", "O"], ["O", "B-PLACE", "O"], ["", "O", "O"]]


def test_docs_carry_names_sentence_starts_and_missing_words() -> None:
    (doc,) = name_docs(Vocab(), SENTENCES, NAMES)
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("Joe Biden", "PERSON"), ("Paris", "PLACE")]
    assert [sentence.text for sentence in doc.sents] == ["Joe Biden said it", "In Paris .", "Republicans voted ."]
    assert doc[7].ent_iob_ == "" and doc[8].ent_iob_ == "O"
    assert not doc.has_annotation("DEP")


def test_long_texts_are_cut_into_docs_of_a_fixed_number_of_sentences() -> None:
    docs = list(name_docs(Vocab(), SENTENCES * DOC_SENTENCES, NAMES * DOC_SENTENCES))
    assert [len(list(doc.sents)) for doc in docs] == [DOC_SENTENCES, DOC_SENTENCES, DOC_SENTENCES]


def test_a_tagging_per_sentence_is_required() -> None:
    with pytest.raises(ValueError, match="2 name taggings for 3 sentences"):
        list(name_docs(Vocab(), SENTENCES, NAMES[:2]))


def test_a_written_docbin_reads_back_with_its_card(tmp_path: Path) -> None:
    path = tmp_path / "news.spacy"
    DocBin(docs=list(name_docs(Vocab(), SENTENCES, NAMES))).to_disk(path)
    card_file(path).write_text(json.dumps({"names": 2}), encoding="utf-8")
    docs, card = read_news_names(path, Vocab())
    assert card == {"names": 2} and [ent.text for ent in docs[0].ents] == ["Joe Biden", "Paris"]


def test_a_missing_docbin_names_the_command_that_writes_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="unspin train news-names"):
        read_news_names(tmp_path / "absent.spacy", Vocab())
