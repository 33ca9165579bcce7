"""Sentence splitter (German ordinals, years, abbreviations) and mention offsets."""

from __future__ import annotations

import os

import pytest

from kickgraph.errors import ModelError
from kickgraph.model import Article
from kickgraph.nlp import Lexicon, SentenceSplitter


@pytest.fixture(scope="module")
def splitter() -> SentenceSplitter:
    return SentenceSplitter(Lexicon.load("de"))


def sents(splitter, text):
    return [text[a:b] for a, b in splitter.split(text)]


@pytest.mark.parametrize("text,expected", [
    ("Er spielte bis 2016. Dann wechselte er nach Spanien.",
     ["Er spielte bis 2016.", "Dann wechselte er nach Spanien."]),
    ("Er kam vom FSV Mainz 05. Der Verein bestätigte das.",
     ["Er kam vom FSV Mainz 05.", "Der Verein bestätigte das."]),
    ("Der 1. FC Köln gewann am 12. Spieltag gegen den 1. FC Nürnberg.",
     ["Der 1. FC Köln gewann am 12. Spieltag gegen den 1. FC Nürnberg."]),
    ("Das gilt z.B. für Spieler wie Müller. Der Rest bleibt.",
     ["Das gilt z.B. für Spieler wie Müller.", "Der Rest bleibt."]),
    ("Trainer ist J. Klopp. Er bleibt bis 2024.",
     ["Trainer ist J. Klopp.", "Er bleibt bis 2024."]),
    ("Wer wird Trainer? Die Frage bleibt offen!",
     ["Wer wird Trainer?", "Die Frage bleibt offen!"]),
    ("Titelzeile ohne Punkt\nDer Text beginnt hier.",
     ["Titelzeile ohne Punkt", "Der Text beginnt hier."]),
    ("Am 3. Oktober 2021 übernahm er. Es folgten Siege.",
     ["Am 3. Oktober 2021 übernahm er.", "Es folgten Siege."]),
])
def test_split(splitter, text, expected):
    assert sents(splitter, text) == expected


def test_offsets_are_exact(splitter):
    text = "  Erster Satz.  Zweiter Satz.\n\nDritter Satz."
    for a, b in splitter.split(text):
        assert text[a:b] == text[a:b].strip()
        assert text[a:b].endswith(".")


@pytest.fixture(scope="module")
def analyzer(request):
    try:
        return request.getfixturevalue("pipeline").analyzer
    except ModelError:
        model = os.environ.get("KICKGRAPH_TEST_MODEL")
        if not model:
            pytest.skip("bundled NER model missing and KICKGRAPH_TEST_MODEL not set")
        from kickgraph.pipeline import BuildOptions, Pipeline

        return Pipeline(BuildOptions(model=model)).analyzer


def test_mention_offsets(analyzer):
    text = "Trainer Thomas Tuchel verlässt den FC Bayern München. Nachfolger wird Vincent Kompany."
    an = analyzer.analyze(Article(id="t", text=text))
    assert len(an.sentences) == 2
    for m in an.mentions:
        assert text[m.start:m.end] == m.text
        s = an.sentences[m.sentence]
        assert s.start <= m.start and m.end <= s.end
    labels = {m.text: m.label for m in an.mentions}
    assert labels.get("FC Bayern München") == "TEAM"
    assert labels.get("Thomas Tuchel") == "PER"


def test_compound_team_prefix(analyzer):
    text = "Gladbach-Trainer Marco Rose wechselt im Sommer."
    an = analyzer.analyze(Article(id="t", text=text))
    teams = [m for m in an.mentions if m.label == "TEAM"]
    assert teams and teams[0].text == "Gladbach" and text[teams[0].start:teams[0].end] == "Gladbach"


def test_person_name_not_swallowed_by_team(analyzer):
    """A first name + a surname that is also a club alias stays a person ("Marco Antwerpen")."""
    text = "Er wurde als Nachfolger von Marco Antwerpen verpflichtet."
    an = analyzer.analyze(Article(id="t", text=text))
    assert any(m.label == "PER" and m.text == "Marco Antwerpen" for m in an.mentions)
