"""The ``plover`` suite: event category of single sentences against the PLOVER gold standard records.

The records (``PLOVER_GSR_CAMEO.json``, one sentence each) use the PLOVER 2016 category names; they are
renamed to 2021 with :func:`unspin.plover.category_2021`. Records without text (the DOCUMENT header) are
skipped; records whose category has no 2021 equivalent are excluded and counted.

Rule: the predicted category of a record is that of the highest-confidence event the pipeline finds in its
text, the earliest trigger breaking ties. A record with no event counts as wrong.

Sections: ``category`` (precision column: accuracy among records with an event; recall column: accuracy
over all records), with macro-F1 over the categories that occur in gold or prediction and the most
frequent confusions; then one section per category (precision / recall / F1 of that label).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.annotations import Event
from unspin.document import Document, Meta
from unspin.errors import InputError
from unspin.evaluate.scoring import EvalReport, Score
from unspin.pipeline import Pipeline
from unspin.plover import CATEGORIES, category_2021

TOP_CONFUSIONS = 8


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    category: str
    published: dt.date | None


def read_records(path: Path) -> tuple[list[Record], Counter[str]]:
    """The gold records with text, in 2021 categories, and the count of excluded records per 2016 name."""
    try:
        rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(f"Cannot read {path} as PLOVER JSON: {error}.", fix="Pass PLOVER_GSR_CAMEO.json.") from None
    records, excluded = [], Counter[str]()
    for row in rows:
        if not row.get("text"):
            continue
        category = category_2021(row.get("event", ""))
        if category not in CATEGORIES:
            excluded[row.get("event", "")] += 1
            continue
        records.append(Record(row.get("id", str(len(records))), row["text"], category, _date(row.get("date"))))
    return records, excluded


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def predicted_category(events: Iterable[Event]) -> str | None:
    """The category of the highest-confidence event, the earliest trigger first among equals."""
    ranked = sorted(events, key=lambda e: (-e.confidence, e.trigger.start))
    return ranked[0].category if ranked else None


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    """The plover suite over a PLOVER gold standard JSON file."""
    records, excluded = read_records(data)
    return score_records(records, pipeline, excluded, str(data))


def score_records(
    records: Iterable[Record], pipeline: Pipeline, excluded: Counter[str] | None = None, data: str = ""
) -> EvalReport:
    """Run the pipeline on each record's sentence and score its predicted category."""
    pairs: list[tuple[str, str | None]] = []
    overall = Score()
    for record in records:
        doc = pipeline(Document(record.id, record.text, Meta(published=record.published)))
        predicted = predicted_category(doc.layer("events"))
        pairs.append((record.category, predicted))
        if predicted != record.category:
            overall.misses.append(f"{record.id}: want {record.category}, got {predicted or 'no event'}")
    right = sum(gold == predicted for gold, predicted in pairs)
    overall.true_positives = overall.predicted_correct = right
    overall.gold_total = len(pairs)
    overall.predicted_total = sum(predicted is not None for _, predicted in pairs)
    per_category = _per_category(pairs)
    confusions = Counter((g, p) for g, p in pairs if p is not None and g != p)
    overall.extra = {
        "accuracy": round(overall.recall, 4),
        "accuracy_when_event": round(overall.precision, 4),
        "macro_f1": round(sum(s.f1 for s in per_category.values()) / len(per_category), 4) if per_category else 0.0,
        "no_event": len(pairs) - overall.predicted_total,
        "excluded": sum((excluded or Counter()).values()),
        **{f"{g}->{p}": n for (g, p), n in confusions.most_common(TOP_CONFUSIONS)},
    }
    sections = {"category": overall, **{f"category {name}": s for name, s in per_category.items()}}
    return EvalReport("plover", data, sections)


def _per_category(pairs: list[tuple[str, str | None]]) -> dict[str, Score]:
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs if p is not None}, key=CATEGORIES.index)
    scores = {}
    for label in labels:
        right = sum(g == p == label for g, p in pairs)
        scores[label] = Score(
            true_positives=right,
            gold_total=sum(g == label for g, _ in pairs),
            predicted_correct=right,
            predicted_total=sum(p == label for _, p in pairs),
        )
    return scores
