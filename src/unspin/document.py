"""The document: one immutable article text, its metadata, and the layers the stages add."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from unspin.annotations import LAYERS
from unspin.errors import InputError
from unspin.serialization import from_data, to_data
from unspin.spans import Span

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Meta:
    """What is known about an article besides its text."""

    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class SourceSegment:
    """``length`` characters of the text starting at ``text_start`` came from ``source_start`` in the source."""

    text_start: int
    source_start: int
    length: int


@dataclass
class Document:
    """An article under analysis.

    ``text`` never changes after ingestion. Each stage adds one entry to ``layers`` (layer name ->
    tuple of annotation records). ``source_map`` maps text offsets back into the original HTML, when
    the text was extracted from a page.
    """

    id: str
    text: str
    meta: Meta = field(default_factory=Meta)
    layers: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    source_map: tuple[SourceSegment, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError("The article text is not a string.", fix="Pass decoded text to Document().")

    def layer(self, name: str) -> tuple[Any, ...]:
        """The records of layer ``name``; an empty tuple when no stage produced it."""
        return self.layers.get(name, ())

    def span_text(self, span: Span | None) -> str:
        return "" if span is None else span.of(self.text)

    def source_offset(self, offset: int) -> int | None:
        """The position in the original source of text offset ``offset`` (None when unmapped)."""
        for segment in self.source_map:
            if segment.text_start <= offset < segment.text_start + segment.length:
                return segment.source_start + offset - segment.text_start
        return None if self.source_map else offset

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "meta": to_data(self.meta),
            "text": self.text,
            "layers": {name: to_data(records, self.text) for name, records in self.layers.items()},
            "source_map": [[s.text_start, s.source_start, s.length] for s in self.source_map],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        layers = {
            name: tuple(from_data(LAYERS[name], item) for item in records)
            for name, records in data.get("layers", {}).items()
        }
        return cls(
            id=data["id"],
            text=data["text"],
            meta=from_data(Meta, data.get("meta", {})),
            layers=layers,
            source_map=tuple(SourceSegment(*seg) for seg in data.get("source_map", [])),
        )
