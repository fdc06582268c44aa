import json
import math
import re

import pytest

from unspin.annotations import Entity
from unspin.document import Document
from unspin.spans import Span
from unspin.stages.places import find_places
from unspin.stages.sentences import split_sentences


def places_of(text: str, entities: tuple[Entity, ...] = ()) -> list[tuple[str, str | None]]:
    return [(p.mention.of(text), p.country) for p in _run(text, entities)]


def _run(text, entities=()):
    doc = Document("t", text)
    doc.layers["sentences"] = tuple(split_sentences(text))
    doc.layers["entities"] = entities
    return find_places(doc)


CASES = [
    ("Fighting continued near Donetsk, officials in Kyiv said.", [("Donetsk", "UA"), ("Kyiv", "UA")]),
    ("Talks were held in Paris and London.", [("Paris", "FR"), ("London", "GB")]),
    ("He flew to Moscow on Friday.", [("Moscow", "RU")]),
    ("Officials in Moscow, Idaho, declined to comment.", [("Moscow", "US"), ("Idaho", "US")]),
    ("Georgia’s government met in Tbilisi.", [("Georgia", "GE"), ("Tbilisi", "GE")]),
    ("Azerbaijan’s army moved.", [("Azerbaijan", "AZ")]),
    ("Separatists in the Karabakh region refused.", [("Karabakh region", "AZ")]),
    ("Fighting in Nagorno-Karabakh resumed.", [("Nagorno-Karabakh", "AZ")]),
    ("After the Soviet Union collapsed, Yugoslavia broke up.", [("Soviet Union", None), ("Yugoslavia", None)]),
    ("Both were republics of the USSR until 1991.", [("USSR", None)]),
    ("Troops left the U.S. and the UK.", [("U.S.", "US"), ("UK", "GB")]),
    ("Shelling hit the Gaza Strip and the West Bank.", [("Gaza Strip", "PS"), ("West Bank", "PS")]),
    ("Azerbaijani forces entered Gubadli.", [("Gubadli", "AZ")]),
    ("Protests spread to Springfield, Illinois.", [("Springfield", "US"), ("Illinois", "US")]),
    ("The fire started in Lexington, Ky., on Monday.", [("Lexington", "US"), ("Ky", "US")]),
    (
        "Snow fell in Charleston, W.Va. and Vancouver, B.C. overnight.",
        [("Charleston", "US"), ("W.Va.", "US"), ("Vancouver", "CA"), ("B.C.", "CA")],
    ),
    ("Sen. Jim Smith, D-S.C., voted no.", [("S.C.", "US")]),
    ("Deputies in Laurel County arrested him.", [("Laurel County", "US")]),
    ("Farmers in Ontario and Bavaria protested.", [("Ontario", "CA"), ("Bavaria", "DE")]),
    ("In Columbus, firefighters agreed to a pay freeze. Ohio lawmakers met.", [("Columbus", "US"), ("Ohio", "US")]),
    (
        "Gainesville Police arrested a man in Alachua County, Florida.",
        [("Gainesville", "US"), ("Alachua County", "US"), ("Florida", "US")],
    ),
    # abbreviations outside "City, Abbr." are words
    ("He attended Mass. Then he left.", []),
    ("Ga. officials said so.", []),
    # never places
    ("Armenians and Azerbaijanis gathered.", []),
    ("The Armenian side and the Russian peacekeepers met.", []),
    ("Most residents fled.", []),
    ("Police said the union would appeal. The Union was not consulted by police.", []),
    ("The meeting took place in May.", []),
    ("President Jordan spoke on Sunday.", []),
    ("Visit President.Az for the statement.", []),
    ("Of the two, neither spoke.", []),
    ("Jackson Smith arrived.", []),
    ("They voted under the Constitution.", []),
    ("Victoria Nuland visited Kyiv.", [("Kyiv", "UA")]),
    ("The Secretary of State met U.S. officials.", [("U.S.", "US")]),
    ("Will Turner met Hope Hicks on Independence Day in Texas.", [("Texas", "US")]),
    ("British officials met in London.", [("London", "GB")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_places(text, expected):
    assert places_of(text) == expected


def test_a_sentence_initial_country_is_a_place():
    assert places_of("Armenia rejected the plan.") == [("Armenia", "AM")]


@pytest.mark.xfail(reason="a big city's name as a person's first name, alone at a sentence start, needs NER")
def test_city_name_used_as_a_first_name_at_sentence_start():
    assert places_of("The U.S. team won. Charlotte said she was happy.") == [("U.S.", "US")]


def test_focus_chooses_the_town_in_the_article_s_country():
    text = "Azerbaijan said its army held positions. Shelling was reported near Fuzuli and Aghdam."
    fuzuli = next(p for p in _run(text) if p.mention.of(text) == "Fuzuli")
    assert fuzuli.country == "AZ" and fuzuli.lat == pytest.approx(39.6, abs=0.1)


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Lawmakers in Georgia and Florida met. Police in Athens said the road reopened.", "Athens", "GA"),
        ("The Louisiana legislature met. Alexandria officials agreed.", "Alexandria", "LA"),
        ("Flooding hit Kentucky. Officials in London said roads were closed.", "London", "KY"),
        ("Protests spread to Athens, Ga., on Monday.", "Athens", "GA"),
    ],
)
def test_a_state_the_article_names_pulls_its_towns(text, name, admin1):
    place = next(p for p in _run(text) if p.name == name)
    assert (place.country, place.admin1) == ("US", admin1)


def test_georgia_is_the_country_in_a_caucasus_article_and_the_state_in_a_us_one():
    caucasus = _run("Russia and Armenia criticised Georgia. Tbilisi rejected it.")
    us = _run("Florida and Alabama sued Georgia over water from Atlanta.")
    assert next(p for p in caucasus if p.name == "Georgia").country == "GE"
    assert next(p for p in us if p.name == "Georgia").country == "US"


def test_small_foreign_town_needs_focus_or_a_cue():
    assert places_of("Lachin said nothing.") == []
    assert places_of("Residents returned to Lachin, Azerbaijan.") == [("Lachin", "AZ"), ("Azerbaijan", "AZ")]


def test_feature_word_after_a_list_sets_the_precision():
    text = "Azerbaijan shelled the Aghdam, Shusha, and Kalbajar districts."
    found = {p.name: p for p in _run(text)}
    assert found["Kalbajar"].mention.of(text) == "Kalbajar districts"
    assert {found[n].precision for n in ("Aghdam", "Shusha", "Kalbajar")} == {"district"}
    assert found["Azerbaijan"].precision == "country"


def test_person_entities_block_places_inside_them():
    text = "Paris Hilton visited Baku."
    person = Entity("e1", "Paris Hilton", "person", (Span(0, 12),))
    assert places_of(text, (person,)) == [("Baku", "AZ")]


def test_records_have_sequential_ids_and_valid_fields():
    places = _run("Talks in Baku and Yerevan ended. Baku said so.")
    assert [p.id for p in places] == ["p1", "p2", "p3"]
    assert all(0 < p.confidence <= 1 and p.geonameid for p in places)
    assert places[0].feature == "city" and places[0].precision == "city"


def test_seed_places(seed_dir):
    text = (seed_dir / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((seed_dir / "gold.json").read_text(encoding="utf-8"))["places"]
    places = _run(text)
    for g in gold:
        word = re.search(rf"\b{re.escape(g['text'])}\b", text)
        span = Span(word.start(), word.end())
        assert any(p.mention.overlaps(span) and _matches(p, g) for p in places), g["text"]
    mentions = {p.mention.of(text) for p in places}
    assert not mentions & {"Armenian", "Armenians", "Azerbaijani", "Azerbaijanis", "Russian", "Soviet"}


def _matches(place, gold) -> bool:
    if gold.get("lat") is None:
        return place.country == gold.get("country")
    if place.lat is None:
        return False
    dlat, dlon = math.radians(place.lat - gold["lat"]), math.radians(place.lon - gold["lon"])
    a = math.sin(dlat / 2) ** 2 + math.cos(math.radians(gold["lat"])) ** 2 * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a)) <= gold.get("tolerance_km", 25)


@pytest.mark.xfail(reason="US cities do not yet count for the focus: Georgia beside Atlanta alone stays the country")
def test_a_us_city_alone_makes_georgia_the_state():
    assert next(p for p in _run("Georgia lawmakers met in Atlanta.") if p.name == "Georgia").country == "US"
