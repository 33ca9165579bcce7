#!/usr/bin/env python3
"""The career timeline of one person (player and coaching stints, candidacies), as PNG and SVG.

Usage:
    python examples/person_career.py [GRAPH] [-o OUTDIR] [--person NAME]

GRAPH is a graph file (.ttl, .trig, ...) or a store directory made by `kickgraph build`.
Without it, the articles in examples/articles/ are built into OUTDIR/graph.trig first.
Without --person, the person with the most facts is used.
Writes OUTDIR/<person>-career.png and OUTDIR/<person>-career.svg and prints the facts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kickgraph import viz
from kickgraph.errors import KickgraphError
from kickgraph.rdf import slug
from kickgraph.store import GraphStore

HERE = Path(__file__).resolve().parent


def graph_source(arg: str | None, outdir: Path) -> str:
    """The graph to read: the argument, or a fresh build of examples/articles/."""
    if arg:
        return arg
    articles = HERE / "articles"
    if not articles.is_dir() or not any(articles.iterdir()):
        raise SystemExit("no graph given and examples/articles/ is empty: pass a graph file (career.ttl).")
    from kickgraph.pipeline import build

    out = outdir / "graph.trig"
    report = build([str(articles)], output=out)
    print(f"built {out} from {report.articles} articles in examples/articles/ ({report.facts} facts)")
    return str(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", nargs="?", help="graph file or store directory (default: build examples/articles)")
    ap.add_argument("-o", "--outdir", default="out", help="output directory (default: out)")
    ap.add_argument("--person", help="person name or IRI (default: the person with the most facts)")
    args = ap.parse_args()
    outdir = Path(args.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    store = GraphStore.open(graph_source(args.graph, outdir))

    G = viz.to_networkx(store)
    persons = [n for n, k in G.nodes(data="kind") if k == "person"]
    if args.person:
        found = viz.find_nodes(G, args.person, kind="person")
        if not found:
            raise SystemExit(f"no person named {args.person!r}.")
        person = found[0]
    elif persons:
        person = max(persons, key=lambda n: (G.degree(n), G.nodes[n]["label"]))
    else:
        raise SystemExit("the graph has no persons.")
    name = G.nodes[person]["label"]

    outputs = [viz.timeline(store, person, outdir / f"{slug(name)}-career{ext}", graph=G) for ext in (".png", ".svg")]

    print(f"Career of {name}" + (f" (Wikidata {G.nodes[person]['qid']})" if G.nodes[person].get("qid") else ""))
    facts = list(G.out_edges(person, data=True)) + [e for e in G.in_edges(person, data=True) if e[0] != person]
    for u, v, d in sorted(facts, key=lambda e: (e[2]["start"] or e[2]["published"], e[2]["relation"])):
        other = G.nodes[v]["label"] if u == person else f"(by {G.nodes[u]['label']})"
        span = f"{d['start'] or '?'}–{d['end']}" if d["start"] or d["end"] else f"article {d['published']}"
        print(f"  {span:<22} {d['relation']:<13} {other:<26} {d['role'] or '':<16} {d['status']:<9} [{d['article']}]")
    print("wrote " + " and ".join(str(p) for p in outputs))


if __name__ == "__main__":
    try:
        main()
    except KickgraphError as exc:
        sys.exit(f"error: {exc}")
