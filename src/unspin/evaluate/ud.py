"""The ``ud`` suite: the core pipeline's tags, lemmas, parse and sentence boundaries on a UD treebank.

Data: one CoNLL-U file (e.g. ``../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu``). The core pipeline is the
one the pipeline configuration names (``--core``; default the shipped one).

Choices, following the CoNLL 2018 shared task where it applies:

- the core runs on the gold *words* (multiword tokens split as the treebank splits them, spaces from
  ``SpaceAfter``), one spaCy Doc per ``# newdoc`` document (long documents cut every
  :data:`~unspin.evaluate.gold_tokens.CHUNK_SENTENCES` sentences). Paragraph starts (``# newpar``) are given
  as sentence starts, as the raw text's line breaks give them to the shared task's systems and to unspin's
  sentence stages (a sentence never runs over a line break); every other boundary the parser finds itself,
  and a wrong boundary costs attachments, as it does on real text;
- "LAS (no paragraph breaks)" parses the same words with no boundary given at all (text run together);
- "UAS / LAS (given sentences)" parse the same words a second time with the treebank's sentence boundaries
  set (the parser keeps to them): the setting of most published parser figures (gold tokenisation and
  segmentation), reported beside ours, never instead of it;
- every word counts, punctuation included;
- UPOS, XPOS and lemma accuracy compare the predicted value with the gold one exactly (case-sensitive);
- UAS: the predicted head is the gold head (a root is right when it is predicted as a root); LAS also needs
  the relation's universal part (before ``:``; spaCy's ``ROOT`` is ``root``) to match; "LAS (full labels)"
  compares the whole relation, subtypes included (``nsubj:pass``);
- sentence starts: the indices of sentence-initial words the parser had to find (not each Doc's first word,
  nor a paragraph's: those are given), scored by precision, recall and F1;
- accuracies are reported as precision = recall = F1 = correct / words.

The first section also carries the number of documents and sentences and the core's words per second.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

from unspin.conllu import Document, Sentence, Word, read_file
from unspin.core_model import load_core
from unspin.errors import InputError
from unspin.evaluate.gold_tokens import Tokens, analyse, chunks, paragraph_starts, sentence_starts, speed
from unspin.evaluate.scoring import EvalReport, Score
from unspin.pipeline import Pipeline

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

SECTIONS = (
    "UPOS",
    "XPOS",
    "lemma",
    "UAS",
    "LAS",
    "LAS (full labels)",
    "sentence starts",
    "LAS (no paragraph breaks)",
    "UAS (given sentences)",
    "LAS (given sentences)",
)
MAX_MISSES = 50


def run(data: Path, pipeline: Pipeline) -> EvalReport:
    """The ud suite: analyse the treebank's words with the configured core and score it."""
    if not data.is_file():
        raise InputError(f"{data} is not a file.", fix="Point --data at one UD .conllu file.", code="missing_path")
    return score_treebank(read_file(data), load_core(pipeline.config.core), str(data))


def score_treebank(documents: Sequence[Document], nlp: Language, data: str = "") -> EvalReport:
    """Score ``nlp`` on the documents' gold words."""
    groups = [group for document in documents for group in chunks(document.sentences)]
    texts = [Tokens(*_words_and_spaces(group), newpar_starts(group)) for group in groups]
    docs, seconds = analyse(nlp, texts)
    sections = {name: Score() for name in SECTIONS}
    for group, doc in zip(groups, docs, strict=True):
        score_doc(group, doc, sections)
    run_together, _ = analyse(nlp, [Tokens(text.words, text.spaces) for text in texts])
    for group, doc in zip(groups, run_together, strict=True):
        score_attachments(group, doc, Score(), sections["LAS (no paragraph breaks)"])
    given, _ = analyse(
        nlp,
        [
            Tokens(text.words, text.spaces, sentence_starts(len(sentence.words) for sentence in group))
            for text, group in zip(texts, groups, strict=True)
        ],
    )
    for group, doc in zip(groups, given, strict=True):
        score_attachments(group, doc, sections["UAS (given sentences)"], sections["LAS (given sentences)"])
    words = sum(len(text.words) for text in texts)
    sections[SECTIONS[0]].extra = {
        "documents": len(documents),
        "sentences": sum(len(group) for group in groups),
        "paragraphs": sum(sentence.new_par for group in groups for sentence in group),
        **speed(words, seconds),
    }
    return EvalReport("ud", data, sections)


def newpar_starts(sentences: Sequence[Sentence]) -> tuple[bool | None, ...]:
    """The gold sentences' paragraph starts (``# newpar``), as
    :func:`unspin.evaluate.gold_tokens.paragraph_starts` gives them."""
    return paragraph_starts([len(sentence.words) for sentence in sentences], [s.new_par for s in sentences])


def _words_and_spaces(sentences: Sequence[Sentence]) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    words = tuple(word.form for sentence in sentences for word in sentence.words)
    spaces = tuple(word.space_after for sentence in sentences for word in sentence.words)
    return words, spaces


def relation(dep: str) -> str:
    """A predicted relation in UD's spelling: spaCy's "ROOT" is UD's "root"."""
    return "root" if dep == "ROOT" else dep


def universal(deprel: str) -> str:
    """The universal part of a relation ("nsubj:pass" -> "nsubj")."""
    return relation(deprel).split(":", 1)[0]


def _add(score: Score, right: bool) -> None:
    score.gold_total += 1
    score.predicted_total += 1
    score.true_positives += right
    score.predicted_correct += right


def _words(sentences: Sequence[Sentence], doc: Doc) -> Iterator[tuple[Word, Token, int]]:
    """Each gold word with its token in ``doc`` and the index of its gold head (its own for a root)."""
    offset = 0
    for sentence in sentences:
        for index, word in enumerate(sentence.words):
            token = doc[offset + index]
            yield word, token, offset + word.head - 1 if word.head else token.i
        offset += len(sentence.words)


def score_attachments(sentences: Sequence[Sentence], doc: Doc, uas: Score, las: Score) -> None:
    """Add one analysed Doc's heads (UAS) and heads with universal relations (LAS) to the two scores."""
    for word, token, gold_head in _words(sentences, doc):
        attached = token.head.i == gold_head
        _add(uas, attached)
        _add(las, attached and universal(token.dep_) == universal(word.deprel))


def score_doc(sentences: Sequence[Sentence], doc: Doc, sections: dict[str, Score]) -> None:
    """Add one analysed Doc (the gold ``sentences``' words, paragraph starts given) to the sections."""
    for word, token, gold_head in _words(sentences, doc):
        _add(sections["UPOS"], token.pos_ == word.upos)
        _add(sections["XPOS"], token.tag_ == word.xpos)
        _add(sections["lemma"], token.lemma_ == word.lemma)
        _add(sections["LAS (full labels)"], token.head.i == gold_head and relation(token.dep_) == word.deprel)
    score_attachments(sentences, doc, sections["UAS"], sections["LAS"])
    given = {index for index, start in enumerate(newpar_starts(sentences)) if start}
    gold_starts = set(accumulate((len(sentence.words) for sentence in sentences[:-1]), initial=0)) - given
    predicted = {token.i for token in doc if token.is_sent_start} - given
    boundaries = sections["sentence starts"]
    boundaries.gold_total += len(gold_starts)
    boundaries.predicted_total += len(predicted)
    boundaries.true_positives += len(gold_starts & predicted)
    boundaries.predicted_correct += len(gold_starts & predicted)
    for start in sorted(gold_starts - predicted):
        if len(boundaries.misses) < MAX_MISSES:
            boundaries.misses.append(f"{sentences[0].sent_id}: no break before {_context(doc, start)}")


def _context(doc: Doc, index: int) -> str:
    return repr(doc[max(0, index - 3) : index].text + " | " + doc[index : index + 3].text)
