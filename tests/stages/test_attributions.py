"""Attributions by the shipped attribution model: sources, cues and contents, linked to statements."""

from __future__ import annotations

import pytest

from unspin.annotations import Attribution
from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.errors import ModelError
from unspin.pipeline import Pipeline
from unspin.spans import Span

STAGES = ("sentences.rules.v1", "entities.rules.v1", "coref.rules.v1", "statements.rules.v1", "attributions.minilm.v1")
VERSIONS = ("attributions.minilm.v1", "attributions.minilm.v2")


@pytest.fixture(scope="module", params=VERSIONS)
def pipeline(request: pytest.FixtureRequest) -> Pipeline:
    """The rule stages and each version of the attribution stage (v2: sources chosen by the source head)."""
    return Pipeline(PipelineConfig(stages=(*STAGES[:-1], request.param)))


def analysed(pipeline: Pipeline, text: str) -> Document:
    return pipeline(Document("t", text))


def words(doc: Document, spans: tuple) -> str:
    return " ".join(doc.span_text(span) for span in spans)


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        (
            "The defence minister said on Monday that the border would stay closed.",
            "The defence minister",
            "said",
            "the border would stay closed",
        ),
        ("“We will not retreat,” Gen. Omar Haddad told reporters.", "Gen. Omar Haddad", "told", "We will not retreat"),
        (
            "The rebels have long hoped that the mountain road will reopen.",
            "The rebels",
            "hoped",
            "the mountain road will reopen",
        ),
    ],
)
def test_source_cue_and_content(pipeline: Pipeline, text: str, source: str, cue: str, content: str) -> None:
    doc = analysed(pipeline, text)
    found: list[Attribution] = [a for a in doc.layer("attributions") if content in words(doc, a.content)]
    assert found, [words(doc, a.content) for a in doc.layer("attributions")]
    (attribution,) = found
    assert doc.span_text(attribution.source) == source
    assert cue in words(doc, attribution.cue)


def test_a_belief_is_an_attribution_but_no_statement(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The rebels have long hoped that the mountain road will reopen.")
    assert doc.layer("attributions") and not doc.layer("statements")


def test_linked_to_the_statement_with_the_same_words_and_its_speaker(pipeline: Pipeline) -> None:
    doc = analysed(
        pipeline,
        "Foreign Minister Anna Vole arrived in Geneva on Monday. She said the talks had failed.",
    )
    (statement,) = doc.layer("statements")
    (attribution,) = [a for a in doc.layer("attributions") if a.statement == statement.id]
    assert doc.span_text(attribution.source) == "She"
    assert attribution.source_name == statement.speaker_name == "Anna Vole"


def test_a_pronoun_source_without_a_statement_is_resolved_by_coreference(pipeline: Pipeline) -> None:
    doc = analysed(
        pipeline, "Foreign Minister Anna Vole arrived in Geneva on Monday. She hopes the talks will resume soon."
    )
    (attribution,) = [a for a in doc.layer("attributions") if doc.span_text(a.source) == "She"]
    assert attribution.statement is None and attribution.source_name == "Anna Vole"
    assert attribution.evidence, "the coreference chain is kept as evidence"


def test_a_relative_who_source_names_the_person_before_it() -> None:
    from unspin.spans import Span
    from unspin.stages.statements import phrase_speakers

    rules = Pipeline(PipelineConfig(stages=STAGES[:-1]))
    text = "The board met Foreign Minister Anna Vole, who hopes the talks will resume."
    doc = rules(Document("t", text))
    who = Span(text.index("who"), text.index("who") + 3)
    speaker = phrase_speakers(doc)(who)
    assert speaker.name == "Anna Vole" and speaker.evidence[0] == who


def test_empty_text_has_no_attributions(pipeline: Pipeline) -> None:
    assert analysed(pipeline, "   ").layer("attributions") == ()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_folder_without_a_model_is_a_model_error(tmp_path, version: str) -> None:  # type: ignore[no-untyped-def]
    options = {version: {"model": str(tmp_path)}}
    with pytest.raises(ModelError, match="No attribution model"):
        Pipeline(PipelineConfig(stages=(*STAGES[:-1], version), options=options))


def test_a_model_without_a_source_head_is_a_model_error_for_v2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from unspin.models.source_choice import HEAD_FILE, SETTINGS_FILE
    from unspin.stages.attributions import SHIPPED_MODEL

    shutil.copytree(SHIPPED_MODEL, tmp_path / "model", ignore=shutil.ignore_patterns(HEAD_FILE, SETTINGS_FILE))
    options = {"attributions.minilm.v2": {"model": str(tmp_path / "model")}}
    with pytest.raises(ModelError, match="unspin train statements"):
        Pipeline(PipelineConfig(stages=(*STAGES[:-1], "attributions.minilm.v2"), options=options))


def _span_of(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase))


RULE_TEXT = "Officials in the capital, speaking on Monday, insisted the road was open."


@pytest.mark.parametrize(
    ("group_source", "mention", "statement_cue", "expected"),
    [
        (None, "Officials", "insisted", "Officials"),  # the head chose none: the rule statement's speaker
        ("the capital", "Officials", "insisted", "the capital"),  # the head's own choice stays
        (None, "Officials", "speaking", None),  # another cue: no source
        (None, "the road", "insisted", None),  # a mention inside the group's content is no source
        (None, None, "insisted", None),  # a statement without a speaker gives none
    ],
)
def test_a_cue_left_without_a_source_takes_the_rule_statements_speaker(
    group_source: str | None, mention: str | None, statement_cue: str, expected: str | None
) -> None:
    from unspin.annotations import Statement
    from unspin.attribution_tags import RoleGroup
    from unspin.stages.attributions import statement_sources

    text = RULE_TEXT
    group = RoleGroup(
        source=[_span_of(text, group_source)] if group_source else [],
        cue=[_span_of(text, "insisted")],
        content=[_span_of(text, "the road was open")],
    )
    statement = Statement(
        id="s1",
        kind="indirect",
        content=_span_of(text, "the road was open"),
        cue=_span_of(text, statement_cue),
        speaker_mention=_span_of(text, mention) if mention else None,
        speaker_entity=None,
        speaker_name=None,
    )
    (mended,) = statement_sources([group], [statement])
    assert [s.of(text) for s in mended.source] == ([expected] if expected else [])
