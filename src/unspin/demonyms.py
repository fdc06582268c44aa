"""Demonyms and country adjectives ("Armenian", "Azerbaijanis") and the country they belong to.

They name people and qualities, never places: the places stage skips them, the entities stage types
them as groups, and actor normalisation reads the country from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Demonym:
    word: str
    adjective: str
    country: str | None
    plural: bool


@cache
def demonym_table() -> dict[str, Demonym]:
    """Every demonym form (adjective and plurals), keyed by its exact spelling."""
    table: dict[str, Demonym] = {}
    text = resources.files("unspin.data").joinpath("demonyms.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        adjective, plurals, country = [*line.split("\t"), "", ""][:3]
        code = country.strip() or None
        table[adjective] = Demonym(adjective, adjective, code, plural=False)
        for plural in filter(None, (p.strip() for p in plurals.split(","))):
            table.setdefault(plural, Demonym(plural, adjective, code, plural=True))
    return table


def lookup_demonym(word: str) -> Demonym | None:
    """The demonym ``word`` spells, if any (case-sensitive: "turkish" in lower case is not one)."""
    return demonym_table().get(word)
