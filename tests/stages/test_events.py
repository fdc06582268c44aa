"""Events by trigger lexicon: categories, participants, time, places, asserter and status on invented text."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from unspin.annotations import Event, Place, Quantity, Statement, TimeExpr
from unspin.document import Document, Meta
from unspin.plover import CATEGORIES, category_2021, map_category, noun_forms, triggers, verb_forms
from unspin.spans import Span
from unspin.stages.events import iter_triggers, lexicon_events
from unspin.stages.sentences import split_sentences

PUBLISHED = dt.date(2024, 6, 12)
RUN = lexicon_events()


def at(text: str, phrase: str, nth: int = 0) -> Span:
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    return Span(starts[nth], starts[nth] + len(phrase))


def document(
    text: str,
    *,
    places: tuple[str, ...] = (),
    times: tuple[tuple[str, str], ...] = (),
    quantities: tuple[tuple[str, float], ...] = (),
    statements: tuple[Statement, ...] = (),
) -> Document:
    """A document whose layers are filled by hand: the events stage reads them, never computes them."""
    doc = Document("t", text, Meta(published=PUBLISHED))
    doc.layers["sentences"] = tuple(split_sentences(text))
    doc.layers["entities"] = ()
    doc.layers["coref"] = ()
    doc.layers["statements"] = statements
    doc.layers["places"] = tuple(
        Place(f"p{i}", at(text, name), name, None, None, None, None, None, "P", "town", 1.0)
        for i, name in enumerate(places, 1)
    )
    doc.layers["times"] = tuple(
        TimeExpr(f"t{i}", at(text, mention), value, None, "day", "absolute")
        for i, (mention, value) in enumerate(times, 1)
    )
    doc.layers["quantities"] = tuple(
        Quantity(f"q{i}", at(text, mention), at(text, mention), value, None, None, "exact")
        for i, (mention, value) in enumerate(quantities, 1)
    )
    return doc


def events(doc: Document) -> list[Event]:
    return list(RUN(doc))


def only(doc: Document) -> Event:
    found = events(doc)
    assert len(found) == 1, [(e.category, doc.span_text(e.trigger)) for e in found]
    return found[0]


# ---- lexicon -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("shell", {"shell", "shells", "shelled", "shelling"}),
        ("occupy", {"occupies", "occupied", "occupying"}),
        ("liberate", {"liberated", "liberating"}),
        ("expel", {"expelled", "expelling"}),
        ("meet", {"met", "meeting"}),
        ("withdraw", {"withdrew", "withdrawn"}),
    ],
)
def test_verb_forms(lemma: str, forms: set[str]) -> None:
    assert forms <= verb_forms(lemma)


def test_noun_forms() -> None:
    assert noun_forms("ambush") == {"ambush", "ambushes"}
    assert noun_forms("casualty") == {"casualty", "casualties"}


def test_lexicon_covers_every_category() -> None:
    assert {t.category for t in triggers()} - {"NONE"} == set(CATEGORIES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels shelled the town.", [("shelled", "ASSAULT")]),
        ("The plan was turned down.", [("turned down", "REJECT")]),
        ("Fire was opened on the post.", [("Fire was opened", "ASSAULT")]),
        ("She called on the army to leave.", [("called on", "REQUEST")]),
        ("Police issued a press release.", []),
        (
            "They returned the Alpha, Beta and Gamma villages.",
            [("returned the Alpha, Beta and Gamma villages", "RETREAT")],
        ),
        ("Both sides held talks.", [("held talks", "CONSULT")]),
        ("The ceasefire was signed in May.", [("ceasefire was signed", "AGREE")]),
        ("A truce was agreed on Sunday.", [("truce was agreed", "AGREE")]),
        ("A deal was reached.", [("deal was reached", "AGREE")]),
        ("The two countries struck a deal.", [("struck a deal", "AGREE")]),
        ("Warplanes struck the city.", [("struck the city", "ASSAULT")]),
        ("The idea struck me as odd.", []),
        ("Dockers went on strike.", [("went on strike", "PROTEST")]),
        ("A general strike shut the port.", [("general strike", "PROTEST")]),
        ("Farmers blocked the main bridge.", [("blocked the main bridge", "PROTEST")]),
        ("Gunmen fired on the convoy.", [("fired on", "ASSAULT")]),
        ("The union called off the strike.", [("called off the strike", "CONCEDE")]),
    ],
)
def test_triggers(text: str, expected: list[tuple[str, str]]) -> None:
    assert list(iter_triggers(text)) == expected


def test_maps_and_2016_names() -> None:
    shelling = map_category("ASSAULT", "heavy-weapons")
    assert (shelling.cameo, shelling.acled_event_type) == ("19", "Explosions/Remote violence")
    assert map_category("CONSULT", "no-such-mode").cameo == "04"
    assert map_category("PROTEST", "riot").acled_event_type == "Riots"
    assert [category_2021(n) for n in ("DEMAND", "DISAPPROVE", "FIGHT", "INVESTIGATE", "AGREE")] == [
        "REQUEST", "ACCUSE", "ASSAULT", "ACCUSE", "AGREE",
    ]  # fmt: skip


def test_every_mapped_category_is_plover_2021() -> None:
    assert {category_2021(t.category) for t in triggers() if t.category != "NONE"} <= set(CATEGORIES)


# ---- category, actor, recipient --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category", "actor", "recipient"),
    [
        ("Norwegian troops shelled the Swedish positions.", "ASSAULT", "Norwegian troops", "the Swedish positions"),
        ("The Peruvian army attacked rebels near the border.", "ASSAULT", "The Peruvian army", "rebels"),
        ("Officials from Chile met with Bolivian diplomats.", "CONSULT", "Officials from Chile", "Bolivian diplomats"),
        ("The Kenyan government invited the rebel leaders to talks.", "AGREE", "The Kenyan government",
         "the rebel leaders"),
        ("Separatist fighters rejected the proposal.", "REJECT", "Separatist fighters", None),
        ("The Indian army deployed new units along the frontier.", "MOBILIZE", "The Indian army", None),
        ("Police arrested twelve protesters in the capital.", "COERCE", "Police", "twelve protesters"),
        ("Armenia withdrew its forces from the area.", "RETREAT", "Armenia", None),
        ("Peru returned the occupied villages to Chile.", "RETREAT", "Peru", "Chile"),
        ("The Greek minister urged Turkish officials to resume talks.", "REQUEST", "The Greek minister",
         "Turkish officials"),
        ("Malian soldiers, who arrived on Friday, opened fire on villagers.", "ASSAULT", "Malian soldiers",
         "villagers"),
    ],
)  # fmt: skip
def test_category_and_participants(text: str, category: str, actor: str, recipient: str | None) -> None:
    event = only(document(text))
    assert event.category == category
    assert [text[a.mention.start : a.mention.end] for a in event.actors] == [actor]
    assert [text[r.mention.start : r.mention.end] for r in event.recipients] == ([recipient] if recipient else [])


@pytest.mark.parametrize(
    ("text", "category", "actor", "recipient"),
    [
        # violence, with the casualties as the recipients
        ("Syrian troops shelled the town overnight, wounding 30 civilians.", "ASSAULT", "Syrian troops", None),
        ("Israeli aircraft struck targets in Gaza, killing at least 12 people.", "ASSAULT", "Israeli aircraft", None),
        ("Two Malian soldiers were killed by gunmen.", "ASSAULT", "gunmen", "Two Malian soldiers"),
        ("Gunmen fired on a bus carrying Pakistani pilgrims.", "ASSAULT", "Gunmen", None),
        ("The Ethiopian army said the attack killed 30 rebels.", "ASSAULT", None, "rebels"),
        # coercion, protest, sanctions
        ("Police in Nairobi arrested 45 opposition supporters on Monday.", "COERCE", "Police", "opposition supporters"),
        ("Security forces detained two journalists in the capital.", "COERCE", "Security forces", "two journalists"),
        ("Turkish police prevented a march by Kurdish activists.", "COERCE", "Turkish police", None),
        ("Thousands of protesters rallied in the capital.", "PROTEST", "protesters", None),
        ("Georgian students demonstrated outside parliament.", "PROTEST", "Georgian students", None),
        ("The European Union imposed sanctions on Iranian officials.", "SANCTION", None, "Iranian officials"),
        ("Washington sanctioned three Venezuelan officials.", "SANCTION", "Washington", "three Venezuelan officials"),
        ("Peru expelled two Chilean diplomats.", "SANCTION", "Peru", "two Chilean diplomats"),
        # cooperation and its material forms
        ("Japan sent humanitarian aid to Myanmar.", "AID", "Japan", "Myanmar"),
        ("Turkey deployed additional troops to the Syrian border.", "MOBILIZE", "Turkey", "the Syrian border"),
        ("Ghana granted political asylum to Togolese rebels.", "AID", "Ghana", "Togolese rebels"),
        ("Delegations from Sudan and Ethiopia held talks in Addis Ababa.", "CONSULT", "Delegations from Sudan",
         None),
        ("Russian troops withdrew from Kherson.", "RETREAT", "Russian troops", None),
        # verbal acts
        ("The Russian foreign ministry accused Ukraine of shelling the plant.", "ACCUSE",
         "The Russian foreign ministry", "Ukraine"),
        ("Iran urged Iraqi leaders to release the hostages.", "REQUEST", "Iran", "Iraqi leaders"),
        ("North Korea threatened to strike American bases.", "THREATEN", "North Korea", None),
        ("The Greek government rejected the Turkish proposal.", "REJECT", "The Greek government",
         "the Turkish proposal"),
    ],
)  # fmt: skip
def test_wire_sentences(text: str, category: str, actor: str | None, recipient: str | None) -> None:
    """Wire-style sentences of each category family: the category, the first actor and the first recipient."""
    found = events(document(text))
    assert found, "no event"
    event = found[0]
    assert event.category == category
    assert [doc_text(text, a.mention) for a in event.actors][:1] == ([actor] if actor else [])
    assert [doc_text(text, r.mention) for r in event.recipients][:1] == ([recipient] if recipient else [])


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Pakistan has refused to deploy peacekeepers in Iraq.", "REJECT"),  # the governing verb heads
        ("The president resigned as protesters threatened to storm his residence.", "RETREAT"),
        ("Prisoners rioted at a jail in the capital.", "PROTEST"),  # "a jail" is a noun
        ("Students staged mass demonstrations to demand reforms.", "PROTEST"),  # purpose infinitive
        ("Rebel troops deployed near the river and shelled the village.", "ASSAULT"),  # coordinated verbs
        ("Officials were indicted during the fight against the rebels.", "ACCUSE"),  # "the fight" is embedded
        ("The army reimposed blockades following the shooting of two soldiers.", "COERCE"),
        ("The ceasefire agreement signed in March was violated by both sides.", "ASSAULT"),
        ("Palestinian leaders said they would boycott all contact with the envoy.", "THREATEN"),  # future protest
        ("The Dutch government may halt mediation efforts.", "THREATEN"),  # future sanction
        ("Portugal will support Turkey's bid.", "AGREE"),  # future support
    ],
)
def test_head_of_the_clause(text: str, category: str) -> None:
    assert events(document(text))[0].category == category


def test_failed_to_is_a_negation() -> None:
    assert events(document("The two sides failed to reach agreement.")) == []


def test_between_names_both_sides() -> None:
    text = "Clashes between Chilean troops and Peruvian rebels killed five people."
    event = only(document(text))
    assert [doc_text(text, a.mention) for a in event.actors] == ["Chilean troops", "Peruvian rebels"]


def test_sides_are_actors_without_a_sector() -> None:
    text = "Talks between the two sides resumed in Lima."
    event = only(document(text))
    assert event.category == "CONSULT"
    assert [(doc_text(text, a.mention), a.country, a.sector) for a in event.actors] == [("the two sides", None, None)]


def test_coordinated_subjects_are_both_actors() -> None:
    text = "Officials from Ethiopia and Eritrea met in Riyadh."
    event = only(document(text))
    assert [a.country for a in event.actors] == ["ET", "ER"]


def test_actor_is_normalised() -> None:
    event = only(document("Members of illegal Ruritanian armed gangs attacked Chilean army units."))
    assert (event.actors[0].country, event.actors[0].sector) == (None, "rebel")
    assert (event.recipients[0].country, event.recipients[0].sector) == ("CL", "military")


def test_passive_takes_the_by_phrase_as_actor() -> None:
    text = "Dozens of Somali civilians were killed by militants."
    event = only(document(text))
    assert event.category == "ASSAULT"
    assert [doc_text(text, a.mention) for a in event.actors] == ["militants"]
    assert [doc_text(text, r.mention) for r in event.recipients] == ["Somali civilians"]
    assert event.acled_event_type == "Violence against civilians"


def test_passive_without_agent_has_no_actor() -> None:
    event = only(document("Two Colombian soldiers were wounded."))
    assert event.actors == ()


def doc_text(text: str, span: Span) -> str:
    return text[span.start : span.end]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Forces deployed near the river shelled the village.", "ASSAULT"),  # MOBILIZE within ASSAULT
        ("The rebels threatened to attack the airport.", "THREATEN"),  # speech act heads the clause
        ("Ministers called for the release of the hostages.", "REQUEST"),
        ("The army could launch an offensive at any moment.", "THREATEN"),  # hypothetical ASSAULT
        ("The two leaders will meet in Geneva.", "AGREE"),  # future CONSULT
    ],
)
def test_one_event_per_clause(text: str, category: str) -> None:
    assert only(document(text)).category == category


@pytest.mark.parametrize(
    "text",
    [
        "The army did not attack the town.",
        "No civilians were killed.",
        "The occupied districts remain empty.",
    ],
)
def test_no_event(text: str) -> None:
    assert events(document(text)) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        pytest.param("Syrian forces pounded rebel positions.", "ASSAULT",
                     marks=pytest.mark.xfail(reason="'pound' is left out: 'pounds' is also a currency")),
        pytest.param("The army prepared to resume shelling the rebel-held hills.", "MOBILIZE",
                     marks=pytest.mark.xfail(reason="preparing an attack is MOBILIZE; 'prepared to' is no trigger")),
        pytest.param("Nigeria will withdraw its troops unless the rebels disarm.", "THREATEN",
                     marks=pytest.mark.xfail(reason="a conditional threat to retreat stays CONCEDE")),
        pytest.param("Every negotiator they send talks about peace.", None,
                     marks=pytest.mark.xfail(reason="'talks' as a verb is taken for the noun (CONSULT)")),
        pytest.param("Israel forced more than 1,000 refugees out of the camp.", "COERCE",
                     marks=pytest.mark.xfail(reason="'forced ... out' (expulsion) has no trigger across the gap")),
    ],
)  # fmt: skip
def test_known_gaps(text: str, category: str | None) -> None:
    found = events(document(text))
    assert [e.category for e in found][:1] == ([category] if category else [])


@pytest.mark.xfail(reason="a direct object counts as a party by any sector word in it, not by its head noun")
def test_known_gap_object_head() -> None:
    event = only(document("Iran demanded the release of its diplomats."))
    assert (event.category, event.recipients) == ("REQUEST", ())


def test_known_gap_unnamed_organisation_actor() -> None:
    """Organisations with no country or sector word ("The UN") are kept only as entities."""
    event = only(document("The UN delivered humanitarian aid to Gaza."))
    assert event.category == "AID"
    assert event.actors == ()


# ---- places, time, quantities ---------------------------------------------------------------------------------


def test_places_time_and_quantities_of_the_sentence() -> None:
    text = "On Friday, rebels carried out 12 attacks in the directions of Alpha, Beta and Gamma districts."
    doc = document(
        text, places=("Alpha", "Beta", "Gamma"), times=(("On Friday", "2024-06-07"),), quantities=(("12 attacks", 12),)
    )
    event = only(doc)
    assert event.category == "ASSAULT"
    assert event.places == ("p1", "p2", "p3")
    assert event.time == "t1"
    assert event.quantities == ("q1",)
    assert event.status == "reported"


def test_nominal_after_phrase_is_not_at_the_main_time() -> None:
    text = "The ceasefire was signed on May 2, 2015, after fighting in which 6,000 people were killed."
    doc = document(text, times=(("May 2, 2015", "2015-05-02"),), quantities=(("6,000 people", 6000),))
    agree, fighting, killed = events(doc)
    assert (agree.category, agree.time, agree.quantities) == ("AGREE", "t1", ())
    assert (fighting.category, fighting.time, fighting.status) == ("ASSAULT", None, "background")
    assert (killed.category, killed.time, killed.quantities) == ("ASSAULT", None, ("q1",))


def test_after_clause_with_its_own_verb_keeps_the_time() -> None:
    text = "On Monday the conflict escalated after rebels shelled the town."
    doc = document(text, times=(("On Monday", "2024-06-10"),))
    assert [(e.category, e.time) for e in events(doc)] == [("ASSAULT", "t1")]


def test_protest_counts_its_crowd() -> None:
    text = "Thousands of protesters rallied in the capital on Saturday."
    event = only(document(text, quantities=(("Thousands of protesters", 1000),)))
    assert (event.category, event.quantities) == ("PROTEST", ("q1",))


def test_counted_events_are_asserted_by_the_counter() -> None:
    text = "Observers from the monitoring mission counted 23 explosions near the town."
    event = only(document(text, quantities=(("23 explosions", 23),)))
    assert (event.category, event.quantities) == ("ASSAULT", ("q1",))
    assert (event.asserted_by.kind, event.asserted_by.name) == ("source", "Observers from the monitoring mission")


def test_time_from_the_preceding_sentence_of_the_paragraph() -> None:
    text = "On Monday, rebels shelled the town. The army returned fire."
    doc = document(text, times=(("On Monday", "2024-06-10"),))
    assert [e.time for e in events(doc)] == ["t1", "t1"]


def test_time_does_not_cross_paragraphs() -> None:
    text = "On Monday, rebels shelled the town.\nThe army returned fire."
    doc = document(text, times=(("On Monday", "2024-06-10"),))
    assert [e.time for e in events(doc)] == ["t1", None]


# ---- asserted by and status -------------------------------------------------------------------------------------


def statement(text: str, kind: str, content: str, speaker: str, sid: str = "s1", **extra: object) -> Statement:
    speaker_span = at(text, speaker) if speaker in text else None
    cue = at(text, "According to") if kind == "according_to" and "According to" in text else None
    return Statement(sid, kind, at(text, content), cue, speaker_span, None, speaker, **extra)  # type: ignore[arg-type]


def test_event_in_reported_speech_is_asserted_by_the_speaker() -> None:
    text = "The minister said the rebels had shelled two villages."
    doc = document(
        text, statements=(statement(text, "indirect", "the rebels had shelled two villages", "The minister"),)
    )
    event = only(doc)
    assert (event.asserted_by.kind, event.asserted_by.name, event.asserted_by.statement) == (
        "source",
        "The minister",
        "s1",
    )
    assert event.status == "reported_statement"


def test_according_to_covers_its_sentence() -> None:
    text = "Rebels attacked a convoy, according to local media."
    doc = document(text, statements=(statement(text, "according_to", "Rebels attacked a convoy", "local media"),))
    event = only(doc)
    assert event.asserted_by.name == "local media"
    assert event.status == "reported"


def test_next_sentence_according_to_covers_the_previous_one() -> None:
    text = (
        "On Monday, militants tried to seize a checkpoint.\n"
        "According to the Interior Ministry, the assault was repelled by police."
    )
    content = "the assault was repelled by police"
    doc = document(
        text,
        times=(("On Monday", "2024-06-10"),),
        statements=(statement(text, "according_to", content, "the Interior Ministry"),),
    )
    first, second = events(doc)
    assert first.category == "COERCE" and first.asserted_by.name == "the Interior Ministry"
    assert second.asserted_by.name == "the Interior Ministry"
    assert second.time == "t1"  # the continuing sentence inherits the time


def test_unrelated_next_according_to_does_not_cover() -> None:
    text = "Rebels shelled the town. According to the UN, aid deliveries resumed in May."
    doc = document(text, statements=(statement(text, "according_to", "aid deliveries resumed in May", "the UN"),))
    assert events(doc)[0].asserted_by.kind == "article"


def test_frame_of_a_relayed_statement_is_asserted_by_the_outlet() -> None:
    text = "“We will not give in,” the mayor said at a meeting with residents, the news agency reported."
    doc = document(
        text,
        statements=(
            statement(
                text, "direct", "We will not give in", "the mayor",
                relayed_by=at(text, "the news agency"), relayed_by_name="the news agency",
            ),
        ),
    )  # fmt: skip
    event = only(doc)
    assert event.category == "CONSULT"
    assert event.asserted_by.name == "the news agency"
    assert event.status == "reported"


@pytest.mark.parametrize(
    ("text", "times", "status"),
    [
        ("The Chilean president called on the rebels to disarm.", (), "reported_statement"),
        ("The rebels denied that they shelled the market.", (), "denied"),
        ("If the talks fail, the army will attack.", (), "conditional"),
        ("In 1998 the army attacked the rebels.", (("1998", "1998"),), "background"),
        ("In March the army attacked the rebels.", (("March", "2024-03"),), "reported"),
        ("The rebels had captured the town before the talks.", (), "background"),
        ("Hamas denied carrying out the attack.", (), "denied"),
        ("The ministry denied that its jets bombed the hospital.", (), "denied"),
        ("If Israel attacks Rafah, Egypt will suspend the peace treaty.", (), "conditional"),
        ("The army will withdraw unless the rebels disarm.", (), "conditional"),
        ("In 1994, Armenian forces occupied the region.", (("1994", "1994"),), "background"),
        ("Police arrested twelve protesters.", (), "reported"),
    ],
)
def test_status(text: str, times: tuple[tuple[str, str], ...], status: str) -> None:
    found = events(document(text, times=times))
    assert found and found[0].status == status


def test_speech_act_is_asserted_by_its_actor() -> None:
    event = only(document("The Chilean president called on the rebels to disarm."))
    assert event.asserted_by.kind == "source"
    assert event.asserted_by.name == "The Chilean president"


def test_ids_and_spans() -> None:
    text = "Rebels shelled the town. Officials met with the rebels."
    found = events(document(text))
    assert [e.id for e in found] == ["v1", "v2"]
    assert [text[e.trigger.start : e.trigger.end] for e in found] == ["shelled", "met"]
    assert all(e.sentence.contains(e.trigger) for e in found)


# ---- the seed article ------------------------------------------------------------------------------------------


def test_seed_events(pipeline, seed_dir) -> None:
    text = (seed_dir / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((seed_dir / "gold.json").read_text(encoding="utf-8"))
    doc = pipeline(Document("seed", text, Meta(published=dt.date(2023, 5, 31))))
    sentences = doc.layer("sentences")
    found = 0
    required = [g for g in gold["events"] if not g.get("optional")]
    for item in required:
        homes = []
        for key in ("sentence", "also_in"):
            if key in item:
                start = text.find(item[key])
                homes += [s.span for s in sentences if s.span.start <= start < s.span.end]
        found += any(
            any(h.contains(e.trigger) for h in homes) and e.category in item["types"] for e in doc.layer("events")
        )
    assert found >= 15, f"{found} of {len(required)} gold events found"


@pytest.mark.parametrize(
    ("text", "times", "expected"),
    [
        (
            "Foreign ministers met in Geneva on Monday. The meeting lasted four hours.",
            (),
            [("CONSULT", "met", ["meeting"])],
        ),
        (
            "Rebels attacked Tupiza on Monday. Officials said the attack destroyed a school.",
            (),
            [("ASSAULT", "attacked", ["attack"])],
        ),
        (
            "The two leaders held a meeting on Sunday. They had already held the first meeting in May.",
            (),
            [("CONSULT", "held a meeting", []), ("CONSULT", "held the first meeting", [])],
        ),
        (
            "Rebels attacked Tupiza on Monday. In 2019 the attack on Uyuni had killed five.",
            (("Monday", "2024-06-10"), ("2019", "2019")),
            [("ASSAULT", "attacked", []), ("ASSAULT", "attack", [])],
        ),
    ],
    ids=["the meeting", "the attack", "the first meeting", "another time"],
)
def test_a_definite_reference_is_a_further_mention_of_the_same_event(
    text: str, times: tuple[tuple[str, str], ...], expected: list[tuple[str, str, list[str]]]
) -> None:
    doc = document(text, times=times)
    found = [
        (e.category, doc.span_text(e.trigger), [doc.span_text(m) for m in e.mentions])
        for e in events(doc)
        if e.category in ("CONSULT", "ASSAULT")
    ]
    assert found == expected
    assert [e.id for e in events(doc)] == [f"v{i}" for i in range(1, len(events(doc)) + 1)]
