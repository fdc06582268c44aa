"""A MiniLM named-entity tagger that labels the EWT training sentences for the core pipeline (training extra).

The core pipeline's NER learns from GUM's entity layer and MEANTIME: about 11,000 sentences, mostly edited
prose. Its weak spot is web text ("tampa bay", e-mail signatures, forum posts), which is exactly what UD
English-EWT is made of, and EWT's 12,500 training sentences carry no entity annotation. A transformer
generalises from few names far better than a small CNN, so the recipe fine-tunes all-MiniLM-L6-v2 as a
token classifier on the same gold names (the *teacher*), lets it label the EWT *train* sentences (silver
names), and trains the core pipeline on gold and silver names together: the CNN keeps its speed and learns
some of what the teacher knows. Nothing from EWT's dev or test sentences, nor from Universal NER's
annotations, is used.

The packaged MiniLM is uncased: its tokenizer lower-cases every word, so on its own it cannot tell "Visit"
the name from "visit" the verb. The teacher gets each word's case through BERT's token-type embeddings,
resized to :data:`CASE_TYPES` rows (no capital, initial capital, all capitals, inner capital) and started
as copies of the pretrained row, so that before fine-tuning it reads text as the uncased model does. One
training sentence in :data:`CASELESS_SHARE` is shown without case (all rows 0), as a fully lower-cased web
post reaches it ("going to baguio alone").

Data: GUM ``train`` documents of the entity layer (the names :func:`unspin.train.core_data.named_spans`
derives) and MEANTIME articles (words it could not label stay unlabelled, as in the core recipe). Labels on
each word's first word piece; seed 0 (another with ``seed``: :func:`write_ensemble` joins such teachers); AdamW,
linear warm-up and decay. :func:`label_sentences` turns the teacher's output back into IOB tags per word.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from unspin.address_filter import is_address_word
from unspin.conllu import has_entity_layer, load_split
from unspin.core_model import TEACHER_RECORD, component_factory
from unspin.errors import InputError
from unspin.evaluate.ner import iob2_spans
from unspin.evaluate.progress import tracked
from unspin.names import EDGE_WORDS
from unspin.train.core_data import CoreSources, iob_tags, named_spans
from unspin.train.span_tagging import IGNORED

if TYPE_CHECKING:
    from spacy.tokens import Doc

TYPES = ("PERSON", "ORG", "PLACE", "GROUP", "EVENT")
LABELS = ("O", *(f"{prefix}-{kind}" for kind in TYPES for prefix in "BI"))
SEED = 0
EPOCHS = 3
"""Universal NER EWT dev micro F1 of the teacher alone with gold sentences given (`unspin eval ner --core
TEACHER_FOLDER`): run 10's (1 epoch 0.613, 3 epochs 0.661), run 11's (3 epochs, lower-cased words only) 0.680,
run 12's (3 epochs, reading case) 0.699; GUM dev 0.690 -> 0.737 from run 11's to run 12's."""
BATCH = 16
LEARNING_RATE = 5e-5
WARMUP_STEPS = 200
MAX_PIECES = 128
"""Word pieces per training sentence; longer sentences are truncated (their tail goes unlabelled)."""
LABEL_WORDS = 100
"""Words per window when labelling: a window of 100 words stays within MiniLM's 256 pieces."""

CASE_TYPES = 4
"""Token types: 0 no capital letter, 1 an initial capital, 2 all capitals (two letters or more), 3 a capital
inside ("iPhone", "McDonald")."""
CASELESS_SHARE = 10
"""One training sentence in this many (chosen by a checksum of its words, so reproducibly) goes without case."""

Example = tuple[list[str], list[str | None]]
"""A sentence's words and their IOB tags (None: unknown, no loss)."""


def teacher_examples(sources: CoreSources) -> list[Example]:
    """The gold names the core recipe trains on, as word/tag sentences: GUM train, then MEANTIME."""
    from unspin.train.meantime import ner_values, read_article

    examples: list[Example] = []
    documents, _ = load_split(sources.data_root / sources.entity_dir, "train")
    for document in documents:
        if has_entity_layer(document.sentences):
            for sentence in document.sentences:
                tags: list[str | None] = list(iob_tags(sentence, named_spans(sentence)))
                examples.append(([word.form for word in sentence.words], tags))
    for path in sources.meantime_files():
        article = read_article(path)
        for words, spans, unknown in zip(article.sentences, article.spans, article.unknown, strict=True):
            examples.append((list(words), [value or None for value in ner_values(words, spans, unknown)]))
    return examples


@dataclass(frozen=True)
class TeacherResult:
    model_dir: Path
    sentences: int
    steps: int
    seconds: float


def train_teacher(
    out_dir: Path, sources: CoreSources, *, epochs: int = EPOCHS, seed: int = SEED, limit: int | None = None
) -> TeacherResult:
    """Fine-tune the teacher and save it (transformers format, with its tokenizer) under ``out_dir``.

    ``seed`` fixes the new classifier rows, the dropout and the order of the examples: teachers of two seeds
    make an ensemble (:class:`Teacher` averages them). ``limit`` keeps the first N examples (for quick trial
    runs and tests).
    """
    from unspin.train.encoder_export import (
        fine_tune,
        load_minilm_tokenizer,
        minilm_token_classifier,
        save_fine_tuned,
    )

    examples = teacher_examples(sources)[:limit]
    tokenizer = load_minilm_tokenizer()
    model = with_case_types(minilm_token_classifier(list(LABELS), seed=seed))
    steps, seconds = fine_tune(
        model,
        examples,
        lambda batch: _encode(tokenizer, batch),
        epochs=epochs,
        batch_size=BATCH,
        learning_rate=LEARNING_RATE,
        warmup_steps=WARMUP_STEPS,
        seed=seed,
        description="teacher",
    )
    card = {
        "sentences": len(examples),
        "steps": steps,
        "epochs": epochs,
        "seed": seed,
        "seconds": round(seconds),
        "case_types": CASE_TYPES,
    }
    save_fine_tuned(model, tokenizer, out_dir, TEACHER_RECORD, card)
    return TeacherResult(out_dir, len(examples), steps, seconds)


def case_type(word: str) -> int:
    """The word's case as a token type (:data:`CASE_TYPES`)."""
    letters = [char for char in word if char.isalpha()]
    if not any(char.isupper() for char in letters):
        return 0
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return 2
    return 1 if letters[0].isupper() and not any(char.isupper() for char in letters[1:]) else 3


def with_case_types(model: Any) -> Any:
    """``model`` with :data:`CASE_TYPES` token-type rows, each a copy of the pretrained first row."""
    import torch

    embeddings = model.base_model.embeddings
    pretrained = embeddings.token_type_embeddings.weight.detach()[0]
    rows = torch.nn.Embedding(CASE_TYPES, pretrained.shape[0])
    with torch.no_grad():
        rows.weight.copy_(pretrained.expand(CASE_TYPES, -1))
    embeddings.token_type_embeddings = rows
    model.config.type_vocab_size = CASE_TYPES
    return model


def _case_rows(encoded: Any, sentences: Sequence[Sequence[str]], caseless: Sequence[bool]) -> Any:
    """Token types for a tokenised batch: each word piece gets its word's :func:`case_type`."""
    import torch

    rows = []
    for row, words in enumerate(sentences):
        types = [0 if word is None or caseless[row] else case_type(words[word]) for word in encoded.word_ids(row)]
        rows.append(types)
    return torch.tensor(rows)


def _is_caseless(words: Sequence[str]) -> bool:
    return zlib.crc32(" ".join(words).encode("utf-8")) % CASELESS_SHARE == 0


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _encode(tokenizer: Any, batch: Sequence[Example]) -> Any:
    import torch

    encoded = tokenizer(
        [words for words, _ in batch],
        is_split_into_words=True,
        truncation=True,
        max_length=MAX_PIECES,
        padding=True,
        return_tensors="pt",
    )
    index = {label: i for i, label in enumerate(LABELS)}
    rows = []
    for row, (_, tags) in enumerate(batch):
        previous, labels = None, []
        for word in encoded.word_ids(row):
            first_piece = word is not None and word != previous
            tag = tags[word] if first_piece else None  # type: ignore[index]
            labels.append(IGNORED if tag is None else index[tag])
            previous = word
        rows.append(labels)
    encoded["labels"] = torch.tensor(rows)
    sentences = [words for words, _ in batch]
    encoded["token_type_ids"] = _case_rows(encoded, sentences, [_is_caseless(words) for words in sentences])
    return encoded


def label_sentences(model_dir: Path, sentences: Sequence[Sequence[str]], batch: int = 32) -> list[list[str]]:
    """IOB tags per word for each sentence, by the teacher saved in ``model_dir`` (see :class:`Teacher`)."""
    return Teacher(model_dir).label(sentences, batch=batch)


def teacher_record(folder: Path) -> dict[str, Any]:
    """The record a NER teacher folder keeps (epochs, seed, case types...; an ensemble's members); empty when
    absent."""
    record = folder / TEACHER_RECORD
    return json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}


def is_teacher_folder(folder: Path) -> bool:
    """True for a folder of `unspin train ner-teacher` or `ner-ensemble`: its record marks it, as
    :func:`unspin.core_model.load_core` reads it."""
    return (folder / TEACHER_RECORD).is_file()


def member_folders(folder: Path) -> list[Path]:
    """The trained teachers behind a teacher folder: the folder itself, or an ensemble's members."""
    members = teacher_record(folder).get("members")
    return [folder] if members is None else [(folder / member["folder"]).resolve() for member in members]


def write_ensemble(out_dir: Path, members: Sequence[Path]) -> dict[str, Any]:
    """Join trained teachers into one teacher folder at ``out_dir`` whose :class:`Teacher` averages their label
    probabilities; the folder records each member's path (relative to it) and record. Two seeds' average names
    GUM dev's edited prose better than either (0.756 with gold sentences against 0.737 and 0.748), Universal
    NER's web text no better (decision 0002 item 26)."""
    if len(members) < 2:
        raise InputError("an ensemble needs two teachers or more", fix="pass --members T1 T2 [...]")
    for member in members:
        if not (member / "config.json").is_file():
            raise InputError(f"not a trained NER teacher: {member}", fix="train it with `unspin train ner-teacher`")
    out_dir.mkdir(parents=True, exist_ok=True)
    record = {
        "members": [
            {"folder": os.path.relpath(member.resolve(), out_dir.resolve()), **teacher_record(member)}
            for member in members
        ]
    }
    (out_dir / TEACHER_RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def teacher_summary(record: dict[str, Any]) -> str:
    """A teacher's record in words for model cards ("3 epochs, seed 0, each word's case given as one of 4 token
    types"), or an ensemble's members in turn."""
    members = record.get("members")
    if members:
        return f"an ensemble of {len(members)} averaging their probabilities: " + "; ".join(
            teacher_summary(member) for member in members
        )
    case = f", each word's case given as one of {record['case_types']} token types" if "case_types" in record else ""
    return f"{record.get('epochs', '?')} epochs, seed {record.get('seed', '?')}{case}"


class Teacher:
    """A trained teacher (or an ensemble of them: see :func:`write_ensemble`), loaded once, that tags words."""

    def __init__(self, model_dir: Path) -> None:
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        folders = member_folders(model_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(folders[0])
        self.models = [AutoModelForTokenClassification.from_pretrained(folder).eval() for folder in folders]
        # teachers of runs 10 and 11 read no case
        kinds = {
            (tuple(model.config.id2label[i] for i in range(model.config.num_labels)), model.config.type_vocab_size)
            for model in self.models
        }
        if len(kinds) > 1:
            raise InputError(
                f"the ensemble's teachers differ in labels or case: {', '.join(map(str, folders))}",
                fix="join teachers trained by the same `unspin train ner-teacher` recipe",
            )
        labels, token_types = kinds.pop()
        self.labels, self.cased = list(labels), token_types == CASE_TYPES

    def label(self, sentences: Sequence[Sequence[str]], *, batch: int = 32, progress: bool = True) -> list[list[str]]:
        """IOB tags per word for each sentence.

        Long sentences are labelled in windows of :data:`LABEL_WORDS` words. Each word's tag comes from its first
        word piece's probabilities (an ensemble's mean) through :func:`tags_by_type`, and no name starts or ends
        with a function word (:func:`without_edge_words`); e-mail and web addresses are never names (neither GUM
        nor Universal NER marks them), whatever the teacher says.
        """
        import torch

        windows = [
            (index, start, list(words[start : start + LABEL_WORDS]))
            for index, words in enumerate(sentences)
            for start in range(0, max(len(words), 1), LABEL_WORDS)
        ]
        probabilities: list[list[Sequence[float]]] = [[()] * len(words) for words in sentences]
        chunks = list(_batches(windows, batch))
        with torch.no_grad():
            for chunk in tracked(chunks, "silver names") if progress else chunks:
                texts = [words for _, _, words in chunk]
                encoded = self.tokenizer(
                    texts, is_split_into_words=True, truncation=True, padding=True, max_length=256, return_tensors="pt"
                )
                if self.cased:
                    encoded["token_type_ids"] = _case_rows(encoded, texts, [False] * len(texts))
                scores = torch.stack([model(**encoded).logits.softmax(-1) for model in self.models]).mean(0).tolist()
                for row, (index, start, _) in enumerate(chunk):
                    previous = None
                    for position, word in enumerate(encoded.word_ids(row)):
                        if word is not None and word != previous:
                            probabilities[index][start + word] = scores[row][position]
                        previous = word
        for words, rows in zip(sentences, probabilities, strict=True):
            for position, text in enumerate(words):
                if is_address_word(text):
                    rows[position] = ()
        return [
            without_edge_words(words, tags_by_type(rows, self.labels))
            for words, rows in zip(sentences, probabilities, strict=True)
        ]


TEACHER_FACTORY = "unspin_ner_teacher"


def teacher_pipeline(model_dir: Path) -> Language:
    """A spaCy pipeline whose only component is the teacher, naming entities as the core does, so that
    ``unspin eval ner --core TEACHER_FOLDER`` scores the teacher alone (no rulers: they need a ``ner``)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe(TEACHER_FACTORY, name="teacher", config={"model_dir": str(model_dir)})
    return nlp


class TeacherComponent:
    """Sets a Doc's entities from the teacher's tags: each sentence apart when sentence (or paragraph) starts
    are set, else the whole Doc as one run of words (in windows)."""

    def __init__(self, teacher: Teacher) -> None:
        self.teacher = teacher

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        parts = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        tags = self.teacher.label([[token.text for token in part] for part in parts], progress=False)
        entities = []
        for part, row in zip(parts, tags, strict=True):
            for start, end, label in sorted(iob2_spans([tag or "O" for tag in row])):
                entities.append(Span(doc, part.start + start, part.start + end, label=label))
        doc.ents = entities
        return doc


@component_factory(TEACHER_FACTORY)
def _teacher_component(nlp: Language, name: str, model_dir: str) -> TeacherComponent:
    return TeacherComponent(Teacher(Path(model_dir)))


SURE_OUTSIDE = 0.9
"""A silver word is "O" only when the teacher gives "O" at least this probability; below it, and not a name,
its tag is missing (""), so the student is not taught that a word the teacher half suspects is no name. Run 8's
silver text (1.06M words) had no GROUP or EVENT name at all: the teacher gives "Americans" 0.74 "O" and
"Republicans" 0.59, and the core learnt from it to tag no group or event (GUM dev F1 0 for both)."""


def tags_by_type(
    word_probabilities: Sequence[Sequence[float]], labels: Sequence[str], sure_outside: float = SURE_OUTSIDE
) -> list[str]:
    """IOB tags from per-word label probabilities, deciding each word's *type* first and boundaries second.

    A word's type is the likeliest of "O" and each entity type, a type's probability being its ``B-`` plus
    its ``I-`` label's; consecutive words of one type form one name. A teacher trained for one epoch on a
    few thousand names is sure that "Aires" in "Buenos Aires" is a place but splits its vote between
    ``B-PLACE`` and ``I-PLACE``, and a per-label argmax then cuts the name in two; in the gold names the
    teacher learns from, two names of one type side by side are rare (under 3%), so merging them costs
    little. A word typed "O" with less than ``sure_outside`` of it is missing (""). Words with no probabilities
    (beyond the labelled windows, or addresses) are "O".
    """
    tags: list[str] = []
    for probabilities in word_probabilities:
        by_type: dict[str, float] = {}
        for label, probability in zip(labels, probabilities, strict=False):
            kind = label.partition("-")[2] or label
            by_type[kind] = by_type.get(kind, 0.0) + probability
        kind = max(by_type, key=lambda name: by_type[name]) if by_type else "O"
        if kind == "O":
            tags.append("O" if by_type.get("O", 1.0) >= sure_outside else "")
        else:
            continues = bool(tags) and tags[-1][2:] == kind  # "O" and a missing tag ("") continue nothing
            tags.append(("I-" if continues else "B-") + kind)
    return tags


def without_edge_words(words: Sequence[str], tags: Sequence[str]) -> list[str]:
    """IOB tags with each name's leading and trailing :data:`EDGE_WORDS` taken out of it, their tags missing ("").

    The teacher types each word on its own, so a function word inside a long name sometimes gets a type of
    its own ("United States [of] America" with "of" a person) or a name runs on into one ("Stephen F. Hayes
    of the"): 0.5% of the names run 15 learnt from, and it learnt from them to name "of Defense
    Hazem Shaalan". Such a word is taken out of the name, unlabelled rather than "O" since the teacher took
    it for part of a name; a name of edge words alone goes altogether.
    """
    trimmed = list(tags)
    for start, end, label in iob2_spans([tag or "O" for tag in tags]):
        first, last = start, end
        while first < last and words[first] in EDGE_WORDS:
            first += 1
        while last > first and words[last - 1] in EDGE_WORDS:
            last -= 1
        for position in range(start, end):
            if not first <= position < last:
                trimmed[position] = ""
        if first < last:
            trimmed[first] = f"B-{label}"
    return trimmed


def silver_layer(model_dir: Path, sources: CoreSources, *, sample: int | None = None) -> dict[str, list[str]]:
    """Teacher-labelled names for the treebanks' *train* sentences that have no gold names (EWT's), in the
    format of :func:`unspin.train.core_data.read_entity_layer` (sent_id -> forms, then one tag per word)."""
    from unspin.train.core_data import read_entity_layer, read_sentences

    gold = read_entity_layer(sources.entity_files())
    sentences = [
        sentence
        for path in sources.treebank_files("train")
        for sentence in read_sentences(path, sample)
        if sentence.sent_id not in gold
    ]
    forms = [[word.form for word in sentence.words] for sentence in sentences]
    tags = label_sentences(model_dir, forms)
    return {s.sent_id: [" ".join(words), *row] for s, words, row in zip(sentences, forms, tags, strict=True)}
