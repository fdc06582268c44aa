"""The core pipeline recipe: the NER derivation and Doc conversion on hand-written fixtures, and a tiny
end-to-end training run on the shared treebanks (skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conllu_text import MWT, conllu, sentence
from unspin.train.core_data import iob_tags, named_spans, to_doc

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_doc_keeps_text_heads_and_missing_entities() -> None:
    from spacy.vocab import Vocab

    doc = to_doc(Vocab(), [sentence(MWT)])
    assert doc.text == "I can'tgo. "
    assert [token.head.i for token in doc] == [3, 3, 3, 3, 3]
    assert [token.dep_ for token in doc] == ["nsubj", "aux", "advmod", "ROOT", "punct"]
    assert [token.pos_ for token in doc] == ["PRON", "AUX", "PART", "VERB", "PUNCT"]
    assert not doc.has_annotation("ENT_IOB")


NESTED = conllu(
    [
        "1 US US PROPN NNP _ 3 compound _ Entity=(1-person-new-s-cf1-4-coref(2-place-new-s-cf2-1-sgl-United_States)",
        "2 President president PROPN NNP Number=Sing 3 compound _ _",
        "3 Smith Smith PROPN NNP Number=Sing 4 nsubj _ Entity=1)",
        "4 thanked thank VERB VBD _ 0 root _ _",
        "5 the the DET DT _ 6 det _ Entity=(3-place-new-s-cf3-2-coref-Netherlands",
        "6 Netherlands Netherlands PROPN NNPS Number=Plur 4 obj _ Entity=3)",
        "7 and and CCONJ CC _ 8 cc _ _",
        "8 Americans American PROPN NNPS Number=Plur 6 conj _ Entity=(4-person-new-s-cf4-1-coref)",
        "9 at at ADP IN _ 11 case _ _",
        "10 the the DET DT _ 11 det _ Entity=(5-organization-new-s-cf5-3-coref",
        "11 Bank Bank PROPN NNP _ 4 obl _ _",
        "12 of of ADP IN _ 13 case _ _",
        "13 England England PROPN NNP _ 11 nmod _ Entity=(6-place-new-s-cf6-1-coref)5)",
        "14 and and CCONJ CC _ 16 cc _ _",
        "15 his his PRON PRP$ _ 16 nmod:poss _ Entity=(7-person-new-s-cf7-2-coref(8-person-giv-s-cf8-1-coref)",
        "16 staff staff NOUN NN _ 4 conj _ Entity=7)",
    ]
)


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("US", "PLACE"),
        ("Smith", "PERSON"),
        ("Netherlands", "PLACE"),
        ("Americans", "GROUP"),
        ("Bank of England", "ORG"),
    ],
)
def test_named_spans_are_trimmed_names(words: str, label: str) -> None:
    parsed = sentence(NESTED)
    found = {(" ".join(w.form for w in parsed.words[s.start : s.end]), s.label) for s in named_spans(parsed)}
    assert (words, label) in found
    assert all("his" not in text and "staff" not in text for text, _ in found)


def test_iob_tags_mark_outside_words() -> None:
    parsed = sentence(NESTED)
    tags = iob_tags(parsed, named_spans(parsed))
    assert tags[:4] == ["B-PLACE", "O", "B-PERSON", "O"]
    assert tags[9:13] == ["O", "B-ORG", "I-ORG", "I-ORG"]


@pytest.mark.skipif(not (DATA_ROOT / "ud-english-ewt").is_dir(), reason="../shared/data (UD treebanks) not present")
def test_recipe_trains_end_to_end_on_a_tiny_sample(tmp_path: Path) -> None:
    import spacy

    from unspin.train.core_recipe import ship_core, train_core

    result = train_core(tmp_path / "core", max_steps=3, sample=30, data_root=DATA_ROOT)
    nlp = spacy.load(result.best)
    assert nlp.pipe_names == ["tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"]
    doc = nlp("The minister said the talks in Geneva would resume.")
    assert len(doc) == 10 and doc.has_annotation("DEP")
    card = json.loads((result.best / "card.json").read_text(encoding="utf-8"))
    assert card["seed"] == 0 and card["max_steps"] == 3 and "dep_las" in card["dev_metrics"]
    assert "NC" in (result.best / "MODEL_CARD.md").read_text(encoding="utf-8")
    shipped = ship_core(result.best, tmp_path / "shipped")
    assert tmp_path / "shipped" / "MODEL_CARD.md" in shipped
    assert spacy.load(tmp_path / "shipped").config["paths"]["train"] is None
    assert str(tmp_path) not in (tmp_path / "shipped" / "config.cfg").read_text(encoding="utf-8")
