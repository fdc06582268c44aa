"""Per-document progress for the corpus suites: a bar on stderr when it is a terminal, nothing otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")


def tracked(items: Sequence[T], description: str) -> Iterator[T]:
    """Yield ``items`` while a transient progress bar counts them (disabled when stderr is not a terminal)."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
    with progress:
        yield from progress.track(items, total=len(items), description=description)
