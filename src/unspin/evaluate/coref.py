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

from dataclasses import dataclass
from pathlib import Path

from unspin.annotations import CorefLink, Entity
from unspin.conllu import Document, Mention, document_text, entity_mentions, load_split, read_documents
from unspin.cue_verbs import cue_verbs
from unspin.document import Document as Article
from unspin.evaluate.progress import tracked
from unspin.evaluate.scoring import EvalReport, Score
from unspin.pipeline import Pipeline
from unspin.spans import Span

THIRD_PERSON = frozenset("he him his she her hers it its they them their theirs".split())
"""Third-person personal and possessive pronouns."""

SECTIONS = (
    "reporting-verb subjects",
    "reporting-verb subjects, named antecedent",
    "third-person pronouns",
    "third-person pronouns, named antecedent",
)


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
class GumDocument:
    """A GUM document as the suite reads it: rebuilt text, words over the whole document, gold mentions."""

    id: str
    text: str
    words: tuple[Word, ...]
    mentions: tuple[Mention, ...]

    def head_spans(self, mention: Mention) -> list[Span]:
        return [self.words[i].span for i in mention.heads]


def gum_document(document: Document) -> GumDocument:
    """The suite's view of a CoNLL-U document (word heads and mentions in document word indices)."""
    text, spans = document_text(document)
    words: list[Word] = []
    for sentence in document.sentences:
        offset = len(words)
        for word in sentence.words:
            head = offset + word.head - 1 if word.head else -1
            words.append(Word(word.form, word.lemma, word.upos, word.deprel, head, spans[len(words)]))
    return GumDocument(document.id, text, tuple(words), tuple(entity_mentions(document.sentences)))


def parse_conllu(conllu: str) -> list[GumDocument]:
    """Every document of a CoNLL-U text, with rebuilt text, word spans and gold mentions."""
    return [gum_document(document) for document in read_documents(conllu.splitlines())]


def load_documents(data: Path, limit: int | None = None) -> tuple[list[GumDocument], str]:
    """The documents to score and a note on which were chosen (dev split, all, hidden words skipped)."""
    documents, note = load_split(data, "dev")
    return [gum_document(document) for document in documents[:limit]], note


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
        doc = pipeline(Article(gum.id, gum.text))
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
        if mention.end - mention.start == 1:
            single_word.setdefault(mention.start, mention)
    entity_mentions = {entity.id: entity.mentions for entity in entities}
    for index, word in enumerate(gum.words):
        if word.form.lower() not in THIRD_PERSON:
            continue
        gold = single_word.get(index)
        earlier = [m for m in by_entity.get(gold.entity, []) if m.start < index] if gold else []
        named = any(gum.words[i].upos == "PROPN" for m in earlier for i in range(m.start, m.end))
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
    gold_text = gum.text[gum.words[antecedent.start].span.start : gum.words[antecedent.end - 1].span.end]
    names = {entity.id: entity.name for entity in entities}
    resolved = names.get(link.entity, link.entity) if link else "nothing"
    word = gum.words[index]
    return f"{gum.id} {word.form!r} at {word.span.start}: resolved to {resolved!r}, gold {gold_text[:40]!r}"
