"""Every shipped pipeline configuration builds: its stages exist, come in order, and find their models."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.config import PipelineConfig
from unspin.pipeline import Pipeline

CONFIGS = sorted((Path(__file__).resolve().parents[1] / "configs").glob("*.toml"))


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_config_builds_a_pipeline(path: Path) -> None:
    pipeline = Pipeline(PipelineConfig.from_file(path))
    assert "statements" in pipeline.layers
