"""Every attribution in the text, by the trained attribution model: who is credited with what, through which cue.

The model (``unspin/models/statements``, trained by ``unspin train statements`` on PolNeAR) tags each word as
part of a source, a cue or a content; :mod:`unspin.attribution_tags` joins the tags into groups. PolNeAR's
attribution is wider than speech: beliefs, intentions and stances count too ("Republicans learned ...",
"the campaign hopes to ..."), so this layer holds more than the ``statements`` layer. Each attribution is
linked to the statement that reports the same words (same content, and the statement's speaker inside the
attribution's source when both have one), whose resolved speaker it takes; any other source phrase is
resolved like a speaker (entity mentions, coreference, "the ministry"). ``v2`` lets the source head saved
beside the model choose each cue's source (:mod:`unspin.models.source_choice`), and where the head chooses
none, takes the speaker of the rule statement that shares the cue (the rules name a source only where the
syntax shows one, so they are the more precise where the model hesitates). See docs/decisions/0004.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from unspin.annotations import Attribution, Statement
from unspin.attribution_tags import RoleGroup, attribution_groups
from unspin.document import Document
from unspin.models.onnx_tagger import OnnxTokenTagger, Tag, stage_tagger
from unspin.models.source_choice import SourceChooser
from unspin.registry import stage
from unspin.spans import Span
from unspin.stages.statements import Speaker, phrase_speakers

SHIPPED_MODEL = Path(__file__).resolve().parents[1] / "models" / "statements"


Reading = tuple[list[Tag], list[RoleGroup]]
"""The model's word tags over a text and the attribution groups made from them."""


def tagged_groups(tagger: OnnxTokenTagger) -> Callable[[str], Reading]:
    """Groups as :mod:`unspin.attribution_tags` makes them from the tags (each cue's nearest source run)."""

    def read(text: str) -> Reading:
        tags = tagger.tag(text)
        return tags, attribution_groups(text, tags)

    return read


def chosen_sources(chooser: SourceChooser) -> Callable[[str], Reading]:
    """The same groups with each cue's source chosen by the source head (:mod:`unspin.models.source_choice`)."""

    def read(text: str) -> Reading:
        tagger_pass = chooser(text)
        return tagger_pass.tags, tagger_pass.groups

    return read


class AttributionFinder:
    """Runs the attribution model over a document and turns its groups into attribution records."""

    def __init__(self, read: Callable[[str], Reading], *, sources_from_statements: bool = False) -> None:
        self.read = read
        self.sources_from_statements = sources_from_statements

    def __call__(self, doc: Document) -> list[Attribution]:
        if not doc.text.strip():
            return []
        tags, groups = self.read(doc.text)
        statements: tuple[Statement, ...] = doc.layer("statements")
        if self.sources_from_statements:
            groups = statement_sources(groups, statements)
        speaker_of, confidence = phrase_speakers(doc), confidences(tags)
        return [
            _attribution(f"a{i}", group, confidence(group), statements, speaker_of) for i, group in enumerate(groups, 1)
        ]


def statement_sources(groups: Sequence[RoleGroup], statements: Sequence[Statement]) -> list[RoleGroup]:
    """The groups, each one left without a source given the speaker mention of the first statement whose cue
    overlaps its cue, unless that mention lies inside the group's own content."""
    mended = []
    for group in groups:
        if group.cue and not group.source:
            for statement in statements:
                mention, cue = statement.speaker_mention, statement.cue
                if mention is None or cue is None or not any(cue.overlaps(part) for part in group.cue):
                    continue
                if not any(mention.overlaps(part) for part in group.content):
                    group = replace(group, source=[mention])
                    break
        mended.append(group)
    return mended


def _attribution(
    id_: str,
    group: RoleGroup,
    confidence: float,
    statements: Sequence[Statement],
    speaker_of: Callable[[Span], Speaker],
) -> Attribution:
    source = group.source[0] if group.source else None
    statement = _same_words(group, source, statements)
    if statement is not None:
        entity, name, evidence = statement.speaker_entity, statement.speaker_name, statement.evidence
    elif source is not None:
        speaker = speaker_of(source)
        entity, name, evidence = speaker.entity, speaker.name, speaker.evidence
    else:
        entity, name, evidence = None, None, ()
    return Attribution(
        id=id_,
        content=tuple(group.content),
        cue=tuple(group.cue),
        source=source,
        source_entity=entity,
        source_name=name,
        statement=statement.id if statement is not None else None,
        evidence=evidence,
        confidence=confidence,
    )


def _same_words(group: RoleGroup, source: Span | None, statements: Sequence[Statement]) -> Statement | None:
    """The statement reporting this attribution: overlapping content, and a speaker inside its source."""
    for statement in statements:
        if not any(statement.content.overlaps(part) for part in group.content):
            continue
        mention = statement.speaker_mention
        if source is None or mention is None or mention.overlaps(source):
            return statement
    return None


def confidences(tags: Sequence[Tag]) -> Callable[[RoleGroup], float]:
    """The mean probability of the model's labels on a group's words (each word counted once; the tags are
    in text order and apart, so the words inside a span are a run found by bisection)."""
    starts, ends = [t.start for t in tags], [t.end for t in tags]

    def confidence(group: RoleGroup) -> float:
        inside: set[int] = set()
        for span in (*group.source, *group.cue, *group.content):
            inside.update(range(bisect_left(starts, span.start), bisect_right(ends, span.end)))
        return round(sum(tags[i].score for i in inside) / len(inside), 2) if inside else 0.0

    return confidence


@stage("attributions.minilm.v1", produces="attributions", requires=("sentences", "entities", "coref", "statements"))
def minilm_attributions(model: str | None = None, threads: int = 1) -> Callable[[Document], list[Attribution]]:
    """Sources, cues and contents of every attribution (speech, beliefs, stances), by the PolNeAR-trained model."""
    return AttributionFinder(tagged_groups(_tagger(model, threads)))


@stage("attributions.minilm.v2", produces="attributions", requires=("sentences", "entities", "coref", "statements"))
def chosen_source_attributions(model: str | None = None, threads: int = 1) -> Callable[[Document], list[Attribution]]:
    """As ``attributions.minilm.v1``, with each cue's source chosen among candidate phrases by the source head
    saved beside the model (``sources.npz``), instead of the nearest source run; a cue the head leaves without
    one takes the speaker of the rule statement with the same cue."""
    return AttributionFinder(
        chosen_sources(SourceChooser.beside(_tagger(model, threads))), sources_from_statements=True
    )


def _tagger(model: str | None, threads: int) -> OnnxTokenTagger:
    return stage_tagger(model, SHIPPED_MODEL, "attribution", "unspin train statements", threads)
