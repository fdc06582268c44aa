"""Pipeline configuration: which stage produces each layer, and each stage's options.

The default pipeline is data, not code. A TOML file can replace it::

    stages = ["sentences.rules.v1", "entities.rules.v1", ...]
    core = "en_core_web_sm"   # optional: the core spaCy pipeline (package name or folder); default: the shipped one
    [options."places.gazetteer.v1"]
    min_population = 1000
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError

DEFAULT_STAGES: tuple[str, ...] = (
    "sentences.rules.v1",
    "entities.rules.v1",
    "coref.rules.v1",
    "statements.rules.v1",
    "places.gazetteer.v1",
    "times.rules.v1",
    "quantities.rules.v1",
    "events.lexicon.v1",
    "scare_quotes.rules.v1",
    "rhetoric.combined.v2",
    "spin_profile.rules.v1",
    "naming.rules.v1",
)


@dataclass(frozen=True)
class PipelineConfig:
    stages: tuple[str, ...] = DEFAULT_STAGES
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    core: str | None = None
    """The core spaCy pipeline stages and eval suites use (see :func:`unspin.core_model.load_core`)."""

    @classmethod
    def from_file(cls, path: Path) -> PipelineConfig:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"Config file {path} does not exist.", fix="Check the --config path.") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"Config file {path} is not valid TOML: {error}.", fix="Fix the syntax.") from None
        stages = data.get("stages", list(DEFAULT_STAGES))
        options = data.get("options", {})
        if not isinstance(stages, list) or not all(isinstance(s, str) for s in stages):
            raise ConfigError(f"`stages` in {path} must be a list of stage names.", fix="See `unspin stages`.")
        core = data.get("core")
        if core is not None and not isinstance(core, str):
            raise ConfigError(f"`core` in {path} must be a string.", fix="Give a spaCy package name or a folder.")
        return cls(tuple(stages), options, core)

    def to_dict(self) -> dict[str, Any]:
        core = {} if self.core is None else {"core": self.core}
        return {"stages": list(self.stages), "options": self.options, **core}
