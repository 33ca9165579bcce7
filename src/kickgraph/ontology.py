"""Ontology terms, read from ``ontology/kickgraph.ttl`` (never retyped as strings elsewhere).

:class:`Vocabulary` parses the ontology once per instance and hands out pyoxigraph
NamedNodes; asking for a term the ontology does not declare is an error, so a typo in
code cannot silently create a new predicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import ModelError
from .resources import resource_path

KICK = "https://w3id.org/kickgraph/ontology#"
RESOURCE_BASE = "https://w3id.org/kickgraph/id/"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
SKOS_NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
OWL_SAMEAS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = {
    "kick": KICK,
    "kg": RESOURCE_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": SCHEMA,
    "prov": "http://www.w3.org/ns/prov#",
    "wd": WIKIDATA_ENTITY,
}


@dataclass(frozen=True)
class Vocabulary:
    """The kickgraph terms declared in the ontology file."""

    terms: frozenset[str]
    notations: dict[str, str] = field(hash=False, compare=False)  # notation -> IRI (roles, statuses...)

    @classmethod
    def load(cls, path: Path | None = None) -> Vocabulary:
        path = path or resource_path("ontology", "kickgraph.ttl")
        try:
            with open(path, "rb") as fh:
                triples = list(ox.parse(fh, ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError) as exc:
            raise ModelError(f"cannot read the ontology {path}: {exc}; reinstall kickgraph.") from exc
        terms: set[str] = set()
        notations: dict[str, str] = {}
        for t in triples:
            s = t.subject
            if isinstance(s, ox.NamedNode) and s.value.startswith(KICK):
                terms.add(s.value)
                if t.predicate == SKOS_NOTATION and isinstance(t.object, ox.Literal):
                    notations[t.object.value] = s.value
        return cls(frozenset(terms), notations)

    def __call__(self, local: str) -> ox.NamedNode:
        """The NamedNode of ``kick:<local>``; raises if the ontology does not declare it."""
        iri = KICK + local
        if iri not in self.terms:
            raise ModelError(f"kick:{local} is not declared in ontology/kickgraph.ttl.")
        return ox.NamedNode(iri)

    def code(self, notation: str) -> ox.NamedNode:
        """The term whose skos:notation is ``notation`` (relations, roles, statuses, tenses)."""
        try:
            return ox.NamedNode(self.notations[notation])
        except KeyError:
            raise ModelError(f"no ontology term has skos:notation {notation!r}.") from None
