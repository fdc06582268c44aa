"""`unspin eval`: accuracy of the pipeline on a named benchmark, per section."""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from unspin.cli.options import add_pipeline_options, build_pipeline
from unspin.errors import ConfigError, InputError
from unspin.evaluate import SUITES, get_suite
from unspin.evaluate.scoring import EvalReport


def add_parser(commands: argparse._SubParsersAction) -> None:
    suites = "; ".join(f"{name}: {about}" for name, (_, about) in sorted(SUITES.items()))
    parser = commands.add_parser(
        "eval",
        help="measure accuracy on a benchmark (precision / recall / F1 per section)",
        description=f"Run the pipeline on benchmark data and score it. Suites: {suites}.",
    )
    parser.add_argument("suite", choices=sorted(SUITES), help="which benchmark format the data is in")
    parser.add_argument("--data", required=True, type=Path, metavar="PATH", help="the benchmark's file or folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object: section -> metric -> value")
    parser.add_argument("--misses", action="store_true", help="also list the gold items that were missed")
    parser.add_argument(
        "--predictions",
        type=Path,
        metavar="DIR",
        help="also write the predictions in the benchmark's own submission format (suites that have one)",
    )
    add_pipeline_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.data.exists():
        raise InputError(f"{args.data} does not exist.", fix="Point --data at the benchmark's file or folder.")
    suite = get_suite(args.suite)
    if args.predictions is None:
        report = suite(args.data, build_pipeline(args))
    elif "predictions" in inspect.signature(suite).parameters:
        args.predictions.mkdir(parents=True, exist_ok=True)
        report = suite(args.data, build_pipeline(args), predictions=args.predictions)
    else:
        raise ConfigError(
            f"The {args.suite} suite has no submission format to write.", fix="Drop --predictions for this suite."
        )
    if args.json:
        json.dump(report.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_report(report, Console(highlight=False), show_misses=args.misses)
    return 0


def print_report(report: EvalReport, console: Console, *, show_misses: bool) -> None:
    table = Table(title=f"unspin eval {report.suite} on {report.data}")
    table.add_column("section", no_wrap=True)
    for column in ("precision", "recall", "F1", "found / gold", "predicted"):
        table.add_column(column, justify="right", no_wrap=True)
    for name, score in report.sections.items():
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            f"{score.true_positives} / {score.gold_total}",
            str(score.predicted_total),
        )
    console.print(table)
    for name, score in report.sections.items():
        if score.extra:
            console.print(f"[bold]{name}[/bold]: " + ", ".join(f"{key} {value}" for key, value in score.extra.items()))
    if show_misses:
        for name, score in report.sections.items():
            for miss in score.misses:
                console.print(f"[dim]{name}[/dim] missed: {miss}")
