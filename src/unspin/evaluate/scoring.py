"""Shared scoring: counts of true and false positives, and the figures made from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Score:
    """Precision / recall / F1 from counts, plus any extra named figures a section reports."""

    true_positives: int = 0
    gold_total: int = 0
    predicted_correct: int = 0
    predicted_total: int = 0
    extra: dict[str, float | int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold_total if self.gold_total else 0.0

    @property
    def precision(self) -> float:
        return self.predicted_correct / self.predicted_total if self.predicted_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "found": self.true_positives,
            "gold": self.gold_total,
            "predicted": self.predicted_total,
            **self.extra,
        }


@dataclass
class EvalReport:
    """What ``unspin eval`` prints: per section, named metrics; plus the data and misses for reading."""

    suite: str
    data: str
    sections: dict[str, Score]

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {name: score.to_dict() for name, score in self.sections.items()}
