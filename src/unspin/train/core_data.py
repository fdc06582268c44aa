"""Training data for the core pipeline: UD treebanks and the GUM entity layer turned into spaCy DocBins.

Syntax (words, spaces, XPOS, UPOS, morphology, lemmas, dependencies, sentence starts) comes from the
Universal Dependencies CoNLL-U files. Named entities come from GUM's coreference/entity layer (MISC
``Entity=`` in CorefUD bracket notation), where every mention of every entity is marked, names or not; only
*named* mentions become NER spans, trimmed to the name itself, so the labels follow the usual NER convention
("the United States" -> "United States", "US President Donald Trump" -> "US" and "Donald Trump").

Sentences without entity annotation (EWT) keep their NER labels *missing*, not "outside", so they teach the
parser and taggers without teaching the recogniser that they contain no names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from unspin.conllu import Mention, Sentence, Word, entity_mentions, has_entity_layer, read_conllu, split_documents
from unspin.names import EDGE_WORDS, after_titles

NER_LABELS = ("PERSON", "ORG", "PLACE", "GROUP", "EVENT")

GUM_TYPES: Mapping[str, str] = {"person": "PERSON", "organization": "ORG", "place": "PLACE", "event": "EVENT"}
"""GUM entity types kept as named entities; a plural person name ("Americans", "the Democrats") is a GROUP."""

NAME_LINKS = frozenset({"of", "the", "&", "for", "de", "du", "la", "von", "van", "-"})
"""Lower-case words that may sit inside a multi-word name between proper nouns ("Bank of America")."""

DOC_CHUNK_SENTENCES = 10
"""Training documents are cut into chunks of this many sentences, so the parser sees sentence boundaries."""


@dataclass(frozen=True)
class NamedSpan:
    """A named-entity span as word indices [start, end) within its sentence."""

    start: int
    end: int
    label: str


def mention_head(sentence: Sentence, mention: Mention) -> int:
    """The syntactic head of a mention: its first word whose head lies outside the mention."""
    for index in range(mention.start, mention.end):
        head = sentence.words[index].head - 1
        if not mention.start <= head < mention.end:
            return index
    return mention.start


NAME_MODIFIER_POS = frozenset({"ADJ", "VERB", "NOUN"})
"""Parts of speech that belong to a name when capitalised beside a proper noun ("United States", "Red Cross")."""


def _is_name_word(word: Word) -> bool:
    return word.upos == "PROPN" or (word.upos in NAME_MODIFIER_POS and word.form[:1].isupper())


def _name_extent(sentence: Sentence, mention: Mention, head: int) -> tuple[int, int]:
    """The run of proper nouns around the head, bridging lower-case name links ("Bank of America")."""
    words = sentence.words
    start, end = head, head + 1
    while start > mention.start and _is_name_word(words[start - 1]):
        start -= 1
    while end < mention.end:
        if _is_name_word(words[end]):
            end += 1
            continue
        probe = end
        while probe < mention.end and words[probe].form.lower() in NAME_LINKS:
            probe += 1
        if probe > end and probe < mention.end and _is_name_word(words[probe]):
            end = probe + 1
            continue
        break
    return start, end


def named_label(sentence: Sentence, mention: Mention, head: int) -> str | None:
    """Our NER label for a mention, or None when it is not a name of a kept type.

    A mention is named when its head is a proper noun. A person mention headed by a plural proper noun or
    by an adjective ("Americans", "the French") names a group.
    """
    label = GUM_TYPES.get(mention.attrs.get("etype", ""))
    if label is None:
        return None
    word = sentence.words[head]
    plural = "Number=Plur" in word.feats
    if label == "PERSON" and (word.upos == "ADJ" or (word.upos == "PROPN" and plural)):
        return "GROUP" if word.form[:1].isupper() and head > 0 else None
    return label if word.upos == "PROPN" else None


def after_modifiers(candidates: Iterable[tuple[int, int, int, str]], start: int, end: int, head: int) -> int:
    """Skip a nested name at the left edge of a person's mention that does not hold its head: a modifier ("US"
    in "US President X", "NASA" in "NASA Administrator X").

    Only persons: in any other name a nested name at the left edge is part of it ("Durham University",
    "Tampa Bay", "FIFA World Cup"), and cutting it there split about 260 GUM names in two (decision 0002, item 22).
    """
    for other_start, other_end, _, _ in candidates:
        if other_start == start and other_end <= head and (other_start, other_end) != (start, end):
            start = max(start, other_end)
    return start


def named_spans(sentence: Sentence) -> list[NamedSpan]:
    """The non-overlapping named-entity spans of a sentence, trimmed to the names."""
    candidates: list[tuple[int, int, int, str]] = []
    for mention in entity_mentions([sentence]):
        head = mention_head(sentence, mention)
        label = named_label(sentence, mention, head)
        if label is None:
            continue
        if sentence.words[head].upos == "ADJ":
            start, end = head, head + 1
        else:
            start, end = _name_extent(sentence, mention, head)
        candidates.append((start, end, head, label))
    forms = [word.form for word in sentence.words]
    trimmed = []
    for start, end, head, label in candidates:
        if label == "PERSON":
            start = after_modifiers(candidates, start, end, head)
            start = after_titles(forms, start, end)
            if forms[start] in EDGE_WORDS:
                continue  # a role, not a name: "President [of the United States]" once its title is cut off
        trimmed.append((start, end, label))
    chosen: list[NamedSpan] = []
    for start, end, label in sorted(trimmed, key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= span.start or start >= span.end for span in chosen):
            chosen.append(NamedSpan(start, end, label))
    return sorted(chosen, key=lambda span: span.start)


def iob_tags(sentence: Sentence, spans: Iterable[NamedSpan]) -> list[str]:
    """IOB tags ("B-PERSON", "I-PERSON", "O") for the words of a sentence."""
    tags = ["O"] * len(sentence.words)
    for span in spans:
        tags[span.start] = f"B-{span.label}"
        for index in range(span.start + 1, span.end):
            tags[index] = f"I-{span.label}"
    return tags


def read_entity_layer(paths: Iterable[Path]) -> dict[str, list[str]]:
    """IOB tags by sent_id from GUM entity files, with the forms joined as a check key."""
    layer: dict[str, list[str]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            sentences = list(read_conllu(handle))
        if not has_entity_layer(sentences):
            continue
        for sentence in sentences:
            forms = " ".join(word.form for word in sentence.words)
            layer[sentence.sent_id] = [forms, *iob_tags(sentence, named_spans(sentence))]
    return layer


def group_documents(sentences: Iterable[Sentence], chunk: int = DOC_CHUNK_SENTENCES) -> Iterator[list[Sentence]]:
    """Consecutive sentences of one document, at most ``chunk`` at a time."""
    group: list[Sentence] = []
    for sentence in sentences:
        if group and (sentence.doc_id != group[0].doc_id or len(group) >= chunk):
            yield group
            group = []
        group.append(sentence)
    if group:
        yield group


def to_doc(vocab: Vocab, sentences: list[Sentence], entities: Mapping[str, list[str]] | None = None) -> Doc:
    """One spaCy training Doc from consecutive sentences; NER stays missing where no entity tags are known."""
    words: list[str] = []
    spaces: list[bool] = []
    heads: list[int] = []
    deps: list[str] = []
    sent_starts: list[bool] = []
    ents: list[str] = []
    for sentence in sentences:
        offset = len(words)
        tags = None
        if entities is not None and sentence.sent_id in entities:
            forms, *tags = entities[sentence.sent_id]
            if forms != " ".join(word.form for word in sentence.words):
                tags = None
        for index, word in enumerate(sentence.words):
            words.append(word.form)
            spaces.append(word.space_after)
            heads.append(offset + (word.head - 1 if word.head else index))
            deps.append("ROOT" if word.head == 0 else word.deprel)
            sent_starts.append(index == 0)
            ents.append(tags[index] if tags else "")
    all_words = [word for sentence in sentences for word in sentence.words]
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=[word.xpos for word in all_words],
        pos=[word.upos for word in all_words],
        morphs=[word.feats for word in all_words],
        lemmas=[word.lemma for word in all_words],
        heads=heads,
        deps=deps,
        sent_starts=sent_starts,
        ents=ents if any(ents) else None,
    )


@dataclass(frozen=True)
class CoreSources:
    """Where the core pipeline's training data lives, relative to the shared data folder."""

    data_root: Path
    treebanks: tuple[str, ...] = ("ud-english-ewt", "ud-english-gum")
    entity_dir: str = "gum/dep"
    gum_splits: str = "gum/splits.md"
    meantime_dir: str | None = "meantime"
    """NER-only training articles (see :mod:`unspin.train.meantime`); None leaves them out."""

    def treebank_files(self, split: str) -> list[Path]:
        files = [
            path for name in self.treebanks for path in sorted((self.data_root / name).glob(f"*-ud-{split}.conllu"))
        ]
        if not files:
            raise FileNotFoundError(f"no *-ud-{split}.conllu files under {self.data_root} for {self.treebanks}")
        return files

    def entity_files(self) -> list[Path]:
        return sorted((self.data_root / self.entity_dir).glob("*.conllu"))

    def meantime_files(self) -> list[Path]:
        """MEANTIME articles (training only); an error when the folder is configured but holds none."""
        from unspin.train.meantime import meantime_files

        if self.meantime_dir is None:
            return []
        files = meantime_files(self.data_root / self.meantime_dir)
        if not files:
            raise FileNotFoundError(f"no MEANTIME articles under {self.data_root / self.meantime_dir}")
        return files


def read_sentences(path: Path, sample: int | None = None) -> list[Sentence]:
    """The sentences of a CoNLL-U file, or its first ``sample`` sentences."""
    with path.open(encoding="utf-8") as handle:
        sentences = []
        for sentence in read_conllu(handle):
            if sample is not None and len(sentences) >= sample:
                break
            sentences.append(sentence)
    return sentences


def build_corpus(
    sources: CoreSources,
    out_dir: Path,
    *,
    sample: int | None = None,
    silver: Mapping[str, list[str]] | None = None,
    extra_train_docs: Iterable[Doc] = (),
) -> dict[str, Path]:
    """Write ``train.spacy`` and ``dev.spacy`` under ``out_dir`` and return their paths.

    ``sample`` keeps only the first N sentences of each treebank file and the first Doc of each MEANTIME
    article (for quick runs and tests). MEANTIME goes to ``train`` only. ``silver`` adds names for sentences
    without gold ones (:func:`unspin.train.ner_teacher.silver_layer`); gold names win, and silver names for a
    dev sentence are refused. ``extra_train_docs`` are more training Docs, each with the annotation it has
    (silver trees, :mod:`unspin.train.silver_trees`; silver names on news text, :mod:`unspin.train.silver_names`).
    Raises ValueError when a development document also occurs in training data.
    """
    from unspin.train.meantime import article_docs, read_article

    entities = {**(silver or {}), **read_entity_layer(sources.entity_files())}
    vocab = Vocab()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    doc_ids: dict[str, set[str]] = {}
    for split in ("train", "dev"):
        docbin = DocBin(store_user_data=False)
        doc_ids[split] = set()
        for path in sources.treebank_files(split):
            sentences = read_sentences(path, sample)
            if split == "dev" and silver and any(sentence.sent_id in silver for sentence in sentences):
                raise ValueError(f"silver names for development sentences of {path.name}")
            doc_ids[split].update(sentence.doc_id for sentence in sentences if sentence.doc_id)
            for group in group_documents(sentences):
                docbin.add(to_doc(vocab, group, entities))
        if split == "train":
            for path in sources.meantime_files():
                for doc in list(article_docs(vocab, read_article(path)))[: 1 if sample else None]:
                    docbin.add(doc)
            for doc in extra_train_docs:
                docbin.add(doc)
        paths[split] = out_dir / f"{split}.spacy"
        docbin.to_disk(paths[split])
    leaked = doc_ids["train"] & doc_ids["dev"]
    splits_md = sources.data_root / sources.gum_splits
    if splits_md.exists():
        declared = split_documents(splits_md)
        leaked |= doc_ids["train"] & (declared.get("dev", set()) | declared.get("test", set()))
    if leaked:
        raise ValueError(f"development documents in the training data: {sorted(leaked)[:5]}")
    return paths
