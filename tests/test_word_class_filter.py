"""The word-class filter on hand-built Docs: person, organisation and place entities holding no noun go."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.word_class_filter import add_word_class_filter, drop_entities_without_nouns

CASES = [
    # (case, words/POS, entity tags, entities kept)
    ("an interjection", "YAY/INTJ ,/PUNCT great/ADJ", "B-ORG O O", []),
    ("a verb in capitals", "HAS/AUX CLOSED/VERB", "O B-PLACE", []),
    ("an adjective", "the/DET Sunni/ADJ boycott/NOUN", "O B-ORG O", []),
    ("an adverb and an adjective", "VERY/ADV GOOD/ADJ", "B-PERSON I-PERSON", []),
    ("a proper noun beside an adjective", "Sunni/ADJ Arab/PROPN regions/NOUN", "B-PLACE I-PLACE O", ["Sunni Arab"]),
    ("a common noun", "the/DET CPA/NOUN said/VERB", "O B-ORG O", ["CPA"]),
    ("a proper noun and a number", "Cinema/PROPN 21/NUM", "B-ORG I-ORG", ["Cinema 21"]),
    ("a group's adjective stays", "the/DET Israeli/ADJ army/NOUN", "O B-GROUP O", ["Israeli"]),
    ("an event is left alone", "the/DET Olympic/ADJ", "O B-EVENT", ["Olympic"]),
]


@pytest.mark.parametrize(("case", "tagged", "ents", "expected"), CASES, ids=[c[0] for c in CASES])
def test_drop_entities_without_nouns(case: str, tagged: str, ents: str, expected: list[str]) -> None:
    words, pos = zip(*(item.rsplit("/", 1) for item in tagged.split()), strict=True)
    doc = drop_entities_without_nouns(Doc(Vocab(), words=list(words), pos=list(pos), ents=ents.split()))
    assert [ent.text for ent in doc.ents] == expected


def test_add_word_class_filter_only_to_a_pipeline_with_an_ner() -> None:
    blank = spacy.blank("en")
    assert "word_class_filter" not in add_word_class_filter(blank).pipe_names
    blank.add_pipe("ner")
    assert add_word_class_filter(add_word_class_filter(blank)).pipe_names == ["ner", "word_class_filter"]
