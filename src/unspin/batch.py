"""The batch runner: a pipeline over many inputs, one JSON line out per input item.

Every item yields exactly one line: the analysed document, or a rejection (``"rejected": true``)
for an input that could not be read or an analysis that failed. A failure in one document never
stops the run; unexpected exceptions are reported as ``internal_error`` with where they happened.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from unspin.document import Document
from unspin.errors import UnspinError
from unspin.rejection import Rejection

Analyse = Callable[[Document], Document]


@dataclass
class BatchSummary:
    """What a batch run wrote: ``analysed`` documents and ``rejected`` items, one line each.

    ``rejected`` counts every rejection line; ``failed`` is how many of them were documents whose
    analysis raised (the rest were inputs that could not be read).
    """

    analysed: int = 0
    rejected: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def written(self) -> int:
        return self.analysed + self.rejected

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "written": self.written}


def run_batch(
    pipeline: Analyse,
    items: Iterable[Document | Rejection],
    out: TextIO,
    *,
    progress: bool = True,
    total: int | None = None,
) -> BatchSummary:
    """Analyse each document of ``items`` with ``pipeline``, writing one JSON line per item to ``out``.

    A progress bar goes to standard error when ``progress`` is set and standard error is a terminal.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    summary = BatchSummary()
    started = time.perf_counter()
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not (progress and sys.stderr.isatty()),
    )
    with bar:
        task = bar.add_task("analysing", total=total)
        for item in items:
            line, outcome = _outcome(pipeline, item)
            out.write(line + "\n")
            out.flush()
            summary.analysed += outcome == "analysed"
            summary.rejected += outcome != "analysed"
            summary.failed += outcome == "failed"
            bar.update(
                task,
                advance=1,
                description=f"{summary.analysed} analysed, {summary.rejected} rejected",
            )
    summary.seconds = time.perf_counter() - started
    return summary


def _outcome(pipeline: Analyse, item: Document | Rejection) -> tuple[str, str]:
    """The JSON line for ``item`` and the summary count it adds to."""
    if isinstance(item, Rejection):
        return _json(item.to_dict()), "rejected"
    if not isinstance(item, Document):
        raise TypeError(f"run_batch takes Documents and Rejections, not {type(item).__name__}")
    try:
        return _json(pipeline(item).to_dict()), "analysed"
    except UnspinError as error:
        rejection = Rejection.from_error(item.id, error, item.meta.source)
    except Exception as error:
        rejection = Rejection(item.id, "internal_error", _describe(error), item.meta.source)
    return _json(rejection.to_dict()), "failed"


def _describe(error: Exception) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {error}{where}. This is a bug in unspin; please report it with this input."


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
