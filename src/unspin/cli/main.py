"""Entry point of the `unspin` command: parses arguments, dispatches, turns errors into exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from unspin import __version__
from unspin.cli import analyze, bench, check, evaluate, export, schema, stages, train
from unspin.errors import ConfigError, InputError, ModelError, UnspinError

COMMANDS = (analyze, export, evaluate, bench, schema, check, stages, train)

EXIT_CODES: dict[type[UnspinError], int] = {InputError: 2, ConfigError: 3, ModelError: 4}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unspin",
        description=(
            "Read news about conflicts and politics the way a careful analyst does: separate what happened "
            "(events, places, times, counts), who says so (statements and their speakers), and how the text "
            "persuades (techniques, scare quotes, naming). Every record points at its evidence in the text."
        ),
        epilog="Start with: unspin analyze ARTICLE.txt --published YYYY-MM-DD",
    )
    parser.add_argument("--version", action="version", version=f"unspin {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except UnspinError as error:
        print(f"unspin: error [{error.code}]: {error.reason}", file=sys.stderr)
        if error.fix:
            print(f"  what to do: {error.fix}", file=sys.stderr)
        return EXIT_CODES.get(type(error), next((c for t, c in EXIT_CODES.items() if isinstance(error, t)), 1))
    except KeyboardInterrupt:
        print("unspin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
