"""HTML pages: main text without boilerplate, page metadata, and the offset map back to the source."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.ingest import read_article
from unspin.ingest.html import looks_like_html
from unspin.ingest.source_map import build_source_map

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ceasefire talks stall &amp; resume | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://example.com/world/ceasefire">
<meta property="article:published_time" content="2023-05-31T10:00:00Z">
<script>var talks = "The foreign minister said";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li>Subscribe now</li></ul></nav>
<article>
<h1>Ceasefire talks stall &amp; resume</h1>
<p>The foreign minister said on Tuesday that &ldquo;talks will continue&rdquo; despite shelling
   near the border town, according to World news agencies.</p>
<p>At least 12 people were killed, officials told reporters. The army denied <b>any</b> involvement &mdash;
calling the reports &quot;fabricated&quot; and &#8220;baseless&#8221;.</p>
<!-- advertisement slot -->
<p>Negotiators from both sides are expected to meet again in Geneva next week,<br>according to a statement
released by the mediators on Wednesday.</p>
<p>Residents of the town, some 40 km from the front line, said they had heard explosions through the night
and that many families had already left for the capital.</p>
</article>
<footer><p>Copyright 2023 The Daily Example. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


@pytest.fixture
def page(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "ceasefire.html"
    path.write_text(PAGE, encoding="utf-8")
    return path, PAGE


def test_main_text_without_boilerplate(page):
    doc = read_article(str(page[0]))
    assert doc.id == "ceasefire"
    assert "Geneva next week" in doc.text
    assert "killed, officials told reporters. The army denied any involvement — calling" in doc.text
    for boilerplate in ("Subscribe now", "Copyright", "Privacy policy", "Home", "var talks"):
        assert boilerplate not in doc.text


def test_source_line_breaks_do_not_split_paragraphs(page):
    doc = read_article(str(page[0]))
    lines = [line for line in doc.text.splitlines() if line.strip()]
    assert any(line.startswith("The foreign minister") and line.endswith("World news agencies.") for line in lines)
    assert any(line.startswith("Residents") and line.endswith("for the capital.") for line in lines)


def test_page_metadata(page):
    meta = read_article(str(page[0])).meta
    assert meta.title == "Ceasefire talks stall & resume"
    assert meta.outlet == "The Daily Example"
    assert meta.url == "https://example.com/world/ceasefire"
    assert meta.published == dt.date(2023, 5, 31)
    assert meta.source == str(page[0])


def test_overrides_beat_page_metadata(page):
    meta = read_article(str(page[0]), published="2023-06-01", outlet="Wire").meta
    assert (meta.published, meta.outlet, meta.title) == (dt.date(2023, 6, 1), "Wire", "Ceasefire talks stall & resume")


def test_every_mapped_segment_matches_the_source(page):
    doc = read_article(str(page[0]))
    source = page[1]
    assert doc.source_map
    for segment in doc.source_map:
        text_slice = doc.text[segment.text_start : segment.text_start + segment.length]
        source_slice = source[segment.source_start : segment.source_start + segment.length]
        assert html.unescape(source_slice) == text_slice


def test_map_covers_the_text_in_order(page):
    doc = read_article(str(page[0]))
    mapped = sum(segment.length for segment in doc.source_map)
    words = sum(len(word) for word in doc.text.split())
    assert mapped >= 0.9 * words
    starts = [segment.source_start for segment in doc.source_map]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    ("phrase", "in_source"),
    [
        ("Geneva next week", "Geneva next week"),
        ("World news agencies", "World news agencies"),  # also in the nav: the article's occurrence is meant
        ("according to a statement", "according to a statement"),  # after a <br>
        ("any involvement", "any</b> involvement"),
        ("40 km from the front line", "40 km from the front line"),
    ],
)
def test_offsets_point_at_the_article_in_the_source(page, phrase, in_source):
    doc = read_article(str(page[0]))
    source = page[1]
    start = doc.text.index(phrase)
    expected = source.index(in_source, source.index("<article>"))
    assert doc.source_offset(start) == expected
    assert doc.source_offset(start + len(phrase) - 1) == expected + len(in_source) - 1


def test_decoded_references_are_left_unmapped(page):
    doc = read_article(str(page[0]))
    assert doc.source_offset(doc.text.index("“talks")) is None
    assert doc.source_offset(doc.text.index("talks will")) == PAGE.index("talks will")


def test_runs_the_extractor_rewrote_stay_unmapped():
    source = "<p>Alpha beta gamma delta epsilon.</p><p>Zeta eta theta iota kappa.</p>"
    text = "Alpha beta gamma delta epsilon.\nSOMETHING ELSE ENTIRELY\nZeta eta theta iota kappa."
    segments = build_source_map(text, source)
    mapped = "".join(text[s.text_start : s.text_start + s.length] for s in segments)
    assert "SOMETHING" not in mapped
    assert "Alpha beta" in mapped and "iota kappa." in mapped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!doctype html><html><body>x</body></html>", True),
        ("\n  <HTML><head></head>", True),
        ("<p>A paragraph fragment.</p>", True),
        ('<div class="story">Text</div>', True),
        ("<?xml version='1.0'?><html><body>x</body></html>", True),
        ("The minister said 3 < 4 in a speech.", False),
        ("<Monday> was a strange title for a story.", False),
        ("Plain prose mentioning the <p> tag later.", False),
    ],
)
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    "page_text",
    [
        "<html><body><script>var a = 1;</script></body></html>",
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<html><!-- only a comment --></html>",
    ],
)
def test_pages_without_article_text_are_refused(tmp_path, page_text):
    path = tmp_path / "empty.html"
    path.write_text(page_text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    assert caught.value.code == "bad_html"
    assert ".txt" in str(caught.value)


def test_unparseable_page_is_refused(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<!-- a comment and nothing else -->", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    assert caught.value.code == "bad_html"
    assert "cannot be parsed" in str(caught.value)


def test_declared_charset_is_honoured(tmp_path):
    page = '<html><head><meta charset="iso-8859-1"></head><body><article><p>Le président a déclaré que '
    page += "les négociations reprendraient la semaine prochaine à Genève.</p></article></body></html>"
    path = tmp_path / "fr.html"
    path.write_bytes(page.encode("latin-1"))
    assert "président a déclaré" in read_article(str(path)).text


def test_undeclared_latin1_page_is_refused(tmp_path):
    path = tmp_path / "fr.html"
    path.write_bytes("<html><body><p>Le président a déclaré.</p></body></html>".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    assert caught.value.code == "not_utf8"
