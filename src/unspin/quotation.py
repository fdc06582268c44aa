"""Quotation marks: pairing opening and closing marks of every common style.

Direct quotes, scare quotes and titles all start here. Pairs nest: the scare quote in
“dissolve the “parliament” – as if” is an inner pair of the outer speech quote, so it does not cut it.
"""

from __future__ import annotations

from dataclasses import dataclass

from unspin.spans import Span

OPENING = {"“": "”", "„": "“", "«": "»", "‹": "›", "‘": "’", '"': '"', "'": "'"}
"""Each opening mark and the mark that closes it."""

CLOSING = set(OPENING.values())
QUOTE_CHARACTERS = set(OPENING) | CLOSING


@dataclass(frozen=True)
class Quotation:
    """A pair of quotation marks: ``span`` includes the marks, ``inner`` is what they enclose."""

    span: Span
    inner: Span
    depth: int

    def words(self, text: str) -> int:
        return len(self.inner.of(text).split())


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _could_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word_char(before) and not after.isspace()


def _could_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not _is_word_char(after)


def find_quotations(text: str, *, across_paragraphs: bool = False) -> list[Quotation]:
    """Every balanced pair of quotation marks in ``text``, outer pairs before the pairs they contain.

    Apostrophes inside words ("Azerbaijan’s", "don't") are not quotation marks. Curly quotes whose
    direction is ambiguous (the same “ used to open and close, as some outlets do) are paired by
    position: a mark that can close the innermost open quote closes it. An unclosed quote ends at
    the end of its paragraph unless ``across_paragraphs`` is set.
    """
    pairs: list[Quotation] = []
    stack: list[tuple[int, str]] = []  # (offset of opening mark, expected closing mark)
    for i, ch in enumerate(text):
        if ch == "\n" and not across_paragraphs:
            stack.clear()
            continue
        if ch not in QUOTE_CHARACTERS:
            continue
        if (
            ch in ("'", "’")
            and i > 0
            and i + 1 < len(text)
            and _is_word_char(text[i - 1])
            and _is_word_char(text[i + 1])
        ):
            continue  # apostrophe inside a word
        closes = [level for level, (_, closer) in enumerate(stack) if _matches(closer, ch)]
        if closes and _could_close(text, i):
            level = closes[-1]
            start, _ = stack[level]
            del stack[level:]
            pairs.append(Quotation(Span(start, i + 1), Span(start + 1, i), level))
            continue
        if ch in OPENING and _could_open(text, i):
            if ch in ("'", "‘") and not stack:
                # single marks open only where no double quote is open around them or they start a phrase
                pass
            stack.append((i, OPENING[ch]))
    pairs.sort(key=lambda q: (q.span.start, -q.span.end))
    return pairs


def _matches(expected_closer: str, ch: str) -> bool:
    if ch == expected_closer:
        return True
    # outlets mix styles: a straight or curly double mark closes any double quote
    return expected_closer in {'"', "”", "“", "»"} and ch in {'"', "”", "“"}
