"""The polnear suite on a three-sentence invented article, where every figure is known by construction."""

from __future__ import annotations

import pytest

from conftest import SHARED
from unspin.annotations import Statement
from unspin.document import Document
from unspin.evaluate.polnear import (
    SECTIONS,
    Article,
    TokenIndex,
    exact,
    load_articles,
    names_someone,
    overlap,
    parse_ann,
    predicted_attributions,
    ratio_overlap,
    same_speaker,
    score_article,
    score_articles,
)
from unspin.evaluate.scoring import Score
from unspin.spans import Span

TEXT = (
    "Maria Lopez said the budget would pass. “We have the votes,” she told reporters. "
    "The plan is popular, according to a new poll."
)


def at(needle: str, start: int = 0) -> Span:
    found = TEXT.index(needle, start)
    return Span(found, found + len(needle))


def t_line(tid: str, role: str, *needles: str) -> str:
    spans = [at(n) for n in needles]
    ranges = ";".join(f"{s.start} {s.end}" for s in spans)
    return f"{tid}\t{role} {ranges}\t{' '.join(s.of(TEXT) for s in spans)}"


ANN = "\n".join(
    [
        t_line("T1", "Source", "Maria Lopez"),
        t_line("T2", "Cue", "said"),
        t_line("T3", "Content", "the budget would pass"),
        t_line("T4", "Attribution", "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Content", "“We have the votes,”"),
        t_line("T6", "Source", "she"),
        t_line("T7", "Cue", "told"),
        "E2\tAttribution:T7 Cue:T7 Source:T6 Content:T5",
        t_line("T8", "Content", "The plan is popular"),
        t_line("T9", "Cue", "according to"),
        "E3\tAttribution-no-source:T9 Content:T8 Cue:T9",
        t_line("T10", "Discuss", "a new poll"),
    ]
)


def statement(sid: str, content: str, cue: str | None, speaker: str | None, name: str | None, **kw) -> Statement:
    return Statement(
        sid, "direct", at(content), at(cue) if cue else None, at(speaker) if speaker else None, None, name, **kw
    )


def report_for(statements: tuple[Statement, ...]) -> dict[str, Score]:
    doc = Document("a", TEXT)
    doc.layers["statements"] = statements
    sections = {name: Score() for name in SECTIONS}
    score_article(Article("a", TEXT, "aaaa", parse_ann(ANN)), predicted_attributions(doc), sections)
    return sections


def test_parse_ann_ties_roles_and_ignores_discussion_spans():
    e1, e2, e3 = parse_ann(ANN)
    assert (e1.source, e1.cue, e1.content) == ((at("Maria Lopez"),), (at("said"),), (at("the budget would pass"),))
    assert e2.source == (at("she"),)
    assert e3.source == () and e3.cue == (at("according to"),)


def test_parse_ann_joins_discontinuous_and_second_content():
    ann = "\n".join(
        [
            "T1\tContent 0 5;10 12\tab",
            "T2\tContent 20 25\tcd",
            "T3\tCue 14 18\tsaid",
            "E1\tAttribution:T3 Content:T1 Cue:T3 Content2:T2",
        ]
    )
    (attribution,) = parse_ann(ann)
    assert attribution.content == (Span(0, 5), Span(10, 12), Span(20, 25))
    assert attribution.source == ()


TOKENS = TokenIndex("one two three four five six seven eight nine ten")


@pytest.mark.parametrize(
    ("gold", "predicted", "rule", "expected"),
    [
        (Span(0, 13), Span(0, 13), exact, True),
        (Span(0, 13), Span(0, 7), exact, False),
        (Span(0, 13), Span(0, 14), exact, True),  # a trailing space or mark adds no token
        (Span(0, 13), Span(8, 30), overlap, True),
        (Span(0, 7), Span(8, 13), overlap, False),
        (Span(0, 13), Span(1, 2), overlap, True),  # one character inside a token is that token
        (Span(0, 48), Span(0, 13), ratio_overlap, True),  # 3 of 10 tokens
        (Span(0, 48), Span(0, 7), ratio_overlap, False),  # 2 of 10 tokens
        (Span(0, 7), Span(0, 48), ratio_overlap, False),  # the longer side decides, either way round
    ],
)
def test_match_rules(gold, predicted, rule, expected):
    assert rule(TOKENS.of([gold]), TOKENS.of([predicted])) is expected


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("Maria Lopez", "Maria Lopez", True),
        ("Lopez", "Maria Lopez", True),
        ("Sen. Maria Lopez's campaign", "Maria Lopez", True),
        ("Maria Lopez", "Maria", True),  # the rule is lenient: the predicted last word is in the gold source
        ("Maria Lopez", "Juan Perez", False),
        ("the campaign", "Maria Lopez", False),
        ("officials", "", False),
    ],
)
def test_same_speaker(gold, predicted, expected):
    assert same_speaker(gold, predicted) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Maria Lopez", True),
        ("White House spokesman Josh Earnest", True),
        ("Lopez's", True),
        ("The Republican presidential nominee", False),
        ("a Maria Lopez tweet", False),
        ("She", False),
    ],
)
def test_names_someone(source, expected):
    assert names_someone(source) is expected


PERFECT = (
    statement("s1", "the budget would pass", "said", "Maria Lopez", "Maria Lopez"),
    statement("s2", "We have the votes", "told", "she", "Maria Lopez"),
    statement("s3", "popular", "according to", "a new poll", None),
)


@pytest.mark.parametrize(
    ("section", "found", "gold", "predicted"),
    [
        ("content exact", 2, 3, 3),  # "popular" is 1 token of "The plan is popular"
        ("content overlap", 3, 3, 3),
        ("content overlap 0.3", 2, 3, 3),  # 1 of 4 tokens is under 0.3
        ("cue exact", 3, 3, 3),
        ("cue overlap", 3, 3, 3),
        ("source exact", 2, 2, 3),  # E3 has no gold source: "a new poll" is an extra source
        ("source overlap", 2, 2, 3),
        ("attribution", 2, 2, 3),
        ("speaker", 2, 2, 2),
        ("speaker (pronoun sources)", 1, 1, 1),  # "she" is compared with "Maria Lopez", named before it
    ],
)
def test_figures_by_construction(section, found, gold, predicted):
    score = report_for(PERFECT)[section]
    assert (score.true_positives, score.gold_total, score.predicted_total) == (found, gold, predicted)


@pytest.mark.parametrize(
    ("name", "speaker", "pronoun"),
    [
        ("Maria Lopez", 2, 1),
        (None, 1, 0),  # an unresolved "she" is not credited with the pronoun source
        ("Juan Perez", 1, 0),
    ],
)
def test_pronoun_sources_need_the_named_referent(name, speaker, pronoun):
    sections = report_for((PERFECT[0], statement("s2", "We have the votes", "told", "she", name), PERFECT[2]))
    assert sections["speaker"].true_positives == speaker
    assert sections["speaker (pronoun sources)"].true_positives == pronoun


def test_a_missed_attribution_lowers_recall_only():
    sections = report_for(PERFECT[:2])
    assert sections["content overlap"].recall == pytest.approx(2 / 3)
    assert sections["content overlap"].precision == 1.0
    assert sections["content overlap"].misses == ["a: 'The plan is popular'"]


def test_one_prediction_matches_one_gold_only():
    twice = (PERFECT[0], statement("s9", "budget", "said", "Maria Lopez", "Maria Lopez"))
    score = report_for(twice)["content overlap"]
    assert (score.true_positives, score.predicted_total) == (1, 2)


def test_continuation_chain_is_one_attribution():
    doc = Document("a", TEXT)
    doc.layers["statements"] = (
        statement("s1", "the budget would pass", "said", "Maria Lopez", "Maria Lopez"),
        statement("s2", "We have the votes", None, None, "Maria Lopez", continuation_of="s1"),
    )
    (attribution,) = predicted_attributions(doc)
    assert attribution.content == (at("the budget would pass"), at("We have the votes"))
    assert attribution.source == (at("Maria Lopez"),) and attribution.name == "Maria Lopez"


def test_load_articles_uses_the_first_annotator(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "a_ef2d.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "a_4b22.ann").write_text(ANN, encoding="utf-8")
    (article,) = load_articles(tmp_path)
    assert (article.annotator, article.annotators, len(article.attributions)) == ("4b22", 2, 3)


def test_smoke_on_shared_dev(pipeline):
    dev = SHARED / "data" / "polnear" / "data" / "dev"
    if not dev.is_dir():
        pytest.skip(f"PolNeAR dev is not at {dev} (../shared is absent on this machine)")
    report = score_articles(load_articles(dev, limit=3), pipeline, str(dev))
    content = report.sections["content overlap"]
    assert content.gold_total > 0 and content.predicted_total > 0
    assert 0 < content.f1 <= 1
    assert report.sections["source overlap"].gold_total <= content.gold_total
