"""The recipe behind `unspin train core`: data conversion, spaCy training with a pinned config, model card.

Everything that decides the result is fixed here or in ``core.cfg`` (seed 0, data files, hyper-parameters),
so two runs on the same data and spaCy version give the same weights. The trained pipeline is written to
``OUTPUT/model-best`` (best dev score) and ``OUTPUT/model-last``, with ``MODEL_CARD.md`` and ``card.json``
beside each.
"""

from __future__ import annotations

import json
import platform
import shutil
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.training.initialize import init_nlp
from spacy.training.loop import train
from spacy.util import load_config

from unspin.blas_ops import train_on_blas
from unspin.core_model import SHIPPED_DIR
from unspin.train.core_data import NER_LABELS, CoreSources, build_corpus
from unspin.train.ner_teacher import teacher_record, teacher_summary

CONFIG_NAME = "core.cfg"
DEFAULT_DATA_ROOT = Path("../shared/data")
MAX_FILE_BYTES = 50 * 1024 * 1024

LICENCES = (
    ("UD English-EWT", "CC BY-SA 4.0", "syntax, tags, morphology, lemmas"),
    ("UD English-GUM", "CC BY-NC-SA 4.0", "syntax, tags, morphology, lemmas"),
    ("GUM entity layer (dep/*.conllu)", "annotations CC BY 4.0; texts per genre, several NC", "named entities"),
    ("NewsReader MEANTIME (English; Airbus and Apple topics)", "CC BY 4.0", "named entities (training only)"),
)

NC_NOTE = (
    "UD English-GUM is distributed under CC BY-NC-SA 4.0 and several GUM genres' texts are non-commercial. "
    "Whether weights trained on NC data are themselves bound by the NC term is not settled; to be safe, treat "
    "this pipeline as usable for non-commercial purposes only, or retrain it from EWT alone (and a commercial-"
    "friendly entity corpus) for commercial use."
)


@dataclass(frozen=True)
class TrainResult:
    """Where a training run put its pipelines, and what it measured."""

    output_dir: Path
    best: Path
    scores: dict[str, Any]
    seconds: float


def load_core_config(
    corpus: dict[str, Path],
    *,
    max_steps: int | None = None,
    vectors: Path | None = None,
    tok2vec: Path | None = None,
) -> Any:
    """The pinned spaCy config with the corpus paths (and optionally a step limit) filled in.

    ``vectors`` is a static-vectors folder (:func:`unspin.train.vectors.build_vectors`): it is loaded at
    initialisation and the shared tok2vec embeds each word's vector beside its hash embeddings.
    """
    text = resources.files("unspin.train").joinpath(CONFIG_NAME).read_text(encoding="utf-8")
    overrides: dict[str, Any] = {"paths.train": str(corpus["train"]), "paths.dev": str(corpus["dev"])}
    if vectors is not None:
        overrides["paths.vectors"] = str(vectors)
        overrides["components.tok2vec.model.embed.include_static_vectors"] = True
    if tok2vec is not None:
        overrides["paths.init_tok2vec"] = str(tok2vec)
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = max(1, min(500, max_steps))
    config = spacy.util.load_config_from_str(text, overrides=overrides, interpolate=False)
    return config


def train_core(
    output_dir: Path,
    *,
    max_steps: int | None = None,
    sample: int | None = None,
    data_root: Path = DEFAULT_DATA_ROOT,
    vectors: Path | None = None,
    teacher: Path | None = None,
    parser_teacher: Path | None = None,
    tok2vec: Path | None = None,
) -> TrainResult:
    """Convert the treebanks, train the core pipeline and write the model card beside the weights.

    ``sample`` keeps the first N sentences of each treebank file and ``max_steps`` caps the updates: both are
    for quick trial runs (the defaults train the shipped pipeline). ``vectors`` adds static word vectors
    (a folder written by :func:`unspin.train.vectors.build_vectors`); ``teacher`` (a folder written by
    :func:`unspin.train.ner_teacher.train_teacher`) labels the EWT training sentences with silver names;
    ``parser_teacher`` (a folder written by :func:`unspin.train.parser_teacher.train_parser_teacher`) parses
    raw news text into silver trees, added to the training data (:mod:`unspin.train.silver_trees`);
    ``tok2vec`` (the weights file of :func:`unspin.train.tok2vec_pretrain.pretrain_tok2vec`, built with the same
    ``vectors``) starts the shared encoder from pretrained weights.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    sources = CoreSources(Path(data_root))
    silver = None
    if teacher is not None:
        from unspin.train.ner_teacher import silver_layer

        silver = silver_layer(Path(teacher), sources, sample=sample)
    trees: list[Any] = []
    if parser_teacher is not None:
        trees = _silver_trees(Path(parser_teacher), Path(data_root), sample, Path(teacher) if teacher else None)
    corpus = build_corpus(sources, output_dir / "corpus", sample=sample, silver=silver, extra_train_docs=trees)
    result = train_pipeline(load_core_config(corpus, max_steps=max_steps, vectors=vectors, tok2vec=tok2vec), output_dir)
    for model_dir in _trained_pipelines(output_dir):
        write_model_card(
            model_dir,
            sources=sources,
            scores=result.scores,
            seconds=result.seconds,
            sample=sample,
            max_steps=max_steps,
            vectors=_vectors_card(vectors),
            teacher=teacher_card(teacher, silver),
            parser_teacher=_parser_teacher_card(parser_teacher, trees),
        )
    return result


def train_pipeline(config: Any, output_dir: Path) -> TrainResult:
    """Write ``config`` beside the run and train it into ``output_dir`` (model-best, model-last)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    config.to_disk(output_dir / "config.cfg")
    started = time.perf_counter()
    train_on_blas()
    nlp = init_nlp(config.interpolate())
    restore_lemma_labels(nlp)
    train(nlp, output_dir, stdout=sys.stdout)
    seconds = time.perf_counter() - started
    best = output_dir / "model-best"
    scores = json.loads((best / "meta.json").read_text(encoding="utf-8")).get("performance", {})
    return TrainResult(output_dir=output_dir, best=best, scores=scores, seconds=seconds)


def restore_lemma_labels(nlp: Any) -> None:
    """Rebuild each trainable lemmatizer's edit-tree -> label map from its stored labels.

    spaCy 3.8's ``EditTreeLemmatizer.from_disk`` restores the labels and trees but not that map, which only
    ``initialize`` fills; a lemmatizer sourced from an earlier run (``--start-from``) then scores every gold
    lemma as label 0, its loss falls to nothing and its accuracy collapses (run 8, continued: lemma accuracy
    0.947 -> 0.769 in 500 steps). A freshly initialized lemmatizer already has the map; this leaves it as is.
    """
    from spacy.pipeline import EditTreeLemmatizer

    for _, component in nlp.pipeline:
        if isinstance(component, EditTreeLemmatizer) and not component.tree2label:
            for label, tree in enumerate(component.cfg.get("labels", [])):
                component.tree2label[tree] = label


def _trained_pipelines(output_dir: Path) -> list[Path]:
    """The run's pipelines that exist (model-best, and model-last unless training stopped before it)."""
    return [path for path in (output_dir / "model-best", output_dir / "model-last") if path.exists()]


def continue_core(previous: Path, output_dir: Path, *, max_steps: int) -> TrainResult:
    """Go on training an earlier run (an ``unspin train core`` output folder) for ``max_steps`` more updates.

    Every component starts from the earlier run's ``model-best`` and learns from the same corpus with the same
    config; only the optimiser's moments start afresh. A run on a large corpus (silver trees) needs more updates
    than one session of a small machine allows, so it is trained in pieces. The card keeps the earlier run's
    data records and adds the pieces' steps and times.
    """
    previous, output_dir = Path(previous), Path(output_dir)
    best = previous / "model-best"
    if not (best / "meta.json").is_file():
        raise FileNotFoundError(f"no trained pipeline at {best}")
    output_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(best / "config.cfg", interpolate=False)
    for name in config["nlp"]["pipeline"]:
        config["components"][name] = {"source": str(best)}
    config["training"]["max_steps"] = max_steps
    result = train_pipeline(config, output_dir)
    earlier = json.loads((best / "card.json").read_text(encoding="utf-8")) if (best / "card.json").is_file() else {}
    piece = {"from": str(best), "max_steps": max_steps, "seconds": round(result.seconds, 1)}
    card = {**earlier, "pieces": [*earlier.get("pieces", []), piece], "dev_metrics": flat_scores(result.scores)}
    earlier_text = (best / "MODEL_CARD.md").read_text(encoding="utf-8") if (best / "MODEL_CARD.md").is_file() else ""
    for model_dir in _trained_pipelines(output_dir):
        (model_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        (model_dir / "MODEL_CARD.md").write_text(_continued_card(earlier_text, card), encoding="utf-8")
    return result


def _continued_card(earlier_text: str, card: dict[str, Any]) -> str:
    """The earlier run's model card up to its dev metrics, then the new metrics and every training piece."""
    head = earlier_text.split("\n## Continued training")[0].split("\n## Dev metrics")[0].rstrip()
    head = head or "# unspin core pipeline (English)"
    rows = "\n".join(f"| {key} | {value:.4f} |" for key, value in card["dev_metrics"].items())
    pieces = "\n".join(
        f"- from `{piece['from']}`: {piece['max_steps']} more steps, {piece['seconds'] / 60:.1f} min"
        for piece in card["pieces"]
    )
    return (
        f"{head}\n\n## Continued training (`unspin train core --start-from RUN`)\n\n{pieces}\n\n"
        f"## Dev metrics (after the last piece)\n\n| metric | value |\n|---|---|\n{rows}\n"
    )


def _silver_trees(parser_teacher: Path, data_root: Path, sample: int | None, teacher: Path | None) -> list[Any]:
    """Silver training Docs from the raw news text, cut by the shipped core and parsed by the parser teacher;
    with names from the NER ``teacher`` when there is one."""
    from spacy.vocab import Vocab

    from unspin.train.ner_teacher import label_sentences
    from unspin.train.silver_trees import news_sentences, silver_docs

    sentences = news_sentences(data_root, sample=sample)
    names = label_sentences(teacher, [s.words for s in sentences]) if teacher is not None else None
    return list(silver_docs(Vocab(), sentences, parser_teacher, names))


def _parser_teacher_card(parser_teacher: Path | None, trees: list[Any]) -> dict[str, Any] | None:
    """What the silver trees came from: the teacher's record and how much text it parsed."""
    if parser_teacher is None:
        return None
    from unspin.train.parser_teacher import RECORD_FILE

    record = Path(parser_teacher) / RECORD_FILE
    card = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    sentences = sum(1 for doc in trees for _ in doc.sents)
    names = sum(len(doc.ents) for doc in trees) if any(doc.has_annotation("ENT_IOB") for doc in trees) else None
    return {
        **card,
        "silver_docs": len(trees),
        "silver_sentences": sentences,
        "silver_words": sum(map(len, trees)),
        "silver_names": names,
    }


def _vectors_card(vectors: Path | None) -> dict[str, Any] | None:
    """The card of a static-vectors folder, without its neighbour lists (None when no vectors were used)."""
    if vectors is None:
        return None
    card_path = Path(vectors) / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {"name": Path(vectors).name}
    card.pop("neighbours", None)
    return card


def teacher_card(teacher: Path | None, silver: dict[str, list[str]] | None) -> dict[str, Any] | None:
    """What the silver names came from: the teacher's own record and how many sentences it labelled."""
    if teacher is None or silver is None:
        return None
    card = teacher_record(Path(teacher))
    names = sum(tag.startswith("B-") for _forms, *tags in silver.values() for tag in tags)
    return {**card, "silver_sentences": len(silver), "silver_names": names}


def _data_name(path: Path, sources: CoreSources) -> str:
    """A data file named relative to the shared data folder, so the card holds no local paths."""
    return path.relative_to(sources.data_root).as_posix()


def flat_scores(scores: dict[str, Any]) -> dict[str, float]:
    keep = (
        "tag_acc",
        "pos_acc",
        "morph_acc",
        "lemma_acc",
        "dep_uas",
        "dep_las",
        "sents_f",
        "ents_p",
        "ents_r",
        "ents_f",
        "speed",
    )
    flat = {key: float(scores[key]) for key in keep if isinstance(scores.get(key), int | float)}
    for label, values in (scores.get("ents_per_type") or {}).items():
        flat[f"ents_f_{label}"] = float(values.get("f", 0.0))
    return flat


def write_model_card(
    model_dir: Path,
    *,
    sources: CoreSources,
    scores: dict[str, Any],
    seconds: float,
    sample: int | None,
    max_steps: int | None,
    vectors: dict[str, Any] | None = None,
    teacher: dict[str, Any] | None = None,
    parser_teacher: dict[str, Any] | None = None,
) -> None:
    """Write ``card.json`` and ``MODEL_CARD.md``: data and licences, seed, config, dev metrics, time, versions."""
    config = load_config(model_dir / "config.cfg", interpolate=False)
    metrics = flat_scores(scores)
    card = {
        "name": "unspin core (en)",
        "spacy_version": spacy.__version__,
        "python": platform.python_version(),
        "pipeline": list(config["nlp"]["pipeline"]),
        "ner_labels": list(NER_LABELS),
        "seed": config["system"]["seed"],
        "data": {
            "train": [_data_name(path, sources) for path in sources.treebank_files("train")],
            "dev": [_data_name(path, sources) for path in sources.treebank_files("dev")],
            "entities": sources.entity_dir,
            "entities_train_only": sources.meantime_dir,
            "sample_sentences_per_file": sample,
        },
        "licences": [{"data": data, "licence": licence, "used_for": use} for data, licence, use in LICENCES],
        "licence_note": NC_NOTE,
        "static_vectors": vectors,
        "silver_names": teacher,
        "silver_trees": parser_teacher,
        "max_steps": max_steps if max_steps is not None else config["training"]["max_steps"],
        "training_seconds": round(seconds, 1),
        "dev_metrics": metrics,
        "dev_set": "UD English-EWT dev + UD English-GUM dev (NER scored on GUM dev only)",
    }
    (model_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    rows = "\n".join(f"| {key} | {value:.4f} |" for key, value in metrics.items())
    licences = "\n".join(f"| {data} | {licence} | {use} |" for data, licence, use in LICENCES)
    enc = config["components"]["tok2vec"]["model"]["encode"]
    if vectors is None:
        embedding = "No pretrained vectors: a"
    else:
        embedding = (
            f"Static vectors ({vectors.get('words')} words x {vectors.get('dims')} dims, distilled from "
            f"{vectors.get('source_model')}, {vectors.get('licences')}) are embedded beside hash embeddings: a"
        )
    (model_dir / "MODEL_CARD.md").write_text(
        f"""# unspin core pipeline (English)

A spaCy {spacy.__version__} CPU pipeline ({", ".join(card["pipeline"])}) trained by `unspin train core`.
{embedding} shared CNN encoder (hash embeddings of NORM, PREFIX, SUFFIX, SHAPE; width
{enc["width"]}, depth {enc["depth"]}, window {enc["window_size"]}) feeds every component; the parser's hidden layer
is {config["components"]["parser"]["model"]["hidden_width"]} wide.{_augmenter_note(config)}

## Data and licences

| data | licence | used for |
|---|---|---|
{licences}

{NC_NOTE}

Named entities: GUM mentions whose head is a proper noun (a plural or adjectival person name is a GROUP), of
types person, organization, place, event, trimmed to the name. Labels: {", ".join(NER_LABELS)}.
Also, for training only, named PER/ORG/LOC mentions of NewsReader MEANTIME (two of its four topics, Airbus and
Apple, 60 Wikinews articles), with every word that could be an unmarked name left unlabelled.
{_silver_note(teacher)}{_silver_trees_note(parser_teacher)}
## Training

- seed: {card["seed"]}; config: `config.cfg` beside this card (the pinned `unspin/train/core.cfg`)
- steps: {card["max_steps"]}; sample: {sample or "all sentences"}; training time: {seconds / 60:.1f} min
- spaCy {spacy.__version__}, Python {card["python"]}

## Dev metrics ({card["dev_set"]})

| metric | value |
|---|---|
{rows}
""",
        encoding="utf-8",
    )


def _augmenter_note(config: Any) -> str:
    """What the training corpus's augmenter does to the texts, in a sentence (empty when there is none)."""
    augmenter = config["corpora"]["train"].get("augmenter") or {}
    if augmenter.get("@augmenters") == "spacy.lower_case.v1":
        return f" A share of {augmenter['level']} of the training texts is seen lower-cased (annotations kept)."
    return f" Training texts go through the augmenter {augmenter['@augmenters']}." if augmenter else ""


def _silver_note(teacher: dict[str, Any] | None) -> str:
    if teacher is None:
        return "No silver names: UD English-EWT sentences teach syntax only (their NER labels stay missing).\n"
    return (
        f"Silver names: {teacher['silver_sentences']} training sentences without gold names (UD English-EWT train) "
        f"carry {teacher['silver_names']} names labelled by a MiniLM teacher (`unspin train ner-teacher`: "
        f"all-MiniLM-L6-v2 fine-tuned on the same gold names, {teacher_summary(teacher)}). No dev or test sentence "
        "and no Universal NER annotation is used.\n"
    )


def _silver_trees_note(parser_teacher: dict[str, Any] | None) -> str:
    if parser_teacher is None:
        return ""
    dev = (parser_teacher.get("dev") or [{}])[-1]
    return (
        f"\nSilver trees: {parser_teacher['silver_sentences']} sentences ({parser_teacher['silver_words']} words) of "
        "raw news text (PolNeAR train, the PTC training part), cut by the shipped core and parsed by a MiniLM "
        f"biaffine teacher (`unspin train parser-teacher`, {parser_teacher.get('epochs', '?')} epochs, EWT dev "
        f"LAS {dev.get('dev_las', '?')} with gold words and sentences); heads and relations"
        + (
            f", and {parser_teacher['silver_names']} names from the NER teacher.\n"
            if parser_teacher.get("silver_names") is not None
            else " only.\n"
        )
    )


def ship_core(model_dir: Path, dest: Path = SHIPPED_DIR) -> list[Path]:
    """Copy a trained pipeline (with its card) into the package, without training-only settings, its static
    vectors reaching words outside their table by spelling (:func:`unspin.train.spelling.add_spelling`).

    The copy's config forgets the local corpus paths; every file must stay under 50 MB (package-data limit).
    Returns the files written. Raises ValueError (leaving ``dest`` untouched) when a file is too large.
    """
    model_dir, dest = Path(model_dir), Path(dest)
    too_large = [path for path in model_dir.rglob("*") if path.is_file() and path.stat().st_size > MAX_FILE_BYTES]
    if too_large:
        raise ValueError(f"files over 50 MB cannot ship: {[str(path) for path in too_large]}")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(model_dir, dest)
    forget_training_paths(dest / "config.cfg")
    if has_vector_rows(dest):
        from unspin.train.spelling import add_spelling

        add_spelling(dest)
    return sorted(path for path in dest.rglob("*") if path.is_file())


def has_vector_rows(core_dir: Path) -> bool:
    """Whether a saved pipeline holds a static vectors table with rows (a quick sample run has none)."""
    table = core_dir / "vocab" / "vectors"
    if not table.is_file():
        return False
    return bool(np.load(table, mmap_mode="r").shape[0] > 0)


def forget_training_paths(config_path: Path) -> None:
    """Remove the local data paths from a saved config: spaCy writes them interpolated into [corpora] and
    [initialize] too. The vectors themselves are saved inside the pipeline (``vocab/vectors``), and so are the
    weights a pretrained encoder started from."""
    config = load_config(config_path, interpolate=False)
    for split in ("train", "dev"):
        config["paths"][split] = None
    for split in ("train", "dev", "pretrain"):
        if split in config.get("corpora", {}):
            config["corpora"][split]["path"] = None
    for name in ("vectors", "init_tok2vec", "raw_text"):
        if name in config["paths"]:
            config["paths"][name] = None
        if name in config.get("initialize", {}):
            config["initialize"][name] = None
    config.to_disk(config_path)
