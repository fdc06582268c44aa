"""`unspin train <model>`: train one of unspin's models from open data with its pinned recipe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from unspin.errors import InputError

if TYPE_CHECKING:
    from unspin.train.core_recipe import TrainResult

MODELS = (
    "core",
    "ner",
    "ner-teacher",
    "ner-ensemble",
    "news-names",
    "parser-teacher",
    "vectors",
    "spelling",
    "tok2vec",
    "statements",
    "sources",
    "rhetoric",
    "techniques",
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "train",
        help="train a model from open data (core: tags, lemmas, parse, entities)",
        description=(
            "Train a model with its pinned, seeded recipe. `core` builds the spaCy CPU pipeline (tagger, "
            "morphologizer, lemmatizer, parser, named entities) from UD English-EWT, UD English-GUM, the GUM "
            "entity layer and MEANTIME, and writes a model card beside the weights. Two optional inputs have "
            "recipes of their own: `vectors` distils static word vectors from all-MiniLM-L6-v2 (pass them with "
            "--vectors), and `ner-teacher` fine-tunes MiniLM on the same gold names so that it can label the "
            "EWT training sentences with silver names (pass it with --teacher). Both need the training extra "
            '(pip install -e ".[train]"). The shipped pipeline: `unspin train vectors --out V`, '
            "`unspin train ner-teacher --out T` (3 epochs), `unspin train core --vectors V --teacher T`. "
            "`ner-ensemble --members T1 T2 --out E` joins teachers of other seeds (--seed) into one that averages "
            "their probabilities; E is passed with --teacher like any teacher. `tok2vec` "
            "pretrains the core's CNN encoder on raw news text (spaCy's characters objective; needs --vectors) "
            "for `unspin train core --tok2vec P/tok2vec.bin`. `news-names` labels the raw news text no evaluation "
            "reads with the NER teacher's silver names (--teacher; a DocBin, --out FILE), and `ner` trains a name "
            "recogniser with an encoder of its own on the names alone (gold GUM and MEANTIME names, the teacher's "
            "EWT silver names with --teacher, that news text with --news-names) and puts it into a trained core "
            "(--core, default the shipped one) in place of its own; its other components stay as they are. "
            "`spelling` fits, on a trained core's own static vectors (--core, default the shipped one), the model "
            "that gives words outside their table a vector from their MiniLM word pieces, and writes that core with "
            "it (training extra; `ship_core` does this for every core it ships). "
            "`parser-teacher` "
            "fine-tunes MiniLM as a biaffine dependency parser on the same treebanks (scored on EWT dev), the "
            "teacher whose parses of raw text are to train the core's parser (training extra). `statements` "
            "fine-tunes MiniLM on four fifths of PolNeAR train to tag attribution sources, cues and contents, then "
            "fits the source head on the fifth it held out (training extra; --start-from goes on from an earlier "
            "run; the shipped one: `unspin train statements --epochs 3`; --trunk trains top layers on another "
            "tagger's); `sources` fits that source head again on a tagger's pass (--model: its onnx/ folder, "
            "default the shipped one; written with a copy of the tagger to --out), as needed when the grouping of "
            "its tags changes (training extra). `rhetoric` fine-tunes MiniLM on the PTC "
            "training part to tag the 14 persuasion techniques, and `techniques` fits the head that names the "
            "technique of a given span from that tagger's pass (--model: the tagger's onnx/ folder, default the "
            "shipped one; written with a copy of the tagger to --out) (both training extra)."
        ),
    )
    parser.add_argument("model", choices=MODELS, help="which model to train")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: unspin-MODEL)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="shared data folder (%(default)s)")
    parser.add_argument("--max-steps", type=int, default=None, help="core: stop after N updates (default: recipe's)")
    parser.add_argument(
        "--sample",
        type=int,
        default=None,
        help="quick runs: the first N sentences per file (vectors: N words; statements, rhetoric, techniques: N "
        "articles)",
    )
    parser.add_argument(
        "--vectors",
        type=Path,
        default=None,
        help="core, tok2vec: static word vectors folder (from `unspin train vectors`)",
    )
    parser.add_argument(
        "--tok2vec",
        type=Path,
        default=None,
        help="core: start the shared encoder from these pretrained weights (tok2vec.bin of `unspin train tok2vec`, "
        "built with the same --vectors)",
    )
    parser.add_argument(
        "--teacher",
        type=Path,
        default=None,
        help="core: NER teacher folder (from `unspin train ner-teacher`); statements, rhetoric: a trained head's onnx/ "
        "folder to distil into a smaller one (with --layers; the student starts from the teacher's own layers when "
        "the teacher's run folder holds its weights, and the statements student also learns the teacher's labels on "
        "the PTC training articles)",
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=None,
        help="statements, rhetoric, parser-teacher, ner-teacher, tok2vec: epochs of this run (the MiniLM ones with "
        "one warm-up and decay; default: the recipe's)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="ner-teacher: the seed of the new classifier rows, dropout and example order (default 0)",
    )
    parser.add_argument(
        "--members",
        type=Path,
        nargs="+",
        default=None,
        help="ner-ensemble: the trained NER teacher folders to join (two or more)",
    )
    parser.add_argument(
        "--core",
        type=Path,
        default=None,
        help="ner: the trained core pipeline folder whose name recogniser is replaced; spelling: the core whose "
        "vectors get spelled rows (default: the shipped one)",
    )
    parser.add_argument(
        "--news-names",
        type=Path,
        default=None,
        help="ner: raw news text with silver names (the DocBin of `unspin train news-names --out FILE`), added to "
        "the recogniser's training data",
    )
    parser.add_argument(
        "--parser-teacher",
        type=Path,
        default=None,
        help="core: parser teacher folder (from `unspin train parser-teacher`) whose parses of raw news text are "
        "added to the training data",
    )
    parser.add_argument(
        "--start-from",
        type=Path,
        default=None,
        help="statements, rhetoric: go on training from an earlier run's folder; core: go on training an earlier "
        "`unspin train core` run (its model-best, corpus and config) for --max-steps more updates",
    )
    parser.add_argument(
        "--layers",
        type=int,
        default=None,
        help="statements, rhetoric: a head of N transformer layers (of 6) for speed: MiniLM's first N, or with "
        "--teacher N of the teacher's, evenly spread",
    )
    parser.add_argument(
        "--trunk",
        type=Path,
        default=None,
        help="statements: train only MiniLM's top layers on the frozen lower layers of this tagger's ONNX folder "
        "(e.g. `--trunk src/unspin/models/rhetoric`), so that a pipeline running both taggers makes one encoder "
        "pass for the two (tried, not shipped: decision 0004 item 8); the trunk's graph gets a `trunk` output if "
        "it lacks one",
    )
    parser.add_argument(
        "--trunk-layers",
        type=int,
        default=None,
        help="statements with --trunk: how many of the trunk's 6 layers to read (default 4: two top layers train)",
    )
    parser.add_argument(
        "--model",
        dest="model_dir",
        type=Path,
        default=None,
        help="techniques, sources: the rhetoric or attribution tagger's onnx/ folder to fit the head on "
        "(default: the shipped one)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        raise InputError(f"shared data folder not found: {args.data}", fix="pass --data PATH/TO/shared/data")
    out = args.out or Path(f"unspin-{args.model}")
    if args.model == "vectors":
        from unspin.train.vectors import build_vectors

        card = build_vectors(out, data_root=args.data, sample=args.sample)
        print(f"vectors: {out} ({card['words']} words x {card['dims']} dims); card: {out / 'MODEL_CARD.md'}")
        return 0
    if args.model == "ner-teacher":
        from unspin.train.core_data import CoreSources
        from unspin.train.ner_teacher import train_teacher

        settings = {"epochs": args.epochs, "seed": args.seed}
        chosen = {name: value for name, value in settings.items() if value is not None}
        teacher = train_teacher(out, CoreSources(args.data), limit=args.sample, **chosen)
        print(f"teacher: {out} ({teacher.sentences} sentences, {teacher.steps} steps, {teacher.seconds / 60:.1f} min)")
        return 0
    if args.model == "ner-ensemble":
        from unspin.train.ner_teacher import write_ensemble

        record = write_ensemble(out, args.members or [])
        print(f"teacher ensemble: {out} ({len(record['members'])} teachers)")
        return 0
    if args.model == "ner":
        return _train_ner(args, out)
    if args.model == "spelling":
        return _train_spelling(args, out)
    if args.model == "news-names":
        return _news_names(args, out)
    if args.model == "parser-teacher":
        return _train_parser_teacher(args, out)
    if args.model == "tok2vec":
        return _pretrain_tok2vec(args, out)
    if args.model in ("statements", "rhetoric"):
        return _train_head(args, out)
    if args.model == "techniques":
        return _train_techniques(args, out)
    if args.model == "sources":
        return _train_sources(args, out)
    return _train_core(args, out)


def _train_ner(args: argparse.Namespace, out: Path) -> int:
    """A name recogniser with an encoder of its own, trained on the names alone and put into a trained core."""
    from unspin.train.ner_recipe import train_ner

    core = _core_folder(args)
    _check_teacher(args.teacher)
    if args.news_names is not None and not args.news_names.is_file():
        raise InputError(f"no news-names file at {args.news_names}", fix="write it with `unspin train news-names`")
    result = train_ner(
        out,
        core=core,
        teacher=args.teacher,
        news_names=args.news_names,
        data_root=args.data,
        max_steps=args.max_steps,
        sample=args.sample,
    )
    return _trained("core with the new recogniser", result)


def _train_spelling(args: argparse.Namespace, out: Path) -> int:
    """A trained core whose static vectors reach words outside their table by spelling."""
    from unspin.train.spelling import add_spelling

    fit = add_spelling(_core_folder(args), out)
    print(
        f"core with spelled vectors: {out} ({fit['words']} table words, {fit['pieces_with_rows']} word pieces with "
        f"rows; median cosine of the fit {fit['fit_cosine_median']}; capitalised words pulled towards the mean of "
        f"{fit['name_row_from_given_names']} given names)"
    )
    return 0


def _core_folder(args: argparse.Namespace) -> Path:
    """The trained core ``--core`` names (default: the shipped one), checked to be a pipeline folder."""
    from unspin.core_model import SHIPPED_DIR

    core: Path = args.core or SHIPPED_DIR
    if not (core / "config.cfg").is_file():
        raise InputError(
            f"not a core pipeline folder: {core}", fix="pass --core OUTPUT/model-best of `unspin train core`"
        )
    return core


def _news_names(args: argparse.Namespace, out: Path) -> int:
    """Raw news text labelled with silver names by the NER teacher, written once for `unspin train ner`."""
    if args.teacher is None:
        raise InputError(
            "news-names needs the NER teacher that labels the text",
            fix="pass --teacher T (a folder from `unspin train ner-teacher`)",
        )
    _check_teacher(args.teacher)
    from unspin.train.silver_names import build_news_names

    out = args.out or Path("news-names.spacy")
    card = build_news_names(out, teacher=args.teacher, data_root=args.data, sample=args.sample)
    print(
        f"news names: {out} ({card['sentences']} sentences, {card['words']} words, {card['names']} names, "
        f"{card['seconds'] / 60:.1f} min)"
    )
    return 0


def _train_parser_teacher(args: argparse.Namespace, out: Path) -> int:
    """The biaffine teacher on the EWT and GUM training sentences, scored on EWT dev after each epoch."""
    from unspin.train.core_data import CoreSources, read_sentences
    from unspin.train.parser_teacher import EPOCHS, train_parser_teacher, tree_examples

    sources = CoreSources(args.data)
    train = [e for path in sources.treebank_files("train") for e in tree_examples(read_sentences(path, args.sample))]
    ewt_dev = [path for path in sources.treebank_files("dev") if "ewt" in path.name]
    dev = [e for path in ewt_dev for e in tree_examples(read_sentences(path, args.sample))]
    record = train_parser_teacher(out, train, dev, epochs=args.epochs or EPOCHS)
    last = record["dev"][-1]
    print(
        f"parser teacher: {out} ({record['sentences']} sentences, {record['seconds'] / 60:.1f} min); EWT dev UAS "
        f"{last['dev_uas']:.4f} LAS {last['dev_las']:.4f} (gold words and sentences)"
    )
    return 0


def _train_sources(args: argparse.Namespace, out: Path) -> int:
    """The source head refitted on an attribution tagger's pass, written beside a copy of the tagger."""
    from unspin.stages.attributions import SHIPPED_MODEL
    from unspin.train.source_head import train_source_head

    tagger = _tagger_folder(
        args.model_dir or SHIPPED_MODEL,
        "an attribution tagger's",
        "pass the onnx/ folder of `unspin train statements` (or leave --model out for the shipped one)",
    )
    entry = train_source_head(tagger, out, args.data, limit=args.sample)
    print(
        f"source head: {out} ({entry['pairs']} candidate pairs; PolNeAR dev source overlap F1 "
        f"{entry['dev_source_overlap_f1']:.3f}, head alone, threshold {entry['threshold']}); "
        f"card: {out / 'MODEL_CARD.md'}"
    )
    return 0


def _train_techniques(args: argparse.Namespace, out: Path) -> int:
    """The technique head, fitted on a rhetoric tagger's pass and written beside a copy of the tagger."""
    from unspin.stages.rhetoric_model import SHIPPED_MODEL
    from unspin.train.technique_head import train_technique_head

    tagger = _tagger_folder(
        args.model_dir or SHIPPED_MODEL, "a rhetoric tagger's", "pass the onnx/ folder of `unspin train rhetoric`"
    )
    entry = train_technique_head(tagger, out, args.data, limit=args.sample)
    print(
        f"technique head: {out} ({entry['examples']} spans; PTC validation technique classification micro-F1 "
        f"{entry['validation_tc_micro_f1']:.3f}); card: {out / 'MODEL_CARD.md'}"
    )
    return 0


def _tagger_folder(folder: Path, kind: str, fix: str) -> Path:
    """``folder`` when it holds a tagger (its ``labels.json``), else an error naming ``kind`` and the fix."""
    if not (folder / "labels.json").is_file():
        raise InputError(f"not {kind} folder: {folder}", fix=fix)
    return folder


def _pretrain_tok2vec(args: argparse.Namespace, out: Path) -> int:
    if args.vectors is None or not (args.vectors / "vocab").is_dir():
        raise InputError(
            "the encoder is pretrained with the static vectors the core will use",
            fix="pass --vectors V (a folder from `unspin train vectors`)",
        )
    from unspin.train.tok2vec_pretrain import EPOCHS, pretrain_tok2vec

    result = pretrain_tok2vec(out, args.vectors, data_root=args.data, epochs=args.epochs or EPOCHS, limit=args.sample)
    print(
        f"encoder: {result.weights} ({result.epochs} epochs, {result.seconds / 60:.1f} min); "
        f"card: {out / 'MODEL_CARD.md'}"
    )
    return 0


def _train_core(args: argparse.Namespace, out: Path) -> int:
    from unspin.train.core_recipe import continue_core, train_core

    if args.start_from is not None:
        if not (args.start_from / "model-best" / "meta.json").is_file() or args.max_steps is None:
            raise InputError(
                f"cannot go on from {args.start_from}",
                fix="pass an `unspin train core` output folder (with model-best/) and --max-steps N",
            )
        result = continue_core(args.start_from, out, max_steps=args.max_steps)
        print(f"best pipeline: {result.best} (this piece took {result.seconds / 60:.1f} min)")
        print(f"model card: {result.best / 'MODEL_CARD.md'}")
        return 0
    if args.vectors is not None and not (args.vectors / "vocab").is_dir():
        raise InputError(f"not a spaCy vectors folder: {args.vectors}", fix="build it with `unspin train vectors`")
    _check_teacher(args.teacher)
    if args.tok2vec is not None and (not args.tok2vec.is_file() or args.vectors is None):
        raise InputError(
            f"cannot start the encoder from {args.tok2vec}",
            fix="pass the tok2vec.bin of `unspin train tok2vec --vectors V`, with the same --vectors V",
        )
    if args.parser_teacher is not None and not (args.parser_teacher / "scorers.pt").is_file():
        raise InputError(
            f"not a parser teacher folder: {args.parser_teacher}", fix="train it with `unspin train parser-teacher`"
        )
    result = train_core(
        out,
        max_steps=args.max_steps,
        sample=args.sample,
        data_root=args.data,
        vectors=args.vectors,
        teacher=args.teacher,
        parser_teacher=args.parser_teacher,
        tok2vec=args.tok2vec,
    )
    return _trained("best pipeline", result)


def _check_teacher(teacher: Path | None) -> None:
    """An InputError with the fix when ``teacher`` is given and is no NER teacher folder."""
    from unspin.train.ner_teacher import is_teacher_folder

    if teacher is not None and not is_teacher_folder(teacher):
        raise InputError(f"not a NER teacher folder: {teacher}", fix="train it with `unspin train ner-teacher`")


def _trained(what: str, result: TrainResult) -> int:
    """Say where a trained spaCy pipeline and its model card are."""
    print(f"{what}: {result.best} (training took {result.seconds / 60:.1f} min)")
    print(f"model card: {result.best / 'MODEL_CARD.md'}")
    return 0


def _train_head(args: argparse.Namespace, out: Path) -> int:
    """The MiniLM heads: the attribution head (PolNeAR) or the rhetoric head (PTC), then export and card."""
    if args.model == "statements":
        from unspin.train import attribution_head as recipe

        record, name, figure = (
            "head.json",
            "attribution head",
            ("dev_metrics", "content overlap", "PolNeAR dev content overlap"),
        )
    else:
        from unspin.train import rhetoric_head as recipe  # type: ignore[no-redef]

        record, name, figure = (
            recipe.RECORD_FILE,
            "rhetoric head",
            ("validation_metrics", "span identification (SI)", "PTC validation span identification"),
        )
    if args.start_from is not None and not (args.start_from / record).is_file():
        raise InputError(f"not a {name} folder: {args.start_from}", fix="pass the --out of an earlier run")
    if args.teacher is not None and not (args.teacher / "labels.json").is_file():
        raise InputError(f"not a {name}'s ONNX folder: {args.teacher}", fix="pass the onnx/ folder of a trained head")
    trunk = {}
    if args.trunk is not None:
        if args.model != "statements" or args.start_from or args.layers or args.teacher:
            raise InputError(
                "--trunk trains a new attribution head's top layers",
                fix="use it with `unspin train statements` alone (no --start-from, --layers or --teacher)",
            )
        if not (args.trunk / "labels.json").is_file():
            raise InputError(f"not a tagger's ONNX folder: {args.trunk}", fix="pass e.g. src/unspin/models/rhetoric")
        trunk = {"trunk": args.trunk, "trunk_layers": args.trunk_layers}
    epochs = {"epochs": args.epochs} if args.epochs is not None else {}
    head = recipe.train_head(
        out,
        args.data,
        limit=args.sample,
        start_from=args.start_from,
        layers=args.layers,
        teacher=args.teacher,
        **trunk,
        **epochs,
    )
    print(f"{name}: {out} ({head.windows} windows, {head.steps} steps, {head.seconds / 60:.1f} min)")
    card = recipe.finish_head(out, args.data, limit=args.sample)
    f1 = card[figure[0]][figure[1]]["f1"]
    print(f"ONNX model and card: {out / 'onnx'} ({figure[2]} F1 {f1:.3f}, head alone)")
    return 0
