"""The thinc operations the core pipeline runs and trains on: numpy's BLAS for matrix products, one thread.

thinc's CPU operations multiply matrices with the BLIS it bundles, whose kernels are chosen for a generic
x86-64 target; numpy's OpenBLAS picks kernels for the CPU it runs on. On the 2-core AMD EPYC of 2026-12-07
an 8,000 x 288 by 288 x 288 product took 67 ms with BLIS and 16 ms with OpenBLAS (one thread each), and
the core's shared CNN encoder, which is little but such products, was 60% of the core's time. With numpy's
products the core parses EWT dev about twice as fast; the weights and the arithmetic are the same (sums of
float32 products, in another order), so the analyses are the same up to rounding.

``thinc`` picks its operations when a model is built, so a loaded pipeline is moved over node by node
(:func:`run_on_blas`) and a training run sets them before it builds its models (:func:`train_on_blas`).
Both hold numpy's BLAS to one thread, as every ONNX stage runs on one: a figure "on one core" means one
core, and a batch's worker processes do not each start a thread per core.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from unspin.core_model import model_nodes

if TYPE_CHECKING:
    from spacy.language import Language
    from thinc.api import NumpyOps

BLAS_THREADS = 1


@cache
def blas_ops() -> NumpyOps:
    """thinc's CPU operations with matrix products handed to numpy (``use_blis=False``)."""
    from thinc.api import NumpyOps

    return NumpyOps(use_blis=False)


def one_blas_thread() -> None:
    """Hold numpy's BLAS (OpenBLAS, MKL, BLIS) in this process to :data:`BLAS_THREADS` threads."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=BLAS_THREADS, user_api="blas")


def run_on_blas(nlp: Language) -> Language:
    """``nlp`` with every node of every component's model (shared encoders included) on :func:`blas_ops`."""
    one_blas_thread()
    ops = blas_ops()
    for node in model_nodes(nlp):
        node.ops = ops
    return nlp


def train_on_blas() -> None:
    """Build the models of the training run that follows on :func:`blas_ops` (thinc's current operations)."""
    from thinc.api import set_current_ops

    one_blas_thread()
    set_current_ops(blas_ops())
