"""The ``ner`` suite: the core pipeline's named entities, exact-span P/R/F1 per type and micro over all.

Data, chosen by what ``--data`` holds:

- Universal NER IOB2 files (a ``.iob2`` file or a folder of them, e.g. ``../shared/data/uner-english-ewt``):
  one word per line (``index  word  tag  -  annotator``), ``# newdoc id``, ``# sent_id`` and ``# text``
  comments, IOB2 tags of types PER, ORG, LOC. Ours are mapped PERSON -> PER, ORG -> ORG, PLACE -> LOC;
  GROUP and EVENT have no counterpart and are dropped. Spaces between words come from ``# text``.
- GUM document folders (``../shared/data/gum/dep`` or one of its ``.conllu`` files): gold names are derived
  from the entity layer exactly as the core recipe derives its training labels
  (:func:`unspin.train.core_data.named_spans`), types PERSON, ORG, PLACE, GROUP, EVENT; only the ``## dev``
  documents of a ``splits.md`` in or beside the folder are scored when there is one.

The core (``--core``; default the shipped one) runs on the gold words, one Doc per document (cut every
:data:`~unspin.evaluate.gold_tokens.CHUNK_SENTENCES` sentences), without sentence boundaries; the section
"all (micro, given sentences)" runs it again with the gold sentence boundaries set (names then cannot run
across them: "Larry Lewis" on one line of a mail header and "Tom Martin" on the next), the setting of
published NER figures, reported beside ours; "all (micro, paragraphs given)" runs it with only the paragraph
starts set, as an article's line breaks give them. GUM marks paragraphs (``# newpar``); a Universal NER file
takes them from the UD treebank it was annotated on, found beside its folder under the same file name
(``uner-english-ewt/en_ewt-ud-dev.iob2`` -> ``ud-english-ewt/en_ewt-ud-dev.conllu``), and goes without that
section when the treebank is not there. Its labels go through
:func:`unspin.core_model.core_label`, so an OntoNotes pipeline (GPE, LOC, FAC -> PLACE; NORP -> GROUP) is scored
the same way. A prediction is right when its span (first and last word) and type both match a gold entity;
an ill-formed IOB2 ``I-`` (after ``O`` or another type) starts an entity, as conlleval does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from unspin.conllu import has_entity_layer, load_split
from unspin.core_model import core_label, load_core
from unspin.errors import InputError
from unspin.evaluate.gold_tokens import Tokens, analyse, chunks, paragraph_starts, sentence_starts, speed
from unspin.evaluate.scoring import EvalReport, Score
from unspin.evaluate.ud import newpar_starts
from unspin.pipeline import Pipeline

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

UNER_TYPES: Mapping[str, str] = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC"}
"""Our entity types -> Universal NER's."""

GUM_TYPES: Mapping[str, str] = {label: label for label in ("PERSON", "ORG", "PLACE", "GROUP", "EVENT")}
"""Our entity types, scored as they are against the names derived from GUM."""

MICRO = "all (micro)"
MICRO_GIVEN_SENTENCES = "all (micro, given sentences)"
MICRO_GIVEN_PARAGRAPHS = "all (micro, paragraphs given)"
MAX_MISSES = 50

EntitySpan = tuple[int, int, str]
"""Word indices [start, end) within a text, and the type."""


@dataclass(frozen=True)
class GoldText:
    """One text to analyse: its gold words, its gold entities and where it comes from (for misses)."""

    id: str
    tokens: Tokens
    entities: frozenset[EntitySpan]
    paragraph_starts: tuple[bool | None, ...] | None = None
    """True on the first word of the text and of each paragraph, None elsewhere; None when not known."""


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    """The ner suite on Universal NER IOB2 files or GUM CoNLL-U documents, with the configured core."""
    iob2 = [data] if data.suffix == ".iob2" else sorted(data.glob("*.iob2")) if data.is_dir() else []
    if iob2:
        texts, types, note = uner_texts(iob2), UNER_TYPES, "Universal NER IOB2"
    else:
        texts, note = gum_texts(data)
        types = GUM_TYPES
    return score_texts(texts, load_core(pipeline.config.core), types, str(data), note)


def score_texts(
    texts: Sequence[GoldText], nlp: Language, types: Mapping[str, str], data: str = "", note: str = ""
) -> EvalReport:
    """Analyse each text with ``nlp`` and score its entities (ours mapped through ``types``) per type."""
    docs, seconds = analyse(nlp, [replace(text.tokens, sentence_starts=None) for text in texts])
    names = sorted(set(types.values()))
    sections = {name: Score() for name in [*names, MICRO]}
    for text, doc in zip(texts, docs, strict=True):
        _count(text, _entities(doc, types), sections)
    if all(text.tokens.sentence_starts is not None for text in texts):
        sections[MICRO_GIVEN_SENTENCES] = _micro(nlp, texts, [text.tokens for text in texts], types)
    if texts and all(text.paragraph_starts is not None for text in texts):
        paragraphs = [replace(text.tokens, sentence_starts=text.paragraph_starts) for text in texts]
        sections[MICRO_GIVEN_PARAGRAPHS] = _micro(nlp, texts, paragraphs, types)
    words = sum(len(text.tokens.words) for text in texts)
    sections[MICRO].extra = {"texts": len(texts), **speed(words, seconds), "data": note or "-"}
    return EvalReport("ner", data, sections)


def _micro(nlp: Language, texts: Sequence[GoldText], tokens: Sequence[Tokens], types: Mapping[str, str]) -> Score:
    """Micro P/R/F1 over all types of ``nlp`` run on the texts' words with the boundaries ``tokens`` give."""
    docs, _ = analyse(nlp, tokens)
    micro = {MICRO: Score()}
    for text, doc in zip(texts, docs, strict=True):
        _count(text, _entities(doc, types), micro)
    return micro[MICRO]


def _entities(doc: Doc, types: Mapping[str, str]) -> frozenset[EntitySpan]:
    """The Doc's entities of the scored types, as word spans with the benchmark's type names."""
    predicted = set()
    for ent in doc.ents:
        ours = core_label(ent.label_)
        if ours in types:
            predicted.add((ent.start, ent.end, types[ours]))
    return frozenset(predicted)


def _count(text: GoldText, predicted: frozenset[EntitySpan], sections: dict[str, Score]) -> None:
    right = text.entities & predicted
    for name, score in sections.items():
        score.gold_total += len(_of_type(text.entities, name))
        score.predicted_total += len(_of_type(predicted, name))
        score.true_positives += len(_of_type(right, name))
        score.predicted_correct += len(_of_type(right, name))
        for start, end, label in sorted(_of_type(text.entities - right, name)):
            if len(score.misses) < MAX_MISSES:
                words = " ".join(text.tokens.words[start:end])
                score.misses.append(f"{text.id}: {words!r} ({label})")


def _of_type(spans: Iterable[EntitySpan], name: str) -> list[EntitySpan]:
    return [span for span in spans if name == MICRO or span[2] == name]


def iob2_spans(tags: Sequence[str]) -> set[EntitySpan]:
    """Entities from IOB2 tags; an ``I-`` that does not continue an entity of its type starts one."""
    spans: set[EntitySpan] = set()
    start, label = -1, ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label and start >= 0
        if continues:
            continue
        if start >= 0:
            spans.add((start, index, label))
        start, label = (index, kind) if prefix in ("B", "I") else (-1, "")
    return spans


@dataclass(frozen=True)
class IobSentence:
    doc_id: str
    sent_id: str
    words: tuple[str, ...]
    spaces: tuple[bool, ...]
    tags: tuple[str, ...]


def read_iob2(lines: Iterable[str]) -> Iterator[IobSentence]:
    """The sentences of a Universal NER IOB2 file, spaces recovered from each sentence's ``# text``."""
    doc_id, sent_id, text = "", "", ""
    rows: list[list[str]] = []
    for raw in [*lines, ""]:
        line = raw.rstrip("\n")
        if not line.strip():
            if rows:
                words = tuple(row[1] for row in rows)
                yield IobSentence(doc_id, sent_id, words, spaces_from_text(words, text), tuple(r[2] for r in rows))
            rows, sent_id, text = [], "", ""
        elif line.startswith("#"):
            key, _, value = line[1:].partition("=")
            key, value = key.strip(), value.strip()
            if key == "newdoc id":
                doc_id = value
            elif key in ("sent_id", "text"):
                sent_id, text = (value, text) if key == "sent_id" else (sent_id, value)
        else:
            columns = line.split("\t")
            if len(columns) < 3:
                raise ValueError(f"IOB2 line without word and tag columns in sentence {sent_id!r}: {line!r}")
            rows.append(columns)


def spaces_from_text(words: Sequence[str], text: str) -> tuple[bool, ...]:
    """Whether a space follows each word in ``text``; True wherever the words cannot be found in it."""
    spaces, position = [], 0
    for word in words:
        found = text.find(word, position)
        if found < 0 or text[position:found].strip():
            spaces.append(True)
            continue
        position = found + len(word)
        spaces.append(position >= len(text) or text[position].isspace())
    return tuple(spaces)


def uner_texts(paths: Sequence[Path]) -> list[GoldText]:
    """One text per document (cut into chunks of sentences) of the IOB2 files, with paragraph starts where the
    file's UD treebank is found (:func:`ud_paragraphs`)."""
    texts = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            sentences = list(read_iob2(handle))
        paragraphs = ud_paragraphs(path)
        for group in _by_document(sentences):
            texts.extend(_iob_text(chunk, paragraphs) for chunk in chunks(group))
    return texts


def ud_paragraphs(iob2: Path) -> dict[str, bool]:
    """sent_id -> whether the sentence starts a paragraph, read from the UD treebank the Universal NER file was
    annotated on: a file of the same name (``.conllu``) in a folder beside the IOB2 file's. Empty when there is
    none."""
    from unspin.conllu import read_conllu

    for treebank in sorted(iob2.parent.parent.glob(f"*/{iob2.stem}.conllu")):
        with treebank.open(encoding="utf-8") as handle:
            return {sentence.sent_id: sentence.new_par for sentence in read_conllu(handle)}
    return {}


def _by_document(sentences: list[IobSentence]) -> Iterator[list[IobSentence]]:
    group: list[IobSentence] = []
    for sentence in sentences:
        if group and sentence.doc_id != group[0].doc_id:
            yield group
            group = []
        group.append(sentence)
    if group:
        yield group


def _iob_text(sentences: Sequence[IobSentence], paragraphs: Mapping[str, bool]) -> GoldText:
    words = tuple(word for sentence in sentences for word in sentence.words)
    spaces = tuple(space for sentence in sentences for space in sentence.spaces)
    tags = [tag for sentence in sentences for tag in sentence.tags]
    lengths = [len(sentence.words) for sentence in sentences]
    known = all(sentence.sent_id in paragraphs for sentence in sentences)
    opens = [paragraphs.get(sentence.sent_id, False) for sentence in sentences]
    return GoldText(
        sentences[0].sent_id,
        Tokens(words, spaces, sentence_starts(lengths)),
        frozenset(iob2_spans(tags)),
        paragraph_starts(lengths, opens) if known else None,
    )


def gum_texts(data: Path) -> tuple[list[GoldText], str]:
    """One text per GUM dev document (cut into chunks), with the names the core recipe derives from it."""
    from unspin.train.core_data import named_spans

    if not data.exists():
        raise InputError(f"{data} does not exist.", fix="Point --data at IOB2 files or GUM's dep/ folder.")
    documents, note = load_split(data, "dev")
    texts = []
    for document in documents:
        if not has_entity_layer(document.sentences):
            continue
        for group in chunks(document.sentences):
            words, spaces, entities = [], [], set()
            for sentence in group:
                offset = len(words)
                entities.update((offset + s.start, offset + s.end, s.label) for s in named_spans(sentence))
                words.extend(word.form for word in sentence.words)
                spaces.extend(word.space_after for word in sentence.words)
            tokens = Tokens(tuple(words), tuple(spaces), sentence_starts(len(sentence.words) for sentence in group))
            paragraphs = newpar_starts(group)
            texts.append(GoldText(group[0].sent_id, tokens, frozenset(entities), paragraphs))
    if not texts:
        raise InputError(
            f"{data} holds no documents with an entity layer (Entity= in the MISC column).",
            fix="Point --data at GUM's dep/ folder (../shared/data/gum/dep) or at Universal NER .iob2 files.",
        )
    return texts, note
