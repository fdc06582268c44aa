"""Evaluation suites: one adapter per benchmark format, all reporting through :mod:`scoring`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from unspin.errors import ConfigError
from unspin.evaluate.scoring import EvalReport
from unspin.pipeline import Pipeline

Suite = Callable[[Path, Pipeline], EvalReport]


def _seed_suite(data: Path, pipeline: Pipeline) -> EvalReport:
    from unspin.evaluate.seed import load_seed, score_seed

    doc, gold = load_seed(data)
    return score_seed(pipeline(doc), gold, str(data))


SUITES: dict[str, tuple[Suite, str]] = {
    "seed": (
        _seed_suite,
        "a hand-written gold analysis of one article (folder with article.txt, meta.json, gold.json)",
    ),
}


def get_suite(name: str) -> Suite:
    if name not in SUITES:
        raise ConfigError(f"No eval suite is called {name!r}.", fix=f"Choose one of: {', '.join(sorted(SUITES))}.")
    return SUITES[name][0]
