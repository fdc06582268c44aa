"""Scare quotes by rule: quotation marks that distance the writer (or a speaker) from a word.

Every pair of quotation marks is classified in order, the first rule that applies deciding:

1. more than three words, or a closing sentence mark inside: a quotation of speech or a title;
2. the whole content of a statement (``statements`` layer): direct speech;
3. a distancing cue just before it ("so-called", "self-proclaimed", "calling himself", "as if there is a"):
   a scare quote, whatever its case;
4. a mention of a word: introduced as one ("the word", "the slogan", "known as", "dubbed") or a gloss of
   the quote before it ("Miatsum" - "unification": a translation joined by a dash, colon, parenthesis or
   "meaning"). A gloss names a word rather than doubting it, so it is not a scare quote even in lower case;
5. a capitalised term: a name, a nickname inside a name, or a title of a work;
6. a partial quote: a reporting verb just before it ("said the talks were “constructive”", "called it a
   “provocation”") quotes someone's words;
7. otherwise a short lower-case term (a common noun or a title word such as “parliament”) is a scare
   quote, with or without a determiner ("the “parliament”") or list around it.

A scare quote inside a statement's content is in that speaker's voice; elsewhere it is the article's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from unspin.annotations import ScareQuote, Sentence, Statement
from unspin.document import Document
from unspin.quotation import Quotation, find_quotations
from unspin.registry import stage
from unspin.spans import Span

MAX_WORDS = 3
ARTICLE_VOICE = "article"

_DISTANCING_CUE = re.compile(
    r"(?:so-called|so called|self-proclaimed|self-styled|self-declared|would-be|supposed|purported"
    r"|call(?:s|ed|ing)? (?:him|her|it|them)sel(?:f|ves)(?: (?:a|an|the))?"
    r"|as if (?:there (?:is|was|were|are) )?(?:a|an|the|any)?)\s*$",
    re.IGNORECASE,
)
_MENTION_CUE = re.compile(
    r"\b(?:the|a|this|that) (?:word|words|term|terms|phrase|expression|slogan|chant|motto|name|label|hashtag"
    r"|book|film|movie|song|album|play|novel|poem|series|show|article|report|documentary|operation)"
    r"|\b(?:known as|dubbed|nicknamed|named|titled|entitled|headlined|code-named|codenamed|spelled|spelt|means)\s*$",
    re.IGNORECASE,
)
_GLOSS_JOIN = re.compile(r"^\s*(?:[-–—:(]|\bmeaning\b|\bi\.e\.|\bor\b)\s*$", re.IGNORECASE)
_REPORTING_CUE = re.compile(
    r"\b(?:said|says|say|told|stated|wrote|added|called (?:it|them|him|her|this|that)|calling (?:it|them|this|that)"
    r"|describ(?:ed|ing) (?:\w+ ){0,3}as|termed|branded|labell?ed|referred to (?:\w+ ){0,3}as)"
    r"(?: (?:\w+ ){0,4}(?:was|were|is|are|been|be|as|a|an))?\s*$",
    re.IGNORECASE,
)
_SENTENCE_MARK = re.compile(r"[.!?]\W*$")
_CUE_WINDOW = 60


def classify(
    text: str, quote: Quotation, previous: Quotation | None, speech: Sequence[Span], sentence_start: int = 0
) -> bool:
    """Whether ``quote`` is a scare quote, by the rules in the module docstring.

    ``speech`` holds the statements' contents; ``sentence_start`` bounds the look-back for cues.
    """
    term = quote.inner.of(text).strip()
    if not term or quote.words(text) > MAX_WORDS or _SENTENCE_MARK.search(term):
        return False
    if any(_is_whole_content(quote, content) for content in speech):
        return False
    before = text[max(sentence_start, quote.span.start - _CUE_WINDOW) : quote.span.start]
    if _DISTANCING_CUE.search(before):
        return True
    if _MENTION_CUE.search(before) or _is_gloss(text, quote, previous):
        return False
    if not term[0].islower():
        return False
    return not _REPORTING_CUE.search(before)


def _is_whole_content(quote: Quotation, content: Span) -> bool:
    """A statement content that is (nearly) all of what the marks enclose: the marks quote speech."""
    return quote.span.contains(content) and 2 * len(content) >= len(quote.inner)


def _is_gloss(text: str, quote: Quotation, previous: Quotation | None) -> bool:
    return previous is not None and bool(_GLOSS_JOIN.match(text[previous.span.end : quote.span.start]))


def _containing_statement(statements: Sequence[Statement], term: Span) -> Statement | None:
    """The statement with the narrowest content that holds ``term``."""
    holding = [s for s in statements if s.content.contains(term)]
    return min(holding, key=lambda s: len(s.content), default=None)


def find_scare_quotes(
    text: str, statements: Sequence[Statement] = (), sentences: Sequence[Sentence] = ()
) -> Iterator[ScareQuote]:
    """Scare quotes of ``text``, each with the statement whose content holds it (if any)."""
    speech = [s.content for s in statements]
    starts = sorted(s.span.start for s in sentences)
    previous_at_depth: dict[int, Quotation] = {}
    count = 0
    for quote in find_quotations(text):
        previous = previous_at_depth.get(quote.depth)
        previous_at_depth[quote.depth] = quote
        index = bisect.bisect_right(starts, quote.span.start) - 1
        sentence_start = starts[index] if index >= 0 else 0
        if not classify(text, quote, previous, speech, sentence_start):
            continue
        count += 1
        statement = _containing_statement(statements, quote.inner)
        voice = ARTICLE_VOICE if statement is None else statement.speaker_name or ARTICLE_VOICE
        yield ScareQuote(
            id=f"q{count}",
            span=quote.span,
            term=quote.inner,
            statement=None if statement is None else statement.id,
            voice=voice,
        )


@stage("scare_quotes.rules.v1", produces="scare_quotes", requires=("sentences", "statements"))
def rule_scare_quotes() -> object:
    """Scare quotes told apart from speech, titles, names and mentioned words by cue rules."""

    def run(doc: Document) -> Iterator[ScareQuote]:
        return find_scare_quotes(doc.text, doc.layer("statements"), doc.layer("sentences"))

    return run
