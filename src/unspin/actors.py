"""Actor normalisation: from the text's own label to a country and a sector.

"the Azerbaijani army" -> (AZ, military); "illegal Armenian armed gangs" -> (AM, rebel);
"officials from Azerbaijan" -> (AZ, government). Events keep both the label and this normal form;
the naming map groups labels by it. The sector words follow CAMEO/PLOVER actor types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from unspin.demonyms import lookup_demonym

SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "military": (
        "army",
        "armies",
        "military",
        "forces",
        "force",
        "troops",
        "soldiers",
        "soldier",
        "units",
        "unit",
        "navy",
        "air force",
        "defense ministry",
        "defence ministry",
        "ministry of defense",
        "ministry of defence",
        "servicemen",
        "peacekeepers",
        "warplanes",
        "aircraft",
        "peacekeeping",
    ),
    "rebel": (
        "separatists",
        "separatist",
        "rebels",
        "rebel",
        "insurgents",
        "insurgent",
        "militants",
        "militant",
        "gangs",
        "gang",
        "armed groups",
        "armed group",
        "detachment",
        "militia",
        "militias",
        "guerrillas",
        "terrorists",
        "terrorist",
        "fighters",
        "junta",
        "gunmen",
        "gunman",
        "assailants",
        "attackers",
    ),
    "government": (
        "government",
        "authorities",
        "officials",
        "official",
        "ministry",
        "minister",
        "ministers",
        "president",
        "prime minister",
        "parliament",
        "cabinet",
        "administration",
        "embassy",
        "state",
        "leadership",
        "regime",
        "diplomats",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "representative",
        "representatives",
        "mayor",
        "governor",
        "foreign ministry",
    ),
    "media": ("media", "news agency", "agency", "newspaper", "outlet", "outlets", "journalists", "reporters", "tv"),
    "civilians": (
        "civilians",
        "civilian",
        "residents",
        "population",
        "people",
        "villagers",
        "refugees",
        "idps",
        "displaced",
        "citizens",
        "settlers",
        "children",
        "women",
    ),
    "police": ("police", "policemen", "police officers", "security services", "border guards"),
    "opposition": ("opposition", "protesters", "protestors", "demonstrators", "activists"),
}


@dataclass(frozen=True)
class NormalActor:
    """The normal form of an actor label: who (country) and what kind (sector)."""

    actor: str
    country: str | None
    sector: str | None


@cache
def _sector_patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for sector, words in SECTOR_WORDS.items():
        for word in sorted(words, key=len, reverse=True):
            patterns.append((sector, re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)))
    patterns.sort(key=lambda item: -len(item[1].pattern))
    return patterns


@cache
def sector_of(label: str) -> str | None:
    """The sector the label's head words name, preferring the longest match ("defense ministry")."""
    best: tuple[tuple[int, int], str] | None = None
    for sector, pattern in _sector_patterns():
        for match in pattern.finditer(label):
            key = (match.end(), len(match.group()))
            if best is None or key > best[0]:
                best = (key, sector)
    return best[1] if best else None


def country_of(label: str, country_names: dict[str, str] | None = None) -> str | None:
    """The country a label names by demonym ("Armenian") or by name ("of Azerbaijan")."""
    for word in re.findall(r"[A-Z][\w’'-]*(?:\s[A-Z][\w’'-]*)?", label):
        for candidate in (word, word.split()[0], word.split()[-1]):
            demonym = lookup_demonym(candidate.removesuffix("’s").removesuffix("'s"))
            if demonym is not None:
                return demonym.country
            if country_names and candidate.removesuffix("’s").removesuffix("'s") in country_names:
                return country_names[candidate.removesuffix("’s").removesuffix("'s")]
    return None


def normalize_actor(label: str, country_names: dict[str, str] | None = None) -> NormalActor:
    """Country and sector of an actor label, and a readable normal form ("AZ military")."""
    country = country_of(label, country_names)
    sector = sector_of(label)
    actor = " ".join(part for part in (country, sector) if part) or label.strip()
    return NormalActor(actor, country, sector)
