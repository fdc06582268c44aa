"""Maxout for prediction: the same output as thinc's layer, thinc's own forward in training, every node swapped."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.training import Example
from thinc.api import Maxout
from thinc.layers.maxout import forward as maxout_forward

from unspin.maxout_inference import MAXOUT_NODE, predict_maxout, predict_maxout_in

SENTENCES = [
    ("Kovacs warned the rebels", ["PROPN", "VERB", "DET", "NOUN"]),
    ("The mission said it could not confirm", ["DET", "NOUN", "VERB", "PRON", "AUX", "PART", "VERB"]),
]


def _maxout(pieces: int) -> Maxout:
    layer = Maxout(nO=5, nI=4, nP=pieces)
    layer.initialize()
    layer.set_param("b", numpy.random.default_rng(1).normal(size=layer.get_param("b").shape).astype("f"))
    return layer


@pytest.mark.parametrize("pieces", [1, 2, 3])
def test_prediction_gives_thincs_output(pieces: int) -> None:
    layer = _maxout(pieces)
    inputs = numpy.random.default_rng(0).normal(size=(6, 4)).astype("f")
    inputs[2] = 0.0  # every piece of a unit equal to its bias: ties
    expected, _ = maxout_forward(layer, inputs, is_train=False)
    found, _ = predict_maxout(layer, inputs, is_train=False)
    assert found.flags["C_CONTIGUOUS"] and numpy.array_equal(found, expected)


def test_training_runs_thincs_forward_with_its_backward_pass() -> None:
    layer = _maxout(3)
    inputs = numpy.ones((2, 4), dtype="f")
    _, backward = predict_maxout(layer, inputs, is_train=True)
    assert backward(numpy.ones((2, 5), dtype="f")).shape == (2, 4)


def test_a_prediction_has_no_backward_pass() -> None:
    _, backward = predict_maxout(_maxout(3), numpy.ones((2, 4), dtype="f"), is_train=False)
    with pytest.raises(RuntimeError, match="no backward pass"):
        backward(numpy.ones((2, 5), dtype="f"))


def _tagged_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("tagger")
    examples = [Example.from_dict(nlp.make_doc(text), {"tags": tags}) for text, tags in SENTENCES]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(3):
        nlp.update(examples, sgd=optimizer)
    return nlp


def test_a_pipeline_predicts_with_every_maxout_swapped_and_the_same_tags() -> None:
    nlp = _tagged_pipeline()
    before = [(doc.tensor.copy(), [token.tag_ for token in doc]) for doc in nlp.pipe(text for text, _ in SENTENCES)]
    maxouts = [node for _, pipe in nlp.pipeline for node in pipe.model.walk() if node.name == MAXOUT_NODE]
    assert maxouts and all(node._func is maxout_forward for node in maxouts)
    predict_maxout_in(nlp)
    assert all(node._func is predict_maxout for node in maxouts)
    after = [(doc.tensor, [token.tag_ for token in doc]) for doc in nlp.pipe(text for text, _ in SENTENCES)]
    for (tensor, tags), (expected_tensor, expected_tags) in zip(after, before, strict=True):
        assert tags == expected_tags and numpy.array_equal(tensor, expected_tensor)
