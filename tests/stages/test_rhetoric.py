"""Rhetoric by lexicon: cue, technique and the phrase each span covers, on short invented texts."""

from __future__ import annotations

import pytest

from unspin.annotations import Statement
from unspin.spans import Span
from unspin.stages.rhetoric import TECHNIQUES, find_rhetoric, load_lexicon
from unspin.stages.scare_quotes import find_scare_quotes
from unspin.stages.sentences import split_sentences


def analyse(text: str, statements: tuple[Statement, ...] = ()) -> list[tuple[str, str]]:
    sentences = tuple(split_sentences(text))
    quotes = tuple(find_scare_quotes(text, statements, sentences))
    return [(r.span.of(text), r.technique) for r in find_rhetoric(text, sentences, statements, quotes)]


@pytest.mark.parametrize(
    ("text", "span", "technique"),
    [
        (
            "Police arrested members of illegal Serbian armed gangs yesterday.",
            "illegal Serbian armed gangs",
            "Name_Calling,Labeling",
        ),
        (
            "Police arrested members of illegal Serbian armed gangs yesterday.",
            "illegal Serbian armed gangs",
            "Loaded_Language",
        ),
        (
            "They recalled the brutal ethnic cleansing campaign carried out in 1995.",
            "brutal ethnic cleansing campaign",
            "Loaded_Language",
        ),
        (
            "The notorious “Tiger” unit that raided the village was disbanded.",
            "notorious “Tiger” unit",
            "Loaded_Language",
        ),
        (
            "The talks were blocked by a group of militants in the north.",
            "a group of militants",
            "Name_Calling,Labeling",
        ),
        ("The Kurdish separatists rejected the offer.", "Kurdish separatists", "Name_Calling,Labeling"),
        ("He mocked the so-called “referendum” held last week.", "so-called “referendum”", "Doubt"),
        ("He mocked the so-called “referendum” held last week.", "so-called “referendum”", "Loaded_Language"),
        (
            "Soldiers entered under the guise of humanitarian aid, officials said.",
            "under the guise of humanitarian aid",
            "Doubt",
        ),
        ("The man calling himself “governor” has fled.", "The man calling himself “governor”", "Name_Calling,Labeling"),
        ("There is only one way left – to surrender.", "There is only one way left", "Black-and-White_Fallacy"),
        (
            "They must either leave the city or face the army.",
            "must either leave the city or face the army",
            "Black-and-White_Fallacy",
        ),
        ("Everyone knows who started this war.", "Everyone knows", "Bandwagon,Reductio_ad_hitlerum"),
        (
            "Otherwise things will turn out differently for them.",
            "things will turn out differently for them",
            "Appeal_to_fear-prejudice",
        ),
        (
            "We have all the means to end this conflict by force.",
            "We have all the means to end this conflict by force",
            "Appeal_to_fear-prejudice",
        ),
        ("My word is final on this matter.", "My word is final", "Thought-terminating_Cliches"),
        (
            "Not a single promise was broken in ten years.",
            "Not a single promise was broken in ten years",
            "Exaggeration,Minimisation",
        ),
        ("The army took adequate retaliatory measures.", "adequate retaliatory measures", "Exaggeration,Minimisation"),
        ("Government troops liberated the town on Friday.", "liberated", "Loaded_Language"),
        ("Foreign agents meddled to derail the election.", "meddled to derail", "Loaded_Language"),
        ("The crowd chanted death to traitors.", "death to traitors", "Slogans"),
    ],
)
def test_cues(text: str, span: str, technique: str) -> None:
    assert (span, technique) in analyse(text)


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said talks would resume in Geneva next week.",
        "Rebels and government forces exchanged fire near the border.",
        "The People's Liberation Army held exercises near the strait.",
        "She either walks or takes the bus to work.",
        "A criminal investigation was opened into the fire.",
    ],
)
def test_neutral_news_has_no_rhetoric(text: str) -> None:
    assert analyse(text) == []


def test_repeated_openings_are_repetition() -> None:
    text = "Only in that case will we talk. Only in that case can there be peace. The meeting ended."
    assert [s for s, t in analyse(text) if t == "Repetition"] == ["Only in that case", "Only in that case"]


def test_function_word_openings_are_not_repetition() -> None:
    text = "It was the first time. It was the last day of the talks."
    assert [s for s, t in analyse(text) if t == "Repetition"] == []


def test_one_record_per_technique_and_merged_spans() -> None:
    text = "The notorious and brutal gangs attacked."
    found = analyse(text)
    assert found.count(("notorious and brutal gangs", "Loaded_Language")) == 1


def test_voice_follows_the_statement_holding_the_span() -> None:
    text = "“The so-called council must go,” the general said. The so-called council met anyway."
    start = text.index("The so-called council must go")
    statement = Statement("s1", "direct", Span(start, start + 30), None, None, "e1", "Jane Roe")
    sentences = tuple(split_sentences(text))
    records = [r for r in find_rhetoric(text, sentences, (statement,), ()) if r.technique == "Doubt"]
    assert [(r.voice, r.speaker_entity) for r in records] == [("Jane Roe", "e1"), ("article", None)]
    assert [r.id for r in find_rhetoric(text, sentences, (statement,), ())][:2] == ["r1", "r2"]


def test_lexicon_uses_only_ptc_technique_names() -> None:
    cues = load_lexicon()
    assert len(cues) > 50
    assert {cue.technique for cue in cues} <= TECHNIQUES
    assert len(TECHNIQUES) == 14


@pytest.mark.xfail(reason="scare quotes alone are not read as Doubt; no cue word, no record")
def test_bare_scare_quote_is_doubt() -> None:
    assert ("“elections”", "Doubt") in analyse("The “elections” in the enclave were held on Sunday.")
