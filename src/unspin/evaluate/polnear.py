"""The ``polnear`` suite: the statements layer scored against PolNeAR's attribution relations.

Data: a PolNeAR split folder (``data/dev``) with ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``
(brat standoff). ``T`` lines are Source / Cue / Content spans, possibly discontinuous (``"start end;start end"``);
``E`` lines tie them into one attribution (``Content2`` is more content of the same attribution; ``Discuss`` and
``Discard`` spans belong to no attribution and are ignored). A few articles were annotated by several annotators:
the suite uses the file whose annotator id sorts first, so every run scores the same gold.

Predictions: a pipeline with an ``attributions`` stage (``attributions.minilm.v1``) is scored on that layer,
PolNeAR's own notion of attribution (speech, beliefs, intentions); the source's resolved name is the speaker.
Without one, the statements layer is scored: each statement is an attribution with ``speaker_mention`` as its
source, ``cue`` and ``content``;
a chain of statements joined by ``continuation_of`` (a quote resumed after its cue or in a new paragraph) is one
attribution whose content is all the chain's contents, as PolNeAR annotates such quotes with one discontinuous
content span.

Matching works on word tokens (maximal runs of letters and digits), so quotation marks, punctuation and
surrounding white space never decide a match. For each role (source, cue, content) a predicted span matches a
gold span of the same role:

- exact: when both cover the same word tokens;
- overlap: when they share at least one word token;
- overlap 0.3 (content only, the Gender Gap Tracker's looser quote criterion): when the shared tokens are at
  least 0.3 of the longer of the two spans.

Pairs are made one to one (each gold and each prediction used at most once), largest overlap first, so
precision is matched predictions / predictions and recall matched gold / gold. Each role's figures count the
gold attributions that have that role: attributions without a source are counted in the content (and cue)
figures only. A whole attribution matches when content and source both overlap.

Speaker accuracy is measured on the content-overlap pairs whose gold has a source. The predicted name is the
statement's ``speaker_name`` (its resolved name), or its mention text. It is right when the gold source
contains the last word of the predicted name, or the predicted name contains the gold source's last word
(case-insensitive, possessive "'s" dropped). PolNeAR carries no coreference, so a gold source that is a
pronoun ("he", "they", "I") is compared instead with the nearest preceding gold source in the article that
names someone (ends in a capitalised word that is not a pronoun) and whose first gendered title ("Mr.",
"Mrs.") or known given name does not contradict the pronoun's gender; these pronoun sources are also
reported on their own. That reference is an approximation of the true antecedent, so the pronoun figure is
approximate too. An unresolved predicted pronoun never counts as right for them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from unspin.annotations import Statement
from unspin.document import Document
from unspin.errors import InputError
from unspin.evaluate.progress import tracked
from unspin.evaluate.scoring import EvalReport, Score
from unspin.names import Gender, name_gender
from unspin.pipeline import Pipeline
from unspin.spans import Span

CONTENT_RATIO = 0.3
"""The Gender Gap Tracker's overlap threshold for quotes."""

PRONOUNS = frozenset("he him his she her they them their it its i me my we us our you your who this that".split())
"""Gold sources made of one of these words are pronoun sources."""

_NOT_NAMES = PRONOUNS | {"the", "a", "an", "these", "those", "some", "many", "other", "another"}
_EXCLUDED_GENDER: dict[str, Gender] = {"he": "female", "him": "female", "she": "male", "her": "male"}
"""A "he" source is never compared with a woman named earlier, nor "she" with a man."""
_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s\b")
_ANN_NAME = re.compile(r"^(?P<article>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")

Tokens = frozenset[int]
T = TypeVar("T")
Rule = Callable[[Tokens, Tokens], bool]


@dataclass(frozen=True)
class Attribution:
    """One attribution: its source, cue and content, each a tuple of character spans (empty when absent).

    ``name`` is who a predicted attribution says spoke (resolved name or mention text); gold leaves it empty.
    """

    id: str
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    name: str = ""


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    annotator: str
    attributions: tuple[Attribution, ...]
    annotators: int = 1


def parse_ann(ann: str) -> tuple[Attribution, ...]:
    """The attributions of one brat standoff file, in the order of their ``E`` lines."""
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _, _, ranges = fields[1].partition(" ")
            spans[fields[0]] = tuple(Span(*map(int, part.split())) for part in ranges.split(";"))
        elif line.startswith("E") and len(fields) >= 2:
            events.append((fields[0], [tuple(arg.split(":", 1)) for arg in fields[1].split()]))  # type: ignore[misc]
    attributions = []
    for event_id, arguments in events:
        roles: dict[str, list[Span]] = {"Source": [], "Cue": [], "Content": []}
        for role, target in arguments:
            role = "Content" if role.startswith("Content") else role
            if role in roles and target in spans:
                roles[role].extend(spans[target])
        if roles["Content"]:
            attributions.append(
                Attribution(event_id, *(tuple(sorted(roles[role])) for role in ("Source", "Cue", "Content")))
            )
    return tuple(attributions)


def load_articles(data: Path, limit: int | None = None) -> list[Article]:
    """The split's articles with their gold attributions, one annotator's file per article (sorted first)."""
    texts, notes = data / "text", data / "attributions"
    if not texts.is_dir() or not notes.is_dir():
        raise InputError(
            f"{data} has no text/ and attributions/ folders.",
            fix="Point --data at a PolNeAR split folder, like ../shared/data/polnear/data/dev.",
            code="missing_path",
        )
    files: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted(notes.glob("*.ann")):
        if found := _ANN_NAME.match(path.name):
            files.setdefault(found["article"], []).append((found["annotator"], path))
    articles = []
    for article_id, choices in sorted(files.items())[:limit]:
        text_path = texts / f"{article_id}.txt"
        if not text_path.exists():
            continue
        annotator, path = min(choices)
        articles.append(
            Article(
                article_id,
                text_path.read_text(encoding="utf-8"),
                annotator,
                parse_ann(path.read_text(encoding="utf-8")),
                len(choices),
            )
        )
    return articles


def predicted_attributions(doc: Document) -> list[Attribution]:
    """What the pipeline credits to sources: its ``attributions`` layer when a stage produced one (PolNeAR's
    wide sense of attribution), else its statements."""
    if "attributions" in doc.layers:
        return [
            Attribution(
                a.id, (a.source,) if a.source else (), a.cue, a.content, a.source_name or doc.span_text(a.source)
            )
            for a in doc.layer("attributions")
        ]
    return statement_attributions(doc)


def statement_attributions(doc: Document) -> list[Attribution]:
    """The statements layer as attributions, each ``continuation_of`` chain folded into its first statement."""
    statements: tuple[Statement, ...] = doc.layer("statements")
    by_id = {s.id: s for s in statements}

    def head(statement: Statement) -> Statement:
        seen = {statement.id}
        while statement.continuation_of in by_id and statement.continuation_of not in seen:
            statement = by_id[statement.continuation_of]
            seen.add(statement.id)
        return statement

    chains: dict[str, list[Statement]] = {}
    for statement in statements:
        chains.setdefault(head(statement).id, []).append(statement)
    attributions = []
    for head_id, chain in chains.items():
        first = by_id[head_id]
        mention = first.speaker_mention
        attributions.append(
            Attribution(
                head_id,
                (mention,) if mention else (),
                (first.cue,) if first.cue else (),
                tuple(sorted(s.content for s in chain)),
                first.speaker_name or doc.span_text(mention),
            )
        )
    return attributions


class TokenIndex:
    """Word-token numbers of character spans in one text."""

    def __init__(self, text: str) -> None:
        matches = list(_WORD.finditer(text))
        self._starts = [m.start() for m in matches]
        self._ends = [m.end() for m in matches]

    def of(self, spans: Iterable[Span]) -> Tokens:
        numbers: set[int] = set()
        for span in spans:
            first = bisect.bisect_right(self._ends, span.start)
            last = bisect.bisect_left(self._starts, span.end)
            numbers.update(range(first, last))
        return frozenset(numbers)


def exact(gold: Tokens, predicted: Tokens) -> bool:
    return bool(gold) and gold == predicted


def overlap(gold: Tokens, predicted: Tokens) -> bool:
    return bool(gold & predicted)


def ratio_overlap(gold: Tokens, predicted: Tokens) -> bool:
    shared = len(gold & predicted)
    return shared > 0 and shared >= CONTENT_RATIO * max(len(gold), len(predicted))


def match(gold: Sequence[T], predicted: Sequence[T], rule: Callable[[T, T], bool]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) that satisfy ``rule``, most shared tokens first.

    Items are token sets, or tuples of them (content first) for whole attributions.
    """
    candidates = sorted(
        (-_shared(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if rule(g, p)
    )
    pairs, used_gold, used_predicted = [], set(), set()
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_predicted.add(pi)
    return sorted(pairs)


def _shared(gold: Tokens | tuple[Tokens, ...], predicted: Tokens | tuple[Tokens, ...]) -> int:
    if isinstance(gold, tuple) and isinstance(predicted, tuple):
        return len(gold[0] & predicted[0])
    return len(gold & predicted)  # type: ignore[operator]


def whole(gold: tuple[Tokens, Tokens], predicted: tuple[Tokens, Tokens]) -> bool:
    """A whole attribution: (content, source) token sets that both overlap."""
    return overlap(gold[0], predicted[0]) and overlap(gold[1], predicted[1])


def _add(score: Score, gold: int, predicted: int, matched: int) -> None:
    score.gold_total += gold
    score.predicted_total += predicted
    score.true_positives += matched
    score.predicted_correct += matched


def _words(name: str) -> list[str]:
    return _WORD.findall(_POSSESSIVE.sub("", name).lower())


def same_speaker(gold_source: str, predicted_name: str) -> bool:
    """The name rule: one side contains the other's last word."""
    gold, predicted = _words(gold_source), _words(predicted_name)
    return bool(gold and predicted) and (predicted[-1] in gold or gold[-1] in predicted)


def is_pronoun(source: str) -> bool:
    return _words(source) != [] and " ".join(_words(source)) in PRONOUNS


def names_someone(source: str) -> bool:
    """A source that ends in a capitalised word names someone ("spokesman Josh Earnest", not "The Republican
    nominee" or "a Donald Trump tweet")."""
    words = _WORD.findall(_POSSESSIVE.sub("", source))
    return bool(words) and words[-1][:1].isupper() and words[-1].lower() not in _NOT_NAMES


SECTIONS = (
    "content exact",
    "content overlap",
    "content overlap 0.3",
    "cue exact",
    "cue overlap",
    "source exact",
    "source overlap",
    "attribution",
    "speaker",
    "speaker (pronoun sources)",
)


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    """The polnear suite: analyse every article of the split and score its statements."""
    return score_articles(load_articles(data), pipeline, str(data))


def score_articles(articles: list[Article], pipeline: Pipeline, data: str = "") -> EvalReport:
    """Analyse each article with ``pipeline`` and score its statements layer."""
    layer = "attributions" if "attributions" in pipeline.layers else "statements"
    return score_predictions(
        articles,
        lambda article: predicted_attributions(pipeline(Document(article.id, article.text))),
        data,
        f"polnear ({layer} layer)",
    )


def score_predictions(
    articles: list[Article], predict: Callable[[Article], list[Attribution]], data: str = "", name: str = "polnear"
) -> EvalReport:
    """Score what ``predict`` finds in each article (the pipeline, or a model on its own)."""
    sections = {section: Score() for section in SECTIONS}
    for article in tracked(articles, name):
        score_article(article, predict(article), sections)
    several = [a for a in articles if a.annotators > 1]
    sections["content overlap"].extra = {
        "articles": len(articles),
        "several_annotators": len(several),
        "annotator_used": ", ".join(sorted({a.annotator for a in several})) or "-",
    }
    return EvalReport(name, data, sections)


def score_article(article: Article, predicted: list[Attribution], sections: dict[str, Score]) -> None:
    """Add one article's counts to every section."""
    text, index = article.text, TokenIndex(article.text)
    gold = article.attributions

    def role(name: str, rules: dict[str, Rule]) -> None:
        golds = [index.of(getattr(g, name)) for g in gold if getattr(g, name)]
        predictions = [index.of(getattr(p, name)) for p in predicted if getattr(p, name)]
        for label, rule in rules.items():
            _add(sections[f"{name} {label}"], len(golds), len(predictions), len(match(golds, predictions, rule)))

    role("content", {"exact": exact, "overlap": overlap, "overlap 0.3": ratio_overlap})
    role("cue", {"exact": exact, "overlap": overlap})
    role("source", {"exact": exact, "overlap": overlap})

    content_pairs = match([index.of(g.content) for g in gold], [index.of(p.content) for p in predicted], overlap)
    for gi in sorted(set(range(len(gold))) - {gi for gi, _ in content_pairs}):
        sections["content overlap"].misses.append(f"{article.id}: {_snippet(text, gold[gi].content)}")

    sourced = [g for g in gold if g.source]
    with_source = [p for p in predicted if p.source]
    pairs = match(
        [(index.of(g.content), index.of(g.source)) for g in sourced],
        [(index.of(p.content), index.of(p.source)) for p in with_source],
        whole,
    )
    _add(sections["attribution"], len(sourced), len(with_source), len(pairs))

    _score_speakers(article, predicted, content_pairs, sections)


def _score_speakers(
    article: Article, predicted: list[Attribution], content_pairs: list[tuple[int, int]], sections: dict[str, Score]
) -> None:
    text, gold = article.text, article.attributions
    named_sources = sorted(
        (g.source[0].start, _text(text, g.source)) for g in gold if g.source and names_someone(_text(text, g.source))
    )
    for gi, pi in content_pairs:
        g, p = gold[gi], predicted[pi]
        if not g.source:
            continue
        source = _text(text, g.source)
        pronoun = is_pronoun(source)
        reference = source
        if pronoun:
            excluded = _EXCLUDED_GENDER.get(source.lower())
            earlier = [
                name for start, name in named_sources if start < g.source[0].start and name_gender(name) != excluded
            ]
            reference = earlier[-1] if earlier else ""
        right = bool(reference) and same_speaker(reference, p.name)
        for name in ("speaker", "speaker (pronoun sources)") if pronoun else ("speaker",):
            _add(sections[name], 1, 1, int(right))
            if not right:
                sections[name].misses.append(
                    f"{article.id}: {p.name!r} for gold {source!r}"
                    + (f" (named earlier: {reference!r})" if pronoun else "")
                )


def _text(text: str, spans: tuple[Span, ...]) -> str:
    return " ".join(span.of(text) for span in spans)


def _snippet(text: str, spans: tuple[Span, ...]) -> str:
    content = " ".join(_text(text, spans).split())
    return repr(content[:70] + ("..." if len(content) > 70 else ""))
