"""Quantities by rule: a number, the qualifier before it and the noun it counts.

"Over 30,000 ethnic Azerbaijanis" is value 30000, qualifier ``more_than``, unit "Azerbaijanis" (the
noun head: the first plural noun within a few words after the number). Percentages ("20 percent",
"20%"), money ("$1.5 billion"), multiples ("twice", "three times") and vague plurals ("hundreds of
people": at least a hundred) are quantities too. A number with no noun after it ("and one million were
expelled") counts what the quantity before it in the same sentence counts when a verb follows it, or
what the one it is joined to counts ("between 200 and 300 people").

Not quantities: numbers inside time expressions (the document's ``times`` layer when a stage made
one, else what the times rules find), ordinals, "one" on its own (a pronoun or determiner far more
often than a count), number words after a definite determiner ("the two countries" refers, it does not
count), numbers in names ("Resolution 2334", "F-16", "the Million Man March"), times of day, list
numbers alone on their line, ages in apposition ("Steinle, 32, was shot") and compound modifiers of
duration or age ("a 30-year-long occupation", "a 25-year-old man").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from unspin.annotations import Quantity, QuantityQualifier
from unspin.demonyms import lookup_demonym
from unspin.document import Document
from unspin.numbers import NUMBER_PATTERN, VAGUE_PLURALS, parse_number
from unspin.registry import stage
from unspin.spans import Span
from unspin.stages.times import time_spans

QUALIFIERS: dict[str, QuantityQualifier] = {
    "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "exceeding": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least", "a minimum of": "at_least",
    "nearly": "fewer_than", "almost": "fewer_than", "fewer than": "fewer_than", "less than": "fewer_than",
    "under": "fewer_than", "below": "fewer_than", "just under": "fewer_than",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most", "a maximum of": "at_most",
    "as many as": "at_most",
    "about": "about", "around": "about", "some": "about", "approximately": "about", "roughly": "about",
    "several": "more_than", "a few": "more_than",
    "an estimated": "about", "estimated": "about", "circa": "about", "close to": "about", "nearly about": "about",
}  # fmt: skip
"""Words before a number and how they qualify it."""

TRAILING_QUALIFIERS: dict[str, QuantityQualifier] = {"or more": "at_least", "or so": "about", "plus": "at_least"}
CURRENCIES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
MULTIPLES = {"twice": 2.0, "thrice": 3.0}

IRREGULAR_PLURALS = frozenset(
    "people men women children police personnel staff troops cattle sheep aircraft militia clergy youth".split()
)
STOPWORDS = frozenset(
    """a an the of in on at by for to from with and or nor but as than that which who whom whose were was is are be
    been being have has had will would could should may might can must do did does not no this these those their
    its his her our your my they them it he she we you i there here said says reported including such about after
    before during over under into per each every more most less least some any all both while when where up down
    out off only also already still just nearly almost around so very too between among against within without
    across through like""".split()
)
"""Function words: they end the noun phrase after a number, and a capitalised one before it is no name."""
DETERMINERS = frozenset("the these those its their his her our your my both all".split())
DURATION_COMPOUNDS = frozenset("year years day days month months week weeks hour hours minute minutes old".split())
UNIT_WORDS = frozenset("km kilometres kilometers miles metres meters tonnes tons hectares kg barrels".split())
CASUALTY_WORDS = frozenset("dead killed injured wounded hurt missing displaced detained arrested homeless".split())
"""Participles and adjectives that stand for the people they describe right after a number ("59 dead")."""
LABEL_WORDS = frozenset(
    "paragraph page pages note notes article section chapter room table flight route highway number no. nos. "
    "resolution amendment".split()
)
"""Lower-case words before a number that make it a label, not a count ("paragraph 303", "Highway 6")."""

_QUALIFIER = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_CURRENCY = "|".join(re.escape(symbol) for symbol in sorted(CURRENCIES, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?<!\w)(?:(?P<qual>{_QUALIFIER})\s+)?(?:(?P<cur>{_CURRENCY})\s?)?(?P<number>{NUMBER_PATTERN.pattern})"
    rf"(?P<percent>\s?%|\s+(?:percentage\s+points?|percent|per\s+cent|pct)\b)?"
    rf"(?P<times>\s+times\b)?",
    re.IGNORECASE,
)
_MULTIPLE = re.compile(r"\b(?:twice|thrice)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\S\n]+([A-Za-z][A-Za-z’'-]*)")
_CLOCK = re.compile(r"\s*(?::\d|[ap]\.?m\b\.?|GMT|UTC|hrs\b|o[’']clock)", re.IGNORECASE)
_ADJACENT_WORD = re.compile(r"([A-Za-z.#’']+) $")
_TRAILING = re.compile(r"\s+(or more|or so)\b|-(plus)\b", re.IGNORECASE)
_AGE = re.compile(r"[A-Z][\w’'-]*,\s+$")
_PREDICATE = re.compile(r"[^\S\n]+(?:were|was|are|is|have|had|has|will|would|could|may|might|\w+ed)\b", re.IGNORECASE)
_JOINED_NUMBER = re.compile(r"\s*(?:and|or|to|-|–)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Unit:
    text: str
    span: Span


def _is_plural(word: str) -> bool:
    demonym = lookup_demonym(word)
    if demonym is not None:
        return demonym.plural  # "Azerbaijanis", "Iraqis" end like "crisis" but are plurals
    lower = word.lower()
    return lower in IRREGULAR_PLURALS or (
        lower.endswith("s") and not lower.endswith(("ss", "us", "is", "’s", "'s")) and len(lower) > 2
    )


def _noun_head(text: str, start: int) -> _Unit | None:
    """The first plural noun within four words after ``start`` (unit words count as plural)."""
    position = start
    for _ in range(4):
        token = _TOKEN.match(text, position)
        if token is None or token.group(1).lower() in STOPWORDS:
            return None
        word = token.group(1).rstrip("’'")
        if _is_plural(word) or word.lower() in UNIT_WORDS or (position == start and word.lower() in CASUALTY_WORDS):
            return _Unit(word, Span(token.start(1), token.start(1) + len(word)))
        position = token.end()
    return None


def _in_name(text: str, start: int) -> bool:
    """Whether the number at ``start`` belongs to a name or label ("Resolution 2334", "No. 5", "#5")."""
    before = _ADJACENT_WORD.search(text, max(0, start - 40), start)
    word = before.group(1) if before else ""
    if word.lower() in LABEL_WORDS or text[start - 1 : start] == "#":
        return True
    if word.endswith(".") or not word[:1].isupper() or _opens_sentence(text, before.start(1) if before else start):
        return False  # the end of the sentence before, or "Then 300 were closed"
    return word.lower() not in STOPWORDS and word.lower() not in QUALIFIERS


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    return not before or before[-1] in '.!?:;\n“"‘('


def _excluded(text: str, m: re.Match[str], value: float) -> bool:
    number = m.group("number")
    after = text[m.end("number") :]
    words_only = not any(ch.isdigit() for ch in number)
    if words_only and value in (0, 1):
        return True  # "one option", "no one", "one of them", "ground zero"
    if words_only and number[0].isupper() and _in_title(text, m.start("number"), m.end("number")):
        return True  # "the Million Man March"
    if re.search(r"[(\[]\s*$", text[max(0, m.start() - 2) : m.start()]) and re.match(r"\s*[)\]]", after):
        return True  # "(1)", "[2]": a list or note marker
    line_start, line_end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
    if text[line_start : len(text) if line_end < 0 else line_end].strip() == m.group().strip():
        return True  # a list number standing alone on its line
    if _AGE.search(text, max(0, m.start() - 40), m.start()) and re.match(r"\s*[,.;)]", after) and value < 130:
        return True  # "Steinle, 32, was shot": an age in apposition
    before = text[max(0, m.start() - 12) : m.start()].split()
    if words_only and not m["qual"] and before and before[-1].lower() in DETERMINERS:
        return True  # "the two countries"
    if _CLOCK.match(after) or re.match(r"[/:]\d|-\d", after) or text[max(0, m.start() - 1) : m.start()] in ("/", ":"):
        return True  # "10:30", "5 p.m.", "9/11", scores and ranges written with a hyphen
    compound = re.match(r"-([A-Za-z]+)", after)
    if compound and compound.group(1).lower() in DURATION_COMPOUNDS:
        return True  # "30-year-long", "25-year-old"
    return _in_name(text, m.start())


def _in_title(text: str, start: int, end: int) -> bool:
    """Whether a capitalised number word is part of a title: inside a sentence, or quoted before a capital."""
    before = text[max(0, start - 3) : start].rstrip()
    next_word = _TOKEN.match(text, end)
    if before and before[-1] in "“\"‘'":
        return bool(next_word and next_word.group(1)[0].isupper())
    return not _opens_sentence(text, start)


def _qualifier(m: re.Match[str], text: str) -> tuple[QuantityQualifier, int]:
    """The qualifier and where the mention ends once a trailing one ("or more") is included."""
    trailing = _TRAILING.match(text, m.end())
    if m["qual"]:
        return QUALIFIERS[" ".join(m["qual"].lower().split())], m.end()
    if trailing:
        return TRAILING_QUALIFIERS[(trailing.group(1) or trailing.group(2)).lower()], trailing.end()
    if m.group("number").split()[0].lower() in VAGUE_PLURALS:
        return "more_than", m.end()
    return "exact", m.end()


def _quantity(m: re.Match[str], text: str) -> Quantity | None:
    number_span = Span(m.start("number"), m.end("number"))
    value = parse_number(m.group("number"))
    if value is None or _excluded(text, m, value):
        return None
    qualifier, end = _qualifier(m, text)
    unit: _Unit | None = None
    if m["cur"]:
        unit = _Unit(CURRENCIES[m["cur"].upper()], Span(m.start("cur"), m.end("cur")))
    elif m["percent"]:
        name = "percentage points" if "point" in m["percent"].lower() else "percent"
        unit = _Unit(name, Span(m.end("percent") - len(m["percent"].lstrip()), m.end("percent")))
    elif m["times"]:
        unit = _Unit("times", Span(m.end("times") - len("times"), m.end("times")))
    else:
        head_start = end
        compound = re.match(r"-[A-Za-z]+", text[head_start:])
        if compound:
            head_start += compound.end()
        vague_of = re.match(r"\s+of\b", text[head_start:])
        if vague_of and m.group("number").split()[-1].lower() in VAGUE_PLURALS:
            head_start += vague_of.end()
        unit = _noun_head(text, head_start)
    if unit is not None and unit.span.end > end:
        end = unit.span.end
    mention = Span(m.start(), end)
    return Quantity(
        "", mention, number_span, value, unit.text if unit else None, unit.span if unit else None, qualifier
    )


def _multiples(text: str) -> Iterator[Quantity]:
    for m in _MULTIPLE.finditer(text):
        span = Span(m.start(), m.end())
        yield Quantity("", span, span, MULTIPLES[m.group().lower()], "times", span, "exact")


def _share_units(text: str, quantities: list[Quantity], sentences: list[Span]) -> list[Quantity]:
    """Give a unit-less quantity the unit of its neighbour: the next one it is joined to, else the previous one."""
    shared = list(quantities)
    for index, quantity in enumerate(shared):
        if quantity.unit is not None:
            continue
        following = shared[index + 1] if index + 1 < len(shared) else None
        if (
            following
            and following.unit
            and _JOINED_NUMBER.fullmatch(text[quantity.mention.end : following.mention.start])
        ):
            shared[index] = replace(quantity, unit=following.unit, unit_span=following.unit_span)
            continue
        if not _PREDICATE.match(text, quantity.mention.end):
            continue  # only "... and one million were expelled" borrows the unit from before
        sentence = next((s for s in sentences if s.contains(quantity.mention)), None)
        previous = next(
            (
                q
                for q in reversed(shared[:index])
                if q.unit
                and q.unit not in ("times", "percent", *CURRENCIES.values())
                and (sentence is None or sentence.contains(q.mention))
            ),
            None,
        )
        if previous is not None:
            shared[index] = replace(quantity, unit=previous.unit, unit_span=previous.unit_span)
    return shared


def find_quantities(doc: Document) -> list[Quantity]:
    """Every quantity of ``doc``, numbered "q1", "q2"... in text order."""
    text = doc.text
    times = [t.mention for t in doc.layer("times")] if "times" in doc.layers else time_spans(text)
    found = [q for m in _QUANTITY.finditer(text) if (q := _quantity(m, text)) is not None]
    found += list(_multiples(text))
    found = sorted((q for q in found if not any(q.number.overlaps(t) for t in times)), key=lambda q: q.mention.start)
    found = _share_units(text, found, [s.span for s in doc.layer("sentences")])
    return [replace(q, id=f"q{number}") for number, q in enumerate(found, start=1)]


@stage("quantities.rules.v1", produces="quantities", requires=("sentences",))
def rule_quantities() -> Callable[[Document], list[Quantity]]:
    """Numbers with their qualifiers and the nouns they count."""
    return find_quantities
