"""The linear head: a standardised softmax regression, saved and loaded."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.errors import ModelError
from unspin.models.linear_head import LinearHead


def test_the_head_is_a_standardised_softmax_regression(tmp_path):
    head = LinearHead(
        ("A", "B"),
        weights=np.array([[1.0, -1.0], [0.0, 0.0]]),
        bias=np.array([0.0, 0.0]),
        mean=np.array([1.0, 0.0]),
        scale=np.array([2.0, 1.0]),
    )
    probabilities = head.probabilities(np.array([[3.0, 5.0], [1.0, 0.0]]))
    assert probabilities[0] == pytest.approx([1 / (1 + np.exp(-2)), 1 - 1 / (1 + np.exp(-2))])
    assert probabilities[1] == pytest.approx([0.5, 0.5])
    head.save(tmp_path / "head.npz")
    loaded = LinearHead.load(tmp_path / "head.npz", fix="fit it")
    assert loaded.labels == ("A", "B") and np.allclose(loaded.probabilities(np.array([[3.0, 5.0]])), probabilities[:1])
    with pytest.raises(ModelError, match="No head at"):
        LinearHead.load(tmp_path / "nowhere.npz", fix="fit it")
