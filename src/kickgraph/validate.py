"""SHACL validation of kickgraph graphs against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from .resources import resource_path
from .store import GraphStore, serialize_quads


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: int
    report: str


def to_rdflib(store: GraphStore):
    """The union of all graphs of a store as an rdflib Graph."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=serialize_quads(store.quads(), "nt"), format="nt")
    return graph


def validate(store: GraphStore) -> ValidationResult:
    import pyshacl
    import rdflib

    shapes = rdflib.Graph().parse(resource_path("ontology", "shapes.ttl"), format="turtle")
    conforms, results_graph, text = pyshacl.validate(to_rdflib(store), shacl_graph=shapes, inference="none",
                                                     advanced=True, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    n = len(set(results_graph.subjects(rdflib.RDF.type, sh.ValidationResult)))
    return ValidationResult(bool(conforms), n, text)
