"""thinc's Maxout layer without the work a backward pass needs, for a loaded pipeline that only predicts.

A maxout unit outputs the largest of its pieces (three in the core's encoders). thinc's ``ops.maxout`` returns that
value and which piece gave it, the latter kept for the backward pass, in one compiled loop; in the thinc 8.3.11
that spaCy 3.8.6 installs, that loop took 1.3 ms for 970 words x 128 units x 3 pieces, and two numpy maxima over the
pieces 0.2 ms. The core's two encoders run nine such layers per batch (decision 0002 item 42). The output is the same
value, so the analyses are the same; a forward pass for training (``is_train``) is thinc's own, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from thinc.layers.maxout import forward as maxout_forward
from thinc.types import Floats2d

from unspin.core_model import model_nodes

if TYPE_CHECKING:
    from spacy.language import Language
    from thinc.api import Model

MAXOUT_NODE = "maxout"
"""The name thinc gives a Maxout layer's node."""


def predict_maxout(model: Model[Floats2d, Floats2d], X: Floats2d, is_train: bool) -> tuple[Floats2d, Callable]:
    """thinc's Maxout forward; when not training, the best piece of each unit alone."""
    if is_train:
        return maxout_forward(model, X, is_train)
    units, pieces = model.get_dim("nO"), model.get_dim("nP")
    weights = model.ops.reshape2f(model.get_param("W"), units * pieces, model.get_dim("nI"))
    scores = model.ops.gemm(X, weights, trans2=True)
    scores += model.ops.reshape1f(model.get_param("b"), units * pieces)
    by_piece = scores.reshape(len(scores), units, pieces)
    best = np.ascontiguousarray(by_piece[:, :, 0])
    for piece in range(1, pieces):
        np.maximum(best, by_piece[:, :, piece], out=best)
    return best, _no_backward


def _no_backward(d_best: Floats2d) -> Floats2d:
    raise RuntimeError("a Maxout output computed for prediction has no backward pass (is_train was False)")


def predict_maxout_in(nlp: Language) -> Language:
    """``nlp`` with every Maxout node of every component's model (shared encoders included) on
    :func:`predict_maxout`."""
    for node in model_nodes(nlp):
        if node.name == MAXOUT_NODE and node._func is maxout_forward:
            node._func = predict_maxout
    return nlp
