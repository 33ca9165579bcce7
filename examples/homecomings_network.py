#!/usr/bin/env python3
"""Homecomings: former players of a club who came back to it as coaches or as candidates.

Usage:
    python examples/homecomings_network.py [GRAPH] [-o OUTDIR]

GRAPH is a graph file (.ttl, .trig, ...) or a store directory made by `kickgraph build`.
Without it, the articles in examples/articles/ are built into OUTDIR/graph.trig first.
Denied facts do not count. Writes OUTDIR/homecomings.graphml (for Gephi, yEd, Cytoscape)
and OUTDIR/homecomings.html (interactive), and prints the list.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from _common import start

from kickgraph import viz
from kickgraph.errors import KickgraphError



def homecomings(G):
    """{(person, club): {"played": [edge data], "returned": [edge data]}} for every homecoming."""
    played, returned = defaultdict(list), defaultdict(list)
    for u, v, d in G.edges(data=True):
        if d["status"] == "denied":
            continue
        if d["relation"] == "playedFor":
            played[u, v].append(d)
        elif d["relation"] in ("coached", "candidateFor"):
            returned[u, v].append(d)
        elif d["relation"] == "replaced" and d["team"]:
            returned[u, d["team"]].append({**d, "predecessor": G.nodes[v]["label"]})
    return {key: {"played": played[key], "returned": returned[key]} for key in played if key in returned}


def what(d: dict) -> str:
    if d["relation"] == "coached":
        return (d["role"] or "coach").replace("_", " ")
    if d["relation"] == "candidateFor":
        return "candidate"
    return f"successor of {d['predecessor']}"


def main() -> None:
    args, outdir, store = start(__doc__)
    G = viz.to_networkx(store)

    found = homecomings(G)
    keep = {n for key in found for n in key}
    H = G.subgraph(keep).copy()  # the homecomers, their clubs and every fact among them
    H.graph["name"] = "homecomings: former players back as coaches or candidates"
    graphml = viz.write_graphml(H, outdir / "homecomings.graphml")
    page = viz.write_html(H, outdir / "homecomings.html", title="Homecomings: former players back as coaches")

    print(f"{len(found)} homecoming(s)")
    for (person, club), facts in sorted(found.items(), key=lambda kv: (G.nodes[kv[0][0]]["label"], kv[0][1])):
        years = sorted(f"{d['start'] or '?'}–{d['end']}" for d in facts["played"])
        back = sorted({what(d) + (f" {d['start']}" if d["start"] else "")
                       + (f" ({d['status']})" if d["status"] != "confirmed" else "") for d in facts["returned"]})
        print(f"  {G.nodes[person]['label']} at {G.nodes[club]['label']}: played {', '.join(years)}; "
              f"back as {', '.join(back)}")
    print(f"wrote {graphml} and {page}")


if __name__ == "__main__":
    try:
        main()
    except KickgraphError as exc:
        sys.exit(f"error: {exc}")
