"""Loading the core spaCy pipeline: errors with their fixes, the label map, caching, and the `core` setting."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from unspin import core_model
from unspin.cli.options import add_pipeline_options, build_config
from unspin.config import PipelineConfig
from unspin.core_model import SHIPPED_DIR, core_label, describe_core, load_core
from unspin.errors import ConfigError, ModelError


@pytest.mark.parametrize(
    ("label", "ours"),
    [
        ("PERSON", "PERSON"),
        ("ORG", "ORG"),
        ("PLACE", "PLACE"),
        ("GROUP", "GROUP"),
        ("EVENT", "EVENT"),
        ("GPE", "PLACE"),
        ("LOC", "PLACE"),
        ("FAC", "PLACE"),
        ("NORP", "GROUP"),
        ("PER", "PERSON"),
        ("DATE", None),
        ("MONEY", None),
        ("MISC", None),
        ("WORK_OF_ART", None),
    ],
)
def test_core_labels_map_to_ours(label: str, ours: str | None) -> None:
    assert core_label(label) == ours


@pytest.fixture
def saved_pipeline(tmp_path: Path) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "model")
    return tmp_path / "model"


def test_a_model_folder_loads_once_per_process(saved_pipeline: Path) -> None:
    first = load_core(str(saved_pipeline))
    assert first.pipe_names == ["sentencizer"]
    assert load_core(str(saved_pipeline)) is first
    assert load_core(str(saved_pipeline / ".." / "model")) is first  # the same folder, named differently
    assert "sentencizer" in describe_core(first) and describe_core(first).startswith("en_")
    assert "static vectors" not in describe_core(first)


@pytest.mark.skipif(not (SHIPPED_DIR / "config.cfg").is_file(), reason="no core shipped")
def test_the_shipped_core_describes_its_vectors() -> None:
    assert re.search(r"; static vectors [\d,]+ x \d+, other words spelled$", describe_core(load_core(None)))


@pytest.mark.skipif(not (SHIPPED_DIR / "config.cfg").is_file(), reason="no core shipped")
def test_the_shipped_core_admits_the_installed_spacy() -> None:
    meta = json.loads((SHIPPED_DIR / "meta.json").read_text(encoding="utf-8"))
    assert spacy.util.is_compatible_version(spacy.__version__, meta["spacy_version"]), meta["spacy_version"]


class Marker:
    """What the factory below makes: a component that returns its Doc unchanged."""

    def __call__(self, doc: Doc) -> Doc:
        return doc


@core_model.component_factory("test_core_model_marker")
def make_marker(nlp: Language, name: str) -> Marker:
    return Marker()


def test_a_factory_with_postponed_annotations_makes_its_component() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("test_core_model_marker")
    assert make_marker.__annotations__["nlp"] is Language
    assert nlp("Two words").text == "Two words"


def test_the_unshipped_model_says_how_to_make_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(core_model, "SHIPPED_DIR", tmp_path / "models" / "core")
    with pytest.raises(ModelError) as raised:
        load_core()
    assert "unspin train core" in raised.value.fix and "ship" in raised.value.fix


def test_the_shipped_model_is_found_at_the_package_path(monkeypatch: pytest.MonkeyPatch, saved_pipeline: Path) -> None:
    monkeypatch.setattr(core_model, "SHIPPED_DIR", saved_pipeline)
    assert load_core(None).pipe_names == ["sentencizer"]


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        ("unspin_no_such_pipeline_sm", "spacy download unspin_no_such_pipeline_sm"),
        ("./no/such/folder", "model folder"),
    ],
)
def test_unknown_names_are_model_errors_with_a_fix(name: str, fix: str) -> None:
    with pytest.raises(ModelError) as raised:
        load_core(name)
    assert fix in raised.value.fix and raised.value.code == "model_missing"


def test_a_folder_that_is_not_a_pipeline_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no config\.cfg"):
        load_core(str(tmp_path))


@pytest.mark.parametrize(
    ("toml", "option", "core"),
    [
        ("", None, None),
        ('core = "en_core_web_sm"\n', None, "en_core_web_sm"),
        ('core = "en_core_web_sm"\n', "models/core", "models/core"),  # the option wins over the file
        ("", "en_core_web_trf", "en_core_web_trf"),
    ],
)
def test_core_setting_from_file_and_option(tmp_path: Path, toml: str, option: str | None, core: str | None) -> None:
    (tmp_path / "unspin.toml").write_text(toml, encoding="utf-8")
    parser = argparse.ArgumentParser()
    add_pipeline_options(parser)
    args = parser.parse_args(["--config", str(tmp_path / "unspin.toml"), *(["--core", option] if option else [])])
    config = build_config(args)
    assert config.core == core
    assert ("core" in config.to_dict()) == (core is not None)


def test_core_must_be_a_string(tmp_path: Path) -> None:
    (tmp_path / "unspin.toml").write_text("core = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="core"):
        PipelineConfig.from_file(tmp_path / "unspin.toml")


def test_a_teacher_folder_without_the_training_extra_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import unspin.train.ner_teacher as ner_teacher

    def no_torch(model_dir: Path) -> None:
        raise ImportError("No module named 'torch'")

    monkeypatch.setattr(ner_teacher, "teacher_pipeline", no_torch)
    (tmp_path / "teacher.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError) as raised:
        load_core(str(tmp_path))
    assert "NER teacher" in str(raised.value) and ".[train]" in raised.value.fix
