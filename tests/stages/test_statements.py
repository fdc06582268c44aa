"""Statements by rule: direct quotes, reported speech, "according to", continuations and relays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.annotations import Statement
from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.pipeline import Pipeline

SEED = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    stages = ("sentences.rules.v1", "entities.rules.v1", "coref.rules.v1", "statements.rules.v1")
    return Pipeline(PipelineConfig(stages=stages))


def statements(pipeline: Pipeline, text: str) -> list[Statement]:
    return list(pipeline(Document("t", text)).layer("statements"))


@pytest.mark.parametrize(
    ("text", "kind", "speaker", "content_start", "cue"),
    [
        ("“We will not give up any territory,” Prime Minister Tom Berry said on Monday.", "direct", "Tom Berry",
         "We will not give up", "said"),
        ("“We are ready for talks,” said Gen. Omar Haddad.", "direct", "Omar Haddad", "We are ready", "said"),
        ("Gen. Omar Haddad said: “The road will stay open to all convoys.”", "direct", "Omar Haddad",
         "The road will stay open", "said"),
        ("Mr. Tom Berry told reporters that the talks had failed.", "indirect", "Tom Berry", "the talks had failed",
         "told"),
        ("Mr. Tom Berry said the talks had failed.", "indirect", "Tom Berry", "the talks had failed", "said"),
        ("Mr. Tom Berry said on Friday that the talks had failed.", "indirect", "Tom Berry", "the talks had failed",
         "said"),
        ("Gen. Omar Haddad has urged the rebels to lay down their arms.", "indirect", "Omar Haddad",
         "the rebels to lay down", "has urged"),
        ("The talks will resume next week, the Defense Ministry of Georgia said.", "indirect",
         "Defense Ministry of Georgia", "The talks will resume", "said"),
        ("The ceasefire is holding, according to officials.", "according_to", "officials", "The ceasefire is holding",
         "according to"),
        ("According to the Interior Ministry of Georgia, three people were detained.", "according_to",
         "Interior Ministry of Georgia", "three people were detained", "According to"),
        ("Three people, according to Georgian media reports, were detained.", "according_to", "Georgian media",
         "Three people", "according to"),
        ("Gen. Omar Haddad visited Moldova.\nHe warned that the border would be closed.", "indirect", "Omar Haddad",
         "the border would be closed", "warned"),
        ("Officials said at least 12 people were killed.", "indirect", "Officials", "at least 12 people", "said"),
        ("President Maria Kovac told the BBC she would not resign.", "indirect", "Maria Kovac", "she would not resign",
         "told"),
        ("NATO Secretary-General Omar Haddad warned of a wider war.", "indirect", "Omar Haddad", "a wider war",
         "warned"),
    ],
)
def test_one_statement(pipeline: Pipeline, text: str, kind: str, speaker: str, content_start: str, cue: str) -> None:
    found = statements(pipeline, text)
    assert len(found) == 1, found
    statement = found[0]
    assert statement.kind == kind
    assert statement.speaker_name == speaker
    assert statement.content.of(text).startswith(content_start)
    assert statement.cue is not None and statement.cue.of(text) == cue


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “elections” were held under the “new” rules.",
        "The plan was drawn up according to the law.",
        "The reports were published in March.",
        "“We are simply being patient, as they say in the village,” the banner read.",
        "It called for annexing the region.",
    ],
)
def test_no_statement(pipeline: Pipeline, text: str) -> None:
    assert statements(pipeline, text) == []


def test_pronoun_speaker_resolved_through_coref(pipeline: Pipeline) -> None:
    text = "President Maria Kovac spoke in Vienna. According to her, the talks failed."
    (statement,) = statements(pipeline, text)
    assert statement.speaker_mention is not None and statement.speaker_mention.of(text) == "her"
    assert statement.speaker_name == "Maria Kovac"
    assert statement.speaker_entity == "e1"
    assert [span.of(text) for span in statement.evidence] == ["her", "President Maria Kovac"]


def test_scare_quotes_inside_do_not_cut_the_quote(pipeline: Pipeline) -> None:
    text = "“They must dissolve the “parliament” and go home now,” President Maria Kovac said."
    (statement,) = statements(pipeline, text)
    assert statement.content.of(text) == "They must dissolve the “parliament” and go home now"


def test_relaying_outlet_is_not_a_speaker(pipeline: Pipeline) -> None:
    text = "“We will hold the line,” Gen. Omar Haddad said in Tbilisi on Sunday, Trend.az reported."
    (statement,) = statements(pipeline, text)
    assert statement.speaker_name == "Omar Haddad"
    assert statement.relayed_by is not None and statement.relayed_by.of(text) == "Trend.az"
    assert statement.relayed_by_name == "Trend.az"


def test_relay_clause_is_cut_from_the_content(pipeline: Pipeline) -> None:
    text = "Gen. Omar Haddad accused Moldova of sabotaging the deal, TASS reported."
    (statement,) = statements(pipeline, text)
    assert statement.content.of(text) == "Moldova of sabotaging the deal"
    assert statement.relayed_by_name == "TASS"


def test_told_an_outlet_relays(pipeline: Pipeline) -> None:
    text = "“The situation is calm,” Gen. Omar Haddad told Reuters."
    (statement,) = statements(pipeline, text)
    assert statement.speaker_name == "Omar Haddad"
    assert statement.relayed_by_name == "Reuters"
    assert statement.addressee is None


def test_quoted_paragraph_continues_the_previous_quote(pipeline: Pipeline) -> None:
    text = (
        "“We will not retreat from our positions,” Gen. Omar Haddad said.\n"
        "“Our soldiers know what to do. They will defend every village.”"
    )
    first, second = statements(pipeline, text)
    assert (first.id, second.id) == ("s1", "s2")
    assert second.kind == "direct" and second.cue is None
    assert second.continuation_of == "s1"
    assert second.speaker_entity == first.speaker_entity
    assert second.content.of(text).startswith("Our soldiers know")


def test_participle_after_a_quote_keeps_the_speaker(pipeline: Pipeline) -> None:
    text = "“Our word is final and everyone knows it,” Gen. Omar Haddad stated, calling on the rebels to surrender."
    direct, indirect = statements(pipeline, text)
    assert direct.kind == "direct" and indirect.kind == "indirect"
    assert indirect.speaker_name == "Omar Haddad"
    assert indirect.content.of(text).startswith("the rebels to surrender")
    assert indirect.addressee is not None and indirect.addressee.of(text) == "the rebels"


def test_voiced_readiness(pipeline: Pipeline) -> None:
    text = "Later the government of Moldova voiced its readiness to resume the talks."
    (statement,) = statements(pipeline, text)
    assert statement.speaker_name == "Government of Moldova"
    assert statement.content.of(text).startswith("to resume the talks")


@pytest.mark.skipif(not (SEED / "gold.json").exists(), reason="the seed corpus (../shared/corpus/seed) is not here")
def test_seed_statements(pipeline: Pipeline) -> None:
    text = (SEED / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))["statements"]
    found = statements(pipeline, text)
    matched: set[str] = set()
    for item in gold:
        start = text.index(item["content"])
        span = (start, start + len(item["content"]))
        hits = [
            s for s in found
            if s.kind == item["kind"] and s.content.start < span[1] and span[0] < s.content.end
            and item["speaker"].split()[-1].lower() in (s.speaker_name or "").lower()
        ]
        if hits:
            matched.add(item["id"])
            assert any(s.content.start == start for s in hits), item["id"]
    required = {item["id"] for item in gold if not item.get("optional")}
    assert required <= matched, sorted(required - matched)
    assert len(found) - len(matched) <= 1
