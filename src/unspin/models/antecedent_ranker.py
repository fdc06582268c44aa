"""Third-person pronouns resolved to named entities by a trained ranker (``coref.ranking.v1``).

For each "he", "him", "his", "she", "her", "they", "them", "their", "it" and "its", every entity with a named
mention in the last :data:`WINDOW` sentences is a candidate. A pair (pronoun, candidate) is described by the
facts the rule resolver (:mod:`unspin.stages.coref`) weighs by hand, and more (:func:`pair_features`):

* agreement: the pronoun's group (male, female, plural, neuter) crossed with the entity's label; a known
  gender (titles, given names) that agrees or conflicts,
* recency: sentences and characters back to the entity's last mention, its rank among the candidates by
  recency (overall and among entities of its label),
* salience: how often the entity is named (in the window, in the document, in the last three sentences), its
  rank by that count, whether it was named first, whether its mentions are clause subjects (a verb follows)
  or speakers ("X said"), whether the pronoun is a speaker too ("..., he said"),
* quotation: whether pronoun and mention lie inside a direct quote,
* what no entity stands for: a common noun phrase between mention and pronoun ("the plan").

A logistic regression (:class:`~unspin.models.linear_head.LinearHead`, labels ``other`` / ``antecedent``)
scores each pair; the pronoun is linked to its best candidate when that scores at least the threshold saved
beside the weights, else left alone (many "they" point at people no entity names; "it" is read only where it
speaks, as in the rules, since elsewhere it mostly means a thing). Pronouns
are read in text order and a linked one becomes a mention of its entity for those after it, so a chain
("Smith said ... He added ... he noted") keeps its entity recent. It is
fitted by ``unspin train coref`` (:mod:`unspin.train.antecedent_ranker`) on GUM's training documents, with
weight decay and threshold chosen on GUM dev; see docs/decisions/0007.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from unspin.annotations import CorefLink, Entity, Sentence
from unspin.clause_roles import (
    completes_plural_head,
    holds_plural_phrase,
    holds_thing_phrase,
    is_subject,
    speaks,
)
from unspin.document import Document
from unspin.errors import ModelError
from unspin.models.linear_head import LinearHead
from unspin.names import person_gender
from unspin.quotation import find_quotations
from unspin.spans import Span

SHIPPED_MODEL = Path(__file__).resolve().parent / "coref"
HEAD_FILE = "antecedents.npz"
SETTINGS_FILE = "antecedents.json"
LABELS = ("other", "antecedent")
WINDOW = 12
"""How many sentences back a candidate's mention may lie."""

PRONOUN = re.compile(r"\b(?:he|him|his|she|her|they|them|their|it|its)\b", re.IGNORECASE)
PRONOUN_GROUPS = {
    "he": "male",
    "him": "male",
    "his": "male",
    "she": "female",
    "her": "female",
    "they": "plural",
    "them": "plural",
    "their": "plural",
    "it": "neuter",
    "its": "neuter",
}
GROUPS = ("male", "female", "plural", "neuter")
AGREEING_LABELS = {
    "male": frozenset({"person"}),
    "female": frozenset({"person"}),
    "plural": frozenset({"group", "organization", "outlet"}),
    "neuter": frozenset({"organization", "outlet", "place"}),
}
"""The entity labels each pronoun group may refer to: a hard constraint, since the features cannot outvote a
wrong label learnt from noisy entities ("he" for a place)."""
ENTITY_LABELS = ("person", "organization", "group", "place", "outlet", "other")
POSSESSIVES = frozenset({"his", "her", "their", "its"})
_SENTENCE_OPENERS = frozenset({"", "the", "but", "and"})


@dataclass(frozen=True)
class Candidate:
    """An entity a pronoun may refer to, with its named mentions inside the window before the pronoun."""

    entity: Entity
    mentions: tuple[Span, ...]

    @property
    def last(self) -> Span:
        return max(self.mentions, key=lambda span: span.end)


@dataclass(frozen=True)
class PronounCase:
    """One pronoun, its candidates and their feature rows (candidates x features)."""

    pronoun: Span
    kind: str
    candidates: tuple[Candidate, ...]
    features: np.ndarray


class DocumentView:
    """What the features read from a document, computed once: its text, sentence starts, entities, quotes."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        sentences: tuple[Sentence, ...] = doc.layer("sentences")
        self.entities: tuple[Entity, ...] = doc.layer("entities")
        self.starts = [s.span.start for s in sentences] or [0]
        self.quotes = [q.inner for q in find_quotations(self.text) if q.depth == 0 and q.words(self.text) > 3]

    def sentence(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def quoted(self, span: Span) -> bool:
        return any(quote.contains(span) for quote in self.quotes)

    def speaks(self, span: Span) -> bool:
        return speaks(self.text, span)

    def subject(self, span: Span) -> bool:
        return is_subject(self.text, span)

    def opens_sentence(self, span: Span) -> bool:
        before = self.text[self.starts[self.sentence(span.start)] : span.start].strip().lower()
        return before in _SENTENCE_OPENERS


Decision = Callable[["PronounCase"], "int | None"]
"""Which candidate of a case a pronoun is linked to (its index), or None."""


def pronoun_cases(doc: Document, decide: Decision | None = None) -> list[PronounCase]:
    """Every third-person pronoun of the document that has some candidate, with its feature rows, in text order
    ("it" only as the subject of a verb of saying, "it said", as in the rules).

    With ``decide``, each pronoun it links counts as a mention of the chosen entity for the pronouns after it,
    as a chain ("Smith said ... He added ... he"): at run time the ranker decides, in training the gold chains.
    """
    view = DocumentView(doc)
    chained: dict[str, list[Span]] = {}
    cases = []
    for match in PRONOUN.finditer(view.text):
        pronoun, kind = Span(match.start(), match.end()), match.group().lower()
        if kind == "it" and not view.speaks(pronoun):
            continue  # as the rules decide: an "it" that does not speak mostly means a thing, or nothing
        candidates = candidates_before(view, pronoun, PRONOUN_GROUPS[kind], chained)
        if not candidates:
            continue
        case = PronounCase(pronoun, kind, candidates, pair_features(view, pronoun, kind, candidates))
        cases.append(case)
        chosen = decide(case) if decide is not None else None
        if chosen is not None:
            chained.setdefault(candidates[chosen].entity.id, []).append(pronoun)
    return cases


def candidates_before(
    view: DocumentView, pronoun: Span, group: str, chained: Mapping[str, Sequence[Span]] | None = None
) -> tuple[Candidate, ...]:
    """Entities that agree with the pronoun's group (:data:`AGREEING_LABELS`, and a known gender for "he" and
    "she") mentioned in the :data:`WINDOW` sentences up to it (by name, or by a pronoun already linked to them
    in ``chained``), with those mentions; for "they", not a mention with another plural between it and the
    pronoun or one that completes a plural head (as the rules decide)."""
    sentence = view.sentence(pronoun.start)
    chained = chained or {}
    found = []
    for entity in view.entities:
        if not agrees(entity, group):
            continue
        mentions = tuple(
            m
            for m in (*entity.mentions, *chained.get(entity.id, ()))
            if m.end <= pronoun.start
            and sentence - view.sentence(m.start) <= WINDOW
            and (group != "plural" or not _plural_elsewhere(view.text, m, pronoun))
        )
        if mentions:
            found.append(Candidate(entity, mentions))
    return tuple(found)


def _plural_elsewhere(text: str, mention: Span, pronoun: Span) -> bool:
    """Whether "they" more likely means another plural than this mention: one lies between them, or the mention
    only completes a plural head ("the representatives of Ukrainians")."""
    return holds_plural_phrase(text[mention.end : pronoun.start]) or completes_plural_head(text, mention)


def agrees(entity: Entity, group: str) -> bool:
    """Whether a pronoun of ``group`` may refer to the entity: its label, and its gender where one is known."""
    if entity.label not in AGREEING_LABELS[group]:
        return False
    gender = person_gender(entity.name, entity.titles) if group in ("male", "female") else None
    return gender is None or gender == group


def pair_features(view: DocumentView, pronoun: Span, kind: str, candidates: Sequence[Candidate]) -> np.ndarray:
    """One row per candidate (see the module docstring for what the columns say)."""
    group = PRONOUN_GROUPS[kind]
    wanted = group if group in ("male", "female") else None
    sentence = view.sentence(pronoun.start)
    pronoun_quoted, pronoun_speaks = view.quoted(pronoun), view.speaks(pronoun)
    last_ends = [c.last.end for c in candidates]
    counts = [len(c.mentions) for c in candidates]
    by_recency = sorted(range(len(candidates)), key=lambda i: -last_ends[i])
    by_count = sorted(range(len(candidates)), key=lambda i: -counts[i])
    first_named = min(range(len(candidates)), key=lambda i: min(m.start for m in candidates[i].mentions))
    rows = []
    for i, candidate in enumerate(candidates):
        entity, last = candidate.entity, candidate.last
        distance = sentence - view.sentence(last.start)
        label = entity.label if entity.label in ENTITY_LABELS else "other"
        gender = person_gender(entity.name, entity.titles) if entity.label == "person" else None
        recency = by_recency.index(i)
        frequency = by_count.index(i)
        same_label = [j for j in by_recency if candidates[j].entity.label == entity.label]
        label_recency = same_label.index(i)
        recent = [m for m in candidate.mentions if sentence - view.sentence(m.start) <= 3]
        subject_lately = any(view.subject(m) for m in candidate.mentions if sentence - view.sentence(m.start) <= 1)
        speaker_lately = any(view.speaks(m) for m in recent)
        last_quoted = view.quoted(last)
        row = [float(g == group and lab == label) for g in GROUPS for lab in ENTITY_LABELS]
        row += [
            float(wanted is not None and gender == wanted),
            float(wanted is not None and gender is not None and gender != wanted),
            float(wanted is not None and gender is None and entity.label == "person"),
        ]
        row += [float(distance == k) for k in range(5)] + [float(distance >= 5)]
        row += [math.log1p(pronoun.start - last.end) / 8]
        row += [float(recency == k) for k in range(3)] + [float(recency >= 3)]
        row += [math.log1p(len(candidate.mentions)), math.log1p(len(entity.mentions))]
        row += [
            float(subject_lately),
            float(view.subject(last)),
            float(any(view.speaks(m) for m in candidate.mentions)),
            float(speaker_lately),
            float(speaker_lately and pronoun_speaks),
        ]
        row += [float(pronoun_quoted), float(last_quoted), float(pronoun_quoted and not last_quoted)]
        row += [float(view.opens_sentence(last)), float(kind in POSSESSIVES), float(pronoun_speaks)]
        row += [float(frequency == 0), float(frequency == 1), counts[i] / sum(counts)]
        row += [float(label_recency == 0), float(label_recency == 1), float(first_named == i), math.log1p(len(recent))]
        row += [float(holds_thing_phrase(view.text[last.end : pronoun.start]))]
        for g in GROUPS:
            on = float(g == group)
            row += [on * (recency == 0), on * (frequency == 0), on * (distance == 0), on * subject_lately]
        rows.append(row)
    return np.array(rows, dtype=np.float32)


FEATURES = len(GROUPS) * len(ENTITY_LABELS) + 3 + 6 + 1 + 4 + 2 + 5 + 3 + 3 + 3 + 4 + 1 + 4 * len(GROUPS)
"""Columns of :func:`pair_features` (checked against a loaded head)."""


class AntecedentRanker:
    """Links each pronoun to its best-scoring candidate when the score reaches the threshold."""

    def __init__(self, head: LinearHead, threshold: float) -> None:
        if head.weights.shape[0] != FEATURES:
            raise ModelError(
                f"The antecedent head reads {head.weights.shape[0]} features; this version computes {FEATURES}.",
                fix="Train it again with `unspin train coref`.",
            )
        self.head = head
        self.threshold = threshold

    @classmethod
    def load(cls, folder: Path) -> AntecedentRanker:
        fix = "Train one with `unspin train coref --out DIR` (it writes antecedents.npz and antecedents.json)."
        head = LinearHead.load(folder / HEAD_FILE, fix=fix)
        try:
            threshold = float(json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))["threshold"])
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"No antecedent-ranker settings in {folder} ({exc}).", fix=fix) from exc
        return cls(head, threshold)

    def scores(self, case: PronounCase) -> np.ndarray:
        """The probability that each candidate is the pronoun's antecedent."""
        return self.head.probabilities(case.features)[:, LABELS.index("antecedent")]

    def choice(self, case: PronounCase) -> int | None:
        """The index of the case's best candidate when it scores at least the threshold, else None."""
        scores = self.scores(case)
        best = int(scores.argmax())
        return best if scores[best] >= self.threshold else None

    def __call__(self, doc: Document, given: Sequence[CorefLink] = ()) -> list[CorefLink]:
        """Links for the document's pronouns in text order, each through the last mention before it of the
        chosen entity (a name, or a pronoun linked before). A pronoun with a ``given`` link (the rules') keeps
        it and is not returned, but counts in the chains."""
        fixed = {link.mention: link.entity for link in given}
        links = []

        def decide(case: PronounCase) -> int | None:
            if case.pronoun in fixed:
                ids = [c.entity.id for c in case.candidates]
                return ids.index(fixed[case.pronoun]) if fixed[case.pronoun] in ids else None
            chosen = self.choice(case)
            if chosen is not None:
                candidate, confidence = case.candidates[chosen], round(float(self.scores(case)[chosen]), 2)
                links.append(CorefLink(case.pronoun, candidate.entity.id, candidate.last, confidence))
            return chosen

        pronoun_cases(doc, decide)
        return links


@cache
def load_ranker(folder: Path = SHIPPED_MODEL) -> AntecedentRanker:
    """The ranker saved in ``folder``, loaded once per process."""
    return AntecedentRanker.load(folder)
