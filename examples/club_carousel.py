#!/usr/bin/env python3
"""The coaching carousel of one club: an interactive network page and a coaches timeline.

Usage:
    python examples/club_carousel.py [GRAPH] [-o OUTDIR] [--club NAME]

GRAPH is a graph file (.ttl, .trig, ...) or a store directory made by `kickgraph build`.
Without it, the articles in examples/articles/ are built into OUTDIR/graph.trig first.
Without --club, the club with the most coaching facts (coached, candidateFor, replaced) is used.
Writes OUTDIR/<club>-carousel.html and OUTDIR/<club>-coaches.png.
"""

from __future__ import annotations

import sys
from collections import Counter

from _common import start

from kickgraph import viz
from kickgraph.errors import KickgraphError
from kickgraph.rdf import slug



def main() -> None:
    args, outdir, store = start(__doc__, ('--club', "club name or IRI (default: the club with the most coaching facts)"))

    G = viz.to_networkx(store)  # the whole graph
    if args.club:
        found = viz.find_nodes(G, args.club, kind="team")
        if not found:
            raise SystemExit(f"no club named {args.club!r}.")
        team = found[0]
    else:
        counts = Counter()
        for _, v, d in G.edges(data=True):
            if d["relation"] in ("coached", "candidateFor"):
                counts[v] += 1
            elif d["relation"] == "replaced" and d["team"]:
                counts[d["team"]] += 1
        if not counts:
            raise SystemExit("the graph has no coaching facts.")
        team = counts.most_common(1)[0][0]
    name = G.nodes[team]["label"]

    carousel = viz.to_networkx(store, club=team, relations=["coached", "replaced", "candidateFor"])
    page = viz.write_html(carousel, outdir / f"{slug(name)}-carousel.html", title=f"Coaching carousel: {name}")
    png = viz.timeline(store, team, outdir / f"{slug(name)}-coaches.png", graph=G)

    print(f"Coaching carousel of {name}")
    for u, v, d in sorted(carousel.edges(data=True), key=lambda e: (e[2]["start"] or e[2]["published"], e[0])):
        who = carousel.nodes[u]["label"]
        what = {"coached": d["role"].replace("_", " ") or "coach", "candidateFor": "candidate",
                "replaced": f"replaced {carousel.nodes[v]['label']}"}[d["relation"]]
        when = d["start"] or f"(article {d['published']})"
        print(f"  {when:<20} {who:<28} {what:<32} {d['status']:<9} [{d['article']}]")
    print(f"wrote {page} and {png}")


if __name__ == "__main__":
    try:
        main()
    except KickgraphError as exc:
        sys.exit(f"error: {exc}")
