"""Issue 3's floor on the seed: with the shipped core pipeline, every gold place and named speaker is an entity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from unspin.annotations import Entity
from unspin.config import PipelineConfig
from unspin.core_model import SHIPPED_DIR
from unspin.document import Document
from unspin.evaluate.seed import load_seed
from unspin.pipeline import Pipeline

SPEAKER_LABELS = frozenset({"person", "organization", "outlet"})
PRONOUNS = frozenset("i you he she it we they me him her us them".split())


def missing_entities(entities: tuple[Entity, ...], text: str, gold: dict[str, Any]) -> list[str]:
    """Gold places, and speakers named in the text, that no entity mention covers.

    A place needs an entity mention equal to it; a speaker named in the text (not a pronoun) needs a person,
    organisation or outlet mention inside the first occurrence of its speaker text.
    """
    mentions = {(m.start, m.end): e.label for e in entities for m in e.mentions}
    places = {m.of(text) for e in entities for m in e.mentions}
    missing = [f"place {p['text']}" for p in gold["places"] if p["text"] not in places]
    for statement in gold["statements"]:
        said_by = statement.get("speaker_text") or ""
        if not said_by or said_by.lower() in PRONOUNS:
            continue  # a pronoun, or no speaker in the text: coreference's business
        start = text.find(said_by)
        end = start + len(said_by)
        if not any(start <= s and e <= end and label in SPEAKER_LABELS for (s, e), label in mentions.items()):
            missing.append(f"speaker {said_by}")
    return missing


def test_every_place_and_named_speaker_is_an_entity(seed_dir: Path):
    if not (SHIPPED_DIR / "config.cfg").exists():
        pytest.skip(f"no shipped core pipeline at {SHIPPED_DIR} (train and ship it with `unspin train core`)")
    pipeline = Pipeline(PipelineConfig(stages=("tokens.core.v1", "sentences.core.v1", "entities.core.v1")))
    doc, gold = load_seed(seed_dir)
    analysed: Document = pipeline(doc)
    assert missing_entities(analysed.layer("entities"), analysed.text, gold) == []
