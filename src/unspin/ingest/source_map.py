"""The offset map from text extracted out of an HTML page back to the page's source.

The page's visible text is rebuilt from the source (markup dropped, character references decoded),
remembering where each piece came from. The extracted text is then aligned with it run by run:
a run of words is searched forward from the last match, and each following word is taken when it
comes next in the page, whatever white space or tags lie between. Only characters written literally
in the source are mapped, so every segment's source slice equals its text slice; decoded references
(``&amp;``) and words the extractor rewrote stay unmapped.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from unspin.document import SourceSegment

_MARKUP = re.compile(
    r"<!--.*?(?:-->|$)"
    r"|<!\[CDATA\[.*?(?:\]\]>|$)"
    r"|<(script|style|title|noscript|template|textarea)\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>.*?(?:</\1\s*>|$)"
    r"|</?[a-zA-Z](?:\"[^\"]*\"|'[^']*'|[^'\">])*>"
    r"|<[!?][^>]*>"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?",
    re.S | re.I,
)
_WORD = re.compile(r"\S+")
_ANCHOR_WORDS = 6
_SHORT_ANCHOR_CHARS = 20
_SHORT_ANCHOR_REACH = 3000


@dataclass(frozen=True)
class _Piece:
    """Visible characters from ``visible_start`` on came from ``source_start``; ``literal`` when copied as is."""

    visible_start: int
    source_start: int
    literal: bool


class VisibleText:
    """The text a browser would show for ``source`` (white space uncollapsed), with its source positions."""

    def __init__(self, source: str) -> None:
        parts: list[str] = []
        self.pieces: list[_Piece] = []
        length = 0
        position = 0
        for match in _MARKUP.finditer(source):
            if match.start() > position:
                self.pieces.append(_Piece(length, position, True))
                parts.append(source[position : match.start()])
                length += match.start() - position
            token = match.group()
            if token.startswith("&"):
                decoded = html.unescape(token)
                self.pieces.append(_Piece(length, match.start(), decoded == token))
                parts.append(decoded)
                length += len(decoded)
            position = match.end()
        if position < len(source):
            self.pieces.append(_Piece(length, position, True))
            parts.append(source[position:])
        self.text = "".join(parts)
        self._starts = [piece.visible_start for piece in self.pieces]

    def segments(self, text_start: int, visible_start: int, length: int) -> list[SourceSegment]:
        """The literal parts of visible ``[visible_start, +length)``, matched to text from ``text_start``."""
        segments = []
        end = visible_start + length
        index = bisect.bisect_right(self._starts, visible_start) - 1
        while index < len(self.pieces) and self.pieces[index].visible_start < end:
            piece = self.pieces[index]
            piece_end = self._starts[index + 1] if index + 1 < len(self.pieces) else len(self.text)
            start, stop = max(visible_start, piece.visible_start), min(end, piece_end)
            if piece.literal and stop > start:
                source_start = piece.source_start + start - piece.visible_start
                segments.append(SourceSegment(text_start + start - visible_start, source_start, stop - start))
            index += 1
        return segments


def build_source_map(text: str, source: str) -> tuple[SourceSegment, ...]:
    """Segments mapping runs of ``text`` (extracted from the HTML ``source``) to their source offsets."""
    visible = VisibleText(source)
    matches = _align(text, visible.text)
    segments: list[SourceSegment] = []
    for text_start, visible_start, length in matches:
        for segment in visible.segments(text_start, visible_start, length):
            if segments and _continues(segments[-1], segment):
                last = segments[-1]
                segments[-1] = SourceSegment(last.text_start, last.source_start, last.length + segment.length)
            else:
                segments.append(segment)
    return tuple(segments)


def _align(text: str, visible: str) -> list[tuple[int, int, int]]:
    """``(text_start, visible_start, length)`` runs where ``text`` and ``visible`` hold the same characters."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    lines = _line_numbers(text, words)
    runs: list[tuple[int, int, int]] = []
    cursor = 0
    index = 0
    while index < len(words):
        found = _anchor(text, visible, words, lines, index, cursor)
        if found is None:
            index += 1
            continue
        position = found
        previous: tuple[int, int] | None = None
        while index < len(words):
            start, end = words[index]
            if previous is not None:
                position = _skip_space(visible, position)
                if not visible.startswith(text[start:end], position):
                    break
                gap_text, gap_visible = text[previous[0] : start], visible[previous[1] : position]
                if gap_text == gap_visible:
                    start, position = previous
            runs.append((start, position, end - start))
            position += end - start
            previous = (end, position)
            index += 1
        cursor = position
    return runs


def _anchor(
    text: str, visible: str, words: list[tuple[int, int]], lines: list[int], index: int, cursor: int
) -> int | None:
    """Where in ``visible`` the run of words from ``index`` (within its line) starts, searching on from ``cursor``."""
    last = index
    while last + 1 < len(words) and last + 1 - index < _ANCHOR_WORDS and lines[last + 1] == lines[index]:
        last += 1
    pattern = re.compile(r"\s*".join(re.escape(text[start:end]) for start, end in words[index : last + 1]))
    short = words[last][1] - words[index][0] < _SHORT_ANCHOR_CHARS
    match = pattern.search(visible, cursor, cursor + _SHORT_ANCHOR_REACH if short else len(visible))
    return match.start() if match else None


def _line_numbers(text: str, words: list[tuple[int, int]]) -> list[int]:
    numbers, line, position = [], 0, 0
    for start, _ in words:
        line += text.count("\n", position, start)
        position = start
        numbers.append(line)
    return numbers


def _skip_space(visible: str, position: int) -> int:
    while position < len(visible) and visible[position].isspace():
        position += 1
    return position


def _continues(last: SourceSegment, segment: SourceSegment) -> bool:
    return (
        segment.text_start == last.text_start + last.length and segment.source_start == last.source_start + last.length
    )
