"""Ingest: every input kind, metadata, encodings and per-file problems."""

from __future__ import annotations

import json

import pytest

from kickgraph.errors import InputError
from kickgraph.ingest import IngestProblem, normalise_date, read_articles
from kickgraph.model import Article


def _read(*paths, stdin_text=None):
    items = list(read_articles([str(p) for p in paths], stdin_text=stdin_text))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestProblem)]


def test_txt_with_metadata(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("id: x1\ndate: 2015-04-15\ntitle: T\n\nJürgen Klopp verlässt Dortmund.\n", encoding="utf-8")
    (art,), problems = _read(p)
    assert (art.id, art.date, art.title, art.text) == ("x1", "2015-04-15", "T", "Jürgen Klopp verlässt Dortmund.")
    assert not problems


def test_txt_without_metadata_uses_file_stem(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("Titel: kein Metadatenkopf\nText.", encoding="utf-8")
    (art,), _ = _read(p)
    assert art.id == "story" and art.date is None and art.text.startswith("Titel:")


def test_json_and_jsonl(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"id": "j1", "text": "Text eins.", "date": "2023-10", "lang": "de"}))
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "l1", "text": "Text zwei."}) + "\n{broken\n" + json.dumps({"text": "Text drei."}) + "\n")
    arts, problems = _read(tmp_path)
    assert [a.id for a in arts] == ["j1", "l1", "b-3"]
    assert arts[0].date == "2023-10"
    assert len(problems) == 1 and "b.jsonl:2" in problems[0].message


def test_html_drops_boilerplate(repo):
    (art,), _ = _read(repo / "examples" / "articles" / "klose_career.html")
    assert art.date == "2016-11-01"
    assert art.url == "https://example.org/kickgraph/klose-karriereende"
    assert "Klose" in art.text and "Werder Bremen" in art.text
    for junk in ("Startseite", "Impressum", "tracking", "Teilen"):
        assert junk not in art.text


def test_directory_is_recursive_and_sorted(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "ignore.bin").write_bytes(b"\x00\x01")
    arts, _ = _read(tmp_path)
    assert [a.id for a in arts] == ["a", "b"]


def test_stdin_json_and_text():
    (art,), _ = _read("-", stdin_text='{"id": "s1", "text": "Hallo."}')
    assert art.id == "s1"
    (art2,), _ = _read("-", stdin_text="Nur Text.")
    assert art2.id.startswith("stdin-")


def test_cp1252_is_read_with_a_warning(tmp_path):
    p = tmp_path / "alt.txt"
    p.write_bytes("Der Trainer trennt sich von München – Grüße".encode("cp1252"))
    (art,), problems = _read(p)
    assert "München" in art.text and "–" in art.text
    assert problems and not problems[0].fatal


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01\x02binary\x00"])
def test_empty_and_binary_files_are_problems_not_crashes(tmp_path, content):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    arts, problems = _read(p)
    assert not arts and problems and problems[0].fatal


def test_malformed_json_is_a_problem(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text("{not json", encoding="utf-8")
    arts, problems = _read(p)
    assert not arts and "invalid JSON" in problems[0].message


def test_missing_path_raises():
    with pytest.raises(InputError):
        list(read_articles(["/nonexistent/kickgraph/path"]))


@pytest.mark.parametrize("value,expected", [
    ("2023-10-05T12:00:00Z", "2023-10-05"), ("2023-10", "2023-10"), ("2019", "2019"), ("05.10.2023", "2023-10-05"),
    ("", None), (None, None), ("gestern", None), ("2023-13-01", "2023"),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/sport/2022/07/14/some-story.html", "2022-07-14"),
    ("https://example.org/news/2013-11/07/fussball-trainer-07122411", "2013-11-07"),
    ("https://example.org/2023/08/player-retires/", "2023-08"),
    ("https://example.org/posts/6341514-trainerkarussell", None),
    ("https://example.org/article/2023/99/x", None),
])
def test_date_from_url(url, expected):
    from kickgraph.ingest import date_from_url

    assert date_from_url(url) == expected


def test_missing_date_is_taken_from_the_url(tmp_path):
    p = tmp_path / "u.json"
    p.write_text(json.dumps({"id": "u", "text": "Text.", "url": "https://example.org/sport/2019/04/09/trainer"}))
    (art,), _ = _read(p)
    assert art.date == "2019-04-09"
