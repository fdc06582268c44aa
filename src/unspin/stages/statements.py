"""Who said what, by rule: direct quotes, reported speech and "according to" claims.

Cue verbs come from ``data/cue_verbs.tsv`` with a frame that says where the content starts: after the
verb ("said (that) ..."), after an addressee ("told reporters that ..."), or at the addressee ("called
on the rebels to ..."). A quotation whose cue stands beside it ("...,” the minister said) is a direct
statement; a quoted paragraph with no cue of its own continues the quote just before it. Speakers are
named entities, pronouns and descriptions resolved through the coref layer, or plain source phrases
("officials", "local media"). An outlet that relays a statement (", Reuters reported", "told Reuters")
is kept apart from the speaker and is not a statement of its own.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache

from unspin.actors import SECTOR_WORDS
from unspin.annotations import CorefLink, Entity, Sentence, Statement, StatementKind
from unspin.countries import government_seats
from unspin.cue_verbs import CueVerb, cue_verbs
from unspin.document import Document
from unspin.names import title_abbreviations
from unspin.quotation import OPENING, QUOTE_CHARACTERS, find_quotations
from unspin.registry import stage
from unspin.spans import Span, stripped

COLLECTIVE_NOUNS = frozenset(
    """command mission army military militia ministry government council committee commission party movement
    group coalition alliance embassy court administration cabinet parliament navy police office agency bureau
    directorate department headquarters regime junta opposition company union campaign presidency service
    organisation organization authority leadership secretariat staff kremlin""".split()
)
"""Heads of lower-case phrases that name an organisation ("the rebel command"): "it" may refer to them."""

PLURAL_SOURCES = frozenset(
    """officials authorities rebels forces troops police militants separatists insurgents fighters witnesses
    residents activists protesters observers diplomats monitors investigators prosecutors sources medics
    doctors lawmakers analysts experts leaders commanders""".split()
)
"""Heads of plural source phrases ("the rebels", "officials") that "they" may refer to."""

DOCUMENT_NOUNS = frozenset(
    """statement statements communique communiqué website site post posts posting video letter document
    transcript release publication filing footage message bulletin briefing interview account channel
    page""".split()
)
"""Channels rather than sources: "according to a statement posted on its website" is the owner's claim."""

SOURCE_NOUNS = (
    frozenset(w for words in SECTOR_WORDS.values() for w in words if " " not in w)
    | frozenset(
        """source sources official spokesman spokeswoman spokesperson spokespeople statement report reports
        media witness witnesses analyst analysts expert experts observer observers diplomat diplomats lawmaker
        lawmakers leader leaders commander commanders representative representatives office press service
        agency ministry minister president presidency government authorities data figures estimates survey
        poll investigators prosecutors monitors medics doctors""".split()
    )
    | COLLECTIVE_NOUNS
    | PLURAL_SOURCES
)
"""Head nouns of phrases that can be the source of a claim ("officials", "Armenian media reports")."""

NOUN_LIKE_FORMS = frozenset(
    """reports claims notes comments remarks promises pledges vows states tweets replies plans hopes fears calls
    questions doubts demands worries thanks thinking planning""".split()
)
"""Cue forms that are more often nouns; they count as verbs only before "that" or a colon."""

SKIPPABLE = frozenset(
    """has have had also again later earlier reportedly repeatedly further previously then once recently
    already publicly separately still now even just often never not does did do doesn't didn't don't will
    would may might could can should must won't wouldn't""".split()
)
"""Words between a speaker and the cue verb ("Aliyev has also said", "voters still do not want")."""

PREPOSITIONS = frozenset("in on at during with to for after before by from of while amid over via".split())
SUBJECT_STARTS = frozenset("he she it they we i there this these those the a an his her its their our".split())
"""Words that may start the clause reported after "told Y" when no "that" introduces it."""
CLAUSE_BOUNDARIES = frozenset("that and but which who while when where because as if or".split())
PERSONAL_PRONOUNS = frozenset("he she they it we i".split())
NEEDS_RESOLUTION = frozenset({"it"})
"""Pronoun speakers that make no statement unless coref resolves them ("it" is too often not a speaker)."""
SAYING = frozenset("say add note argue claim insist explain stress warn write tweet declare assert suggest".split())
"""Verbs of saying proper: after another verb ("attacked Trump, saying ...") they report the subject's words,
where a participle of aim or attitude ("..., demanding independence") only describes the act."""
PHRASE_STARTS = frozenset(
    """the a an another this that these those his her its their our my most many some several few both all each
    every one two three four five six seven eight nine ten half""".split()
)
"""Words that may open a source noun phrase whose head is no known source noun ("the host", "most of them")."""
VERB_WORDS = frozenset(
    """is was are were be been being has have had do does did will would can could may might should must not
    who which that than""".split()
)
"""Words that show a phrase is a clause rather than a noun phrase."""
NOT_SPEAKERS = frozenset(
    """update note related photo photos video watch read correction source sources warning breaking editor's
    disclosure clarification listen also see more transcript""".split()
)
"""First words of "Word: ..." lines that label a line rather than name who speaks in it."""

_READINESS = re.compile(
    r"\b(?:voiced|expressed|reaffirmed|reiterated|confirmed|declared|announced)\s+(?:its|his|her|their)\s+"
    r"(?:readiness|willingness|commitment|intention|determination|desire|hope|support|opposition)\b"
)
_MODIFIERS = re.compile(r"(?:[Tt]he\s+)?(?:[a-z][\w-]*\s+){0,2}")
"""Lower-case words before a name after an inverted cue: ", said former Gov. Ann Vole"."""
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_ADVERBIAL_TAIL = re.compile(r"(?:\s+(?:on|in|at|during|late|earlier|later|this|last|after|before)\b[^,;:]*)?[\s.!?]*")
"""What may follow a sentence-final cue: "..., the minister said (on Monday)."."""
_ASIDE_TAIL = re.compile(r"(?:\s+(?:on|in|at|during|late|earlier|later|this|last)\b[^,;:]*)?\s*,\s*[\w’'-]")
"""What follows a cue that interrupts its content: "..., aides said (on Friday), is ..."."""
_LABEL = re.compile(r"((?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'.-]*|[Tt]he\s+[a-z]+):\s+")
"""A line opened by a name of one to five capitalised words (or "the report") and a colon."""
_TRAILING = ".,;:!?…”’\"'»)– —-"
_ADDRESSEE_TAIL = re.compile(r"\s+(?:in|on|at|during|after|before|via|by|late|earlier|this|last)\s")
"""Where the place or time after an addressee starts: "told reporters| in Sucre on Friday"."""
_COORDINATED = re.compile(r",?\s+(?:and|but)(?:\s+(?:also|then|later))?\s*$")
"""A cue verb coordinated with an earlier one: "accused ... and warned that ..." shares its subject."""
_SINGULAR_DESCRIPTION = re.compile(
    rf"\b(?:[Tt]he|[Ii]ts)\s+(?:[a-z][\w-]*\s+){{0,3}}?(?:{'|'.join(sorted(COLLECTIVE_NOUNS))})\b(?!\s+of\b)"
)
_PLURAL_DESCRIPTION = re.compile(
    rf"(?:\b(?:[Tt]he|[Tt]heir)\s+(?:[a-z][\w-]*\s+){{0,3}}?|\b)(?:{'|'.join(sorted(PLURAL_SOURCES))})\b(?!\s+of\b)",
    re.IGNORECASE,
)
_SUBJECT_FOLLOWS = re.compile(
    r"\s+(?:(?:has|have|had|is|was|were|are|will|would|could|can|also|then|later|again|said|told|met|made|took|gave"
    r"|held|won|lost|left|went|came|saw|found|kept|put|set|fought|shot|sent|began|struck|hit|brought)\b"
    r"|[a-z]+ed\b|[a-z]+s\b)"
)
"""A verb right after a phrase: the phrase is the subject of its clause, the antecedent "it" usually has."""


@dataclass(frozen=True)
class Speaker:
    mention: Span | None
    entity: str | None
    name: str | None
    evidence: tuple[Span, ...] = ()
    confidence: float = 1.0


@dataclass
class _Draft:
    kind: StatementKind
    content: Span
    cue: Span | None
    speaker: Speaker | None
    addressee: Span | None = None
    relayed_by: Span | None = None
    relayed_by_name: str | None = None
    continues: _Draft | None = None
    confidence: float = 0.7


@dataclass(frozen=True)
class _Cue:
    span: Span
    verb: CueVerb


class _Article:
    """One document's text with indexes over its sentences, entity mentions, coref links and quotes."""

    def __init__(self, doc: Document, cue_pattern: re.Pattern[str], verbs: dict[str, CueVerb]) -> None:
        self.text = doc.text
        self.sentences: tuple[Sentence, ...] = doc.layer("sentences")
        self.starts = [s.span.start for s in self.sentences]
        self.entities: dict[str, Entity] = {e.id: e for e in doc.layer("entities")}
        self.mentions = sorted((span, e) for e in doc.layer("entities") for span in e.mentions)
        self.links: dict[Span, CorefLink] = {link.mention: link for link in doc.layer("coref")}
        self.quotes = self._quotes()
        self.verbs = verbs
        self.cuts: list[int] = []
        """Where contents must end: before an "according to <document>" that only says how a cue spoke."""
        self.cues = [
            _Cue(Span(m.start(), m.end()), verbs[m.group(2)])
            for m in cue_pattern.finditer(self.text)
            if not self.in_quote(m.start()) and self._verb_like(m)
        ]

    def _quotes(self) -> list[Span]:
        """Outer quotation spans (marks included), plus paragraphs opened by a mark that never closes."""
        quotes = [q.span for q in find_quotations(self.text) if q.depth == 0]
        for i, sentence in enumerate(self.sentences):
            start = sentence.span.start
            first_of_paragraph = i == 0 or self.sentences[i - 1].paragraph != sentence.paragraph
            if first_of_paragraph and self.text[start] in OPENING and not any(q.start == start for q in quotes):
                end = self.text.find("\n", start)
                end = len(self.text) if end < 0 else end
                if end - start > 1:  # a mark alone on its line quotes nothing
                    quotes.append(Span(start, end))
        return sorted(quotes)

    def _verb_like(self, match: re.Match[str]) -> bool:
        form = match.group(2)
        before = self.text[max(0, match.start() - 4) : match.start()].lower()
        if before.endswith("the "):
            return False
        if form in NOUN_LIKE_FORMS or self.verbs[form].frame == "finding":
            return bool(re.match(r"\s*(?:that\b|:|[“\"«])", self.text[match.end() :]))
        return True

    def index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def sentence(self, offset: int) -> Sentence:
        return self.sentences[self.index(offset)]

    def in_quote(self, offset: int) -> bool:
        return any(q.start <= offset < q.end - 1 for q in self.quotes)

    def paragraph(self, offset: int) -> int:
        return self.sentence(offset).paragraph

    # -- speakers -----------------------------------------------------------------------------
    def chain(self, span: Span) -> tuple[Span, ...]:
        spans = [span]
        while (link := self.links.get(spans[-1])) is not None and link.antecedent not in spans:
            spans.append(link.antecedent)
        return tuple(spans)

    def resolved(self, span: Span) -> Speaker | None:
        """The speaker a pronoun or description names through its coref chain, if that entity can speak."""
        link = self.links.get(span)
        if link is None:
            return None
        entity = self.entities.get(link.entity)
        if entity is not None and not can_speak(entity):
            return None
        return Speaker(span, link.entity, entity.name if entity else None, self.chain(span), link.confidence)

    def pronoun_speaker(self, span: Span) -> Speaker | None:
        """What a pronoun speaker refers to: its coref entity, or a closer unnamed organisation phrase."""
        found = self.resolved(span)
        described = self.description_before(span)
        if described is not None and (found is None or described.evidence[1].start > found.evidence[1].start):
            return described
        return found

    def description_before(self, pronoun: Span) -> Speaker | None:
        """The nearest subject phrase "it"/"they" may stand for: "the rebel command", "the officials"."""
        word = pronoun.of(self.text).lower()
        if word in ("it", "its"):
            pattern = _SINGULAR_DESCRIPTION
        elif word in ("they", "them", "their"):
            pattern = _PLURAL_DESCRIPTION
        else:
            return None
        floor = self.sentences[max(0, self.index(pronoun.start) - 2)].span.start
        found = [
            m
            for m in pattern.finditer(self.text, floor, pronoun.start)
            if not self.in_quote(m.start()) and _SUBJECT_FOLLOWS.match(self.text, m.end())
        ]
        if not found:
            return None
        match = found[-1]
        phrase = Span(match.start(), match.end())
        return Speaker(pronoun, None, _without_determiner(phrase.of(self.text)), (pronoun, phrase), confidence=0.6)

    def speaker_ending_at(self, end: int, floor: int) -> Speaker | None:
        """The speaker phrase that ends at ``end`` (before a cue verb), looking no further back than ``floor``.

        An apposition or aside between commas is passed over: "Anna Vole, the foreign minister, said".
        """
        text = self.text
        words = list(re.finditer(r"[\w’'.-]+", text[floor:end]))
        while words and words[-1].group().lower() in SKIPPABLE:
            end = floor + words.pop().start()
        end = stripped(text, floor, end).end
        if end <= floor or text[end - 1] in QUOTE_CHARACTERS:
            return None
        if text[end - 1] == ")":  # "Rep. Ann Vole (D-Ore.) said": the party label is no part of the name
            opening = text.rfind("(", floor, end)
            return self.speaker_ending_at(opening, floor) if opening > floor else None
        if text[end - 1] == ",":
            return self._before_aside(end, floor)
        if text[end - 1] in ";:":
            return None
        for span, entity in reversed(self.mentions):
            if span.end == end and span.start >= floor:
                return Speaker(span, entity.id, entity.name) if can_speak(entity) else None
        pronoun = re.search(r"\b(\w+)$", text[floor:end])
        if pronoun and pronoun.group(1).lower() in PERSONAL_PRONOUNS:
            span = Span(floor + pronoun.start(1), end)
            found = self.pronoun_speaker(span)
            if found is None and pronoun.group(1).lower() in NEEDS_RESOLUTION:
                return None
            return found or Speaker(span, None, span.of(text), confidence=0.5)
        return self.source_phrase(floor, end) or self.noun_phrase(floor, end)

    def _before_aside(self, end: int, floor: int) -> Speaker | None:
        """The speaker before an apposition or relative clause that ends at the comma before ``end``.

        An aside may hold commas of its own ("Ann Vole, a delegate from Houston, Texas, said"), so up to three
        earlier commas are tried, nearest first.
        """
        text, aside_end = self.text, end - 1
        for _ in range(3):
            aside = text.rfind(",", floor, aside_end)
            if aside < 0 or len(text[aside:end].split()) > 30 or re.search(r"[“”\"«»;:]", text[aside:end]):
                return None
            found = self.speaker_ending_at(aside, floor)
            if found is not None:
                return found
            aside_end = aside
        return None

    def phrase_before(self, floor: int, end: int) -> Span | None:
        """The words before ``end`` back to punctuation or a clause boundary, at most about 80 characters."""
        start = end
        for word in reversed(list(re.finditer(r"[\w’'.-]+|[,;:()“”\"«»—–]", self.text[floor:end]))):
            if not word.group()[0].isalnum() or word.group().lower() in CLAUSE_BOUNDARIES:
                break
            start = floor + word.start()
            if end - start > 80:
                break
        return Span(start, end) if start < end else None

    def source_phrase(self, floor: int, end: int) -> Speaker | None:
        """A phrase ending at ``end`` whose head is a source noun ("the ministry", "Armenian media reports")."""
        text = self.text
        span = self.phrase_before(floor, end)
        if span is None:
            return None
        head = span.of(text).split()[-1].lower()
        for link_span in self.links:
            if span.contains(link_span) and link_span.end == end:
                return self.resolved(link_span)
        named = self.named_inside(span)
        if named is not None:
            return named
        if head.strip("’'") not in SOURCE_NOUNS:
            return None
        name = _without_determiner(span.of(text))
        return Speaker(span, None, self.fuller_description(span.start, name), confidence=0.7)

    def noun_phrase(self, floor: int, end: int) -> Speaker | None:
        """A short noun phrase opened by a determiner or quantifier ("the host", "most of them", "59 percent").

        Only the subject of a cue verb may be such a phrase: after "according to" it is too often a rule or a
        plan ("according to the law").
        """
        span = self.phrase_before(floor, end)
        if span is None:
            return None
        words = span.of(self.text).split()
        first = words[0].lower()
        if len(words) == 1:  # a bare plural: "aides said", "critics say"
            plural = words[0][1:].islower() and words[0].endswith("s") and first not in VERB_WORDS | {"this", "its"}
            return Speaker(span, None, words[0], confidence=0.5) if plural else None
        if len(words) > 8 or not (first in PHRASE_STARTS or first[0].isdigit()):
            return None
        if any(w.lower() in VERB_WORDS or w.lower().endswith("ly") for w in words[1:]):
            return None
        return Speaker(span, None, _without_determiner(span.of(self.text)), confidence=0.5)

    def fuller_description(self, before: int, name: str) -> str:
        """A bare head ("mission") named as the article first described it ("monitoring mission")."""
        if " " in name or name.lower() not in COLLECTIVE_NOUNS:
            return name
        earlier = re.findall(rf"\b[Tt]he\s+((?:[a-z][\w-]*\s+){{1,2}}{re.escape(name.lower())})\b", self.text[:before])
        return earlier[-1] if earlier else name

    def speaker_of_phrase(self, phrase: Span) -> Speaker:
        """Whoever a whole source phrase names ("he", "Mr. Ban", "the Defense Ministry of Azerbaijan", "officials"):
        resolved like a speaker before a cue, else the first name inside it, else the phrase itself."""
        phrase = stripped(self.text, phrase.start, phrase.end)
        found = (
            self.speaker_ending_at(phrase.end, phrase.start)
            or self.named_inside(phrase)
            or self.relative_antecedent(phrase)
        )
        if found is not None:
            return found
        return Speaker(phrase, None, _without_determiner(phrase.of(self.text)), confidence=0.5)

    def relative_antecedent(self, phrase: Span) -> Speaker | None:
        """For a relative "who" ("Tim Cook, who said ..."), the person or organisation named right before it."""
        if phrase.of(self.text).lower() != "who":
            return None
        before = [(span, entity) for span, entity in self.mentions if span.end <= phrase.start]
        if not before or self.text[before[-1][0].end : phrase.start].strip(" ,"):
            return None
        span, entity = before[-1]
        return Speaker(phrase, entity.id, entity.name, (phrase, span), confidence=0.9) if can_speak(entity) else None

    def named_inside(self, span: Span) -> Speaker | None:
        """The first person, organisation, outlet or group named inside a source phrase, speaking for it."""
        for mention, entity in self.mentions:
            if span.contains(mention) and entity.label in ("person", "organization", "outlet", "group"):
                return Speaker(span, entity.id, entity.name, confidence=0.9)
        return None

    def speaker_starting_at(self, start: int, limit: int) -> Speaker | None:
        """The speaker right after an inverted cue (", said the minister")."""
        start = stripped(self.text, start, limit).start
        for span, entity in self.mentions:
            if span.start == start or (span.start > start and _MODIFIERS.fullmatch(self.text, start, span.start)):
                return Speaker(span, entity.id, entity.name) if can_speak(entity) else None
        match = re.match(r"(\w+)", self.text[start:limit])
        if match and match.group(1).lower() in PERSONAL_PRONOUNS:
            span = Span(start, start + match.end(1))
            return self.pronoun_speaker(span) or Speaker(span, None, span.of(self.text), confidence=0.5)
        phrase = re.match(r"[^,.;:]+", self.text[start:limit])
        return self.source_phrase(start, start + phrase.end()) if phrase else None

    def entity_at(self, start: int) -> tuple[Span, Entity] | None:
        start = stripped(self.text, start, len(self.text)).start
        for span, entity in self.mentions:
            if span.start == start or (span.start > start and self.text[start : span.start].strip() in ("the", "The")):
                return span, entity
        return None

    def content(self, start: int, end: int) -> Span | None:
        """The content span ``[start, end)`` without edge spaces, "that", or closing punctuation."""
        text = self.text
        end = min([end, *(cut for cut in self.cuts if start < cut < end)])
        if start >= end:
            return None
        span = stripped(text, start, end)
        start, end = span.start, span.end
        if text[start:end].startswith(("that ", ":")):
            start = stripped(text, start + (5 if text[start] == "t" else 1), end).start
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        span = stripped(text, start, end)
        return span if len(span.of(text).split()) >= 2 else None


class StatementFinder:
    """Finds the statements of one document."""

    def __init__(self) -> None:
        self.verbs = cue_verbs()
        forms = sorted(self.verbs, key=len, reverse=True)
        self.cue_pattern = re.compile(
            rf"\b(?:(?:has|have|had)\s+)?(?:(?:also|again|repeatedly|reportedly|already)\s+)?"
            rf"((?<![\w-])({'|'.join(re.escape(f) for f in forms)}))\b"
        )

    def __call__(self, doc: Document) -> list[Statement]:
        if not doc.layer("sentences"):
            return []
        article = _Article(doc, self.cue_pattern, self.verbs)
        drafts: list[_Draft] = []
        used: set[Span] = set()
        blocked: list[Span] = []
        drafts.extend(self._according_to(article, blocked))
        drafts.extend(self._readiness(article, blocked))
        drafts.extend(self._direct(article, used))
        drafts.extend(self._reported(article, used, blocked, drafts))
        drafts.extend(self._labelled_lines(article, drafts))
        drafts.extend(self._continuations(article, drafts))
        self._relays(article, drafts)
        return _numbered(article, drafts)

    # -- according to -------------------------------------------------------------------------
    def _according_to(self, article: _Article, blocked: list[Span]) -> Iterator[_Draft]:
        text = article.text
        for match in _ACCORDING.finditer(text):
            if article.in_quote(match.start()):
                continue
            sentence = article.sentence(match.start()).span
            end = re.search(r"[,;:()“”\"«»—–]|$", text[match.end() : sentence.end])
            source_end = match.end() + (end.start() if end else 0)
            source = stripped(text, match.end(), source_end)
            while source.end > source.start and text[source.end - 1] in ".!?":
                source = Span(source.start, source.end - 1)
            if self._channel_of_cue(article, match, source, sentence):
                blocked.append(Span(match.start(), source.end))
                article.cuts.append(stripped(text, sentence.start, match.start()).end)
                continue
            speaker = self._source(article, source)
            if speaker is None:
                continue
            blocked.append(Span(match.start(), source.end))
            before = text[sentence.start : match.start()].strip(" ,—–")
            after = text[source.end : sentence.end].strip(" ,.;—–")
            if not before:
                content = article.content(source.end + 1, sentence.end)
            elif not after:
                content = article.content(sentence.start, match.start())
            else:
                content = article.content(sentence.start, sentence.end)
            if content is not None:
                cue = Span(match.start(), match.start() + len("according to"))
                yield _Draft("according_to", content, cue, speaker, confidence=0.8 * speaker.confidence)

    @staticmethod
    def _channel_of_cue(article: _Article, match: re.Match[str], source: Span, sentence: Span) -> bool:
        """ "It said ..., according to a statement on its website": the document is how the speaker spoke."""
        if _document_owner(article.text, source) is None:
            return False
        return any(sentence.start <= c.span.start and c.span.end <= match.start() for c in article.cues)

    @staticmethod
    def _source(article: _Article, source: Span) -> Speaker | None:
        if not len(source):
            return None
        words = source.of(article.text).split()
        if len(words) == 1 and words[0].lower() in PERSONAL_PRONOUNS | {"him", "her", "them"}:
            return article.pronoun_speaker(source)
        owner = _document_owner(article.text, source)
        if owner is not None:
            if owner.of(article.text).lower() in ("its", "their", "his", "her"):
                return article.pronoun_speaker(owner)
            if len(owner):
                return article.named_inside(owner) or article.source_phrase(owner.start, owner.end)
        for link_span in article.links:
            if source.contains(link_span):
                return article.resolved(link_span)
        return article.named_inside(source) or article.source_phrase(source.start, source.end)

    # -- "voiced its readiness to ..." --------------------------------------------------------
    def _readiness(self, article: _Article, blocked: list[Span]) -> Iterator[_Draft]:
        for match in _READINESS.finditer(article.text):
            if article.in_quote(match.start()):
                continue
            sentence = article.sentence(match.start()).span
            speaker = article.speaker_ending_at(match.start(), sentence.start)
            content = article.content(match.end(), sentence.end)
            if speaker is not None and content is not None:
                blocked.append(Span(match.start(), match.end()))
                cue = Span(match.start(), match.end())
                yield _Draft("indirect", content, cue, speaker, confidence=0.6 * speaker.confidence)

    # -- direct quotes ------------------------------------------------------------------------
    def _direct(self, article: _Article, used: set[Span]) -> Iterator[_Draft]:
        text = article.text
        for quote in article.quotes:
            inner = Span(quote.start + 1, quote.end - 1 if text[quote.end - 1] in QUOTE_CHARACTERS else quote.end)
            content = article.content(inner.start, inner.end) or stripped(text, inner.start, inner.end)
            if not len(content):
                continue
            paragraph = article.paragraph(quote.start)
            attached = self._cue_after(article, quote, paragraph) or self._cue_before(article, quote, paragraph)
            if attached is None:
                continue
            cue, speaker = attached
            used.add(cue.span)
            draft = _Draft("direct", content, cue.span, speaker, confidence=0.9 * speaker.confidence)
            self._addressee(article, draft, cue)
            yield draft

    @staticmethod
    def _cue_after(article: _Article, quote: Span, paragraph: int) -> tuple[_Cue, Speaker] | None:
        text = article.text
        for cue in article.cues:
            if cue.span.start < quote.end:
                continue
            between = re.sub(r"\([^()]*\)", "", text[quote.end : cue.span.start])  # "(D-Ore.)"
            if (
                article.paragraph(cue.span.start) != paragraph
                or len(between.split()) > (30 if between.count(",") > 1 else 8)  # a long apposition: "X, a ..., said"
                or re.search(r"[.;!?“”\"«»]", _without_abbreviations(between))
            ):
                return None
            if not between.strip(" ,—–-"):
                speaker = article.speaker_starting_at(cue.span.end, article.sentence(cue.span.end).span.end)
            else:
                speaker = article.speaker_ending_at(cue.span.start, quote.end)
            return (cue, speaker) if speaker is not None else None
        return None

    @staticmethod
    def _cue_before(article: _Article, quote: Span, paragraph: int) -> tuple[_Cue, Speaker] | None:
        text = article.text
        before = [c for c in article.cues if c.span.end <= quote.start and article.paragraph(c.span.start) == paragraph]
        if not before:
            return None
        cue = before[-1]
        between = text[cue.span.end : quote.start]
        if not re.fullmatch(r"\s*(?:that\s*|[,:]\s*|(?:\s*[\w’'.-]+){1,4}\s*[,:]\s*)?", between):
            return None
        speaker = article.speaker_ending_at(cue.span.start, article.sentence(cue.span.start).span.start)
        return (cue, speaker) if speaker is not None else None

    # -- reported speech ----------------------------------------------------------------------
    def _reported(
        self, article: _Article, used: set[Span], blocked: list[Span], drafts: list[_Draft]
    ) -> Iterator[_Draft]:
        made: list[_Draft] = []
        for cue in article.cues:
            if cue.span in used or any(b.overlaps(cue.span) for b in blocked):
                continue
            sentence = article.sentence(cue.span.start).span
            if self._relay(article, cue, sentence, [*drafts, *made]):
                continue
            draft = self._reported_one(article, cue, sentence, [*drafts, *made])
            if draft is not None and not any(d.content.overlaps(draft.content) for d in drafts if d.kind == "direct"):
                made.append(draft)
                yield draft

    def _reported_one(self, article: _Article, cue: _Cue, sentence: Span, earlier: list[_Draft]) -> _Draft | None:
        text = article.text
        head = text[sentence.start : cue.span.start]
        coordinated = _COORDINATED.search(head)
        if cue.verb.participle or coordinated:
            # "..., calling on X to ..." and "X accused Y of ... and warned that ...": the earlier cue's speaker
            if cue.verb.participle and not re.search(r",\s*(?:and\s+)?$", head):
                return None
            previous = [d for d in earlier if sentence.contains(d.content) or (d.cue and sentence.contains(d.cue))]
            previous = [d for d in previous if d.cue is not None and d.cue.start < cue.span.start]
            speaker: Speaker | None
            if cue.verb.participle and not previous and cue.verb.lemma in SAYING:
                # "Clinton attacked Trump, saying ...": the subject of the sentence speaks
                speaker = article.speaker_starting_at(sentence.start, cue.span.start)
                content = self._content(article, cue, sentence)
                if speaker is None or content is None:
                    return None
                return _Draft("indirect", content, cue.span, speaker, confidence=0.6 * speaker.confidence)
            if not previous or previous[-1].speaker is None:
                return None
            speaker = replace(previous[-1].speaker, confidence=previous[-1].speaker.confidence * 0.9)
            if coordinated and previous[-1].content.start < cue.span.start < previous[-1].content.end:
                cut = sentence.start + coordinated.start()
                if cut > previous[-1].content.start:
                    previous[-1].content = article.content(previous[-1].content.start, cut) or previous[-1].content
        else:
            speaker = article.speaker_ending_at(cue.span.start, sentence.start)
        content = self._content(article, cue, sentence)
        if speaker is None or content is None:
            return self._inverted(article, cue, sentence)
        draft = _Draft("indirect", content, cue.span, speaker, confidence=0.75 * speaker.confidence)
        self._addressee(article, draft, cue)
        return draft

    @staticmethod
    def _content(article: _Article, cue: _Cue, sentence: Span) -> Span | None:
        """The reported clause after the cue, by the cue's frame."""
        text = article.text
        after_start = cue.span.end
        after = text[after_start : sentence.end]
        if cue.verb.frame in ("appeal", "accuse"):
            joint = r"\s+to\s+(?:not\s+)?[a-z]+" if cue.verb.frame == "appeal" else r"\s+(?:of|for)\s+"
            addressee = re.match(rf"\s*((?:[^\s,.;:]+\s+){{0,12}}?[^\s,.;:]+){joint}", after)
            if addressee:
                return article.content(after_start + addressee.start(1), sentence.end)
            return article.content(after_start, sentence.end) if cue.verb.frame == "appeal" else None
        first = re.match(r"\s*([\w’'“\"]+|[:,])", after)
        if first is None:
            return None
        word = first.group(1)
        if cue.verb.lemma == "warn" and word in ("of", "against"):
            return article.content(after_start + first.end(), sentence.end)
        if cue.verb.frame == "tell":
            return StatementFinder._told_content(article, cue, sentence)
        if re.match(r"\s*at (?:least|most)\b", after):
            return article.content(after_start, sentence.end)
        if word.lower() in PREPOSITIONS or word == ",":
            that = re.search(r"\bthat\s+", after)
            if that is not None and len(after[: that.start()].split()) <= 15:
                return article.content(after_start + that.end(), sentence.end)
            clause = re.match(r"\s*,\s*([\w’'-]+)", after)  # "X said, voters always ..."
            if clause and (clause.group(1).lower() in SUBJECT_STARTS or clause.group(1)[0].isupper()):
                return article.content(after_start + clause.start(1), sentence.end)
            return None
        return article.content(after_start, sentence.end)

    @staticmethod
    def _told_content(article: _Article, cue: _Cue, sentence: Span) -> Span | None:
        """ "told reporters (that) ...": the clause after the addressee."""
        text = article.text
        after = text[cue.span.end : sentence.end]
        that = re.search(r"\bthat\s+", after)
        if that is not None and len(after[: that.start()].split()) <= 15:
            return article.content(cue.span.end + that.end(), sentence.end)
        named = article.entity_at(cue.span.end)
        addressee_end = named[0].end if named else None
        if addressee_end is None:
            word = re.match(r"\s*(?:the\s+)?[\w’'-]+", after)
            addressee_end = cue.span.end + word.end() if word else None
        if addressee_end is None:
            return None
        rest = re.match(r"\s*,?\s*([\w’'-]+)", text[addressee_end : sentence.end])
        if rest is None or not (rest.group(1).lower() in SUBJECT_STARTS or rest.group(1)[0].isupper()):
            return None
        return article.content(addressee_end, sentence.end)

    @staticmethod
    def _inverted(article: _Article, cue: _Cue, sentence: Span) -> _Draft | None:
        """ "The talks will resume, the minister said (on Monday)." and "..., said the minister." """
        text = article.text
        if cue.verb.participle:
            return None
        tail = text[cue.span.end : sentence.end]
        head = text[sentence.start : cue.span.start]
        comma = head.rfind(",")
        if comma < 0:
            return None
        if _ASIDE_TAIL.match(tail) and head[: comma + 1].strip(" ,"):
            # "The plan, aides said, is ...": the cue and its speaker interrupt the content
            speaker = article.speaker_ending_at(cue.span.start, sentence.start)
            content = article.content(sentence.start, sentence.end)
            if speaker is None or content is None or article.in_quote(content.start):
                return None
            return _Draft("indirect", content, cue.span, speaker, confidence=0.6 * speaker.confidence)
        if not _ADVERBIAL_TAIL.fullmatch(tail):
            inverted = re.fullmatch(r"\s+([^,;:]+?)[\s.!?]*", tail)
            if head[comma + 1 :].strip() or inverted is None:
                return None
            speaker = article.speaker_starting_at(cue.span.end, sentence.end)
        else:
            speaker = article.speaker_ending_at(cue.span.start, sentence.start + comma + 1)
        content = article.content(sentence.start, sentence.start + comma)
        if speaker is None or content is None or article.in_quote(content.start):
            return None
        return _Draft("indirect", content, cue.span, speaker, confidence=0.7 * speaker.confidence)

    @staticmethod
    def _addressee(article: _Article, draft: _Draft, cue: _Cue) -> None:
        """The addressee of "told Y", "called on Y to"; an outlet in that place relays the statement."""
        if cue.verb.frame not in ("tell", "appeal", "accuse"):
            return
        text = article.text
        found = article.entity_at(cue.span.end)
        if found is not None and found[1].label == "outlet":
            draft.relayed_by, draft.relayed_by_name = found[0], found[1].name
            return
        end = article.sentence(cue.span.end).span.end
        if cue.verb.frame == "tell" and cue.span.end < draft.content.start < end:
            end = draft.content.start  # "told reporters the border would reopen": the addressee ends at the clause
        stop = {"tell": r"\s+that\b|[,:]|$", "appeal": r"\s+to\s", "accuse": r"\s+(?:of|for)\s"}[cue.verb.frame]
        match = re.match(rf"\s*(.+?)(?:{stop})", text[cue.span.end : end])
        if match and len(match.group(1).split()) <= 12:
            addressee = match.group(1)
            if cue.verb.frame == "tell":  # "told reporters in Sucre on Friday": the place and time are not addressed
                addressee = _ADDRESSEE_TAIL.split(addressee)[0]
            start = cue.span.end + match.start(1)
            draft.addressee = stripped(text, start, start + len(addressee))

    # -- "Name: ..." lines ---------------------------------------------------------------------
    @staticmethod
    def _labelled_lines(article: _Article, drafts: list[_Draft]) -> Iterator[_Draft]:
        """Headline and transcript lines that open with who speaks: "Ann Vole: The Deal Is Dead", "VOLE: Well, ..."."""
        text = article.text
        for i, sentence in enumerate(article.sentences):
            if i and article.sentences[i - 1].paragraph == sentence.paragraph:
                continue
            label = _LABEL.match(text, sentence.span.start, sentence.span.end)
            if label is None or label.group(1).split()[0].lower().strip("’'") in NOT_SPEAKERS:
                continue
            if any(sentence.span.start <= c.span.start < label.end() for c in article.cues):
                continue
            end = max(s.span.end for s in article.sentences if s.paragraph == sentence.paragraph)
            content = article.content(label.end(), end)
            if content is None or any(d.content.overlaps(content) for d in drafts):
                continue
            speaker = article.speaker_ending_at(label.end(1), sentence.span.start)
            if speaker is None and all(w[0].isupper() for w in label.group(1).split()):
                mention = Span(label.start(1), label.end(1))
                speaker = Speaker(mention, None, mention.of(text), confidence=0.5)
            if speaker is None:
                continue
            kind: StatementKind = "direct" if text[content.start] in QUOTE_CHARACTERS else "indirect"
            cue = Span(label.end(1), label.end(1) + 1)
            yield _Draft(kind, content, cue, speaker, confidence=0.6 * speaker.confidence)

    # -- relays and continuations -------------------------------------------------------------
    @staticmethod
    def _relay(article: _Article, cue: _Cue, sentence: Span, drafts: list[_Draft]) -> bool:
        """ ", President.Az reported." after another statement in the sentence: mark it as relayed."""
        if cue.verb.frame != "report" and cue.verb.lemma not in ("say", "write"):
            return False
        in_sentence = [
            d for d in drafts if d.cue is not None and sentence.contains(d.cue) and d.cue.end <= cue.span.start
        ]
        if not in_sentence or not re.fullmatch(r"[\s.!?]*", article.text[cue.span.end : sentence.end]):
            return False
        head = article.text[sentence.start : cue.span.start]
        comma = head.rfind(",")
        if comma < 0:
            return False
        outlet = article.speaker_ending_at(cue.span.start, sentence.start + comma + 1)
        if outlet is None or outlet.mention is None:
            return False
        entity = article.entities.get(outlet.entity or "")
        if cue.verb.frame != "report" and (entity is None or entity.label != "outlet"):
            return False
        cut = sentence.start + comma
        for draft in in_sentence:
            draft.relayed_by, draft.relayed_by_name = outlet.mention, outlet.name
            if draft.content.start < cut < draft.content.end:
                draft.content = article.content(draft.content.start, cut) or draft.content
        return True

    @staticmethod
    def _continuations(article: _Article, drafts: list[_Draft]) -> Iterator[_Draft]:
        """Quotes with no cue of their own continuing the direct quote just before them.

        Either a quoted paragraph after the paragraph of the quote, or a quoted sentence right after the
        sentence that attributed the quote (“First part,” he said. “Second part.”).
        """
        text = article.text
        attributed = [d.content for d in drafts]
        for quote in article.quotes:
            sentence = article.sentence(quote.start)
            if sentence.span.start != quote.start or any(quote.contains(c) for c in attributed):
                continue
            if article.index(quote.start) == 0:
                continue
            before = [d for d in drafts if d.content.end <= quote.start]
            if not before:
                continue
            previous = max(before, key=lambda d: d.content.end)
            if previous.kind != "direct" or previous.speaker is None or not _continues(article, previous, quote):
                continue
            end = quote.end - 1 if text[quote.end - 1] in QUOTE_CHARACTERS else quote.end
            content = article.content(quote.start + 1, end)
            if content is None:
                continue
            speaker = Speaker(None, previous.speaker.entity, previous.speaker.name, previous.speaker.evidence)
            yield _Draft(
                "direct",
                content,
                None,
                speaker,
                relayed_by=previous.relayed_by,
                relayed_by_name=previous.relayed_by_name,
                continues=previous,
                confidence=previous.confidence * 0.85,
            )

    @staticmethod
    def _relays(article: _Article, drafts: list[_Draft]) -> None:
        """Continuations inherit the outlet that relayed the quote they continue."""
        for draft in sorted(drafts, key=lambda d: d.content.start):
            if draft.continues is not None and draft.relayed_by is None:
                draft.relayed_by = draft.continues.relayed_by
                draft.relayed_by_name = draft.continues.relayed_by_name


def can_speak(entity: Entity) -> bool:
    """Whether an entity may be a speaker: anything but a place, unless the place stands for a government."""
    return entity.label != "place" or entity.name in government_seats()


def _continues(article: _Article, previous: _Draft, quote: Span) -> bool:
    """Whether an unattributed quote goes on with ``previous``: next paragraph, or next sentence after its cue."""
    paragraph = article.paragraph(quote.start)
    own_sentence = article.sentence(quote.start).span
    if any(own_sentence.contains(c.span) for c in article.cues):
        return False
    if article.paragraph(previous.content.start) == paragraph - 1:
        return article.sentence(quote.start - 1).paragraph == paragraph - 1 and not any(
            article.paragraph(c.span.start) == paragraph for c in article.cues
        )
    before = article.sentences[article.index(quote.start) - 1]
    return (
        before.paragraph == paragraph
        and previous.cue is not None
        and before.span.contains(previous.cue)
        and previous.content.end <= previous.cue.start
    )


def _document_owner(text: str, source: Span) -> Span | None:
    """For a document source ("a statement posted on its website", "a report by the army"), who issued it.

    The owner is a possessive pronoun or the phrase after "by"/"from"/"of"; an empty span when the
    document names no owner; None when the source is not a document at all.
    """
    phrase = source.of(text)
    head = re.match(r"(?:(?:an?|the|its|their|his|her|this|that|a\s+new)\s+)?(?:[\w-]+\s+){0,2}?([\w-]+)\b", phrase)
    if head is None or head.group(1).lower() not in DOCUMENT_NOUNS:
        return None
    possessive = re.search(r"\b(?:its|their|his|her)\b", phrase, re.IGNORECASE)
    if possessive:
        return Span(source.start + possessive.start(), source.start + possessive.end())
    issuer = re.search(r"\b(?:by|from|of)\s+(.+)$", phrase)
    if issuer:
        return Span(source.start + issuer.start(1), source.end)
    return Span(source.end, source.end)


def _without_determiner(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an|some|several|many|its|their)\s+", "", phrase, flags=re.IGNORECASE)


def _without_abbreviations(text: str) -> str:
    """``text`` with the full stops of titles and initials ("Gen.", "U.S.") removed."""
    abbreviations = title_abbreviations()

    def drop_stop(match: re.Match[str]) -> str:
        word = match.group(1)
        return word if word in abbreviations or re.fullmatch(r"[A-Z](?:\.[A-Z])*", word) else match.group()

    return re.sub(r"\b([\w.]+)\.(?=\s|$)", drop_stop, text)


def _numbered(article: _Article, drafts: list[_Draft]) -> list[Statement]:
    drafts = sorted(drafts, key=lambda d: (d.content.start, d.cue.start if d.cue else 0))
    ids = {id(d): f"s{i}" for i, d in enumerate(drafts, 1)}
    statements = []
    for draft in drafts:
        speaker = draft.speaker or Speaker(None, None, None)
        statements.append(
            Statement(
                id=ids[id(draft)],
                kind=draft.kind,
                content=draft.content,
                cue=draft.cue,
                speaker_mention=speaker.mention,
                speaker_entity=speaker.entity,
                speaker_name=speaker.name,
                addressee=draft.addressee,
                relayed_by=draft.relayed_by,
                relayed_by_name=draft.relayed_by_name,
                continuation_of=ids.get(id(draft.continues)) if draft.continues is not None else None,
                evidence=speaker.evidence,
                confidence=round(min(1.0, draft.confidence), 2),
            )
        )
    return statements


def phrase_speakers(doc: Document) -> Callable[[Span], Speaker]:
    """Resolves source phrases of ``doc`` as statement speakers are resolved (entities, coref, descriptions);
    for stages that find sources by other means (the attribution model)."""
    finder = _shared_finder()
    return _Article(doc, finder.cue_pattern, finder.verbs).speaker_of_phrase


@cache
def _shared_finder() -> StatementFinder:
    return StatementFinder()


@stage("statements.rules.v1", produces="statements", requires=("sentences", "entities", "coref"))
def rule_statements() -> Callable[[Document], list[Statement]]:
    """Direct quotes, reported speech and "according to" claims, with speakers and relaying outlets."""
    return StatementFinder()
