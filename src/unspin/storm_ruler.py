"""Types a storm's name as an event, added after the core pipeline's NER and its rulers.

Storms are named like people ("Hurricane Rita", "Typhoon Haiyan"), and a recogniser that knows few of them tags
the name as a person or a place ("Rita packed winds of 175 mph"). A name written after a storm word
(:data:`STORM_WORDS`, capitalised as in "Hurricane Katrina" or "Tropical Storm Alberto") is an event, together
with that word, as GUM writes events; and so is every other entity of the document with the same text, since
news writes "Rita" alone once it has named the storm. On Universal NER EWT dev, which has no event type, this
takes 4 false persons and places away; GUM dev has no storm (decision 0002, item 39).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from unspin.core_model import add_once

FACTORY = "unspin_storm_ruler"
"""The spaCy factory name; :func:`unspin.core_model.load_core` adds the ruler under :data:`COMPONENT`."""

COMPONENT = "storm_ruler"
EVENT_LABEL = "EVENT"
STORM_WORDS = frozenset({"Hurricane", "Typhoon", "Cyclone", "Storm"})
STORM_KINDS = frozenset({"Tropical", "Super", "Severe"})
"""Words that may come before a storm word in a storm's name ("Super Typhoon Haiyan")."""
RETYPED_LABELS = frozenset({"PERSON", "PER", "ORG", "PLACE", "GPE", "LOC"})


def storm_name(doc: Doc, ent: Span) -> tuple[Span, str] | None:
    """The event ``ent`` names and the storm's own name, when a storm word starts it ("Hurricane Katrina", after
    one of :data:`STORM_KINDS`: "Tropical Storm Alberto") or stands right before it ("Hurricane [Rita]");
    else None. A storm word further in names no storm ("the National Hurricane Center")."""
    first = ent.start + 1 if ent[0].text in STORM_KINDS else ent.start
    if first < ent.end - 1 and doc[first].text in STORM_WORDS:
        return Span(doc, ent.start, ent.end, label=EVENT_LABEL), doc[first + 1 : ent.end].text
    before = ent.start - 1
    if before >= 0 and doc[before].text in STORM_WORDS and doc[before].ent_iob_ in ("O", ""):
        return Span(doc, before, ent.end, label=EVENT_LABEL), ent.text
    return None


def storms_as_events(doc: Doc) -> Doc:
    """The Doc with its storms' names, and their other mentions by name, labelled EVENT."""
    storms = {ent.start: storm_name(doc, ent) for ent in doc.ents if ent.label_ in RETYPED_LABELS}
    names = {found[1] for found in storms.values() if found is not None}
    if not names:
        return doc
    entities = []
    for ent in doc.ents:
        found = storms.get(ent.start)
        if found is not None:
            entities.append(found[0])
        elif ent.label_ in RETYPED_LABELS and ent.text in names:
            entities.append(Span(doc, ent.start, ent.end, label=EVENT_LABEL))
        else:
            entities.append(ent)
    doc.set_ents(entities)
    return doc


Language.component(FACTORY, func=storms_as_events)


def add_storm_ruler(nlp: Language) -> Language:
    """``nlp`` with the ruler as its last component so far (unchanged when it has no NER or already has it)."""
    return add_once(nlp, FACTORY, COMPONENT, needs="ner", last=True)
