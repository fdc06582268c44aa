import datetime as dt
import json

import pytest

from unspin.document import Document, Meta
from unspin.stages.sentences import split_sentences
from unspin.stages.times import find_times, time_spans

WEDNESDAY = dt.date(2023, 5, 31)


def analyse(text: str, published: dt.date | None = WEDNESDAY) -> Document:
    doc = Document("t", text, Meta(published=published))
    doc.layers["sentences"] = tuple(split_sentences(text))
    doc.layers["times"] = tuple(find_times(doc))
    return doc


def times_of(text: str, published: dt.date | None = WEDNESDAY) -> dict[str, tuple]:
    doc = analyse(text, published)
    return {t.mention.of(text): (t.value, t.precision, t.anchor) for t in doc.layer("times")}


# (text, mention, value, precision, anchor), published on Wednesday 2023-05-31
RESOLVED = [
    ("It began on September 27, 2020.", "September 27, 2020", "2020-09-27", "day", "absolute"),
    ("It began on 27 September 2020.", "27 September 2020", "2020-09-27", "day", "absolute"),
    ("It began on Sunday, Sept. 27, 2020.", "Sunday, Sept. 27, 2020", "2020-09-27", "day", "absolute"),
    ("The deadline was 2020-09-27.", "2020-09-27", "2020-09-27", "day", "absolute"),
    ("Talks resumed on Sept. 27.", "Sept. 27", "2022-09-27", "day", "publication"),
    ("On March 1, officials met.", "March 1", "2023-03-01", "day", "publication"),
    ("They will meet on June 2.", "June 2", "2023-06-02", "day", "publication"),
    ("She said talks would resume in early June.", "early June", "2023-06-01/2023-06-10", "month", "publication"),
    ("Talks would have ended in early June.", "early June", "2022-06-01/2022-06-10", "month", "publication"),
    ("It rained on May 31.", "May 31", "2023-05-31", "day", "publication"),
    ("In March, prices rose.", "March", "2023-03", "month", "publication"),
    ("In late March, they met.", "late March", "2023-03-21/2023-03-31", "month", "publication"),
    ("They met in early June.", "early June", "2022-06-01/2022-06-10", "month", "publication"),
    ("In early June, they meet.", "early June", "2023-06-01/2023-06-10", "month", "publication"),
    ("The fiscal year ended March 1.", "March 1", "2023-03-01", "day", "publication"),
    ("The dividend is payable July 3.", "July 3", "2023-07-03", "day", "publication"),
    ("The dividend is payable Jan. 3.", "Jan. 3", "2023-01-03", "day", "publication"),
    ("The rights expire Aug. 21.", "Aug. 21", "2023-08-21", "day", "publication"),
    ("Prices peaked in December.", "December", "2022-12", "month", "publication"),
    ("The sale closes in July.", "July", "2023-07", "month", "publication"),
    ("By mid-May the front held.", "mid-May", "2023-05-11/2023-05-20", "month", "publication"),
    ("They met last March.", "last March", "2023-03", "month", "publication"),
    ("They met in January 2021.", "January 2021", "2021-01", "month", "absolute"),
    ("The union fell in 1991.", "1991", "1991", "year", "absolute"),
    ("There was peace since 1994.", "1994", "1994", "year", "absolute"),
    ("The 2020 war changed the map.", "2020", "2020", "year", "absolute"),
    ("Prices rose in early 2020.", "early 2020", "2020-01/2020-04", "year", "absolute"),
    ("Growth slowed by the end of 2022.", "the end of 2022", "2022-09/2022-12", "year", "absolute"),
    ("The war lasted from 1991 to 1994.", "from 1991 to 1994", "1991/1994", "year", "absolute"),
    ("It was built between 2001 and 2003.", "between 2001 and 2003", "2001/2003", "year", "absolute"),
    ("The 1992-93 offensive failed.", "1992-93", "1992/1993", "year", "absolute"),
    ("It grew in the 1990s.", "1990s", "1990s", "decade", "absolute"),
    ("It grew in the early 1990s.", "early 1990s", "1990/1993", "decade", "absolute"),
    ("It grew in the mid-1990s.", "mid-1990s", "1994/1996", "decade", "absolute"),
    ("It rose in the late 1980s and early 1990s.", "late 1980s and early 1990s", "1987/1993", "decade", "absolute"),
    ("It happened in the 20th century.", "20th century", "1900/1999", "century", "absolute"),
    ("It happened in the early nineteenth century.", "early nineteenth century", "1800/1839", "century", "absolute"),
    ("They struck on Sunday.", "Sunday", "2023-05-28", "day", "publication"),
    ("Meanwhile, on Monday, they dug in.", "Monday", "2023-05-29", "day", "publication"),
    ("On Tuesday, gangs opened fire.", "Tuesday", "2023-05-30", "day", "publication"),
    ("Sunday's attack killed three.", "Sunday", "2023-05-28", "day", "publication"),
    ("The attack happened on Wednesday.", "Wednesday", "2023-05-31", "day", "publication"),
    ("The attack happened last Wednesday.", "last Wednesday", "2023-05-24", "day", "publication"),
    ("The attack happened on Wednesday, officials said today.", "Wednesday", "2023-05-31", "day", "publication"),
    ("The ministers will meet on Sunday.", "Sunday", "2023-06-04", "day", "publication"),
    ("He said on Sunday he will visit Kyiv.", "Sunday", "2023-05-28", "day", "publication"),
    ("Talks were held last Friday.", "last Friday", "2023-05-26", "day", "publication"),
    ("Talks are planned for next Friday.", "next Friday", "2023-06-02", "day", "publication"),
    ("The talks end today.", "today", "2023-05-31", "day", "publication"),
    ("Yesterday the army withdrew.", "Yesterday", "2023-05-30", "day", "publication"),
    ("The vote is tomorrow.", "tomorrow", "2023-06-01", "day", "publication"),
    ("Shelling continued last night.", "last night", "2023-05-30", "day", "publication"),
    ("Two days ago the border closed.", "Two days ago", "2023-05-29", "day", "publication"),
    ("Three weeks ago the border closed.", "Three weeks ago", "2023-W19", "week", "publication"),
    ("A year ago the border closed.", "A year ago", "2022", "year", "publication"),
    ("They met last week.", "last week", "2023-W21", "week", "publication"),
    ("They meet next week.", "next week", "2023-W23", "week", "publication"),
    ("Prices fell last month.", "last month", "2023-04", "month", "publication"),
    ("Prices fell this year.", "this year", "2023", "year", "publication"),
    ("Prices fell last year.", "last year", "2022", "year", "publication"),
    ("Prices fell earlier this month.", "earlier this month", "2023-05-01/2023-05-30", "month", "publication"),
    ("Fighting grew over the past two weeks.", "the past two weeks", "2023-05-17/2023-05-31", "week", "publication"),
    ("Nine died in the last 24 hours.", "the last 24 hours", "2023-05-30/2023-05-31", "day", "publication"),
    ("It was dry last summer.", "last summer", "2022-06/2022-08", "season", "publication"),
    ("It froze in the winter of 2020.", "winter of 2020", "2020-12/2021-02", "season", "absolute"),
    ("The march went on last weekend.", "last weekend", "2023-05-27/2023-05-28", "week", "publication"),
    ("Profit fell in the third quarter.", "the third quarter", "2022-07/2022-09", "month", "publication"),
    ("Third-quarter profit fell.", "Third-quarter", "2022-07/2022-09", "month", "publication"),
    ("Sales will rise in the third quarter.", "the third quarter", "2023-07/2023-09", "month", "publication"),
    ("Sales rose in the first quarter of 2021.", "the first quarter of 2021", "2021-01/2021-03", "month", "absolute"),
    ("Sales rose in the 2021 second quarter.", "the 2021 second quarter", "2021-04/2021-06", "month", "absolute"),
    ("Sales rose in the latest quarter.", "the latest quarter", "2023-01/2023-03", "month", "publication"),
    ("Profit doubled in the second half.", "the second half", "2022-07/2022-12", "month", "publication"),
    ("Next year's first half looks weak.", "Next year's first half", "2024-01/2024-06", "month", "publication"),
    (
        "Profit rose in the first quarter from a year earlier.",
        "a year earlier",
        "2022-01/2022-03",
        "month",
        "publication",
    ),
    ("Profit rose in the first quarter from a year ago.", "a year ago", "2022-01/2022-03", "month", "publication"),
    ("The year-earlier quarter was weak.", "The year-earlier quarter", None, "unknown", "unresolved"),
    ("Prices are now stable.", "now", "2023-05-31", "day", "publication"),
    ("Currently, talks are stalled.", "Currently", "2023-05-31", "day", "publication"),
    ("He recently resigned.", "recently", None, "unknown", "unresolved"),
    ("In recent weeks the front moved.", "recent weeks", None, "unknown", "unresolved"),
    ("It will matter in the future.", "the future", None, "unknown", "unresolved"),
    ("They met Monday morning.", "Monday morning", "2023-05-29", "day", "publication"),
    ("Early Tuesday, the shelling stopped.", "Early Tuesday", "2023-05-30", "day", "publication"),
]


@pytest.mark.parametrize(("text", "mention", "value", "precision", "anchor"), RESOLVED)
def test_resolves_against_publication_date(text, mention, value, precision, anchor):
    assert times_of(text).get(mention) == (value, precision, anchor)


# (text, mention, precision, anchor) with no publication date: relative expressions stay unresolved
UNDATED = [
    ("They struck on Sunday.", "Sunday", None, "day", "unresolved"),
    ("On March 1, officials met.", "March 1", None, "day", "unresolved"),
    ("In late March, they met.", "late March", None, "month", "unresolved"),
    ("The talks end today.", "today", None, "day", "unresolved"),
    ("They met last week.", "last week", None, "week", "unresolved"),
    ("Two days ago the border closed.", "Two days ago", None, "day", "unresolved"),
    ("It began on September 27, 2020.", "September 27, 2020", "2020-09-27", "day", "absolute"),
    ("The union fell in 1991.", "1991", "1991", "year", "absolute"),
    ("It rose in the late 1980s and early 1990s.", "late 1980s and early 1990s", "1987/1993", "decade", "absolute"),
]


@pytest.mark.parametrize(("text", "mention", "value", "precision", "anchor"), UNDATED)
def test_without_publication_date(text, mention, value, precision, anchor):
    assert times_of(text, published=None).get(mention) == (value, precision, anchor)


@pytest.mark.parametrize(
    ("published", "sunday", "march_first", "this_year"),
    [
        (dt.date(1995, 6, 14), "1995-06-11", "1995-03-01", "1995"),
        (dt.date(2031, 2, 3), "2031-02-02", "2030-03-01", "2031"),
    ],
)
def test_values_depend_only_on_the_publication_date(published, sunday, march_first, this_year):
    """The same text resolves differently for each publication date, and never by the machine clock."""
    found = times_of("On Sunday they met. They talked on March 1. This year is hard.", published)
    assert found["Sunday"][0] == sunday
    assert found["March 1"][0] == march_first
    assert found["This year"][0] == this_year


NOT_TIMES = [
    ("The army killed 1991 people.", "1991"),
    ("1500 troops arrived.", "1500"),
    ("Over 30,000 people fled.", "30,000"),
    ("The parliament may vote.", "may"),
    ("Theresa May resigned.", "May"),
    ("Bloody Sunday is remembered.", "Sunday"),
    ("The Sunday Times reported it.", "Sunday"),
    ("The fall of Kabul shocked many.", "fall"),
    ("They met in 1991 and 1994.", "1991 and 1994"),
    ("It grew in the 1960s and 1980s.", "1960s and 1980s"),
    ("Half of the money vanished.", "Half"),
    ("A quarter of the votes were lost.", "quarter"),
    ("It happened in the past two weeks.", "the past"),
]


@pytest.mark.parametrize(("text", "word"), NOT_TIMES)
def test_not_a_time(text, word):
    assert word not in times_of(text)


def test_speech_day_from_attribution_after_the_quote():
    text = "“We will win the war today, we are ready,” the president said on Sunday."
    assert times_of(text)["today"] == ("2023-05-28", "day", "speech")


def test_speech_day_from_attribution_before_the_quote():
    text = "The president said on Sunday: “Today we have won the war for good.”"
    assert times_of(text)["Today"] == ("2023-05-28", "day", "speech")


def test_continuing_quoted_paragraph_shares_the_speech_day():
    text = "“We have won the war for good,” the president said on Sunday.\n“And today the army rests at last.”"
    assert times_of(text)["today"] == ("2023-05-28", "day", "speech")


def test_quote_without_a_dated_attribution_uses_the_publication_date():
    text = "“We rest today, all of us,” a soldier said."
    assert times_of(text)["today"] == ("2023-05-31", "day", "publication")


def test_ids_count_in_text_order():
    doc = analyse("On Sunday and in 1991 and yesterday.")
    assert [t.id for t in doc.layer("times")] == ["t1", "t2", "t3"]
    assert [t.mention.of(doc.text) for t in doc.layer("times")] == ["Sunday", "1991", "yesterday"]


def test_time_spans_match_the_stage():
    text = "In 1991, 300 people fled; on March 1 they returned."
    assert [s.of(text) for s in time_spans(text)] == ["1991", "March 1"]


def test_seed_required_times(seed_dir):
    gold = json.loads((seed_dir / "gold.json").read_text(encoding="utf-8"))
    meta = json.loads((seed_dir / "meta.json").read_text(encoding="utf-8"))
    text = (seed_dir / "article.txt").read_text(encoding="utf-8")
    doc = analyse(text, dt.date.fromisoformat(meta["published"]))
    from unspin.evaluate.seed import locate, time_matches

    missed = [
        g["text"]
        for g in gold["times"]
        if not any(
            t.mention.overlaps(locate(text, g["text"])) and time_matches(t, g["value"]) for t in doc.layer("times")
        )
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("On Sunday, the ministers will meet again.", "Sunday", "2023-06-04"),
        ("Trump backed off on Tuesday, declaring the US will stop the games.", "Tuesday", "2023-05-30"),
    ],
)
def test_tense_of_the_clause(text, mention, value):
    assert times_of(text)[mention][0] == value


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("Posted 2 hours ago.", "2 hours ago", "2023-05-31"),
        ("Posted 48 hours ago.", "48 hours ago", "2023-05-29"),
        ("Rebuilding will take the next six months.", "the next six months", "2023-05-31/2023-11-30"),
    ],
)
def test_counted_periods(text, mention, value):
    assert times_of(text)[mention][0] == value


def test_the_next_day_follows_the_story_not_the_publication():
    assert "The next day" not in times_of("The next day the regime warned the rebels.")
