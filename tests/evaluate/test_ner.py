"""The ner suite on tiny invented Universal NER and GUM files, with a stand-in core whose entities are fixed,
so every figure is known by construction; plus the --core glue and smoke runs on the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from fake_core import Replay
from spacy.tokens import Doc, Span

from conftest import SHARED
from unspin.config import PipelineConfig
from unspin.core_model import load_core
from unspin.errors import ModelError
from unspin.evaluate.ner import (
    GUM_TYPES,
    MICRO,
    MICRO_GIVEN_PARAGRAPHS,
    MICRO_GIVEN_SENTENCES,
    UNER_TYPES,
    gum_texts,
    iob2_spans,
    read_iob2,
    run,
    score_texts,
    spaces_from_text,
    uner_texts,
)
from unspin.pipeline import Pipeline

UNER = """# newdoc id = d1
# sent_id = d1-1
# text = Anna Berg visited New York City for the UN.
1\tAnna\tB-PER\t-\t-
2\tBerg\tI-PER\t-\t-
3\tvisited\tO\t-\t-
4\tNew\tB-LOC\t-\t-
5\tYork\tI-LOC\t-\t-
6\tCity\tI-LOC\t-\t-
7\tfor\tO\t-\t-
8\tthe\tO\t-\t-
9\tUN\tB-ORG\t-\t-
10\t.\tO\t-\t-

# sent_id = d1-2
# text = Germans cheered.
1\tGermans\tO\t-\t-
2\tcheered\tO\t-\t-
3\t.\tO\t-\t-
"""

# "New York" (GPE) misses "New York City"; "Germans" (NORP -> GROUP) and "cheered" (DATE) have no UNER type.
UNER_PREDICTED = [(0, 2, "PERSON"), (3, 5, "GPE"), (8, 9, "ORG"), (10, 11, "NORP"), (11, 12, "DATE")]


def _answer(text, entities: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=list(text.tokens.words), spaces=list(text.tokens.spaces))
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in entities]
    return doc


def replay_with(
    texts, entities: list[tuple[int, int, str]], with_sentences: list[tuple[int, int, str]] | None = None
) -> Replay:
    """A core answering the one text with ``entities`` (and ``with_sentences`` when told its sentences)."""
    (text,) = texts
    given = [_answer(text, with_sentences)] if with_sentences is not None else []
    return Replay([_answer(text, entities)], given)


@pytest.fixture
def uner_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.iob2"
    path.write_text(UNER, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("section", "found", "gold", "predicted"),
    [("PER", 1, 1, 1), ("LOC", 0, 1, 1), ("ORG", 1, 1, 1), (MICRO, 2, 3, 3)],
)
def test_uner_figures_by_construction(uner_file: Path, section: str, found: int, gold: int, predicted: int) -> None:
    texts = uner_texts([uner_file])
    score = score_texts(texts, replay_with(texts, UNER_PREDICTED), UNER_TYPES).sections[section]
    assert (score.true_positives, score.gold_total, score.predicted_total) == (found, gold, predicted)


def test_given_sentences_are_scored_on_their_own(uner_file: Path) -> None:
    texts = uner_texts([uner_file])
    # told where sentences start, the core finds "New York City" too
    core = replay_with(texts, UNER_PREDICTED, with_sentences=[(0, 2, "PERSON"), (3, 6, "GPE"), (8, 9, "ORG")])
    sections = score_texts(texts, core, UNER_TYPES).sections
    assert sections[MICRO].true_positives == 2
    given = sections[MICRO_GIVEN_SENTENCES]
    assert (given.true_positives, given.gold_total, given.predicted_total) == (3, 3, 3)


def test_uner_sentences_of_a_document_are_one_text(uner_file: Path) -> None:
    (text,) = uner_texts([uner_file])
    assert text.tokens.words[9:11] == (".", "Germans") and len(text.tokens.words) == 13
    assert text.entities == {(0, 2, "PER"), (3, 6, "LOC"), (8, 9, "ORG")}
    report = score_texts([text], replay_with([text], UNER_PREDICTED), UNER_TYPES)
    assert report.sections[MICRO].extra["words"] == 13 and report.sections[MICRO].extra["words_per_second"] > 0


UD_OF_UNER = """# newdoc id = d1
# newpar
# sent_id = d1-1
# text = Anna Berg visited New York City for the UN.
1\tAnna\tAnna\tPROPN\tNNP\t_\t3\tnsubj\t_\t_

# newpar
# sent_id = d1-2
# text = Germans cheered.
1\tGermans\tGermans\tPROPN\tNNPS\t_\t2\tnsubj\t_\t_
"""


def test_paragraph_starts_come_from_the_ud_treebank_beside(tmp_path: Path) -> None:
    (tmp_path / "uner-tiny").mkdir()
    (tmp_path / "ud-tiny").mkdir()
    uner = tmp_path / "uner-tiny" / "en_tiny-ud-dev.iob2"
    uner.write_text(UNER, encoding="utf-8")
    (text,) = uner_texts([uner])
    assert text.paragraph_starts is None  # no treebank yet: no paragraphs section
    assert MICRO_GIVEN_PARAGRAPHS not in score_texts([text], replay_with([text], UNER_PREDICTED), UNER_TYPES).sections
    (tmp_path / "ud-tiny" / "en_tiny-ud-dev.conllu").write_text(UD_OF_UNER, encoding="utf-8")
    (text,) = uner_texts([uner])
    assert text.paragraph_starts == (True, *[None] * 9, True, None, None)
    # told where paragraphs start, the core finds "New York City" too
    core = replay_with([text], UNER_PREDICTED, with_sentences=[(0, 2, "PERSON"), (3, 6, "GPE"), (8, 9, "ORG")])
    paragraphs = score_texts([text], core, UNER_TYPES).sections[MICRO_GIVEN_PARAGRAPHS]
    assert (paragraphs.true_positives, paragraphs.gold_total, paragraphs.predicted_total) == (3, 3, 3)


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PER", "I-PER", "O"], {(0, 2, "PER")}),
        (["I-LOC", "I-LOC"], {(0, 2, "LOC")}),  # an I- without B- starts an entity
        (["B-PER", "I-LOC"], {(0, 1, "PER"), (1, 2, "LOC")}),
        (["B-ORG", "B-ORG"], {(0, 1, "ORG"), (1, 2, "ORG")}),
        (["O", "O"], set()),
    ],
)
def test_iob2_spans(tags: list[str], spans: set[tuple[int, int, str]]) -> None:
    assert iob2_spans(tags) == spans


@pytest.mark.parametrize(
    ("words", "text", "spaces"),
    [
        (["the", "UN", "."], "the UN.", (True, False, True)),
        (["ca", "n't", "go"], "can't go", (False, True, True)),
        (["a", "b"], "", (True, True)),  # no text: spaces everywhere
        (["x", "zz", "y"], "x y", (True, True, True)),  # a word not in the text
    ],
)
def test_spaces_from_text(words: list[str], text: str, spaces: tuple[bool, ...]) -> None:
    assert spaces_from_text(words, text) == spaces


def test_iob2_lines_need_a_tag() -> None:
    with pytest.raises(ValueError, match="tag"):
        list(read_iob2(["# sent_id = s", "1\tword", ""]))


GUM = """# newdoc id = GUM_news_tiny
# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity
# sent_id = GUM_news_tiny-1
1\tUS\tUS\tPROPN\tNNP\t_\t3\tcompound\t_\tEntity=(1-person-new-s-cf1-3-coref(2-place-new-s-cf2-1-sgl)
2\tPresident\tpresident\tPROPN\tNNP\tNumber=Sing\t3\tcompound\t_\t_
3\tSmith\tSmith\tPROPN\tNNP\tNumber=Sing\t4\tnsubj\t_\tEntity=1)
4\tthanked\tthank\tVERB\tVBD\t_\t0\troot\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\tEntity=(3-place-new-s-cf3-2-coref
6\tNetherlands\tNetherlands\tPROPN\tNNPS\tNumber=Plur\t4\tobj\t_\tEntity=3)|SpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_
"""

# US as NORP (-> GROUP: wrong type), Smith right, the Netherlands as GPE (-> PLACE) right.
GUM_PREDICTED = [(0, 1, "NORP"), (2, 3, "PERSON"), (5, 6, "GPE")]


@pytest.mark.parametrize(
    ("section", "found", "gold", "predicted"),
    [("PLACE", 1, 2, 1), ("PERSON", 1, 1, 1), ("GROUP", 0, 0, 1), ("ORG", 0, 0, 0), (MICRO, 2, 3, 3)],
)
def test_gum_figures_by_construction(tmp_path: Path, section: str, found: int, gold: int, predicted: int) -> None:
    (tmp_path / "tiny.conllu").write_text(GUM, encoding="utf-8")
    texts, note = gum_texts(tmp_path)
    assert note.startswith("every document")
    score = score_texts(texts, replay_with(texts, GUM_PREDICTED), GUM_TYPES).sections[section]
    assert (score.true_positives, score.gold_total, score.predicted_total) == (found, gold, predicted)


def test_run_reads_either_format_with_the_configured_core(tmp_path: Path, uner_file: Path) -> None:
    spacy.blank("en").to_disk(tmp_path / "blank")
    pipeline = Pipeline(PipelineConfig(stages=(), core=str(tmp_path / "blank")))
    (tmp_path / "gum").mkdir()
    (tmp_path / "gum" / "tiny.conllu").write_text(GUM, encoding="utf-8")
    uner = run(uner_file, pipeline).sections
    gum = run(tmp_path / "gum", pipeline).sections
    assert set(uner) == {"PER", "ORG", "LOC", MICRO, MICRO_GIVEN_SENTENCES} and uner[MICRO].gold_total == 3
    assert set(gum) == {
        "PERSON",
        "ORG",
        "PLACE",
        "GROUP",
        "EVENT",
        MICRO,
        MICRO_GIVEN_SENTENCES,
        MICRO_GIVEN_PARAGRAPHS,
    }
    assert gum[MICRO].gold_total == gum[MICRO_GIVEN_SENTENCES].gold_total == gum[MICRO_GIVEN_PARAGRAPHS].gold_total == 3
    assert uner[MICRO].predicted_total == gum[MICRO].predicted_total == 0


def _shipped_core():
    try:
        return load_core()
    except ModelError as error:
        pytest.skip(f"no shipped core model: {error}")


def test_smoke_on_shared_uner() -> None:
    dev = SHARED / "data" / "uner-english-ewt" / "en_ewt-ud-dev.iob2"
    if not dev.exists():
        pytest.skip(f"Universal NER is not at {dev} (../shared is absent on this machine)")
    texts = uner_texts([dev])[:20]
    report = score_texts(texts, _shipped_core(), UNER_TYPES)
    assert report.sections[MICRO].gold_total > 0 and report.sections[MICRO].f1 > 0.3


def test_smoke_on_shared_gum() -> None:
    dep = SHARED / "data" / "gum" / "dep"
    if not dep.is_dir():
        pytest.skip(f"GUM is not at {dep} (../shared is absent on this machine)")
    texts, note = gum_texts(dep)
    assert note.startswith("dev split") and texts
    report = score_texts(texts[:10], _shipped_core(), GUM_TYPES)
    assert report.sections[MICRO].gold_total > 0 and report.sections[MICRO].f1 > 0.3
