"""Personal names and titles: what the entities and coref stages share to recognise and match persons.

Titles ("President", "Prime Minister", "Gen.") mark the name after them as a person and sometimes
say the gender ("Mr.", "Queen"); a short list of given names gives the gender of untitled names.
Both lexicons live in ``unspin/data`` (``titles.tsv``, ``given_names.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Gender = Literal["male", "female"]
_POSSESSIVE_END = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Title:
    """A title as the words it is written with ("Prime", "Minister") and the gender it implies."""

    words: tuple[str, ...]
    gender: Gender | None

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _rows(filename: str) -> list[list[str]]:
    text = resources.files("unspin.data").joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _gender(value: str) -> Gender | None:
    value = value.strip()
    if value == "male":
        return "male"
    if value == "female":
        return "female"
    return None


@cache
def titles() -> dict[tuple[str, ...], Title]:
    """Every title, keyed by its words; an abbreviation also without its full stops ("Dr Joseph", "Lt Col"),
    as British and web text write them."""
    table: dict[tuple[str, ...], Title] = {}
    for row in _rows("titles.tsv"):
        words = tuple(row[0].split())
        gender = _gender(row[1] if len(row) > 1 else "")
        table[words] = Title(words, gender)
        unstopped = tuple(word.removesuffix(".") for word in words)
        table.setdefault(unstopped, Title(unstopped, gender))
    return table


@cache
def title_abbreviations() -> frozenset[str]:
    """Title words written with a full stop ("Gen", "Mr"), without the stop."""
    return frozenset(w[:-1] for words in titles() for w in words if w.endswith("."))


@cache
def _longest_title() -> int:
    return max(len(words) for words in titles())


def title_at(words: Sequence[str], start: int) -> Title | None:
    """The longest title that ``words`` spell from ``start``, matched case-sensitively."""
    table = titles()
    for size in range(min(_longest_title(), len(words) - start), 0, -1):
        title = table.get(tuple(words[start : start + size]))
        if title is not None:
            return title
    return None


EDGE_WORDS = frozenset({"of", "the", "and", "for", "at", "in", "on", "to", "by", "with", "a", "an", "-", ","})
"""Words no name starts or ends with ("of" in "President of the United States", "the" in "the Weekly Standard")."""


def after_titles(words: Sequence[str], start: int, end: int) -> int:
    """Where a person's name in ``words[start:end]`` begins once its titles are skipped ("President", "Prime
    Minister"), as NER conventions write names; a title is never the whole span."""
    while (title := title_at(words, start)) is not None and start + len(title.words) < end:
        start += len(title.words)
    return start


@cache
def title_heads() -> frozenset[str]:
    """The last words of titles in lower case ("president", "minister"): what "the president" refers by."""
    abbreviations = title_abbreviations()
    return frozenset(
        words[-1].lower() for words in titles() if not words[-1].endswith(".") and words[-1] not in abbreviations
    )


@cache
def given_names() -> dict[str, Gender]:
    """Given names and their usual gender."""
    return {row[0].strip(): g for row in _rows("given_names.tsv") if (g := _gender(row[1] if len(row) > 1 else ""))}


def person_gender(name: str, person_titles: Sequence[str]) -> Gender | None:
    """The gender a person's titles or first given name imply, or None when nothing says."""
    for title_text in person_titles:
        title = titles().get(tuple(title_text.split()))
        if title is not None and title.gender is not None:
            return title.gender
    first = name.split()[0] if name.split() else ""
    return given_names().get(first)


def name_gender(name: str) -> Gender | None:
    """The gender of a name's first gendered title or known given name ("Sen. Elizabeth Warren", "Mrs.
    Clinton": female; "Mr. Obama's": male), or None when nothing in it says."""
    words = name.split()
    for index, word in enumerate(words):
        title = title_at(words, index)
        if title is not None and title.gender is not None:
            return title.gender
        given = given_names().get(_POSSESSIVE_END.sub("", word).strip(",.;:()"))
        if given is not None:
            return given
    return None


def is_short_form(short: str, full: str) -> bool:
    """Whether ``short`` names the same person as ``full``: its surname, or a prefix-and-surname subset.

    "Aliyev" and "Ilham Aliyev" match; "John Kerry" and "John F. Kerry" match; "Ilham" alone does not
    (a bare given name is too ambiguous to merge).
    """
    short_words, full_words = short.split(), full.split()
    if not short_words or not full_words or short_words[-1] != full_words[-1]:
        return False
    remaining = iter(full_words)
    return all(word in remaining for word in short_words)
