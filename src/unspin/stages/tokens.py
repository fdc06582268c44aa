"""Words with tags, lemmas, dependency arcs and named-entity tags, from the core spaCy pipeline.

The core pipeline runs on each paragraph (see :func:`unspin.stages.sentences.paragraphs`) through
``nlp.pipe``, so that no parse crosses a line break and paragraphs are batched; offsets are mapped back
into the document. White-space tokens are left out, and arcs that ended on one are moved to its head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from unspin.annotations import EntityLabel, Token
from unspin.core_model import core_label, load_core
from unspin.document import Document
from unspin.registry import stage
from unspin.spans import Span
from unspin.stages.sentences import paragraphs

if TYPE_CHECKING:
    from spacy.tokens import Doc

ENTITY_LABELS: Mapping[str, EntityLabel] = {
    "PERSON": "person",
    "ORG": "organization",
    "PLACE": "place",
    "GROUP": "group",
    "EVENT": "event",
}
"""The core recipe's entity labels (what :func:`core_label` returns) -> our entity labels."""


def entity_label(label: str) -> EntityLabel | None:
    """Our entity label for a core pipeline's entity label, or None when we have no such type."""
    core = core_label(label)
    return None if core is None else ENTITY_LABELS.get(core)


def doc_tokens(parsed: Doc, offset: int, first_index: int) -> Iterator[Token]:
    """The Token records of a spaCy Doc of the text at ``offset``, numbered from ``first_index``."""
    index = {token.i: first_index + k for k, token in enumerate(t for t in parsed if not t.is_space)}
    pending_start = False
    for token in parsed:
        if token.is_space:
            pending_start = pending_start or bool(token.is_sent_start)
            continue
        head = token.head
        while head.is_space and head.head.i != head.i:
            head = head.head
        label = entity_label(token.ent_type_) if token.ent_iob_ in ("B", "I") else None
        yield Token(
            span=Span(offset + token.idx, offset + token.idx + len(token.text)),
            upos=token.pos_,
            tag=token.tag_,
            lemma=token.lemma_,
            head=index.get(head.i, index[token.i]),
            dep=token.dep_,
            sent_start=token.i == 0 or bool(token.is_sent_start) or pending_start,
            ent_iob="O" if label is None else ("B" if token.ent_iob_ == "B" else "I"),
            ent_label=label,
        )
        pending_start = False


@stage("tokens.core.v1", produces="tokens")
def core_tokens(core: str | None = None) -> Callable[[Document], list[Token]]:
    """Tags, lemmas, dependency parse and named entities from the core spaCy pipeline (``core``: see load_core)."""
    nlp = load_core(core)

    def run(doc: Document) -> list[Token]:
        blocks = list(paragraphs(doc.text))
        found: list[Token] = []
        for block, parsed in zip(blocks, nlp.pipe(block.of(doc.text) for block in blocks), strict=True):
            found.extend(doc_tokens(parsed, block.start, len(found)))
        return found

    return run
