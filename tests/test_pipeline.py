import pytest

from unspin.annotations import Sentence
from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.errors import ConfigError
from unspin.pipeline import Pipeline
from unspin.registry import all_stages, get_stage, stage
from unspin.spans import Span


@stage("test.out_of_bounds.v1", produces="sentences")
def _out_of_bounds():
    """A broken stage for tests: a span past the end of the text."""
    return lambda doc: [Sentence(Span(0, len(doc.text) + 5), 0)]


def test_default_pipeline_builds_in_order():
    pipeline = Pipeline()
    assert pipeline.layers[0] == "sentences"
    assert len(set(pipeline.layers)) == len(pipeline.layers)


def test_unknown_stage_names_the_fix():
    with pytest.raises(ConfigError, match=r"unspin stages"):
        Pipeline(PipelineConfig(stages=("sentences.rules.v1", "no.such.stage")))


def test_missing_requirement_is_found_before_any_document():
    with pytest.raises(ConfigError, match="requires"):
        Pipeline(PipelineConfig(stages=("statements.rules.v1",)))


def test_two_producers_of_one_layer_are_refused():
    with pytest.raises(ConfigError, match="Two stages produce"):
        Pipeline(PipelineConfig(stages=("sentences.rules.v1", "test.out_of_bounds.v1")))


def test_options_for_absent_stages_are_refused():
    with pytest.raises(ConfigError, match="Options given"):
        Pipeline(PipelineConfig(stages=("sentences.rules.v1",), options={"places.gazetteer.v1": {}}))


def test_spans_out_of_bounds_are_caught_at_the_stage_boundary():
    pipeline = Pipeline(PipelineConfig(stages=("test.out_of_bounds.v1",)))
    with pytest.raises(ValueError, match=r"test\.out_of_bounds\.v1"):
        pipeline(Document("d", "short text"))


def test_pipeline_runs_and_times_each_stage():
    pipeline = Pipeline(PipelineConfig(stages=("sentences.rules.v1",)))
    doc = pipeline(Document("d", "One. Two."))
    assert len(doc.layer("sentences")) == 2
    assert pipeline.timings["sentences.rules.v1"] >= 0


def test_registry_lists_every_default_stage():
    names = {spec.name for spec in all_stages()}
    assert set(PipelineConfig().stages) <= names
    assert get_stage("sentences.rules.v1").produces == "sentences"


def test_config_file(tmp_path):
    path = tmp_path / "pipeline.toml"
    path.write_text('stages = ["sentences.rules.v1"]\n')
    assert PipelineConfig.from_file(path).stages == ("sentences.rules.v1",)
    path.write_text("stages = [")
    with pytest.raises(ConfigError, match="not valid TOML"):
        PipelineConfig.from_file(path)


@stage("test.core_user.v1", produces="sentences")
def _core_user(core: str | None = None):
    """A stage for tests that records which core model the pipeline gave it."""
    return lambda doc: [Sentence(Span(0, len(doc.text)), 0)] if core == "my-core" else []


def test_the_pipeline_core_reaches_stages_that_take_one():
    with_core = Pipeline(PipelineConfig(stages=("test.core_user.v1",), core="my-core"))
    without = Pipeline(PipelineConfig(stages=("test.core_user.v1",)))
    assert len(with_core(Document("d", "text")).layer("sentences")) == 1
    assert without(Document("d", "text")).layer("sentences") == ()
