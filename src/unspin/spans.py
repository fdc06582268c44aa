"""Character spans into a document's text: the one place that validates offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise TypeError(f"Span offsets must be integers, got {self.start!r}, {self.end!r}")
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"Span({self.start}, {self.end}) is not a valid range")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        """The substring of ``text`` this span covers."""
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def shifted(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)


def check_span(span: Span, text: str, *, where: str = "") -> None:
    """Raise ``ValueError`` unless ``span`` lies inside ``text``.

    Every stage's output passes through here before it is stored in a document layer.
    """
    if span.end > len(text):
        location = f" in {where}" if where else ""
        raise ValueError(f"{span} runs past the end of the text ({len(text)} characters){location}")


def stripped(text: str, start: int, end: int) -> Span:
    """The span ``[start, end)`` narrowed so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
