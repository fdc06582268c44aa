"""The encoder pretraining recipe: its paragraphs, and weights that the core's config loads (a one-epoch run on a
few shared articles, skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from unspin.train.tok2vec_pretrain import paragraphs

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"

PARAGRAPH_CASES = [
    ("one paragraph", ["The talks resumed in Geneva today."], ["The talks resumed in Geneva today."]),
    (
        "split at line breaks",
        ["One two three four five.\n\nSix seven eight nine ten."],
        ["One two three four five.", "Six seven eight nine ten."],
    ),
    ("short lines dropped", ["Headline\nThe talks resumed in Geneva today."], ["The talks resumed in Geneva today."]),
    ("long paragraphs dropped", [" ".join(["word"] * 501)], []),
]


@pytest.mark.parametrize(("case", "texts", "expected"), PARAGRAPH_CASES, ids=[c[0] for c in PARAGRAPH_CASES])
def test_paragraphs(case: str, texts: list[str], expected: list[str]) -> None:
    assert paragraphs(texts) == expected


def _tiny_vectors(folder: Path) -> Path:
    import spacy

    nlp = spacy.blank("en")
    for index, word in enumerate(["the", "said", "talks"]):
        nlp.vocab.set_vector(word, np.full(4, index + 1, dtype="float32"))
    nlp.to_disk(folder)
    return folder


@pytest.mark.skipif(not (DATA_ROOT / "polnear").is_dir(), reason="../shared/data (PolNeAR, PTC) not present")
def test_pretrained_weights_load_into_the_core_config(tmp_path: Path) -> None:
    from spacy.training.initialize import init_tok2vec, load_vectors_into_model
    from spacy.util import load_model_from_config, registry

    from unspin.train.core_recipe import load_core_config
    from unspin.train.tok2vec_pretrain import pretrain_tok2vec

    vectors = _tiny_vectors(tmp_path / "vectors")
    result = pretrain_tok2vec(tmp_path / "encoder", vectors, data_root=DATA_ROOT, epochs=1, limit=2)
    card = json.loads((tmp_path / "encoder" / "card.json").read_text(encoding="utf-8"))
    assert card["epochs"] == 1 and card["seed"] == 0 and card["words_per_epoch"] == result.words > 0
    assert not (tmp_path / "encoder" / "raw_text.jsonl").exists()

    corpus = {"train": tmp_path / "train.spacy", "dev": tmp_path / "dev.spacy"}
    config = load_core_config(corpus, vectors=vectors, tok2vec=result.weights)
    nlp = load_model_from_config(config)
    load_vectors_into_model(nlp, str(vectors))
    resolved = nlp.config.interpolate()
    # spaCy's own loading step during initialisation; it does nothing when [pretraining] is empty
    assert init_tok2vec(nlp, registry.resolve(resolved["pretraining"]), resolved["initialize"])
    assert nlp.get_pipe("tok2vec").model.to_bytes() == result.weights.read_bytes()
