"""Silver names on raw news text: more examples for the core's name recogniser than the gold data holds.

The recogniser learns from ~6,000 GUM sentences with gold names and the EWT training sentences the NER teacher
labels (:func:`unspin.train.ner_teacher.silver_layer`). Distillation works better the more text the student
sees labelled by its teacher: here the news articles no evaluation reads (PolNeAR train, the PTC training part;
:func:`unspin.train.silver_trees.raw_news_texts`), cut into words and sentences by a core pipeline, so the student
sees text cut as it cuts it at run time, and labelled by the teacher. The Docs carry names and sentence starts
only; a word the teacher is unsure is outside a name stays missing (:data:`unspin.train.ner_teacher.SURE_OUTSIDE`).

`unspin train news-names` writes them once to a DocBin with a card beside it; `unspin train ner --news-names`
trains on them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from unspin.train.silver_trees import DOC_SENTENCES, SilverSentence

CARD_SUFFIX = ".card.json"
"""The card of a news-names DocBin sits beside it: ``news.spacy`` -> ``news.spacy.card.json``."""


def name_docs(vocab: Vocab, sentences: Sequence[SilverSentence], names: Sequence[Sequence[str]]) -> Iterator[Doc]:
    """Training Docs of :data:`DOC_SENTENCES` sentences each, with sentence starts and IOB name tags ("" for a
    missing tag) and nothing else."""
    if len(names) != len(sentences):
        raise ValueError(f"{len(names)} name taggings for {len(sentences)} sentences")
    for start in range(0, len(sentences), DOC_SENTENCES):
        chunk = slice(start, start + DOC_SENTENCES)
        words = [word for sentence in sentences[chunk] for word in sentence.words]
        spaces = [space for sentence in sentences[chunk] for space in sentence.spaces]
        starts = [index == 0 for sentence in sentences[chunk] for index in range(len(sentence.words))]
        tags = [tag for row in names[chunk] for tag in row]
        yield Doc(vocab, words=words, spaces=spaces, sent_starts=starts, ents=tags)


def build_news_names(
    out_file: Path, *, teacher: Path, data_root: Path, core: str | None = None, sample: int | None = None
) -> dict[str, Any]:
    """Cut the raw news text with ``core`` (default: the shipped one), label it with the NER ``teacher`` and write
    the Docs to ``out_file`` (a DocBin) with a card beside it; returns the card.

    ``sample`` keeps the first N articles of each source and the first N sentences (quick runs and tests).
    """
    from unspin.train.ner_teacher import label_sentences, teacher_record
    from unspin.train.silver_trees import news_sentences

    started = time.perf_counter()
    sentences = news_sentences(data_root, core, sample, "news names: sentences")
    names = label_sentences(teacher, [sentence.words for sentence in sentences])
    docs = list(name_docs(Vocab(), sentences, names))
    out_file = Path(out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(out_file)
    card = {
        "source": "PolNeAR train and the PTC training part (raw text; no annotation read)",
        "cut_by": core or "the shipped core",
        "sample": sample,
        "teacher": teacher_record(Path(teacher)) or {"folder": str(teacher)},
        "docs": len(docs),
        "sentences": len(sentences),
        "words": sum(len(sentence.words) for sentence in sentences),
        "names": sum(tag.startswith("B-") for row in names for tag in row),
        "missing_words": sum(tag == "" for row in names for tag in row),
        "seconds": round(time.perf_counter() - started, 1),
    }
    card_file(out_file).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def card_file(docbin: Path) -> Path:
    return Path(f"{docbin}{CARD_SUFFIX}")


def read_news_names(docbin: Path, vocab: Vocab) -> tuple[list[Doc], dict[str, Any]]:
    """The Docs of a news-names DocBin and its card (an error naming the command that writes them when absent)."""
    docbin = Path(docbin)
    if not docbin.is_file():
        raise FileNotFoundError(f"no news-names DocBin at {docbin}: write it with `unspin train news-names --out FILE`")
    card = json.loads(card_file(docbin).read_text(encoding="utf-8")) if card_file(docbin).is_file() else {}
    return list(DocBin().from_disk(docbin).get_docs(vocab)), card
