"""Named entities from NewsReader MEANTIME (English Wikinews, CAT XML) as NER-only spaCy training Docs.

MEANTIME marks entity mentions (``ENTITY_MENTION``, with a ``syntactic_type``) and links each to an entity
(``REFERS_TO`` -> ``ENTITY`` with ``ent_type`` PER, ORG, LOC, PRO or FIN). Only *named* mentions become NER
spans: syntactic type NAM (a name heading its phrase) or PRE.NAM (a name used as a modifier, "US" in "US
airtanker contract"), of types PER / ORG / LOC, mapped to PERSON / ORG / PLACE. A mention spans its whole
noun phrase ("Irish national airline Aer Lingus", "Singapore Airlines ( SIA"), so it is trimmed to the name:
the phrase is cut where its post-modifier starts (a comma, a bracket, a preposition), and the last run of
capitalised words before the cut is kept, without leading titles ("Senator John McCain" -> "John McCain").
A lone title ("the Prime Minister of Singapore") or a lone place adjective ("European aircraft") is no name.

MEANTIME does not mark every name: entities were annotated as participants of the annotated events, so many
names ("Apple" as a bare modifier, months, other companies) carry no mention. The Docs therefore mark a token
"outside" only when it cannot start a name (it is not capitalised); capitalised words outside the kept
spans, and the words of named mentions whose type is unknown, stay *missing*. Sentences after the last
annotated one are dropped. Tags, lemmas, morphology, heads and sentence starts are all missing (no parse).

The shared copy holds two of MEANTIME's four topics (Airbus, Apple): it is used for training only.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

from unspin.demonyms import lookup_demonym
from unspin.names import after_titles, title_at
from unspin.train.core_data import DOC_CHUNK_SENTENCES, NAME_LINKS, NamedSpan

MEANTIME_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
NAMED_SYNTAX = frozenset({"NAM", "PRE.NAM"})
SKIPPED_TYPES = frozenset({"PRO", "FIN"})
"""Products and financial entities: not our labels, so their names are left to the capitalisation rule."""

POSTMODIFIER_START = frozenset({"(", ",", ";", ":", "in", "at", "on", "from", "with", "near", "who", "which", "that"})
"""Words that end a name's noun phrase when they follow it ("the California Theater in downtown San Jose")."""

JOINERS = NAME_LINKS | {"and"}
"""Lower-case words that stay inside a name between capitalised words ("Defence and Space Company")."""

LEADING_ARTICLES = frozenset({"The", "A", "An"})

ADJECTIVE_ENDINGS = ("ean", "ian", "ese")
"""Endings of place adjectives missing from the demonym table ("European", "Caucasian", "Lebanese")."""

NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "%", "'s", "'", "n't", "’s", "'re", "'ve", "'ll", "'d"})
NO_SPACE_AFTER = frozenset({"(", "$", "#"})


@dataclass(frozen=True)
class Article:
    """One MEANTIME article: its sentences' words and the named spans in each (word indices per sentence)."""

    doc_id: str
    sentences: tuple[tuple[str, ...], ...]
    spans: tuple[tuple[NamedSpan, ...], ...]
    unknown: tuple[frozenset[int], ...]
    """Per sentence, words of named mentions that could not be labelled: their NER value stays missing."""


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def name_extent(forms: Sequence[str], start: int, end: int, label: str) -> tuple[int, int] | None:
    """The name inside the mention ``forms[start:end]``, or None when the phrase holds no capitalised word."""
    cut = end
    for index in range(start + 1, end):
        if forms[index] in POSTMODIFIER_START and any(_is_capitalised(word) for word in forms[start:index]):
            cut = index
            break
    runs: list[tuple[int, int]] = []
    index = start
    while index < cut:
        if not _is_capitalised(forms[index]):
            index += 1
            continue
        run_end = index + 1
        while run_end < cut:
            if _is_capitalised(forms[run_end]):
                run_end += 1
                continue
            probe = run_end
            while probe < cut and forms[probe] in JOINERS:
                probe += 1
            if probe > run_end and probe < cut and _is_capitalised(forms[probe]):
                run_end = probe + 1
                continue
            break
        runs.append((index, run_end))
        index = run_end
    if not runs:
        return None
    name_start, name_end = runs[-1]
    while name_end - name_start > 1 and forms[name_start] in LEADING_ARTICLES:
        name_start += 1
    if label == "PERSON":
        name_start = after_titles(list(forms), name_start, name_end)
    words = forms[name_start:name_end]
    if not _is_capitalised(words[0]) or _is_title(words) or (label != "PERSON" and _is_adjectival(words)):
        return None
    return name_start, name_end


def _is_title(words: Sequence[str]) -> bool:
    title = title_at(words, 0)
    return title is not None and len(title.words) == len(words)


def _is_adjectival(words: Sequence[str]) -> bool:
    """A lone demonym-like adjective ("Indonesian air traffic", "European aircraft"): a modifier, not a name."""
    return len(words) == 1 and (lookup_demonym(words[0]) is not None or words[0].endswith(ADJECTIVE_ENDINGS))


def _choose(candidates: list[tuple[int, int, str]]) -> tuple[NamedSpan, ...]:
    """Non-overlapping spans, longer ones first (the same rule as the GUM conversion)."""
    chosen: list[NamedSpan] = []
    for start, end, label in sorted(set(candidates), key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= span.start or start >= span.end for span in chosen):
            chosen.append(NamedSpan(start, end, label))
    return tuple(sorted(chosen, key=lambda span: span.start))


def _section(root: ET.Element, name: str) -> ET.Element:
    found = root.find(name)
    return found if found is not None else ET.Element(name)


def read_article(path: Path) -> Article:
    """Parse one MEANTIME CAT-XML file into words, named spans and unlabelled name words per sentence."""
    root = ET.parse(path).getroot()
    position: dict[str, tuple[int, int]] = {}
    sentences: list[list[str]] = []
    for token in root.iter("token"):
        sentence = int(token.get("sentence", "0"))
        while len(sentences) <= sentence:
            sentences.append([])
        position[token.get("t_id", "")] = (sentence, len(sentences[sentence]))
        sentences[sentence].append(token.text or "")
    markables, relations = _section(root, "Markables"), _section(root, "Relations")
    entity_type = {entity.get("m_id"): entity.get("ent_type", "") for entity in markables.iter("ENTITY")}
    refers: dict[str | None, str] = {}
    for relation in relations.iter("REFERS_TO"):
        target = relation.find("target")
        for source in relation.iter("source"):
            refers[source.get("m_id")] = entity_type.get(target.get("m_id") if target is not None else None, "")
    candidates: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    unknown: list[set[int]] = [set() for _ in sentences]
    last = -1
    for mention in markables.iter("ENTITY_MENTION"):
        anchors = [position[a.get("t_id", "")] for a in mention.iter("token_anchor") if a.get("t_id") in position]
        if not anchors:
            continue
        sentence = anchors[0][0]
        last = max(last, sentence)
        if mention.get("syntactic_type") not in NAMED_SYNTAX:
            continue
        start, end = anchors[0][1], anchors[-1][1] + 1
        ent_type = refers.get(mention.get("m_id"), "")
        label = MEANTIME_TYPES.get(ent_type)
        extent = name_extent(sentences[sentence], start, end, label) if label else None
        if label and extent is not None:
            candidates[sentence].append((*extent, label))
        elif ent_type not in SKIPPED_TYPES:
            unknown[sentence].update(range(start, end))
    keep = last + 1
    return Article(
        doc_id=root.get("doc_id", path.stem),
        sentences=tuple(tuple(words) for words in sentences[:keep]),
        spans=tuple(_choose(found) for found in candidates[:keep]),
        unknown=tuple(frozenset(words) for words in unknown[:keep]),
    )


def ner_values(words: Sequence[str], spans: Sequence[NamedSpan], unknown: frozenset[int]) -> list[str]:
    """IOB values for one sentence: the spans, "O" for words that cannot start a name, "" (missing) otherwise."""
    values = ["" if _is_capitalised(word) or index in unknown else "O" for index, word in enumerate(words)]
    for span in spans:
        values[span.start] = f"B-{span.label}"
        for index in range(span.start + 1, span.end):
            values[index] = f"I-{span.label}"
    return values


def spaces_after(words: Sequence[str]) -> list[bool]:
    """Whether each word is followed by a space, guessed from the words (MEANTIME keeps no whitespace)."""
    return [
        index + 1 < len(words) and word not in NO_SPACE_AFTER and words[index + 1] not in NO_SPACE_BEFORE
        for index, word in enumerate(words)
    ]


def article_docs(vocab: Vocab, article: Article, chunk: int = DOC_CHUNK_SENTENCES) -> Iterator[Doc]:
    """NER-only training Docs of ``chunk`` sentences each (everything but the entities missing)."""
    for first in range(0, len(article.sentences), chunk):
        words: list[str] = []
        spaces: list[bool] = []
        ents: list[str] = []
        for index in range(first, min(first + chunk, len(article.sentences))):
            sentence = article.sentences[index]
            words.extend(sentence)
            spaces.extend([*spaces_after(sentence)[:-1], True])
            ents.extend(ner_values(sentence, article.spans[index], article.unknown[index]))
        if words:
            yield Doc(vocab, words=words, spaces=spaces, ents=ents)


def meantime_files(folder: Path) -> list[Path]:
    """The English MEANTIME articles under ``folder`` (one ``corpus_<topic>`` folder per topic)."""
    return sorted(folder.glob("corpus_*/*.xml"))
