"""`unspin export`: the events of analysed articles as ACLED-style CSV rows or JSON lines."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from unspin.document import Document
from unspin.errors import InputError
from unspin.event_export import COLUMNS, acled_rows, event_records

FORMATS = ("acled-csv", "jsonl")


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "export",
        help="export the events of analysed articles (ACLED-style CSV or JSON lines)",
        description=(
            "Read analyses written by `unspin analyze` (one article's JSON from --format json, or a corpus's "
            "JSON lines from --out) and export their events. acled-csv: one row per event and place, with "
            "ACLED's column names followed by unspin's (article, PLOVER category, status, who asserts the "
            "event, character spans of the evidence). jsonl: one line per event with its places, time and "
            "quantities written out. Rejection records in the input are counted and listed, not exported."
        ),
    )
    parser.add_argument("input", metavar="ANALYSIS", type=Path, help="a .json or .jsonl file from `unspin analyze`")
    parser.add_argument("--format", choices=FORMATS, default="acled-csv", help="output format (default %(default)s)")
    parser.add_argument("--out", metavar="PATH", type=Path, help="write to PATH instead of standard output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.input.is_file():
        raise InputError(
            f"{args.input} is not a file.",
            fix="Pass the JSON or JSONL written by `unspin analyze`.",
            code="missing_path",
        )
    out: IO[str] = args.out.open("w", encoding="utf-8", newline="") if args.out else sys.stdout
    rejected: list[str] = []
    try:
        documents = _documents(args.input, rejected)
        rows = _write_csv(documents, out) if args.format == "acled-csv" else _write_jsonl(documents, out)
    finally:
        if args.out:
            out.close()
    for note in rejected:
        print(f"unspin export: {note}", file=sys.stderr)
    where = f" to {args.out}" if args.out else ""
    print(f"unspin export: {rows} {'rows' if args.format == 'acled-csv' else 'events'}{where}", file=sys.stderr)
    return 0


def _documents(path: Path, rejected: list[str]) -> Iterator[Document]:
    """The analysed documents in ``path``; rejection records and unreadable lines are noted in ``rejected``."""
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("{") and "\n{" not in stripped.rstrip():
        lines = [(1, stripped)]  # one article's JSON, possibly pretty-printed over many lines
    else:
        lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    for number, line in lines:
        try:
            data: Any = json.loads(line)
        except json.JSONDecodeError as error:
            rejected.append(f"{path}:{number}: not JSON ({error.msg}); skipped")
            continue
        if not isinstance(data, dict):
            rejected.append(f"{path}:{number}: not an analysis record; skipped")
        elif data.get("rejected"):
            rejected.append(
                f"{path}:{number}: article {data.get('id')!r} was rejected at analysis ({data.get('code')})"
            )
        elif "layers" not in data or "text" not in data:
            raise InputError(
                f"{path}:{number} is not an analysis (it has no text and layers).",
                fix="Run `unspin analyze` first and export its output.",
            )
        else:
            yield Document.from_dict(data)


def _write_csv(documents: Iterator[Document], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    rows = 0
    for doc in documents:
        for row in acled_rows(doc):
            writer.writerow(row)
            rows += 1
    return rows


def _write_jsonl(documents: Iterator[Document], out: IO[str]) -> int:
    events = 0
    for doc in documents:
        for record in event_records(doc):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            events += 1
    return events
