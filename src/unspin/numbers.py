"""Numbers as news text writes them: digits with separators, number words, scales and vague plurals.

Shared by the times stage ("two days ago", "the past 24 hours") and the quantities stage ("30,000",
"one million", "twenty-five", "a dozen", "hundreds of"). :data:`NUMBER_PATTERN` finds a number;
:func:`parse_number` turns the matched text into a value.
"""

from __future__ import annotations

import re

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21,
}  # fmt: skip
"""Ordinal words, used for centuries ("the nineteenth century"); ordinals are never quantities."""

VAGUE_PLURALS = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
                 "billions": 1_000_000_000, "tens": 10}  # fmt: skip
"""Plural scales ("hundreds of people"): the value is the scale, a lower bound (qualifier ``more_than``)."""

_WORD = "|".join(sorted([*SMALL, *TENS, *SCALES, "dozen"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+|\d+(?:\.\d+)?"
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
_SCALE = r"(?:hundred|thousand|million|billion|trillion|dozen)"
_AFTER_SCALE = "|".join(f"(?<={scale})" for scale in SCALES)
_WORDS = rf"(?:{_WORD})(?:(?:[\s-]+|(?:{_AFTER_SCALE})\s+and\s+)(?:{_WORD})\b)*"
_VAGUE = (
    r"(?:dozens|hundreds|thousands|millions|billions|(?:tens|scores)(?=\s+of\b))"
    r"(?:\s+of\s+(?:thousands|millions|billions))?"
)

NUMBER_PATTERN = re.compile(
    rf"(?<![\w.,-])(?:"
    rf"(?P<digits>{_DIGITS})(?:\s+(?P<dscale>(?:{_SCALE})(?:\s+{_SCALE})?))?(?![\w])"
    rf"|(?P<half>half\s+a\s+(?:{_SCALE}))\b"
    rf"|(?P<a>an?\s+(?:{_SCALE}))\b"
    rf"|(?P<vague>{_VAGUE})\b"
    rf"|(?P<words>{_WORDS})\b"
    rf")",
    re.IGNORECASE,
)
"""A number: "30,000", "2 000", "1.5 million", "twenty-five", "a hundred and five", "a dozen", "hundreds of".

Digits glued to letters or hyphens ("G20", "F-16") are not matched: they belong to names.
"""


def parse_number(text: str) -> float | None:
    """The value of a number as :data:`NUMBER_PATTERN` matches it; None when the words make no number."""
    words = _GROUP_SPACE.sub("", text).lower().replace("-", " ").replace(",", "").split()
    if not words:
        return None
    if words[0] == "half":
        rest = parse_number(" ".join(words[1:]))
        return None if rest is None else rest / 2
    if words[0] in ("a", "an"):
        words = ["one", *words[1:]]
    if words[0] in VAGUE_PLURALS:
        value = float(VAGUE_PLURALS[words[0]])
        return value * VAGUE_PLURALS[words[-1]] if len(words) > 2 else value
    total = 0.0
    current: float | None = None
    for word in words:
        if word == "and":
            continue
        number = _as_float(word)
        if number is not None:
            if current is not None:
                return None
            current = number
        elif word in SMALL or word in TENS:
            value = SMALL.get(word, TENS.get(word, 0))
            if current is not None and not (current % 100 == 0 or (current >= 20 and current % 10 == 0 and value < 10)):
                return None  # "one two", "twenty thirty": not one number
            current = (current or 0) + value
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = None
        else:
            return None
    return total + (current or 0)


def _as_float(word: str) -> float | None:
    try:
        return float(word)
    except ValueError:
        return None
