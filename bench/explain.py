#!/usr/bin/env python
"""Profile one library query: where Oxigraph spends its time, operator by operator.

    python bench/explain.py 1m facts
    python bench/explain.py 1m succession --param club="VfB Aachen" [--top 12] [--tree]

py-spy and pyinstrument see a query as one opaque call into Oxigraph's Rust code, so the query
profile comes from Oxigraph itself: ``oxigraph query --explain-file … --stats`` (the ``oxigraph``
CLI of the ``[server]``/``[test]`` extra) on a RocksDB copy of the synthetic graph
(``bench/synth.py``, built once and cached beside the N-Quads file). Parameters are bound with
the same VALUES block :func:`kickgraph.query.run_remote` sends to endpoints. Times come from a
RocksDB store with statistics on, so they are several times the in-memory store's; the shares
and row counts are what the profile is for.

Prints the operators by *self* time (inclusive time minus the children's), with the rows each
produced, then the totals; ``--tree`` prints the whole plan.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import synth

from kickgraph.query import bind_with_values, load_query, parse_params


def oxigraph_cli() -> str:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(exe).exists():
        sys.exit("bench/explain.py needs the oxigraph CLI: pip install -e '.[server]'")
    return exe


def rocksdb_copy(nquads: Path, exe: str) -> Path:
    """A RocksDB store holding ``nquads`` (built once, cached beside the file)."""
    location = nquads.with_suffix(".rocksdb")
    done = location / ".kickgraph-complete"
    if not done.exists():
        shutil.rmtree(location, ignore_errors=True)
        proc = subprocess.run([exe, "load", "--location", str(location), "--file", str(nquads)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        if proc.returncode:
            sys.exit(f"oxigraph load failed: {proc.stderr.strip()}")
        done.touch()
    return location


def flatten(node: dict, depth: int = 0, out: list | None = None) -> list[tuple[int, str, int, float, float]]:
    """(depth, operator, rows, inclusive s, self s) for every plan node, pre-order."""
    out = [] if out is None else out
    children = node.get("children", [])
    inclusive = node.get("duration in seconds") or 0.0
    own = max(0.0, inclusive - sum(c.get("duration in seconds") or 0.0 for c in children))
    out.append((depth, node["name"], node.get("number of results", 0), inclusive, own))
    for child in children:
        flatten(child, depth + 1, out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("size", help="synthetic graph size (100k, 1m, 10m) or an N-Quads file")
    ap.add_argument("query", help="library query name (queries/NAME.rq) or a .rq file")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--tree", action="store_true", help="print the whole plan")
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "kickgraph-bench"))
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    exe = oxigraph_cli()
    if Path(args.size).is_file():
        nquads = Path(args.size)
    else:
        nquads, _ = synth.cached(args.cache, synth.parse_size(args.size), args.seed, progress=True)
    location = rocksdb_copy(nquads, exe)
    sparql = bind_with_values(load_query(args.query), parse_params(args.param))
    with tempfile.TemporaryDirectory() as tmp:
        qfile, plan_file = Path(tmp) / "q.rq", Path(tmp) / "plan.json"
        qfile.write_text(sparql, encoding="utf-8")
        subprocess.run([exe, "query", "--location", str(location), "--query-file", str(qfile),
                        "--union-default-graph", "--results-format", "tsv", "--explain-file", str(plan_file),
                        "--stats"], check=True, stdout=subprocess.DEVNULL)
        explanation = json.loads(plan_file.read_text(encoding="utf-8"))
    nodes = flatten(explanation["plan"])
    total = nodes[0][3] or 1e-9
    print(f"{args.query} on {nquads.name}: {total * 1000:,.0f} ms with statistics (RocksDB), "
          f"{nodes[0][2]:,} rows, planning {explanation.get('planning duration in seconds', 0) * 1000:.1f} ms")
    if args.tree:
        for depth, name, rows, inclusive, own in nodes:
            print(f"{'  ' * depth}{name[:110]}  rows={rows:,} incl={inclusive * 1000:,.1f} ms self={own * 1000:,.1f} ms")
        print()
    print("| self ms | share | rows | operator |\n|---:|---:|---:|---|")
    for _, name, rows, _, own in sorted(nodes, key=lambda n: -n[4])[: args.top]:
        op = name if len(name) <= 120 else name[:117] + "..."
        print(f"| {own * 1000:,.1f} | {own / total:.0%} | {rows:,} | `{op}` |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
