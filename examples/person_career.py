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

import sys

from _common import start

from kickgraph import viz
from kickgraph.errors import KickgraphError
from kickgraph.rdf import slug



def main() -> None:
    args, outdir, store = start(__doc__, ('--person', "person name or IRI (default: the person with the most facts)"))

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
