"""Shared start of the example scripts: arguments, output folder, and the graph to read."""

from __future__ import annotations

import argparse
from pathlib import Path

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


def start(doc: str, *options: tuple[str, str]) -> tuple[argparse.Namespace, Path, GraphStore]:
    """Parse ``GRAPH [-o OUTDIR]`` plus ``options`` (flag, help); make OUTDIR; open the graph."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", nargs="?", help="graph file or store directory (default: build examples/articles)")
    ap.add_argument("-o", "--outdir", default="out", help="output directory (default: out)")
    for flag, help_text in options:
        ap.add_argument(flag, help=help_text)
    args = ap.parse_args()
    outdir = Path(args.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    return args, outdir, GraphStore.open(graph_source(args.graph, outdir))
