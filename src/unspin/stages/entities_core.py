"""Named entities from the core pipeline's tagger, completed by what the rule stage's lexicons know.

The core's entity tags (the tokens layer) give the mentions, and the rule recogniser of
``entities.rules.v1`` runs beside them. Where a lexicon says more than a statistical tagger can, the rule
mention replaces the tagged ones it overlaps: a title makes a person and is kept in its titles ("President
Ilham Aliyev"); outlets (web-style names, news head words, agencies), groups named by plural demonyms,
organisations named by head words or lower-case heads ("Armenian media"), and places named by a country
name, a place word or their context keep the rule's type. A name the tagger missed is added when the
gazetteer knows it as a place (an entity-ruler effect) or when it speaks ("Haddad said"), and a one-word
name the tagger calls a person yields to a place the rules find by its context ("in Lombard") unless the
article names such a person in full (then the merge joins it to that person). Tagged names that
are only titles, weekdays, months or function words are dropped, and a capital tagged as a person ("Baku
said") is a place, as in the rule stage. Mentions are then merged into entities as
the rule stage merges its own ("President Aliyev" joins "Ilham Aliyev").
"""

from __future__ import annotations

from collections.abc import Iterator

from unspin.annotations import Entity, EntityLabel
from unspin.countries import capitals
from unspin.document import Document
from unspin.names import given_names, title_at
from unspin.parse import entity_spans
from unspin.registry import stage
from unspin.spans import Span
from unspin.stages.entities import (
    FUNCTION_WORDS,
    TIME_WORDS,
    EntityRecogniser,
    Mention,
    after_place_preposition,
    gazetteer_lookup,
    merge_mentions,
    tokens,
)


def lexical(mention: Mention) -> bool:
    """Whether the rule stage typed ``mention`` by a lexicon or head word, which outranks the tagger."""
    if mention.label == "person":
        return bool(mention.titles)
    if mention.label == "place":
        return not mention.weak
    return mention.label in ("outlet", "group", "organization")


def fills_gap(mention: Mention) -> bool:
    """Whether a rule mention without a lexical cue is kept where the tagger found nothing."""
    return mention.label in ("place", "person")


class CoreEntityRecogniser:
    """The tagger's entities, overruled and completed by the rule recogniser's lexical mentions."""

    def __init__(self, rules: EntityRecogniser) -> None:
        self.rules = rules

    def __call__(self, doc: Document) -> list[Entity]:
        found = self.rules.mentions(doc)
        kept = [m for m in found if lexical(m)]
        places = {m.span for m in found if m.label == "place" and _place_by_more_than_a_name(doc.text, m)}
        tagged = [
            m for m in self.tagged(doc) if not _overlaps_any(m.span, kept) and not _lone_name_of_a_place(m, places)
        ]
        gaps = [m for m in found if not lexical(m) and fills_gap(m) and not _overlaps_any(m.span, tagged)]
        return merge_mentions(sorted([*kept, *tagged, *gaps], key=lambda m: m.span))

    def tagged(self, doc: Document) -> Iterator[Mention]:
        """The tagger's entities as typed mentions, without a leading "the" and a possessive ending."""
        for span, label in entity_spans(doc.layer("tokens")):
            mention = self._mention(doc.text, span, label)
            if mention is not None:
                yield mention

    def _mention(self, text: str, span: Span, label: EntityLabel) -> Mention | None:
        run = tokens(text, span.start, span.end)
        while run and run[0].text in ("the", "The"):
            run = run[1:]
        words = [token.text for token in run]
        if not words or all(w in TIME_WORDS or w.lower() in FUNCTION_WORDS for w in words):
            return None
        span = Span(run[0].start, run[-1].end)
        name = span.of(text)
        if label == "person":
            titled = self.rules.person(text, run)
            if titled is not None:
                return titled
            if name in capitals():  # "Baku is not going to ...": a capital speaks for its government
                return Mention(span, "place", name, key=("place", name))
            title = title_at(words, 0)
            return None if title and len(title.words) == len(words) else Mention(span, label, name, key=(label, name))
        if label == "organization":
            return self.rules.organisation(span, name, words, self.rules.country(words))
        if label == "place":
            return Mention(span, label, name, country=self.rules.countries.get(name), key=(label, name))
        return Mention(span, label, name, key=(label, name))


def _lone_name_of_a_place(mention: Mention, places: set[Span]) -> bool:
    """A one-word person the tagger guessed where ``places`` (:func:`_place_by_more_than_a_name`) has a place:
    the place mention stands, and still joins a person the article names in full ("Tom Lombard ... Lombard
    said"). A gazetteer match alone does not outrank the tagger, since thousands of villages carry given names
    ("Gloria spent her last months crying" is a person)."""
    return mention.label == "person" and " " not in mention.name and mention.span in places


def _place_by_more_than_a_name(text: str, mention: Mention) -> bool:
    """Whether a place mention of the rules rests on more than a gazetteer match: its context ("in Lombard",
    "the Lombard area"), or a name that is a prominent place and no one's given name ("Decatur", not "Mary")."""
    if not mention.weak or after_place_preposition(text, mention.span):
        return True
    from unspin.gazetteer import Gazetteer  # weak places come from it, so it is installed
    from unspin.place_ruler import prominent

    return mention.name not in given_names() and prominent(Gazetteer.default().lookup(mention.name))


def _overlaps_any(span: Span, mentions: list[Mention]) -> bool:
    return any(span.overlaps(m.span) for m in mentions)


@stage("entities.core.v1", produces="entities", requires=("tokens", "sentences"))
def core_entities() -> CoreEntityRecogniser:
    """Named entities from the core pipeline's tagger, with titles, outlets, groups and places from the rules."""
    return CoreEntityRecogniser(EntityRecogniser(gazetteer_lookup()))
