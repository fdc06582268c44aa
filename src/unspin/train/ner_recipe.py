"""The recipe behind `unspin train ner`: a name recogniser trained apart from a core's syntax, then put into it.

In the core recipe (``core.cfg``) the recogniser reads the encoder the taggers and the parser share, learns in
the same updates and is kept with them at the step of the best *combined* dev score: run 12's better names
came with a parse that lost the LAS floor, and the best names and the best parse fell on different steps
(decision 0002 items 24 and 25). Here the recogniser has an encoder of its own (``ner.cfg``), learns from the
names alone (gold GUM names, MEANTIME, the teacher's silver names on EWT train and, with ``news_names``, on raw
news text: :mod:`unspin.train.silver_names`), is kept at its best GUM dev names F1, and replaces the ``ner`` of a
trained core (default: the shipped one), whose other components stay as they are. Its static vectors are that
core's, so both read the same word vectors.

Output: ``OUTPUT/recogniser/{model-best,model-last}`` (the recogniser alone) and ``OUTPUT/{model-best,model-last}``
(the core with it), each core with ``MODEL_CARD.md`` and ``card.json``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

import unspin.spelling_vectors  # noqa: F401  (registers the vectors class and the recogniser's embedding)
from unspin.core_model import SHIPPED_DIR
from unspin.train.core_data import CoreSources, build_corpus
from unspin.train.core_recipe import DEFAULT_DATA_ROOT, TrainResult, flat_scores, teacher_card, train_pipeline
from unspin.train.ner_teacher import teacher_summary

CONFIG_NAME = "ner.cfg"
RECOGNISER_DIR = "recogniser"
NER_METRICS = ("ents_p", "ents_r", "ents_f")


def load_ner_config(corpus: dict[str, Path], *, vectors: Path, max_steps: int | None = None) -> Any:
    """The pinned recogniser config with the corpus paths, the static vectors (a core pipeline or vectors folder)
    and optionally a step limit filled in."""
    text = resources.files("unspin.train").joinpath(CONFIG_NAME).read_text(encoding="utf-8")
    overrides: dict[str, Any] = {
        "paths.train": str(corpus["train"]),
        "paths.dev": str(corpus["dev"]),
        "paths.vectors": str(vectors),
    }
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = max(1, min(500, max_steps))
    return spacy.util.load_config_from_str(text, overrides=overrides, interpolate=False)


def train_ner(
    output_dir: Path,
    *,
    core: Path = SHIPPED_DIR,
    teacher: Path | None = None,
    news_names: Path | None = None,
    data_root: Path = DEFAULT_DATA_ROOT,
    max_steps: int | None = None,
    sample: int | None = None,
) -> TrainResult:
    """Train the recogniser on the core recipe's name data (plus ``news_names``), then write ``core`` with it.

    ``teacher`` labels the EWT training sentences with silver names (as in ``unspin train core --teacher``);
    ``news_names`` is a DocBin of `unspin train news-names`. ``sample`` and ``max_steps`` are for quick runs.
    Returns the result of the recogniser's training, its ``best`` being the core with the best recogniser.
    """
    from spacy.vocab import Vocab

    output_dir, core = Path(output_dir), Path(core)
    if not (core / "config.cfg").is_file():
        raise FileNotFoundError(f"no core pipeline at {core}")
    sources = CoreSources(Path(data_root))
    silver = None
    if teacher is not None:
        from unspin.train.ner_teacher import silver_layer

        silver = silver_layer(Path(teacher), sources, sample=sample)
    news: list[Any] = []
    news_card: dict[str, Any] | None = None
    if news_names is not None:
        from unspin.train.silver_names import read_news_names

        news, news_card = read_news_names(Path(news_names), Vocab())
        news = news[:sample] if sample else news
    corpus = build_corpus(sources, output_dir / "corpus", sample=sample, silver=silver, extra_train_docs=news)
    config = load_ner_config(corpus, vectors=core, max_steps=max_steps)
    result = train_pipeline(config, output_dir / RECOGNISER_DIR)
    record = {
        "config": f"unspin/train/{CONFIG_NAME}",
        "seed": config["system"]["seed"],
        "max_steps": max_steps if max_steps is not None else config["training"]["max_steps"],
        "encoder": encoder_shape(config),
        "training_seconds": round(result.seconds, 1),
        "silver_names": teacher_card(teacher, silver),
        "news_names": news_card,
        "sample_sentences_per_file": sample,
    }
    for name in ("model-best", "model-last"):
        recogniser = output_dir / RECOGNISER_DIR / name
        if recogniser.is_dir():
            with_recogniser(core, recogniser, output_dir / name, record)
    return TrainResult(
        output_dir=output_dir, best=output_dir / "model-best", scores=result.scores, seconds=result.seconds
    )


def encoder_shape(config: Any) -> dict[str, Any]:
    """The recogniser's own encoder as its config sets it, for the model card."""
    model = config["components"]["ner"]["model"]
    encode, embed = model["tok2vec"]["encode"], model["tok2vec"]["embed"]
    return {
        "width": encode["width"],
        "depth": encode["depth"],
        "window": encode["window_size"],
        "attrs": list(embed["attrs"]),
        "rows": list(embed["rows"]),
        "hidden_width": model["hidden_width"],
        "unknown_share": embed.get("unknown_share", 0.0),
    }


def with_recogniser(core: Path, recogniser: Path, out_dir: Path, record: dict[str, Any]) -> Path:
    """Write ``core`` to ``out_dir`` with the ``ner`` of the ``recogniser`` pipeline in place of its own, and its
    model card with a section on the recogniser. Returns ``out_dir``."""
    nlp = spacy.load(core)
    source = spacy.load(recogniser)
    if source.vocab.vectors.shape != nlp.vocab.vectors.shape:
        raise ValueError(f"the recogniser at {recogniser} was trained on other static vectors than {core}")
    position = _position_after(nlp, "ner")
    nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=source, **position)
    scores = json.loads((recogniser / "meta.json").read_text(encoding="utf-8")).get("performance", {})
    metrics = {key: value for key, value in flat_scores(scores).items() if key.startswith("ents_")}
    nlp.meta.setdefault("performance", {}).update({key: scores[key] for key in scores if key.startswith("ents_")})
    nlp.to_disk(out_dir)
    card_path = core / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
    card["recogniser"] = {**record, "dev_metrics": metrics}
    (out_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    text = (core / "MODEL_CARD.md").read_text(encoding="utf-8") if (core / "MODEL_CARD.md").is_file() else ""
    (out_dir / "MODEL_CARD.md").write_text(_card_text(text, card["recogniser"]), encoding="utf-8")
    return out_dir


def _position_after(nlp: Language, name: str) -> dict[str, str]:
    """Where ``name`` sits, as spaCy's ``add_pipe`` keyword (before the component after it; last: none)."""
    names = nlp.pipe_names
    index = names.index(name)
    return {"before": names[index + 1]} if index + 1 < len(names) else {}


def _encoder_words(recogniser: dict[str, Any]) -> str:
    """The recogniser's encoder in words, from the shape its record keeps (records before run 15 kept none)."""
    shape = recogniser.get("encoder")
    if shape is None:
        return "its shape not recorded by this run"
    unknowns = shape.get("unknown_share", 0.0)
    return (
        f"hash embeddings of {', '.join(shape['attrs'])}, width {shape['width']}, depth {shape['depth']}, "
        f"window {shape['window']}"
        + (f"; in training, {unknowns:.0%} of the capitalised words read no static vector" if unknowns else "")
    )


def _card_text(core_text: str, recogniser: dict[str, Any]) -> str:
    """The core's model card with its recogniser section replaced by one on the recogniser trained here."""
    head = core_text.split("\n## Name recogniser")[0].rstrip() or "# unspin core pipeline (English)"
    rows = "\n".join(f"| {key} | {value:.4f} |" for key, value in recogniser["dev_metrics"].items())
    silver = recogniser.get("silver_names") or {}
    news = recogniser.get("news_names")
    news_line = (
        f"- silver names on raw news text (`unspin train news-names`): {news['sentences']} sentences, {news['words']} "
        f"words, {news['names']} names, {news['source']}\n"
        if news
        else ""
    )
    return f"""{head}

## Name recogniser (`unspin train ner`)

The `ner` described above (whose scores are the `ents_` rows of the dev metrics above) was replaced by one
trained apart from the syntax, kept at its best dev names F1 (GUM dev), with an encoder of its own beside the
static vectors of this pipeline: {_encoder_words(recogniser)}. Config: `{recogniser["config"]}`; seed \
{recogniser["seed"]}; steps {recogniser["max_steps"]}; training time {recogniser["training_seconds"] / 60:.1f} min. \
Data:
- gold names: the GUM entity layer (train documents) and MEANTIME (as above)
- silver names on UD English-EWT train: {silver.get("silver_sentences", 0)} sentences, {silver.get("silver_names", 0)} \
names (teacher: {teacher_summary(silver)})
{news_line}
| metric | value |
|---|---|
{rows}
"""
