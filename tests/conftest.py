"""Shared fixtures: where the shared data lives, and one pipeline per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "corpus" / "seed"
EXAMPLE = REPO / "examples" / "article.txt"


@pytest.fixture(scope="session")
def pipeline():
    """The default pipeline, built once (gazetteers and lexicons load once per process)."""
    from unspin.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    if not (SEED / "gold.json").exists():
        pytest.skip(f"the shared seed article is not at {SEED} (../shared is absent on this machine)")
    return SEED
