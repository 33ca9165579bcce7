"""The query library (queries/*.rq) on a hand-written coaching carousel.

The fixture: two clubs, six persons, four articles (2023):

* SC Rheintal 1907 sacks Jens Kramer (2023-03-12); Dirk Albers takes over as interim coach;
  Marco Lindner and Tobias Engel are named as candidates; Stefan Wolff denies his candidacy;
* Lindner - a Rheintal player 2005-2011 - is hired (2023-03-14) and succeeds Albers;
* Borussia M'hausen: Uwe Brandt leaves, Engel (the Rheintal candidate) is hired from 2023-07-01;
  Kramer - a former Borussia player - was in talks there too.

Each query has a test with its exact rows, run on the embedded Oxigraph store and on rdflib's
in-memory Dataset (union default graph) to prove the queries are portable SPARQL 1.1.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kickgraph.model import Article, Entity, Evidence, Extraction, Fact
from kickgraph.ontology import Vocabulary
from kickgraph.pipeline import ONTOLOGY_GRAPH, ontology_quads
from kickgraph.query import load_query, parse_params, run_local, values_block
from kickgraph.rdf import article_graph, extraction_quads
from kickgraph.store import GraphStore

KG = "https://w3id.org/kickgraph/id/"
KRAMER = f"{KG}person/jens-kramer"
RHEINTAL = f"{KG}team/sc-rheintal-1907"
MHAUSEN = f"{KG}team/borussia-m-hausen"
RH, MH = "SC Rheintal 1907", "Borussia M'hausen"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

LIBRARY = ("person_career", "club_coaches", "succession", "candidates_not_hired", "homecomings",
           "club_as_of", "active_clubs", "facts_by_source")

HOSTILE = (
    "Borussia M'gladbach",
    '"} ; DROP ALL ; {',
    '" } } ; DROP ALL ; INSERT DATA { <a:a> <a:b> <a:c> } #',
    "'; DELETE WHERE { ?s ?p ?o } #",
    'C:\\Temp\\"quoted"\\',
    "back\\slash \\u0022 \\\" end",
    ">) } SERVICE <http://127.0.0.1:1/> { ?s ?p ?o",
    "",
)


# ---------------------------------------------------------------------------- fixture


def _ev(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence, start, start + len(sentence), 0)


def _persons(*names: str) -> tuple[Entity, ...]:
    return tuple(Entity(n.split()[-1].lower(), n, "person", (n, n.split()[-1])) for n in names)


def carousel() -> list[Extraction]:
    """Four articles of a fictional (but realistic) coaching carousel."""
    rheintal = Entity("rheintal", RH, "team", (RH, "Rheintal"))
    mhausen = Entity("mhausen", MH, "team", (MH, "Borussia"))

    t1 = ("Der SC Rheintal 1907 hat sich von Cheftrainer Jens Kramer getrennt. Bis auf Weiteres "
          "übernimmt Co-Trainer Dirk Albers als Interimstrainer. Als Nachfolger gelten Marco Lindner "
          "und Tobias Engel.")
    s1, s2, s3 = t1.split(". ")[0] + ".", t1.split(". ")[1] + ".", t1.split(". ")[2]
    a1 = Extraction(
        Article("rheintal-2023-03-12", t1, "2023-03-12", "https://news.example/rheintal/1",
                "Rheintal trennt sich von Kramer", "de", "Kicker Fiktiv", "a1.json"),
        (rheintal, *_persons("Jens Kramer", "Dirk Albers", "Marco Lindner", "Tobias Engel")),
        (
            Fact("kramer", "coached", "rheintal", "confirmed", "head_coach", "past", "2021-07", "2023-03-12",
                 confidence=0.9, evidence=_ev(t1, s1)),
            Fact("albers", "coached", "rheintal", "confirmed", "interim_coach", "current", "2023-03-12",
                 confidence=0.8, evidence=_ev(t1, s2)),
            Fact("albers", "replaced", "kramer", "confirmed", "interim_coach", "current", "2023-03-12",
                 team="rheintal", confidence=0.8, evidence=_ev(t1, s2)),
            Fact("lindner", "candidateFor", "rheintal", "reported", "head_coach", "current",
                 confidence=0.6, evidence=_ev(t1, s3)),
            Fact("engel", "candidateFor", "rheintal", "reported", "head_coach", "current",
                 confidence=0.6, evidence=_ev(t1, s3)),
        ),
    )

    t2 = ('Stefan Wolff dementierte: "Rheintal ist für mich kein Thema." Tobias Engel bleibt ein '
          "Kandidat beim SC Rheintal 1907.")
    a2 = Extraction(
        Article("rheintal-2023-03-13", t2, "2023-03-13", "https://news.example/rheintal/2?a=1&b=\"2\"",
                'Wolff: "Kein Thema" \\ Dementi', "de", "Sportblatt", "a2.json"),
        (rheintal, *_persons("Stefan Wolff", "Tobias Engel")),
        (
            Fact("wolff", "candidateFor", "rheintal", "denied", "head_coach", "current", confidence=0.7,
                 evidence=_ev(t2, 'Stefan Wolff dementierte: "Rheintal ist für mich kein Thema."')),
            Fact("engel", "candidateFor", "rheintal", "reported", "head_coach", "current", confidence=0.5,
                 evidence=_ev(t2, "Tobias Engel bleibt ein Kandidat beim SC Rheintal 1907.")),
        ),
    )

    t3 = ("Marco Lindner ist neuer Cheftrainer des SC Rheintal 1907 und folgt auf Interimstrainer Dirk "
          "Albers. Lindner spielte von 2005 bis 2011 für Rheintal. Albers hatte das Team zwei Tage betreut.")
    first, second, third = (s + "." for s in t3.rstrip(".").split(". "))
    a3 = Extraction(
        Article("rheintal-2023-03-14", t3, "2023-03-14", None, "Lindner kehrt heim", "de",
                "Kicker Fiktiv", "a3.json"),
        (rheintal, *_persons("Marco Lindner", "Dirk Albers")),
        (
            Fact("lindner", "coached", "rheintal", "confirmed", "head_coach", "current", "2023-03-14",
                 confidence=0.9, evidence=_ev(t3, first)),
            Fact("lindner", "replaced", "albers", "confirmed", "head_coach", "current", "2023-03-14",
                 team="rheintal", confidence=0.85, evidence=_ev(t3, first)),
            Fact("lindner", "playedFor", "rheintal", "confirmed", "player", "past", "2005", "2011",
                 confidence=0.8, evidence=_ev(t3, second)),
            Fact("albers", "coached", "rheintal", "confirmed", "interim_coach", "past", "2023-03-12",
                 "2023-03-14", confidence=0.7, evidence=_ev(t3, third)),
        ),
    )

    t4 = ("Uwe Brandt verlässt Borussia M'hausen zum Saisonende. Sein Nachfolger wird ab 1. Juli Tobias "
          'Engel, genannt "Toto". Auch der frühere Borussen-Spieler Jens Kramer war im Gespräch.')
    b1, b2, b3 = ("Uwe Brandt verlässt Borussia M'hausen zum Saisonende.",
                  'Sein Nachfolger wird ab 1. Juli Tobias Engel, genannt "Toto".',
                  "Auch der frühere Borussen-Spieler Jens Kramer war im Gespräch.")
    a4 = Extraction(
        Article("mhausen-2023-05-30", t4, "2023-05-30", None, "Engel übernimmt in M'hausen", "de", None,
                "a4.json"),
        (mhausen, Entity("engel", "Tobias Engel", "person", ("Tobias Engel", 'Tobias "Toto" Engel')),
         *_persons("Uwe Brandt", "Jens Kramer")),
        (
            Fact("brandt", "coached", "mhausen", "confirmed", "head_coach", "past", "2020-07", "2023-06-30",
                 confidence=0.9, evidence=_ev(t4, b1)),
            Fact("engel", "coached", "mhausen", "confirmed", "head_coach", "future", "2023-07-01",
                 confidence=0.9, evidence=_ev(t4, b2)),
            Fact("engel", "replaced", "brandt", "confirmed", "head_coach", "future", "2023-07-01",
                 team="mhausen", confidence=0.8, evidence=_ev(t4, b2)),
            Fact("kramer", "candidateFor", "mhausen", "reported", "head_coach", "current", confidence=0.5,
                 evidence=_ev(t4, b3)),
            Fact("kramer", "playedFor", "mhausen", "confirmed", "player", "past", "1998", "2004",
                 confidence=0.6, evidence=_ev(t4, b3)),
        ),
    )
    return [a1, a2, a3, a4]


def carousel_quads() -> list[ox.Quad]:
    vocab = Vocabulary.load()
    out = list(ontology_quads())
    for ex in carousel():
        out.extend(extraction_quads(ex, vocab))
    return out


def carousel_store(directory: str | Path | None = None) -> GraphStore:
    """The fixture in a GraphStore: in memory, or persistent in ``directory``."""
    gs = GraphStore.persistent(directory) if directory is not None else GraphStore.memory()
    gs.replace_graph(ONTOLOGY_GRAPH, ontology_quads())
    vocab = Vocabulary.load()
    for ex in carousel():
        gs.replace_graph(article_graph(ex.article.id), extraction_quads(ex, vocab))
    gs.flush()
    return gs


def values(result) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else t.value for t in row) for row in result.rows]


def inline_values(sparql: str, params) -> str:
    """Bind parameters with a VALUES block at the start of the outermost WHERE group.

    Unlike the trailing VALUES of :func:`kickgraph.query.run_remote`, this also binds variables
    that a query only uses in FILTERs (club_as_of's ?date).
    """
    if not params:
        return sparql
    block = values_block(params).strip()
    head, sep, tail = sparql.partition("WHERE {")
    assert sep, "query has no 'WHERE {'"
    return f"{head}WHERE {{\n  {block}{tail}"


@pytest.fixture(scope="module")
def store() -> GraphStore:
    return carousel_store()


@pytest.fixture(scope="module")
def rdflib_dataset():
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=ox.serialize(carousel_quads(), format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    return ds


def run_rdflib(ds, sparql: str, params=None) -> tuple[tuple[str, ...], list[tuple[str | None, ...]]]:
    import rdflib

    def conv(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if t.language or t.datatype.value == XSD_STRING:  # rdflib keeps "x" and "x"^^xsd:string apart
            return rdflib.Literal(t.value, lang=t.language)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))

    bindings = {rdflib.Variable(k): conv(v) for k, v in (params or {}).items()}
    res = ds.query(sparql, initBindings=bindings)
    names = tuple(str(v) for v in res.vars)
    return names, [tuple(None if t is None else str(t) for t in row) for row in res]


# ---------------------------------------------------------------------------- expected rows

VARS = {
    "person_career": ("name", "relation", "team", "other", "role", "status", "start", "end", "sources",
                      "firstReported", "person"),
    "club_coaches": ("club", "coach", "role", "status", "start", "end", "sources", "team"),
    "succession": ("club", "since", "predecessor", "successor", "role", "status", "sources", "team"),
    "candidates_not_hired": ("club", "candidate", "role", "status", "firstReported", "sources",
                             "hiredInstead", "hiredFrom", "team"),
    "homecomings": ("person", "club", "playedFrom", "playedTo", "relation", "role", "status", "since",
                    "sources", "team"),
    "club_as_of": ("club", "person", "relation", "role", "since", "sources", "team", "date"),
    "active_clubs": ("club", "changes", "coaches", "candidates", "team"),
    "facts_by_source": ("source", "relation", "status", "statements", "articles", "persons"),
}
LINDNER = f"{KG}person/marco-lindner"

CASES: list[tuple[str, str, dict[str, str], list[tuple]]] = [
    ("career-by-name", "person_career", {"name": "Marco Lindner"}, [
        ("Marco Lindner", "playedFor", RH, None, "player", "confirmed", "2005", "2011", "1", "2023-03-14", LINDNER),
        ("Marco Lindner", "candidateFor", RH, None, "head_coach", "reported", None, None, "1", "2023-03-12",
         LINDNER),
        ("Marco Lindner", "coached", RH, None, "head_coach", "confirmed", "2023-03-14", None, "1", "2023-03-14",
         LINDNER),
        ("Marco Lindner", "replaced", RH, "Dirk Albers", "head_coach", "confirmed", "2023-03-14", None, "1",
         "2023-03-14", LINDNER),
    ]),
    ("career-by-iri", "person_career", {"person": f"<{KRAMER}>"}, [
        ("Jens Kramer", "playedFor", MH, None, "player", "confirmed", "1998", "2004", "1", "2023-05-30", KRAMER),
        ("Jens Kramer", "coached", RH, None, "head_coach", "confirmed", "2021-07", "2023-03-12", "1",
         "2023-03-12", KRAMER),
        ("Jens Kramer", "candidateFor", MH, None, "head_coach", "reported", None, None, "1", "2023-05-30",
         KRAMER),
    ]),
    ("career-two-sources", "person_career", {"name": "Tobias Engel"}, [
        ("Tobias Engel", "candidateFor", RH, None, "head_coach", "reported", None, None, "2", "2023-03-12",
         f"{KG}person/tobias-engel"),
        ("Tobias Engel", "coached", MH, None, "head_coach", "confirmed", "2023-07-01", None, "1", "2023-05-30",
         f"{KG}person/tobias-engel"),
        ("Tobias Engel", "replaced", MH, "Uwe Brandt", "head_coach", "confirmed", "2023-07-01", None, "1",
         "2023-05-30", f"{KG}person/tobias-engel"),
    ]),
    ("coaches-by-label", "club_coaches", {"club": RH}, [
        (RH, "Jens Kramer", "head_coach", "confirmed", "2021-07", "2023-03-12", "1", RHEINTAL),
        (RH, "Dirk Albers", "interim_coach", "confirmed", "2023-03-12", None, "1", RHEINTAL),
        (RH, "Dirk Albers", "interim_coach", "confirmed", "2023-03-12", "2023-03-14", "1", RHEINTAL),
        (RH, "Marco Lindner", "head_coach", "confirmed", "2023-03-14", None, "1", RHEINTAL),
    ]),
    ("coaches-by-iri-apostrophe", "club_coaches", {"team": f"<{MHAUSEN}>"}, [
        (MH, "Uwe Brandt", "head_coach", "confirmed", "2020-07", "2023-06-30", "1", MHAUSEN),
        (MH, "Tobias Engel", "head_coach", "confirmed", "2023-07-01", None, "1", MHAUSEN),
    ]),
    ("coaches-apostrophe-label", "club_coaches", {"club": MH}, [
        (MH, "Uwe Brandt", "head_coach", "confirmed", "2020-07", "2023-06-30", "1", MHAUSEN),
        (MH, "Tobias Engel", "head_coach", "confirmed", "2023-07-01", None, "1", MHAUSEN),
    ]),
    ("succession-club", "succession", {"club": RH}, [
        (RH, "2023-03-12", "Jens Kramer", "Dirk Albers", "interim_coach", "confirmed", "1", RHEINTAL),
        (RH, "2023-03-14", "Dirk Albers", "Marco Lindner", "head_coach", "confirmed", "1", RHEINTAL),
    ]),
    ("succession-all", "succession", {}, [
        (MH, "2023-07-01", "Uwe Brandt", "Tobias Engel", "head_coach", "confirmed", "1", MHAUSEN),
        (RH, "2023-03-12", "Jens Kramer", "Dirk Albers", "interim_coach", "confirmed", "1", RHEINTAL),
        (RH, "2023-03-14", "Dirk Albers", "Marco Lindner", "head_coach", "confirmed", "1", RHEINTAL),
    ]),
    ("candidates-all", "candidates_not_hired", {}, [
        (MH, "Jens Kramer", "head_coach", "reported", "2023-05-30", "1", "Tobias Engel", "2023-07-01", MHAUSEN),
        (RH, "Tobias Engel", "head_coach", "reported", "2023-03-12", "2", "Marco Lindner", "2023-03-14",
         RHEINTAL),
        (RH, "Stefan Wolff", "head_coach", "denied", "2023-03-13", "1", "Marco Lindner", "2023-03-14", RHEINTAL),
    ]),
    ("candidates-club", "candidates_not_hired", {"club": MH}, [
        (MH, "Jens Kramer", "head_coach", "reported", "2023-05-30", "1", "Tobias Engel", "2023-07-01", MHAUSEN),
    ]),
    ("homecomings-all", "homecomings", {}, [
        ("Jens Kramer", MH, "1998", "2004", "candidateFor", "head_coach", "reported", None, "1", MHAUSEN),
        ("Marco Lindner", RH, "2005", "2011", "coached", "head_coach", "confirmed", "2023-03-14", "1", RHEINTAL),
        ("Marco Lindner", RH, "2005", "2011", "candidateFor", "head_coach", "reported", None, "1", RHEINTAL),
    ]),
    ("homecomings-club", "homecomings", {"club": MH}, [
        ("Jens Kramer", MH, "1998", "2004", "candidateFor", "head_coach", "reported", None, "1", MHAUSEN),
    ]),
    ("as-of-interim", "club_as_of", {"club": RH, "date": "2023-03-13"}, [
        (RH, "Dirk Albers", "coached", "interim_coach", "2023-03-12", "2", RHEINTAL, "2023-03-13"),
    ]),
    ("as-of-sacking-day", "club_as_of", {"club": RH, "date": "2023-03-12"}, [
        (RH, "Dirk Albers", "coached", "interim_coach", "2023-03-12", "2", RHEINTAL, "2023-03-12"),
    ]),
    ("as-of-before", "club_as_of", {"club": RH, "date": "2022-01-01"}, [
        (RH, "Jens Kramer", "coached", "head_coach", "2021-07", "1", RHEINTAL, "2022-01-01"),
    ]),
    ("as-of-player", "club_as_of", {"club": RH, "date": "2008-06-30"}, [
        (RH, "Marco Lindner", "playedFor", "player", "2005", "1", RHEINTAL, "2008-06-30"),
    ]),
    ("as-of-new-coach", "club_as_of", {"club": RH, "date": "2024-01-01"}, [
        (RH, "Marco Lindner", "coached", "head_coach", "2023-03-14", "1", RHEINTAL, "2024-01-01"),
    ]),
    ("as-of-before-handover", "club_as_of", {"team": f"<{MHAUSEN}>", "date": "2023-06-15"}, [
        (MH, "Uwe Brandt", "coached", "head_coach", "2020-07", "1", MHAUSEN, "2023-06-15"),
    ]),
    ("as-of-after-handover", "club_as_of", {"club": MH, "date": "2023-07-15"}, [
        (MH, "Tobias Engel", "coached", "head_coach", "2023-07-01", "1", MHAUSEN, "2023-07-15"),
    ]),
    ("as-of-all-clubs", "club_as_of", {"date": "2023-03-13"}, [
        (MH, "Uwe Brandt", "coached", "head_coach", "2020-07", "1", MHAUSEN, "2023-03-13"),
        (RH, "Dirk Albers", "coached", "interim_coach", "2023-03-12", "2", RHEINTAL, "2023-03-13"),
    ]),
    ("active-clubs", "active_clubs", {}, [
        (RH, "2", "3", "3", RHEINTAL),
        (MH, "1", "2", "1", MHAUSEN),
    ]),
    ("facts-by-source", "facts_by_source", {}, [
        ("(unknown)", "candidateFor", "reported", "1", "1", "1"),
        ("(unknown)", "coached", "confirmed", "2", "1", "2"),
        ("(unknown)", "playedFor", "confirmed", "1", "1", "1"),
        ("(unknown)", "replaced", "confirmed", "1", "1", "1"),
        ("Kicker Fiktiv", "candidateFor", "reported", "2", "1", "2"),
        ("Kicker Fiktiv", "coached", "confirmed", "4", "2", "3"),
        ("Kicker Fiktiv", "playedFor", "confirmed", "1", "1", "1"),
        ("Kicker Fiktiv", "replaced", "confirmed", "2", "2", "2"),
        ("Sportblatt", "candidateFor", "denied", "1", "1", "1"),
        ("Sportblatt", "candidateFor", "reported", "1", "1", "1"),
    ]),
    ("facts-by-status", "facts_by_source", {"status": "reported"}, [
        ("(unknown)", "candidateFor", "reported", "1", "1", "1"),
        ("Kicker Fiktiv", "candidateFor", "reported", "2", "1", "2"),
        ("Sportblatt", "candidateFor", "reported", "1", "1", "1"),
    ]),
    ("facts-without-publisher", "facts_by_source", {"source": "(unknown)"}, [
        ("(unknown)", "candidateFor", "reported", "1", "1", "1"),
        ("(unknown)", "coached", "confirmed", "2", "1", "2"),
        ("(unknown)", "playedFor", "confirmed", "1", "1", "1"),
        ("(unknown)", "replaced", "confirmed", "1", "1", "1"),
    ]),
    ("facts-by-publisher", "facts_by_source", {"source": "Sportblatt"}, [
        ("Sportblatt", "candidateFor", "denied", "1", "1", "1"),
        ("Sportblatt", "candidateFor", "reported", "1", "1", "1"),
    ]),
]
CASE_IDS = [c[0] for c in CASES]

# parameters each query takes, for the hostile-value tests (club_as_of also needs a date)
LABEL_PARAMS = {
    "person_career": "name",
    "club_coaches": "club",
    "succession": "club",
    "candidates_not_hired": "club",
    "homecomings": "club",
    "club_as_of": "club",
    "facts_by_source": "source",
}


def filter_only_params(query: str) -> set[str]:
    """Parameters a query uses only in FILTERs: they need pre-binding, not a trailing VALUES."""
    return {"date"} if query == "club_as_of" else set()


# ---------------------------------------------------------------------------- tests


def test_every_library_query_has_a_header_and_a_case(repo):
    for name in LIBRARY:
        text = (repo / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        header = text.split("PREFIX", 1)[0]
        assert header.startswith(f"# {name}.rq - "), name
        for field in ("# Purpose:", "# Parameters:", "# Example:"):
            assert field in header, (name, field)
        assert "kickgraph query" in header and name in header
    assert {c[1] for c in CASES} == set(LIBRARY)


@pytest.mark.parametrize(("case", "query", "params", "expected"), CASES, ids=CASE_IDS)
def test_query_rows(store, case, query, params, expected):
    result = run_local(store, load_query(query), parse_params(params))
    assert result.variables == VARS[query]
    assert values(result) == expected


@pytest.mark.parametrize(("case", "query", "params", "expected"), CASES, ids=CASE_IDS)
def test_rdflib_gives_the_same_rows(rdflib_dataset, case, query, params, expected):
    """Portability: rdflib's own SPARQL engine, union default graph, pre-bound parameters."""
    names, rows = run_rdflib(rdflib_dataset, load_query(query), parse_params(params))
    assert names == VARS[query]
    assert rows == expected


@pytest.mark.parametrize(("case", "query", "params", "expected"), CASES, ids=CASE_IDS)
def test_values_binding_gives_the_same_rows(store, rdflib_dataset, case, query, params, expected):
    """The VALUES forms an endpoint gets: trailing (run_remote) or at the top of the WHERE."""
    bound = parse_params(params)
    texts = [inline_values(load_query(query), bound)]
    if not filter_only_params(query) & set(params):
        texts.append(load_query(query) + values_block(bound))
    for text in texts:
        assert values(run_local(store, text)) == expected
        assert run_rdflib(rdflib_dataset, text)[1] == expected


def test_trailing_values_cannot_bind_filter_only_parameters(store):
    """Why club_as_of needs pre-binding: a trailing VALUES is joined after the WHERE's FILTERs."""
    text = load_query("club_as_of") + values_block(parse_params({"club": RH, "date": "2023-03-13"}))
    assert values(run_local(store, text)) == []


@pytest.mark.parametrize("query", sorted(LABEL_PARAMS))
@pytest.mark.parametrize("hostile", HOSTILE, ids=[f"v{i}" for i in range(len(HOSTILE))])
def test_hostile_parameter_values_are_inert(store, rdflib_dataset, query, hostile):
    before = sorted(map(str, store.quads()))
    params = {LABEL_PARAMS[query]: hostile}
    if query == "club_as_of":
        params["date"] = "2023-03-13"
    bound = parse_params(params)
    assert values(run_local(store, load_query(query), bound)) == []
    if HOSTILE.index(hostile) < 3:  # rdflib is slow; three values prove the point
        assert run_rdflib(rdflib_dataset, load_query(query), bound)[1] == []
    text = inline_values(load_query(query), bound)
    assert values(run_local(store, text)) == []
    if not filter_only_params(query):
        assert values(run_local(store, load_query(query) + values_block(bound))) == []
    assert sorted(map(str, store.quads())) == before


@pytest.mark.parametrize("hostile", HOSTILE, ids=[f"v{i}" for i in range(len(HOSTILE))])
def test_hostile_date_is_inert(store, hostile):
    n = len(store)
    rows = values(run_local(store, load_query("club_as_of"), parse_params({"club": RH, "date": hostile})))
    assert rows == []
    assert len(store) == n


def test_apostrophe_label_matches_exactly(store):
    q = load_query("club_coaches")
    assert values(run_local(store, q, parse_params(["club=Borussia M'hausen"])))
    assert values(run_local(store, q, parse_params(["club=Borussia M'gladbach"]))) == []
    assert values(run_local(store, q, parse_params(["club=Borussia M\\'hausen"]))) == []


def test_hostile_iri_parameter_is_rejected_cleanly():
    from kickgraph.errors import QueryError

    with pytest.raises(QueryError):
        parse_params(["team=<http://x> } ; DROP ALL ; { <y>"])


def test_cli_query_binds_parameters(tmp_path):
    from click.testing import CliRunner

    from kickgraph.cli import main

    path = tmp_path / "carousel.trig"
    carousel_store().dump(path)
    runner = CliRunner()
    res = runner.invoke(main, ["query", str(path), "succession", "--param", f"club={RH}", "--format", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[0] == "club,since,predecessor,successor,role,status,sources,team"
    assert [line.split(",")[3] for line in lines[1:]] == ["Dirk Albers", "Marco Lindner"]
    res = runner.invoke(main, ["query", str(path), "club_as_of", "--param", f"club={MH}",
                               "--param", "date=2023-07-15", "--format", "tsv"])
    assert res.exit_code == 0, res.output
    assert "Tobias Engel" in res.output and "Uwe Brandt" not in res.output
    res = runner.invoke(main, ["query", str(path), "club_coaches", "--param", 'club="} ; DROP ALL ; {'])
    assert res.exit_code == 0, res.output
    assert "(0 rows)" in res.output


def test_remote_binding_puts_values_inside_the_outer_where(store):
    """A VALUES block at the start of the outer WHERE behaves like a local substitution, also
    for variables used only in FILTERs (club_as_of's ?date)."""
    from kickgraph.query import bind_with_values

    params = parse_params({"club": RH, "date": "2023-03-13"})
    text = bind_with_values(load_query("club_as_of"), params)
    where = text.index("\nWHERE {") + len("\nWHERE {")
    assert text[where:].lstrip().startswith("VALUES (?club ?date)")
    assert values(run_local(store, text)) == values(run_local(store, load_query("club_as_of"), params))
    assert values(run_local(store, load_query("club_as_of"), params))
    # comments, strings and IRIs that contain the word WHERE are skipped
    tricky = '# WHERE { in a comment\nSELECT ?x WHERE { BIND("WHERE {" AS ?s) ?x ?p ?o } LIMIT 1'
    assert bind_with_values(tricky, params).index("VALUES") > tricky.index('?x WHERE {')


def test_binding_an_unprojected_variable_is_a_query_error(store):
    from kickgraph.errors import QueryError

    with pytest.raises(QueryError, match="projected by SELECT"):
        run_local(store, "SELECT ?s WHERE { ?s ?p ?o }", parse_params({"o": "x"}))
