"""Named entities by rule: capitalised word sequences, typed by titles, head words, lexicons and context.

A sequence of capitalised words (joined across "of" after a head word: "Ministry of Defense of
Azerbaijan") is typed by the first cue that fits: a title makes a person ("President Ilham Aliyev"),
a web-style name or a news head word an outlet ("President.Az", "Daily News"), an organisation head
word an organisation ("Defense Ministry"), a plural demonym a group ("Karabakh Armenians"), a country
name or a place word a place. Lower-case heads after a country or demonym ("Armenian media", "the
government of Azerbaijan") make organisations too. Mentions of one entity are then merged: a person's
surname or titled short form joins the fullest name; organisations with the same words and country join.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from unspin.actors import SECTOR_WORDS
from unspin.annotations import Entity, EntityLabel, Sentence
from unspin.countries import capitals, country_names
from unspin.cue_verbs import utterance_forms
from unspin.demonyms import lookup_demonym
from unspin.document import Document
from unspin.names import Title, is_short_form, title_abbreviations, title_at
from unspin.registry import stage
from unspin.spans import Span

ORG_HEADS = frozenset(
    """Ministry Army Government Council Agency Party Committee Court Parliament Assembly Commission Office
    Service Services Bank Union Front Forces Force Guard Guards Department Embassy Media University
    Organization Organisation Federation Movement Institute Corporation Company Authority Authorities
    Cabinet Senate Congress Administration Brigade Battalion Regiment Command Fund Church Alliance
    Coalition Foundation Association Bureau Police Navy Militia Group Directorate Secretariat Tribunal
    Duma Inc Ltd Corp Staff Headquarters Presidency Mission Council""".split()
)
"""Capitalised words that make the sequence they end or head an organisation."""

LOWERCASE_ORG_HEADS = frozenset(
    "government ministry army parliament authorities navy police cabinet media presidency".split()
)
"""Lower-case heads that name an organisation after a country or demonym, or before "of <country>"."""

OUTLET_HEADS = frozenset(
    """News Times Post Press TV Television Radio Journal Gazette Herald Tribune Telegraph Daily Broadcasting
    Channel Wire Magazine Newspaper Dispatch Chronicle Courier""".split()
)

KNOWN_OUTLETS = frozenset(
    """Reuters AFP AP TASS Interfax Xinhua Anadolu Bloomberg BBC CNN Sputnik RIA Novosti Al Jazeera Euronews
    Politico Axios NPR""".split()
) | frozenset(["Associated Press", "Agence France-Presse", "RIA Novosti", "Al Jazeera", "Fox News"])
"""International news agencies and broadcasters, named without any head word that would type them."""

_WEB_NAME = re.compile(
    r"^[A-Za-z][\w-]+\.(?:az|am|ru|ge|ua|tr|ir|by|kz|uz|com|net|org|info|news|co|uk|us|de|fr)$", re.IGNORECASE
)

KNOWN_ORGANISATIONS = frozenset(
    """Kremlin Pentagon Hamas Hezbollah Taliban Houthis Vatican Elysee Élysée Quai Wagner Fatah Bundestag Knesset
    Duma Rada Sejm Storting Eurostat Interpol Europol Frontex Gazprom""".split()
) | frozenset(["White House", "Downing Street", "Islamic State", "Red Cross", "Red Crescent"])
"""Organisations named without any head word that would type them ("the Kremlin said")."""

PLACE_HEADS = frozenset(
    """Region Province District City Village Sea Ocean River Mountains Mountain Valley Strip Gulf Bay Lake
    Island Islands Peninsula Oblast County Corridor Republic Kingdom Desert Plain Plateau Highlands Heights
    Pass Square Street Avenue Airport Port Border""".split()
)
"""Capitalised words that make their sequence a place ("Black Sea", "Republic of Armenia")."""

PLACE_NOUNS = frozenset(
    """region regions province provinces district districts city cities village villages town towns oblast
    county river valley mountains corridor settlement settlements area areas border borders capital
    suburb suburbs neighbourhood neighborhood""".split()
)
"""Lower-case words after (or before "of") a name that make it a place ("the Karabakh region")."""

PLACE_PREPOSITIONS = frozenset("in near outside around across into inside throughout".split())

OF_HEADS = (
    ORG_HEADS
    | PLACE_HEADS
    | frozenset("President Minister Secretary Prime Governor Mayor Ambassador Chairman Head Chief Bank".split())
)
"""Words after which "of" joins the next capitalised words into the same name."""

OUTLET_CUES_AFTER = frozenset("reported reports quoted cited wrote writes".split())
OUTLET_CUES_BEFORE = re.compile(
    r"(?:\btold|\binterview with|\bquoted by|\bcited by|\bnews agency|\bnewspaper|\bbroadcaster|\bchannel"
    r"|\bwebsite|\boutlet|\bagency|\bportal)\s+(?:the\s+)?$"
)

FUNCTION_WORDS = frozenset(
    """a an the this that these those there here it its they them their we our us i my me you your he him his
    she her and or but nor so yet for if then than when while where whereas although though because since
    as after before during following until unless despite however meanwhile therefore thus hence also
    moreover furthermore nevertheless nonetheless instead only not no yes both either neither each every
    all any some many most much more few several such other another what which who whom whose why how in
    on at by from to of with without about above below over under between among against into onto upon
    through throughout within across along around near according amid earlier later today yesterday
    tomorrow now still even just once again first second third last next finally indeed perhaps
    overall nearly almost shortly""".split()
)
"""Words that start sentences in capitals without being names."""

COMMON_NOUNS = frozenset(w for words in SECTOR_WORDS.values() for w in words if " " not in w) | frozenset(
    "witnesses witness sources source analysts experts observers diplomats lawmakers leaders".split()
)
"""Actor nouns that start sentences in capitals ("Officials said ...") without naming anyone."""

TIME_WORDS = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December""".split()
)


_SPEECH_AFTER = re.compile(
    rf"(?:,\s+(?:however|though|meanwhile|too|in turn),)?\s+(?:(?:has|had|also|later|then)\s+)*"
    rf"(?:{'|'.join(sorted(utterance_forms(), key=len, reverse=True))})\b"
)
"""A verb of saying after a bare name: the name is a person's ("Haddad said"), unless it is a capital."""
_WORD = re.compile(r"[^\W_](?:[\w’'&.\-]*[^\W_])?")
_ACRONYM = re.compile(r"^(?:[A-Z]{2,}|(?:[A-Z]\.){2,})$")
_ACRONYM_PLURAL = re.compile(r"^[A-Z]{2,}s$")
_OPENING = "“‘«„\"'("


PlaceLookup = Callable[[str], str | None]
"""A name -> "primary" (a place's own name), "alternate" (another spelling of one) or None."""


def gazetteer_lookup() -> PlaceLookup:
    """Place lookups in the shared gazetteer when it is installed, else in the country names only."""
    if importlib.util.find_spec("unspin.gazetteer") is None:
        return lambda name: "primary" if name in country_names() else None
    from unspin.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()

    def lookup(name: str) -> str | None:
        entries = gazetteer.lookup(name)
        if not entries:
            return None
        return "primary" if any(e.primary for e in entries) else "alternate"

    return lookup


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    possessive: bool = False

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Mention:
    """One typed mention before merging. ``weak`` labels (unknown, gazetteer-only) may yield to a person.

    ``key`` groups mentions of one entity (with ``country``); persons are grouped by name instead.
    """

    span: Span
    label: EntityLabel
    name: str
    titles: tuple[str, ...] = ()
    country: str | None = None
    weak: bool = False
    key: tuple[object, ...] = ()
    initial: bool = False
    """An unknown word that starts a sentence: kept only if it is named elsewhere or joins a person."""


@dataclass
class _Group:
    label: EntityLabel
    mentions: list[Mention] = field(default_factory=list)


def lowercase_words(text: str) -> set[str]:
    """The words ``text`` writes in lower case: a capitalised one among them is not a name at a sentence start."""
    return {w.lower() for w in re.findall(r"\b[a-z][a-z’'-]*\b", text)}


def tokens(text: str, start: int, end: int) -> list[_Token]:
    """Words of ``text[start:end]``, possessive endings cut off, abbreviation stops kept ("Gen.", "U.S.")."""
    found = []
    abbreviations = title_abbreviations()
    for match in _WORD.finditer(text, start, end):
        s, e, word = match.start(), match.end(), match.group()
        possessive = False
        if word.endswith(("’s", "'s")) and len(word) > 2:
            e, word, possessive = e - 2, word[:-2], True
        elif word.endswith(("s’", "s'")):
            e, word, possessive = e - 1, word[:-1], True
        if (
            e < end
            and text[e : e + 1] == "."
            and (word in abbreviations or re.fullmatch(r"[A-Z]|(?:[A-Z]\.)+[A-Z]", word))
        ):
            e, word = e + 1, word + "."
        found.append(_Token(s, e, word, possessive))
    return found


class EntityRecogniser:
    """Finds, types and merges the named entities of a document."""

    def __init__(self, place_lookup: PlaceLookup) -> None:
        self.place_lookup = place_lookup
        self.countries = country_names()

    def __call__(self, doc: Document) -> list[Entity]:
        return merge_mentions(self.mentions(doc))

    def mentions(self, doc: Document) -> list[Mention]:
        """The typed name mentions of ``doc`` in text order, before they are merged into entities."""
        text = doc.text
        lowercase = lowercase_words(text)
        mentions: list[Mention] = []
        for sentence in doc.layer("sentences"):
            mentions.extend(self._sentence_mentions(text, sentence, lowercase))
        _propagate_places(text, mentions)
        return mentions

    # -- finding capitalised runs ---------------------------------------------------------------
    def _sentence_mentions(self, text: str, sentence: Sentence, lowercase_words: set[str]) -> Iterator[Mention]:
        words = tokens(text, sentence.span.start, sentence.span.end)
        for run in self._runs(text, words, sentence.span.start, lowercase_words):
            mention = self._classify(text, run)
            if mention is not None:
                mention.initial = mention.label == "other" and _starts_clause(text, sentence.span.start, run[0].start)
                yield mention

    def _runs(self, text: str, words: list[_Token], sentence_start: int, lowercase: set[str]) -> Iterator[list[_Token]]:
        run: list[_Token] = []
        i = 0
        while i < len(words):
            token = words[i]
            if token.capitalised and token.text not in TIME_WORDS and token.text != "I":
                if run and not _adjacent(text, run[-1], token):
                    yield from self._trimmed(text, run, sentence_start, lowercase)
                    run = []
                run.append(token)
                if token.possessive:
                    yield from self._trimmed(text, run, sentence_start, lowercase)
                    run = []
                i += 1
                continue
            joined = self._join_of(text, run, words, i)
            if joined:
                run.extend(words[i : i + joined])
                i += joined
                continue
            if run:
                yield from self._trimmed(text, run, sentence_start, lowercase)
                run = []
            i += 1
        if run:
            yield from self._trimmed(text, run, sentence_start, lowercase)

    @staticmethod
    def _join_of(text: str, run: list[_Token], words: list[_Token], i: int) -> int:
        """How many connector words ("of", "of the") join ``run`` to the capitalised word after them."""
        if not run or run[-1].possessive or words[i].text != "of":
            return 0
        if run[-1].text not in OF_HEADS and not any(t.text in ORG_HEADS for t in run):
            return 0
        size = 2 if i + 1 < len(words) and words[i + 1].text == "the" else 1
        if i + size < len(words) and words[i + size].capitalised and words[i + size].text not in TIME_WORDS:
            chain = [run[-1], *words[i : i + size + 1]]
            if all(_adjacent(text, a, b) for a, b in itertools.pairwise(chain)):
                return size
        return 0

    def _trimmed(
        self, text: str, run: list[_Token], sentence_start: int, lowercase: set[str]
    ) -> Iterator[list[_Token]]:
        """The run without a sentence-initial function word, and without dangling connectors."""
        first = run[0]
        initial = _starts_clause(text, sentence_start, first.start)
        function_word = initial and self.is_function_word(first.text, lowercase)
        article = first.text == "The" and len(run) > 1 and self.place_lookup(" ".join(t.text for t in run)) != "primary"
        if function_word or article:
            run = run[1:]
        while run and run[-1].text in ("of", "the"):
            run = run[:-1]
        if run:
            yield run

    def is_function_word(self, word: str, lowercase: set[str]) -> bool:
        if title_at([word], 0) or lookup_demonym(word) or word in self.countries or word in KNOWN_OUTLETS:
            return False
        lower = word.lower()
        return (
            lower in FUNCTION_WORDS
            or lower in COMMON_NOUNS
            or lower in lowercase
            or (lower.endswith("ly") and len(lower) > 4)
        )

    # -- typing -------------------------------------------------------------------------------
    def _classify(self, text: str, run: list[_Token]) -> Mention | None:
        words = [t.text for t in run]
        span = Span(run[0].start, run[-1].end)
        name = span.of(text)
        person = self.person(text, run)
        if person is not None:
            return person
        if any(_WEB_NAME.match(w) for w in words):
            return Mention(span, "outlet", name, key=("outlet", name))
        if name in KNOWN_OUTLETS or words[-1] in OUTLET_HEADS:
            return Mention(span, "outlet", name, key=("outlet", name))
        country = self.country(words)
        if name in KNOWN_ORGANISATIONS:
            return self.organisation(span, name, words, None)
        if len(words) > 1 and self.place_lookup(name) == "primary":
            return Mention(span, "place", name, country=country, key=("place", name))
        if any(w in ORG_HEADS for w in words):
            return self.organisation(span, name, words, country)
        if len(words) == 1 and _ACRONYM.match(name) and name not in self.countries:
            return self.organisation(span, name, words, None)
        if len(words) == 1 and _ACRONYM_PLURAL.match(name):
            return Mention(span, "group", name, key=("group", name))
        demonym = lookup_demonym(words[-1])
        if demonym is not None and demonym.plural:
            return Mention(span, "group", name, country=demonym.country, key=("group", name))
        lowercase_org = self._lowercase_organisation(text, run, country)
        if lowercase_org is not None:
            return lowercase_org
        if all(lookup_demonym(w) for w in words):
            return None
        if name in self.countries:
            return Mention(span, "place", name, country=self.countries[name], key=("place", name))
        if words[-1] in PLACE_HEADS or _place_context(text, span):
            return Mention(span, "place", name, key=("place", name))
        if _outlet_context(text, span):
            return Mention(span, "outlet", name, key=("outlet", name))
        if _SPEECH_AFTER.match(text, span.end) and name not in capitals():
            # "Haddad said ...": a name that speaks is a person, even one the gazetteer knows as a town
            return Mention(span, "person", name, key=("person", name))
        if self.place_lookup(name):
            return Mention(span, "place", name, weak=True, key=("place", name))
        if len(words) > 1 and words[0] in _given_names():
            return Mention(span, "person", name, key=("person", name))
        return Mention(span, "other", name, weak=True, key=("other", name))

    def person(self, text: str, run: list[_Token]) -> Mention | None:
        words = [t.text for t in run]
        # an affiliation may come before the title: "Armenian Prime Minister ...", "NATO Secretary-General ..."
        i = next((k for k in range(min(4, len(words))) if title_at(words, k)), 0)
        start, found = i, []
        title: Title | None
        while i < len(words) and (title := title_at(words, i)) is not None:
            found.append(title.text)
            i += len(title.words)
        if not found or i >= len(words) or words[i] in ("of", "the") or words[i] in ORG_HEADS:
            return None
        name_tokens = run[i:]
        name = text[name_tokens[0].start : name_tokens[-1].end]
        return Mention(Span(run[start].start, run[-1].end), "person", name, tuple(found), key=("person", name))

    def country(self, words: list[str]) -> str | None:
        for word in words:
            if word in self.countries:
                return self.countries[word]
            demonym = lookup_demonym(word)
            if demonym is not None and demonym.country:
                return demonym.country
        return None

    def organisation(self, span: Span, name: str, words: list[str], country: str | None) -> Mention:
        core = frozenset(
            w.lower()
            for w in words
            if w not in ("of", "the", "and") and w not in self.countries and not lookup_demonym(w)
        )
        return Mention(span, "organization", name, country=country, key=("organization", core))

    def _lowercase_organisation(self, text: str, run: list[_Token], country: str | None) -> Mention | None:
        """ "Armenian media", "the Azerbaijani army" (after the run) or "the government of Azerbaijan" (before)."""
        words = [t.text for t in run]
        names_country = " ".join(words) in self.countries or all(lookup_demonym(w) for w in words)
        if country is None or not names_country:
            return None
        after = re.match(r"\s+([a-z]+)\b", text[run[-1].end : run[-1].end + 20])
        if after and after.group(1) in LOWERCASE_ORG_HEADS and not run[-1].possessive:
            end = run[-1].end + after.end()
            name = f"{text[run[0].start : run[-1].end]} {after.group(1)}"
            return self.organisation(Span(run[0].start, end), name, [*words, after.group(1)], country)
        before = re.search(r"\b([a-z]+)\s+of\s+(?:the\s+)?$", text[max(0, run[0].start - 30) : run[0].start])
        if before and before.group(1) in LOWERCASE_ORG_HEADS:
            start = run[0].start - (len(text[max(0, run[0].start - 30) : run[0].start]) - before.start())
            name = f"{before.group(1).capitalize()} of {text[run[0].start : run[-1].end]}"
            return self.organisation(Span(start, run[-1].end), name, [before.group(1), *words], country)
        return None


@cache
def _given_names() -> frozenset[str]:
    from unspin.names import given_names

    return frozenset(given_names())


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    gap = text[left.end : right.start]
    return gap in (" ", "-") or (gap.isspace() and "\n" not in gap)


def _starts_clause(text: str, sentence_start: int, offset: int) -> bool:
    """Whether ``offset`` begins its sentence, or a quotation or parenthesis inside it."""
    before = text[sentence_start:offset].rstrip()
    return not before or before[-1] in _OPENING or before.endswith(("—", "–", ":"))


def _place_context(text: str, span: Span) -> bool:
    after = re.match(r"\s+([a-z]+)\b", text[span.end : span.end + 25])
    if after and after.group(1) in PLACE_NOUNS:
        return True
    before = re.search(r"\b([a-z]+)\s+of\s+$", text[max(0, span.start - 25) : span.start])
    return bool(before and before.group(1) in PLACE_NOUNS)


def _outlet_context(text: str, span: Span) -> bool:
    after = re.match(r"\s+([a-z]+)\b", text[span.end : span.end + 20])
    if after and after.group(1) in OUTLET_CUES_AFTER:
        return True
    return bool(OUTLET_CUES_BEFORE.search(text[max(0, span.start - 30) : span.start]))


def _propagate_places(text: str, mentions: list[Mention]) -> None:
    """Unknown names become places after a place preposition or when listed beside a place."""
    for mention in mentions:
        if mention.label == "other" and after_place_preposition(text, mention.span):
            _make_place(mention, weak=True)
    for _ in range(2):  # forwards and backwards through "A, B, C and D regions"
        for left, right in itertools.pairwise(mentions):
            first, second = sorted((left, right), key=lambda m: m.span)
            gap = text[first.span.end : second.span.start]
            if not re.fullmatch(r",?\s+(?:and|or)\s+|,\s+|\s+and\s+", gap):
                continue
            for a, b in ((left, right), (right, left)):
                if a.label == "place" and not a.weak and b.label in ("other", "place") and b.weak:
                    _make_place(b, weak=False)
        mentions.reverse()


def after_place_preposition(text: str, span: Span) -> bool:
    """Whether a place preposition comes right before ``span`` ("in Decatur", "near the Kura")."""
    before = re.search(r"\b([a-z]+)\s+(?:the\s+)?$", text[max(0, span.start - 20) : span.start])
    return bool(before and before.group(1) in PLACE_PREPOSITIONS)


def _make_place(mention: Mention, *, weak: bool) -> None:
    mention.label, mention.weak, mention.key = "place", weak, ("place", mention.name)


def merge_mentions(mentions: list[Mention]) -> list[Entity]:
    """Mentions grouped into entities: persons by name, organisations by their words and country."""
    groups: list[_Group] = []
    by_key: dict[tuple[object, ...], _Group] = {}
    persons: list[tuple[str, _Group]] = []
    weak: list[Mention] = []
    for mention in mentions:
        if mention.label == "person":
            group = next((g for full, g in persons if _same_person(mention.name, full)), None)
            if group is None:
                group = _Group("person")
                groups.append(group)
            group.mentions.append(mention)
            persons = [(n, g) for n, g in persons if g is not group] + [(_fullest(group), group)]
            continue
        if mention.weak:
            weak.append(mention)
        group = _find_group(by_key, mention)
        if group is None:
            group = _Group(mention.label)
            groups.append(group)
        by_key[(*mention.key, mention.country)] = group
        group.mentions.append(mention)
    for mention in weak:
        person = next((g for full, g in persons if is_short_form(mention.name, full)), None)
        if person is not None:
            for group in groups:
                if mention in group.mentions:
                    group.mentions.remove(mention)
            person.mentions.append(mention)
    groups = [g for g in groups if g.mentions and not all(m.initial for m in g.mentions)]
    for group in groups:
        group.mentions.sort(key=lambda m: m.span)
    groups.sort(key=lambda g: g.mentions[0].span)
    return [_entity(f"e{i}", group) for i, group in enumerate(groups, 1)]


def _find_group(by_key: dict[tuple[object, ...], _Group], mention: Mention) -> _Group | None:
    exact = by_key.get((*mention.key, mention.country))
    if exact is not None or mention.label != "organization":
        return exact
    # an organisation named without its country joins the one named with it, and the other way round
    for (*key, country), group in by_key.items():
        if tuple(key) == mention.key and (country is None or mention.country is None):
            return group
    return None


def _capitalised_name(name: str) -> bool:
    return all(w[:1].isupper() or w in ("of", "the", "and", "for") for w in name.split())


def _same_person(name: str, full: str) -> bool:
    return is_short_form(name, full) or is_short_form(full, name)


def _fullest(group: _Group) -> str:
    return max((m.name for m in group.mentions if m.label == "person"), key=lambda n: len(n.split()))


def _entity(entity_id: str, group: _Group) -> Entity:
    if group.label == "person":
        name = _fullest(group)
    elif group.label == "organization":
        name = max((m.name for m in group.mentions), key=lambda n: (_capitalised_name(n), n.count(" "), len(n)))
    else:
        name = group.mentions[0].name
    titles: list[str] = []
    for mention in group.mentions:
        titles.extend(t for t in mention.titles if t not in titles)
    return Entity(entity_id, name, group.label, tuple(m.span for m in group.mentions), tuple(titles))


@stage("entities.rules.v1", produces="entities", requires=("sentences",))
def rule_entities() -> Callable[[Document], list[Entity]]:
    """Named entities from capitalised words, typed by titles, head words, demonyms and gazetteers."""
    return EntityRecogniser(gazetteer_lookup())
