"""Stages registered under versioned names, with the layer they produce and the layers they require.

A stage is a factory: called once per process with its options, it loads whatever it needs (lexicons,
gazetteers, models) and returns a callable ``Document -> Iterable[record]``. Alternative
implementations of a layer are registered under new names (``places.gazetteer.v1``,
``places.mordecai.v2``) rather than switched by flags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from unspin.annotations import LAYERS
from unspin.errors import ConfigError

StageFunction = Callable[[Any], Iterable[Any]]
StageFactory = Callable[..., StageFunction]


@dataclass(frozen=True)
class StageSpec:
    name: str
    produces: str
    requires: tuple[str, ...]
    factory: StageFactory
    description: str


_STAGES: dict[str, StageSpec] = {}


def stage(name: str, *, produces: str, requires: Iterable[str] = ()) -> Callable[[StageFactory], StageFactory]:
    """Register the decorated factory as stage ``name`` producing layer ``produces``."""
    if produces not in LAYERS:
        raise ConfigError(f"Stage {name!r} produces unknown layer {produces!r}.", fix=f"Use one of {sorted(LAYERS)}.")

    def register(factory: StageFactory) -> StageFactory:
        if name in _STAGES and _STAGES[name].factory is not factory:
            raise ConfigError(f"Two stages are registered as {name!r}.", fix="Give the new one a new version.")
        doc = (factory.__doc__ or "").strip().splitlines()
        _STAGES[name] = StageSpec(name, produces, tuple(requires), factory, doc[0] if doc else "")
        return factory

    return register


def get_stage(name: str) -> StageSpec:
    _load_builtin_stages()
    try:
        return _STAGES[name]
    except KeyError:
        raise ConfigError(
            f"No stage is registered as {name!r}.",
            fix="Run `unspin stages` to list the registered stages.",
        ) from None


def all_stages() -> list[StageSpec]:
    _load_builtin_stages()
    return sorted(_STAGES.values(), key=lambda spec: spec.name)


def _load_builtin_stages() -> None:
    import unspin.stages  # noqa: F401  (importing registers the built-in stages)
