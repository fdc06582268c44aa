"""`unspin train tok2vec`: the core's shared CNN encoder pretrained on raw news text, before `unspin train core`.

The core learns its parse from ~23,000 gold sentences, and five runs level off at EWT dev LAS 0.82-0.83
(decision 0002). spaCy's answer for small treebanks is to pretrain the encoder on unlabelled text first
(``spacy pretrain``, the "characters" objective: predict each word's first and last four characters from its
context), then start the core's training from those weights (``[initialize] init_tok2vec``). The encoder keeps
its shape, so the pipeline's speed is unchanged.

Text: the news articles of the shared data that no evaluation reads (PolNeAR train, the PTC training part,
:func:`unspin.train.silver_trees.raw_news_texts`), cut into paragraphs (spaCy's pretraining corpus skips texts
over 500 words). The encoder is built from ``core.cfg`` with the static vectors the core will use, since a
pretrained encoder only loads into the same architecture.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import srsly
from spacy.training.initialize import load_vectors_into_model
from spacy.training.pretrain import create_pretraining_model, ensure_docs, make_update
from spacy.util import fix_random_seed, load_model_from_config, registry

from unspin.blas_ops import train_on_blas
from unspin.train.core_recipe import DEFAULT_DATA_ROOT, load_core_config
from unspin.train.silver_trees import raw_news_texts

EPOCHS = 8
"""Passes over the raw text (~1.06M words each); ``[pretraining] max_epochs`` of ``core.cfg``."""

SEED = 0

WEIGHTS_NAME = "tok2vec.bin"


@dataclass(frozen=True)
class PretrainResult:
    weights: Path
    words: int
    epochs: int
    losses: list[float]
    seconds: float


def paragraphs(texts: list[str], min_words: int = 5, max_words: int = 500) -> list[str]:
    """The texts' non-empty paragraphs of ``min_words`` to ``max_words`` words (by white space)."""
    found = []
    for text in texts:
        for paragraph in text.split("\n"):
            words = len(paragraph.split())
            if min_words <= words <= max_words:
                found.append(paragraph.strip())
    return found


def pretrain_tok2vec(
    output_dir: Path,
    vectors: Path,
    *,
    data_root: Path = DEFAULT_DATA_ROOT,
    epochs: int = EPOCHS,
    limit: int | None = None,
) -> PretrainResult:
    """Pretrain the core config's encoder on the raw news text; write ``OUTPUT/tok2vec.bin`` and a card.

    ``limit`` keeps the first N articles of each source, for quick runs.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    texts = paragraphs(raw_news_texts(Path(data_root), limit))
    raw_path = output_dir / "raw_text.jsonl"
    srsly.write_jsonl(raw_path, [{"text": text} for text in texts])
    config = _pretraining_config(raw_path, vectors, epochs)
    fix_random_seed(SEED)
    train_on_blas()
    nlp = load_model_from_config(config)
    load_vectors_into_model(nlp, str(vectors))
    resolved = nlp.config.interpolate()
    settings = registry.resolve(resolved["pretraining"])
    corpus = registry.resolve({"corpus": resolved["corpora"]["pretrain"]})["corpus"]
    model = create_pretraining_model(nlp, settings)
    objective, optimizer = model.attrs["loss"], settings["optimizer"]
    started, losses, words = time.perf_counter(), [], 0
    for epoch in range(epochs):
        epoch_loss, words = 0.0, 0
        for batch in settings["batcher"](corpus(nlp)):
            docs = ensure_docs(batch)
            epoch_loss += make_update(model, docs, optimizer, objective)
            words += sum(len(doc) for doc in docs)
        losses.append(round(epoch_loss / max(words, 1), 5))
        print(
            f"tok2vec epoch {epoch + 1}/{epochs}: {words} words, loss/word {losses[-1]}, "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    weights = output_dir / WEIGHTS_NAME
    with model.use_params(optimizer.averages):
        weights.write_bytes(model.get_ref("tok2vec").to_bytes())
    raw_path.unlink()
    result = PretrainResult(weights, words, epochs, losses, time.perf_counter() - started)
    _write_card(output_dir, result, vectors, len(texts))
    return result


def _pretraining_config(raw_path: Path, vectors: Path, epochs: int) -> Any:
    """``core.cfg`` (with static vectors) reading ``raw_path`` as its pretraining corpus, for ``epochs``."""
    config = load_core_config({"train": raw_path, "dev": raw_path}, vectors=vectors)
    config["paths"]["raw_text"] = str(raw_path)
    config["pretraining"]["max_epochs"] = epochs
    return config


def _write_card(output_dir: Path, result: PretrainResult, vectors: Path, paragraph_count: int) -> None:
    card = {
        "name": "unspin core encoder, pretrained",
        "objective": "spacy.PretrainCharacters.v1 (first and last 4 characters of each word)",
        "data": "PolNeAR train articles and the PTC training part (news text no evaluation reads), paragraphs",
        "paragraphs": paragraph_count,
        "words_per_epoch": result.words,
        "epochs": result.epochs,
        "loss_per_word": result.losses,
        "seed": SEED,
        "vectors": Path(vectors).name,
        "training_seconds": round(result.seconds, 1),
    }
    (output_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    (output_dir / "MODEL_CARD.md").write_text(
        "# unspin core encoder, pretrained\n\n"
        f"The core's CNN encoder (`core.cfg`, with static vectors) pretrained for {result.epochs} epochs on "
        f"{paragraph_count} paragraphs ({result.words} words) of news text no evaluation reads, spaCy's "
        "characters objective, seed 0, by `unspin train tok2vec`. Pass it to `unspin train core --tok2vec "
        f"{output_dir.name}/{WEIGHTS_NAME}`. Loss per word by epoch: {result.losses}; "
        f"{result.seconds / 60:.1f} min.\n",
        encoding="utf-8",
    )
