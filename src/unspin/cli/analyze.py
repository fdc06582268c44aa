"""`unspin analyze`: one article to a report or JSON; a folder or corpus to JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from unspin.batch import run_batch
from unspin.cli.options import add_metadata_options, add_pipeline_options, build_pipeline
from unspin.errors import InputError
from unspin.ingest import is_batch_input, iter_inputs, read_article
from unspin.ingest.text import DEFAULT_MAX_BYTES
from unspin.report.terminal import render_report


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "analyze",
        help="analyse an article (text or HTML) or a whole corpus",
        description=(
            "Analyse one article (a .txt or .html file, or - for standard input) and print a report, or "
            "analyse a folder, .jsonl or .csv corpus into one JSON line per article (--out). Articles that "
            "cannot be analysed become rejection records; the run goes on."
        ),
    )
    parser.add_argument("input", metavar="INPUT", help="article file, '-' for stdin, a folder, or a .jsonl/.csv corpus")
    parser.add_argument(
        "--format",
        choices=("report", "json"),
        default="report",
        help="for one article: a readable report (default) or the full analysis as JSON",
    )
    parser.add_argument("--out", metavar="PATH", help="write JSON (one line per article for a corpus) to PATH")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on long runs")
    parser.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_MAX_BYTES / 1_000_000,
        metavar="MB",
        help="refuse articles larger than this many megabytes (default %(default)g)",
    )
    add_metadata_options(parser)
    add_pipeline_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    overrides = {
        "published": args.published,
        "outlet": args.outlet,
        "url": args.url,
        "max_bytes": int(args.max_mb * 1_000_000),
    }
    if args.input != "-" and is_batch_input(Path(args.input)):
        return _run_batch(args, overrides)
    doc = read_article(args.input, **overrides)
    if doc.meta.published is None:
        print(
            'unspin: note: no publication date is known, so relative dates ("on Monday", "last week") stay '
            "unresolved; pass --published YYYY-MM-DD to resolve them.",
            file=sys.stderr,
        )
    doc = build_pipeline(args)(doc)
    if args.out:
        Path(args.out).write_text(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"unspin: wrote the analysis of {doc.id} to {args.out}", file=sys.stderr)
    if args.format == "json" and not args.out:
        json.dump(doc.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "report":
        render_report(doc, Console(highlight=False))
    return 0


def _run_batch(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    if not args.out:
        raise InputError(
            f"{args.input} is a corpus of several articles.",
            fix="Add --out results.jsonl (or --out - for standard output) to write one JSON line per article.",
        )
    pipeline = build_pipeline(args)
    items = iter_inputs(Path(args.input), **overrides)
    if args.out == "-":
        summary = run_batch(pipeline, items, sys.stdout, progress=not args.no_progress)
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            summary = run_batch(pipeline, items, out, progress=not args.no_progress)
    print(
        f"unspin: {summary.analysed} analysed, {summary.rejected} rejected in {summary.seconds:.1f} s"
        + (f"; results in {args.out}" if args.out != "-" else ""),
        file=sys.stderr,
    )
    return 0
