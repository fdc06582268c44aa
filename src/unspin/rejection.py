"""A rejection: one input item (file, corpus row) that could not be turned into a document.

Batch runs write one JSON line per input item; a rejection takes the place of the analysis so that
nothing is lost silently, and says what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from unspin.errors import UnspinError
from unspin.serialization import to_data


@dataclass(frozen=True)
class Rejection:
    """Item ``id`` was not analysed: ``code`` (machine-readable) and ``reason`` (ends with the fix).

    ``source`` locates the item: a file path, or ``path:line`` for a corpus row. ``rejected`` is always
    true: it tells a rejection line from an analysed document in the output.
    """

    id: str
    code: str
    reason: str
    source: str | None = None
    rejected: Literal[True] = field(default=True, init=False)

    @classmethod
    def from_error(cls, item_id: str, error: UnspinError, source: str | None = None) -> Rejection:
        return cls(item_id, error.code, str(error), source)

    def to_dict(self) -> dict[str, Any]:
        return to_data(self)
