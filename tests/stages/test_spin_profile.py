"""Spin profile: technique counts per voice and the share of text, overlaps counted once."""

from __future__ import annotations

from unspin.annotations import Rhetoric
from unspin.document import Document
from unspin.spans import Span
from unspin.stages.spin_profile import spin_profile

TEXT = "x" * 200


def profile(*records: tuple[int, int, str, str]) -> list[tuple[str, str, int, int, float]]:
    doc = Document("t", TEXT)
    doc.layers["rhetoric"] = tuple(
        Rhetoric(f"r{i}", Span(start, end), technique, voice, None, 0.5)
        for i, (start, end, technique, voice) in enumerate(records, 1)
    )
    return [(s.technique, s.voice, s.count, s.characters, s.share) for s in spin_profile(doc)]


def test_counts_and_shares_per_technique_and_voice() -> None:
    assert profile(
        (0, 10, "Loaded_Language", "article"),
        (5, 15, "Loaded_Language", "article"),  # overlaps the first: characters 0-15 count once
        (20, 40, "Doubt", "Anna Vole"),
        (0, 10, "Doubt", "article"),
    ) == [
        ("Loaded_Language", "article", 2, 15, 0.075),
        ("Doubt", "Anna Vole", 1, 20, 0.1),
        ("Doubt", "article", 1, 10, 0.05),
        ("all", "article", 2, 15, 0.075),  # the span 0-10 carries two techniques: one span
        ("all", "Anna Vole", 1, 20, 0.1),
    ]


def test_a_span_with_two_techniques_counts_once_per_voice_total() -> None:
    lines = profile((0, 10, "Loaded_Language", "article"), (0, 10, "Name_Calling,Labeling", "article"))
    assert ("all", "article", 1, 10, 0.05) in lines


def test_no_rhetoric_no_profile() -> None:
    assert profile() == []
