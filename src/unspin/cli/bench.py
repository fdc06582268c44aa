"""`unspin bench`: articles/s, words/s, peak memory and each stage's share of the time."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from itertools import islice
from pathlib import Path

from rich.console import Console
from rich.table import Table

from unspin.cli.options import add_pipeline_options, build_pipeline
from unspin.document import Document
from unspin.errors import InputError
from unspin.ingest import iter_inputs


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "bench",
        help="measure speed and memory of the full pipeline on a folder or corpus",
        description=(
            "Analyse every article under PATH (a folder, .jsonl or .csv) in this one process and report "
            "articles/s, words/s, peak memory (resident set size) and each stage's share of the time and its own "
            "words/s (with --config configs/core.toml, tokens.core.v1 is the core spaCy pipeline on its own). "
            "Loading (gazetteers, models) is timed separately from analysis."
        ),
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="folder of .txt/.html files, or a .jsonl/.csv corpus")
    parser.add_argument("--limit", type=int, metavar="N", help="analyse at most N articles")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    add_pipeline_options(parser)
    parser.set_defaults(run=run)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(args: argparse.Namespace) -> int:
    if not args.path.exists():
        raise InputError(f"{args.path} does not exist.", fix="Point bench at a folder of articles or a corpus file.")
    started = time.perf_counter()
    pipeline = build_pipeline(args)
    load_seconds = time.perf_counter() - started
    docs = [item for item in islice(iter_inputs(args.path), args.limit) if isinstance(item, Document)]
    if not docs:
        raise InputError(
            f"No readable article under {args.path}.", fix="Give a folder of .txt/.html files or a corpus."
        )
    words = sum(len(doc.text.split()) for doc in docs)
    started = time.perf_counter()
    for doc in docs:
        pipeline(doc)
    seconds = time.perf_counter() - started
    figures = {
        "path": str(args.path),
        "articles": len(docs),
        "words": words,
        "load_seconds": round(load_seconds, 3),
        "analysis_seconds": round(seconds, 3),
        "articles_per_second": round(len(docs) / seconds, 2),
        "words_per_second": round(words / seconds),
        "peak_memory_mb": round(_peak_rss_mb(), 1),
        "stage_seconds": {name: round(value, 4) for name, value in pipeline.timings.items()},
        "stage_words_per_second": {name: round(words / value) for name, value in pipeline.timings.items() if value},
    }
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    console = Console(highlight=False)
    console.print(
        f"{len(docs)} articles, {words:,} words from {args.path}\n"
        f"load {load_seconds:.2f} s · analysis {seconds:.2f} s · "
        f"[bold]{len(docs) / seconds:.2f} articles/s[/bold] · {words / seconds:,.0f} words/s · "
        f"peak memory {figures['peak_memory_mb']:.0f} MB"
    )
    table = Table(title="time per stage")
    for column in ("stage", "seconds", "share", "ms / article", "words / s"):
        table.add_column(column, justify="right")
    total = sum(pipeline.timings.values()) or 1.0
    for name, value in sorted(pipeline.timings.items(), key=lambda item: -item[1]):
        table.add_row(
            name,
            f"{value:.3f}",
            f"{100 * value / total:.1f}%",
            f"{1000 * value / len(docs):.1f}",
            f"{words / value:,.0f}" if value else "-",
        )
    console.print(table)
    return 0
