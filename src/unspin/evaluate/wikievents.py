"""The ``wikievents`` suite: event detection and arguments against WikiEvents (KAIROS ontology) documents.

Data: a WikiEvents ``.jsonl`` file (``dev.jsonl``), one document per line with its sentences (tokens with
offsets), entity mentions and event mentions; a ``coref/<split>.jsonlines`` file beside it, when present,
gives entity coreference clusters. The document text is rebuilt from the sentences, one per line (the
files' own ``text`` field runs sentences together without spaces).

Scope: KAIROS types are mapped to PLOVER 2021 categories by ``data/kairos_plover.tsv`` (conflict-related
types only; longest prefix wins). Gold events of unmapped types are out of scope, and so are predicted
events whose category no mapped type reaches, so a PLOVER category the benchmark cannot judge costs
nothing.

Sections:

- ``trigger identification``: a predicted event matches an in-scope gold event whose trigger it overlaps
  (characters), one to one;
- ``trigger classification``: the same, and the PLOVER categories agree;
- ``argument identification`` / ``argument classification``: over the classification pairs, gold arguments
  whose role maps to an unspin slot (actor: Attacker, Killer, Injurer, Demonstrator, Communicator,
  Jailer, Impeder, Perpetrator; recipient: Target, Victim, Detainee, Recipient, Defendant, Released;
  place: Place) against the predicted event's actor and recipient mentions and place mentions. A predicted
  argument matches when it overlaps a mention of the gold argument's entity or of any entity coreferent with
  it (WikiEvents' "coref" matching); classification also needs the slot to agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from unspin.annotations import Event, Place
from unspin.document import Document
from unspin.errors import InputError
from unspin.evaluate.progress import tracked
from unspin.evaluate.scoring import EvalReport, Score
from unspin.pipeline import Pipeline
from unspin.spans import Span

ROLE_SLOTS = {
    **dict.fromkeys(
        ("Attacker", "Killer", "Injurer", "Demonstrator", "Communicator", "Jailer", "Impeder", "Perpetrator"),
        "actor",
    ),
    **dict.fromkeys(("Target", "Victim", "Detainee", "Recipient", "Defendant", "Released"), "recipient"),
    "Place": "place",
}
"""KAIROS argument roles -> the unspin event slot that holds them."""

SECTIONS = ("trigger identification", "trigger classification", "argument identification", "argument classification")


@cache
def kairos_map() -> dict[str, str]:
    """KAIROS type prefix -> PLOVER 2021 category (``data/kairos_plover.tsv``)."""
    rows = resources.files("unspin.data").joinpath("kairos_plover.tsv").read_text(encoding="utf-8").splitlines()
    return {cells[0]: cells[1] for line in rows if line and not line.startswith("#") for cells in [line.split("\t")]}


def plover_category(kairos_type: str) -> str | None:
    """The PLOVER category of a KAIROS type, by longest matching prefix (None: out of scope)."""
    matches = [prefix for prefix in kairos_map() if kairos_type == prefix or kairos_type.startswith(prefix + ".")]
    return kairos_map()[max(matches, key=len)] if matches else None


@dataclass(frozen=True)
class GoldArgument:
    slot: str
    mentions: tuple[Span, ...]
    """The argument's own mention and every mention coreferent with it."""


@dataclass(frozen=True)
class GoldEvent:
    trigger: Span
    category: str
    arguments: tuple[GoldArgument, ...]


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    events: tuple[GoldEvent, ...]


def read_documents(path: Path) -> list[GoldDocument]:
    """The file's documents with their in-scope events, character offsets into the rebuilt text."""
    if not path.is_file():
        raise InputError(
            f"{path} is not a WikiEvents file.",
            fix="Pass a WikiEvents .jsonl, like ../shared/data/wikievents/dev.jsonl.",
            code="missing_path",
        )
    clusters = _clusters(path.parent / "coref" / (path.stem + ".jsonlines"))
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            documents.append(_document(json.loads(line), clusters))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise InputError(
                f"{path}:{number} is not a WikiEvents document ({error}).", fix="Check the file."
            ) from None
    return documents


def _clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """Entity id -> every entity id in its coreference cluster (itself alone when the file has none)."""
    if not path.is_file():
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for cluster in json.loads(line).get("clusters", []):
                for entity in cluster:
                    found[entity] = tuple(cluster)
    return found


def _document(data: dict[str, Any], clusters: dict[str, tuple[str, ...]]) -> GoldDocument:
    lines, token_spans = [], []
    offset = 0
    for tokens, sentence in data["sentences"]:
        first = tokens[0][1] if tokens else 0
        for word, start, end in tokens:
            span = Span(offset + start - first, offset + end - first)
            if sentence[span.start - offset : span.end - offset] != word:
                raise ValueError(f"token {word!r} is not at its offset")
            token_spans.append(span)
        lines.append(sentence)
        offset += len(sentence) + 1
    text = "\n".join(lines)

    def tokens_span(start: int, end: int) -> Span:
        return Span(token_spans[start].start, token_spans[end - 1].end)

    entities = {e["id"]: tokens_span(e["start"], e["end"]) for e in data["entity_mentions"]}
    events = []
    for mention in data["event_mentions"]:
        category = plover_category(mention["event_type"])
        if category is None:
            continue
        arguments = tuple(
            GoldArgument(
                ROLE_SLOTS[argument["role"]],
                tuple(
                    entities[e] for e in clusters.get(argument["entity_id"], (argument["entity_id"],)) if e in entities
                ),
            )
            for argument in mention["arguments"]
            if argument["role"] in ROLE_SLOTS and argument["entity_id"] in entities
        )
        trigger = tokens_span(mention["trigger"]["start"], mention["trigger"]["end"])
        events.append(GoldEvent(trigger, category, arguments))
    return GoldDocument(data["doc_id"], text, tuple(events))


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    documents = read_documents(data)
    sections = {name: Score() for name in SECTIONS}
    in_scope = set(kairos_map().values())
    for gold in tracked(documents, "wikievents"):
        doc = pipeline(Document(gold.id, gold.text))
        predicted = [e for e in doc.layer("events") if e.category in in_scope]
        places: dict[str, Place] = {p.id: p for p in doc.layer("places")}
        score_document(gold, predicted, places, sections)
    sections["trigger classification"].extra = {"documents": len(documents), "in_scope_types": len(kairos_map())}
    return EvalReport("wikievents", str(data), sections)


def score_document(
    gold: GoldDocument, predicted: list[Event], places: dict[str, Place], sections: dict[str, Score]
) -> None:
    """Add one document's counts to every section."""
    for name, same_category in (("trigger identification", False), ("trigger classification", True)):
        pairs = _pairs(gold.events, predicted, same_category)
        _add(sections[name], len(gold.events), len(predicted), len(pairs))
        if same_category:
            for g in sorted(set(gold.events) - {g for g, _ in pairs}, key=lambda e: e.trigger.start):
                sections[name].misses.append(f"{gold.id}: {g.category} {gold.text[g.trigger.start : g.trigger.end]!r}")
            _score_arguments(pairs, places, sections)


def _pairs(gold: tuple[GoldEvent, ...], predicted: list[Event], same_category: bool) -> list[tuple[GoldEvent, Event]]:
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and p.trigger.overlaps(g.trigger) and (not same_category or p.category == g.category):
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


def _predicted_arguments(event: Event, places: dict[str, Place]) -> Iterator[tuple[str, Span]]:
    yield from (("actor", p.mention) for p in event.actors)
    yield from (("recipient", p.mention) for p in event.recipients)
    yield from (("place", places[p].mention) for p in event.places if p in places)


def _score_arguments(
    pairs: list[tuple[GoldEvent, Event]], places: dict[str, Place], sections: dict[str, Score]
) -> None:
    for gold, event in pairs:
        predicted = list(_predicted_arguments(event, places))
        for name, same_slot in (("argument identification", False), ("argument classification", True)):
            used: set[int] = set()
            for argument in gold.arguments:
                for i, (slot, span) in enumerate(predicted):
                    if i in used or (same_slot and slot != argument.slot):
                        continue
                    if any(span.overlaps(mention) for mention in argument.mentions):
                        used.add(i)
                        break
            _add(sections[name], len(gold.arguments), len(predicted), len(used))


def _add(score: Score, gold: int, predicted: int, matched: int) -> None:
    score.gold_total += gold
    score.predicted_total += predicted
    score.true_positives += matched
    score.predicted_correct += matched
