"""Progress of long loops (corpus suites, training epochs): a bar on stderr when it is a terminal, else a plain
line at every tenth of the way, so that a run in the background or under CI leaves its pace in the log."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")

LOGGED_STEPS = 10
"""How many plain progress lines a loop writes when stderr is not a terminal."""


def tracked(items: Sequence[T], description: str) -> Iterator[T]:
    """Yield ``items`` while a transient progress bar counts them (plain lines when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        yield from logged(items, description)
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        yield from progress.track(items, total=len(items), description=description)


def logged(items: Sequence[T], description: str) -> Iterator[T]:
    """Yield ``items``, writing ``description: done/total, seconds`` to stderr after each tenth of them (loops
    of fewer than :data:`LOGGED_STEPS` items write nothing: they are over before a line would help)."""
    total = len(items)
    marks = {round(total * k / LOGGED_STEPS) for k in range(1, LOGGED_STEPS + 1)} if total >= LOGGED_STEPS else set()
    started = time.perf_counter()
    for done, item in enumerate(items, 1):
        yield item
        if done in marks:
            print(f"{description}: {done}/{total}, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
