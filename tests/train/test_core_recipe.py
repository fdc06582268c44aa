"""The core pipeline recipe: the NER derivation and Doc conversion on hand-written fixtures, and a tiny
end-to-end training run on the shared treebanks (skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conllu_text import MWT, NESTED, NESTED_LEFT_EDGE, ROLE_AFTER_TITLE, sentence
from unspin.conllu import Sentence
from unspin.train.core_data import iob_tags, named_spans, to_doc

DATA_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_doc_keeps_text_heads_and_missing_entities() -> None:
    from spacy.vocab import Vocab

    doc = to_doc(Vocab(), [sentence(MWT)])
    assert doc.text == "I can'tgo. "
    assert [token.head.i for token in doc] == [3, 3, 3, 3, 3]
    assert [token.dep_ for token in doc] == ["nsubj", "aux", "advmod", "ROOT", "punct"]
    assert [token.pos_ for token in doc] == ["PRON", "AUX", "PART", "VERB", "PUNCT"]
    assert not doc.has_annotation("ENT_IOB")


def _names(parsed: Sentence) -> set[tuple[str, str]]:
    """The sentence's named spans as (words, label)."""
    return {(" ".join(w.form for w in parsed.words[s.start : s.end]), s.label) for s in named_spans(parsed)}


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("US", "PLACE"),
        ("Smith", "PERSON"),
        ("Netherlands", "PLACE"),
        ("Americans", "GROUP"),
        ("Bank of England", "ORG"),
    ],
)
def test_named_spans_are_trimmed_names(words: str, label: str) -> None:
    found = _names(sentence(NESTED))
    assert (words, label) in found
    assert all("his" not in text and "staff" not in text for text, _ in found)


def test_a_nested_name_at_the_left_edge_is_cut_off_persons_only() -> None:
    found = _names(sentence(NESTED_LEFT_EDGE))
    assert found == {("Durham University", "ORG"), ("Ohio", "PLACE"), ("Brown", "PERSON")}


def test_a_person_that_is_a_role_once_its_title_is_cut_off_is_no_name() -> None:
    found = _names(sentence(ROLE_AFTER_TITLE))
    assert found == {("United States", "PLACE")}


def test_iob_tags_mark_outside_words() -> None:
    parsed = sentence(NESTED)
    tags = iob_tags(parsed, named_spans(parsed))
    assert tags[:4] == ["B-PLACE", "O", "B-PERSON", "O"]
    assert tags[9:13] == ["O", "B-ORG", "I-ORG", "I-ORG"]


@pytest.mark.skipif(not (DATA_ROOT / "ud-english-ewt").is_dir(), reason="../shared/data (UD treebanks) not present")
def test_recipe_trains_end_to_end_on_a_tiny_sample(tmp_path: Path) -> None:
    import spacy

    from unspin.train.core_recipe import ship_core, train_core

    result = train_core(tmp_path / "core", max_steps=3, sample=30, data_root=DATA_ROOT)
    nlp = spacy.load(result.best)
    assert nlp.pipe_names == ["tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"]
    doc = nlp("The minister said the talks in Geneva would resume.")
    assert len(doc) == 10 and doc.has_annotation("DEP")
    card = json.loads((result.best / "card.json").read_text(encoding="utf-8"))
    assert card["seed"] == 0 and card["max_steps"] == 3 and "dep_las" in card["dev_metrics"]
    text = (result.best / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "NC" in text and "hidden layer\nis 128 wide" in text
    assert "0.1 of the training texts is seen lower-cased" in text
    shipped = ship_core(result.best, tmp_path / "shipped")
    assert tmp_path / "shipped" / "MODEL_CARD.md" in shipped
    assert spacy.load(tmp_path / "shipped").config["paths"]["train"] is None
    assert str(tmp_path) not in (tmp_path / "shipped" / "config.cfg").read_text(encoding="utf-8")


@pytest.mark.skipif(not (DATA_ROOT / "ud-english-ewt").is_dir(), reason="../shared/data (UD treebanks) not present")
def test_a_run_goes_on_from_its_best_pipeline(tmp_path: Path) -> None:
    import spacy

    from unspin.train.core_recipe import continue_core, train_core

    first = train_core(tmp_path / "first", max_steps=2, sample=20, data_root=DATA_ROOT)
    second = continue_core(tmp_path / "first", tmp_path / "second", max_steps=2)
    nlp = spacy.load(second.best)
    assert nlp.pipe_names == spacy.load(first.best).pipe_names
    assert nlp("The minister said the talks would resume.").has_annotation("DEP")
    card = json.loads((second.best / "card.json").read_text(encoding="utf-8"))
    assert card["seed"] == 0 and [piece["max_steps"] for piece in card["pieces"]] == [2]
    text = (second.best / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "## Continued training" in text and text.count("## Dev metrics") == 1
    third = continue_core(tmp_path / "second", tmp_path / "third", max_steps=1)
    card = json.loads((third.best / "card.json").read_text(encoding="utf-8"))
    assert [piece["max_steps"] for piece in card["pieces"]] == [2, 1]
    assert (third.best / "MODEL_CARD.md").read_text(encoding="utf-8").count("## Continued training") == 1


def test_a_sourced_lemmatizer_keeps_its_label_map(tmp_path: Path) -> None:
    import spacy
    from spacy.training import Example

    from unspin.train.core_recipe import restore_lemma_labels

    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("trainable_lemmatizer", config={"min_tree_freq": 1})
    pairs = [("The ministers said it", ["the", "minister", "say", "it"]), ("talks resumed", ["talk", "resume"])]
    examples = [Example.from_dict(nlp.make_doc(text), {"lemmas": lemmas}) for text, lemmas in pairs]
    nlp.initialize(lambda: examples)
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    restore_lemma_labels(loaded)
    assert loaded.get_pipe("trainable_lemmatizer").tree2label == lemmatizer.tree2label != {}


def test_a_shipped_config_forgets_every_local_path(tmp_path: Path) -> None:
    from unspin.train.core_recipe import forget_training_paths, load_core_config

    corpus = {"train": tmp_path / "train.spacy", "dev": tmp_path / "dev.spacy"}
    config = load_core_config(corpus, vectors=tmp_path / "vectors", tok2vec=tmp_path / "tok2vec.bin")
    config["paths"]["raw_text"] = str(tmp_path / "raw.jsonl")
    config.interpolate().to_disk(tmp_path / "config.cfg")
    assert str(tmp_path) in (tmp_path / "config.cfg").read_text(encoding="utf-8")
    forget_training_paths(tmp_path / "config.cfg")
    assert str(tmp_path) not in (tmp_path / "config.cfg").read_text(encoding="utf-8")


def test_the_card_says_whether_the_teacher_read_case() -> None:
    from unspin.train.core_recipe import _silver_note

    record = {"epochs": 3, "seed": 0, "silver_sentences": 10, "silver_names": 4}
    assert "case" not in _silver_note(record)
    assert "case given as one of 4 token types" in _silver_note({**record, "case_types": 4})
