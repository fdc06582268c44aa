"""Pronouns and definite descriptions resolved to entities by agreement, recency and salience.

"he"/"him"/"his" and "she"/"her" resolve to persons of a compatible gender (from titles or given
names), "they"/"them"/"their" to groups ("Ukrainians"; never to a person, nor to an organisation, for which
GUM's they-links were right one time in six), "it" and "its" to organisations and outlets ("its" also to
places; "it" only as the subject of a verb of saying, "it said": elsewhere it mostly means a thing, and
GUM's it-links were right one time in ten), "the president" to the last person holding that title and "the
ministry" to the last organisation with that head word. Among the compatible mentions in the last few
sentences, the most recent subject or speaker wins; a pronoun that is itself the subject of a verb of
saying ("..., she said") prefers the last mention that was one too ("McLenney said ..."). Each link carries
the mention it was resolved through; a pronoun may resolve through an earlier resolved pronoun, forming a chain.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from unspin.annotations import CorefLink, Entity, Sentence
from unspin.cue_verbs import utterance_forms
from unspin.document import Document
from unspin.names import Gender, person_gender, title_heads
from unspin.quotation import find_quotations
from unspin.registry import stage
from unspin.spans import Span

WINDOW = 4
"""How many sentences back an antecedent may lie."""
PERSON_WINDOW = 12
"""How far back "he"/"she" may reach when no person is named in the last ``WINDOW`` sentences."""

PRONOUNS: dict[str, tuple[frozenset[str], Gender | None, float]] = {
    "he": (frozenset({"person"}), "male", 0.9),
    "him": (frozenset({"person"}), "male", 0.9),
    "his": (frozenset({"person"}), "male", 0.85),
    "she": (frozenset({"person"}), "female", 0.9),
    "her": (frozenset({"person"}), "female", 0.85),
    "they": (frozenset({"group"}), None, 0.6),
    "them": (frozenset({"group"}), None, 0.6),
    "their": (frozenset({"group"}), None, 0.6),
    "it": (frozenset({"organization", "outlet"}), None, 0.5),
    "its": (frozenset({"organization", "outlet", "place"}), None, 0.6),
}
"""Each pronoun: the entity labels it may refer to, the gender it requires, and its base confidence."""

QUOTE_OPAQUE = frozenset({"they", "them", "their", "it", "its"})
"""Pronouns left alone inside direct quotes, where they mostly point at things the article never names."""

ORGANISATION_HEADS = frozenset(
    """ministry army government agency party council committee court parliament commission office service
    bank union alliance coalition organization organisation movement military navy police cabinet
    presidency administration embassy""".split()
)
"""Heads of descriptions ("the ministry") that refer back to a named organisation."""

_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|they|them|their|it|its)\b", re.IGNORECASE)
_VERBISH = re.compile(
    r"\s+(?:(?:has|have|had|is|was|were|are|will|would|can|could|also|then|later|again)\b|[a-z]+ed\b|[a-z]+s\b)"
)
_PLURAL_HEAD_BEFORE = re.compile(r"\b[a-z]+s\s+of\s+(?:the\s+)?$")
_NEXT_WORDS = re.compile(r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?")
_SPEECH_ADVERBS = frozenset("also then later again further had has have".split())
_PLURAL_NP = re.compile(r"\b(?i:the|these|those|many|some|all|other|both)\s+(?:[a-z-]+\s+){0,2}[a-z]+s\b")


@dataclass(frozen=True)
class _Candidate:
    span: Span
    entity: Entity
    sentence: int
    salient: bool
    speaker: bool = False


class CorefResolver:
    """Resolves the pronouns and descriptions of one document against its entities."""

    def __init__(self) -> None:
        heads = sorted(title_heads() | ORGANISATION_HEADS, key=len, reverse=True)
        self.description = re.compile(
            rf"\b[Tt]he\s+(?:(?:prime|foreign|defen[cs]e|interior)\s+)?({'|'.join(heads)})\b(?!\s+of\b)", re.IGNORECASE
        )

    def __call__(self, doc: Document) -> list[CorefLink]:
        text = doc.text
        sentences: tuple[Sentence, ...] = doc.layer("sentences")
        entities: tuple[Entity, ...] = doc.layer("entities")
        if not sentences or not entities:
            return []
        starts = [s.span.start for s in sentences]
        index: Callable[[int], int] = lambda offset: max(0, bisect.bisect_right(starts, offset) - 1)  # noqa: E731
        named = [_candidate(text, span, entity, index(span.start)) for entity in entities for span in entity.mentions]
        quotes = [q.inner for q in find_quotations(text) if q.depth == 0 and q.words(text) > 3]
        links: list[CorefLink] = []
        resolved: list[_Candidate] = []
        genders: dict[str, Gender] = {}
        for mention, kind in self._mentions(text, entities):
            if kind in QUOTE_OPAQUE and any(q.contains(mention) for q in quotes):
                continue
            sentence = index(mention.start)
            earlier = [c for c in named + resolved if c.span.end <= mention.start]
            link = self._resolve(
                text, mention, kind, sentence, [c for c in earlier if sentence - c.sentence <= WINDOW], genders
            )
            if link is None and PRONOUNS.get(kind, ((), None))[1] is not None:
                pool = [c for c in earlier if sentence - c.sentence <= PERSON_WINDOW]
                link = self._resolve(text, mention, kind, sentence, pool, genders)
            if link is not None:
                links.append(link[0])
                resolved.append(link[1])
                _learn_gender(genders, kind, link[0], link[1].entity)
        return links

    def _mentions(self, text: str, entities: tuple[Entity, ...]) -> Iterator[tuple[Span, str]]:
        """Pronouns and descriptions in text order, with what kind each is ("he", "the ministry" -> "ministry")."""
        covered = [span for entity in entities for span in entity.mentions]
        found: list[tuple[Span, str]] = []
        for match in _PRONOUN.finditer(text):
            word = match.group().lower()
            span = Span(match.start(), match.end())
            if word == "it" and not _speaks(text, span):
                continue
            found.append((span, word))
        for match in self.description.finditer(text):
            span = Span(match.start(), match.end())
            if not any(span.overlaps(c) for c in covered):
                found.append((span, "the " + match.group(1).lower()))
        found.sort(key=lambda item: item[0])
        return iter(found)

    def _resolve(
        self, text: str, mention: Span, kind: str, sentence: int, pool: list[_Candidate], genders: dict[str, Gender]
    ) -> tuple[CorefLink, _Candidate] | None:
        accepts, base = self._agreement(kind, genders)
        scored = []
        for candidate in pool:
            if not accepts(candidate.entity):
                continue
            if kind == "its" and candidate.entity.label == "place" and not candidate.salient:
                continue  # "near Tupiza ... its website": a place owns things only as a clause's subject
            between = text[candidate.span.end : mention.start]
            if kind in ("they", "them", "their") and (
                _PLURAL_NP.search(between) or _PLURAL_HEAD_BEFORE.search(text[: candidate.span.start])
            ):
                continue
            distance = sentence - candidate.sentence
            gendered = PRONOUNS.get(kind, ((), None))[1] is not None and _gender(candidate.entity, genders) is not None
            speakers = candidate.speaker and _speaks(text, mention)
            score = -distance + 0.6 * candidate.salient + 0.3 * gendered + 0.5 * speakers + candidate.span.end / 1e7
            scored.append((score, candidate))
        if not scored:
            return None
        scored.sort(key=lambda item: item[0], reverse=True)
        score, best = scored[0]
        rivals = {c.entity.id for s, c in scored[1:] if s > score - 1 and c.entity.id != best.entity.id}
        confidence = max(0.3, base - 0.1 * (sentence - best.sentence) - 0.2 * bool(rivals))
        link = CorefLink(mention, best.entity.id, best.span, round(confidence, 2))
        return link, _Candidate(mention, best.entity, sentence, best.salient, _speaks(text, mention))

    @staticmethod
    def _agreement(kind: str, genders: dict[str, Gender]) -> tuple[Callable[[Entity], bool], float]:
        """Which entities ``kind`` may refer to, and the confidence of a resolution."""
        if kind in PRONOUNS:
            labels, gender, base = PRONOUNS[kind]

            def accepts_pronoun(entity: Entity) -> bool:
                if entity.label not in labels:
                    return False
                if gender is None or entity.label != "person":
                    return True
                known = _gender(entity, genders)
                return known is None or known == gender

            return accepts_pronoun, base
        head = kind.removeprefix("the ")
        if head in ORGANISATION_HEADS:
            return (lambda e: e.label == "organization" and head in e.name.lower().split()), 0.8
        return (lambda e: e.label == "person" and any(t.lower().rstrip(".").split()[-1] == head for t in e.titles)), 0.8


def _gender(entity: Entity, learned: dict[str, Gender]) -> Gender | None:
    """A person's gender from titles or given name, else from the pronouns already resolved to them."""
    return person_gender(entity.name, entity.titles) or learned.get(entity.id)


def _learn_gender(learned: dict[str, Gender], kind: str, link: CorefLink, entity: Entity) -> None:
    """A confident "she"/"her" resolved to a person of unknown gender says the person is female."""
    gender = PRONOUNS.get(kind, ((), None))[1]
    if gender is not None and entity.label == "person" and link.confidence >= 0.7:
        learned.setdefault(entity.id, gender)


def _candidate(text: str, span: Span, entity: Entity, sentence: int) -> _Candidate:
    """A named mention as an antecedent: salient when a verb or auxiliary follows it (the subject of its
    clause), a speaker when that verb is one of saying (a speaker is salient too)."""
    speaks = _speaks(text, span)
    return _Candidate(span, entity, sentence, speaks or bool(_VERBISH.match(text, span.end)), speaks)


def _speaks(text: str, span: Span) -> bool:
    """Whether a mention is the subject of a verb of saying: "Warren said", "she told", "he also added"."""
    found = _NEXT_WORDS.match(text, span.end)
    if found is None:
        return False
    first, second = found.group(1).lower(), (found.group(2) or "").lower()
    forms = utterance_forms()
    return first in forms or (first in _SPEECH_ADVERBS and second in forms)


@stage("coref.rules.v1", produces="coref", requires=("sentences", "entities"))
def rule_coref() -> Callable[[Document], list[CorefLink]]:
    """Pronouns and descriptions ("he", "the ministry") resolved to the most recent compatible entity."""
    return CorefResolver()
