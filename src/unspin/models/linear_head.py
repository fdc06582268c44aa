"""A logistic regression over standardised features, the small head that reads a tagger's own pass.

Two heads use it: the technique head (:mod:`unspin.models.span_techniques`: which of 14 techniques a span is)
and the source head (:mod:`unspin.models.source_choice`: which candidate phrase is a cue's source). Each is a
few hundred kilobytes of numbers in an ``.npz`` beside the tagger whose hidden states it reads, fitted by
:func:`unspin.train.linear_head.fit_linear_head`, and costs a matrix product at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspin.errors import ModelError


@dataclass(frozen=True)
class LinearHead:
    """Multinomial logistic regression over standardised features: ``softmax(((x - mean) / scale) W + b)``."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    mean: np.ndarray  # (features,)
    scale: np.ndarray  # (features,)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """One row of label probabilities per row of ``features``."""
        if not len(features):
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32),
        )

    @classmethod
    def load(cls, path: Path, fix: str) -> LinearHead:
        """The head saved at ``path``; a ModelError with ``fix`` when there is none."""
        try:
            with np.load(path) as data:
                return cls(
                    tuple(str(label) for label in data["labels"]),
                    data["weights"],
                    data["bias"],
                    data["mean"],
                    data["scale"],
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"No head at {path} ({exc}).", fix=fix) from exc
