"""The core's thinc operations: every model node moves to numpy's BLAS, the analyses stay the same, one thread."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.training import Example
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from threadpoolctl import threadpool_info

from unspin.blas_ops import BLAS_THREADS, blas_ops, run_on_blas, train_on_blas

SENTENCES = [
    ("Kovacs warned the rebels", ["PROPN", "VERB", "DET", "NOUN"]),
    ("The mission said it could not confirm", ["DET", "NOUN", "VERB", "PRON", "AUX", "PART", "VERB"]),
]


def _tagged_pipeline() -> Language:
    """A small tok2vec + tagger pipeline trained for a few updates on BLIS (thinc's default operations)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("tagger", config={"model": {"tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96}}})
    examples = [Example.from_dict(nlp.make_doc(text), {"tags": tags}) for text, tags in SENTENCES]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(5):
        nlp.update(examples, sgd=optimizer)
    return nlp


def _scores(nlp: Language) -> numpy.ndarray:
    tagger = nlp.get_pipe("tagger")
    docs = [nlp.get_pipe("tok2vec")(nlp.make_doc(text)) for text, _ in SENTENCES]
    return numpy.concatenate(tagger.model.predict(docs))


def test_blas_ops_hands_matrix_products_to_numpy() -> None:
    ops = blas_ops()
    assert isinstance(ops, NumpyOps) and not ops.use_blis
    assert blas_ops() is ops
    x, y = numpy.arange(6, dtype="f").reshape(2, 3), numpy.arange(12, dtype="f").reshape(4, 3)
    assert numpy.allclose(ops.gemm(x, y, trans2=True), x @ y.T)


def test_a_loaded_pipeline_runs_every_node_on_blas_with_the_same_scores() -> None:
    nlp = _tagged_pipeline()
    before = _scores(nlp)
    assert any(node.ops is not blas_ops() for node in nlp.get_pipe("tok2vec").model.walk())
    run_on_blas(nlp)
    for _, component in nlp.pipeline:
        assert all(node.ops is blas_ops() for node in component.model.walk())
    assert numpy.allclose(_scores(nlp), before, atol=1e-5)


def test_numpy_blas_is_held_to_one_thread() -> None:
    run_on_blas(spacy.blank("en"))
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    if not blas:
        pytest.skip("numpy reports no BLAS thread pool here")
    assert all(pool["num_threads"] == BLAS_THREADS for pool in blas)


def test_a_training_run_builds_its_models_on_blas() -> None:
    previous = get_current_ops()
    try:
        train_on_blas()
        nlp = spacy.blank("en")
        nlp.add_pipe("tok2vec")
        assert all(node.ops is blas_ops() for node in nlp.get_pipe("tok2vec").model.walk())
    finally:
        set_current_ops(previous)
