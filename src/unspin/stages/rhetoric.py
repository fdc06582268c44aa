"""Rhetoric by lexicon: cue patterns for the 14 PTC persuasion techniques, widened to the phrase they label.

The cues live in ``data/rhetoric_lexicon.tsv`` (pattern, technique, extent, note). A cue's match is widened
by its extent: a loaded modifier takes the noun phrase after it ("brutal ethnic cleansing campaign"), a
group label takes the modifiers before it ("illegal Armenian armed gangs", "a group of separatists"), a
threat or false dilemma runs to the end of its clause. Scare-quoted terms count as words of a phrase
(“so-called “independence”). One pattern is not lexical: sentences of one passage that open with the same
words ("Only in that case ... Only in that case ...") are Repetition.

Each record is in the voice of the statement whose content holds it, or of the article. Spans with the
same technique that overlap, or are joined by one word, are merged; each technique gets its own record.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from unspin.annotations import Rhetoric, ScareQuote, Sentence, Statement
from unspin.demonyms import lookup_demonym
from unspin.document import Document
from unspin.errors import ModelError
from unspin.quotation import QUOTE_CHARACTERS, find_quotations
from unspin.registry import stage
from unspin.spans import Span

TECHNIQUES = frozenset(
    {
        "Appeal_to_Authority",
        "Appeal_to_fear-prejudice",
        "Bandwagon,Reductio_ad_hitlerum",
        "Black-and-White_Fallacy",
        "Causal_Oversimplification",
        "Doubt",
        "Exaggeration,Minimisation",
        "Flag-Waving",
        "Loaded_Language",
        "Name_Calling,Labeling",
        "Repetition",
        "Slogans",
        "Thought-terminating_Cliches",
        "Whataboutism,Straw_Men,Red_Herring",
    }
)
"""The 14 technique names of SemEval-2020 Task 11 (PTC), spelled as the task spells them."""

Extent = Literal["match", "phrase", "label", "clause"]
EXTENTS: frozenset[str] = frozenset({"match", "phrase", "label", "clause"})

FUNCTION_WORDS = frozenset(
    """a an the this that these those there here and or but nor so yet if then than as of in on at to for from by
    with without into onto over under about after before during since until against between among through
    within across behind near upon via per is are was were be been being am has have had do does did will would
    shall should can could may might must not no he she it they we you i me him her them us my his its our your
    their who whom whose which what when where why how all any each every some such also only just even very
    too more most less least other another""".split()
)
"""Words that end a noun phrase when a phrase is widened over its neighbours."""

GROUP_NOUNS = frozenset({"group", "band", "bunch", "handful", "gang", "pack", "horde", "clique", "gaggle"})
"""Collective nouns that take a label after "of" ("a group of separatists")."""

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_MODIFIER_SUFFIXES = ("al", "ic", "ian", "ish", "ist", "ed", "ous", "ive", "ful", "less", "ary", "ory", "ing", "ese")
_CLAUSE_END = re.compile(r"[.;!?:–—”\"]|\s-\s")
SHORT_QUOTE_WORDS = 3
"""A quoted term this short is read as one word of a phrase ("the notorious “X” campaign")."""
_REPETITION_MIN_WORDS = 3
_REPETITION_WINDOW = 2
_MERGE_GAP = re.compile(r"^\s+(?:[a-z]+\s+)?$")


@dataclass(frozen=True)
class Cue:
    """One lexicon row: a compiled pattern, the technique it signals and how far its span reaches."""

    pattern: re.Pattern[str]
    technique: str
    extent: Extent
    note: str


@cache
def load_lexicon() -> tuple[Cue, ...]:
    """The rows of ``data/rhetoric_lexicon.tsv``, checked and compiled."""
    text = resources.files("unspin.data").joinpath("rhetoric_lexicon.tsv").read_text(encoding="utf-8")
    cues = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        pattern, technique, extent, note = [*line.split("\t"), "", "", ""][:4]
        if technique not in TECHNIQUES or extent not in EXTENTS:
            raise ModelError(
                f"rhetoric_lexicon.tsv line {number}: unknown technique {technique!r} or extent {extent!r}.",
                fix=f"Use one of {sorted(TECHNIQUES)} and one of {sorted(EXTENTS)}.",
            )
        compiled = re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)
        cues.append(Cue(compiled, technique, extent, note))  # type: ignore[arg-type]
    return tuple(cues)


def is_modifier(word: str) -> bool:
    """Whether ``word`` can stand before a noun: a demonym, a name, or a word with an adjective ending.

    A quoted name modifies the noun after it (the “Tiger” unit); a quoted common noun is the doubted head.
    """
    bare = word.strip("".join(QUOTE_CHARACTERS))
    if not bare:
        return False
    if bare[0].isupper():
        return True
    if word[0] in QUOTE_CHARACTERS:
        return False
    return "-" in bare or bare.lower().endswith(_MODIFIER_SUFFIXES) or lookup_demonym(bare) is not None


def _next_token(text: str, position: int, limit: int, quoted: dict[int, int]) -> tuple[int, int] | None:
    """The word or short scare-quoted term starting after ``position`` on the same line."""
    start = position
    while start < limit and text[start] in " \t":
        start += 1
    if start in quoted:
        return start, quoted[start]
    match = _WORD.match(text, start, limit)
    return (start, match.end()) if match else None


def extend_right(text: str, end: int, limit: int, quoted: dict[int, int], max_words: int = 5) -> int:
    """The end of the noun phrase that starts after ``end``: modifiers up to and including the head."""
    end_word = end
    for _ in range(max_words):
        token = _next_token(text, end, limit, quoted)
        if token is None:
            break
        word = text[token[0] : token[1]]
        if word.lower() in FUNCTION_WORDS or (word.endswith("ed") and not _modifies_participle(text[end_word:end])):
            break
        end_word, end = token[0], token[1]
        if not is_modifier(word):
            break
    return end


def _modifies_participle(previous: str) -> bool:
    """Whether a word ending in -ed after ``previous`` is a premodifier ("Serbian armed") not a verb ("“X” held")."""
    return not previous or (previous[0].isalpha() and previous.islower()) or lookup_demonym(previous) is not None


def extend_left(text: str, start: int, floor: int) -> int:
    """The start of the label ending at ``start``: its modifiers, or "a group of" before it."""
    prefix = text[floor:start]
    group = re.search(rf"\b(?:an?|the|this|that)\s+(?:{'|'.join(GROUP_NOUNS)})\s+of\s+$", prefix, re.IGNORECASE)
    if group:
        return floor + group.start()
    while True:
        match = re.search(r"(\S+)\s+$", text[floor:start])
        if not match:
            return start
        word = match.group(1)
        if word.lower() in FUNCTION_WORDS or not _WORD.fullmatch(word) or not is_modifier(word):
            return start
        if floor + match.start(1) == floor and word[0].isupper() and lookup_demonym(word) is None:
            return start  # a sentence-initial capital is not a name modifier
        start = floor + match.start(1)


def extend_clause(text: str, end: int, limit: int) -> int:
    """The end of the clause that the span ending at ``end`` is part of."""
    stop = _CLAUSE_END.search(text, end, limit)
    end = stop.start() if stop else limit
    while end > 0 and text[end - 1] in " ,":
        end -= 1
    return end


def _is_name_part(text: str, start: int, end: int, sentence_start: int) -> bool:
    """A capitalised match inside a multi-word name ("People's Liberation Army") is not a cue."""
    if start == sentence_start or not text[start].isupper():
        return False
    after = _WORD.match(text, end + 1) if end + 1 < len(text) and text[end] == " " else None
    before = re.search(r"([^\W\d_][\w’'-]*)\s$", text[max(sentence_start, start - 40) : start])
    return bool((after and after.group()[0].isupper()) or (before and before.group(1)[0].isupper()))


@dataclass(frozen=True)
class Hit:
    span: Span
    technique: str
    evidence: str
    confidence: float


def lexicon_hits(text: str, sentences: Sequence[Span], cues: Iterable[Cue], quoted: dict[int, int]) -> Iterator[Hit]:
    """Every cue match in ``text``, widened by its extent and kept inside its sentence."""
    starts = [s.start for s in sentences]
    for cue in cues:
        for match in cue.pattern.finditer(text):
            index = bisect.bisect_right(starts, match.start()) - 1
            sentence = sentences[index] if index >= 0 else Span(0, len(text))
            if match.end() > sentence.end or _is_name_part(text, match.start(), match.end(), sentence.start):
                continue
            start, end = match.start(), match.end()
            if cue.extent == "phrase":
                end = extend_right(text, end, sentence.end, quoted)
            elif cue.extent == "label":
                start = extend_left(text, start, sentence.start)
                if not match.group().lower().endswith("s"):  # "separatist slogan": the label word modifies a noun
                    end = extend_right(text, end, sentence.end, quoted)
            elif cue.extent == "clause":
                end = max(end, extend_clause(text, end, sentence.end))
            yield Hit(Span(start, end), cue.technique, f"lexicon: {match.group()!r} ({cue.note})", 0.6)


def repetition_hits(text: str, sentences: Sequence[Sentence]) -> Iterator[Hit]:
    """Sentences close together in one paragraph that open with the same words (not only function words)."""
    openings: list[tuple[Sentence, list[re.Match[str]]]] = [
        (s, list(_WORD.finditer(text, s.span.start, s.span.end))[:6]) for s in sentences
    ]
    for i, (sentence, words) in enumerate(openings):
        for other, other_words in openings[i + 1 : i + 1 + _REPETITION_WINDOW]:
            if other.paragraph != sentence.paragraph:
                break
            shared = 0
            for a, b in zip(words, other_words, strict=False):
                if a.group().lower() != b.group().lower():
                    break
                shared += 1
            content = any(w.group().lower() not in FUNCTION_WORDS for w in words[:shared])
            if shared >= _REPETITION_MIN_WORDS and content:
                phrase = " ".join(w.group() for w in words[:shared])
                for opening in (words, other_words):
                    span = Span(opening[0].start(), opening[shared - 1].end())
                    yield Hit(span, "Repetition", f"repeated sentence opening {phrase!r}", 0.6)


def merge_hits(text: str, hits: Iterable[Hit]) -> list[Hit]:
    """One hit per technique and phrase: overlapping (or one-word-apart) spans of a technique are joined."""
    by_technique: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_technique[hit.technique].append(hit)
    merged: list[Hit] = []
    for technique, group in by_technique.items():
        group.sort(key=lambda h: (h.span.start, -h.span.end))
        current = group[0]
        for hit in group[1:]:
            gap = text[current.span.end : hit.span.start]
            if hit.span.start <= current.span.end or _MERGE_GAP.match(gap):
                span = Span(current.span.start, max(current.span.end, hit.span.end))
                evidence = current.evidence
                if hit.evidence not in evidence:
                    evidence = f"{evidence}; {hit.evidence}"
                current = Hit(span, technique, evidence, max(current.confidence, hit.confidence))
            else:
                merged.append(current)
                current = hit
        merged.append(current)
    return sorted(merged, key=lambda h: (h.span.start, h.span.end, h.technique))


def statement_holding(statements: Sequence[Statement], span: Span) -> Statement | None:
    """The innermost statement whose content holds the start of ``span``: whose voice the span is in."""
    holding = [s for s in statements if s.content.start <= span.start < s.content.end]
    return min(holding, key=lambda s: len(s.content), default=None)


def find_rhetoric(
    text: str,
    sentences: Sequence[Sentence],
    statements: Sequence[Statement] = (),
    scare_quotes: Sequence[ScareQuote] = (),
    cues: Sequence[Cue] | None = None,
) -> list[Rhetoric]:
    """Rhetoric records of ``text``: lexicon cues and repeated openings, one record per technique and span."""
    quoted = {q.span.start: q.span.end for q in find_quotations(text) if q.words(text) <= SHORT_QUOTE_WORDS}
    sentence_spans = [s.span for s in sentences] or [Span(0, len(text))]
    hits = [*lexicon_hits(text, sentence_spans, load_lexicon() if cues is None else cues, quoted)]
    hits += repetition_hits(text, sentences)
    records = []
    for number, hit in enumerate(merge_hits(text, hits), 1):
        inside = [q for q in scare_quotes if hit.span.contains(q.span)]
        evidence = hit.evidence + "".join(f"; scare quote {q.span.of(text)}" for q in inside)
        statement = statement_holding(statements, hit.span)
        records.append(
            Rhetoric(
                id=f"r{number}",
                span=hit.span,
                technique=hit.technique,
                voice="article" if statement is None else statement.speaker_name or "article",
                speaker_entity=None if statement is None else statement.speaker_entity,
                confidence=hit.confidence,
                evidence=evidence,
            )
        )
    return records


@stage("rhetoric.lexicon.v1", produces="rhetoric", requires=("sentences", "statements", "scare_quotes"))
def lexicon_rhetoric() -> object:
    """PTC persuasion techniques by cue lexicon, phrase widening and repeated sentence openings."""
    cues = load_lexicon()

    def run(doc: Document) -> list[Rhetoric]:
        return find_rhetoric(doc.text, doc.layer("sentences"), doc.layer("statements"), doc.layer("scare_quotes"), cues)

    return run
