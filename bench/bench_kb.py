#!/usr/bin/env python
"""Benchmark the offline knowledge base: load time and lookups per second.

    python bench/bench_kb.py [--kb PATH] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kickgraph.kb import KnowledgeBase  # noqa: E402
from kickgraph.link import link_extraction  # noqa: E402
from kickgraph.model import Article, Entity, Extraction, Fact  # noqa: E402

TEAMS = ["FCK", "1. FC Kaiserslautern", "Bayern", "Werder Bremen", "BVB", "Gladbach", "Inter Mailand",
         "Austria Wien", "SCR Altach", "Eintracht", "Deutschland", "Hertha BSC II", "Real Madrid", "Arsenal"]
PERSONS = ["Miroslav Klose", "Jürgen Klopp", "Luis Suárez", "Thomas Müller", "Schmidt", "Klose",
           "Dirk Schuster", "Steven Gerrard", "Manuel Neuer", "Max Mustermann"]
FUZZY = ["1. FC Kaiserslauten", "Borussia Mönchengladbch", "Olympique Marseile"]


def rate(fn, items, min_time=0.5) -> float:
    n, t0 = 0, time.perf_counter()
    while True:
        for x in items:
            fn(x)
        n += len(items)
        dt = time.perf_counter() - t0
        if dt >= min_time:
            return n / dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    loads = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        kb = KnowledgeBase.load(args.kb)
        loads.append(time.perf_counter() - t0)
    path = Path(kb.source)
    print(f"KB file: {path} ({path.stat().st_size / 1e6:.2f} MB)")
    print(f"stats: {kb.stats()}")
    print(f"load: median {statistics.median(loads) * 1000:.0f} ms, min {min(loads) * 1000:.0f} ms "
          f"({args.repeat} runs)")

    print(f"exact team lookups:   {rate(lambda s: kb.candidates(s, 'team'), TEAMS):>10,.0f} /s")
    print(f"exact person lookups: {rate(lambda s: kb.candidates(s, 'person'), PERSONS):>10,.0f} /s")
    print(f"get(kb_id):           {rate(kb.get, ['Q80471', 'Q8466', 'Q15789', 'kg:team/sc-rheindorf-altach']):>10,.0f} /s")
    kb.candidates(FUZZY[0], "team")  # warm the fuzzy index
    print(f"fuzzy team lookups:   {rate(lambda s: kb.candidates(s, 'team'), FUZZY):>10,.0f} /s")

    t0 = time.perf_counter()
    tp = kb.team_patterns()
    pp = kb.person_patterns()
    print(f"patterns: {len(tp):,} team + {len(pp):,} person in {(time.perf_counter() - t0) * 1000:.0f} ms")

    x = Extraction(
        Article(id="bench", text="", date="2023-10"),
        (Entity("k", "Miroslav Klose", "person", ("Klose",)), Entity("f", "1. FC Kaiserslautern", "team", ("FCK",)),
         Entity("s", "Dirk Schuster", "person"), Entity("w", "Werder Bremen", "team"), Entity("a", "SCR Altach", "team")),
        (Fact("k", "candidateFor", "f", role="head_coach", status="reported"), Fact("k", "playedFor", "w"),
         Fact("s", "coached", "f", role="head_coach"), Fact("k", "coached", "a", role="head_coach")),
    )
    print(f"link_extraction (5 entities): {rate(lambda e: link_extraction(e, kb), [x]):>8,.0f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
