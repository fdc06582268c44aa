"""Event records for export: flat rows with ACLED's columns (one row per event and place) plus unspin's
evidence columns, or one JSON record per event.

ACLED (codebook 2023) makes one row per event and location; an unspin event with three places gives three
rows that share its id, and an event with no place one row with empty location columns. Fields ACLED has and
unspin fills: dates (``event_date`` is the first day the event's time covers, else the publication date,
with ``time_precision`` 1 = day, 2 = a few days or a week, 3 = a month or more or unknown), event and
sub-event type, actors (the normalised actor; further actors go to ``assoc_actor_*``), ACLED's actor type
codes (``inter1``/``inter2``: 1 state forces, 2 rebels, 6 protesters, 7 civilians, 8 other; blank when the
sector says nothing) and their ``interaction``, civilian targeting, country, location and coordinates with
``geo_precision`` (1 town, 2 district, 3 region or country), ``source`` (who asserts it, else the outlet),
``notes`` (the event's sentence) and ``fatalities`` (the largest count of the dead among the event's counts:
"12 dead", "killing 12 civilians"). The
columns after ACLED's are unspin's: the article, the PLOVER category and mode, CAMEO root, status, who
asserts the event, and the character spans of the trigger, actors and place in the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from unspin.annotations import Event, Participant, Place, Quantity, TimeExpr
from unspin.countries import geonames_country_names
from unspin.document import Document
from unspin.serialization import to_data
from unspin.spans import Span

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
UNSPIN_COLUMNS = (
    "article_id",
    "url",
    "outlet",
    "published",
    "plover_category",
    "plover_mode",
    "cameo_root",
    "status",
    "asserted_by_kind",
    "asserted_by",
    "statement_id",
    "trigger",
    "trigger_start",
    "trigger_end",
    "actor1_text",
    "actor1_start",
    "actor1_end",
    "actor2_text",
    "actor2_start",
    "actor2_end",
    "place_text",
    "place_start",
    "place_end",
    "geonameid",
    "confidence",
)
COLUMNS = ACLED_COLUMNS + UNSPIN_COLUMNS

DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
INTER_CODES = {"military": 1, "police": 1, "government": 1, "rebel": 2, "opposition": 6, "civilians": 7, "media": 8}
"""ACLED actor type codes by unspin sector (ACLED: 1 state forces, 2 rebel groups, 6 protesters, 7 civilians,
8 external/other; political and identity militias, 3 and 4, have no unspin sector yet)."""
TIME_PRECISION = {"day": 1, "week": 2}
GEO_PRECISION = {"town": 1, "city": 1, "district": 2, "region": 3, "country": 3}
DEATH_UNITS = frozenset({"dead", "deaths", "fatalities", "bodies", "lives", "casualties"})
_KILLED_NEAR = re.compile(r"\b(?:kill(?:ed|ing|s)?|died|dead|perished|lost their lives)\b", re.IGNORECASE)
NEAR = 25
"""Characters either side of a count in which a word of killing makes it a count of the dead."""


def acled_rows(doc: Document) -> Iterator[dict[str, Any]]:
    """One row per event and place of an analysed document (see the module docstring)."""
    places: dict[str, Place] = {p.id: p for p in doc.layer("places")}
    times: dict[str, TimeExpr] = {t.id: t for t in doc.layer("times")}
    quantities: dict[str, Quantity] = {q.id: q for q in doc.layer("quantities")}
    for event in doc.layer("events"):
        base = _event_columns(doc, event, times, quantities)
        event_places = [places[p] for p in event.places if p in places] or [None]
        for place in event_places:
            yield {**base, **_place_columns(doc, place)}


def _event_columns(
    doc: Document, event: Event, times: dict[str, TimeExpr], quantities: dict[str, Quantity]
) -> dict[str, Any]:
    meta = doc.meta
    time = times.get(event.time) if event.time else None
    first_day = time.interval[0] if time and time.interval else None
    event_date = first_day or (meta.published.isoformat() if meta.published else "")
    actor1, *assoc1 = event.actors or (None,)
    actor2, *assoc2 = event.recipients or (None,)
    inter1, inter2 = _inter(actor1), _inter(actor2)
    asserter = event.asserted_by
    fatalities = [quantities[q] for q in event.quantities if q in quantities and _counts_dead(doc, quantities[q])]
    return {
        "event_id_cnty": f"{doc.id}:{event.id}",
        "event_date": event_date,
        "year": event_date[:4],
        "time_precision": TIME_PRECISION.get(time.precision, 3) if first_day and time else 3,
        "disorder_type": DISORDER_TYPES.get(event.acled_event_type or "", ""),
        "event_type": event.acled_event_type or "",
        "sub_event_type": event.acled_sub_event_type or "",
        "actor1": actor1.actor if actor1 else "",
        "assoc_actor_1": "; ".join(p.actor for p in assoc1 if p),
        "inter1": inter1 or "",
        "actor2": actor2.actor if actor2 else "",
        "assoc_actor_2": "; ".join(p.actor for p in assoc2 if p),
        "inter2": inter2 or "",
        "interaction": "".join(str(code) for code in sorted(c for c in (inter1, inter2) if c)),
        "civilian_targeting": "Civilian targeting"
        if any(p.sector == "civilians" for p in event.recipients) and event.acled_event_type
        else "",
        "source": asserter.name if asserter.kind == "source" and asserter.name else (meta.outlet or ""),
        "notes": " ".join(doc.span_text(event.sentence).split()),
        "fatalities": int(max(q.value for q in fatalities)) if fatalities else "",
        "article_id": doc.id,
        "url": meta.url or "",
        "outlet": meta.outlet or "",
        "published": meta.published.isoformat() if meta.published else "",
        "plover_category": event.category,
        "plover_mode": event.mode or "",
        "cameo_root": event.cameo or "",
        "status": event.status,
        "asserted_by_kind": asserter.kind,
        "asserted_by": asserter.name or "",
        "statement_id": asserter.statement or "",
        **_span_columns(doc, "trigger", event.trigger),
        **_span_columns(doc, "actor1", actor1.mention if actor1 else None, "_text"),
        **_span_columns(doc, "actor2", actor2.mention if actor2 else None, "_text"),
        "confidence": event.confidence,
    }


def _place_columns(doc: Document, place: Place | None) -> dict[str, Any]:
    if place is None:
        empty = ("iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "geonameid")
        return {**dict.fromkeys(empty, ""), **_span_columns(doc, "place", None, "_text")}
    return {
        "iso": place.country or "",
        "country": _country_name(place.country),
        "admin1": place.admin1 or "",
        "location": place.name,
        "latitude": "" if place.lat is None else place.lat,
        "longitude": "" if place.lon is None else place.lon,
        "geo_precision": GEO_PRECISION.get(place.precision, 3),
        "geonameid": place.geonameid or "",
        **_span_columns(doc, "place", place.mention, "_text"),
    }


def event_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One JSON-ready record per event: the article's metadata, the event with every span, and the places,
    time and quantities it points at written out in full (not as ids)."""
    places: dict[str, Place] = {p.id: p for p in doc.layer("places")}
    times: dict[str, TimeExpr] = {t.id: t for t in doc.layer("times")}
    quantities: dict[str, Quantity] = {q.id: q for q in doc.layer("quantities")}
    for event in doc.layer("events"):
        yield {
            "article": {"id": doc.id, **to_data(doc.meta)},
            "event": to_data(event, doc.text),
            "places": [to_data(places[p], doc.text) for p in event.places if p in places],
            "time": to_data(times[event.time], doc.text) if event.time in times else None,
            "quantities": [to_data(quantities[q], doc.text) for q in event.quantities if q in quantities],
        }


def _span_columns(doc: Document, name: str, span: Span | None, text_suffix: str = "") -> dict[str, Any]:
    return {
        f"{name}{text_suffix}": doc.span_text(span),
        f"{name}_start": span.start if span else "",
        f"{name}_end": span.end if span else "",
    }


def _counts_dead(doc: Document, quantity: Quantity) -> bool:
    """A count of the dead: "12 dead", "30,000 fatalities", "killing 12 civilians", "12 people were killed"."""
    if (quantity.unit or "").lower() in DEATH_UNITS:
        return True
    start, end = quantity.mention.start, quantity.mention.end
    return bool(_KILLED_NEAR.search(doc.text, max(0, start - NEAR), min(len(doc.text), end + NEAR)))


def _inter(participant: Participant | None) -> int | None:
    return INTER_CODES.get(participant.sector or "") if participant else None


def _country_name(code: str | None) -> str:
    if not code:
        return ""
    names = {c: name for name, c in geonames_country_names().items()}
    return names.get(code, code)
