"""The recogniser recipe: a tiny end-to-end run on the shared data puts a recogniser with its own encoder into
the shipped core (skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from unspin.train.silver_names import card_file, name_docs
from unspin.train.silver_trees import SilverSentence

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _news_names(path: Path) -> Path:
    words = ("Officials", "in", "Baku", "met", "Ilham", "Aliyev", ".")
    sentence = SilverSentence(words, (True,) * 6 + (False,))
    tags = ["O", "O", "B-PLACE", "O", "B-PERSON", "I-PERSON", "O"]
    DocBin(docs=list(name_docs(Vocab(), [sentence] * 4, [tags] * 4))).to_disk(path)
    card = {"sentences": 4, "words": 28, "names": 8, "source": "a fixture"}
    card_file(path).write_text(json.dumps(card), encoding="utf-8")
    return path


@pytest.mark.skipif(not (DATA_ROOT / "ud-english-ewt").is_dir(), reason="../shared/data (UD treebanks) not present")
def test_the_recogniser_replaces_the_ner_of_a_core(tmp_path: Path) -> None:
    import spacy

    from unspin.core_model import SHIPPED_DIR
    from unspin.train.ner_recipe import train_ner

    result = train_ner(
        tmp_path / "ner", news_names=_news_names(tmp_path / "news.spacy"), data_root=DATA_ROOT, max_steps=2, sample=20
    )
    nlp = spacy.load(result.best)
    assert nlp.pipe_names == spacy.load(SHIPPED_DIR).pipe_names
    assert nlp.get_pipe("ner").model.get_ref("tok2vec").name != "tok2vec-listener"
    for weights in ("tok2vec/model", "parser/model", "tagger/model"):
        assert (result.best / weights).read_bytes() == (SHIPPED_DIR / weights).read_bytes()
    doc = nlp("The minister said the talks in Geneva would resume.")
    assert doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB")
    card = json.loads((result.best / "card.json").read_text(encoding="utf-8"))
    assert card["recogniser"]["news_names"]["names"] == 8 and card["recogniser"]["max_steps"] == 2
    assert "ents_f" in card["recogniser"]["dev_metrics"]
    text = (result.best / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert text.count("## Name recogniser") == 1 and "4 sentences, 28 words, 8 names" in text
    encoder = card["recogniser"]["encoder"]
    assert f"width {encoder['width']}, depth {encoder['depth']}, window {encoder['window']}" in text


def test_a_folder_without_a_core_is_refused(tmp_path: Path) -> None:
    from unspin.train.ner_recipe import train_ner

    with pytest.raises(FileNotFoundError, match="no core pipeline"):
        train_ner(tmp_path / "out", core=tmp_path)
