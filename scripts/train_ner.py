#!/usr/bin/env python
"""Train kickgraph's small German NER pipeline (PER, ORG, LOC, MISC).

Data (see SOURCE.md files in the data directory):
  * GermEval 2014 NER, dev + test files (CC BY 4.0). Outer column only;
    PER/ORG/LOC -> same label, OTH -> MISC, *deriv and *part labels -> O.
  * optional: Europeana Newspapers NER, German parts (CC0), as auxiliary
    PER/LOC/ORG data (``--europeana``).

Split (deterministic, no randomness): all GermEval sentences are numbered in
file order (dev file first, then test file).
  * sentence i with i % 10 == 0  -> held-out evaluation split (never trained on,
    never used for model selection)
  * sentence i with i % 20 == 5  -> spaCy "dev" split, used only for picking the
    best checkpoint during training
  * everything else              -> training split

Usage (from the repo root):
  /work/venv/bin/python scripts/train_ner.py            # defaults
  /work/venv/bin/python scripts/train_ner.py --max-minutes 20 --europeana none

The trained pipeline is written to src/kickgraph/models/de_kick_ner/ (``--out``).
Intermediate files (DocBin corpora, checkpoints) go to build/ner/ (``--build-dir``).
"""
from __future__ import annotations

import os

# Deterministic, single-threaded numerics (set before numpy/thinc are imported).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("PYTHONHASHSEED", "0")

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = (REPO_ROOT / ".." / "shared" / "data").resolve()
DEFAULT_CONFIG = REPO_ROOT / "training" / "ner_de.cfg"
DEFAULT_OUT = REPO_ROOT / "src" / "kickgraph" / "models" / "de_kick_ner"
DEFAULT_BUILD = REPO_ROOT / "build" / "ner"

LABELS = ("PER", "ORG", "LOC", "MISC")
GERMEVAL_FILES = ("NER-de-dev.tsv", "NER-de-test.tsv")
EUROPEANA_FILES = ("enp_DE.lft.bio", "enp_DE.onb.bio", "enp_DE.sbb.bio")
SEED = 0

Sentence = Tuple[List[str], List[str]]  # (words, BIO tags over LABELS)


# --------------------------------------------------------------------------
# Reading the data
# --------------------------------------------------------------------------

def _map_germeval(tag: str) -> Tuple[str, str]:
    """Return (prefix, label) with label in LABELS or ('O', '')."""
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, base = tag.split("-", 1)
    if base.endswith("deriv") or base.endswith("part"):
        return "O", ""
    label = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}.get(base)
    if label is None:
        return "O", ""
    return prefix, label


def _repair_bio(pairs: Sequence[Tuple[str, str]]) -> List[str]:
    """Turn (prefix, label) pairs into valid BIO (I- after O/other label -> B-)."""
    tags: List[str] = []
    prev = ""
    for prefix, label in pairs:
        if not label:
            tags.append("O")
            prev = ""
            continue
        if prefix == "I" and prev == label:
            tags.append("I-" + label)
        else:
            tags.append("B-" + label)
        prev = label
    return tags


def read_germeval(path: Path) -> Iterator[Sentence]:
    words: List[str] = []
    pairs: List[Tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#\t") or not line.strip():
                if words:
                    yield words, _repair_bio(pairs)
                words, pairs = [], []
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                continue
            words.append(cols[1])
            pairs.append(_map_germeval(cols[2]))
    if words:
        yield words, _repair_bio(pairs)


def germeval_splits(data_dir: Path):
    """Return (train, dev, heldout) lists of sentences, deterministic."""
    train: List[Sentence] = []
    dev: List[Sentence] = []
    heldout: List[Sentence] = []
    i = 0
    for name in GERMEVAL_FILES:
        for sent in read_germeval(data_dir / "germeval2014" / name):
            if i % 10 == 0:
                heldout.append(sent)
            elif i % 20 == 5:
                dev.append(sent)
            else:
                train.append(sent)
            i += 1
    return train, dev, heldout


_SENT_END = {".", "!", "?"}


def read_europeana(path: Path, max_len: int = 60) -> Iterator[Sentence]:
    """Europeana .bio ('token TAG' per line, no sentence breaks) -> pseudo-sentences."""
    words: List[str] = []
    pairs: List[Tuple[str, str]] = []

    def flush():
        nonlocal words, pairs
        if words:
            out = (words, _repair_bio(pairs))
            words, pairs = [], []
            return out
        return None

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# file:"):
                s = flush()
                if s:
                    yield s
                continue
            if line.startswith("# ") or not line.strip():
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            tag = parts[-1]
            toks = parts[:-1]
            up = tag.upper()
            if up in ("B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"):
                prefix, label = up.split("-")
            else:  # O, the handful of MISC tags, garbage tags
                prefix, label = "O", ""
            for k, tok in enumerate(toks):
                words.append(tok)
                pairs.append(("I" if (k > 0 and label) else prefix, label))
            if (toks[-1] in _SENT_END and len(words) >= 3) or len(words) >= max_len:
                s = flush()
                if s:
                    yield s
    s = flush()
    if s:
        yield s


def europeana_sentences(data_dir: Path, fraction: float) -> List[Sentence]:
    sents: List[Sentence] = []
    for name in EUROPEANA_FILES:
        sents.extend(read_europeana(data_dir / "europeana-ner-de" / name))
    # drop pseudo-sentences that are mostly OCR garbage (few alphabetic tokens)
    sents = [
        s for s in sents
        if sum(w.isalpha() for w in s[0]) >= 0.6 * len(s[0]) and len(s[0]) >= 4
    ]
    if fraction < 1.0:
        rng = random.Random(SEED)
        sents = [s for s in sents if rng.random() < fraction]
    return sents


# --------------------------------------------------------------------------
# Conversion to spaCy Docs
# --------------------------------------------------------------------------

_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "…", "“", "»"}
_NO_SPACE_AFTER = {"(", "[", "{", "„", "«"}


def guess_spaces(words: Sequence[str]) -> List[bool]:
    """Heuristic detokenisation so the raw text looks like normal German text."""
    spaces = [True] * len(words)
    quote_open = False
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w == '"':
            quote_open = not quote_open
            if quote_open:
                spaces[i] = False  # opening quote sticks to the next word
            elif i > 0:
                spaces[i - 1] = False  # closing quote sticks to the previous word
        if w in _NO_SPACE_AFTER:
            spaces[i] = False
        if nxt is not None and nxt in _NO_SPACE_BEFORE:
            spaces[i] = False
    if spaces:
        spaces[-1] = False
    return spaces


def sentence_to_doc(vocab, words: Sequence[str], tags: Sequence[str]):
    from spacy.tokens import Doc, Span

    doc = Doc(vocab, words=list(words), spaces=guess_spaces(words))
    ents = []
    start = None
    label = None
    for i, tag in enumerate(list(tags) + ["O"]):
        if start is not None and not tag.startswith("I-"):
            ents.append(Span(doc, start, i, label=label))
            start = None
        if tag.startswith("B-"):
            start, label = i, tag[2:]
    doc.ents = ents
    return doc


def to_docbin(sents: Iterable[Sentence], path: Path, lang: str = "de") -> int:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank(lang)
    db = DocBin(store_user_data=False)
    n = 0
    for words, tags in sents:
        db.add(sentence_to_doc(nlp.vocab, words, tags))
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n


def heldout_examples(nlp, data_dir: Path):
    """Held-out split as spaCy Examples (predicted side tokenised by nlp)."""
    from spacy.training import Example

    _, _, heldout = germeval_splits(data_dir)
    examples = []
    for words, tags in heldout:
        ref = sentence_to_doc(nlp.vocab, words, tags)
        examples.append(Example(nlp.make_doc(ref.text), ref))
    return examples


def evaluate_heldout(nlp, data_dir: Path) -> dict:
    examples = heldout_examples(nlp, data_dir)
    scores = nlp.evaluate(examples, batch_size=256)
    out = {
        "split": "GermEval 2014 dev+test, every 10th sentence (i % 10 == 0)",
        "n_sentences": len(examples),
        "ents_p": scores["ents_p"],
        "ents_r": scores["ents_r"],
        "ents_f": scores["ents_f"],
        "ents_per_type": scores["ents_per_type"],
    }
    return out


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------

def _parse_value(value: str):
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def train(args) -> None:
    import spacy.training.loop as loop
    from spacy.training.initialize import init_nlp
    from spacy.util import load_config
    from thinc.api import fix_random_seed

    random.seed(SEED)
    fix_random_seed(SEED)

    data_dir = Path(args.data_dir).resolve()
    build = Path(args.build_dir).resolve()
    corpus_dir = build / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)

    # 1. data -> DocBin
    train_s, dev_s, held_s = germeval_splits(data_dir)
    extra: List[Sentence] = []
    if args.europeana != "none":
        frac = 1.0 if args.europeana == "all" else float(args.europeana)
        extra = europeana_sentences(data_dir, frac)
    n_train = to_docbin(train_s + extra, corpus_dir / "train.spacy")
    n_dev = to_docbin(dev_s, corpus_dir / "dev.spacy")
    print(
        f"[data] train={n_train} (GermEval {len(train_s)} + Europeana {len(extra)}) "
        f"dev={n_dev} heldout={len(held_s)} (held out, not written)",
        flush=True,
    )

    if args.export_from:
        # Skip training: evaluate + export an existing checkpoint (e.g. model-best).
        _export(Path(args.export_from), args, data_dir, extra, train_minutes=None)
        return

    # 2. config
    overrides = {
        "paths.train": str(corpus_dir / "train.spacy"),
        "paths.dev": str(corpus_dir / "dev.spacy"),
        "system.seed": SEED,
    }
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    for item in args.set or []:
        key, value = item.split("=", 1)
        overrides[key] = _parse_value(value)
    config = load_config(Path(args.config), overrides=overrides, interpolate=False)

    # 3. train (spaCy's own training loop, as `spacy train` does)
    ckpt_dir = build / "checkpoints"
    if ckpt_dir.exists():
        shutil.rmtree(ckpt_dir)
    ckpt_dir.mkdir(parents=True)
    nlp = init_nlp(config, use_gpu=-1)

    if args.max_minutes:
        # Wall-clock budget: stop feeding batches once the deadline is reached.
        # The loop then ends normally; model-best holds the best checkpoint so far.
        deadline = time.monotonic() + 60.0 * args.max_minutes
        orig_batches = loop.create_train_batches

        def timed_batches(*a, **kw):
            for item in orig_batches(*a, **kw):
                if time.monotonic() > deadline:
                    print(f"[train] time budget of {args.max_minutes} min reached", flush=True)
                    return
                yield item

        loop.create_train_batches = timed_batches
    t0 = time.monotonic()
    loop.train(nlp, ckpt_dir, use_gpu=-1, stdout=sys.stdout, stderr=sys.stderr)
    train_minutes = (time.monotonic() - t0) / 60.0
    print(f"[train] finished in {train_minutes:.1f} min", flush=True)

    _export(ckpt_dir / "model-best", args, data_dir, extra, train_minutes)


def _export(checkpoint: Path, args, data_dir: Path, extra, train_minutes) -> None:
    import spacy

    # 4. evaluate best checkpoint on the held-out split
    best = spacy.load(checkpoint)
    scores = evaluate_heldout(best, data_dir)
    print(json.dumps({k: v for k, v in scores.items() if k != "ents_per_type"}), flush=True)
    for label, s in sorted(scores["ents_per_type"].items()):
        print(f"  {label:5s} P={s['p']:.3f} R={s['r']:.3f} F={s['f']:.3f}")

    # 5. export
    sources = [
        {
            "name": "GermEval 2014 NER (dev + test files)",
            "author": "D. Benikova, C. Biemann, M. Reznicek: NoSta-D Named Entity "
                      "Annotation for German: Guidelines and Dataset, LREC 2014",
            "url": "https://sites.google.com/site/germeval2014ner/",
            "license": "CC BY 4.0",
        }
    ]
    if extra:
        sources.append(
            {
                "name": "Europeana Newspapers NER corpora (German parts)",
                "author": "Europeana Newspapers project",
                "url": "https://github.com/EuropeanaNewspapers/ner-corpora",
                "license": "CC0",
            }
        )
    meta = dict(best.meta)
    meta.update(
        {
            "lang": "de",
            "name": "kick_ner",
            "version": "0.1.0",
            "description": "kickgraph's small, fast German NER pipeline (tok2vec + ner; "
                           "PER, ORG, LOC, MISC). CPU only, no vectors.",
            "author": "kickgraph",
            "license": "CC BY 4.0 (trained on GermEval 2014; see ATTRIBUTION)",
            "sources": sources,
            "performance": {
                "ents_p": scores["ents_p"],
                "ents_r": scores["ents_r"],
                "ents_f": scores["ents_f"],
                "ents_per_type": scores["ents_per_type"],
            },
            "evaluation": {
                "split": scores["split"],
                "n_sentences": scores["n_sentences"],
                "train_minutes": round(train_minutes, 1) if train_minutes else None,
                "europeana": args.europeana,
            },
        }
    )
    meta.pop("spacy_git_version", None)
    best.meta.clear()
    best.meta.update(meta)
    # drop build paths from the stored config
    cfg = best.config.copy()
    cfg["paths"]["train"] = None
    cfg["paths"]["dev"] = None
    best.config.update(cfg)

    out = Path(args.out).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    best.to_disk(out)
    # spaCy prepends "<lang>_" to meta["name"] when packaging; store the full name.
    meta_path = out / "meta.json"
    m = json.loads(meta_path.read_text(encoding="utf-8"))
    m["name"] = "de_kick_ner"
    meta_path.write_text(json.dumps(m, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "meta-scores.json").write_text(
        json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "ATTRIBUTION").write_text(ATTRIBUTION + (ATTRIBUTION_EUROPEANA if extra else ""), encoding="utf-8")
    _prune(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"[export] {out} ({size / 1e6:.2f} MB)", flush=True)


ATTRIBUTION = """\
de_kick_ner (kickgraph) - data attribution

This NER model was trained on:

* GermEval 2014 Named Entity Recognition Shared Task data (dev and test files),
  D. Benikova, C. Biemann, M. Reznicek: "NoSta-D Named Entity Annotation for
  German: Guidelines and Dataset", LREC 2014. License: CC BY 4.0
  (https://creativecommons.org/licenses/by/4.0/). Labels were mapped
  (OTH -> MISC; *deriv/*part -> O); only the outer annotation level was used.
"""

ATTRIBUTION_EUROPEANA = """
* Europeana Newspapers NER corpora, German parts (enp_DE.lft/onb/sbb),
  https://github.com/EuropeanaNewspapers/ner-corpora. License: CC0.
"""


def _prune(out: Path) -> None:
    """Remove data that is not needed to load/run the pipeline.

    The string store only maps hashes back to the training vocabulary; the
    hash embeddings work on hashes, and the NER labels are stored in ner/moves,
    so an empty string store gives identical predictions (checked on the
    held-out split) and saves ~1 MB.
    """
    (out / "vocab" / "strings.json").write_text("[]", encoding="utf-8")


def main(argv: Optional[Sequence[str]] = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR))
    p.add_argument("--config", default=str(DEFAULT_CONFIG))
    p.add_argument("--out", default=str(DEFAULT_OUT))
    p.add_argument("--build-dir", default=str(DEFAULT_BUILD))
    p.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    p.add_argument("--max-minutes", type=float, default=25.0,
                   help="wall-clock safety budget for the training loop (0 = no limit); the config's max_steps/patience normally end training first")
    p.add_argument("--europeana", default="none",
                   help="'none' (default), 'all' or a fraction in (0, 1] of Europeana pseudo-sentences")
    p.add_argument("--export-from", metavar="CHECKPOINT",
                   help="skip training; evaluate and export this checkpoint directory instead")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="extra spaCy config override, e.g. components.tok2vec.model.encode.depth=3")
    args = p.parse_args(argv)
    train(args)


if __name__ == "__main__":
    main()
