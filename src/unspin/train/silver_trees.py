"""Silver dependency trees: raw news text parsed by the parser teacher, extra training data for the core.

The core's CNN parser learns from ~23,000 gold sentences (EWT, GUM). Distillation gives it many more: the
MiniLM biaffine teacher (:mod:`unspin.train.parser_teacher`) parses the news articles of the shared data that
no evaluation reads (PolNeAR train, the PTC training part), and the recipe trains on those trees beside the
gold ones. Words and sentences come from the shipped core itself (its tokenizer and sentence boundaries),
so the student sees text cut the way it cuts text at run time. Heads and relations are silver, and names too
when the recipe has a NER teacher (:func:`unspin.train.ner_teacher.label_sentences`): without them the NER
would learn from a quarter of the updates only, the silver Docs being three quarters of the data (run 7 of
2026-11-30: GUM dev names F1 57.5 against 62.1 at the same step). Tags, lemmas and morphology stay missing,
so those components learn from gold data alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.evaluate.progress import tracked

DOC_SENTENCES = 20
"""Silver sentences per training Doc (the gold Docs hold up to this many too)."""
MAX_WORDS = 120
"""Longer sentences (tables, lists run together) are left out."""


@dataclass(frozen=True)
class SilverSentence:
    words: tuple[str, ...]
    spaces: tuple[bool, ...]


def raw_news_texts(data_root: Path, limit: int | None = None) -> list[str]:
    """The texts no evaluation reads: PolNeAR train articles and the PTC training part (``limit``: the first N
    of each, for quick runs)."""
    from unspin.evaluate.polnear import load_articles
    from unspin.evaluate.ptc import load_ptc

    polnear = [a.text for a in load_articles(Path(data_root) / "polnear" / "data" / "train", limit)]
    ptc = [a.text for a in load_ptc(Path(data_root) / "ptc", "training")[:limit]]
    return polnear + ptc


def news_sentences(
    data_root: Path, core: str | None = None, sample: int | None = None, description: str = "silver trees: sentences"
) -> list[SilverSentence]:
    """The raw news text's sentences as ``core`` (default: the shipped one) cuts them; ``sample`` keeps the first
    N articles of each source and the first N sentences (quick runs)."""
    from unspin.core_model import load_core

    sentences = split_sentences(raw_news_texts(data_root, limit=sample), load_core(core), description)
    return sentences[:sample] if sample else sentences


def split_sentences(
    texts: Sequence[str], nlp: Any, description: str = "silver trees: sentences"
) -> list[SilverSentence]:
    """The texts' sentences as the core cuts them, without line breaks and over-long sentences."""
    sentences = []
    for doc in nlp.pipe(tracked(texts, description), batch_size=16):
        for sentence in doc.sents:
            tokens = [t for t in sentence if not t.is_space]
            if 1 < len(tokens) <= MAX_WORDS:
                sentences.append(
                    SilverSentence(tuple(t.text for t in tokens), tuple(bool(t.whitespace_) for t in tokens))
                )
    return sentences


def silver_docs(
    vocab: Vocab, sentences: Sequence[SilverSentence], teacher: Path, names: Sequence[Sequence[str]] | None = None
) -> Iterator[Doc]:
    """Training Docs of :data:`DOC_SENTENCES` sentences each, with the teacher's heads and relations, and the
    sentences' IOB name tags when ``names`` gives them (one list per sentence; else names stay missing)."""
    from unspin.train.parser_teacher import load_teacher, parse

    if names is not None and len(names) != len(sentences):
        raise ValueError(f"{len(names)} name taggings for {len(sentences)} sentences")
    model, tokenizer = load_teacher(teacher)
    trees = parse(model, tokenizer, [s.words for s in sentences], description="silver trees: parsing")
    for start in range(0, len(sentences), DOC_SENTENCES):
        words: list[str] = []
        spaces: list[bool] = []
        heads: list[int] = []
        deps: list[str] = []
        starts: list[bool] = []
        chunk = slice(start, start + DOC_SENTENCES)
        tags = [tag for sentence_tags in names[chunk] for tag in sentence_tags] if names is not None else None
        for sentence, tree in zip(sentences[chunk], trees[chunk], strict=True):
            offset = len(words)
            for index, (word, space, head, relation) in enumerate(
                zip(sentence.words, sentence.spaces, tree.heads, tree.relations, strict=True)
            ):
                words.append(word)
                spaces.append(space)
                heads.append(offset + (head - 1 if head else index))
                deps.append("ROOT" if head == 0 else relation)
                starts.append(index == 0)
        yield Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, sent_starts=starts, ents=tags)
