"""Events by trigger lexicon: PLOVER 2021 categories with their participants, place, time and source.

Per sentence, triggers from ``data/plover_triggers.tsv`` are matched on word forms ("shelled", "fire
opened", "turned down"); the triggers of one clause make one event, headed by a speech act that opens
the clause ("called on X to stop shelling" is a REQUEST), else by the clause's first finite verb ("refused to
deploy" is REJECT; "the fight", "a jail", "killing", "to demand", "forces deployed near" are no finite verbs),
which a coordinated verb of a more material category ("deployed and shelled": the manual codes MOBILIZE within
an ASSAULT as the ASSAULT) or an event noun as its subject ("clashes ... killed five") takes over; else by the
most material trigger not embedded in a prepositional phrase or a noun modifier ("invasion forces").

Documented rules:

- Category: a material trigger in a hypothetical clause ("could", "will", "opportunities to") becomes the
  verbal category the manual prescribes (ASSAULT -> THREATEN, CONSULT/AID/... -> AGREE, RETREAT -> CONCEDE);
  one in a speaker's "should"/"must" clause is that speaker's REQUEST; a future PROTEST or SANCTION is a THREATEN.
  Negated triggers ("not", "failed to") make no event.
- Actor: the subject noun phrase before the verb (across commas that set off relative clauses and
  prepositional phrases), with a subject coordinated before it ("X and Y met"); in the passive, the "by X"
  phrase, the subject becoming the recipient; for an event noun, "between X and Y" (both actors, kept even
  when they name no country or sector: "the two sides").
  Recipient: the phrase after a trigger ending in a preposition, else "against/with/on/to X", else the
  direct object. Pronouns are resolved through the coref layer. Only phrases that name an actor (a country,
  a sector, an entity) are kept.
- Time: the time expression of the trigger's clause, else of its sentence; else, for an event a statement
  reports, the time of the speech; else the nearest preceding one in the paragraph; a sentence that opens
  "According to X, the ..." continues the previous sentence and inherits its time. A trigger in a nominal
  "after/before/following ..." phrase gets no time unless the phrase holds one ("signed on May 2 after fighting
  in which ...": the fighting is earlier), but shares the clause's background status.
- Asserted by: the speaker of the statement whose content or cue holds the trigger; the outlet that relays
  the statement whose frame holds it ("X said in a meeting ..., Y reported"); the source of a following
  "According to X, the ..." sentence, which continues this one; the subject of a counting verb over an event
  noun ("observers counted 23 explosions"); the actor of a speech act; else the article.
- Same event: a later trigger that is a noun right after "the", "this", "that" or "the same" ("the meeting",
  "this attack"), whose word family an earlier event of the same category within :data:`COREF_SENTENCES`
  sentences shares (the lexicon's lemmas, one a prefix of the other: "meeting" / "met", "attack" /
  "attacked"), with no time or place that contradicts it, is a
  further mention of that event (``mentions``), not an event of its own. "The first meeting" or "another
  attack" (a word between the determiner and the noun) is never the same event.
- Status: denied ("denied ..."), conditional ("if", "unless", "in that case", "either ... or"),
  reported_statement (inside a direct or indirect statement), background (anchored more than a year before
  publication, or past perfect in the article's voice), reported_statement (a speech act), else reported.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from unspin.actors import normalize_actor
from unspin.annotations import Asserter, Event, Participant, Place, Quantity, Sentence, Statement, TimeExpr
from unspin.countries import capital_codes, geonames_country_names
from unspin.cue_verbs import utterance_forms
from unspin.demonyms import lookup_demonym
from unspin.document import Document
from unspin.plover import GAP, MAX_GAP, Trigger, map_category, triggers
from unspin.registry import stage
from unspin.spans import Span

_TOKEN = re.compile(r"\w+(?:[’'\-]\w+)*|[^\w\s]")

DETERMINERS = frozenset("the a an its their his her our your my this that these those some any every each".split())
PREPOSITIONS = frozenset(
    """in on at near by with from of for to into onto over under during after before since until across along
    against among amid between through toward towards within without upon around behind beyond despite outside
    inside""".split()
)
LOCATIVE = frozenset("in at near on under during since into inside along across within around behind where".split())
AUXILIARIES = frozenset(
    """has have had is are was were be been being will would can could shall should may might must do does did
    to not also already reportedly allegedly then later again never just still ’s 's""".split()
)
BE_FORMS = frozenset("is are was were be been being get got gets".split())
SPEECH_VERBS = utterance_forms() | {"voiced"}
"""Verbs of saying ("said", "told"), and "voiced" ("voiced concern"): a clause they head reports speech."""
EVIDENTIAL_VERBS = frozenset(
    """counted recorded documented registered observed reported confirmed verified logged tallied""".split()
)
"""Verbs by which the subject vouches for the events it counts: the subject asserts them."""
COMMON_VERBS = frozenset(
    """took take takes made make makes gave give gives went go goes came come comes saw see sees left leave leaves
    kept keep keeps put puts set sets began begin begins won win wins lost lose loses found find finds became
    become becomes remained remain remains continued continues seemed seems""".split()
)
CLAUSE_WORDS = frozenset(
    "which who whom whose where when while whereas after before until because although though if unless that".split()
)
RELATIVES = frozenset("which who whom whose where when".split())
PRONOUNS = frozenset("he she they it we i him her them us".split())
NEGATIONS = frozenset("not never no n't neither nor".split())
DENIALS = frozenset("deny denies denied denying denial".split())
HYPOTHETICAL = (
    ("can",), ("could",), ("will",), ("would",), ("may",), ("might",), ("shall",), ("going", "to"),
    ("opportunity", "to"), ("opportunities", "to"), ("ready", "to"), ("able", "to"), ("capable", "of"),
    ("plans", "to"), ("plan", "to"), ("planned", "to"), ("intends", "to"), ("intend", "to"),
)  # fmt: skip
DEONTIC = frozenset("should must".split()) | {"have to", "has to", "need to", "needs to"}
CONDITIONAL = (("if",), ("unless",), ("in", "that", "case"), ("in", "case"), ("provided", "that"), ("otherwise",))
ANAPHORIC = frozenset("the this that these those it they such".split())
SAY_STATUS_KINDS = frozenset({"direct", "indirect"})

_HYPOTHETICAL_SHIFT = {
    "ASSAULT": ("THREATEN", "violence"), "MOBILIZE": ("THREATEN", "violence"), "COERCE": ("THREATEN", "restrict"),
    "CONSULT": ("AGREE", None), "SUPPORT": ("AGREE", None), "COOPERATE": ("AGREE", None), "AID": ("AGREE", None),
    "RETREAT": ("CONCEDE", None), "PROTEST": ("THREATEN", "restrict"), "SANCTION": ("THREATEN", "relations"),
}  # fmt: skip
"""A hypothetical or future event is coded as the verbal category it implies (manual, "Auxiliary modes"; the
THREATEN modes name the threat's content: strikes and boycotts "restrict", suspended ties "relations")."""

RANK = {
    "ASSAULT": 10, "COERCE": 9, "MOBILIZE": 8, "PROTEST": 7, "SANCTION": 6, "RETREAT": 5, "AID": 5,
    "COOPERATE": 5, "THREATEN": 4, "REQUEST": 4, "ACCUSE": 4, "REJECT": 4, "AGREE": 3, "CONCEDE": 3,
    "SUPPORT": 3, "CONSULT": 2,
}  # fmt: skip
"""Which category heads a clause with several: material conflict first."""

BACKGROUND_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    lower: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", self.text.lower())


@dataclass(frozen=True)
class Match:
    trigger: Trigger
    first: int
    last: int
    words: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.words)


class TriggerMatcher:
    """Finds lexicon triggers in a token list: longest matches first, no two overlapping."""

    def __init__(self, lexicon: Sequence[Trigger]) -> None:
        self.lexicon = tuple(lexicon)
        self.by_first: dict[str, list[Trigger]] = {}
        for trigger in lexicon:
            for form in trigger.slots[0]:
                self.by_first.setdefault(form, []).append(trigger)

    def find(self, tokens: Sequence[Token]) -> list[Match]:
        candidates = []
        for i, token in enumerate(tokens):
            for trigger in self.by_first.get(token.lower, ()):
                words = _match_slots(trigger.slots, tokens, i)
                if words:
                    candidates.append(Match(trigger, words[0], words[-1], words))
        candidates.sort(key=lambda m: (-m.size, m.first, -(m.last - m.first)))
        taken: set[int] = set()
        kept = []
        for match in candidates:
            if taken.isdisjoint(match.words):
                kept.append(match)
                taken.update(match.words)
        return sorted((m for m in kept if m.trigger.category != "NONE"), key=lambda m: m.first)


def _match_slots(slots: Sequence[frozenset[str]], tokens: Sequence[Token], i: int) -> tuple[int, ...] | None:
    """Token indices matching ``slots`` from token ``i``; a gap spans up to ``MAX_GAP`` words, a list of
    names ("Aghdam, Kalbajar, and Lachin") counting as one."""
    words: list[int] = []
    gap = False
    for slot in slots:
        if GAP in slot:
            gap = True
            continue
        j, used = i, 0
        while j < len(tokens) and tokens[j].lower not in slot:
            token = tokens[j]
            if not gap:
                return None
            if token.text == ",":
                if j + 1 >= len(tokens) or not (tokens[j + 1].text[0].isupper() or tokens[j + 1].lower == "and"):
                    return None
            elif not token.text[0].isalnum():
                return None
            elif not (token.text[0].isupper() and j > i) and token.lower != "and":
                used += 1
            if used > MAX_GAP:
                return None
            j += 1
        if j >= len(tokens):
            return None
        words.append(j)
        i, gap = j + 1, False
    return tuple(words)


@dataclass
class Clause:
    first: int
    last: int
    matches: list[Match] = field(default_factory=list)


@dataclass(frozen=True)
class Label:
    span: Span
    text: str
    entity: str | None
    entity_name: str | None


@stage(
    "events.lexicon.v1",
    produces="events",
    requires=("sentences", "entities", "coref", "statements", "places", "times", "quantities"),
)
def lexicon_events() -> Callable[[Document], list[Event]]:
    """PLOVER events from a trigger lexicon, with participants, places, time and asserter by rule."""
    matcher = TriggerMatcher(triggers())
    countries = {**capital_codes(), **geonames_country_names()}  # capitals as metonyms: "Baku said"

    def run(doc: Document) -> list[Event]:
        return _EventReader(doc, matcher, countries).events()

    return run


class _EventReader:
    """One document's events: holds the layers the rules look things up in."""

    def __init__(self, doc: Document, matcher: TriggerMatcher, countries: dict[str, str]) -> None:
        self.doc = doc
        self.text = doc.text
        self.matcher = matcher
        self.countries = countries
        self.sentences: list[Sentence] = sorted(doc.layer("sentences"), key=lambda s: s.span.start)
        self.sentence_starts = [s.span.start for s in self.sentences]
        self.statements: list[Statement] = list(doc.layer("statements"))
        self.by_statement_id = {s.id: s for s in self.statements}
        self.places: list[Place] = list(doc.layer("places"))
        self.times: list[TimeExpr] = sorted(doc.layer("times"), key=lambda t: t.mention.start)
        self.quantities: list[Quantity] = list(doc.layer("quantities"))
        self.entity_names = {e.id: e.name for e in doc.layer("entities")}
        self.entity_mentions = [(m, e.id) for e in doc.layer("entities") for m in e.mentions]
        self.coref = [(link.mention, link.entity) for link in doc.layer("coref")]
        self.verbs = (
            COMMON_VERBS | SPEECH_VERBS | EVIDENTIAL_VERBS | frozenset().union(*(t.verb_forms for t in matcher.lexicon))
        )

    # ---- driver -------------------------------------------------------------------------------------------

    def events(self) -> list[Event]:
        events: list[Event] = []
        for index, sentence in enumerate(self.sentences):
            tokens = self._tokens(sentence.span)
            clauses = self._clauses(tokens, self.matcher.find(tokens))
            for clause in clauses:
                others = [Span(tokens[c.first].start, tokens[c.last].end) for c in clauses if c is not clause]
                event = self._event(f"v{len(events) + 1}", index, tokens, clause, others)
                if event is not None:
                    events.append(event)
        return _numbered(self._merge_repeated(events))

    def _merge_repeated(self, events: list[Event]) -> list[Event]:
        """Fold definite references to an earlier event into it (see "Same event" in the module docstring)."""
        kept: list[Event] = []
        for event in events:
            earlier = self._referent(event, kept)
            if earlier is None:
                kept.append(event)
                continue
            merged = replace(
                earlier,
                mentions=(*earlier.mentions, event.trigger),
                time=earlier.time or event.time,
                places=tuple(dict.fromkeys((*earlier.places, *event.places))),
                quantities=tuple(dict.fromkeys((*earlier.quantities, *event.quantities))),
            )
            kept[kept.index(earlier)] = merged
        return kept

    def _referent(self, event: Event, earlier: list[Event]) -> Event | None:
        before = self.text[max(0, event.trigger.start - 10) : event.trigger.start].lower()
        word = self.text[event.trigger.start : event.trigger.end].lower()
        if " " in word or not _DEFINITE_BEFORE.search(before):
            return None
        sentence = self._sentence_index(event.trigger.start)
        for candidate in reversed(earlier):
            if sentence - self._sentence_index(candidate.trigger.start) > COREF_SENTENCES:
                return None
            words = re.findall(r"\w+", self.doc.span_text(candidate.trigger).lower())
            if candidate.category != event.category or not any(self._same_family(word, w) for w in words):
                continue
            times_differ = candidate.time and event.time and self._time_value(candidate) != self._time_value(event)
            places_differ = candidate.places and event.places and not set(candidate.places) & set(event.places)
            return None if times_differ or places_differ else candidate
        return None

    def _same_family(self, first: str, second: str) -> bool:
        """Two trigger words of one word family: "meeting" and "met" (lexicon lemmas "meeting", "meet")."""
        firsts, seconds = self._lemmas(first), self._lemmas(second)
        return any(a.startswith(b) or b.startswith(a) for a in firsts for b in seconds if min(len(a), len(b)) >= 4)

    def _lemmas(self, word: str) -> set[str]:
        return {word} | {
            t.phrase.split()[0].rstrip("+") for t in self.matcher.lexicon if t.slots and word in t.slots[0]
        }

    def _sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def _time_value(self, event: Event) -> str | None:
        return next((t.value for t in self.times if t.id == event.time), None)

    def _tokens(self, span: Span) -> list[Token]:
        return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text, span.start, span.end)]

    def _clauses(self, tokens: list[Token], matches: list[Match]) -> list[Clause]:
        bounds = [0]
        for i, token in enumerate(tokens):
            word = token.lower
            previous = tokens[i - 1] if i > 0 else None
            subordinate = (
                word in CLAUSE_WORDS
                and previous is not None
                and not (word == "that" and previous.lower in SPEECH_VERBS)
            )
            coordinate = word in {"and", "but", "or"} and i > 1 and previous.text == "," and not _in_list(tokens, i)
            opener = tokens[bounds[-1]].lower
            fronted_end = (
                token.text == ","
                and opener in _FRONTED_SUBORDINATORS
                and not _breaks(tokens, bounds[-1])
                and _breaks(tokens, i)
                and i + 1 < len(tokens)
            )  # "If Israel attacks Rafah, Egypt will ...": the main clause starts after the comma
            if word in {";", ":", "–", "—"} or subordinate or coordinate:
                bounds.append(i)
            elif fronted_end:
                bounds.append(i + 1)
        bounds.append(len(tokens))
        clauses = [Clause(a, b - 1) for a, b in itertools.pairwise(bounds) if b > a]
        for match in matches:
            if self._negated(tokens, match) or self._adjectival(tokens, match):
                continue
            for clause in clauses:
                if clause.first <= match.first <= clause.last:
                    clause.matches.append(match)
        return [c for c in clauses if c.matches]

    # ---- filters --------------------------------------------------------------------------------------------

    @staticmethod
    def _negated(tokens: list[Token], match: Match) -> bool:
        for j in range(match.first - 1, max(match.first - 7, -1), -1):
            if tokens[j].text in {",", ";", "."}:
                return False
            if tokens[j].lower in NEGATIONS or (tokens[j].lower in _FAILED and tokens[j + 1].lower == "to"):
                return True
        return False

    @staticmethod
    def _adjectival(tokens: list[Token], match: Match) -> bool:
        """A lone participle used as an adjective: "the occupied districts", "in occupied lands"."""
        if match.size > 1 or not match.trigger.verbal or not tokens[match.first].lower.endswith("ed"):
            return False
        j = match.first - 1
        while j >= 0 and tokens[j].lower.endswith("ly"):
            j -= 1
        return j >= 0 and (tokens[j].lower in DETERMINERS or tokens[j].lower in PREPOSITIONS - {"by", "to"})

    # ---- one event -------------------------------------------------------------------------------------------

    def _event(
        self, event_id: str, index: int, tokens: list[Token], clause: Clause, others: list[Span]
    ) -> Event | None:
        """The event a clause's head trigger makes; ``others``: the sentence's other clauses with triggers."""
        sentence = self.sentences[index]
        head = self._head(tokens, clause.matches)
        trigger = Span(tokens[head.first].start, tokens[head.last].end)
        category, mode = head.trigger.category, head.trigger.mode
        statement, relation = self._statement_for(trigger, sentence)
        segment_start = max(
            [clause.first, *(j + 1 for j in range(clause.first, head.first) if tokens[j].text in _SEGMENT_MARKS)]
        )
        before = [t.lower for t in tokens[segment_start : head.first]]
        confidence = 0.5 + 0.1 * head.trigger.verbal + 0.1 * (head.size > 1)
        if not head.trigger.speech and _has_phrase(before, HYPOTHETICAL):
            category, mode = _HYPOTHETICAL_SHIFT.get(category, (category, mode))
            confidence -= 0.15
        elif not head.trigger.speech and statement is not None and _deontic(before):
            category, mode = "REQUEST", "yield" if category in {"RETREAT", "CONCEDE"} else "change"
            confidence -= 0.15
        actors, recipients, passive = self._participants(tokens, clause, head)
        codes = map_category(category, mode)
        acled_type, acled_sub = codes.acled_event_type, codes.acled_sub_event_type
        if category == "ASSAULT" and mode is None and any(r.sector == "civilians" for r in recipients):
            acled_type, acled_sub = "Violence against civilians", "Attack"
        clause_span = Span(tokens[clause.first].start, tokens[clause.last].end)
        time = self._time(index, trigger, clause_span, statement, relation)
        anchor = time
        sequenced = self._sequenced_phrase(tokens, head)
        if time is not None and sequenced is not None and not sequenced.contains(self._time_span(time)):
            time = None  # "signed on May 2, after fighting in which ...": the fighting is earlier, not on May 2
        asserter = self._asserter(index, statement, relation, head, actors, self._witness(tokens, clause, head))
        status = self._status(index, tokens, head, statement, relation, anchor, before)
        return Event(
            id=event_id,
            trigger=trigger,
            sentence=sentence.span,
            category=category,
            mode=mode,
            cameo=codes.cameo,
            acled_event_type=acled_type,
            acled_sub_event_type=acled_sub,
            actors=actors,
            recipients=recipients,
            places=self._places(trigger, clause_span, sentence.span),
            time=time,
            quantities=self._quantities(clause_span, sentence.span, others),
            asserted_by=asserter,
            status=status,
            confidence=round(max(confidence - 0.1 * passive * (not actors), 0.1), 2),
        )

    def _head(self, tokens: list[Token], matches: list[Match]) -> Match:
        """The trigger that heads a clause: a speech act that opens it; else its first finite verb ("refused to
        deploy" is REJECT, "resigned as the opposition threatened to storm" RETREAT), a coordinated verb of a
        more material category taking over ("deployed troops and shelled"), an event noun as its subject
        taking over the verb ("clashes between X and Y killed five"); else, among the triggers not embedded in
        a modifier or a prepositional phrase, the most material one."""
        first = matches[0]
        if first.trigger.speech:
            return first
        finite = [m for m in matches if self._finite_trigger(tokens, m)]
        if not finite:
            free = [m for m in matches if not self._embedded(tokens, m)] or matches
            return max(free, key=lambda m: (_rank(m), -m.first))
        head = finite[0]
        for match in finite[1:]:
            joined = tokens[_verb_group_start(tokens, match.first) - 1].lower in {"and", "then"}
            if joined and _tense(tokens[match.first]) == _tense(tokens[head.first]) and _rank(match) > _rank(head):
                head = match
        subjects = [
            m
            for m in matches
            if m.first < head.first
            and m not in finite
            and not self._embedded(tokens, m)
            and _rank(m) >= _rank(head)
            and not any(t.lower in self.verbs for t in tokens[m.last + 1 : _verb_group_start(tokens, head.first)])
        ]
        return subjects[0] if subjects else head

    def _finite_trigger(self, tokens: list[Token], match: Match) -> bool:
        """Whether a trigger is used as a finite verb: not a noun ("the fight", "this jail"), a gerund or
        participle ("killing", "deployed near"), nor an infinitive ("to demand")."""
        if not match.trigger.verbal:
            return False
        if not _verb_first(match):
            verb = next((w for w in match.words if tokens[w].lower in match.trigger.verb_forms), match.last)
            return not self._reduced_relative(tokens, verb)  # "the agreement signed in March"
        word = tokens[match.first].lower
        i = _verb_group_start(tokens, match.first)
        if (match.first > 0 and tokens[match.first - 1].lower == "to") or _noun_use(tokens, match):
            return False
        if word.endswith("ing") and not {t.lower for t in tokens[i : match.first]} & BE_FORMS:
            return False
        return not self._reduced_relative(tokens, match.first)

    def _reduced_relative(self, tokens: list[Token], i: int) -> bool:
        """A past participle modifying the noun before it: "forces deployed near", "property seized by"."""
        if not tokens[i].lower.endswith("ed") or i == 0 or tokens[i - 1].lower in AUXILIARIES:
            return False
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        noun_before = _nounish(tokens[i - 1]) and tokens[i - 1].lower not in self.verbs
        if not noun_before or not (following in PREPOSITIONS or following in _TIME_WORDS):
            return False
        main_verb_after = (
            j
            for j in range(i + 2, len(tokens))
            if tokens[j].lower in self.verbs
            and not tokens[j].lower.endswith("ing")
            and tokens[j - 1].lower not in PREPOSITIONS | DETERMINERS | {"and", "or", ","}
        )
        return next(main_verb_after, None) is not None

    def _embedded(self, tokens: list[Token], match: Match) -> bool:
        """A trigger inside a prepositional phrase ("during the fight", "in rioting"), a noun modifier
        ("invasion forces") or a reduced relative clause: it does not head its clause."""
        if _verb_first(match) and self._reduced_relative(tokens, match.first):
            return True
        j = match.first - 1
        while j >= 0 and (tokens[j].lower in DETERMINERS or tokens[j].lower.endswith(("’s", "'s"))):
            j -= 1
        if j >= 0 and tokens[j].lower in PREPOSITIONS - {"by", "to"}:
            return True
        following = tokens[match.last + 1] if match.last + 1 < len(tokens) else None
        return (
            not match.trigger.verbal
            and following is not None
            and following.text[0].islower()
            and following.lower not in PREPOSITIONS | DETERMINERS | AUXILIARIES | CLAUSE_WORDS | _CONJUNCTIONS
            and following.lower not in self.verbs
        )

    # ---- participants ----------------------------------------------------------------------------------------

    def _participants(
        self, tokens: list[Token], clause: Clause, head: Match
    ) -> tuple[tuple[Participant, ...], tuple[Participant, ...], bool]:
        verb_first = _verb_first(head) and not _noun_use(tokens, head)
        group_start = _verb_group_start(tokens, head.first)
        passive = verb_first and any(t.lower in BE_FORMS for t in tokens[group_start : head.first])
        after = head.last + 1
        if (
            verb_first
            and any(GAP in slot for slot in head.trigger.slots[1:2])
            and head.trigger.category not in OWN_MEANS
        ):
            after = head.first + 1  # the object inside the trigger: "expelled two Chilean diplomats"
        if verb_first and not passive:
            subject = self._subject_before(tokens, group_start, clause) or self._clause_subject(tokens, clause)
            actor = self._participant(subject)
            recipient = self._participant(self._object_after(tokens, after, clause, head))
        elif passive:
            actor = self._participant(self._by_phrase(tokens, after, clause))
            recipient = self._participant(self._subject_before(tokens, group_start, clause))
        else:
            sides = self._between(tokens, after, clause)
            if sides:
                return sides, (), False
            verb = self._main_verb_before(tokens, clause, head.first)
            subject = None if verb is None else self._subject_before(tokens, _verb_group_start(tokens, verb), clause)
            by_phrase = self._by_phrase(tokens, after, clause)
            if verb is not None and tokens[verb].lower in SPEECH_VERBS and head.first > verb + 1:
                subject = None  # "the army said the attack ...": the speaker is not the attacker
            elif subject is None:
                subject = self._clause_subject(tokens, clause)
            actor = self._participant(by_phrase or subject)
            if after <= clause.last and tokens[after].lower in self.verbs and not tokens[after].lower.endswith("ing"):
                after += 1  # the event noun is the subject: "the attack killed 30 rebels"
            recipient = self._participant(self._object_after(tokens, after, clause, head))
        if actor and recipient and actor.mention.overlaps(recipient.mention):
            recipient = None
        actors = (*self._conjuncts(tokens, actor, clause), actor) if actor and not passive else (actor,)
        return tuple(p for p in actors if p), tuple(p for p in (recipient,) if p), passive

    def _conjuncts(self, tokens: list[Token], actor: Participant, clause: Clause) -> tuple[Participant, ...]:
        """The actors coordinated before ``actor``: "Officials from Ethiopia and Eritrea met" names both."""
        first = next((j for j, t in enumerate(tokens) if t.start == actor.mention.start), None)
        if first is None or first - 2 < clause.first or tokens[first - 1].lower != "and":
            return ()
        found = self._participant(self._subject_before(tokens, first - 1, clause))
        return (found,) if found is not None and found.mention.end <= actor.mention.start else ()

    def _subject_before(self, tokens: list[Token], end: int, clause: Clause) -> Label | None:
        """The noun phrase ending just before token ``end``, skipping commas around parenthetical segments.

        After a comma, a participle ("..., demanding independence") takes the subject of the clause before.
        """
        participial = tokens[end].lower.endswith("ing") if end < len(tokens) else False
        k = end - 1
        while k >= 0 and tokens[k].text == ",":
            start = k - 1
            while start >= 0 and tokens[start].text not in {",", ";", ":", "“", "”", '"'}:
                start -= 1
            segment = tokens[start + 1 : k]
            if segment and (
                segment[0].lower in RELATIVES or segment[0].lower in PREPOSITIONS or segment[0].lower.endswith("ly")
            ):
                k = start
                continue
            if participial and segment:
                return self._noun_phrase(tokens, start + 1, k)
            k -= 1
            break
        if k < 0 or not _nounish(tokens[k]) or tokens[k].lower in self.verbs:
            return None
        start = k
        while start - 1 >= 0 and not _stops_backward(tokens[start - 1]) and not self._finite(tokens, start - 1):
            start -= 1
        return self._noun_phrase(tokens, start, k + 1)

    def _finite(self, tokens: list[Token], i: int) -> bool:
        """Whether token ``i`` is a verb that ends a subject found walking backwards: not an adjectival
        participle ("the occupied"), nor a reduced relative ("forces deployed in ...")."""
        token = tokens[i]
        if token.lower not in self.verbs or _after_modifier(tokens, i):
            return False
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        reduced = token.lower.endswith("ed") and following in PREPOSITIONS and tokens[i - 1].lower not in AUXILIARIES
        return not reduced

    def _main_verb_before(self, tokens: list[Token], clause: Clause, i: int) -> int | None:
        """The verb a nominal trigger depends on: the nearest before it that is not a bare participle
        ("incidents recorded as"), else the clause's first verb."""
        candidates = [j for j in range(clause.first, i) if tokens[j].lower in self.verbs]
        for j in reversed(candidates):
            bare_participle = tokens[j].lower.endswith("ed") and tokens[j - 1].lower not in AUXILIARIES
            if not bare_participle:
                return j
        return candidates[0] if candidates else None

    def _clause_subject(self, tokens: list[Token], clause: Clause) -> Label | None:
        """The clause's opening noun phrase, after fronted phrases ("On Tuesday, ...", "Meanwhile, ...")."""
        i = clause.first
        if tokens[i].lower in CLAUSE_WORDS or tokens[i].lower in {"and", "but", "or"}:
            i += 1
        while True:
            comma = next((j for j in range(i, clause.last + 1) if tokens[j].text == ","), None)
            if comma is None or not _fronted(tokens[i:comma]):
                break
            i = comma + 1
        if i > clause.last:
            return None
        return self._noun_phrase(tokens, i, clause.last + 1)

    def _object_after(self, tokens: list[Token], i: int, clause: Clause, head: Match) -> Label | None:
        """The recipient phrase: after a trigger's closing preposition, else the direct object when it names an
        actor, else "against/with/on/to X"."""
        if tokens[head.last].lower in {"on", "upon", "with", "against", "for", "to"}:
            return self._noun_phrase(tokens, i, clause.last + 1)
        if head.size > 1 and tokens[head.last].lower in PREPOSITIONS:
            return None  # "demonstrated outside parliament": a place, not a recipient
        if i <= clause.last and tokens[i].lower not in PREPOSITIONS and head.trigger.category not in OWN_MEANS:
            direct = self._noun_phrase(tokens, i, clause.last + 1)
            if direct and self._participant(direct):
                return direct
        for j in range(i, clause.last):
            word, following = tokens[j].lower, tokens[j + 1]
            if tokens[j].text in {",", ";"}:
                break
            if word in {"against", "with", "on"} or (
                word == "to" and (following.text[0].isupper() or following.lower in DETERMINERS)
            ):
                found = self._noun_phrase(tokens, j + 1, clause.last + 1)
                if found and self._participant(found):
                    return found
        return None

    def _between(self, tokens: list[Token], i: int, clause: Clause) -> tuple[Participant, ...]:
        """The sides of a nominal event named right after it: "talks between X and Y", "clashes between the two
        sides". Both sides are actors; a phrase that names no country or sector ("the two sides") is kept as
        the text's own label, since "between" marks it as a party."""
        if i > clause.last or tokens[i].lower != "between":
            return ()
        sides = []
        start = i + 1
        while start <= clause.last:
            label = self._noun_phrase(tokens, start, clause.last + 1)
            if label is None:
                break
            sides.append(self._participant(label) or Participant(label.span, label.text, None, None, label.entity))
            end = next(j for j, t in enumerate(tokens) if t.end == label.span.end)
            if end + 1 > clause.last or tokens[end + 1].lower != "and":
                break
            start = end + 2
        return tuple(sides)

    def _by_phrase(self, tokens: list[Token], i: int, clause: Clause) -> Label | None:
        for j in range(i, clause.last):
            if tokens[j].lower == "by":
                return self._noun_phrase(tokens, j + 1, clause.last + 1)
        return None

    def _noun_phrase(self, tokens: list[Token], start: int, limit: int) -> Label | None:
        """The noun phrase from ``start``: cut at a verb, a clause boundary or a locative preposition."""
        while start < limit and (tokens[start].text[0].isdigit() or tokens[start].lower in _QUANTITY_WORDS):
            start += 1
        end = start
        while end < limit:
            token = tokens[end]
            following = tokens[end + 1] if end + 1 < limit else None
            if end > start and (
                token.lower in LOCATIVE or token.lower in {"to", "as", "by", "for"} or _verbish(token, following)
            ):
                break
            if _stops_backward(token) or token.lower in AUXILIARIES - {"’s", "'s"}:
                break
            if end > start and token.lower in self.verbs and not _after_modifier(tokens, end):
                break
            end += 1
        while end > start and tokens[end - 1].lower in PREPOSITIONS:
            end -= 1  # "Ukraine of (shelling)"
        if end == start or _verbish(tokens[start], tokens[start + 1] if start + 1 < limit else None):
            return None
        span = Span(tokens[start].start, tokens[end - 1].end)
        for time in self.times:
            if time.mention.overlaps(span):
                return None
        entity = self._entity_of(span)
        return Label(span, span.of(self.text), entity, self.entity_names.get(entity) if entity else None)

    def _entity_of(self, span: Span) -> str | None:
        best, best_size = None, 0
        for mention, entity in [*self.entity_mentions, *self.coref]:
            if mention.overlaps(span):
                size = min(mention.end, span.end) - max(mention.start, span.start)
                if size * 10 >= len(span) * 6 and size > best_size:
                    best, best_size = entity, size
        return best

    def _participant(self, label: Label | None) -> Participant | None:
        if label is None:
            return None
        if label.text.lower() in PRONOUNS and label.entity is None:
            return None
        normal = normalize_actor(label.entity_name or label.text, self.countries)
        if normal.country is None and normal.sector is None:
            if label.text.lower().split()[-1] in _PARTY_NOUNS:
                return Participant(label.span, label.text, None, None, label.entity)  # "both sides"
            if label.entity is None:
                return None
            normal = normalize_actor(label.text, self.countries)
        return Participant(label.span, normal.actor, normal.country, normal.sector, label.entity)

    # ---- places, quantities, time ---------------------------------------------------------------------------

    def _places(self, trigger: Span, clause: Span, sentence: Span) -> tuple[str, ...]:
        region = self._quote_region(trigger)
        candidates = [
            p
            for p in self.places
            if sentence.contains(p.mention)
            and self._quote_region(p.mention) == region
            and lookup_demonym(p.mention.of(self.text)) is None
        ]
        in_clause = [p for p in candidates if clause.contains(p.mention)]
        return tuple(p.id for p in (in_clause or candidates))

    def _quantities(self, clause: Span, sentence: Span, others: list[Span]) -> tuple[str, ...]:
        """The quantities of the clause, else those of the sentence that no other event's clause holds."""
        in_clause = [q.id for q in self.quantities if clause.contains(q.mention)]
        return tuple(
            in_clause
            or (
                q.id
                for q in self.quantities
                if sentence.contains(q.mention) and not any(o.contains(q.mention) for o in others)
            )
        )

    def _quote_region(self, span: Span) -> str | None:
        inner = [s for s in self.statements if s.content.contains(span)]
        return min(inner, key=lambda s: len(s.content)).id if inner else None

    def _time(self, index: int, trigger: Span, clause: Span, statement: Statement | None, relation: str) -> str | None:
        sentence = self.sentences[index].span
        region = self._quote_region(trigger)
        in_sentence = [
            t for t in self.times if sentence.contains(t.mention) and self._quote_region(t.mention) == region
        ]
        in_clause = [t for t in in_sentence if clause.contains(t.mention)]
        for pool in (in_clause, in_sentence):
            if pool:
                return min(pool, key=lambda t: abs(t.mention.start - trigger.start)).id
        if self._continues_previous(index) and index > 0:
            previous = self.sentences[index - 1].span
            earlier = [t for t in self.times if previous.contains(t.mention)]
            if earlier:
                return earlier[-1].id
        if statement is not None and relation == "content":
            root = self._root(statement)
            return self._speech_time(root) if root.kind in SAY_STATUS_KINDS else None
        paragraph = self.sentences[index].paragraph
        earlier = [
            t
            for s in self.sentences[:index]
            if s.paragraph == paragraph
            for t in self.times
            if s.span.contains(t.mention) and self._quote_region(t.mention) is None
        ]
        return earlier[-1].id if earlier else None

    def _sequenced_phrase(self, tokens: list[Token], match: Match) -> Span | None:
        """The nominal "after ..." / "before ..." / "following ..." phrase holding a trigger, to the next comma or
        the sentence end: its events ("after fighting in which thousands were killed") happen before or after
        the main clause's time, not at it. An "after" clause with its own verb ("spiralled after rebels
        shelled ...") tells the cause, at about the same time, and keeps it."""
        for j in range(match.first - 1, -1, -1):
            if _breaks(tokens, j):
                return None
            if tokens[j].lower in _SEQUENCE and (j == 0 or tokens[j - 1].lower not in DETERMINERS):
                end = next((k for k in range(match.last, len(tokens)) if _breaks(tokens, k)), len(tokens))
                opening = itertools.takewhile(lambda k: tokens[k].lower not in RELATIVES, range(j + 1, end))
                if any(self._finite_verb(tokens, k) for k in opening):
                    return None
                return Span(tokens[j].start, tokens[end - 1].end)
        return None

    def _finite_verb(self, tokens: list[Token], k: int) -> bool:
        word = tokens[k].lower
        return word in self.verbs and not word.endswith("ing") and not _after_modifier(tokens, k)

    def _time_span(self, time_id: str) -> Span:
        return next(t.mention for t in self.times if t.id == time_id)

    def _speech_time(self, statement: Statement) -> str | None:
        root = self._root(statement)
        home = next((s.span for s in self.sentences if s.span.overlaps(root.content)), None)
        if home is None:
            return None
        outside = [t for t in self.times if home.contains(t.mention) and not root.content.overlaps(t.mention)]
        return outside[0].id if outside else None

    def _root(self, statement: Statement) -> Statement:
        seen = {statement.id}
        while statement.continuation_of and statement.continuation_of in self.by_statement_id:
            statement = self.by_statement_id[statement.continuation_of]
            if statement.id in seen:
                break
            seen.add(statement.id)
        return statement

    # ---- source and status ----------------------------------------------------------------------------------

    def _statement_for(self, trigger: Span, sentence: Sentence) -> tuple[Statement | None, str]:
        """The statement that reports the trigger, and how: "content", "cue" or "frame" (relayed)."""
        inner = [s for s in self.statements if s.content.contains(trigger)]
        if inner:
            return min(inner, key=lambda s: len(s.content)), "content"
        for s in self.statements:
            if s.cue is not None and s.cue.overlaps(trigger):
                return s, "cue"
        for s in self.statements:
            if sentence.span.overlaps(s.content) and s.relayed_by is not None and not s.content.contains(trigger):
                return s, "frame"
        return None, ""

    def _continues_previous(self, index: int) -> bool:
        """Whether sentence ``index`` is an "According to X, the ..." sentence about the previous one's events."""
        sentence = self.sentences[index].span
        for s in self.statements:
            if s.kind == "according_to" and s.cue is not None and sentence.contains(s.cue):
                opening = self.text[sentence.start : s.cue.start].strip()
                first_word = s.content.of(self.text).split()[:1]
                if not opening and first_word and first_word[0].lower() in ANAPHORIC:
                    return True
        return False

    def _witness(self, tokens: list[Token], clause: Clause, head: Match) -> Label | None:
        """Who counted or recorded a nominal event: "observers counted 23 explosions" (they assert them)."""
        if self._finite_trigger(tokens, head):
            return None
        verb = self._main_verb_before(tokens, clause, head.first)
        if verb is None or tokens[verb].lower not in EVIDENTIAL_VERBS:
            return None
        return self._subject_before(tokens, _verb_group_start(tokens, verb), clause)

    def _asserter(
        self,
        index: int,
        statement: Statement | None,
        relation: str,
        head: Match,
        actors: tuple[Participant, ...],
        witness: Label | None = None,
    ) -> Asserter:
        if statement is not None and relation in {"content", "cue"}:
            return self._source(statement)
        if statement is not None and relation == "frame":
            return Asserter("source", statement.relayed_by_name, statement.relayed_by, statement.id)
        if witness is not None:
            return Asserter("source", witness.entity_name or witness.text, witness.span, None)
        sentence = self.sentences[index].span
        has_own = any(sentence.overlaps(s.content) for s in self.statements)
        if not has_own and index + 1 < len(self.sentences) and self._continues_previous(index + 1):
            following = self.sentences[index + 1].span
            for s in self.statements:
                if s.kind == "according_to" and s.cue is not None and following.contains(s.cue):
                    return self._source(s)
        if head.trigger.speech and actors:
            actor = actors[0]
            name = self.entity_names.get(actor.entity or "") or actor.mention.of(self.text)
            return Asserter("source", name, actor.mention, None)
        return Asserter("article", None, None, None)

    def _source(self, statement: Statement) -> Asserter:
        root = self._root(statement)
        speaker = statement if statement.speaker_name or statement.speaker_mention else root
        name = (
            speaker.speaker_name
            or (self.entity_names.get(speaker.speaker_entity or ""))
            or (self.doc.span_text(speaker.speaker_mention) or None)
        )
        return Asserter("source", name, speaker.speaker_mention, statement.id)

    def _status(
        self,
        index: int,
        tokens: list[Token],
        head: Match,
        statement: Statement | None,
        relation: str,
        time: str | None,
        before: list[str],
    ) -> str:
        words = [t.lower for t in tokens]
        if any(w in DENIALS for w in words[: head.first]):
            return "denied"
        if _has_phrase(words, CONDITIONAL) or ("either" in words and "or" in words[words.index("either") :]):
            return "conditional"
        if statement is not None and relation == "content" and self._root(statement).kind in SAY_STATUS_KINDS:
            return "reported_statement"
        if self._is_background(time) or (statement is None and "had" in before[-3:] and head.trigger.verbal):
            return "background"
        if head.trigger.speech or (statement is not None and relation == "cue"):
            return "reported_statement"
        return "reported"

    def _is_background(self, time_id: str | None) -> bool:
        published = self.doc.meta.published
        if time_id is None or published is None:
            return False
        time = next(t for t in self.times if t.id == time_id)
        last = _last_day(time)
        return last is not None and last < published - BACKGROUND_AFTER


_QUANTITY_WORDS = frozenset(
    """over nearly about around some almost more than less fewer at least up to dozens hundreds thousands millions
    scores of""".split()
)
_OPENERS = frozenset({"“", '"', "("})
_PARTY_NOUNS = frozenset("sides parties countries nations neighbours neighbors rivals allies".split())
"""Head nouns that name the parties of an event without a country or sector: "both sides", "the two countries"."""
_FRONTED_SUBORDINATORS = frozenset("if unless when while after before because although though once as".split())
_SEQUENCE = frozenset("after before following".split())
_FAILED = frozenset("fail fails failed failing refrain refrained".split())
_TIME_WORDS = frozenset("yesterday today tonight last this next earlier overnight".split())
_CONJUNCTIONS = frozenset("and or but nor as than so".split())
_SEGMENT_MARKS = frozenset({",", ";", "“", "”", '"', "(", ")"})
OWN_MEANS = frozenset({"MOBILIZE", "RETREAT", "AID"})
"""Categories whose direct object is the actor's own forces or goods ("deployed troops"), not a recipient."""


COREF_SENTENCES = 5
"""How many sentences back a definite reference ("the meeting") may find the event it repeats."""
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|the same)\s+$")


def _numbered(events: list[Event]) -> list[Event]:
    """Events renumbered v1, v2, ... in text order (after repeated mentions were folded)."""
    return [replace(event, id=f"v{i}") for i, event in enumerate(events, 1)]


def _last_day(time: TimeExpr) -> dt.date | None:
    text = time.interval[1] if time.interval else (time.value or "").split("/")[-1]
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return dt.date(int(year), int(month), int(day))
    if month:
        return dt.date(int(year), int(month), 28)
    return dt.date(int(year), 12, 31)


def _in_list(tokens: Sequence[Token], i: int) -> bool:
    """Whether the "and" at ``i`` closes a list of names ("Aghdam, Shusha, and Kalbajar")."""
    return tokens[i - 2].text[0].isupper() and i + 1 < len(tokens) and tokens[i + 1].text[0].isupper()


def _has_phrase(words: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> bool:
    firsts = {p[0] for p in phrases}
    return any(
        tuple(words[i : i + len(p)]) == p
        for i, word in enumerate(words)
        if word in firsts
        for p in phrases
        if p[0] == word
    )


def _deontic(words: Sequence[str]) -> bool:
    return any(w in DEONTIC for w in words) or any(f"{a} {b}" in DEONTIC for a, b in itertools.pairwise(words))


def _verb_group_start(tokens: list[Token], i: int) -> int:
    """Where the verb group before token ``i`` starts: "has been", "attempted to", "was immediately"."""
    while i > 0:
        previous = tokens[i - 1].lower
        if previous in AUXILIARIES or (previous.endswith("ly") and previous not in {"only", "early"}):
            i -= 1
        elif previous == "to" and i > 1 and tokens[i - 2].text[0].isalpha():
            i -= 2  # catenative verb: "attempted to", "decided to"
        else:
            break
    return i


def _after_modifier(tokens: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` follows a determiner, a preposition or an adverb: an adjective, not a verb."""
    previous = tokens[i - 1].lower if i > 0 else ""
    return previous in DETERMINERS or previous in PREPOSITIONS or previous.endswith("ly")


def _nounish(token: Token) -> bool:
    return token.text[0].isalnum() and token.lower not in PREPOSITIONS and token.lower not in DETERMINERS


def _stops_backward(token: Token) -> bool:
    return (
        (not token.text[0].isalnum() and token.text not in {"’", "'", "-"})
        or token.lower in CLAUSE_WORDS
        or token.lower in {"and", "but", "after", "as", "so", "then"}
    )


def _verbish(token: Token, following: Token | None) -> bool:
    """A participle or past tense verb ending a noun phrase: "deployed in", "committed 15", "living in"."""
    word = token.lower
    if not (word.endswith(("ed", "ing")) and len(word) > 4) or following is None:
        return False
    return (
        following.lower in PREPOSITIONS
        or following.lower in DETERMINERS
        or following.text[0].isdigit()
        or following.lower in PRONOUNS
    )


def _breaks(tokens: Sequence[Token], k: int) -> bool:
    """A comma, semicolon or colon that ends a phrase (not the comma of "6,000")."""
    if tokens[k].text not in {",", ";", ":"}:
        return False
    digits = 0 < k < len(tokens) - 1 and tokens[k - 1].text[-1].isdigit() and tokens[k + 1].text[0].isdigit()
    return not (tokens[k].text == "," and digits)


def _rank(match: Match) -> int:
    return RANK.get(match.trigger.category, 0)


def _noun_use(tokens: Sequence[Token], match: Match) -> bool:
    """Whether a verb trigger stands as a noun: "the fight", "this jail", "Rebel's attack", "Clashes erupted"."""
    if not _verb_first(match):
        return False
    i = _verb_group_start(tokens, match.first)
    if i == 0:
        return i == match.first and tokens[i].text[0].isupper()
    previous = tokens[i - 1].lower
    return (
        previous in DETERMINERS or previous in PREPOSITIONS or previous.endswith(("’s", "'s")) or previous in _OPENERS
    )


def _tense(token: Token) -> str:
    """A crude verb form class, to tell coordinated verbs ("deployed ... and shelled") from a verb and an
    infinitive it governs ("refused to allow ... and evacuate")."""
    return next((suffix for suffix in ("ed", "ing", "s") if token.lower.endswith(suffix)), "")


def _verb_first(match: Match) -> bool:
    """Whether a trigger starts with its verb ("open+ fire", "shell"), not with a noun ("fire ... open+")."""
    return match.trigger.verbal and (match.trigger.phrase.split()[0].endswith("+") or match.size == 1)


def _fronted(segment: Sequence[Token]) -> bool:
    """Whether a comma-ended opening segment is a fronted phrase rather than the subject."""
    if not segment:
        return True
    first = segment[0].lower
    return (
        first in PREPOSITIONS
        or first.endswith(("ly", "ing"))
        or first in {"meanwhile", "however", "therefore", "moreover", "also", "as", "following", "later", "earlier"}
        or (len(segment) <= 3 and segment[-1].text[0].isdigit())
    )


def iter_triggers(text: str) -> Iterator[tuple[str, str]]:
    """(trigger text, category) pairs the lexicon finds in ``text``: for inspecting the lexicon."""
    tokens = [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    for match in TriggerMatcher(triggers()).find(tokens):
        yield text[tokens[match.first].start : tokens[match.last].end], match.trigger.category
