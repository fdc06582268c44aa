"""Places by gazetteer: capitalised names in the text looked up in GeoNames, filtered and disambiguated.

Candidates are runs of capitalised words (with "of", "and", "de"... inside: "Bosnia and Herzegovina"),
longest match first, so "Soviet Union" wins over "Union". A match is dropped when it is a demonym
("Armenian"), a month or weekday, a title's person ("President Jordan"), part of a web address, part of
a person or outlet the entities layer found, or a small town whose name the article also uses as a
common word ("police") or only sentence-initially ("Most"). A small town also needs support: its
country in the article's focus, or a locative cue ("in", "near", "the town of", "X district").

Disambiguation scores every candidate place: country and region names first, then places in the
article's focus (countries it names, by name or demonym, and their neighbours; first-level regions
it names, such as US states and counties), then places near already resolved ones, then population.
A name followed by ", State" ("Springfield, Illinois", "Lexington, Ky.") is looked for in that state.
Abbreviated state names ("Ky.", "B.C.") count only in that pattern, where they cannot be common words.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from unspin.annotations import Entity, Place, Sentence
from unspin.demonyms import lookup_demonym
from unspin.document import Document
from unspin.gazetteer import Gazetteer, GazetteerEntry, distance_km, normalize_name
from unspin.registry import stage
from unspin.spans import Span
from unspin.stages.sentences import split_sentences

_TOKEN = re.compile(r"[A-Z]\.\s?[A-Z][a-z]?\.(?:\s?[A-Z]\.)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
MAX_TOKENS = 6

CONNECTORS = frozenset("of the and de del da do dos das al el la le les du des van von der den upon on sur y".split())
"""Lower-case words allowed inside a multi-word place name."""

NOT_PLACES = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday god allah""".split()
)
"""Capitalised words that are never place mentions on their own, whatever towns share their names."""

TITLES = frozenset(
    """president presidents mr mrs ms dr prof professor gen general sen senator rep gov governor king queen prince
    princess pope sheikh emir sultan chancellor ambassador secretary colonel col captain capt lt lieutenant
    commander judge justice mayor lord lady sir cardinal bishop rabbi imam ayatollah spokesman spokeswoman
    chairman chairwoman speaker minister premier sergeant sgt major marshal admiral adm""".split()
)
"""Words before a person's name: the next capitalised word is a person, not a place."""

LOCATIVES = frozenset(
    "in at near outside from to into toward towards around across throughout via between inside within".split()
)
FEATURE_WORDS: dict[str, str] = {
    "region": "district",
    "regions": "district",
    "district": "district",
    "districts": "district",
    "rayon": "district",
    "raion": "district",
    "municipality": "district",
    "county": "district",
    "province": "region",
    "provinces": "region",
    "oblast": "region",
    "governorate": "region",
    "city": "city",
    "cities": "city",
    "town": "town",
    "towns": "town",
    "village": "town",
    "villages": "town",
}
"""A word after a place name and the precision it gives a town-level place ("Kalbajar district")."""

INSTITUTIONS = frozenset(
    """police sheriff fire city county township town village school schools high elementary middle university
    college hospital airport library council commission board department court district utilities mayor
    chamber park zoo""".split()
)
"""Capitalised words after a town's name that make a local institution of it, not a person's name."""

_FEATURE_BEFORE = re.compile(
    r"\b(?:cities|city|towns|town|villages|village|regions|region|districts|district|provinces|province|capital)"
    r"\s+of\s+$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)$")
_ABBREVIATION_CONTEXT = re.compile(r"[A-Z][\w'’.-]*,\s+$|\b[DRI]-$")
"""Before a state's abbreviation: "Lexington, Ky.", or a party and state: "Sen. Jim Clyburn, D-S.C."."""
ABBREVIATION_LENGTH = 5
"""Keys this short that differ from the region's name are abbreviations ("ky", "calif", "wva")."""
_OPENERS = "\"“‘'«(:—–-"

FEATURE_PRIOR = {
    "country": 50.0,
    "region": 40.0,
    "historical": 40.0,
    "admin1": 35.0,
    "district": 20.0,
    "city": 10.0,
    "town": 0.0,
}
AREA_FEATURES = frozenset({"country", "region", "historical", "admin1"})
PRECISION = {
    "country": "country",
    "historical": "country",
    "region": "region",
    "admin1": "region",
    "district": "district",
    "city": "city",
    "town": "town",
}
CONFIDENCE = {
    "country": 0.95,
    "historical": 0.9,
    "region": 0.85,
    "admin1": 0.85,
    "district": 0.8,
    "city": 0.8,
    "town": 0.7,
}
BIG_CITY = 100_000


@dataclass
class _Token:
    start: int
    end: int
    text: str
    possessive: bool
    initial: bool

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


@dataclass
class _Match:
    """A name found in the text, its gazetteer candidates and (once resolved) the chosen one."""

    first: int
    last: int
    span: Span
    key: str
    candidates: list[GazetteerEntry]
    chosen: GazetteerEntry | None = None
    scores: list[float] = field(default_factory=list)
    precision_word: str | None = None


@dataclass
class _Focus:
    """The countries an article is about: named ones (with counts) and their neighbours."""

    named: Counter[str]
    neighbours: set[str]
    regions: Counter[tuple[str, str]] = field(default_factory=Counter)
    """First-level regions (country, admin1) the article names unambiguously: states, or their counties."""

    def bonus(self, entry: GazetteerEntry) -> float:
        country = entry.country
        score = 40.0 if country and self.named[country] > 0 else 20.0 if country in self.neighbours else 0.0
        if entry.feature != "country" and self.regions[(country or "", entry.admin1 or "")] > 0:
            score += 25.0
        return score


class PlaceFinder:
    """Finds and geocodes the place mentions of one document at a time."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Document) -> list[Place]:
        text = doc.text
        tokens = _tokens(text, doc.layer("sentences") or tuple(split_sentences(text)))
        blocked = _blocked_spans(doc.layer("entities"))
        matches = [
            m
            for m in self._matches(text, tokens)
            if _drop_abbreviations(m, text) and not self._excluded(m, text, tokens, blocked)
        ]
        focus = self._focus(matches, tokens)
        for match in matches:
            self._resolve(match, focus, [])
        _add_chosen_regions(focus, matches)
        anchors = [
            m.chosen
            for m in matches
            if m.chosen
            and len(m.candidates) == 1
            and m.chosen.lat is not None
            and m.chosen.feature not in AREA_FEATURES
        ]
        lower_words = {normalize_name(t.text) for t in tokens if t.text[0].islower()}
        accepted: list[_Match] = []
        for match, container in zip(matches, [*_containers(matches, text), None], strict=False):
            if len(match.candidates) > 1:
                self._resolve(match, focus, anchors, container)
            if self._accepted(match, text, tokens, focus, lower_words, accepted):
                accepted.append(match)
        _extend_with_feature_words(accepted, text, tokens)
        return [_place(f"p{n}", m) for n, m in enumerate(accepted, 1)]

    def _matches(self, text: str, tokens: list[_Token]) -> list[_Match]:
        spans: list[tuple[int, int, str]] = []
        for i, token in enumerate(tokens):
            if not token.capitalised or token.text == "The":
                continue
            for j in range(i, min(i + MAX_TOKENS, len(tokens))):
                if j > i and not _joinable(text, tokens[j - 1], tokens[j]):
                    break
                if tokens[j].capitalised:
                    spans.append((i, j, normalize_name(text[token.start : tokens[j].end])))
                if tokens[j].possessive:
                    break
        found = self.gazetteer.lookup_many(key for _, _, key in spans)
        longest: dict[int, tuple[int, str]] = {}
        for i, j, key in spans:
            if key in found and j >= longest.get(i, (-1, ""))[0]:
                longest[i] = (j, key)
        matches, covered_to = [], -1
        for i in sorted(longest):
            j, key = longest[i]
            if i <= covered_to:
                continue
            matches.append(_Match(i, j, Span(tokens[i].start, tokens[j].end), key, found[key]))
            covered_to = j
        return matches

    def _excluded(self, match: _Match, text: str, tokens: list[_Token], blocked: list[Span]) -> bool:
        """Rules that hold whatever the gazetteer says: demonyms, months, titles' persons, web addresses."""
        first = tokens[match.first]
        single = match.first == match.last
        word = _POSSESSIVE.sub("", first.text)
        lowered = word.lower()
        if single and (
            lookup_demonym(word) or lookup_demonym(word.capitalize()) or lowered in NOT_PLACES or lowered in TITLES
        ):
            return True
        before = text[max(0, match.span.start - 2) : match.span.start]
        after = text[match.span.end : match.span.end + 2]
        if (before.endswith(".") and before[:1].strip()) or re.match(r"\.\w", after):
            return True  # a web address: President.Az
        if before.endswith("-") and match.first > 0 and tokens[match.first - 1].text[0].islower():
            return True  # an adjective: anti-Azerbaijan sentiments
        previous = tokens[match.first - 1] if match.first > 0 else None
        if previous and previous.text.lower() in TITLES and re.fullmatch(r"\.?\s+", text[previous.end : first.start]):
            return True
        return any(b.overlaps(match.span) for b in blocked)

    def _focus(self, matches: list[_Match], tokens: list[_Token]) -> _Focus:
        named: Counter[str] = Counter()
        regions: Counter[tuple[str, str]] = Counter()
        for match in matches:
            areas = [e for e in match.candidates if e.feature in AREA_FEATURES and e.country]
            if areas and len({e.country for e in areas}) == 1:  # "Georgia" may be a country or a US state
                named[areas[0].country] += 2 if areas[0].feature == "country" else 1  # type: ignore[index]
            states = {(e.country, e.admin1) for e in match.candidates if e.feature in ("admin1", "district")}
            if len(states) == 1 and all(e.feature in ("admin1", "district") for e in match.candidates):
                regions[states.pop()] += 1  # type: ignore[index]
        for token in tokens:
            demonym = lookup_demonym(_POSSESSIVE.sub("", token.text))
            if demonym and demonym.country:
                named[demonym.country] += 1
        neighbours: set[str] = set()
        for code, count in named.items():
            info = self.gazetteer.country(code)
            if info and count >= 2:
                neighbours.update(info.neighbours)
        return _Focus(named, neighbours, regions)

    def _resolve(
        self, match: _Match, focus: _Focus, anchors: Sequence[GazetteerEntry], container: GazetteerEntry | None = None
    ) -> None:
        scores = [_score(e, focus, anchors) + _containment(e, container) for e in match.candidates]
        order = sorted(range(len(scores)), key=lambda k: -scores[k])
        match.chosen = match.candidates[order[0]]
        match.scores = [scores[k] for k in order]

    def _accepted(
        self,
        match: _Match,
        text: str,
        tokens: list[_Token],
        focus: _Focus,
        lower_words: set[str],
        accepted: list[_Match],
    ) -> bool:
        entry = match.chosen
        if entry is None:
            return False
        if entry.feature in AREA_FEATURES or match.last > match.first:
            return True
        first = tokens[match.first]
        if match.key in lower_words:
            return False  # the article uses the word as a common word: "police", "most"
        in_focus = focus.named[entry.country or ""] > 0
        near_focus = in_focus or entry.country in focus.neighbours
        cue = _has_cue(match, text, tokens, accepted)
        seen = any(m.key == match.key for m in accepted)
        if _in_name_run(match, text, tokens):
            return False  # part of a longer proper name: "Victoria Nuland", "Independence Day"
        if first.initial and not seen:
            return (in_focus and entry.primary) or (cue and near_focus)
        if not entry.primary:
            return seen or (cue and near_focus)  # alternate names are often common words: "Secretary"
        if near_focus or entry.feature == "city":
            return True
        return cue and entry.population >= 1000


def _add_chosen_regions(focus: _Focus, matches: list[_Match]) -> None:
    """Count the first-level regions that won a first resolution ("Georgia" as the US state), and their
    countries, in the focus."""
    chosen = Counter(
        (m.chosen.country, m.chosen.admin1)
        for m in matches
        if m.chosen and m.chosen.feature == "admin1" and m.chosen.country and m.chosen.admin1
    )
    for region, count in chosen.items():
        focus.regions[region] = max(focus.regions[region], count)  # type: ignore[index]
        focus.named[region[0]] = max(focus.named[region[0]], count)  # type: ignore[index]


def _tokens(text: str, sentences: Sequence[Sentence]) -> list[_Token]:
    starts = {s.span.start for s in sentences}
    tokens = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        possessive = bool(_POSSESSIVE.search(word)) and len(word) > 3
        end = m.end() - 2 if possessive else m.end()
        lead = text[max(0, m.start() - 2) : m.start()].strip()
        initial = m.start() in starts or (bool(lead) and lead[-1] in _OPENERS) or _starts_sentence(text, m.start())
        tokens.append(_Token(m.start(), end, text[m.start() : end], possessive, initial))
    return tokens


def _starts_sentence(text: str, start: int) -> bool:
    """After a line break or opening quotation mark at the start of a sentence."""
    before = text[max(0, start - 8) : start].rstrip(" \t\"“‘'«(")
    return before.endswith(("\n", ".", "!", "?")) or (not before and start <= 8)


def _joinable(text: str, left: _Token, right: _Token) -> bool:
    gap = text[left.end : right.start]
    if left.possessive or gap not in (" ", "-", "- "):
        return False
    return right.capitalised or right.text in CONNECTORS


def _blocked_spans(entities: Sequence[Entity]) -> list[Span]:
    """Mentions of persons and outlets: a place name inside them ("Paris Hilton") is not a place mention."""
    return [span for e in entities if e.label in ("person", "outlet") for span in e.mentions]


def _score(entry: GazetteerEntry, focus: _Focus, anchors: Sequence[GazetteerEntry]) -> float:
    score = FEATURE_PRIOR[entry.feature] + (5.0 if entry.primary else 0.0) + focus.bonus(entry)
    score += 3.0 * math.log10(entry.population + 1)
    if entry.lat is not None and entry.lon is not None and anchors:
        nearest = min(distance_km(entry.lat, entry.lon, a.lat, a.lon) for a in anchors)  # type: ignore[arg-type]
        score += 20.0 if nearest < 100 else 10.0 if nearest < 300 else 0.0
    return score


def _containers(matches: list[_Match], text: str) -> list[GazetteerEntry | None]:
    """For each match, the state or country named right after it ("Springfield, Illinois"), if any.

    The following name may be ambiguous ("Athens, Georgia"): its first area candidate that holds one of
    the match's candidates is the container.
    """
    result: list[GazetteerEntry | None] = []
    for match, following in itertools.pairwise(matches):
        area = None
        if re.fullmatch(r",\s*", text[match.span.end : following.span.start]):
            areas = [e for e in following.candidates if e.feature in ("country", "admin1")]
            area = next((a for a in areas if any(_containment(e, a) for e in match.candidates)), None)
        result.append(area)
    return result


def _drop_abbreviations(match: _Match, text: str) -> bool:
    """Drop candidates reached by a region's abbreviation unless after "Name, "; whether any are left."""
    before = text[max(0, match.span.start - 40) : match.span.start]
    if len(match.key.replace(" ", "")) > ABBREVIATION_LENGTH or _ABBREVIATION_CONTEXT.search(before):
        return True
    if "." in text[match.span.start : match.span.end] and re.search(r"\b(?:in|of|from)\s+$", before, re.I):
        return True  # dotted initials after a preposition: "in S.C."
    match.candidates = [e for e in match.candidates if e.feature != "admin1" or normalize_name(e.name) == match.key]
    return bool(match.candidates)


def _containment(entry: GazetteerEntry, container: GazetteerEntry | None) -> float:
    if container is None or entry.country != container.country or entry is container:
        return 0.0
    return 60.0 if container.feature == "country" or entry.admin1 == container.admin1 else 30.0


def _has_cue(match: _Match, text: str, tokens: list[_Token], accepted: list[_Match]) -> bool:
    """A locative word before the name, "the town of" before it, a feature word after it, or a list of places."""
    before = text[max(0, match.span.start - 40) : match.span.start]
    if match.first > 0 and tokens[match.first - 1].text.lower() in LOCATIVES and before.endswith(" "):
        return True
    if _FEATURE_BEFORE.search(before):
        return True
    if match.last + 1 < len(tokens) and tokens[match.last + 1].text.lower() in FEATURE_WORDS:
        return text[match.span.end : tokens[match.last + 1].start] == " "
    return bool(accepted and _LIST_GAP.fullmatch(text[accepted[-1].span.end : match.span.start]))


def _in_name_run(match: _Match, text: str, tokens: list[_Token]) -> bool:
    """Whether the name sits next to another capitalised word (a person's or organisation's name).

    A capitalised preposition before it ("In Columbus, ...") and an institution after it ("Gainesville
    Police", "Paris High School": the town's own) do not make a name run.
    """
    neighbours = []
    left_word = tokens[match.first - 1].text.lower() if match.first > 0 else ""
    if match.first > 0 and not tokens[match.first].initial and left_word not in LOCATIVES | CONNECTORS:
        neighbours.append((tokens[match.first - 1], tokens[match.first]))
    if match.last + 1 < len(tokens):
        neighbours.append((tokens[match.last], tokens[match.last + 1]))
    return any(
        text[left.end : right.start] == " "
        and left.capitalised
        and right.capitalised
        and not left.possessive
        and right.text.lower() not in FEATURE_WORDS
        and right.text.lower() not in INSTITUTIONS
        and not lookup_demonym(right.text)
        for left, right in neighbours
    )


def _extend_with_feature_words(accepted: list[_Match], text: str, tokens: list[_Token]) -> None:
    """Take "region", "district"... after a name into its mention, and give the list before it that precision."""
    by_last = {m.last: m for m in accepted}
    for match in accepted:
        nxt = match.last + 1
        if nxt >= len(tokens) or text[match.span.end : tokens[nxt].start] != " ":
            continue
        word = tokens[nxt].text.lower()
        if word not in FEATURE_WORDS:
            continue
        match.span = Span(match.span.start, tokens[nxt].end)
        match.precision_word = word
        if word.endswith("s"):
            _share_precision(match, word, accepted, by_last, text)


def _share_precision(match: _Match, word: str, accepted: list[_Match], by_last: dict[int, _Match], text: str) -> None:
    index = accepted.index(match)
    while index > 0:
        previous = accepted[index - 1]
        if not _LIST_GAP.fullmatch(text[previous.span.end : accepted[index].span.start]):
            break
        if by_last.get(previous.last) is previous and previous.precision_word is None:
            previous.precision_word = word
        index -= 1


def _place(place_id: str, match: _Match) -> Place:
    entry = match.chosen
    assert entry is not None
    precision = PRECISION[entry.feature]
    if match.precision_word and entry.feature in ("city", "town", "district"):
        precision = FEATURE_WORDS[match.precision_word]
    confidence = CONFIDENCE[entry.feature]
    if len(match.scores) > 1:
        margin = match.scores[0] - match.scores[1]
        confidence -= 0.2 if margin < 10 else 0.1 if margin < 30 else 0.0
    return Place(
        id=place_id,
        mention=match.span,
        name=entry.name,
        geonameid=entry.geonameid,
        country=entry.country,
        admin1=entry.admin1,
        lat=entry.lat,
        lon=entry.lon,
        feature=entry.feature,
        precision=precision,
        confidence=round(max(0.3, confidence), 2),
    )


def find_places(doc: Document, gazetteer: Gazetteer | None = None) -> list[Place]:
    """The place mentions of ``doc`` (its sentences layer is used when present)."""
    return PlaceFinder(gazetteer or Gazetteer.default())(doc)


@stage("places.gazetteer.v1", produces="places", requires=("sentences", "entities"))
def gazetteer_places() -> object:
    """Place mentions geocoded against GeoNames and the repository's supplement, disambiguated by focus."""
    return PlaceFinder(Gazetteer.default())
