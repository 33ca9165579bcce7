"""Helpers for tests: small hand-written extractions turned into stores."""

from __future__ import annotations

from kickgraph.model import Article, Entity, Evidence, Extraction, Fact
from kickgraph.ontology import Vocabulary
from kickgraph.pipeline import ontology_quads
from kickgraph.rdf import article_graph, extraction_quads
from kickgraph.store import GraphStore


def ev(text: str, start: int = 0) -> Evidence:
    return Evidence(text, start, start + len(text), 0)


def small_extraction() -> Extraction:
    text = "Der FCK trennt sich von Trainer Dirk Schuster. Miroslav Klose soll Kandidat sein."
    art = Article("art-1", text, "2023-10-05", "https://example.org/a1", "Titel", "de", None, "a1.json")
    ents = (
        Entity("schuster", "Dirk Schuster", "person", ("Dirk Schuster", "Schuster")),
        Entity("klose", "Miroslav Klose", "person", ("Miroslav Klose",), qid="Q80471"),
        Entity("antwerpen", "Marco Antwerpen", "person", ("Marco Antwerpen",)),
        Entity("fck", "1. FC Kaiserslautern", "team", ("FCK",), qid="Q8466"),
        Entity("maassen", "Enrico Maaßen", "person", ("Enrico Maaßen",)),
    )
    facts = (
        Fact("schuster", "coached", "fck", "confirmed", "head_coach", "past", "2022", "2023-10-05",
             confidence=0.7, evidence=ev(text[:46])),
        Fact("klose", "candidateFor", "fck", "reported", "head_coach", "current",
             confidence=0.5, evidence=ev(text[47:], 47)),
        Fact("schuster", "replaced", "antwerpen", "confirmed", "head_coach", "past", "2022", None, "fck",
             confidence=0.6, evidence=ev(text[:46])),
        Fact("maassen", "candidateFor", "fck", "denied", "head_coach", "current", confidence=0.5,
             evidence=ev(text[47:], 47)),
    )
    return Extraction(art, ents, facts)


def store_of(*extractions: Extraction) -> GraphStore:
    vocab = Vocabulary.load()
    gs = GraphStore.memory()
    from kickgraph.pipeline import ONTOLOGY_GRAPH

    gs.replace_graph(ONTOLOGY_GRAPH, ontology_quads())
    for ex in extractions:
        gs.replace_graph(article_graph(ex.article.id), extraction_quads(ex, vocab))
    return gs
