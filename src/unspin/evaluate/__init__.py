"""Evaluation suites: one adapter module per benchmark format, all reporting through :mod:`scoring`.

Each suite module defines ``run(data: Path, pipeline: Pipeline) -> EvalReport``; it is imported only
when its suite is asked for, so a suite's own dependencies never slow the others down.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from unspin.errors import ConfigError
from unspin.evaluate.scoring import EvalReport
from unspin.pipeline import Pipeline

Suite = Callable[[Path, Pipeline], EvalReport]

SUITES: dict[str, tuple[str, str]] = {
    "seed": (
        "unspin.evaluate.seed",
        "a hand-written gold analysis of one article (folder with article.txt, meta.json, gold.json)",
    ),
    "ptc": (
        "unspin.evaluate.ptc",
        "SemEval-2020 Task 11 propaganda techniques: the PTC folder (articles + labels); validation part by default",
    ),
    "geo": (
        "unspin.evaluate.geo",
        "geoparsing XML (LGL / TR-News): toponym P/R/F1, accuracy within 161 km end to end and given gold names",
    ),
    "timeml": (
        "unspin.evaluate.timeml",
        "TimeML .tml files (TimeBank, AQUAINT): TIMEX3 strict/relaxed span F1 and value accuracy",
    ),
    "plover": (
        "unspin.evaluate.plover",
        "PLOVER gold records (JSON): category accuracy and macro-F1 (2016 names mapped to 2021)",
    ),
    "wikievents": (
        "unspin.evaluate.wikievents",
        "WikiEvents .jsonl (KAIROS types mapped to PLOVER): event trigger and argument P/R/F1, conflict types",
    ),
    "polnear": (
        "unspin.evaluate.polnear",
        "PolNeAR split folder (text/ + attributions/): source, cue, content P/R/F1 and speaker accuracy",
    ),
    "coref": (
        "unspin.evaluate.coref",
        "GUM document folder (dep/*.conllu with Entity=): pronoun subjects of reporting verbs, antecedent accuracy",
    ),
    "ud": (
        "unspin.evaluate.ud",
        "a Universal Dependencies .conllu file: UPOS, XPOS, lemma, UAS, LAS and sentence F1 of the core pipeline "
        "(UAS and LAS also with the gold sentence boundaries given)",
    ),
    "ner": (
        "unspin.evaluate.ner",
        "Universal NER IOB2 files (PER/ORG/LOC) or GUM documents: exact-span named-entity P/R/F1 of the core "
        "(micro F1 also with the gold sentence boundaries given)",
    ),
}
"""Suite name -> (module defining ``run``, what data it reads)."""


def get_suite(name: str) -> Suite:
    if name not in SUITES:
        raise ConfigError(f"No eval suite is called {name!r}.", fix=f"Choose one of: {', '.join(sorted(SUITES))}.")
    return importlib.import_module(SUITES[name][0]).run
