"""`kickgraph build --link` on the dev articles: precision/recall of the Wikidata links of the
entities the pipeline extracts, against the hand-checked key -> QID table."""

from __future__ import annotations

import csv
from pathlib import Path

from kickgraph.evaluate import _Aligner, load_gold
from kickgraph.pipeline import BuildOptions, build
from kickgraph.query import load_query, run_query

LINKS = Path(__file__).parent / "data" / "dev_links.tsv"


def test_build_link_precision_and_recall(tmp_path, shared_eval):
    gold = load_gold(shared_eval / "gold")
    table = {(r["article_id"], r["entity_key"]): r["qid"] or None
             for r in csv.DictReader(LINKS.open(encoding="utf-8"), delimiter="\t")}
    out = tmp_path / "dev.trig"
    build([shared_eval / "articles"], output=out, options=BuildOptions(link=True))
    rows = run_query(load_query("entity_links"), source=out).values()
    assert rows
    correct, wrong, with_qid, linked_right = 0, [], set(), set()
    for r in rows:
        aid = r["articleId"]
        if aid not in gold:
            continue
        key = _Aligner(gold[aid]["entities"])(r["label"])
        if key is None or (aid, key) not in table:
            continue
        expected = table[(aid, key)]
        if expected:
            with_qid.add((aid, key))
        if r["qid"]:
            if r["qid"] == expected:
                correct += 1
                linked_right.add((aid, key))
            else:
                wrong.append((aid, key, r["label"], r["qid"], expected))
    precision = correct / (correct + len(wrong))
    recall = len(linked_right) / len(with_qid)
    assert precision >= 0.95, wrong
    assert recall >= 0.8, (recall, sorted(with_qid - linked_right))
