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

IOB_INSIDE, IOB_BEGIN = 1, 3
"""spaCy's ENT_IOB codes for a word inside and at the start of an entity (2 is outside, 0 unset)."""


def entity_label(label: str) -> EntityLabel | None:
    """Our entity label for a core pipeline's entity label, or None when we have no such type."""
    core = core_label(label)
    return None if core is None else ENTITY_LABELS.get(core)


WORD_COLUMNS = ("IDX", "LENGTH", "POS", "TAG", "LEMMA", "HEAD", "DEP", "SENT_START", "ENT_IOB", "ENT_TYPE", "IS_SPACE")
"""The spaCy attributes :func:`doc_tokens` reads, one array column each (reading them from an array instead of
spaCy's Token objects takes about half the time)."""
HEAD_COLUMN, SPACE_COLUMN = WORD_COLUMNS.index("HEAD"), WORD_COLUMNS.index("IS_SPACE")


def doc_tokens(parsed: Doc, offset: int, first_index: int) -> Iterator[Token]:
    """The Token records of a spaCy Doc of the text at ``offset``, numbered from ``first_index``."""
    columns = parsed.to_array(list(WORD_COLUMNS))
    rows = columns.tolist()
    strings = parsed.vocab.strings
    spaces = [row[SPACE_COLUMN] == 1 for row in rows]
    # HEAD is an offset from the word, written unsigned: as a signed number it is the offset again.
    heads = (columns[:, HEAD_COLUMN].astype("int64") + range(len(rows))).tolist()
    index: dict[int, int] = {}
    for i, space in enumerate(spaces):
        if not space:
            index[i] = first_index + len(index)
    labels: dict[int, EntityLabel | None] = {}
    pending_start = False
    for i, (start, length, pos, tag, lemma, _, dep, sent_start, iob, ent_type, _) in enumerate(rows):
        if spaces[i]:
            pending_start = pending_start or sent_start == 1
            continue
        head = heads[i]
        while spaces[head] and heads[head] != head:
            head = heads[head]
        label = None
        if iob in (IOB_INSIDE, IOB_BEGIN):
            if ent_type not in labels:
                labels[ent_type] = entity_label(strings[ent_type])
            label = labels[ent_type]
        yield Token(
            span=Span(offset + start, offset + start + length),
            upos=strings[pos],
            tag=strings[tag],
            lemma=strings[lemma],
            head=index.get(head, index[i]),
            dep=strings[dep],
            sent_start=i == 0 or sent_start == 1 or pending_start,
            ent_iob="O" if label is None else ("B" if iob == IOB_BEGIN else "I"),
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
