"""The geo suite on a hand-written two-toponym LGL-like file, where the right figures are known by construction."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED
from unspin.annotations import Place
from unspin.document import Document
from unspin.evaluate.geo import anchor, read_articles, score_articles
from unspin.gazetteer import GazetteerEntry, distance_km
from unspin.spans import Span

GEOPARSING = SHARED / "data" / "geoparsing"
TEXT = "Flooding hit Alexandria on Monday, officials in Rapides Parish said."

XML = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="a1">
    <dltime>2009-03-20 12:24:52-05</dltime>
    <text><![CDATA[{TEXT}]]></text>
    <toponyms>
      <toponym><start>13</start><end>23</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><lat>31.3113</lat><lon>-92.4451</lon></gaztag>
      </toponym>
      <toponym><start>48</start><end>62</end><phrase>Rapides Parish</phrase>
        <gaztag geonameid="4338356"><name>Rapides Parish</name><lat>31.1669</lat><lon>-92.4835</lon></gaztag>
      </toponym>
    </toponyms>
  </article>
</articles>
"""

ALEXANDRIA_LA = Place("p1", Span(13, 23), "Alexandria", 4314550, "US", "LA", 31.31, -92.45, "city", "city", 0.8)
ALEXANDRIA_EG = Place("p1", Span(13, 23), "Alexandria", 361058, "EG", None, 31.20, 29.92, "city", "city", 0.8)
RAPIDES = Place("p2", Span(48, 62), "Rapides Parish", 4338356, "US", "LA", 31.0, -92.5, "district", "district", 0.8)
RAPIDES_NEAR = Place("p2", Span(48, 55), "Rapides", 1, "US", "LA", 31.5, -92.5, "town", "town", 0.7)
MONDAY = Place("p3", Span(27, 33), "Monday", 2, "LR", None, 6.0, -10.0, "town", "town", 0.7)


class _Gazetteer:
    """Knows one far-away Rapides Parish and nothing else."""

    def lookup(self, name: str) -> list[GazetteerEntry]:
        if name == "Rapides Parish":
            return [GazetteerEntry(3, "Rapides", "FR", None, 45.0, 2.0, 10, "town")]
        return []


class _Pipeline:
    def __init__(self, places: tuple[Place, ...]) -> None:
        self.places = places

    def __call__(self, doc: Document) -> Document:
        doc.layers["places"] = self.places
        return doc


@pytest.fixture
def articles(tmp_path: Path):
    path = tmp_path / "mini.xml"
    path.write_text(XML, encoding="utf-8")
    return read_articles(path)


def test_reads_articles_and_toponyms(articles):
    (article,) = articles
    assert article.id == "a1" and str(article.published) == "2009-03-20"
    assert [t.span.of(article.text) for t in article.toponyms] == ["Alexandria", "Rapides Parish"]
    assert article.toponyms[0].geonameid == 4314550 and article.toponyms[1].lat == 31.1669


# places predicted -> (toponym P, R), (end-to-end accuracy@161, exact id), (given-gold accuracy, via_gazetteer)
CASES = [
    ((ALEXANDRIA_LA, RAPIDES), (1.0, 1.0), (1.0, 1.0), (1.0, 0)),
    ((ALEXANDRIA_EG, RAPIDES), (1.0, 1.0), (0.5, 0.5), (0.5, 0)),
    ((ALEXANDRIA_LA, RAPIDES, MONDAY), (2 / 3, 1.0), (1.0, 1.0), (1.0, 0)),
    ((ALEXANDRIA_LA, RAPIDES_NEAR), (1.0, 1.0), (1.0, 0.5), (1.0, 0)),
    ((ALEXANDRIA_LA,), (1.0, 0.5), (1.0, 1.0), (0.5, 1)),
    ((), (0.0, 0.0), (0.0, 0.0), (0.0, 1)),
]


@pytest.mark.parametrize(("places", "toponyms", "end_to_end", "given"), CASES)
def test_figures_known_by_construction(articles, places, toponyms, end_to_end, given):
    report = score_articles(articles, _Pipeline(places), _Gazetteer())  # type: ignore[arg-type]
    found = report.sections["toponyms"]
    assert (found.precision, found.recall) == pytest.approx(toponyms)
    geocoding = report.sections["geocoding"].extra
    assert (geocoding["accuracy_161km"], geocoding["exact_geonameid"]) == pytest.approx(end_to_end)
    given_gold = report.sections["geocoding_given_gold"]
    assert (given_gold.recall, given_gold.extra["via_gazetteer"]) == pytest.approx(given)


def test_demonyms_are_counted_apart(tmp_path: Path):
    path = tmp_path / "demonym.xml"
    text = "Turkish troops entered Syria."
    path.write_text(
        f"""<articles><article docid="d"><text>{text}</text><toponyms>
        <toponym><start>0</start><end>7</end><phrase>Turkish</phrase></toponym>
        <toponym><start>23</start><end>28</end><phrase>Syria</phrase></toponym></toponyms></article></articles>""",
        encoding="utf-8",
    )
    syria = Place("p1", Span(23, 28), "Syria", 163843, "SY", None, 35.0, 38.0, "country", "country", 0.95)
    report = score_articles(read_articles(path), _Pipeline((syria,)), _Gazetteer())  # type: ignore[arg-type]
    toponyms = report.sections["toponyms"]
    assert toponyms.recall == 0.5
    assert toponyms.extra["gold_demonyms"] == 1 and toponyms.extra["recall_without_demonyms"] == 1.0


def test_error_distances(articles):
    report = score_articles(articles, _Pipeline((ALEXANDRIA_EG, RAPIDES_NEAR)), _Gazetteer())  # type: ignore[arg-type]
    extra = report.sections["geocoding"].extra
    far = distance_km(31.3113, -92.4451, ALEXANDRIA_EG.lat, ALEXANDRIA_EG.lon)
    near = distance_km(31.1669, -92.4835, RAPIDES_NEAR.lat, RAPIDES_NEAR.lon)
    assert far > 10_000 and near < 161
    assert extra["mean_km"] == extra["median_km"] == pytest.approx((far + near) / 2, abs=0.1)


@pytest.mark.parametrize(
    ("start", "end", "expected", "moved"),
    [
        (13, 23, (13, 23), False),  # exact
        (15, 25, (13, 23), True),  # drifted two characters late
        (23, 33, (13, 23), True),  # drifted ten characters late
        (40, 50, (40, 50), False),  # the phrase is nowhere near: kept as given
    ],
)
def test_anchor(start, end, expected, moved):
    span, was_moved = anchor(TEXT, "Alexandria", start, end)
    assert (span.start, span.end) == expected and was_moved == moved


def test_every_tr_news_toponym_is_anchored_on_its_phrase():
    if not (GEOPARSING / "TR-News.xml").exists():
        pytest.skip(f"the shared geoparsing corpora are not at {GEOPARSING} (../shared is absent)")
    articles = read_articles(GEOPARSING / "TR-News.xml")
    wrong = [(a.id, t.phrase) for a in articles for t in a.toponyms if t.span.of(a.text) != t.phrase]
    assert not wrong
    assert sum(t.re_anchored for a in articles for t in a.toponyms) > 100


def test_smoke_on_lgl(pipeline):
    if not (GEOPARSING / "lgl.xml").exists():
        pytest.skip(f"the shared geoparsing corpora are not at {GEOPARSING} (../shared is absent)")
    from unspin.gazetteer import Gazetteer

    articles = read_articles(GEOPARSING / "lgl.xml")[:5]
    report = score_articles(articles, pipeline, Gazetteer.default())
    assert report.sections["toponyms"].gold_total == sum(len(a.toponyms) for a in articles)
    assert report.sections["toponyms"].true_positives > 0
    assert report.sections["geocoding_given_gold"].predicted_total > 0
