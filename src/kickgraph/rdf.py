"""Stage 5: turn an :class:`~kickgraph.model.Extraction` into RDF quads.

IRIs are deterministic, so building the same article twice gives the same quads:

* persons/teams: ``kg:person/wd-Q80471`` when linked to Wikidata (plus ``owl:sameAs wd:Q80471``),
  else ``kg:person/<slug of the name>`` - the same name in two articles is one node;
* articles: ``kg:article/<id>``; statements: ``kg:statement/<hash of article, s, p, o>``;
* every article's quads live in the named graph ``kg:graph/article/<id>``, so re-building an
  article replaces exactly its graph.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

import pyoxigraph as ox

from .kb import TRANSLITERATION, slugify
from .model import Entity, Extraction, Fact
from .ontology import (
    OWL_SAMEAS,
    PROV_DERIVED,
    RDF_TYPE,
    RDFS_LABEL,
    RESOURCE_BASE,
    SCHEMA,
    SKOS_ALT,
    WIKIDATA_ENTITY,
    XSD,
    Vocabulary,
)

XSD_STRING = ox.NamedNode(XSD + "string")
XSD_INTEGER = ox.NamedNode(XSD + "integer")
XSD_DECIMAL = ox.NamedNode(XSD + "decimal")
_DATE_TYPES = {4: "gYear", 7: "gYearMonth", 10: "date"}


def slug(text: str) -> str:
    """Lowercase ASCII slug: "1. FC Köln" -> "1-fc-koln", "Maaßen" -> "maassen".

    Letters with no ASCII form (Cyrillic, CJK ...) are kept apart by a short hash of the
    name: "Андрей Аршавин" -> "x-3f2a9c1b".
    """
    out = slugify(text)
    if any(c.isalnum() and not c.isascii() for c in unicodedata.normalize("NFKD", text.translate(TRANSLITERATION))
           if not unicodedata.combining(c)):
        digest = hashlib.sha1(unicodedata.normalize("NFC", text).casefold().encode("utf-8")).hexdigest()[:8]
        out = f"{out}-{digest}" if out else f"x-{digest}"
    return out or "x"


def entity_node_key(entity: Entity) -> str:
    """Cross-article identity: the QID when linked, else the slug of the name."""
    if entity.qid:
        return f"wd-{entity.qid}"
    return slug(entity.name)


def entity_iri(entity: Entity) -> ox.NamedNode:
    return ox.NamedNode(f"{RESOURCE_BASE}{entity.type}/{entity_node_key(entity)}")


def article_iri(article_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{RESOURCE_BASE}article/{quote(article_id, safe='-_.~')}")


ENTITY_GRAPH = ox.NamedNode(f"{RESOURCE_BASE}graph/entities")


def article_graph(article_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{RESOURCE_BASE}graph/article/{quote(article_id, safe='-_.~')}")


def date_literal(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + _DATE_TYPES[len(value)]))


def statement_iri(article_id: str, fact: Fact, s: ox.NamedNode, o: ox.NamedNode) -> ox.NamedNode:
    digest = hashlib.sha1(f"{article_id}\x1f{s.value}\x1f{fact.relation}\x1f{o.value}".encode()).hexdigest()[:20]
    return ox.NamedNode(f"{RESOURCE_BASE}statement/{digest}")


def extraction_quads(extraction: Extraction, vocab: Vocabulary, content_hash: str | None = None) -> list[ox.Quad]:
    """All quads for one article: its facts in its own named graph, the descriptions of its
    persons and teams in the shared :data:`ENTITY_GRAPH` (``content_hash``: see pipeline.fingerprint)."""
    art = extraction.article
    g = article_graph(art.id)
    a = article_iri(art.id)
    out: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Quad(s, p, o, g))

    add(a, RDF_TYPE, vocab("Article"))
    add(a, vocab("articleId"), ox.Literal(art.id))
    if art.title:
        add(a, ox.NamedNode(SCHEMA + "headline"), ox.Literal(art.title))
    if art.url:
        add(a, ox.NamedNode(SCHEMA + "url"), ox.Literal(art.url, datatype=ox.NamedNode(XSD + "anyURI")))
    if art.date:
        add(a, ox.NamedNode(SCHEMA + "datePublished"), date_literal(art.date))
    if art.lang:
        add(a, ox.NamedNode(SCHEMA + "inLanguage"), ox.Literal(art.lang))
    if art.publisher:
        add(a, ox.NamedNode(SCHEMA + "publisher"), ox.Literal(art.publisher))
    if content_hash:
        add(a, vocab("contentHash"), ox.Literal(content_hash))

    nodes: dict[str, ox.NamedNode] = {}
    used = {f.subject for f in extraction.facts} | {f.object for f in extraction.facts}
    used |= {f.team for f in extraction.facts if f.team}
    for ent in extraction.entities:
        if ent.key not in used:
            continue
        node = entity_iri(ent)
        nodes[ent.key] = node
        # descriptions of persons/teams go to one shared graph, so that a person named in many
        # articles has one label triple (the union default graph would repeat it per article)
        describe = [(RDF_TYPE, vocab("Person" if ent.type == "person" else "Team")), (RDFS_LABEL, ox.Literal(ent.name))]
        describe += [(SKOS_ALT, ox.Literal(alias)) for alias in sorted(set(ent.aliases) - {ent.name})]
        if ent.qid:
            describe.append((OWL_SAMEAS, ox.NamedNode(WIKIDATA_ENTITY + ent.qid)))
        out.extend(ox.Quad(node, p, o, ENTITY_GRAPH) for p, o in describe)

    for fact in extraction.facts:
        s, o = nodes[fact.subject], nodes[fact.object]
        rel = vocab.code(fact.relation)
        if fact.status != "denied":
            add(s, rel, o)
        st = statement_iri(art.id, fact, s, o)
        add(st, RDF_TYPE, vocab("CareerStatement"))
        add(st, vocab("subject"), s)
        add(st, vocab("relation"), rel)
        add(st, vocab("object"), o)
        add(st, vocab("status"), vocab.code(fact.status))
        if fact.role:
            add(st, vocab("role"), vocab.code(fact.role))
        if fact.tense:
            add(st, vocab("tense"), vocab.code(fact.tense))
        if fact.start:
            add(st, vocab("startDate"), date_literal(fact.start))
        if fact.end:
            add(st, vocab("endDate"), date_literal(fact.end))
        if fact.team:
            add(st, vocab("team"), nodes[fact.team])
        add(st, vocab("confidence"), ox.Literal(f"{fact.confidence:.2f}", datatype=XSD_DECIMAL))
        add(st, vocab("extractor"), ox.Literal(fact.extractor))
        add(st, PROV_DERIVED, a)
        if fact.evidence is not None:
            add(st, vocab("evidenceText"), ox.Literal(fact.evidence.text))
            add(st, vocab("evidenceStart"), ox.Literal(str(fact.evidence.start), datatype=XSD_INTEGER))
            add(st, vocab("evidenceEnd"), ox.Literal(str(fact.evidence.end), datatype=XSD_INTEGER))
    return out


def as_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """Drop the graph names and duplicates (for Turtle / N-Triples output), keeping order."""
    seen: dict[ox.Triple, None] = {}
    for q in quads:
        seen.setdefault(ox.Triple(q.subject, q.predicate, q.object), None)
    return list(seen)
