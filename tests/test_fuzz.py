"""Property-based fuzzing of the ingest readers and the extraction pipeline (issue 8).

Properties: no input crashes a reader or the extractor; every reader result is an Article
with text or an IngestProblem; every graph produced validates against the SHACL shapes; a
denied fact never becomes a direct triple; evidence offsets point into the article text.

Deterministic for CI: ``derandomize=True`` and no example database. One Pipeline is loaded
per session (conftest ``pipeline``); the whole file runs in well under a minute.
"""

from __future__ import annotations

import json
import string

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kickgraph.ingest import IngestProblem, parse_html, read_articles, read_source
from kickgraph.model import Article
from kickgraph.ontology import Vocabulary
from kickgraph.pipeline import ONTOLOGY_GRAPH, ontology_quads
from kickgraph.rdf import article_graph
from kickgraph.store import GraphStore
from kickgraph.validate import validate

FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
INGEST = settings(FUZZ, max_examples=150)
EXTRACT = settings(FUZZ, max_examples=40)


def _check_items(items) -> list[Article]:
    arts = []
    for item in items:
        assert isinstance(item, (Article, IngestProblem)), item
        if isinstance(item, Article):
            assert item.text.strip(), "an article without text must be a problem instead"
            assert isinstance(item.id, str) and item.id
            assert item.date is None or len(item.date) in (4, 7, 10)
            for value in (item.url, item.title, item.publisher):
                assert value is None or isinstance(value, str)
            arts.append(item)
        else:
            assert item.message and item.source
    return arts


# ---------------------------------------------------------------------------- ingest


@INGEST
@given(st.text())
def test_stdin_any_unicode_text(text):
    _check_items(read_articles(["-"], stdin_text=text))


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@INGEST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".dat"]))
def test_any_bytes_in_any_file_kind(fuzz_dir, data, suffix):
    path = fuzz_dir / f"f{suffix}"
    path.write_bytes(data)
    _check_items(read_source(path))


_TAGS = ["html", "head", "body", "article", "main", "div", "p", "span", "h1", "h2", "li", "ul", "a", "b",
         "script", "style", "nav", "footer", "header", "aside", "title", "time", "meta", "link", "br", "table",
         "td", "blockquote", "pre", "figure", "form", "svg", "template", "iframe", "noscript"]
_ATTRS = st.dictionaries(
    st.sampled_from(["class", "id", "lang", "content", "property", "name", "datetime", "href", "rel", "itemprop",
                     "style"]),
    st.one_of(st.sampled_from(["cookie-banner", "share", "og:title", "article:published_time", "2023-10-05",
                               "canonical", "de", "en", "", "nav", "datePublished", "x\"y", "a'b", "<>&"]),
              st.text(max_size=12)),
    max_size=3)
_TEXT = st.one_of(st.sampled_from(["Jürgen Klopp verlässt Dortmund.", "Der FC Bayern München hat Trainer "
                                   "Julian Nagelsmann entlassen.", "&amp;", "&#0;", "&nbsp;", "<!--", "]]>", "\u00ad",
                                   "]]><![CDATA[x"]), st.text(max_size=30))


def _render(tag: str, attrs: dict, children: list[str], close: bool) -> str:
    a = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<{tag}{a}>" + "".join(children) + (f"</{tag}>" if close else "")


_HTML = st.recursive(
    _TEXT,
    lambda kids: st.builds(_render, st.sampled_from(_TAGS), _ATTRS, st.lists(kids, max_size=4), st.booleans()),
    max_leaves=25,
)


@INGEST
@given(st.lists(_HTML, max_size=4).map("".join), st.booleans())
def test_random_html(html, doctype):
    if doctype:
        html = "<!DOCTYPE html>" + html
    try:
        art = parse_html(html, "page", "page.html")
    except Exception as exc:  # only the documented "no article text" InputError is allowed
        from kickgraph.errors import InputError

        assert isinstance(exc, InputError), exc
        return
    assert art.text.strip() and "<script" not in art.text.lower()
    _check_items(read_articles(["-"], stdin_text=html))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=15,
)
_ARTICLE_JSON = st.fixed_dictionaries(
    {"text": st.one_of(st.text(max_size=80), _JSON)},
    optional={"id": _JSON, "date": st.one_of(_JSON, st.sampled_from(["2023-10-05", "05.10.2023", "2023-13", "0000"])),
              "title": _JSON, "url": _JSON, "lang": st.one_of(_JSON, st.sampled_from(["de", "en", "de-DE", "xx"])),
              "publisher": _JSON},
)


@INGEST
@given(st.lists(st.one_of(_ARTICLE_JSON, _JSON), max_size=5))
def test_random_json_and_jsonl(fuzz_dir, objs):
    doc = fuzz_dir / "doc.json"
    doc.write_text(json.dumps(objs), encoding="utf-8")
    _check_items(read_source(doc))
    lines = fuzz_dir / "doc.jsonl"
    lines.write_text("\n".join(json.dumps(o) for o in objs), encoding="utf-8")
    arts = _check_items(read_source(lines))
    assert len(arts) <= len(objs)
    for obj in objs:
        one = fuzz_dir / "one.json"
        one.write_text(json.dumps(obj), encoding="utf-8")
        _check_items(read_source(one))


# ---------------------------------------------------------------------------- extraction

PERSONS = ["Jürgen Klopp", "Thomas Tuchel", "Julian Nagelsmann", "Miroslav Klose", "Hansi Flick", "Marco Reus",
           "Marco Lindner", "Dirk Schuster", "Enrico Maaßen", "Huub Stevens", "Niko Kovač", "Ole Werner"]
TEAMS = ["FC Bayern München", "Borussia Dortmund", "Borussia M'gladbach", "1. FC Köln", "Hertha BSC",
         "VfB Stuttgart", "TSG Hoffenheim", "Werder Bremen", "FC Chelsea", "1. FC Kaiserslautern", "Schalke 04"]
YEARS = [str(y) for y in (1998, 2008, 2015, 2016, 2019, 2023, 2024)]
TEMPLATES = [
    "{p} wird neuer Trainer beim {t}.",
    "{p} wird {neg} Trainer beim {t}.",
    "Der {t} hat sich von Trainer {p} getrennt.",
    "{p} übernimmt den {t} als Nachfolger von {q}.",
    "{p} ersetzt {q} beim {t}.",
    "{p} spielte von {y} bis {z} für den {t}.",
    "{p} hat {neg} für den {t} gespielt.",
    "{p} wechselt im Sommer zum {t}.",
    "{p} ist ein Kandidat beim {t}.",
    "{p} ist {neg} Kandidat beim {t}.",
    "Laut Medienberichten soll {p} den {t} übernehmen.",
    "Der {t} dementiert: {p} wird nicht neuer Trainer.",
    "{p} hat den {t} nie trainiert.",
    "Der {t} verpflichtet {p} bis {z}.",
    "{p} bleibt {neg} Trainer des {t}.",
    "Interimstrainer {p} betreut den {t} gegen {u}.",
    "{p} war von {y} bis {z} Co-Trainer beim {t}, ehe {q} kam.",
    "„{p} wird nicht unser Trainer“, sagte der Sportdirektor des {t}.",
    "{p}, Ex-Profi des {t}, kehrt zurück.",
    "Das Wetter war am Wochenende schön.",
    # denials (the source of "denied" statements)
    "{p} ist kein Kandidat beim {t}.",
    "{p} soll Kandidat beim {t} sein. Doch der Verein winkt ab: {p} ist kein Thema.",
    "{p} ist ein Kandidat beim {t}. Der Verein dementiert: {p} wird {neg} neuer Trainer.",
    "Ein Wechsel von {p} zum {t} ist {neg} geplant.",
]
NEGATIONS = ["nicht", "kein", "doch nicht", "nicht mehr", "keinesfalls"]


@st.composite
def german_article(draw) -> Article:
    n = draw(st.integers(1, 4))
    sents = []
    for _ in range(n):
        tpl = draw(st.sampled_from(TEMPLATES))
        p, q = draw(st.sampled_from(PERSONS)), draw(st.sampled_from(PERSONS))
        t, u = draw(st.sampled_from(TEAMS)), draw(st.sampled_from(TEAMS))
        y, z = sorted([draw(st.sampled_from(YEARS)), draw(st.sampled_from(YEARS))])
        sents.append(tpl.format(p=p, q=q, t=t, u=u, y=y, z=z, neg=draw(st.sampled_from(NEGATIONS))))
    sep = draw(st.sampled_from([" ", "\n", "\n\n"]))
    date = draw(st.sampled_from([None, "2023", "2023-10", "2023-10-05"]))
    return Article("fuzz-de", sep.join(sents), date)


def _graph_checks(pipeline, article: Article) -> None:
    extraction = pipeline.extract(article)
    keys = {e.key for e in extraction.entities}
    text = article.text
    for f in extraction.facts:
        assert {f.subject, f.object} <= keys and (f.team is None or f.team in keys)
        if f.evidence is not None:
            assert 0 <= f.evidence.start <= f.evidence.end <= len(text)
            assert text[f.evidence.start:f.evidence.end] == f.evidence.text
    quads = pipeline.quads(extraction)
    store = GraphStore.memory()
    store.replace_graph(ONTOLOGY_GRAPH, ontology_quads())
    store.replace_graph(article_graph(article.id), quads)
    # denied facts never produce direct triples (unless another statement reports/confirms them)
    vocab = Vocabulary.load()
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    by_spo: dict[tuple, set[str]] = {}
    for st_node in {q.subject for q in quads if q.predicate == ox.NamedNode(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") and q.object == vocab("CareerStatement")}:
        props = {q.predicate: q.object for q in quads if q.subject == st_node}
        spo = (props[vocab("subject")], props[vocab("relation")], props[vocab("object")])
        by_spo.setdefault(spo, set()).add(props[vocab("status")].value.rsplit("#", 1)[-1])
    for spo, statuses in by_spo.items():
        if statuses == {"denied"}:
            assert spo not in triples, f"denied fact asserted: {spo}"
        else:
            assert spo in triples
    result = validate(store)
    assert result.conforms, result.report


@EXTRACT
@given(st.text(min_size=1, max_size=300))
def test_extract_arbitrary_unicode(pipeline, text):
    _graph_checks(pipeline, Article("fuzz-any", text))


_WORDS = st.sampled_from(PERSONS + TEAMS + NEGATIONS + ["Trainer", "wird", "neuer", "beim", "für", "den", "der",
                                                        "spielte", "Nachfolger", "von", "Kandidat", "bis", "seit",
                                                        "2019", ".", ",", "„", "“", "-", "Ex-", "nicht", "1.", "\n"])


@EXTRACT
@given(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join))
def test_extract_word_salad(pipeline, text):
    _graph_checks(pipeline, Article("fuzz-salad", text))


@settings(EXTRACT, max_examples=60)
@given(german_article())
def test_extract_german_grammar(pipeline, article):
    _graph_checks(pipeline, article)


def test_negated_candidacy_is_never_a_direct_triple(pipeline):
    """A fixed example next to the fuzzing: 'kein Kandidat' gives at most a denied statement."""
    art = Article("neg", "Miroslav Klose ist kein Kandidat beim 1. FC Kaiserslautern. Das sagte der Verein.",
                  "2023-10-05")
    extraction = pipeline.extract(art)
    assert [f.status for f in extraction.facts if f.relation == "candidateFor"] == ["denied"]
    _graph_checks(pipeline, art)


def test_printable_ascii_noise(pipeline):
    noise = "".join(string.printable[(i * 7) % len(string.printable)] for i in range(3000))
    _graph_checks(pipeline, Article("noise", noise))
