"""German time expressions resolved against the article date."""

from __future__ import annotations

import pytest

from kickgraph.nlp import Lexicon
from kickgraph.timex import TimeResolver


@pytest.fixture(scope="module")
def tr() -> TimeResolver:
    return TimeResolver(Lexicon.load("de"))


@pytest.mark.parametrize("text,date,value", [
    ("Er hatte bis März dieses Jahres den Klub trainiert.", "2023-10", "2023-03"),
    ("Er wurde am Montag entlassen.", "2018-10-31", "2018-10-29"),
    ("Er wurde am Mittwoch vorgestellt.", "2018-10-31", "2018-10-31"),
    ("Er wurde am Montag entlassen.", "2018-10", "2018-10"),
    ("Am 10. April 1995 übernahm er.", None, "1995-04-10"),
    ("Er kam 2004 nach Bremen.", "2010-01", "2004"),
    ("Er übernahm Ende November des Vorjahres.", "2022-10", "2021-11"),
    ("Im Januar 2013 kam er als Leihspieler.", None, "2013-01"),
])
def test_first_value(tr, text, date, value):
    found = tr.find(text, date)
    assert found, text
    assert found[0].value == value


def test_season(tr):
    (t,) = tr.find("Am Ende der Saison 2021/22 stieg der Klub auf.", "2023-10")
    assert (t.kind, t.value, t.value_end) == ("season", "2021", "2022")
    (t,) = tr.find("In der Saison 2014/2015 wurde er Vierter.", None)
    assert (t.value, t.value_end) == ("2014", "2015")


def test_not_a_season(tr):
    assert all(t.kind != "season" for t in tr.find("Das Spiel endete 2021/19.", None))


@pytest.mark.parametrize("text,date,start,end", [
    ("Er war vom 15. Juni 2007 bis zum 24. Mai 2009 Trainer.", None, "2007-06-15", "2009-05-24"),
    ("Er war von 1996 bis 2004 Verteidiger beim HSV.", None, "1996", "2004"),
    ("Er ist seit 2011 Trainer.", "2020-01", "2011", None),
    ("Er hatte bis März dieses Jahres den Klub trainiert.", "2023-10", None, "2023-03"),
    ("Er ist ab Juli im Amt.", "2023-05", "2023-07", None),
    ("Er spielte 2007 bis 2009 für Werder Bremen.", None, "2007", "2009"),
    ("Er trainierte 2016 - 2018 den OGC Nizza.", None, "2016", "2018"),
])
def test_range(tr, text, date, start, end):
    r = tr.range_in(text, date)
    assert (r.start, r.end) == (start, end)


def test_without_article_date_relative_is_skipped(tr):
    assert tr.find("Er wurde am Montag entlassen.", None) == []


def test_offsets_point_into_text(tr):
    text = "Er wechselte am 1. Juli 2019 nach München."
    (t,) = tr.find(text, None)
    assert text[t.start:t.end] == "1. Juli 2019"
