"""The PTC suite on tiny hand-written PTC folders, where every figure is known by construction.

The worked example (two articles, offsets into 40-character texts):

article 100: gold Loaded_Language 0-10, Name_Calling,Labeling 5-15, Doubt 20-30 and Loaded_Language 20-30;
             predicted Loaded_Language 0-10 and Doubt 25-35.
article 200: gold Flag-Waving 0-8; predicted Loaded_Language 10-20.

SI: gold merges to 100:0-15, 100:20-30, 200:0-8 (3 spans); predicted 3 spans.
    P = (10/10 + 5/10 + 0) / 3 = 0.5;  R = (10/15 + 5/10 + 0) / 3 = 7/18;  F1 = 7/16.
Technique-aware: LL P 1/2, R 1/2; Doubt P 1/1 * 0.5, R 0.5; so P = 1.5/3 = 0.5, R = 1.5/5 = 0.3, F1 = 0.375.
TC: 0-10 -> LL (right), 5-15 -> LL (wrong), 20-30 x2 -> {Doubt, fallback LL} (both right),
    200:0-8 -> fallback LL (wrong): 3 of 5 = 0.6.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.annotations import Rhetoric
from unspin.document import Document
from unspin.errors import InputError
from unspin.evaluate.ptc import (
    FALLBACK_TECHNIQUE,
    Labelled,
    classify_gold_spans,
    load_ptc,
    merge_overlapping,
    overlap_credit,
    predicted_spans,
    ranked_answers,
    run,
    score_ptc,
    training_ids,
    validation_ids,
)
from unspin.spans import Span

PTC = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ptc"

TEXT = "x" * 40
GOLD_TC = {
    "100": [
        ("Loaded_Language", 0, 10),
        ("Name_Calling,Labeling", 5, 15),
        ("Doubt", 20, 30),
        ("Loaded_Language", 20, 30),
    ],
    "200": [("Flag-Waving", 0, 8)],
}
PREDICTED = {
    "100": [Labelled(0, 10, "Loaded_Language"), Labelled(25, 35, "Doubt")],
    "200": [Labelled(10, 20, "Loaded_Language")],
}


def _write_ptc(root: Path, gold: dict[str, list[tuple[str, int, int]]], *, combined: bool = False) -> Path:
    """A PTC folder: train-articles/, and labels per article (as shipped) or in one file per task."""
    (root / "train-articles").mkdir(parents=True)
    si_lines, tc_lines = {}, {}
    for article_id, labels in gold.items():
        (root / "train-articles" / f"article{article_id}.txt").write_text(TEXT, encoding="utf-8")
        tc_lines[article_id] = [f"{article_id}\t{t}\t{s}\t{e}\n" for t, s, e in labels]
        si_lines[article_id] = [f"{article_id}\t{s}\t{e}\n" for s, e in sorted({(s, e) for _, s, e in labels})]
    if combined:
        (root / "train-task1-SI.labels").write_text("".join(map("".join, si_lines.values())), encoding="utf-8")
        (root / "train-task2-TC.labels").write_text("".join(map("".join, tc_lines.values())), encoding="utf-8")
        return root
    for task, folder, lines in (
        ("task1-SI", "train-labels-task1-span-identification", si_lines),
        ("task2-TC", "train-labels-task2-technique-classification", tc_lines),
    ):
        (root / folder).mkdir()
        for article_id, rows in lines.items():
            (root / folder / f"article{article_id}.{task}.labels").write_text("".join(rows), encoding="utf-8")
    return root


class FakeTechniques:
    """Ranks every span's techniques by a table of (start, end) -> ranking."""

    def __init__(self, rankings: dict[tuple[int, int], list[str]]) -> None:
        self.rankings = rankings

    def ranked(self, text: str, spans: list[Span]) -> list[list[tuple[str, float]]]:
        return [[(t, 1.0 / (i + 1)) for i, t in enumerate(self.rankings[s.start, s.end])] for s in spans]


class FakePipeline:
    """Stands in for the pipeline: puts the given spans into the rhetoric layer; its rhetoric stage has the given
    technique head, if any."""

    def __init__(self, spans: dict[str, list[Labelled]], techniques: FakeTechniques | None = None) -> None:
        self.spans = spans
        self.techniques = techniques

    def stage_function(self, layer: str) -> object:
        return self if layer == "rhetoric" and self.techniques is not None else None

    def __call__(self, doc: Document) -> Document:
        doc.layers["rhetoric"] = tuple(
            Rhetoric(f"r{i}", Span(s.start, s.end), s.technique, "article", None, 1.0)
            for i, s in enumerate(self.spans.get(doc.id, ()))
        )
        return doc


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([(0, 5), (3, 8)], [(0, 8)]),
        ([(0, 5), (5, 8)], [(0, 5), (5, 8)]),  # touching spans share no character: kept apart, as the scorer does
        ([(10, 20), (0, 4), (2, 12)], [(0, 20)]),  # merged transitively
        ([(0, 10), (2, 3)], [(0, 10)]),
        ([], []),
    ],
)
def test_merge_overlapping(spans, merged):
    assert [(s.start, s.end) for s in merge_overlapping(Labelled(a, b) for a, b in spans)] == merged


@pytest.mark.parametrize(
    ("predicted", "gold", "credits"),
    [
        ([(0, 10)], [(5, 15)], (0.5, 0.5)),
        ([(0, 4)], [(0, 8)], (1.0, 0.5)),
        ([(0, 10)], [(0, 2), (4, 6)], (0.4, 2.0)),  # one prediction over two gold spans earns recall for both
        ([(0, 5)], [(5, 10)], (0.0, 0.0)),
        ([(0, 3), (6, 9)], [(0, 12)], (2.0, 0.5)),
    ],
)
def test_overlap_credit_sums_shared_characters_over_lengths(predicted, gold, credits):
    p, r = overlap_credit([Labelled(*s) for s in predicted], [Labelled(*t) for t in gold])
    assert (p, r) == pytest.approx(credits)


@pytest.mark.parametrize(
    ("gold", "predicted", "answers"),
    [
        ([(0, 10, "Doubt")], [(0, 4, "Slogans"), (2, 12, "Doubt")], ["Doubt"]),  # the largest overlap wins
        ([(0, 10, "Doubt")], [(20, 30, "Slogans")], [FALLBACK_TECHNIQUE]),  # nothing overlaps: the fallback
        ([(0, 10, "A"), (0, 10, "B")], [(0, 9, "B"), (0, 3, "A")], ["B", "A"]),  # one span, two labels
        ([(0, 10, "A"), (0, 10, "B")], [(0, 9, "B")], ["B", FALLBACK_TECHNIQUE]),
        ([(0, 10, "A")], [(0, 5, "Z"), (5, 10, "B")], ["B"]),  # equal overlaps: alphabetical order
    ],
)
def test_classify_gold_spans(gold, predicted, answers):
    result = classify_gold_spans([Labelled(*g) for g in gold], [Labelled(*p) for p in predicted])
    assert [a.technique for a in result] == answers
    assert [(a.start, a.end) for a in result] == [(g[0], g[1]) for g in gold]


@pytest.mark.parametrize("combined", [False, True], ids=["per-article files", "one file per task"])
def test_worked_example(tmp_path, combined):
    data = _write_ptc(tmp_path / "ptc", GOLD_TC, combined=combined)
    report = run(data, FakePipeline(PREDICTED), part="all")  # type: ignore[arg-type]
    figures = report.to_dict()
    si = figures["span identification (SI)"]
    assert (si["precision"], si["recall"], si["f1"]) == pytest.approx((0.5, 7 / 18, 7 / 16), abs=1e-4)
    assert (si["gold"], si["predicted"], si["found"]) == (3, 3, 2)
    aware = figures["technique-aware spans"]
    assert (aware["precision"], aware["recall"], aware["f1"]) == pytest.approx((0.5, 0.3, 0.375), abs=1e-4)
    assert (aware["gold"], aware["predicted"]) == (5, 3)
    tc = figures["technique classification (TC)"]
    assert (tc["f1"], tc["precision"], tc["recall"], tc["gold"]) == (0.6, 0.6, 0.6, 5)
    assert tc["fallback_answers"] == 2
    expected_per_technique = {
        "Loaded_Language": (0.5, 0.5, 0.5, 1.0),  # SI P, R, F1; TC recall
        "Doubt": (0.5, 0.5, 0.5, 1.0),
        "Name_Calling,Labeling": (0.0, 0.0, 0.0, 0.0),
        "Flag-Waving": (0.0, 0.0, 0.0, 0.0),
    }
    for technique, (p, r, f1, tc_recall) in expected_per_technique.items():
        row = figures[technique]
        assert (row["precision"], row["recall"], row["f1"], row["tc_recall"]) == (p, r, f1, tc_recall), technique
    assert figures["Loaded_Language"]["tc_precision"] == 0.5  # 2 right of 4 answers (two of them fallbacks)


def test_a_technique_head_answers_tc_on_the_gold_spans(tmp_path):
    data = _write_ptc(tmp_path / "ptc", GOLD_TC)
    techniques = FakeTechniques(
        {
            (0, 10): ["Loaded_Language", "Doubt"],  # right
            (5, 15): ["Doubt", "Name_Calling,Labeling"],  # wrong
            (20, 30): ["Loaded_Language", "Slogans", "Doubt"],  # two lines: LL right, Slogans wrong
            (0, 8): ["Flag-Waving"],  # right
        }
    )
    report = run(data, FakePipeline(PREDICTED, techniques), part="all")  # type: ignore[arg-type]
    tc = report.to_dict()["technique classification (TC)"]
    assert (tc["f1"], tc["gold"]) == (0.6, 5)
    assert "TC by the technique head" in report.data
    assert report.to_dict()["span identification (SI)"]["f1"] == pytest.approx(7 / 16, abs=1e-4)  # spans as before


@pytest.mark.parametrize(
    ("gold", "rankings", "answers"),
    [
        ([(0, 10, "A")], [["B", "A"]], ["B"]),
        ([(0, 10, "A"), (0, 10, "B")], [["C", "B", "A"], ["C", "B", "A"]], ["C", "B"]),  # same offsets: k best
        ([(0, 10, "A"), (0, 10, "B")], [["C"], ["C"]], ["C", FALLBACK_TECHNIQUE]),
        ([(0, 10, "A"), (5, 10, "B")], [["A"], ["B"]], ["A", "B"]),
    ],
)
def test_ranked_answers(gold, rankings, answers):
    ranked = [[(t, 0.5) for t in ranking] for ranking in rankings]
    assert [a.technique for a in ranked_answers([Labelled(*g) for g in gold], ranked)] == answers


def test_perfect_predictions_score_one(tmp_path):
    data = _write_ptc(tmp_path / "ptc", GOLD_TC)
    perfect = {i: [Labelled(s, e, t) for t, s, e in labels] for i, labels in GOLD_TC.items()}
    figures = run(data, FakePipeline(perfect), part="all").to_dict()  # type: ignore[arg-type]
    for section in ("span identification (SI)", "technique-aware spans", "technique classification (TC)"):
        assert figures[section]["f1"] == 1.0, section


def test_predictions_are_written_in_the_submission_formats(tmp_path):
    data = _write_ptc(tmp_path / "ptc", GOLD_TC)
    out = tmp_path / "out"
    run(data, FakePipeline(PREDICTED), predictions=out, part="all")  # type: ignore[arg-type]
    assert (out / "submission-task-SI.tsv").read_text().splitlines() == ["100\t0\t10", "100\t25\t35", "200\t10\t20"]
    assert (out / "submission-task-TC.tsv").read_text().splitlines() == [
        "100\tLoaded_Language\t0\t10",
        "100\tLoaded_Language\t5\t15",
        "100\tDoubt\t20\t30",
        "100\tLoaded_Language\t20\t30",
        f"200\t{FALLBACK_TECHNIQUE}\t0\t8",
    ]
    assert len((out / "gold-task-TC.labels").read_text().splitlines()) == 5
    assert len((out / "gold-task-SI.labels").read_text().splitlines()) == 4


def test_run_scores_the_validation_part_by_default(tmp_path):
    ids = [str(n) for n in range(100, 140)]
    kept = validation_ids(ids)
    assert kept and len(kept) < len(ids)
    data = _write_ptc(tmp_path / "ptc", {i: [("Doubt", 0, 8)] for i in ids})
    figures = run(data, FakePipeline({}))  # type: ignore[arg-type]
    assert figures.to_dict()["span identification (SI)"]["gold"] == len(kept)
    assert f"validation, {len(kept)} articles" in figures.data


def test_validation_split_is_a_stable_fifth_by_article():
    ids = [str(111111111 + n) for n in range(2000)]
    kept = set(validation_ids(ids))
    assert 0.17 < len(kept) / len(ids) < 0.23
    assert kept.isdisjoint(training_ids(ids)) and kept | set(training_ids(ids)) == set(ids)
    assert set(validation_ids(ids[:500])) == kept & set(ids[:500])  # one article's side never depends on others
    assert validation_ids(reversed(ids)) == sorted(kept)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({"100": [("Doubt", 30, 50)]}, "outside its 40 characters"),
        ({"100": [("Doubt", 3, "x")]}, "is not a PTC TC label line"),
    ],
)
def test_bad_labels_are_refused(tmp_path, labels, message):
    data = _write_ptc(tmp_path / "ptc", labels)
    with pytest.raises(InputError, match=message):
        load_ptc(data, "all")


def test_a_folder_without_labels_is_refused(tmp_path):
    (tmp_path / "train-articles").mkdir()
    (tmp_path / "train-articles" / "article1.txt").write_text(TEXT)
    with pytest.raises(InputError, match="No PTC label files"):
        load_ptc(tmp_path, "all")


def test_shared_ptc_smoke(pipeline, tmp_path):
    if not (PTC / "train-articles").is_dir():
        pytest.skip(f"the shared PTC data is not at {PTC} (../shared is absent on this machine)")
    articles = load_ptc(PTC, "validation")[:3]
    for article in articles:
        assert article.id in validation_ids([article.id, "1"])
        assert article.text == (PTC / "train-articles" / f"article{article.id}.txt").read_bytes().decode("utf-8")
        # the SI gold is the TC gold without techniques, once merged
        assert merge_overlapping(article.si) == merge_overlapping(Labelled(t.start, t.end) for t in article.tc)
    predicted = {a.id: predicted_spans(pipeline(Document(a.id, a.text))) for a in articles}
    figures = score_ptc(articles, predicted).to_dict()
    si = figures["span identification (SI)"]
    assert si["gold"] == sum(len(merge_overlapping(a.si)) for a in articles)
    assert all(0.0 <= row["f1"] <= 1.0 for row in figures.values())
    assert figures["technique classification (TC)"]["gold"] == sum(len(a.tc) for a in articles)
