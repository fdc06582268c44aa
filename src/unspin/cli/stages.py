"""`unspin stages`: the registered stages, what each produces and requires, and the default pipeline."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from unspin.config import DEFAULT_STAGES
from unspin.registry import all_stages


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "stages",
        help="list the registered stages",
        description="List every registered stage with the layer it produces and the layers it requires.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    table = Table(title="Registered stages (* = in the default pipeline)")
    table.add_column("stage", no_wrap=True)
    table.add_column("produces", no_wrap=True)
    for column in ("requires", "what it does"):
        table.add_column(column, overflow="fold")
    for spec in all_stages():
        marker = "*" if spec.name in DEFAULT_STAGES else " "
        table.add_row(f"{marker} {spec.name}", spec.produces, ", ".join(spec.requires) or "-", spec.description)
    Console(highlight=False).print(table)
    return 0
