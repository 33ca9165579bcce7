#!/usr/bin/env python
"""Benchmark kickgraph's German NER pipeline (de_kick_ner).

* speed: nlp.pipe(batch_size=64) over the German article texts in
  <eval-dir>/articles/de_*.json (read at run time, repeated to ~200k words),
  reported as tokens/s (spaCy tokens) and whitespace-words/s.
  Run on one core, e.g.:  taskset -c 0 python bench/bench_ner.py
* accuracy: per-label P/R/F1 on the held-out GermEval split used by
  scripts/train_ner.py (every 10th sentence of dev+test).
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import glob
import json
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

import spacy  # noqa: E402

from train_ner import DEFAULT_DATA_DIR, DEFAULT_OUT, evaluate_heldout  # noqa: E402


def load_texts(eval_dir: Path, target_words: int):
    texts = []
    for path in sorted(glob.glob(str(eval_dir / "articles" / "de_*.json"))):
        with open(path, encoding="utf-8") as fh:
            text = json.load(fh).get("text") or ""
        if text.strip():
            texts.append(text)
    if not texts:
        raise SystemExit(f"no German article texts found under {eval_dir}/articles")
    n = sum(len(t.split()) for t in texts)
    reps = max(1, -(-target_words // n))
    return texts * reps


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=str(DEFAULT_OUT))
    p.add_argument("--eval-dir", default=str((REPO_ROOT / ".." / "shared" / "eval" / "dev").resolve()))
    p.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR))
    p.add_argument("--words", type=int, default=200_000)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--no-eval", action="store_true", help="skip the held-out accuracy evaluation")
    args = p.parse_args()

    nlp = spacy.load(args.model)
    size = sum(f.stat().st_size for f in Path(args.model).rglob("*") if f.is_file())
    print(f"model: {args.model} ({nlp.meta.get('name')} {nlp.meta.get('version')}), "
          f"pipes={nlp.pipe_names}, {size / 1e6:.2f} MB on disk")

    texts = load_texts(Path(args.eval_dir), args.words)
    ws_words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:8], batch_size=args.batch_size))  # warm-up
    t0 = time.perf_counter()
    c0 = time.process_time()
    n_tokens = 0
    n_ents = 0
    for doc in nlp.pipe(texts, batch_size=args.batch_size):
        n_tokens += len(doc)
        n_ents += len(doc.ents)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(f"speed (wall):     {n_tokens / dt:,.0f} tokens/s ({ws_words / dt:,.0f} whitespace words/s)")
    print(f"speed (CPU time): {n_tokens / cpu:,.0f} tokens/s ({ws_words / cpu:,.0f} whitespace words/s)"
          "  <- less sensitive to other load on the machine")
    print(f"  {n_tokens:,} tokens / {ws_words:,} words, wall {dt:.2f}s, CPU {cpu:.2f}s, "
          f"batch_size={args.batch_size}, {n_ents:,} entities")

    if args.no_eval:
        return
    scores = evaluate_heldout(nlp, Path(args.data_dir))
    print(f"held-out ({scores['n_sentences']} sentences): "
          f"P={scores['ents_p']:.3f} R={scores['ents_r']:.3f} F1={scores['ents_f']:.3f}")
    for label, s in sorted(scores["ents_per_type"].items()):
        print(f"  {label:5s} P={s['p']:.3f} R={s['r']:.3f} F1={s['f']:.3f}")


if __name__ == "__main__":
    main()
