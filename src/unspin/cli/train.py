"""`unspin train <layer>`: train one of unspin's models from open data with its pinned recipe."""

from __future__ import annotations

import argparse
from pathlib import Path

from unspin.errors import InputError

LAYERS = ("core",)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "train",
        help="train a model from open data (core: tags, lemmas, parse, entities)",
        description=(
            "Train a model with its pinned, seeded recipe. `core` builds the spaCy CPU pipeline (tagger, "
            "morphologizer, lemmatizer, parser, named entities) from UD English-EWT, UD English-GUM and the GUM "
            "entity layer, and writes a model card beside the weights."
        ),
    )
    parser.add_argument("layer", choices=LAYERS, help="which model to train")
    parser.add_argument("--out", type=Path, default=Path("unspin-core-model"), help="output folder (%(default)s)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="shared data folder (%(default)s)")
    parser.add_argument("--max-steps", type=int, default=None, help="stop after N updates (default: the recipe's)")
    parser.add_argument("--sample", type=int, default=None, help="use only the first N sentences of each treebank file")
    parser.add_argument(
        "--vectors",
        type=Path,
        default=None,
        help="static word vectors folder (from unspin.train.vectors.build_vectors) fed to the shared tok2vec",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from unspin.train.core_recipe import train_core

    if not args.data.is_dir():
        raise InputError(f"shared data folder not found: {args.data}", fix="pass --data PATH/TO/shared/data")
    if args.vectors is not None and not (args.vectors / "vocab").is_dir():
        raise InputError(f"not a spaCy vectors folder: {args.vectors}", fix="build it with unspin.train.vectors")
    result = train_core(
        args.out, max_steps=args.max_steps, sample=args.sample, data_root=args.data, vectors=args.vectors
    )
    print(f"best pipeline: {result.best} (training took {result.seconds / 60:.1f} min)")
    print(f"model card: {result.best / 'MODEL_CARD.md'}")
    return 0
