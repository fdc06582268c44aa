"""A hand-built stand-in for the core spaCy pipeline: fixed, predictable annotations in milliseconds.

Every sentence ends at ".", "!" or "?" and its first word is the root of all its other words (dep "dep");
capitalised words are PROPN, punctuation PUNCT, other words NOUN; lemmas are lower case; entities are the
word sequences listed in :data:`ENTITIES`, with OntoNotes or core labels, so label mapping is exercised.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

ENTITIES: dict[tuple[str, ...], str] = {
    ("Omar", "Haddad"): "PERSON",
    ("Haddad",): "PER",
    ("Kestrel", "Varga"): "PERSON",
    ("Zorvan",): "GPE",
    ("Trend",): "ORG",
    ("Acme", "Corp"): "ORG",
    ("Ukrainians",): "PERSON",
    ("Meanwhile",): "PERSON",
    ("Baku",): "PERSON",
    ("President",): "PERSON",
    ("Monday",): "DATE",
    ("Serbs",): "NORP",
    ("Tom", "Decatur"): "PERSON",
    ("Decatur",): "PERSON",
    ("Mary",): "PERSON",
}
"""Word sequences the stub tags, and the label it gives them."""


@Language.component("unspin_stub_annotator")
def annotate(doc: Doc) -> Doc:
    words = [t.text for t in doc]
    heads, root = [], 0
    for i, token in enumerate(doc):
        if i and words[i - 1] in (".", "!", "?") and not token.is_space:
            root = i
        heads.append(root)
    return Doc(
        doc.vocab,
        words=words,
        spaces=[bool(t.whitespace_) for t in doc],
        heads=heads,
        deps=["ROOT" if head == i else "dep" for i, head in enumerate(heads)],
        pos=[_pos(t) for t in doc],
        tags=["_SP" if t.is_space else "NNP" if t.text[:1].isupper() else "NN" for t in doc],
        lemmas=[t.text.lower() for t in doc],
        ents=_iob(words),
    )


def _pos(token: Token) -> str:
    if token.is_space:
        return "SPACE"
    return "PUNCT" if token.is_punct else "PROPN" if token.text[:1].isupper() else "NOUN"


def _iob(words: list[str]) -> list[str]:
    tags = ["O"] * len(words)
    i = 0
    while i < len(words):
        match = next((key for key in ENTITIES if tuple(words[i : i + len(key)]) == key), None)
        if match is None:
            i += 1
            continue
        label = ENTITIES[match]
        tags[i : i + len(match)] = [f"B-{label}"] + [f"I-{label}"] * (len(match) - 1)
        i += len(match)
    return tags


def stub_core() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("unspin_stub_annotator")
    return nlp


@contextmanager
def core_replaced() -> Iterator[Language]:
    """The tokens stage loads the stub instead of any real core pipeline while the context is open."""
    nlp = stub_core()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("unspin.stages.tokens.load_core", lambda name=None: nlp)
        yield nlp
