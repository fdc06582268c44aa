"""The ``seed`` suite: scores an analysis against a hand-written gold.json.

The matching rules are the ones written in ``../shared/corpus/seed/README.md``: a gold string is located
at its first occurrence in the article (for ``also_in``, at that string's too); statements match on
overlapping content and equal kind; places within a tolerance in km (25 unless given), countries by code;
times and quantities by overlap and value; events by a trigger in the gold sentence and an acceptable
category, then field by field; rhetoric by overlap and technique; scare quotes by each listed string;
naming by labels found among one actor's labels.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from unspin.annotations import Event, Naming, Place, Quantity, Rhetoric, ScareQuote, Statement, TimeExpr
from unspin.document import Document, Meta
from unspin.errors import InputError
from unspin.evaluate.scoring import EvalReport, Score
from unspin.pipeline import Pipeline
from unspin.spans import Span

DEFAULT_TOLERANCE_KM = 25.0


def load_seed(data: Path) -> tuple[Document, dict[str, Any]]:
    """The seed article as a Document (with its meta.json date) and its gold analysis."""
    try:
        gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
        meta = json.loads((data / "meta.json").read_text(encoding="utf-8")) if (data / "meta.json").exists() else {}
        text = (data / gold.get("article", "article.txt")).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputError(
            f"{error.filename} is missing.",
            fix="Point --data at a folder with article.txt, meta.json and gold.json (like ../shared/corpus/seed).",
            code="missing_path",
        ) from None
    published = meta.get("published") or gold.get("published")
    doc = Document(
        meta.get("id", data.name),
        text,
        Meta(published=dt.date.fromisoformat(published) if published else None, outlet=meta.get("outlet")),
    )
    return doc, gold


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    """The seed suite: analyse the folder's article and score it against its gold.json."""
    doc, gold = load_seed(data)
    return score_seed(pipeline(doc), gold, str(data))


def score_seed(doc: Document, gold: dict[str, Any], data: str = "") -> EvalReport:
    """Score an analysed seed document against its gold analysis."""
    sections = {
        "statements": _score_statements(doc, gold.get("statements", [])),
        "places": _score_places(doc, gold.get("places", [])),
        "times": _score_times(doc, gold.get("times", [])),
        "quantities": _score_quantities(doc, gold.get("quantities", [])),
        "events": _score_events(doc, gold.get("events", [])),
        "rhetoric": _score_rhetoric(doc, gold.get("rhetoric", [])),
        "scare_quotes": _score_scare_quotes(doc, gold.get("scare_quotes", [])),
        "naming": _score_naming(doc, gold.get("naming", {})),
    }
    return EvalReport("seed", data, sections)


def occurrences(text: str, needle: str) -> list[Span]:
    """Every whole-word occurrence of a gold string ("Armenia" is not found inside "Armenian")."""
    spans, start = [], text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before_ok = start == 0 or not (text[start - 1].isalnum() and needle[0].isalnum())
        after_ok = end == len(text) or not (text[end].isalnum() and needle[-1].isalnum())
        if before_ok and after_ok:
            spans.append(Span(start, end))
        start = text.find(needle, start + 1)
    return spans


def locate(text: str, needle: str) -> Span:
    """The first whole-word occurrence of a gold string in the article."""
    found = occurrences(text, needle)
    if not found:
        raise InputError(f"Gold string {needle!r} does not occur in the article.", fix="Fix gold.json.")
    return found[0]


def _last_word_in(gold_name: str, predicted: str | None) -> bool:
    return bool(predicted) and gold_name.split()[-1].lower() in str(predicted).lower()


def _score_statements(doc: Document, gold: list[dict[str, Any]]) -> Score:
    predicted: tuple[Statement, ...] = doc.layer("statements")
    score = Score(gold_total=sum(not g.get("optional") for g in gold), predicted_total=len(predicted))
    right_speaker = content_start = pronoun_total = pronoun_right = 0
    located = [(g, locate(doc.text, g["content"])) for g in gold]
    for g, span in located:
        match = next((s for s in predicted if s.content.overlaps(span) and s.kind == g["kind"]), None)
        if g.get("optional"):
            continue
        if g.get("pronoun"):
            pronoun_total += 1
        if match is None:
            score.misses.append(f"{g['id']} {g['kind']} {g['content'][:50]!r}")
            continue
        score.true_positives += 1
        speaker_ok = _last_word_in(g["speaker"], match.speaker_name)
        right_speaker += speaker_ok
        pronoun_right += bool(g.get("pronoun") and speaker_ok)
        content_start += abs(match.content.start - span.start) <= 1
        if not speaker_ok:
            score.misses.append(f"{g['id']} speaker {match.speaker_name!r} (gold {g['speaker']!r})")
    score.predicted_correct = sum(
        any(s.content.overlaps(span) and s.kind == g["kind"] for g, span in located) for s in predicted
    )
    score.extra = {
        "recall_right_speaker": round(right_speaker / score.gold_total, 4) if score.gold_total else 0.0,
        "content_start_right": content_start,
        "pronoun_speaker_right": f"{pronoun_right}/{pronoun_total}",
        "extra_statements": score.predicted_total - score.predicted_correct,
    }
    return score


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def place_matches(place: Place, g: dict[str, Any]) -> bool:
    """A predicted place is right for a gold place by distance, or by country code when gold has no point."""
    if g.get("lat") is None:
        return place.country == g.get("country")
    if place.lat is None or place.lon is None:
        return False
    tolerance = g.get("tolerance_km", DEFAULT_TOLERANCE_KM)
    return _distance_km(place.lat, place.lon, g["lat"], g["lon"]) <= tolerance


def _score_places(doc: Document, gold: list[dict[str, Any]]) -> Score:
    predicted: tuple[Place, ...] = doc.layer("places")
    score = Score(gold_total=len(gold), predicted_total=len(predicted))
    for g in gold:
        span = locate(doc.text, g["text"])
        if any(p.mention.overlaps(span) and place_matches(p, g) for p in predicted):
            score.true_positives += 1
        else:
            found = [f"{p.name} {p.country} {p.lat},{p.lon}" for p in predicted if p.mention.overlaps(span)]
            score.misses.append(f"{g['text']!r}: {found or 'not found'}")
    for p in predicted:
        score.predicted_correct += any(
            place_matches(p, g) for g in gold for span in occurrences(doc.text, g["text"]) if p.mention.overlaps(span)
        )
    return score


def time_matches(t: TimeExpr, gold_value: str) -> bool:
    """The README's rule: exact value; month values match anything inside the month; intervals within a year."""
    if t.value is None:
        return False
    if "/" in gold_value:
        if t.interval is None:
            return False
        first, last = gold_value.split("/")
        return abs(int(t.interval[0][:4]) - int(first[:4])) <= 1 and abs(int(t.interval[1][:4]) - int(last[:4])) <= 1
    if t.value == gold_value:
        return True
    if len(gold_value) == 7:  # a month: any value or interval inside it
        inside = [t.value] if t.interval is None else [t.interval[0], t.interval[1]]
        return all(v.startswith(gold_value) for v in inside)
    return False


def _score_times(doc: Document, gold: list[dict[str, Any]]) -> Score:
    predicted: tuple[TimeExpr, ...] = doc.layer("times")
    score = Score(gold_total=sum(not g.get("optional") for g in gold), predicted_total=len(predicted))
    for g in gold:
        span = locate(doc.text, g["text"])
        ok = any(t.mention.overlaps(span) and time_matches(t, g["value"]) for t in predicted)
        if g.get("optional"):
            score.extra[f"optional {g['text']!r}"] = int(ok)
            continue
        if ok:
            score.true_positives += 1
        else:
            found = [t.value for t in predicted if t.mention.overlaps(span)]
            score.misses.append(f"{g['text']!r} want {g['value']}, got {found or 'nothing'}")
    score.predicted_correct = sum(
        any(
            t.mention.overlaps(s) and time_matches(t, g["value"])
            for g in gold
            for s in occurrences(doc.text, g["text"])
        )
        for t in predicted
    )
    return score


def _score_quantities(doc: Document, gold: list[dict[str, Any]]) -> Score:
    predicted: tuple[Quantity, ...] = doc.layer("quantities")
    score = Score(gold_total=sum(not g.get("optional") for g in gold), predicted_total=len(predicted))
    for g in gold:
        span = locate(doc.text, g["text"])
        ok = any(q.mention.overlaps(span) and q.value == g["value"] for q in predicted)
        if g.get("optional"):
            continue
        if ok:
            score.true_positives += 1
        else:
            score.misses.append(f"{g['text']!r} want {g['value']}")
    score.predicted_correct = sum(
        any(q.mention.overlaps(s) and q.value == g["value"] for g in gold for s in occurrences(doc.text, g["text"]))
        for q in predicted
    )
    return score


def _sentence_around(doc: Document, span: Span) -> Span:
    covering = [s.span for s in doc.layer("sentences") if s.span.overlaps(span)]
    if not covering:
        return span
    return Span(min(s.start for s in covering), max(s.end for s in covering))


def _score_events(doc: Document, gold: list[dict[str, Any]]) -> Score:
    predicted: tuple[Event, ...] = doc.layer("events")
    places = {p.id: p for p in doc.layer("places")}
    times = {t.id: t for t in doc.layer("times")}
    quantities = {q.id: q for q in doc.layer("quantities")}
    score = Score(gold_total=sum(not g.get("optional") for g in gold), predicted_total=len(predicted))
    fields_right = fields_total = 0
    field_counts: dict[str, list[int]] = {name: [0, 0] for name in ("date", "places", "count", "asserted_by")}
    matched_ids: set[str] = set()
    for g in gold:
        sentences = [_sentence_around(doc, locate(doc.text, g[key])) for key in ("sentence", "also_in") if g.get(key)]
        candidates = [
            e for e in predicted if any(s.contains(e.trigger) for s in sentences) and e.category in g["types"]
        ]
        matched_ids.update(e.id for e in candidates)
        if g.get("optional"):
            continue
        if not candidates:
            score.misses.append(f"{g['id']} {g['types']} in {g['sentence'][:45]!r}")
            continue
        score.true_positives += 1
        event = max(candidates, key=lambda e: _event_field_hits(doc.text, e, g, places, times, quantities)[0])
        _, checks = _event_field_hits(doc.text, event, g, places, times, quantities)
        for name, ok in checks.items():
            field_counts[name][0] += ok
            field_counts[name][1] += 1
            fields_right += ok
            fields_total += 1
            if not ok:
                score.misses.append(f"{g['id']} field {name} wrong")
    score.predicted_correct = len(matched_ids)
    score.extra = {"fields_right": f"{fields_right}/{fields_total}"}
    score.extra["field_accuracy"] = round(fields_right / fields_total, 4) if fields_total else 0.0
    for name, (right, total) in field_counts.items():
        score.extra[f"{name}_right"] = f"{right}/{total}"
    return score


def _event_field_hits(
    text: str,
    event: Event,
    g: dict[str, Any],
    places: dict[str, Place],
    times: dict[str, TimeExpr],
    quantities: dict[str, Quantity],
) -> tuple[int, dict[str, bool]]:
    checks: dict[str, bool] = {}
    if g.get("date") and not g.get("date_optional"):
        time = times.get(event.time) if event.time else None
        checks["date"] = time is not None and time_matches(time, g["date"])
    if g.get("place") and not g.get("place_optional"):
        wanted = g["place"] if isinstance(g["place"], list) else [g["place"]]
        named = [f"{places[p].name} {places[p].mention.of(text)}".lower() for p in event.places if p in places]
        checks["places"] = all(any(w.lower() in n for n in named) for w in wanted)
    if g.get("count") is not None:
        checks["count"] = any(quantities[q].value == g["count"] for q in event.quantities if q in quantities)
    if g.get("asserted_by"):
        if g["asserted_by"] == "article":
            checks["asserted_by"] = event.asserted_by.kind == "article"
        else:
            checks["asserted_by"] = event.asserted_by.kind == "source" and _last_word_in(
                g["asserted_by"], event.asserted_by.name
            )
    return sum(checks.values()), checks


def _score_rhetoric(doc: Document, gold: list[dict[str, Any]]) -> Score:
    predicted: tuple[Rhetoric, ...] = doc.layer("rhetoric")
    score = Score(gold_total=len(gold), predicted_total=len(predicted))
    located = [(g, locate(doc.text, g["text"])) for g in gold]
    for g, span in located:
        if any(r.span.overlaps(span) and r.technique in g["techniques"] for r in predicted):
            score.true_positives += 1
        else:
            found = sorted({r.technique for r in predicted if r.span.overlaps(span)})
            score.misses.append(f"{g['text'][:45]!r} want {g['techniques']}, got {found or 'nothing'}")
    score.predicted_correct = sum(any(r.span.overlaps(span) for _, span in located) for r in predicted)
    return score


def _score_scare_quotes(doc: Document, gold: list[str]) -> Score:
    predicted: tuple[ScareQuote, ...] = doc.layer("scare_quotes")
    score = Score(gold_total=len(gold), predicted_total=len(predicted))
    all_occurrences = [(g, s) for g in gold for s in occurrences(doc.text, g)]
    for g in gold:
        if any(q.span.overlaps(s) for q in predicted for s in occurrences(doc.text, g)):
            score.true_positives += 1
        else:
            score.misses.append(repr(g))
    found_occurrences = sum(any(q.span.overlaps(s) for q in predicted) for _, s in all_occurrences)
    score.predicted_correct = sum(any(q.span.overlaps(s) for _, s in all_occurrences) for q in predicted)
    score.extra = {"occurrence_recall": f"{found_occurrences}/{len(all_occurrences)}"}
    return score


def _score_naming(doc: Document, gold: dict[str, Any]) -> Score:
    predicted: tuple[Naming, ...] = doc.layer("naming")
    labels = gold.get("labels", [])
    score = Score(gold_total=len(labels), predicted_total=sum(len(n.labels) for n in predicted))
    best_actor, best_hits = None, -1
    for naming in predicted:
        hits = [g for g in labels if any(u.span.overlaps(s) for u in naming.labels for s in occurrences(doc.text, g))]
        if len(hits) > best_hits:
            best_actor, best_hits = naming, len(hits)
    score.true_positives = max(best_hits, 0)
    if best_actor is not None:
        found = {g for g in labels for u in best_actor.labels for s in occurrences(doc.text, g) if u.span.overlaps(s)}
        score.misses = [repr(g) for g in labels if g not in found]
        score.extra = {"actor": best_actor.actor}
    else:
        score.misses = [repr(g) for g in labels]
    every_label = [s for g in labels for s in occurrences(doc.text, g)]
    score.predicted_correct = sum(
        any(u.span.overlaps(s) for s in every_label) for naming in predicted for u in naming.labels
    )
    return score
