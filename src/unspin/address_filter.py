"""Drops named entities that are e-mail or web addresses, added after the core pipeline's NER.

Web text (mail headers, signatures, forum posts) is full of addresses such as ``jsmith@enron.com`` or
``http://www.accenture.com``, and a tagger that learnt names from their shape tags them as persons or
organisations. An address is not a name mention in our entity schema, nor in GUM's or Universal NER's; the
organisation or person behind it is found where the text names it. An entity is dropped when any of its
words looks like an e-mail or web address (spaCy's ``like_email`` / ``like_url`` tests on the word itself, so
the answer does not depend on a vocabulary's lexical attributes).
"""

from __future__ import annotations

from spacy.lang.lex_attrs import like_email, like_url
from spacy.language import Language
from spacy.tokens import Doc, Span

from unspin.core_model import add_once, without_entities

FACTORY = "unspin_address_filter"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the filter under :data:`COMPONENT`."""

COMPONENT = "address_filter"


def is_address_word(word: str) -> bool:
    """Whether a word is an e-mail or web address ("jsmith@enron.com", "www.accenture.com")."""
    return like_email(word) or like_url(word)


def is_address(span: Span) -> bool:
    """Whether any word of the span is an e-mail or web address."""
    return any(is_address_word(token.text) for token in span)


def drop_addresses(doc: Doc) -> Doc:
    """The Doc without its address entities (the words stay, unlabelled)."""
    return without_entities(doc, is_address)


Language.component(FACTORY, func=drop_addresses)


def add_address_filter(nlp: Language) -> Language:
    """``nlp`` with the filter as its last component (unchanged when it has no NER or already has it)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="ner", last=True)
