"""The ``coref`` suite: pronoun resolution scored against GUM's gold coreference.

Data: GUM's per-document CoNLL-U (``../shared/data/gum/dep``: one file per document, the MISC column's
``Entity=`` in CorefUD bracket notation, where the same id means the same entity and the sixth field of an
opening bracket is the mention's minimal span, its head words). ``--data`` is that folder or one ``.conllu``
file. When a ``splits.md`` lies in the folder or beside it, only its ``## dev`` documents are scored;
otherwise every document given is, and the report says so. Reddit documents ship with their words replaced by
underscores and are skipped.

The text of each document is rebuilt from its tokens (a space unless ``SpaceAfter=No``, a space between
sentences, a line break before each ``# newpar``), keeping every word's character span, and analysed by the
pipeline (its ``entities`` and ``coref`` layers).

A pronoun counts when GUM marks it as a mention of an entity that has an earlier mention (its antecedent).
The coref layer resolves it correctly when the entity it links the pronoun to has a mention overlapping the
head words of another gold mention of the same entity. Figures:

- reporting-verb subjects: third-person pronouns that are the ``nsubj`` of a reporting verb (the lemmas of
  ``data/cue_verbs.tsv``; "call on", "point out" when the particle follows the verb);
- third-person pronouns: every he/him/his, she/her/hers, it/its, they/them/their/theirs;
- each also on the subset whose gold entity was named before the pronoun (an earlier mention with a proper
  noun), the only antecedents an entity-based resolver can reach.

Recall is right / pronouns with a gold antecedent (accuracy over all of them); precision is right / pronouns
the layer resolved, where links on pronouns without a gold antecedent (first mentions, expletive "it") count
as wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from unspin.annotations import CorefLink, Entity
from unspin.document import Document
from unspin.errors import InputError
from unspin.evaluate.progress import tracked
from unspin.evaluate.scoring import EvalReport, Score
from unspin.pipeline import Pipeline
from unspin.spans import Span
from unspin.stages.statements import cue_verbs

THIRD_PERSON = frozenset("he him his she her hers it its they them their theirs".split())
"""Third-person personal and possessive pronouns."""

SECTIONS = (
    "reporting-verb subjects",
    "reporting-verb subjects, named antecedent",
    "third-person pronouns",
    "third-person pronouns, named antecedent",
)

_ENTITY = re.compile(r"\((?P<open>[^()]+)(?P<single>\))?|(?P<close>[^()]+)\)")
_SPLIT_DOC = re.compile(r"^\s*\*\s*(\S+)\s*$")


@dataclass(frozen=True)
class Word:
    """A syntactic word: its character span in the rebuilt text and its head's index (-1 for the root)."""

    form: str
    lemma: str
    upos: str
    deprel: str
    head: int
    span: Span


@dataclass(frozen=True)
class Mention:
    """A gold mention: its entity id, first and last word index, and its head words (the minimal span)."""

    entity: str
    first: int
    last: int
    heads: tuple[int, ...]


@dataclass(frozen=True)
class GumDocument:
    id: str
    text: str
    words: tuple[Word, ...]
    mentions: tuple[Mention, ...]

    def head_spans(self, mention: Mention) -> list[Span]:
        return [self.words[i].span for i in mention.heads]


def parse_conllu(conllu: str) -> list[GumDocument]:
    """Every document of a CoNLL-U text, with rebuilt text, word spans and gold mentions."""
    documents, current = [], _DocumentBuilder("")
    for line in conllu.splitlines():
        if line.startswith("# newdoc id"):
            if current.words or current.sentence:
                documents.append(current.build())
            current = _DocumentBuilder(line.split("=", 1)[1].strip())
        elif line.startswith("# newpar"):
            current.new_paragraph = True
        elif line and not line.startswith("#"):
            current.add_line(line.split("\t"))
        elif not line:
            current.end_sentence()
    if current.words or current.sentence:
        documents.append(current.build())
    return documents


class _DocumentBuilder:
    """Accumulates one document's words, text pieces and open entity brackets, line by line."""

    def __init__(self, doc_id: str) -> None:
        self.id = doc_id
        self.pieces: list[str] = []
        self.length = 0
        self.words: list[Word] = []
        self.sentence: list[tuple[list[str], Span]] = []
        self.mentions: list[Mention] = []
        self.open: dict[str, list[tuple[int, str]]] = {}
        self.new_paragraph = False
        self.multiword = Span(0, 0)
        self.multiword_form = ""
        self.multiword_left = 0
        self.multiword_used = 0

    def _append(self, piece: str) -> Span:
        start = self.length
        self.pieces.append(piece)
        self.length += len(piece)
        return Span(start, self.length)

    def add_line(self, columns: list[str]) -> None:
        if len(columns) < 10 or "." in columns[0]:
            return
        if not self.sentence and not self.multiword_left and self.pieces:
            self._append("\n" if self.new_paragraph else " ")
        self.new_paragraph = False
        if "-" in columns[0]:
            first, last = map(int, columns[0].split("-"))
            self.multiword, self.multiword_form = self._word_span(columns), columns[1]
            self.multiword_left, self.multiword_used = last - first + 1, 0
            return
        span = self._multiword_part(columns[1]) if self.multiword_left else self._word_span(columns)
        self.sentence.append((columns, span))

    def _word_span(self, columns: list[str]) -> Span:
        span = self._append(columns[1])
        if "SpaceAfter=No" not in columns[9].split("|"):
            self._append(" ")
        return span

    def _multiword_part(self, form: str) -> Span:
        """A part of a multiword token ("he" of "he's"): its own characters when the parts spell the surface
        form in order, otherwise the whole surface form."""
        self.multiword_left -= 1
        start = self.multiword.start + self.multiword_used
        if not self.multiword_form[self.multiword_used :].lower().startswith(form.lower()):
            return self.multiword
        self.multiword_used += len(form)
        return Span(start, start + len(form))

    def end_sentence(self) -> None:
        if not self.sentence:
            return
        if self.pieces and self.pieces[-1] == " ":
            self.pieces.pop()
            self.length -= 1
        offset = len(self.words)
        for columns, span in self.sentence:
            head = int(columns[6]) if columns[6].isdigit() else 0
            index = len(self.words)
            self.words.append(
                Word(columns[1], columns[2], columns[3], columns[7], offset + head - 1 if head else -1, span)
            )
            self._read_entities(columns[9], index)
        self.sentence = []

    def _read_entities(self, misc: str, index: int) -> None:
        value = next((item[len("Entity=") :] for item in misc.split("|") if item.startswith("Entity=")), "")
        for found in _ENTITY.finditer(value):
            if found["open"]:
                fields = found["open"].split("-")
                minspan = fields[5] if len(fields) > 5 else ""
                if found["single"]:
                    self._close(fields[0], index, index, minspan)
                else:
                    self.open.setdefault(fields[0], []).append((index, minspan))
            elif found["close"] and self.open.get(found["close"]):
                start, minspan = self.open[found["close"]].pop()
                self._close(found["close"], start, index, minspan)

    def _close(self, entity: str, first: int, last: int, minspan: str) -> None:
        heads = tuple(first + int(k) - 1 for k in minspan.split(",") if k.isdigit() and first + int(k) - 1 <= last)
        self.mentions.append(Mention(entity, first, last, heads or tuple(range(first, last + 1))))

    def build(self) -> GumDocument:
        self.end_sentence()
        return GumDocument(self.id, "".join(self.pieces), tuple(self.words), tuple(self.mentions))


def dev_documents(data: Path) -> set[str] | None:
    """The document names under ``## dev`` in a ``splits.md`` in or beside ``data``; None when there is none."""
    folder = data if data.is_dir() else data.parent
    for candidate in (folder / "splits.md", folder.parent / "splits.md"):
        if candidate.exists():
            names, in_dev = set(), False
            for line in candidate.read_text(encoding="utf-8").splitlines():
                if line.startswith("## "):
                    in_dev = line[3:].strip().lower() == "dev"
                elif in_dev and (found := _SPLIT_DOC.match(line)):
                    names.add(found[1])
            return names
    return None


def load_documents(data: Path, limit: int | None = None) -> tuple[list[GumDocument], str]:
    """The documents to score and a note on which were chosen (dev split, all, reddit skipped)."""
    paths = [data] if data.is_file() else sorted(data.glob("*.conllu"))
    if not paths:
        raise InputError(
            f"{data} holds no .conllu files.",
            fix="Point --data at GUM's dep/ folder (../shared/data/gum/dep) or one of its files.",
            code="missing_path",
        )
    dev = dev_documents(data)
    documents = [doc for path in paths for doc in parse_conllu(path.read_text(encoding="utf-8"))]
    if dev is not None and any(doc.id in dev for doc in documents):
        documents, note = [doc for doc in documents if doc.id in dev], "dev split (splits.md)"
    else:
        note = "every document given (no dev split list found)"
    readable = [doc for doc in documents if not _words_hidden(doc)]
    if len(readable) < len(documents):
        note += f", {len(documents) - len(readable)} with hidden words skipped"
    return readable[:limit], note


def _words_hidden(doc: GumDocument) -> bool:
    """Reddit documents replace every word by underscores."""
    return sum(set(word.form) == {"_"} for word in doc.words) > len(doc.words) / 2


def reporting_lemmas() -> dict[str, str | None]:
    """Reporting verb lemma -> the particle that must follow it ("call" -> "on"), or None."""
    lemmas: dict[str, str | None] = {}
    for verb in cue_verbs().values():
        first, _, particle = verb.lemma.partition(" ")
        if particle:
            lemmas.setdefault(first, particle)
        else:
            lemmas[first] = None
    return lemmas


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    """The coref suite: analyse each GUM document and score the resolution of its pronouns."""
    documents, note = load_documents(data)
    return score_documents(documents, pipeline, str(data), note)


def score_documents(documents: list[GumDocument], pipeline: Pipeline, data: str = "", note: str = "") -> EvalReport:
    sections = {name: Score() for name in SECTIONS}
    verbs = reporting_lemmas()
    for gum in tracked(documents, "coref"):
        doc = pipeline(Document(gum.id, gum.text))
        score_document(gum, doc.layer("coref"), doc.layer("entities"), verbs, sections)
    sections[SECTIONS[0]].extra = {"documents": len(documents), "chosen": note or "-"}
    return EvalReport("coref", data, sections)


def score_document(
    gum: GumDocument,
    links: tuple[CorefLink, ...],
    entities: tuple[Entity, ...],
    verbs: dict[str, str | None],
    sections: dict[str, Score],
) -> None:
    """Add one document's pronouns to the sections."""
    by_entity: dict[str, list[Mention]] = {}
    single_word: dict[int, Mention] = {}
    for mention in gum.mentions:
        by_entity.setdefault(mention.entity, []).append(mention)
        if mention.first == mention.last:
            single_word.setdefault(mention.first, mention)
    entity_mentions = {entity.id: entity.mentions for entity in entities}
    for index, word in enumerate(gum.words):
        if word.form.lower() not in THIRD_PERSON:
            continue
        gold = single_word.get(index)
        earlier = [m for m in by_entity.get(gold.entity, []) if m.first < index] if gold else []
        named = any(gum.words[i].upos == "PROPN" for m in earlier for i in range(m.first, m.last + 1))
        link = next((link for link in links if link.mention.overlaps(word.span)), None)
        right = bool(earlier) and link is not None and gold is not None
        if right:
            others = [s for m in by_entity[gold.entity] if m is not gold for s in gum.head_spans(m)]  # type: ignore[union-attr]
            right = any(p.overlaps(s) for p in entity_mentions.get(link.entity, ()) for s in others)  # type: ignore[union-attr]
        groups = ["third-person pronouns"]
        if _reporting_subject(gum, word, verbs):
            groups.append("reporting-verb subjects")
        for group in groups:
            _count(sections[group], bool(earlier), link is not None, right)
            if named:
                _count(sections[f"{group}, named antecedent"], True, link is not None, right)
            if earlier and not right:
                sections[group].misses.append(_miss(gum, index, earlier, link, entities))


def _reporting_subject(gum: GumDocument, word: Word, verbs: dict[str, str | None]) -> bool:
    if word.deprel != "nsubj" or word.head < 0:
        return False
    verb = gum.words[word.head]
    if verb.lemma not in verbs:
        return False
    particle = verbs[verb.lemma]
    following = gum.words[word.head + 1].form.lower() if word.head + 1 < len(gum.words) else ""
    return particle is None or following == particle


def _count(score: Score, has_antecedent: bool, resolved: bool, right: bool) -> None:
    score.gold_total += has_antecedent
    score.predicted_total += resolved
    score.true_positives += right
    score.predicted_correct += right


def _miss(
    gum: GumDocument, index: int, earlier: list[Mention], link: CorefLink | None, entities: tuple[Entity, ...]
) -> str:
    antecedent = earlier[-1]
    gold_text = gum.text[gum.words[antecedent.first].span.start : gum.words[antecedent.last].span.end]
    names = {entity.id: entity.name for entity in entities}
    resolved = names.get(link.entity, link.entity) if link else "nothing"
    word = gum.words[index]
    return f"{gum.id} {word.form!r} at {word.span.start}: resolved to {resolved!r}, gold {gold_text[:40]!r}"
