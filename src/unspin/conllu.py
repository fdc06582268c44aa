"""Reading CoNLL-U treebanks: words, sentences, documents, CorefUD entity brackets and GUM's split lists.

One reader serves every user (the core training recipe, the ``ud``, ``ner`` and ``coref`` eval suites):

- a :class:`Word` is a syntactic word; multiword tokens ("can't" over "ca" + "n't") contribute their words,
  which are joined without spaces, the last taking the token's ``SpaceAfter``; empty nodes ("8.1") are skipped;
- a :class:`Sentence` keeps its ``sent_id``, the document it belongs to, its comment metadata, whether it opens
  a paragraph (``# newpar``) and its multiword tokens;
- a :class:`Document` is the run of sentences from one ``# newdoc`` to the next (a file without ``# newdoc``
  is one document);
- :func:`entity_mentions` decodes the MISC ``Entity=`` attribute in CorefUD bracket notation, with the
  minimal span (the mention's head words) as :attr:`Mention.heads`;
- :func:`split_documents` reads GUM's ``splits.md`` and :func:`load_split` picks a split's documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from unspin.errors import InputError
from unspin.spans import Span

DEFAULT_ENTITY_FIELDS = ("eid", "etype", "infstat", "salience", "centering", "minspan", "link", "identity")
"""CorefUD's entity attributes in GUM's order, used until a ``# global.Entity`` comment names others."""


@dataclass(frozen=True)
class Word:
    """One syntactic word of a CoNLL-U sentence; ``head`` is 1-based within the sentence, 0 for the root."""

    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    space_after: bool
    misc: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MultiwordToken:
    """A surface token over several words: word indices [start, end) within its sentence."""

    start: int
    end: int
    form: str


@dataclass(frozen=True)
class Sentence:
    """A CoNLL-U sentence with the document it belongs to and the entity attribute names in force."""

    sent_id: str
    doc_id: str
    words: tuple[Word, ...]
    entity_fields: tuple[str, ...] = DEFAULT_ENTITY_FIELDS
    metadata: Mapping[str, str] = field(default_factory=dict)
    new_doc: bool = False
    new_par: bool = False
    multiword: tuple[MultiwordToken, ...] = ()


@dataclass(frozen=True)
class Document:
    """The sentences of one ``# newdoc``."""

    id: str
    sentences: tuple[Sentence, ...]

    @property
    def words(self) -> list[Word]:
        return [word for sentence in self.sentences for word in sentence.words]

    def words_hidden(self) -> bool:
        """Whether most words are replaced by underscores (GUM's Reddit documents ship without their text)."""
        words = self.words
        return sum(set(word.form) == {"_"} for word in words) > len(words) / 2


@dataclass(frozen=True)
class Mention:
    """An entity mention as word indices [start, end) over the sentences it was read from, with its attributes."""

    start: int
    end: int
    attrs: Mapping[str, str]

    @property
    def entity(self) -> str:
        return self.attrs.get("eid", "")

    @property
    def heads(self) -> tuple[int, ...]:
        """The minimal span's word indices (1-based offsets in ``minspan``); every word when none is given."""
        offsets = (int(k) for k in self.attrs.get("minspan", "").split(",") if k.isdigit())
        heads = tuple(self.start + k - 1 for k in offsets if self.start + k - 1 < self.end)
        return heads or tuple(range(self.start, self.end))


def _parse_misc(value: str) -> dict[str, str]:
    if value in ("", "_"):
        return {}
    pairs = (item.partition("=") for item in value.split("|"))
    return {key: val for key, _, val in pairs}


class _SentenceBuilder:
    """The words and comments of the sentence being read."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.metadata: dict[str, str] = {}
        self.multiword: list[MultiwordToken] = []
        self.new_doc = False
        self.new_par = False
        self.range_end = 0
        self.range_space = True

    def add_word(self, cols: list[str]) -> None:
        token_id = cols[0]
        if "." in token_id:
            return
        misc = _parse_misc(cols[9])
        if "-" in token_id:
            first, last = (int(part) for part in token_id.split("-"))
            self.range_end, self.range_space = last, misc.get("SpaceAfter") != "No"
            self.multiword.append(MultiwordToken(first - 1, last, cols[1]))
            return
        index = int(token_id)
        if index < self.range_end:
            space_after = False
        elif index == self.range_end:
            space_after = self.range_space
        else:
            space_after = misc.get("SpaceAfter") != "No"
        self.words.append(
            Word(
                form=cols[1],
                lemma=cols[2] if cols[2] != "_" or cols[1] == "_" else "",
                upos=cols[3],
                xpos=cols[4] if cols[4] != "_" else "",
                feats=cols[5] if cols[5] != "_" else "",
                head=int(cols[6]) if cols[6].isdigit() else 0,
                deprel=cols[7],
                space_after=space_after,
                misc=misc,
            )
        )

    def build(self, doc_id: str, entity_fields: tuple[str, ...]) -> Sentence:
        return Sentence(
            sent_id=self.metadata.get("sent_id", ""),
            doc_id=doc_id,
            words=tuple(self.words),
            entity_fields=entity_fields,
            metadata=self.metadata,
            new_doc=self.new_doc,
            new_par=self.new_par,
            multiword=tuple(self.multiword),
        )


def read_conllu(lines: Iterable[str]) -> Iterator[Sentence]:
    """Yield the sentences of a CoNLL-U text (an iterable of lines, e.g. an open file).

    Raises ValueError on a word line without 10 tab-separated columns.
    """
    doc_id = ""
    entity_fields = DEFAULT_ENTITY_FIELDS
    current = _SentenceBuilder()
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            if current.words:
                yield current.build(doc_id, entity_fields)
                current = _SentenceBuilder()
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            key, value = key.strip(), value.strip()
            first = key.split(" ", 1)[0]
            if first == "newdoc":
                doc_id, current.new_doc = value, True
            elif first == "newpar":
                current.new_par = True
            elif key == "global.Entity":
                entity_fields = tuple(name.lower() for name in value.split("-"))
            current.metadata[key] = value
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            where = current.metadata.get("sent_id", "")
            raise ValueError(f"CoNLL-U line without 10 columns in sentence {where!r}: {line!r}")
        current.add_word(cols)
    if current.words:
        yield current.build(doc_id, entity_fields)


def read_documents(lines: Iterable[str]) -> Iterator[Document]:
    """Yield the documents of a CoNLL-U text: a new one at each ``# newdoc``."""
    sentences: list[Sentence] = []
    for sentence in read_conllu(lines):
        if sentence.new_doc and sentences:
            yield Document(sentences[0].doc_id, tuple(sentences))
            sentences = []
        sentences.append(sentence)
    if sentences:
        yield Document(sentences[0].doc_id, tuple(sentences))


def read_file(path: Path) -> list[Document]:
    """The documents of one CoNLL-U file."""
    with path.open(encoding="utf-8") as handle:
        return list(read_documents(handle))


_BRACKET = re.compile(r"\(([^()]+)(\))?|([^()]+)\)")


def entity_mentions(sentences: Sequence[Sentence]) -> list[Mention]:
    """Decode the ``Entity=`` brackets of consecutive sentences into mentions closed within them.

    Word indices run over the sentences' words in order (pass one sentence for sentence-level indices).
    ``(id-type-...`` opens a mention, ``(id-type-...)`` is a one-word mention and ``id)`` closes the most
    recently opened mention of entity ``id``.
    """
    mentions: list[Mention] = []
    open_mentions: list[tuple[str, int, dict[str, str]]] = []
    index = -1
    for sentence in sentences:
        n_fields = len(sentence.entity_fields)
        for word in sentence.words:
            index += 1
            value = word.misc.get("Entity")
            if not value:
                continue
            for match in _BRACKET.finditer(value):
                opened, closes_at_once, closed = match.groups()
                if opened is not None:
                    parts = opened.split("-", n_fields - 1)
                    attrs = dict(zip(sentence.entity_fields, parts, strict=False))
                    eid = attrs.setdefault("eid", parts[0])
                    if closes_at_once:
                        mentions.append(Mention(index, index + 1, attrs))
                    else:
                        open_mentions.append((eid, index, attrs))
                    continue
                for position in range(len(open_mentions) - 1, -1, -1):
                    if open_mentions[position][0] == closed:
                        _, start, attrs = open_mentions.pop(position)
                        mentions.append(Mention(start, index + 1, attrs))
                        break
    return sorted(mentions, key=lambda mention: (mention.start, -mention.end))


def has_entity_layer(sentences: Iterable[Sentence]) -> bool:
    """Whether sentences carry entity annotation at all (then sentences without brackets have no mentions)."""
    return any("Entity" in word.misc for sentence in sentences for word in sentence.words)


def document_text(document: Document) -> tuple[str, list[Span]]:
    """The text a document's tokens spell, and each word's character span in it.

    Tokens are followed by a space unless ``SpaceAfter=No``; sentences are separated by a space, or a line
    break before a ``# newpar``. A word of a multiword token gets its own characters when the token's words
    spell its surface form in order ("He" + "'s" in "He's"), otherwise the whole token's span.
    """
    pieces: list[str] = []
    spans: list[Span] = []
    length = 0
    for number, sentence in enumerate(document.sentences):
        if number:
            pieces.append("\n" if sentence.new_par else " ")
            length += 1
        tokens = {token.start: token for token in sentence.multiword}
        index = 0
        while index < len(sentence.words):
            token = tokens.get(index)
            end = token.end if token else index + 1
            form = token.form if token else sentence.words[index].form
            spans.extend(_part_spans(form, [word.form for word in sentence.words[index:end]], length))
            pieces.append(form)
            length += len(form)
            if sentence.words[end - 1].space_after and end < len(sentence.words):
                pieces.append(" ")
                length += 1
            index = end
    return "".join(pieces), spans


def _part_spans(surface: str, forms: list[str], offset: int) -> list[Span]:
    whole = Span(offset, offset + len(surface))
    spans, used = [], 0
    for form in forms:
        if not surface[used:].lower().startswith(form.lower()):
            spans.append(whole)
            continue
        spans.append(Span(offset + used, offset + used + len(form)))
        used += len(form)
    return spans


_SPLIT_ITEM = re.compile(r"^\s*\*\s*(\S+)\s*$")


def split_documents(splits_md: Path) -> dict[str, set[str]]:
    """Document names by split ("dev", "train", ...) from GUM's splits.md (``## split`` then ``* name``)."""
    splits: dict[str, set[str]] = {}
    current = ""
    for line in splits_md.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip().lower()
            splits[current] = set()
        elif current and (found := _SPLIT_ITEM.match(line)):
            splits[current].add(found[1])
    return splits


def find_splits(data: Path) -> Path | None:
    """GUM's ``splits.md`` in the folder ``data`` (or the file's folder) or one level above; None if absent."""
    folder = data if data.is_dir() else data.parent
    return next((path for path in (folder / "splits.md", folder.parent / "splits.md") if path.exists()), None)


def load_split(data: Path, split: str = "dev") -> tuple[list[Document], str]:
    """The documents of ``data`` (one .conllu file or a folder of them) in a split, and a note on the choice.

    When a ``splits.md`` lies in or beside ``data`` and names some of the documents under ``## split``, only
    those are kept; otherwise every document is. Documents whose words are hidden (GUM Reddit) are skipped.
    """
    paths = [data] if data.is_file() else sorted(data.glob("*.conllu"))
    if not paths:
        raise InputError(
            f"{data} holds no .conllu files.",
            fix="Point --data at a CoNLL-U file or a folder of them (e.g. ../shared/data/gum/dep).",
            code="missing_path",
        )
    documents = [document for path in paths for document in read_file(path)]
    splits_md = find_splits(data)
    chosen = split_documents(splits_md).get(split, set()) if splits_md else set()
    if any(document.id in chosen for document in documents):
        documents, note = [document for document in documents if document.id in chosen], f"{split} split (splits.md)"
    else:
        note = f"every document given (no {split} split list found)"
    readable = [document for document in documents if not document.words_hidden()]
    if len(readable) < len(documents):
        note += f", {len(documents) - len(readable)} with hidden words skipped"
    return readable, note
