"""Encoder passes that several heads share: one onnxruntime graph run per window, remembered for its readers.

The rhetoric tagger and the attribution tagger both read every word of an article with MiniLM. An attribution
head trained on the rhetoric graph's lower layers (its ``trunk`` output: the hidden states after the first N
layers) needs only its own top layers: the window's trunk states come from the rhetoric graph's pass, which
the rhetoric stage makes anyway. :class:`RememberedGraph` keeps the outputs of the last
:data:`REMEMBERED_WINDOWS` windows each graph file was run on, shared by every session of that file in the
process, so whichever stage reads a window first pays for the pass and the other reads it back.

A head names its trunk in its manifest (``labels.json``, key ``trunk``): the graph file (relative to the head's
folder), the output it reads, and the file's SHA-256, checked at load, since top layers trained on one trunk
are meaningless on another.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from unspin.errors import ModelError

REMEMBERED_WINDOWS = 32
"""Windows whose outputs each graph file keeps (an article of up to ~6,000 words; older windows are run again
when asked for: sharing is lost, not correctness). Each costs ~0.8 MB for the rhetoric graph."""
TRUNK_OUTPUT = "trunk"
"""The name of a graph's output that holds its lower layers' hidden states, for heads built on them."""

Outputs = dict[str, np.ndarray]


@cache
def _memory(graph_file: Path, outputs: tuple[str, ...]) -> OrderedDict[bytes, Outputs]:
    """The remembered runs of one graph file with these outputs (a file rewritten with more outputs, as
    :func:`unspin.train.trunk_head.add_trunk_output` does, is a new graph)."""
    return OrderedDict()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def _checked_sha256(path: Path) -> str:
    return file_sha256(path)


class RememberedGraph:
    """An onnxruntime session of one graph file whose outputs, per batch of piece ids, are remembered for every
    session of the same file in the process (most recent :data:`REMEMBERED_WINDOWS` batches). With ``trunk``,
    the graph is a head's top layers: it reads the trunk graph's states for the same ids (a remembered pass too)
    instead of the ids themselves."""

    def __init__(self, path: Path, threads: int = 1, trunk: TrunkLink | None = None) -> None:
        import onnxruntime as ort

        self.path = path.resolve()
        self.trunk = None if trunk is None else RememberedGraph(trunk.graph, threads)
        self.trunk_output = "" if trunk is None else trunk.output
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        self.input_names = [arg.name for arg in self.session.get_inputs()]
        self.output_names = [arg.name for arg in self.session.get_outputs()]
        self.runs = 0
        """Passes this session has made (not counting those read back): for checks that a pass is shared."""

    def run(self, ids: np.ndarray, mask: np.ndarray) -> Outputs:
        """Every output of the graph for padded piece ``ids`` and their attention ``mask``."""
        key = ids.tobytes() + mask.tobytes() + bytes(str(ids.shape), "ascii")
        memory = _memory(self.path, tuple(self.output_names))
        if key in memory:
            memory.move_to_end(key)
            return memory[key]
        if self.trunk is None:
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        else:
            feeds = {TRUNK_OUTPUT: self.trunk.run(ids, mask)[self.trunk_output], "attention_mask": mask}
        found = self.session.run(None, {name: feeds[name] for name in self.input_names})
        self.runs += 1
        outputs = dict(zip(self.output_names, found, strict=True))
        memory[key] = outputs
        while len(memory) > REMEMBERED_WINDOWS:
            memory.popitem(last=False)
        return outputs


@dataclass(frozen=True)
class TrunkLink:
    """Where a head's trunk is: the graph file, the output it reads, and the file's SHA-256 when trained."""

    graph: Path
    output: str
    sha256: str

    @classmethod
    def from_manifest(cls, model_dir: Path, entry: dict) -> TrunkLink:
        try:
            link = cls((model_dir / entry["model"]).resolve(), str(entry.get("output", TRUNK_OUTPUT)), entry["sha256"])
        except (KeyError, TypeError) as exc:
            raise ModelError(
                f"{model_dir}/labels.json: its trunk entry needs `model` and `sha256`.", fix="Export the head again."
            ) from exc
        if not link.graph.is_file():
            raise ModelError(
                f"The trunk graph of the head in {model_dir} is missing: {link.graph}.",
                fix="Restore the model folder it names (the head was trained on that graph's lower layers).",
            )
        if _checked_sha256(link.graph) != link.sha256:
            raise ModelError(
                f"The trunk graph {link.graph} is not the one the head in {model_dir} was trained on.",
                fix="Train the head again on this trunk: `unspin train statements --trunk DIR`.",
            )
        return link
