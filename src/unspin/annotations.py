"""The annotation records each stage writes into its document layer.

All records are frozen dataclasses whose fields are :class:`~unspin.spans.Span` offsets into the
document text plus normalised values. Records refer to each other by ``id`` (``"e3"``, ``"s1"``,
``"p2"``): an event names the places, time and quantities it uses, a statement names the entity that
speaks. :data:`LAYERS` says which record type each layer holds; the serializer and the JSON Schema are
both derived from these classes, so a field added here appears in the output and its schema at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Literal

from unspin.spans import Span

EntityLabel = Literal["person", "organization", "place", "group", "outlet", "event", "other"]
StatementKind = Literal["direct", "indirect", "according_to"]
QuantityQualifier = Literal["exact", "more_than", "fewer_than", "about", "at_least", "at_most"]
TimePrecision = Literal["day", "week", "month", "season", "year", "decade", "century", "unknown"]
TimeAnchor = Literal["absolute", "publication", "speech", "unresolved"]
EventStatus = Literal["reported", "reported_statement", "background", "conditional", "denied"]
AsserterKind = Literal["article", "source"]
NameUseKind = Literal["label", "neutral"]
EntityIOB = Literal["B", "I", "O"]


@dataclass(frozen=True)
class Token:
    """A word as the core pipeline analyses it: tags, lemma, dependency arc and named-entity tag.

    ``head`` is the index, in the tokens layer, of the word this one depends on (its own index for a
    sentence's root), so arcs can be followed without spaCy. ``sent_start`` marks a sentence's first word.
    ``ent_iob`` and ``ent_label`` are the named-entity tag in IOB form with our label (None outside one).
    """

    span: Span
    upos: str
    tag: str
    lemma: str
    head: int
    dep: str
    sent_start: bool = False
    ent_iob: EntityIOB = "O"
    ent_label: EntityLabel | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence; ``paragraph`` counts paragraphs (blocks separated by line breaks) from 0."""

    span: Span
    paragraph: int


@dataclass(frozen=True)
class Entity:
    """A named thing the article mentions, with every named mention of it.

    ``name`` is the fullest name the article uses ("Ilham Aliyev" for "President Aliyev").
    Pronouns and descriptions that refer to it are in the ``coref`` layer.
    """

    id: str
    name: str
    label: EntityLabel
    mentions: tuple[Span, ...]
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorefLink:
    """A pronoun or description ("him", "the president") resolved to an entity.

    ``antecedent`` is the mention it was resolved through: the evidence for the link.
    """

    mention: Span
    entity: str
    antecedent: Span
    confidence: float


@dataclass(frozen=True)
class Statement:
    """Who said what: a direct quote, reported speech, or an "according to X" claim."""

    id: str
    kind: StatementKind
    content: Span
    cue: Span | None
    speaker_mention: Span | None
    speaker_entity: str | None
    speaker_name: str | None
    addressee: Span | None = None
    relayed_by: Span | None = None
    relayed_by_name: str | None = None
    continuation_of: str | None = None
    evidence: tuple[Span, ...] = ()
    confidence: float = 0.5


@dataclass(frozen=True)
class Attribution:
    """Anything the text credits to a source, as PolNeAR annotates attribution: speech, but also beliefs,
    intentions and stances ("Republicans learned ...", "the campaign hopes to ...", "Mr. Ban's record on ...").

    Spans come from the attribution model (a cue may be discontinuous: "has ... said"; a content continued
    after its cue has several parts). ``statement`` is the statement in the ``statements`` layer that reports
    the same words, when there is one; ``source_entity`` / ``source_name`` resolve the source like a speaker.
    """

    id: str
    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: Span | None
    source_entity: str | None
    source_name: str | None
    statement: str | None = None
    evidence: tuple[Span, ...] = ()
    confidence: float = 0.5


@dataclass(frozen=True)
class Place:
    """A place mention geocoded against GeoNames (or the repository's supplement to it)."""

    id: str
    mention: Span
    name: str
    geonameid: int | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str
    precision: str
    confidence: float


@dataclass(frozen=True)
class TimeExpr:
    """A time expression resolved against the publication date (or a quoted speech's date).

    ``value`` is ISO 8601 ("2023-05-28", "2023-03", "1991", or "A/B" for an interval); ``interval``
    holds the first and last day covered. No value is invented when there is nothing to resolve against.
    """

    id: str
    mention: Span
    value: str | None
    interval: tuple[str, str] | None
    precision: TimePrecision
    anchor: TimeAnchor


@dataclass(frozen=True)
class Quantity:
    """A number and what it counts ("over 300 settlements", "15 incidents")."""

    id: str
    mention: Span
    number: Span
    value: float
    unit: str | None
    unit_span: Span | None
    qualifier: QuantityQualifier


@dataclass(frozen=True)
class Participant:
    """An event's actor or recipient: the text's own label beside the normalised actor."""

    mention: Span
    actor: str
    country: str | None
    sector: str | None
    entity: str | None = None


@dataclass(frozen=True)
class Asserter:
    """Who asserts an event: a named source (with its statement) or the article itself."""

    kind: AsserterKind
    name: str | None
    mention: Span | None
    statement: str | None = None


@dataclass(frozen=True)
class Event:
    """Something that happened (or is said, threatened, remembered), typed in PLOVER 2021."""

    id: str
    trigger: Span
    sentence: Span
    category: str
    mode: str | None
    cameo: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actors: tuple[Participant, ...]
    recipients: tuple[Participant, ...]
    places: tuple[str, ...]
    time: str | None
    quantities: tuple[str, ...]
    asserted_by: Asserter
    status: EventStatus
    confidence: float
    mentions: tuple[Span, ...] = ()
    """Later triggers that refer back to this same event ("... met in Geneva. The meeting lasted ...")."""


@dataclass(frozen=True)
class Rhetoric:
    """A persuasion-technique span (PTC technique names) and whose voice it is in."""

    id: str
    span: Span
    technique: str
    voice: str
    speaker_entity: str | None
    confidence: float
    evidence: str = ""


@dataclass(frozen=True)
class SpinShare:
    """One line of an article's spin profile: how often a technique occurs in one voice, and how much of
    the text it covers (``share``: characters covered by its spans, overlaps counted once, over the text)."""

    technique: str
    voice: str
    count: int
    characters: int
    share: float
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class ScareQuote:
    """Quotation marks that distance the writer from a word rather than quote anyone."""

    id: str
    span: Span
    term: Span
    statement: str | None
    voice: str


@dataclass(frozen=True)
class NameUse:
    """One way the article names an actor: a loaded label or a neutral name."""

    span: Span
    kind: NameUseKind
    technique: str | None = None


@dataclass(frozen=True)
class Naming:
    """The naming map for one actor: the labels the article attaches to it and its neutral names."""

    actor: str
    entity: str | None
    labels: tuple[NameUse, ...]
    neutral: tuple[NameUse, ...]


LAYERS: dict[str, type] = {
    "tokens": Token,
    "sentences": Sentence,
    "entities": Entity,
    "coref": CorefLink,
    "statements": Statement,
    "attributions": Attribution,
    "places": Place,
    "times": TimeExpr,
    "quantities": Quantity,
    "events": Event,
    "rhetoric": Rhetoric,
    "spin_profile": SpinShare,
    "scare_quotes": ScareQuote,
    "naming": Naming,
}
"""Every layer a stage may produce, and the record type it holds."""


def iter_spans(value: Any) -> Iterator[Span]:
    """Every span inside an annotation record, however deeply nested."""
    if isinstance(value, Span):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from iter_spans(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from iter_spans(item)
