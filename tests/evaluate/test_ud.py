"""The ud suite on a tiny invented treebank, with a stand-in core whose every error is planted, so each figure
is known by construction; plus the --core glue with a saved blank pipeline and a smoke run on shared EWT."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from fake_core import Replay

from conftest import SHARED
from unspin.config import PipelineConfig
from unspin.conllu import read_documents
from unspin.core_model import load_core
from unspin.errors import ModelError
from unspin.evaluate.ud import relation, run, score_treebank, universal
from unspin.pipeline import Pipeline
from unspin.train.core_data import to_doc


def conllu(rows: str) -> str:
    return "\n".join(
        "\t".join(line.split()) if line and not line.startswith("#") else line for line in rows.split("\n")
    )


GOLD = conllu("""# newdoc id = d1
# sent_id = d1-1
1 Ann Ann PROPN NNP _ 2 nsubj _ _
2 saw see VERB VBD _ 0 root _ _
3 Bob Bob PROPN NNP _ 2 obj _ SpaceAfter=No
4 . . PUNCT . _ 2 punct _ _

# sent_id = d1-2
1 He he PRON PRP _ 3 nsubj:pass _ _
2 was be AUX VBD _ 3 aux:pass _ _
3 seen see VERB VBN _ 0 root _ SpaceAfter=No
4 . . PUNCT . _ 3 punct _ _

# newdoc id = d2
# sent_id = d2-1
1 Hi hi INTJ UH _ 0 root _ SpaceAfter=No
2 ! ! PUNCT . _ 1 punct _ _
""")

# One merged sentence: "Bob" a NOUN/NN, "seen" lemma "seen" and attached to "saw", "He" without ":pass".
PREDICTED = conllu("""# newdoc id = d1
# sent_id = d1-1
1 Ann Ann PROPN NNP _ 2 nsubj _ _
2 saw see VERB VBD _ 0 root _ _
3 Bob Bob NOUN NN _ 2 obj _ SpaceAfter=No
4 . . PUNCT . _ 2 punct _ _
5 He he PRON PRP _ 7 nsubj _ _
6 was be AUX VBD _ 7 aux:pass _ _
7 seen seen VERB VBN _ 2 conj _ SpaceAfter=No
8 . . PUNCT . _ 7 punct _ _

# newdoc id = d2
# sent_id = d2-1
1 Hi hi INTJ UH _ 0 root _ SpaceAfter=No
2 ! ! PUNCT . _ 1 punct _ _
""")


def replay(text: str, with_sentences: str = "") -> Replay:
    vocab = spacy.blank("en").vocab
    return Replay(
        (to_doc(vocab, list(document.sentences)) for document in read_documents(text.splitlines())),
        (to_doc(vocab, list(document.sentences)) for document in read_documents(with_sentences.splitlines())),
    )


DOCUMENTS = list(read_documents(GOLD.splitlines()))


@pytest.mark.parametrize(
    ("section", "right", "total"),
    [
        ("UPOS", 9, 10),
        ("XPOS", 9, 10),
        ("lemma", 9, 10),
        ("UAS", 9, 10),
        ("LAS", 9, 10),  # "He" nsubj for nsubj:pass is right on the universal part
        ("LAS (full labels)", 8, 10),
        ("LAS (no paragraph breaks)", 9, 10),  # no paragraph breaks in GOLD: the same parse
        ("UAS (given sentences)", 9, 10),  # the same core parses the same way when told the boundaries
        ("LAS (given sentences)", 9, 10),
    ],
)
def test_planted_errors_give_known_accuracies(section: str, right: int, total: int) -> None:
    score = score_treebank(DOCUMENTS, replay(PREDICTED)).sections[section]
    assert (score.true_positives, score.gold_total, score.predicted_total) == (right, total, total)


@pytest.mark.parametrize(
    ("predicted", "found", "gold", "predicted_starts"),
    [
        (GOLD, 1, 1, 1),  # the break before "He"; each document's first word is given, not scored
        (PREDICTED, 0, 1, 0),
    ],
)
def test_sentence_starts(predicted: str, found: int, gold: int, predicted_starts: int) -> None:
    score = score_treebank(DOCUMENTS, replay(predicted)).sections["sentence starts"]
    assert (score.true_positives, score.gold_total, score.predicted_total) == (found, gold, predicted_starts)


def test_given_sentences_are_parsed_apart_and_scored_on_their_own() -> None:
    sections = score_treebank(DOCUMENTS, replay(PREDICTED, with_sentences=GOLD)).sections
    assert sections["LAS"].true_positives == 9
    assert sections["LAS (given sentences)"].true_positives == 10
    assert sections["UAS (given sentences)"].true_positives == 10


# GOLD's first document with its second sentence in a paragraph of its own.
PARAGRAPHS = GOLD.replace("# sent_id = d1-2", "# sent_id = d1-2\n# newpar id = d1-p2")


def test_paragraph_starts_are_given_as_the_raw_texts_line_breaks_would_give_them() -> None:
    documents = list(read_documents(PARAGRAPHS.splitlines()))
    sections = score_treebank(documents, replay(PREDICTED, with_sentences=GOLD)).sections
    # the core keeps to the paragraph start it is given: "He" parsed apart, right
    assert sections["LAS"].true_positives == 10 and sections["LAS (given sentences)"].true_positives == 10
    # the same words run together are parsed as one sentence
    assert sections["LAS (no paragraph breaks)"].true_positives == 9
    # the given start is neither found nor missed by the parser
    assert sections["sentence starts"].gold_total == 0 and sections["sentence starts"].predicted_total == 0
    assert sections["UPOS"].extra["paragraphs"] == 1


def test_paragraph_starts() -> None:
    from unspin.evaluate.ud import newpar_starts

    (first, _) = read_documents(PARAGRAPHS.splitlines())
    assert newpar_starts(first.sentences) == (True, None, None, None, True, None, None, None)


def test_a_perfect_core_scores_one_and_reports_speed() -> None:
    report = score_treebank(DOCUMENTS, replay(GOLD))
    assert all(score.f1 == 1.0 for score in report.sections.values())
    extra = report.sections["UPOS"].extra
    assert extra["documents"] == 2 and extra["sentences"] == 3 and extra["words"] == 10
    assert extra["words_per_second"] > 0


@pytest.mark.parametrize(
    ("dep", "full", "universal_part"),
    [("ROOT", "root", "root"), ("nsubj:pass", "nsubj:pass", "nsubj"), ("obj", "obj", "obj")],
)
def test_relations(dep: str, full: str, universal_part: str) -> None:
    assert relation(dep) == full and universal(dep) == universal_part


def test_run_uses_the_configured_core(tmp_path: Path) -> None:
    spacy.blank("en").to_disk(tmp_path / "blank")
    (tmp_path / "gold.conllu").write_text(GOLD, encoding="utf-8")
    report = run(tmp_path / "gold.conllu", Pipeline(PipelineConfig(stages=(), core=str(tmp_path / "blank"))))
    # a blank pipeline predicts nothing: every word is its own root (right for the 3 roots), no sentence breaks
    assert report.sections["UAS"].true_positives == 3 and report.sections["LAS"].true_positives == 0
    assert report.sections["UPOS"].true_positives == 0 and report.sections["sentence starts"].predicted_total == 0


def test_smoke_on_shared_ewt() -> None:
    dev = SHARED / "data" / "ud-english-ewt" / "en_ewt-ud-dev.conllu"
    if not dev.exists():
        pytest.skip(f"UD English-EWT is not at {dev} (../shared is absent on this machine)")
    try:
        nlp = load_core()
    except ModelError as error:
        pytest.skip(f"no shipped core model: {error}")
    with dev.open(encoding="utf-8") as handle:
        documents = [document for _, document in zip(range(3), read_documents(handle), strict=False)]
    report = score_treebank(documents, nlp)
    assert report.sections["UPOS"].f1 > 0.8 and report.sections["LAS"].gold_total > 100
