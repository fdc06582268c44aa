"""The naming map by rule: the loaded labels an article attaches to each actor against its neutral names.

Labels come from the rhetoric layer: Name_Calling or Loaded_Language spans whose head noun names people
("illegal Armenian armed gangs", "a group of separatists", "the element calling himself “president”"). Each
label is normalised to an actor (country + sector, :func:`unspin.actors.normalize_actor`) from its head:
"a group of separatists" is headed by "separatists", and a government title the label denies (in scare
quotes, "self-proclaimed", "calling himself") marks an unrecognised authority, counted with the rebels.
A label with no country joins the one labelled actor of its sector that has one.

Neutral names are the article's plain names for the same side: for a state actor (government, military,
police) the unlabelled phrases naming that country's sector ("the Russian army"); for a non-state group
the country's people ("Karabakh Armenians", "representatives of Armenians living in the X region",
"the Armenian population"), and group entities of that country.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from unspin.actors import SECTOR_WORDS, normalize_actor, sector_of
from unspin.annotations import Entity, NameUse, Naming, Rhetoric
from unspin.demonyms import Demonym, demonym_table, lookup_demonym
from unspin.document import Document
from unspin.registry import stage
from unspin.spans import Span
from unspin.stages.rhetoric import GROUP_NOUNS

LABEL_TECHNIQUES = ("Name_Calling,Labeling", "Loaded_Language")
"""Techniques whose spans can be labels; a span with both is one label, reported as name calling."""

STATE_SECTORS = frozenset({"government", "military", "police"})

PERSON_NOUNS = frozenset(
    """element elements individual individuals person persons people man men woman women figure figures members
    member group groups leader leaders leadership representatives representative entity""".split()
)
"""Heads that name people without saying which sector they belong to."""

_SECTOR_HEADS = frozenset(word for words in SECTOR_WORDS.values() for word in words)
_POSTMODIFIER = re.compile(r"\s+(?:calling|who|which|that|in|from|at|on|based|living|residing)\b|,", re.IGNORECASE)
_GROUP_OF = re.compile(rf"^(?:\w+\s+)?(?:{'|'.join(GROUP_NOUNS)}|members)\s+of\s+", re.IGNORECASE)
_DENIED_TITLE = re.compile(
    r"(?:self-(?:proclaimed|styled|declared)|so-called|call(?:s|ed|ing)? (?:him|her|it|them)sel(?:f|ves))"
    r"|[“\"‘'«]\s*(?:president|prime minister|minister|ministers|parliament|government|deputies|governor|mayor)",
    re.IGNORECASE,
)
_QUOTES = "“”\"‘’'«»"


def head_phrase(label: str) -> str:
    """The part of a label that names who it is: "a group of separatists" -> "separatists"."""
    core = _POSTMODIFIER.split(label, maxsplit=1)[0]
    return _GROUP_OF.sub("", core.strip()).strip(_QUOTES + " ")


def names_people(label: str) -> bool:
    """Whether the label's head noun names an actor (a sector word or a people noun)."""
    words = head_phrase(label).lower().split()
    return bool(words) and (words[-1] in _SECTOR_HEADS or words[-1] in PERSON_NOUNS)


def label_sector(label: str) -> str | None:
    """The sector a label assigns, a denied government title counting as an unrecognised (rebel) authority."""
    if _DENIED_TITLE.search(label):
        return "rebel"
    return sector_of(head_phrase(label)) or sector_of(label)


def nation_of(label: str) -> str | None:
    """The people a label names: its country code, or the demonym itself for a people without a state code."""
    country = normalize_actor(label).country
    if country:
        return country
    for word in re.findall(r"[A-Z][\w-]*", label):
        demonym = lookup_demonym(word)
        if demonym is not None:
            return demonym.country or demonym.adjective
    return None


def _demonyms(nation: str) -> list[Demonym]:
    return [d for d in demonym_table().values() if nation in (d.country, d.adjective)]


@dataclass(frozen=True)
class Label:
    use: NameUse
    country: str | None
    sector: str | None


def find_labels(text: str, rhetoric: Sequence[Rhetoric]) -> list[Label]:
    """The people-naming spans of the rhetoric layer, one per span, with the technique that best fits."""
    techniques: dict[Span, set[str]] = defaultdict(set)
    for record in rhetoric:
        if record.technique in LABEL_TECHNIQUES and names_people(record.span.of(text)):
            techniques[record.span].add(record.technique)
    spans = [s for s in techniques if not any(o != s and o.contains(s) for o in techniques)]
    labels = []
    for span in sorted(spans):
        phrase = span.of(text)
        technique = next(t for t in LABEL_TECHNIQUES if t in techniques[span])
        labels.append(Label(NameUse(span, "label", technique), nation_of(phrase), label_sector(phrase)))
    return labels


def _actor_key(label: Label, countries_by_sector: dict[str | None, Counter[str]]) -> tuple[str | None, str | None]:
    country = label.country
    if country is None and countries_by_sector.get(label.sector):
        country = countries_by_sector[label.sector].most_common(1)[0][0]
    return country, label.sector


def _plural_demonyms(nation: str) -> list[str]:
    return [d.word for d in _demonyms(nation) if d.plural]


def _adjectives(nation: str) -> list[str]:
    return [d.word for d in _demonyms(nation) if not d.plural]


def population_names(text: str, country: str) -> Iterator[Span]:
    """Neutral phrases for a country's people: "Karabakh Armenians", "representatives of Armenians living in X"."""
    plurals = "|".join(map(re.escape, _plural_demonyms(country)))
    adjectives = "|".join(map(re.escape, _adjectives(country)))
    patterns = []
    if plurals:
        patterns.append(
            rf"(?:(?:the\s+)?(?:representatives|members|leaders|residents|community|people)\s+of\s+(?:the\s+)?)?"
            rf"(?:[A-Z][\w-]+\s+)?(?:{plurals})\b"
            rf"(?:\s+(?:living|residing|based)\s+in\s+(?:the\s+)?[A-Z][\w-]+(?:\s+(?:region|area|province|district))?)?"
        )
    if adjectives:
        patterns.append(rf"\b(?:{adjectives})\s+(?:population|community|residents|people|civilians|minority)\b")
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            yield Span(match.start(), match.end())


def state_names(text: str, country: str, sector: str) -> Iterator[Span]:
    """Neutral phrases naming a country's state sector: "the Azerbaijani army", "Russian forces"."""
    adjectives = "|".join(map(re.escape, _adjectives(country)))
    words = "|".join(map(re.escape, sorted(SECTOR_WORDS[sector], key=len, reverse=True)))
    if adjectives:
        for match in re.finditer(rf"\b(?:{adjectives})\s+(?:{words})\b", text, re.IGNORECASE):
            yield Span(match.start(), match.end())


def _outermost(spans: Sequence[Span], labels: Sequence[Span]) -> list[Span]:
    free = [s for s in set(spans) if not any(s.overlaps(label) for label in labels)]
    return sorted(s for s in free if not any(o != s and o.contains(s) for o in free))


def find_naming(text: str, rhetoric: Sequence[Rhetoric], entities: Sequence[Entity] = ()) -> list[Naming]:
    """One naming map per labelled actor: its labels and the neutral names of the same side."""
    labels = find_labels(text, rhetoric)
    countries_by_sector: dict[str | None, Counter[str]] = defaultdict(Counter)
    for label in labels:
        if label.country:
            countries_by_sector[label.sector][label.country] += 1
    grouped: dict[tuple[str | None, str | None], list[Label]] = defaultdict(list)
    for label in labels:
        grouped[_actor_key(label, countries_by_sector)].append(label)
    label_spans = [label.use.span for label in labels]
    maps = []
    for (country, sector), members in grouped.items():
        neutral: list[Span] = []
        if country and sector in STATE_SECTORS:
            neutral += state_names(text, country, sector)
        elif country:
            neutral += population_names(text, country)
            neutral += [m for e in entities if e.label == "group" and nation_of(e.name) == country for m in e.mentions]
        neutral_spans = _outermost(neutral, label_spans)
        actor = " ".join(part for part in (country, sector) if part) or members[0].use.span.of(text)
        maps.append(
            Naming(
                actor=actor,
                entity=_entity_of(entities, [*label_spans, *neutral_spans], country),
                labels=tuple(label.use for label in members),
                neutral=tuple(NameUse(span, "neutral") for span in neutral_spans),
            )
        )
    return maps


def _entity_of(entities: Sequence[Entity], spans: Sequence[Span], country: str | None) -> str | None:
    """The group or organisation entity of the actor's country that most of its names mention."""
    votes: Counter[str] = Counter()
    for entity in entities:
        if entity.label not in ("group", "organization") or nation_of(entity.name) != country:
            continue
        votes[entity.id] += sum(1 for m in entity.mentions for s in spans if m.overlaps(s))
    best = votes.most_common(1)
    return best[0][0] if best and best[0][1] else None


@stage("naming.rules.v1", produces="naming", requires=("sentences", "entities", "rhetoric"))
def rule_naming() -> object:
    """The naming map: labels from the rhetoric layer grouped by actor, against the actor's neutral names."""

    def run(doc: Document) -> list[Naming]:
        return find_naming(doc.text, doc.layer("rhetoric"), doc.layer("entities"))

    return run
