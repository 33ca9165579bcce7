"""RDF mapping: golden graph, SHACL conformance, deterministic IRIs, no positive triple for denials."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic, graph_diff, to_isomorphic

from graphs import small_extraction, store_of
from kickgraph.model import Fact
from kickgraph.ontology import KICK, Vocabulary
from kickgraph.rdf import extraction_quads, slug
from kickgraph.store import serialize_quads
from kickgraph.validate import validate

GOLDEN = Path(__file__).parent / "data" / "golden_small.ttl"


def _rdflib(quads) -> rdflib.Graph:
    return rdflib.Graph().parse(data=serialize_quads(quads, "nt"), format="nt")


def test_golden_graph_is_isomorphic():
    got = _rdflib(extraction_quads(small_extraction(), Vocabulary.load()))
    expected = rdflib.Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail(f"graphs differ\nonly in output:\n{only_got.serialize(format='nt')}\n"
                    f"only in golden:\n{only_expected.serialize(format='nt')}")


def test_same_input_same_quads():
    vocab = Vocabulary.load()
    assert extraction_quads(small_extraction(), vocab) == extraction_quads(small_extraction(), vocab)


def test_graph_conforms_to_shapes():
    result = validate(store_of(small_extraction()))
    assert result.conforms, result.report


def test_shapes_catch_a_broken_graph():
    gs = store_of(small_extraction())
    # a statement without status and an object that is not a team
    st = ox.NamedNode("https://w3id.org/kickgraph/id/statement/broken")
    gs.add([
        ox.Quad(st, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(KICK + "CareerStatement")),
        ox.Quad(st, ox.NamedNode(KICK + "relation"), ox.NamedNode(KICK + "coached")),
        ox.Quad(st, ox.NamedNode(KICK + "object"), ox.Literal("not a team")),
    ])
    result = validate(gs)
    assert not result.conforms
    assert result.violations >= 3


def test_denied_fact_has_statement_but_no_direct_triple():
    g = _rdflib(extraction_quads(small_extraction(), Vocabulary.load()))
    maassen = rdflib.URIRef("https://w3id.org/kickgraph/id/person/enrico-maassen")
    assert (maassen, rdflib.URIRef(KICK + "candidateFor"), None) not in g
    assert (None, rdflib.URIRef(KICK + "subject"), maassen) in g


def test_linked_entities_use_qid_nodes_and_sameas():
    g = _rdflib(extraction_quads(small_extraction(), Vocabulary.load()))
    node = rdflib.URIRef("https://w3id.org/kickgraph/id/person/wd-Q80471")
    assert (node, rdflib.OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q80471")) in g


def test_dates_get_the_precision_of_the_text():
    g = _rdflib(extraction_quads(small_extraction(), Vocabulary.load()))
    dts = {o.datatype for o in g.objects(None, rdflib.URIRef(KICK + "startDate"))}
    dts |= {o.datatype for o in g.objects(None, rdflib.URIRef(KICK + "endDate"))}
    assert dts == {rdflib.XSD.gYear, rdflib.XSD.date}


def test_unknown_ontology_term_is_an_error():
    from kickgraph.errors import ModelError

    with pytest.raises(ModelError):
        Vocabulary.load()("coachedd")


def test_invalid_fact_values_are_rejected():
    with pytest.raises(ValueError):
        Fact("a", "managed", "b")
    ex = small_extraction()
    with pytest.raises(ValueError):
        replace(ex.facts[0], status="maybe")


@pytest.mark.parametrize("text,expected", [
    ("1. FC Köln", "1-fc-koln"), ("Enrico Maaßen", "enrico-maassen"), ("Borussia M'gladbach", "borussia-m-gladbach"),
    ("", "x"),
])
def test_slug(text, expected):
    assert slug(text) == expected
