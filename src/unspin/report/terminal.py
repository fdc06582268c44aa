"""The terminal report of one analysed document, rendered with rich.

Sections follow the product's three questions: who says what (statements grouped by speaker), what
happened (the events table with who asserts each), and how the text persuades (rhetoric in context,
scare quotes, the naming map); places, times and quantities follow as reference tables.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from unspin.annotations import (
    Attribution,
    Event,
    Naming,
    Place,
    Quantity,
    Rhetoric,
    ScareQuote,
    SpinShare,
    Statement,
    TimeExpr,
)
from unspin.document import Document
from unspin.spans import Span

QUOTE_PREVIEW = 180
CONTEXT = 60


def render_report(doc: Document, console: Console) -> None:
    """Print the whole report of ``doc`` to ``console``."""
    console.print(_header(doc))
    for title, section in (
        ("Statements by speaker", _statements(doc)),
        ("Other attributions (beliefs, intentions, stances)", _attributions(doc)),
        ("Events", _events(doc)),
        ("Rhetoric in context", _rhetoric(doc)),
        ("Spin profile (techniques per voice)", _spin_profile(doc)),
        ("Scare quotes", _scare_quotes(doc)),
        ("Naming map", _naming(doc)),
        ("Places", _places(doc)),
        ("Times", _times(doc)),
        ("Quantities", _quantities(doc)),
    ):
        console.print()
        console.rule(Text(title, style="bold"), align="left")
        console.print(section if section is not None else Text("none found", style="dim"))


def _header(doc: Document) -> Panel:
    meta = doc.meta
    facts = [
        f"published {meta.published.isoformat()}" if meta.published else "publication date unknown",
        f"outlet {meta.outlet}" if meta.outlet else "outlet unknown",
        f"{len(doc.text.split()):,} words",
    ]
    if meta.url:
        facts.append(meta.url)
    counts = ", ".join(f"{len(doc.layer(name))} {name.replace('_', ' ')}" for name in doc.layers if name != "sentences")
    body = Group(Text(" · ".join(facts)), Text(counts, style="dim"))
    return Panel(body, title=Text(meta.title or doc.id, style="bold"), title_align="left")


def _clip(text: str, limit: int = QUOTE_PREVIEW) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _statements(doc: Document) -> Group | None:
    statements: tuple[Statement, ...] = doc.layer("statements")
    if not statements:
        return None
    by_speaker: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_speaker[statement.speaker_name or "(speaker unknown)"].append(statement)
    blocks: list[Any] = []
    for speaker, said in sorted(by_speaker.items(), key=lambda item: -len(item[1])):
        blocks.append(Text.assemble((speaker, "bold cyan"), f"  {len(said)} statement{'s' * (len(said) != 1)}"))
        for statement in said:
            how = [statement.kind.replace("_", " ")]
            if statement.cue:
                how.append(f"“{doc.span_text(statement.cue)}”")
            if statement.speaker_mention and doc.span_text(statement.speaker_mention) != speaker:
                how.append(f"as “{doc.span_text(statement.speaker_mention)}”")
            if statement.continuation_of:
                how.append(f"continues {statement.continuation_of}")
            if statement.relayed_by_name:
                how.append(f"relayed by {statement.relayed_by_name}")
            line = Text(f"  {statement.id} ", style="dim")
            line.append(" · ".join(how), style="magenta")
            blocks.append(line)
            blocks.append(Text(f"     {_clip(doc.span_text(statement.content))}"))
    return Group(*blocks)


def _attributions(doc: Document) -> Group | None:
    """The attribution model's finds that no statement reports, grouped by resolved source."""
    others: list[Attribution] = [a for a in doc.layer("attributions") if a.statement is None]
    if not others:
        return None
    by_source: dict[str, list[Attribution]] = defaultdict(list)
    for attribution in others:
        by_source[attribution.source_name or doc.span_text(attribution.source) or "(source not named)"].append(
            attribution
        )
    blocks: list[Any] = []
    for source, credited in sorted(by_source.items(), key=lambda item: -len(item[1])):
        blocks.append(Text.assemble((source, "bold cyan"), f"  {len(credited)}"))
        for attribution in credited:
            cue = " … ".join(doc.span_text(span) for span in attribution.cue)
            line = Text(f"  {attribution.id} ", style="dim")
            line.append(f"“{cue}”" if cue else "no cue", style="magenta")
            line.append(f"  {_clip(' … '.join(doc.span_text(span) for span in attribution.content))}")
            blocks.append(line)
    return Group(*blocks)


def _lookup(records: tuple[Any, ...]) -> dict[str, Any]:
    return {record.id: record for record in records}


def _participants(doc: Document, event: Event) -> str:
    actors = ", ".join(doc.span_text(p.mention) for p in event.actors) or "(actor not named)"
    recipients = ", ".join(doc.span_text(p.mention) for p in event.recipients)
    return f"{_clip(actors, 40)} → {_clip(recipients, 40)}" if recipients else _clip(actors, 40)


def _events(doc: Document) -> Group | None:
    """Two lines per event: what and when, then who, where, how many, and according to whom."""
    events: tuple[Event, ...] = doc.layer("events")
    if not events:
        return None
    places: dict[str, Place] = _lookup(doc.layer("places"))
    times: dict[str, TimeExpr] = _lookup(doc.layer("times"))
    quantities: dict[str, Quantity] = _lookup(doc.layer("quantities"))
    blocks: list[Text] = []
    for event in events:
        time = times.get(event.time) if event.time else None
        head = Text(f"{event.id:<4}", style="dim")
        head.append(f"{time.value if time and time.value else 'undated':<12} ", style="green")
        head.append(event.category + (f" ({event.mode})" if event.mode else ""), style="bold")
        head.append(f"  “{doc.span_text(event.trigger)}”", style="dim")
        if event.mentions:
            head.append(" (again: " + ", ".join(f"“{doc.span_text(m)}”" for m in event.mentions) + ")", style="dim")
        head.append(f"  [{STATUS_WORDS.get(event.status, event.status)}]", style="magenta")
        details = [_participants(doc, event)]
        place_names = list(dict.fromkeys(places[p].name for p in event.places if p in places))
        if place_names:
            details.append("in " + ", ".join(place_names))
        counts = [_quantity_text(quantities[q]) for q in event.quantities if q in quantities]
        if counts:
            details.append(", ".join(counts))
        asserter = event.asserted_by.name if event.asserted_by.kind == "source" else "the article"
        details.append(f"according to {asserter}")
        blocks += [head, Text("    " + " · ".join(details))]
    return Group(*blocks)


STATUS_WORDS = {"reported_statement": "statement", "background": "history"}
"""Short words for the status column; the JSON keeps the full names."""


def _in_context(doc: Document, span: Span, style: str) -> Text:
    start, end = max(0, span.start - CONTEXT), min(len(doc.text), span.end + CONTEXT)
    line = Text("…" if start else "")
    line.append(doc.text[start : span.start].replace("\n", " "))
    line.append(doc.span_text(span).replace("\n", " "), style=style)
    line.append(doc.text[span.end : end].replace("\n", " "))
    if end < len(doc.text):
        line.append("…")
    return line


def _rhetoric(doc: Document) -> Group | None:
    records: tuple[Rhetoric, ...] = doc.layer("rhetoric")
    if not records:
        return None
    by_span: dict[Span, list[Rhetoric]] = defaultdict(list)
    for record in records:
        by_span[record.span].append(record)
    blocks: list[Any] = []
    for span, found in sorted(by_span.items()):
        techniques = ", ".join(sorted({r.technique for r in found}))
        voice = found[0].voice
        blocks.append(Text.assemble((techniques, "bold yellow"), ("  voice: ", "dim"), (voice, "cyan")))
        blocks.append(Text("   ").append(_in_context(doc, span, "reverse yellow")))
    return Group(*blocks)


def _spin_profile(doc: Document) -> Table | None:
    lines: tuple[SpinShare, ...] = doc.layer("spin_profile")
    if not lines:
        return None
    table = Table(expand=False)
    for column, justify in (("technique", "left"), ("voice", "left"), ("count", "right"), ("share of text", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for line in lines:
        style = "bold" if line.technique == "all" else ""
        table.add_row(line.technique, line.voice, str(line.count), f"{line.share:.1%}", style=style)
    return table


def _scare_quotes(doc: Document) -> Table | None:
    records: tuple[ScareQuote, ...] = doc.layer("scare_quotes")
    if not records:
        return None
    table = Table(expand=True)
    for column in ("term", "voice", "context"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(doc.span_text(record.span), record.voice, _in_context(doc, record.span, "reverse"))
    return table


def _naming(doc: Document) -> Table | None:
    records: tuple[Naming, ...] = doc.layer("naming")
    if not records:
        return None
    table = Table(expand=True)
    for column in ("actor", "labels attached", "neutral names"):
        table.add_column(column, overflow="fold")
    for naming in records:
        labels = "; ".join(dict.fromkeys(doc.span_text(u.span) for u in naming.labels))
        neutral = "; ".join(dict.fromkeys(doc.span_text(u.span) for u in naming.neutral))
        table.add_row(naming.actor, labels, neutral)
    return table


def _places(doc: Document) -> Table | None:
    records: tuple[Place, ...] = doc.layer("places")
    if not records:
        return None
    grouped: dict[tuple[str, int | None], list[Place]] = defaultdict(list)
    for place in records:
        grouped[(place.name, place.geonameid)].append(place)
    table = Table(expand=True)
    for column in ("place", "country", "kind", "lat, lon", "GeoNames", "mentions"):
        table.add_column(column, overflow="fold")
    for (name, geonameid), places in grouped.items():
        first = places[0]
        spelled = sorted({doc.span_text(p.mention) for p in places} - {name})
        where = f"{first.lat:.3f}, {first.lon:.3f}" if first.lat is not None and first.lon is not None else ""
        table.add_row(
            name + (f" (as {', '.join(spelled)})" if spelled else ""),
            first.country or "",
            first.feature,
            where,
            str(geonameid or ""),
            str(len(places)),
        )
    return table


def _times(doc: Document) -> Table | None:
    records: tuple[TimeExpr, ...] = doc.layer("times")
    if not records:
        return None
    table = Table(expand=True)
    for column in ("expression", "value", "precision", "resolved against"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(doc.span_text(record.mention), record.value or "—", record.precision, record.anchor)
    return table


def _quantity_text(quantity: Quantity) -> str:
    value = f"{quantity.value:,.0f}" if float(quantity.value).is_integer() else f"{quantity.value:,}"
    qualifier = {"more_than": "> ", "fewer_than": "< ", "about": "~", "at_least": "≥ ", "at_most": "≤ "}.get(
        quantity.qualifier, ""
    )
    return f"{qualifier}{value} {quantity.unit or ''}".strip()


def _quantities(doc: Document) -> Table | None:
    records: tuple[Quantity, ...] = doc.layer("quantities")
    if not records:
        return None
    table = Table(expand=True)
    for column in ("mention", "value"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(doc.span_text(record.mention), _quantity_text(record))
    return table
