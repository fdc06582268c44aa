"""The pipeline: registered stages run in order, checked before the first document."""

from __future__ import annotations

import inspect
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator

from unspin.annotations import LAYERS, iter_spans
from unspin.config import PipelineConfig
from unspin.document import Document
from unspin.errors import ConfigError
from unspin.registry import StageFunction, StageSpec, get_stage
from unspin.spans import check_span


class Pipeline:
    """Stages built once from a :class:`PipelineConfig`, applied to documents one at a time.

    ``timings`` accumulates the seconds each stage spent, for ``unspin bench``.
    """

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        self.specs: list[StageSpec] = [get_stage(name) for name in self.config.stages]
        self._check_order()
        unknown = set(self.config.options) - {spec.name for spec in self.specs}
        if unknown:
            raise ConfigError(
                f"Options given for stages not in the pipeline: {sorted(unknown)}.",
                fix="Remove them or add the stages to `stages`.",
            )
        self._functions: list[tuple[StageSpec, StageFunction]] = [(spec, self._build(spec)) for spec in self.specs]
        self.timings: dict[str, float] = defaultdict(float)

    def _build(self, spec: StageSpec) -> StageFunction:
        """Call the stage's factory with its options, and the pipeline's core model if it takes one."""
        options = dict(self.config.options.get(spec.name, {}))
        if "core" in inspect.signature(spec.factory).parameters:
            options.setdefault("core", self.config.core)
        return spec.factory(**options)

    def _check_order(self) -> None:
        produced: set[str] = set()
        for spec in self.specs:
            missing = [layer for layer in spec.requires if layer not in produced]
            if missing:
                providers = {s.name for s in _providers(missing)}
                raise ConfigError(
                    f"Stage {spec.name!r} requires {missing}, which no earlier stage produces.",
                    fix=f"Put a stage producing it before {spec.name!r} (for example {sorted(providers)}).",
                )
            if spec.produces in produced:
                raise ConfigError(f"Two stages produce the layer {spec.produces!r}.", fix="Keep only one of them.")
            produced.add(spec.produces)

    @property
    def layers(self) -> list[str]:
        return [spec.produces for spec in self.specs]

    def stage_function(self, layer: str) -> StageFunction | None:
        """The built stage that produces ``layer`` (for suites that ask a stage more than its records)."""
        return next((function for spec, function in self._functions if spec.produces == layer), None)

    def __call__(self, doc: Document) -> Document:
        for spec, function in self._functions:
            started = time.perf_counter()
            records = tuple(function(doc))
            self.timings[spec.name] += time.perf_counter() - started
            _check_records(spec, records, doc.text)
            doc.layers[spec.produces] = records
        return doc

    def run_many(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


def _check_records(spec: StageSpec, records: tuple[object, ...], text: str) -> None:
    expected = LAYERS[spec.produces]
    for record in records:
        if not isinstance(record, expected):
            raise TypeError(f"Stage {spec.name} put a {type(record).__name__} into layer {spec.produces}")
        for span in iter_spans(record):
            check_span(span, text, where=f"{spec.name} output")


def _providers(layers: list[str]) -> list[StageSpec]:
    from unspin.registry import all_stages

    return [spec for spec in all_stages() if spec.produces in layers]
