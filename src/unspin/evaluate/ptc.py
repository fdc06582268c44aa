"""The ``ptc`` suite: persuasion-technique spans scored as in SemEval-2020 Task 11 on the PTC corpus.

Data: PTC's folder layout (``../shared/data/ptc``): ``train-articles/article<ID>.txt`` and the labels, either
per article (``*-labels-task1-span-identification/article<ID>.task1-SI.labels``,
``*-labels-task2-technique-classification/article<ID>.task2-TC.labels``) or in one file per task
(``*task1-SI.labels``, ``*task2-TC.labels``). A TC line is ``ID<TAB>technique<TAB>start<TAB>end`` and an SI
line ``ID<TAB>start<TAB>end``: character offsets into the raw article file (read without stripping or
newline translation), end exclusive; spans may overlap, and one span may carry several techniques.

Split: the product trains on PTC's train articles, so it keeps a fixed part of them for validation, chosen by
article: :func:`validation_ids` (about 20%, by a salted SHA-256 of the article id; stable when articles are
added or removed). :func:`run` scores that part unless ``part`` says otherwise.

Figures (Da San Martino et al., "SemEval-2020 Task 11: Detection of Propaganda Techniques in News
Articles", SemEval 2020, Section 3; the task's ``task-SI_scorer.py``):

* Span identification (SI). In each article, overlapping gold spans are merged (spans sharing at least one
  character; touching spans stay apart), and so are predicted spans. For predicted spans S and gold spans T,
  over all articles::

      P = 1/|S| * sum_{s in S, t in T of the same article} |s ∩ t| / |s|
      R = 1/|T| * sum_{s in S, t in T of the same article} |s ∩ t| / |t|
      F1 = 2PR / (P + R)      (1.0 when there are neither gold nor predicted spans, as in the scorer)

* Technique-aware spans: the same formula where a pair only counts when s and t share the technique; spans
  are merged within a technique, |S| and |T| count the merged spans of every technique (micro average).
  The per-technique sections are this formula restricted to one technique.
* Technique classification (TC), given the gold spans: when the pipeline's rhetoric stage names the techniques
  of given spans (the ``v2`` model stages' technique head), each gold span gets its best technique (a span that
  k gold lines label gets its k best). Otherwise each gold TC span gets the technique of the predicted
  rhetoric span that overlaps it most (ties: the technique first in alphabetical order); a span that
  several gold lines label with k techniques gets the k best distinct techniques; a gold span no prediction
  overlaps gets :data:`FALLBACK_TECHNIQUE`. Correct answers are counted per span as the multiset
  intersection of predicted and gold techniques (what the task scorer's alignment does), so micro-F1 =
  precision = recall = accuracy. Each per-technique section also carries that class's TC precision, recall
  and F1 (``tc_*``), as the task scorer lists them.

``predictions=DIR`` writes the task's submission files for the scored articles (``submission-task-SI.tsv``,
``submission-task-TC.tsv``) and the matching gold files (``gold-task-SI.labels``, ``gold-task-TC.labels``),
so the official scorers can check them: ``task-SI_scorer.py -s submission-task-SI.tsv -r gold-task-SI.labels``
and ``task-TC_scorer.py -s submission-task-TC.tsv -r gold-task-TC.labels -p <technique names file>``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple, Protocol

from unspin.annotations import Rhetoric
from unspin.document import Document
from unspin.errors import InputError
from unspin.evaluate.scoring import EvalReport, Score
from unspin.pipeline import Pipeline
from unspin.spans import Span

VALIDATION_SHARE = 0.20
"""The share of PTC train articles kept for validation."""

SPLIT_SALT = "unspin-ptc-split-v1"
"""Hashed with each article id; changing it would change the split, so it is versioned."""

Part = Literal["validation", "training", "all"]
DEFAULT_PART: Part = "validation"

FALLBACK_TECHNIQUE = "Loaded_Language"
"""The most frequent technique in the PTC train labels (2,123 of 6,129 TC lines): the TC answer for a gold
span that no predicted span overlaps."""

ARTICLE_FILE = re.compile(r"article(\d+)\.txt")
LABEL_ID = re.compile(r"article(\d+)\.")
LINE_FORMAT = {"SI": "ID<TAB>start<TAB>end", "TC": "ID<TAB>technique<TAB>start<TAB>end"}


class Labelled(NamedTuple):
    """A span of an article, with its technique ("" where the source gives none)."""

    start: int
    end: int
    technique: str = ""


@dataclass(frozen=True)
class PtcArticle:
    """One PTC article: its raw text, its SI spans and its TC spans (which carry the techniques)."""

    id: str
    text: str
    si: tuple[Labelled, ...]
    tc: tuple[Labelled, ...]


@dataclass
class OverlapScore(Score):
    """A :class:`Score` whose precision and recall come from overlap credits, not counts.

    ``true_positives`` and ``predicted_correct`` still count the gold and predicted spans that overlap
    anything, for reading; ``precision_credit`` and ``recall_credit`` are the sums in the task's formula.
    """

    precision_credit: float = 0.0
    recall_credit: float = 0.0

    @property
    def precision(self) -> float:
        return self.precision_credit / self.predicted_total if self.predicted_total else 0.0

    @property
    def recall(self) -> float:
        return self.recall_credit / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        if not self.predicted_total and not self.gold_total:
            return 1.0
        return super().f1


def validation_ids(all_ids: Iterable[str]) -> list[str]:
    """The article ids kept for validation: those whose salted SHA-256 falls in the first 20% of its range.

    The rule looks at one id at a time, so an article's side never depends on which other articles exist.
    The training recipe uses the complement, :func:`training_ids`.
    """
    return sorted(i for i in set(all_ids) if _hash_share(i) < VALIDATION_SHARE)


def training_ids(all_ids: Iterable[str]) -> list[str]:
    """The article ids left for training: every id :func:`validation_ids` does not keep."""
    ids = set(all_ids)
    return sorted(ids - set(validation_ids(ids)))


def _hash_share(article_id: str) -> float:
    digest = hashlib.sha256(f"{SPLIT_SALT}:{article_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def select_part(ids: Iterable[str], part: Part) -> list[str]:
    if part == "validation":
        return validation_ids(ids)
    if part == "training":
        return training_ids(ids)
    return sorted(set(ids))


def run(data: Path, pipeline: Pipeline, predictions: Path | None = None, part: Part = DEFAULT_PART) -> EvalReport:
    """The PTC suite: analyse the articles of ``part`` (the validation part by default) and score the rhetoric.

    When the rhetoric stage names techniques of given spans (``techniques``: the v2 model stages' technique head),
    TC is its answer for each gold span; else the technique of the predicted span that overlaps it most.
    """
    articles = load_ptc(data, part)
    predicted = {article.id: predicted_spans(pipeline(Document(article.id, article.text))) for article in articles}
    techniques = getattr(pipeline.stage_function("rhetoric"), "techniques", None)
    answers = head_answers(articles, techniques) if techniques is not None else None
    how = "TC by the technique head" if answers else "TC by overlapping predicted spans"
    report = score_ptc(articles, predicted, f"{data} ({part}, {len(articles)} articles; {how})", answers)
    if predictions is not None:
        write_submission(predictions, articles, predicted, answers)
    return report


def predicted_spans(doc: Document) -> list[Labelled]:
    """The rhetoric layer of an analysed document as labelled spans."""
    records: tuple[Rhetoric, ...] = doc.layer("rhetoric")
    return [Labelled(r.span.start, r.span.end, r.technique) for r in records]


def load_ptc(data: Path, part: Part = DEFAULT_PART) -> list[PtcArticle]:
    """The articles of ``part`` found under ``data`` (the ptc folder, or its articles folder's parent)."""
    articles_dir = _articles_dir(data)
    paths = {m.group(1): p for p in articles_dir.iterdir() if (m := ARTICLE_FILE.fullmatch(p.name))}
    ids = select_part(paths, part)
    tc = _read_labels(data, "TC", set(ids))
    si = _read_labels(data, "SI", set(ids))
    if not tc and not si:
        raise InputError(
            f"No PTC label files (*SI.labels or *TC.labels) were found under {data}.",
            fix="Point --data at the ptc folder that holds the articles and their labels.",
            code="missing_path",
        )
    articles = []
    for article_id in ids:
        text = paths[article_id].read_bytes().decode("utf-8")
        gold_tc = tuple(sorted(tc.get(article_id, ())))
        gold_si = tuple(sorted(si[article_id])) if si else tuple(sorted({Labelled(s, e) for s, e, _ in gold_tc}))
        for span in (*gold_si, *gold_tc):
            if not 0 <= span.start < span.end <= len(text):
                raise InputError(
                    f"Label {span} of article {article_id} lies outside its {len(text)} characters.",
                    fix="Check that the labels belong to these article files.",
                )
        articles.append(PtcArticle(article_id, text, gold_si, gold_tc))
    return articles


def _articles_dir(data: Path) -> Path:
    if any(ARTICLE_FILE.fullmatch(p.name) for p in data.glob("article*.txt")):
        return data
    folders = sorted(p for p in data.glob("*articles") if p.is_dir())
    preferred = [p for p in folders if p.name == "train-articles"] or folders
    if not preferred:
        raise InputError(
            f"No PTC articles (article<ID>.txt, or a *-articles folder of them) were found in {data}.",
            fix="Point --data at the ptc folder (for example ../shared/data/ptc).",
            code="missing_path",
        )
    return preferred[0]


def _read_labels(data: Path, task: Literal["SI", "TC"], ids: set[str]) -> dict[str, list[Labelled]]:
    """Labels per article id, from per-article files when there are any, else from the one-file-per-task form."""
    files = sorted(data.rglob(f"article*.task*-{task}.labels")) or sorted(
        p for p in data.rglob(f"*{task}.labels") if not LABEL_ID.match(p.name)
    )
    labels: dict[str, list[Labelled]] = defaultdict(list)
    columns = 4 if task == "TC" else 3
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = line.rstrip("\r\n").split("\t")
            if len(row) != columns or not row[-1].strip().isdigit() or not row[-2].strip().isdigit():
                raise InputError(
                    f"{path}:{number} is not a PTC {task} label line: {line!r}.",
                    fix=f"Each line must be {LINE_FORMAT[task]}.",
                )
            if row[0] in ids:
                labels[row[0]].append(Labelled(int(row[-2]), int(row[-1]), row[1] if task == "TC" else ""))
    return labels


def merge_overlapping(spans: Iterable[Labelled]) -> list[Labelled]:
    """Spans that share a character joined into one (transitively), as the task's scorer merges them."""
    merged: list[Labelled] = []
    for span in sorted(spans):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Labelled(last.start, max(last.end, span.end), last.technique)
        else:
            merged.append(span)
    return merged


def overlap(a: Labelled, b: Labelled) -> int:
    """How many characters two spans share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def overlap_credit(predicted: Sequence[Labelled], gold: Sequence[Labelled]) -> tuple[float, float]:
    """The numerators of P and R: sums of |s ∩ t| / |s| and of |s ∩ t| / |t| over all pairs."""
    precision = recall = 0.0
    for s in predicted:
        for t in gold:
            shared = overlap(s, t)
            if shared:
                precision += shared / (s.end - s.start)
                recall += shared / (t.end - t.start)
    return precision, recall


def _add_overlap(score: OverlapScore, predicted: Sequence[Labelled], gold: Sequence[Labelled], article: str) -> None:
    precision, recall = overlap_credit(predicted, gold)
    score.precision_credit += precision
    score.recall_credit += recall
    score.predicted_total += len(predicted)
    score.gold_total += len(gold)
    score.predicted_correct += sum(any(overlap(s, t) for t in gold) for s in predicted)
    for t in gold:
        if any(overlap(s, t) for s in predicted):
            score.true_positives += 1
        else:
            score.misses.append(f"{article} {t.start}-{t.end} {t.technique}".rstrip())


def score_ptc(
    articles: Sequence[PtcArticle],
    predicted: Mapping[str, Sequence[Labelled]],
    data: str = "",
    tc_answers: Mapping[str, Sequence[Labelled]] | None = None,
) -> EvalReport:
    """Score predicted technique spans against PTC gold: SI, technique-aware SI, TC and each technique.

    ``tc_answers`` (a technique for every gold TC line, per article) are the TC answers when given; else they come
    from the predicted spans (:func:`classify_gold_spans`)."""
    si = OverlapScore()
    aware = OverlapScore()
    per_technique: dict[str, OverlapScore] = defaultdict(OverlapScore)
    gold_frequency = Counter(t.technique for a in articles for t in a.tc)
    techniques = sorted(
        gold_frequency.keys() | {p.technique for a in articles for p in predicted.get(a.id, ())},
        key=lambda t: (-gold_frequency[t], t),
    )
    for article in articles:
        spans = predicted.get(article.id, ())
        _add_overlap(si, merge_overlapping(spans), merge_overlapping(article.si), article.id)
        for technique in techniques if gold_frequency else ():
            mine = merge_overlapping(s for s in spans if s.technique == technique)
            gold = merge_overlapping(t for t in article.tc if t.technique == technique)
            for score in (aware, per_technique[technique]):
                _add_overlap(score, mine, gold, article.id)
    for score in (si, aware):
        score.extra = {
            "precision_credit": round(score.precision_credit, 2),
            "recall_credit": round(score.recall_credit, 2),
            "articles": len(articles),
        }
    sections: dict[str, Score] = {"span identification (SI)": si}
    if gold_frequency:
        tc, per_class = score_tc_answers(articles, tc_answers) if tc_answers else _score_tc(articles, predicted)
        sections["technique-aware spans"] = aware
        sections["technique classification (TC)"] = tc
        for technique in techniques:
            score = per_technique[technique]
            right, said, gold = per_class.get(technique, (0, 0, 0))
            tc_p, tc_r = (right / said if said else 0.0), (right / gold if gold else 0.0)
            score.extra = {
                "tc_precision": round(tc_p, 4),
                "tc_recall": round(tc_r, 4),
                "tc_f1": round(2 * tc_p * tc_r / (tc_p + tc_r), 4) if tc_p + tc_r else 0.0,
            }
            sections[technique] = score
    return EvalReport("ptc", data, sections)


def classify_gold_spans(gold: Sequence[Labelled], predicted: Sequence[Labelled]) -> list[Labelled]:
    """The TC answer: each gold span (in ``gold``'s order) labelled from the predicted spans overlapping it.

    Gold lines with the same offsets share the best distinct techniques in order of their largest overlap.
    """
    by_offsets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, span in enumerate(gold):
        by_offsets[span.start, span.end].append(index)
    answers: list[Labelled] = list(gold)
    for (start, end), indices in by_offsets.items():
        best: dict[str, int] = {}
        for p in predicted:
            shared = overlap(p, Labelled(start, end))
            if shared > best.get(p.technique, 0):
                best[p.technique] = shared
        ranked = sorted(best, key=lambda t: (-best[t], t))
        for rank, index in enumerate(indices):
            technique = ranked[rank] if rank < len(ranked) else FALLBACK_TECHNIQUE
            answers[index] = Labelled(start, end, technique)
    return answers


def ranked_answers(gold: Sequence[Labelled], ranked: Sequence[Sequence[tuple[str, float]]]) -> list[Labelled]:
    """The TC answer from a technique ranking: each gold span (in ``gold``'s order) with its best technique in
    ``ranked`` (one ranking per gold line, most probable first); gold lines with the same offsets share the best
    distinct techniques of the first line's ranking."""
    by_offsets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, span in enumerate(gold):
        by_offsets[span.start, span.end].append(index)
    answers: list[Labelled] = list(gold)
    for (start, end), indices in by_offsets.items():
        techniques = [technique for technique, _ in ranked[indices[0]]]
        for rank, index in enumerate(indices):
            answers[index] = Labelled(start, end, techniques[rank] if rank < len(techniques) else FALLBACK_TECHNIQUE)
    return answers


class RanksTechniques(Protocol):
    """What names the techniques of given spans of a text (the rhetoric model's technique head)."""

    def ranked(self, text: str, spans: Sequence[Span]) -> list[list[tuple[str, float]]]: ...


def head_answers(articles: Iterable[PtcArticle], techniques: RanksTechniques) -> dict[str, list[Labelled]]:
    """The TC answers of a technique head for every gold TC line of the articles (:func:`ranked_answers`)."""
    return {
        a.id: ranked_answers(a.tc, techniques.ranked(a.text, [Span(t.start, t.end) for t in a.tc])) for a in articles
    }


def _score_tc(
    articles: Sequence[PtcArticle], predicted: Mapping[str, Sequence[Labelled]]
) -> tuple[Score, dict[str, tuple[int, int, int]]]:
    """TC from the predicted spans overlapping each gold span (:func:`classify_gold_spans`)."""
    answers = {a.id: classify_gold_spans(a.tc, predicted.get(a.id, ())) for a in articles}
    score, per_class = score_tc_answers(articles, answers)
    score.extra["fallback_answers"] = sum(
        not any(p.technique == answer.technique and overlap(p, answer) for p in predicted.get(a.id, ()))
        for a in articles
        for answer in answers[a.id]
    )
    return score, per_class


def score_tc_answers(
    articles: Sequence[PtcArticle], answers: Mapping[str, Sequence[Labelled]]
) -> tuple[Score, dict[str, tuple[int, int, int]]]:
    """TC accuracy (= micro-F1) of answers given for every gold TC line and, per technique, (right, answered,
    gold) counts. Correct answers are counted per span as the multiset intersection of given and gold
    techniques."""
    score = Score()
    right_by: Counter[str] = Counter()
    said_by: Counter[str] = Counter()
    gold_by: Counter[str] = Counter()
    for article in articles:
        groups: dict[tuple[int, int], tuple[Counter[str], Counter[str]]] = defaultdict(lambda: (Counter(), Counter()))
        for gold, answer in zip(article.tc, answers[article.id], strict=True):
            groups[gold.start, gold.end][0][gold.technique] += 1
            groups[gold.start, gold.end][1][answer.technique] += 1
        for (start, end), (wanted, given) in groups.items():
            right = wanted & given
            right_by.update(right)
            said_by.update(given)
            gold_by.update(wanted)
            for technique, count in (wanted - given).items():
                got = ", ".join(sorted((given - wanted).elements()))
                score.misses += [f"{article.id} {start}-{end} want {technique}, got {got}"] * count
    score.true_positives = score.predicted_correct = sum(right_by.values())
    score.gold_total = score.predicted_total = sum(gold_by.values())
    score.extra = {
        "accuracy": round(score.recall, 4),
        "fallback": FALLBACK_TECHNIQUE,
        "articles": len(articles),
    }
    per_class = {t: (right_by[t], said_by[t], gold_by[t]) for t in gold_by.keys() | said_by.keys()}
    return score, per_class


def write_submission(
    folder: Path,
    articles: Sequence[PtcArticle],
    predicted: Mapping[str, Sequence[Labelled]],
    tc_answers: Mapping[str, Sequence[Labelled]] | None = None,
) -> None:
    """The task's submission files for these articles, and the gold files of the same articles.

    SI: ``ID<TAB>start<TAB>end``, predicted spans merged (the SI scorer refuses overlapping submitted spans);
    TC: ``ID<TAB>technique<TAB>start<TAB>end`` for every gold TC span: ``tc_answers`` when given, else labelled by
    :func:`classify_gold_spans`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    si_lines, tc_lines, gold_si, gold_tc = [], [], [], []
    for article in articles:
        spans = predicted.get(article.id, ())
        si_lines += [f"{article.id}\t{s.start}\t{s.end}" for s in merge_overlapping(spans)]
        answers = tc_answers[article.id] if tc_answers else classify_gold_spans(article.tc, spans)
        tc_lines += [f"{article.id}\t{a.technique}\t{a.start}\t{a.end}" for a in answers]
        gold_si += [f"{article.id}\t{s.start}\t{s.end}" for s in article.si]
        gold_tc += [f"{article.id}\t{t.technique}\t{t.start}\t{t.end}" for t in article.tc]
    for name, lines in (
        ("submission-task-SI.tsv", si_lines),
        ("submission-task-TC.tsv", tc_lines),
        ("gold-task-SI.labels", gold_si),
        ("gold-task-TC.labels", gold_tc),
    ):
        (folder / name).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
