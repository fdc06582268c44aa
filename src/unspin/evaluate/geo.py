"""The ``geo`` suite: toponym recognition and geocoding on the LGL / TR-News XML corpora.

Format (Gritta et al.'s release of LGL and TR-News): ``<article docid><dltime/><text/><toponyms><toponym>
<start/><end/><phrase/><gaztag geonameid><lat/><lon/></gaztag></toponym></toponyms></article>``. Toponyms
without a ``gaztag`` (or without coordinates) count for recognition and are skipped for distances.
TR-News offsets drift on 117 of its 1319 toponyms (mostly 1-2 characters early, at most 10): a gold span
whose text is not its phrase is re-anchored to the nearest occurrence of the phrase within ``ANCHOR_WINDOW``
characters.

Figures:

* ``toponyms``: a predicted place matches a gold toponym when their spans overlap (recall over gold
  toponyms, precision over predicted places). Both corpora also tag demonyms ("Turkish") as toponyms,
  which the places layer leaves out by design; ``recall_without_demonyms`` is the recall over the rest.
* ``geocoding``: among gold toponyms with coordinates that a predicted place overlaps, the share within
  161 km (precision column) and that count over all gold toponyms with coordinates (recall column), with
  the exact GeoNames id rate and mean / median error. The same GeoNames id counts as 0 km: the gold gives
  GeoNames' centroid of a country or state, the gazetteer may give another point of the same place.
* ``geocoding_given_gold``: the places stage cannot be asked to resolve a given name in a document
  without running it, so each gold toponym is geocoded by the stage's own place when one overlaps it (the
  stage's disambiguation in context), else by the gazetteer's most populous candidate for the phrase.
"""

from __future__ import annotations

import datetime as dt
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from unspin.annotations import Place
from unspin.demonyms import lookup_demonym
from unspin.document import Document, Meta
from unspin.errors import InputError
from unspin.evaluate.scoring import EvalReport, Score
from unspin.gazetteer import Gazetteer, distance_km
from unspin.pipeline import Pipeline
from unspin.spans import Span

TOLERANCE_KM = 161.0
"""100 miles: the usual "accuracy@161km" of geocoding evaluations."""
ANCHOR_WINDOW = 12


@dataclass(frozen=True)
class Toponym:
    span: Span
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    re_anchored: bool = False

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None
    toponyms: tuple[Toponym, ...]


def read_articles(path: Path) -> list[Article]:
    """Every article of an LGL / TR-News XML file, with its gold toponyms anchored in its text."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise InputError(
            f"Cannot read {path} as geoparsing XML: {error}.", fix="Pass lgl.xml or TR-News.xml."
        ) from None
    articles = []
    for number, node in enumerate(root.iter("article")):
        text = node.findtext("text") or ""
        toponyms = tuple(_toponym(item, text) for item in node.iter("toponym"))
        articles.append(Article(node.get("docid", str(number)), text, _date(node.findtext("dltime")), toponyms))
    if not articles:
        raise InputError(f"{path} holds no <article> elements.", fix="Pass lgl.xml or TR-News.xml.")
    return articles


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value and value.strip() else None
    except ValueError:
        return None


def _toponym(node: ET.Element, text: str) -> Toponym:
    phrase = (node.findtext("phrase") or "").strip()
    start, end = int(node.findtext("start") or 0), int(node.findtext("end") or 0)
    span, moved = anchor(text, phrase, start, end)
    tag = node.find("gaztag")
    geonameid = int(tag.get("geonameid")) if tag is not None and tag.get("geonameid", "").isdigit() else None
    lat = _number(tag.findtext("lat")) if tag is not None else None
    lon = _number(tag.findtext("lon")) if tag is not None else None
    return Toponym(span, phrase, geonameid, lat, lon, moved)


def anchor(text: str, phrase: str, start: int, end: int) -> tuple[Span, bool]:
    """The gold span, moved to the nearest occurrence of its phrase when the offsets have drifted."""
    if text[start:end] == phrase or not phrase:
        return Span(start, end), False
    low = max(0, start - ANCHOR_WINDOW)
    window = text[low : end + ANCHOR_WINDOW]
    found = [low + i for i in range(len(window)) if window.startswith(phrase, i)]
    if not found:
        return Span(start, min(end, len(text))), False
    best = min(found, key=lambda s: abs(s - start))
    return Span(best, best + len(phrase)), True


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    """The geo suite over every article of an LGL / TR-News XML file."""
    return score_articles(read_articles(data), pipeline, Gazetteer.default(), str(data))


def score_articles(articles: Iterable[Article], pipeline: Pipeline, gazetteer: Gazetteer, data: str = "") -> EvalReport:
    """Run the pipeline on each article and score its places layer against the gold toponyms."""
    tally = _Tally()
    for article in articles:
        doc = pipeline(Document(article.id, article.text, Meta(published=article.published)))
        tally.add(article, doc.layer("places"), gazetteer)
    return EvalReport("geo", data, tally.sections())


class _Tally:
    """Counts over all articles, turned into sections at the end."""

    def __init__(self) -> None:
        self.toponyms = Score()
        self.re_anchored = 0
        self.demonyms = [0, 0]  # gold toponyms that are demonyms, and how many of them were found
        self.end_to_end: list[tuple[float | None, bool]] = []  # (error km, id right) per matched gold toponym
        self.located_gold = 0
        self.given_gold: list[tuple[float | None, bool]] = []
        self.given_via = {"via_stage": 0, "via_gazetteer": 0, "not_in_gazetteer": 0}

    def add(self, article: Article, places: tuple[Place, ...], gazetteer: Gazetteer) -> None:
        score = self.toponyms
        score.gold_total += len(article.toponyms)
        score.predicted_total += len(places)
        score.predicted_correct += sum(any(p.mention.overlaps(g.span) for g in article.toponyms) for p in places)
        for gold in article.toponyms:
            self.re_anchored += gold.re_anchored
            place = _best_overlap(gold.span, places)
            score.true_positives += place is not None
            if lookup_demonym(gold.phrase):
                self.demonyms[0] += 1
                self.demonyms[1] += place is not None
            if place is None:
                score.misses.append(f"{article.id}: {gold.phrase!r} not found")
            if not gold.located:
                continue
            self.located_gold += 1
            if place is not None:
                self.end_to_end.append(_error(gold, place.lat, place.lon, place.geonameid))
            self.given_gold.append(self._given(gold, place, gazetteer))

    def _given(self, gold: Toponym, place: Place | None, gazetteer: Gazetteer) -> tuple[float | None, bool]:
        if place is not None:
            self.given_via["via_stage"] += 1
            return _error(gold, place.lat, place.lon, place.geonameid)
        candidates = [e for e in gazetteer.lookup(gold.phrase) if e.lat is not None]
        if not candidates:
            self.given_via["not_in_gazetteer"] += 1
            return None, False
        self.given_via["via_gazetteer"] += 1
        top = candidates[0]
        return _error(gold, top.lat, top.lon, top.geonameid)

    def sections(self) -> dict[str, Score]:
        gold, found = self.toponyms.gold_total - self.demonyms[0], self.toponyms.true_positives - self.demonyms[1]
        self.toponyms.extra = {
            "re_anchored_gold": self.re_anchored,
            "gold_demonyms": self.demonyms[0],
            "recall_without_demonyms": round(found / gold, 4) if gold else 0.0,
        }
        return {
            "toponyms": self.toponyms,
            "geocoding": _distance_score(self.end_to_end, self.located_gold),
            "geocoding_given_gold": _distance_score(self.given_gold, self.located_gold, self.given_via),
        }


def _best_overlap(span: Span, places: tuple[Place, ...]) -> Place | None:
    overlapping = [p for p in places if p.mention.overlaps(span)]
    if not overlapping:
        return None
    return max(overlapping, key=lambda p: min(p.mention.end, span.end) - max(p.mention.start, span.start))


def _error(gold: Toponym, lat: float | None, lon: float | None, geonameid: int | None) -> tuple[float | None, bool]:
    id_right = gold.geonameid is not None and geonameid == gold.geonameid
    if id_right:
        return 0.0, True
    if lat is None or lon is None:
        return None, False
    return distance_km(gold.lat, gold.lon, lat, lon), id_right  # type: ignore[arg-type]


def _distance_score(results: list[tuple[float | None, bool]], located_gold: int, counts: dict | None = None) -> Score:
    """Precision: share of answered toponyms within 161 km; recall: that count over all located gold toponyms."""
    within = sum(km is not None and km <= TOLERANCE_KM for km, _ in results)
    errors = [km for km, _ in results if km is not None]
    answered = len(results)
    extra: dict[str, float | int] = {
        "accuracy_161km": round(within / answered, 4) if answered else 0.0,
        "exact_geonameid": round(sum(ok for _, ok in results) / answered, 4) if answered else 0.0,
        "mean_km": round(statistics.fmean(errors), 1) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else 0.0,
        **(counts or {}),
    }
    return Score(
        true_positives=within, gold_total=located_gold, predicted_correct=within, predicted_total=answered, extra=extra
    )
