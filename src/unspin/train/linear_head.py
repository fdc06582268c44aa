"""Fit a :class:`~unspin.models.linear_head.LinearHead` (training extra: torch).

Features are standardised by their training mean and spread; weights are fitted by full-batch L-BFGS on the
cross-entropy plus ``weight_decay`` times the squared weights, from zeros, so the fit is deterministic and
needs no seed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspin.models.linear_head import LinearHead


def fit_linear_head(
    features: np.ndarray,
    targets: np.ndarray,
    labels: Sequence[str],
    *,
    weight_decay: float,
    max_iterations: int,
) -> LinearHead:
    """The regression of ``targets`` (indices into ``labels``) on ``features``."""
    import torch

    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    x = torch.from_numpy(((features - mean) / scale).astype(np.float32))
    y = torch.from_numpy(np.asarray(targets, dtype=np.int64))
    weights = torch.zeros(x.shape[1], len(labels), requires_grad=True)
    bias = torch.zeros(len(labels), requires_grad=True)
    optimizer = torch.optim.LBFGS([weights, bias], max_iter=max_iterations, line_search_fn="strong_wolfe")

    def loss() -> Any:
        optimizer.zero_grad()
        value = torch.nn.functional.cross_entropy(x @ weights + bias, y) + weight_decay * (weights**2).sum()
        value.backward()
        return value

    optimizer.step(loss)
    return LinearHead(tuple(labels), weights.detach().numpy(), bias.detach().numpy(), mean, scale)


def copy_of_tagger(tagger_dir: Path, out_dir: Path) -> Path:
    """``out_dir`` holding a copy of the tagger folder a head is to be fitted beside (nothing is copied when it
    is the tagger's own folder)."""
    tagger_dir, out_dir = Path(tagger_dir), Path(out_dir)
    if out_dir.resolve() != tagger_dir.resolve():
        shutil.copytree(tagger_dir, out_dir, dirs_exist_ok=True)
    return out_dir


def add_head_to_card(folder: Path, key: str, title: str, text: str, entry: dict[str, Any]) -> None:
    """Put a head's ``entry`` into the tagger folder's ``card.json`` under ``key``, and its section (``## title``
    then ``text``) into ``MODEL_CARD.md``, replacing an earlier section of that title."""
    card_path = folder / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
    card[key] = entry
    card_path.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    markdown_path = folder / "MODEL_CARD.md"
    markdown = markdown_path.read_text(encoding="utf-8") if markdown_path.is_file() else "# Model card\n"
    markdown = markdown.split(f"\n## {title}\n")[0].rstrip("\n")
    markdown_path.write_text(f"{markdown}\n\n## {title}\n\n{text}", encoding="utf-8")
