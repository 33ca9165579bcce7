"""Score extracted facts against gold annotations (``kickgraph eval``).

The matching rules follow ``eval/score.py`` of the kickgraph evaluation kit (label
normalisation, alias/token-containment alignment of labels to gold entity keys, one fact
per (subject, relation, object), qualifier accuracy on matched facts, year-prefix date
matching); this is an independent implementation whose numbers agree with it (tested).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import RELATIONS

_GENERIC = {"fc", "sv", "vfl", "vfb", "1", "tsg", "sc", "ac", "fk", "afc", "cf", "united", "city", "club"}


def _norm(s: object) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("ß", "ss").casefold()
    return " ".join(re.sub(r"[^\w ]+", " ", s).split())


def _local(x: object) -> str:
    x = str(x or "").strip()
    return re.split(r"[#/]", x)[-1] if x else ""


class _Aligner:
    def __init__(self, entities: list[dict]) -> None:
        self.entities = entities
        self.exact: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            for a in [e["name"], *e.get("aliases", [])]:
                if a:
                    self.exact[_norm(a)].add(e["key"])

    def __call__(self, label: object) -> str | None:
        n = _norm(label)
        if not n:
            return None
        hits = self.exact.get(n, set())
        if len(hits) == 1:
            return next(iter(hits))
        toks = set(n.split())
        cands = set()
        for e in self.entities:
            for a in [e["name"], *e.get("aliases", [])]:
                at = set(_norm(a).split())
                if at and (toks <= at or at <= toks) and (toks & at) - _GENERIC:
                    cands.add(e["key"])
        return next(iter(cands)) if len(cands) == 1 else None


@dataclass(frozen=True)
class Score:
    articles: int
    by_relation: dict[str, dict[str, float]]
    micro: dict[str, float]
    macro_f1: float
    qualifiers: dict[str, dict[str, float]]
    unaligned: int
    misses: tuple[str, ...]
    extras: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"articles": self.articles, "by_relation": self.by_relation, "micro": self.micro,
                "macro_F1": self.macro_f1, "qualifiers": self.qualifiers, "unaligned_predictions": self.unaligned}


def _prf(t: int, p: int, n: int) -> tuple[float, float, float]:
    P = t / (t + p) if t + p else 0.0
    R = t / (t + n) if t + n else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return round(P, 3), round(R, 3), round(F, 3)


def load_gold(gold_dir: str | Path, ids: Iterable[str] | None = None) -> dict[str, dict]:
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: no such gold directory.")
    wanted = set(ids) if ids else None
    out = {}
    for f in sorted(gold_dir.glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        if wanted is None or g["id"] in wanted:
            out[g["id"]] = g
    return out


def score(gold: Mapping[str, dict], predictions: Iterable[Mapping[str, object]]) -> Score:
    """``predictions``: rows with the variables of queries/facts.rq (values as strings)."""
    preds: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for r in predictions:
        aid = re.sub(r"\.(json|txt|html?)$", "", _local(r.get("articleId")))
        preds[aid].append(r)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    qual: Counter[str] = Counter()
    qual_n: Counter[str] = Counter()
    unaligned = 0
    misses, extras = [], []
    for aid, g in gold.items():
        align = _Aligner(g["entities"])
        gold_facts = {(f["s"], f["p"], f["o"]): f for f in g["facts"] if f["p"] in RELATIONS}
        pred_facts: dict[tuple[str, str, str], Mapping[str, object]] = {}
        for r in preds.get(aid, []):
            rel = _local(r.get("relation"))
            if rel not in RELATIONS:
                continue
            s, o = align(r.get("subjectLabel")), align(r.get("objectLabel"))
            if s is None or o is None:
                unaligned += 1
                key = ("?" + str(r.get("subjectLabel")), rel, "?" + str(r.get("objectLabel")))
            else:
                key = (s, rel, o)
            pred_facts.setdefault(key, r)
        for key, r in pred_facts.items():
            rel = key[1]
            if key in gold_facts:
                tp[rel] += 1
                gf = gold_facts[key]
                for q in ("status", "role", "tense"):
                    if gf.get(q):
                        qual_n[q] += 1
                        pv = _local(r.get(q))
                        qual[q] += pv.lower().replace("-", "_") == gf[q].lower() or _norm(pv) == _norm(gf[q])
                for q in ("start", "end"):
                    if gf.get(q):
                        qual_n[q] += 1
                        pv = r.get(q)
                        qual[q] += bool(pv) and (str(pv).startswith(str(gf[q])) or str(gf[q]).startswith(str(pv)[:7]))
            else:
                fp[rel] += 1
                extras.append(f"{aid} {key} [{r.get('subjectLabel')} -> {r.get('objectLabel')}]")
        for key in gold_facts:
            if key not in pred_facts:
                fn[key[1]] += 1
                misses.append(f"{aid} {key}")
    by_rel = {}
    for rel in RELATIONS:
        P, R, F = _prf(tp[rel], fp[rel], fn[rel])
        by_rel[rel] = {"tp": tp[rel], "fp": fp[rel], "fn": fn[rel], "P": P, "R": R, "F1": F}
    T, Pn, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    P, R, F = _prf(T, Pn, N)
    return Score(
        articles=len(gold),
        by_relation=by_rel,
        micro={"P": P, "R": R, "F1": F, "tp": T, "fp": Pn, "fn": N},
        macro_f1=round(sum(v["F1"] for v in by_rel.values()) / len(RELATIONS), 3),
        qualifiers={q: {"acc": round(qual[q] / qual_n[q], 3), "n": qual_n[q]} for q in qual_n},
        unaligned=unaligned,
        misses=tuple(misses),
        extras=tuple(extras),
    )


def format_score(sc: Score, verbose: bool = False) -> str:
    lines = [f"{'relation':<13} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for rel, v in sc.by_relation.items():
        lines.append(f"{rel:<13} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4} {v['P']:>6.3f} {v['R']:>6.3f} {v['F1']:>6.3f}")
    m = sc.micro
    lines.append(f"{'micro':<13} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4} {m['P']:>6.3f} {m['R']:>6.3f} {m['F1']:>6.3f}")
    lines.append(f"macro F1 {sc.macro_f1:.3f}; {sc.articles} articles; {sc.unaligned} unaligned predictions")
    for q, v in sorted(sc.qualifiers.items()):
        lines.append(f"  {q:<7} accuracy {v['acc']:.3f} (n={v['n']})")
    if verbose:
        lines += ["misses:"] + [f"  {x}" for x in sc.misses] + ["extras:"] + [f"  {x}" for x in sc.extras]
    return "\n".join(lines) + "\n"


def evaluate(articles_dir: str | Path, gold_dir: str | Path, ids: Iterable[str] | None = None,
             lang: str | None = "de", options=None) -> Score:
    """Build a graph from ``articles_dir``, run queries/facts_qualified.rq (facts.rq + tense), score it."""
    import tempfile

    from .pipeline import BuildOptions, build
    from .query import load_query, run_query

    gold = load_gold(gold_dir, ids)
    if lang:
        gold = {k: v for k, v in gold.items() if _article_lang(Path(articles_dir), k) in (lang, None)}
    files = [p for p in sorted(Path(articles_dir).glob("*.json")) if p.stem in gold]
    if not files:
        raise InputError(f"{articles_dir}: no article files matching the gold ids.")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "eval.nq"
        build(files, output=out, options=options or BuildOptions())
        rows = run_query(load_query("facts_qualified"), source=out).values()
    return score(gold, rows)


def _article_lang(articles_dir: Path, aid: str) -> str | None:
    path = articles_dir / f"{aid}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("lang")
    except (OSError, json.JSONDecodeError):
        return None
