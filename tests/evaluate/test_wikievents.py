"""The wikievents suite: KAIROS -> PLOVER map, rebuilt text offsets, trigger and argument matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.evaluate.wikievents import plover_category, read_documents, run
from unspin.pipeline import Pipeline

SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "wikievents" / "dev.jsonl"


@pytest.mark.parametrize(
    ("kairos", "plover"),
    [
        ("Conflict.Attack.DetonateExplode", "ASSAULT"),
        ("Life.Die.Unspecified", "ASSAULT"),
        ("Contact.Contact.Meet", "CONSULT"),
        ("Contact.Contact.Broadcast", None),
        ("Justice.ArrestJailDetain.Unspecified", "COERCE"),
        ("Disaster.DiseaseOutbreak.Unspecified", None),
        ("Conflict.AttackX", None),
    ],
)
def test_kairos_types_map_by_longest_prefix(kairos: str, plover: str | None) -> None:
    assert plover_category(kairos) == plover


def _write(tmp_path: Path) -> Path:
    sentences = [
        [
            [["Rebels", 100, 106], ["attacked", 107, 115], ["Tupiza", 116, 122], [".", 122, 123]],
            "Rebels attacked Tupiza.",
        ],
        [[["They", 124, 128], ["left", 129, 133], [".", 133, 134]], "They left."],
    ]
    document = {
        "doc_id": "d1",
        "sentences": sentences,
        "entity_mentions": [
            {"id": "d1-T1", "start": 0, "end": 1},
            {"id": "d1-T2", "start": 2, "end": 3},
            {"id": "d1-T3", "start": 4, "end": 5},
        ],
        "event_mentions": [
            {
                "event_type": "Conflict.Attack.Unspecified",
                "trigger": {"start": 1, "end": 2},
                "arguments": [
                    {"entity_id": "d1-T3", "role": "Attacker"},
                    {"entity_id": "d1-T2", "role": "Place"},
                ],
            },
            {"event_type": "Movement.Transportation.Unspecified", "trigger": {"start": 5, "end": 6}, "arguments": []},
        ],
    }
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(document) + "\n", encoding="utf-8")
    (tmp_path / "coref").mkdir()
    (tmp_path / "coref" / "dev.jsonlines").write_text(
        json.dumps({"doc_key": "d1", "clusters": [["d1-T1", "d1-T3"]]}) + "\n", encoding="utf-8"
    )
    return path


def test_documents_are_rebuilt_one_sentence_per_line_with_coref(tmp_path: Path) -> None:
    (doc,) = read_documents(_write(tmp_path))
    assert doc.text == "Rebels attacked Tupiza.\nThey left."
    (event,) = doc.events  # the transportation event is out of scope
    assert doc.text[event.trigger.start : event.trigger.end] == "attacked" and event.category == "ASSAULT"
    attacker, place = event.arguments
    assert [doc.text[s.start : s.end] for s in attacker.mentions] == ["Rebels", "They"] and attacker.slot == "actor"
    assert place.slot == "place"


def test_the_suite_scores_triggers_and_arguments(tmp_path: Path) -> None:
    report = run(_write(tmp_path), Pipeline())
    trigger = report.sections["trigger classification"]
    assert (trigger.true_positives, trigger.gold_total) == (1, 1)
    arguments = report.sections["argument classification"]
    assert arguments.gold_total == 2 and arguments.true_positives >= 1


def test_a_missing_file_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="WikiEvents"):
        read_documents(tmp_path / "none.jsonl")


@pytest.mark.skipif(not SHARED_DEV.is_file(), reason="needs ../shared/data/wikievents")
def test_the_shared_dev_file_reads() -> None:
    documents = read_documents(SHARED_DEV)
    assert len(documents) == 20 and sum(len(d.events) for d in documents) > 200
