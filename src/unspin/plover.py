"""PLOVER 2021 event categories: the trigger lexicon and the maps to CAMEO, ACLED and PLOVER 2016 names.

``data/plover_triggers.tsv`` lists the words and phrases that signal each category (from the PLOVER manual);
``data/plover_maps.tsv`` maps a category and mode to a CAMEO root code and an ACLED event type, and renames
the PLOVER 2016 categories of the gold standard records (DEMAND, DISAPPROVE, FIGHT, ...) to their 2021 names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
"""The sixteen PLOVER 2021 event categories, from verbal cooperation to material conflict."""

GAP = "..."
"""In a trigger phrase: up to ``MAX_GAP`` words may stand here."""
MAX_GAP = 4


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: ``slots`` are the phrase's word positions, each a set of accepted word forms."""

    phrase: str
    category: str
    mode: str | None
    verbal: bool
    speech: bool
    slots: tuple[frozenset[str], ...]
    verb_forms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CategoryMap:
    cameo: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None


def _rows(name: str) -> list[list[str]]:
    text = resources.files("unspin.data").joinpath(name).read_text(encoding="utf-8")
    return [[*line.split("\t")] for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def triggers() -> tuple[Trigger, ...]:
    """Every trigger of the lexicon with its word forms spelled out."""
    entries = []
    for phrase, category, mode, pos, act, *_ in _rows("plover_triggers.tsv"):
        words = phrase.split()
        slots = []
        verbs: set[str] = set()
        for index, word in enumerate(words):
            if word == GAP:
                slots.append(frozenset({GAP}))
                continue
            inflect = word.endswith("+") or (len(words) == 1 and pos == "v")
            choices = word.rstrip("+").lower().split("|")
            forms: set[str] = set()
            for choice in choices:
                if inflect:
                    forms |= verb_forms(choice)
                    verbs |= forms
                elif index == len(words) - 1:
                    forms |= noun_forms(choice)
                else:
                    forms.add(choice)
            slots.append(frozenset(forms))
        entries.append(
            Trigger(phrase, category, mode or None, pos == "v", act == "say", tuple(slots), frozenset(verbs))
        )
    return tuple(entries)


@cache
def category_maps() -> dict[tuple[str, str | None], CategoryMap]:
    """(category, mode) -> CAMEO root code and ACLED types; mode ``None`` is the category's default."""
    maps = {}
    for table, category, mode, cameo, acled, sub, *_ in _rows("plover_maps.tsv"):
        if table == "code":
            maps[(category, mode or None)] = CategoryMap(cameo or None, acled or None, sub or None)
    return maps


def map_category(category: str, mode: str | None) -> CategoryMap:
    """The CAMEO and ACLED codes for a category and mode, falling back to the category's default."""
    maps = category_maps()
    return maps.get((category, mode)) or maps.get((category, None)) or CategoryMap(None, None, None)


@cache
def renames_2016() -> dict[str, tuple[str, str | None]]:
    """PLOVER 2016 category name -> (2021 category, mode) for the names that changed."""
    return {old: (new, mode or None) for table, old, new, mode, *_ in _rows("plover_maps.tsv") if table == "rename"}


def category_2021(name: str) -> str:
    """The PLOVER 2021 name of a 2016 or 2021 category name ("FIGHT" -> "ASSAULT")."""
    return renames_2016().get(name.upper(), (name.upper(), None))[0]


_IRREGULAR: dict[str, tuple[str, ...]] = {
    "meet": ("met",), "hold": ("held",), "take": ("took", "taken"), "fight": ("fought",),
    "shoot": ("shot",), "give": ("gave", "given"), "withdraw": ("withdrew", "withdrawn"),
    "strike": ("struck", "stricken"), "beat": ("beaten",), "break": ("broke", "broken"),
    "make": ("made",), "send": ("sent",), "bring": ("brought",), "seek": ("sought",),
    "lead": ("led",), "speak": ("spoke", "spoken"), "lay": ("laid",), "cut": ("cut",),
    "hit": ("hit",), "overrun": ("overran",), "undertake": ("undertook", "undertaken"),
    "forbid": ("forbade", "forbidden"), "go": ("went", "gone", "goes"), "wound": ("wounded",),
    "shut": ("shut",), "put": ("put",), "set": ("set",), "begin": ("began", "begun"),
}  # fmt: skip


def verb_forms(lemma: str) -> set[str]:
    """Base, third person, past and -ing forms of a verb (regular rules plus a table of irregular verbs).

    Forms are generated generously (both "cancelled" and "canceled"): a form no text uses costs nothing.
    """
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
        if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def noun_forms(lemma: str) -> set[str]:
    """Singular and plural of a noun."""
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return {lemma, lemma + "es"}
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return {lemma, lemma[:-1] + "ies"}
    return {lemma, lemma + "s"}
