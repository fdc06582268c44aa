"""`unspin schema`: print the JSON Schema every output line validates against."""

from __future__ import annotations

import argparse
import sys

from unspin.schema import load_schema, render_schema


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "schema",
        help="print the JSON Schema of the output",
        description="Print the JSON Schema (draft 2020-12) of `unspin analyze` output: a document or a rejection.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(render_schema(load_schema()))
    return 0
