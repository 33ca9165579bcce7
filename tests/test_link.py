"""Entity linking against the bundled KB, measured on the dev gold entities.

``tests/data/dev_links.tsv`` holds the expected QID of every dev gold entity (empty when the
entity is not in the KB), checked by hand against the KB entries' names, types and careers.
The gold files themselves live outside the repository (``../shared/eval/dev``); the
measurement is skipped when they are absent.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from kickgraph.kb import KnowledgeBase
from kickgraph.link import DEFAULT_MIN_SCORE, link_entity, link_extraction
from kickgraph.rdf import entity_node_key
from kickgraph.model import Article, Entity, Extraction, Fact

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(os.environ.get("KICKGRAPH_DEV_DIR", REPO.parent / "shared" / "eval" / "dev")) / "gold"
DEV_LINKS = REPO / "tests" / "data" / "dev_links.tsv"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def extraction_from_gold(gold: dict) -> Extraction:
    """Entities (name + aliases) and facts of a gold file as an :class:`Extraction`."""
    article = Article(id=gold["id"], text="", date=gold.get("date"), lang=gold["id"].split("_")[0])
    entities = tuple(
        Entity(key=e["key"], name=e["name"], type=e["type"], aliases=tuple(e.get("aliases", ())))
        for e in gold["entities"]
    )
    facts = []
    for f in gold["facts"]:
        facts.append(
            Fact(
                subject=f["s"],
                relation=f["p"],
                object=f["o"],
                status=f.get("status") or "confirmed",
                role=f.get("role"),
                tense=f.get("tense"),
                start=f.get("start"),
                end=f.get("end"),
                team=f.get("team"),
            )
        )
    return Extraction(article=article, entities=entities, facts=tuple(facts))


def load_expected() -> dict[tuple[str, str], str]:
    with DEV_LINKS.open(encoding="utf-8") as f:
        return {(r["article_id"], r["entity_key"]): r["qid"] for r in csv.DictReader(f, delimiter="\t")}


def evaluate(kb: KnowledgeBase, prefixes: tuple[str, ...] = ("de_", "seed_", "en_")) -> dict:
    expected = load_expected()
    tp = fp = fn = 0
    errors = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not gold["id"].startswith(prefixes):
            continue
        linked = link_extraction(extraction_from_gold(gold), kb)
        for e in linked.entities:
            want = expected[(gold["id"], e.key)]
            got = e.qid or ""
            if got and got == want:
                tp += 1
            else:
                if got:
                    fp += 1
                if want:
                    fn += 1
                errors.append((gold["id"], e.key, e.name, want, got))
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "errors": errors,
    }


def test_dev_links_file_covers_gold():
    if not GOLD_DIR.is_dir():
        pytest.skip(f"dev gold not found at {GOLD_DIR}")
    expected = load_expected()
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for e in gold["entities"]:
            assert (gold["id"], e["key"]) in expected, (gold["id"], e["key"])


def test_dev_link_qids_exist_in_kb(kb):
    for (art, key), qid in load_expected().items():
        if qid:
            assert kb.get(qid) is not None, (art, key, qid)


@pytest.mark.parametrize("prefixes", [("de_", "seed_"), ("de_", "seed_", "en_")], ids=["german", "all"])
def test_linking_precision_recall_on_dev(kb, prefixes):
    if not GOLD_DIR.is_dir():
        pytest.skip(f"dev gold not found at {GOLD_DIR}")
    r = evaluate(kb, prefixes)
    wrong = [x for x in r["errors"] if x[4]]
    assert r["precision"] >= 0.95, f"precision {r['precision']:.3f}; wrong links: {wrong}"
    assert r["recall"] >= 0.8, f"recall {r['recall']:.3f}; misses: {[x for x in r['errors'] if not x[4]]}"


def _article(year="2023"):
    return Article(id="t", text="", date=year)


def test_ambiguous_surname_without_context_is_not_linked(kb):
    assert len(kb.persons_with_surname("Schmidt")) > 5
    x = Extraction(_article(), (Entity("s", "Schmidt", "person"),), ())
    assert link_extraction(x, kb).entities[0].qid is None
    x = Extraction(_article(), (Entity("s", "Müller", "person", ("Müller",)),), ())
    assert link_extraction(x, kb).entities[0].qid is None


def test_surname_with_context_is_linked(kb):
    x = Extraction(
        _article("2023"),
        (Entity("k", "Klose", "person"), Entity("w", "Werder Bremen", "team"), Entity("f", "FCK", "team")),
        (Fact("k", "playedFor", "w"), Fact("k", "playedFor", "f")),
    )
    linked = link_extraction(x, kb)
    assert linked.entity("k").qid == "Q80471"
    assert linked.entity("f").qid == "Q8466"
    assert linked.entity("w").qid == "Q51976"


def test_full_name_and_team_links(kb):
    x = Extraction(
        _article("2023"),
        (Entity("k", "Miroslav Klose", "person"), Entity("t", "1. FC Kaiserslautern", "team")),
        (Fact("k", "candidateFor", "t", status="reported", role="head_coach"),),
    )
    linked = link_extraction(x, kb)
    assert linked.entity("k").qid == "Q80471"
    assert linked.entity("k").link_score == pytest.approx(1.0)
    assert linked.entity("t").qid == "Q8466"
    assert linked.article is x.article and linked.facts == x.facts


def test_kg_only_teams_get_no_qid(kb):
    x = Extraction(_article(), (Entity("a", "SCR Altach", "team"),), ())
    e = link_extraction(x, kb).entities[0]
    assert e.qid is None and e.link_score is None
    entry, score = link_entity(Entity("a", "SCR Altach", "team"), kb)
    assert entry is not None and entry.id.startswith("kg:team/") and score >= DEFAULT_MIN_SCORE


def test_reserve_team_is_not_the_senior_team(kb):
    x = Extraction(_article(), (Entity("r", "1. FC Kaiserslautern II", "team"), Entity("u", "FC Everton U18", "team")), ())
    linked = link_extraction(x, kb)
    assert all(e.qid is None for e in linked.entities)


def test_young_namesake_is_not_the_coach(kb):
    # the KB's Hannes Wolf is a player born 1999, not the coach of a DFB youth team
    x = Extraction(
        _article("2023"),
        (Entity("w", "Hannes Wolf", "person"), Entity("u", "Germany national under-20 football team", "team")),
        (Fact("w", "coached", "u", role="youth_coach"),),
    )
    assert link_extraction(x, kb).entity("w").qid is None


def test_unknown_entities_pass_through(kb):
    x = Extraction(_article(), (Entity("x", "Zzyzx Qwerty", "person"), Entity("y", "FC Nirgendwo 1899", "team")), ())
    linked = link_extraction(x, kb)
    assert linked.entities == x.entities


def test_entity_node_key():
    assert entity_node_key(Entity("k", "Miroslav Klose", "person", qid="Q80471")) == "wd-Q80471"
    assert entity_node_key(Entity("k", "Miroslav Klose", "person")) == "miroslav-klose"
    assert entity_node_key(Entity("f", "1. FC Kaiserslautern", "team")) == "1-fc-kaiserslautern"
    assert entity_node_key(Entity("f", "Müller-Wohlfahrt", "person")) == "muller-wohlfahrt"
    assert entity_node_key(Entity("f", "Martin Ødegaard", "person")) == "martin-odegaard"
    # cross-article identity: spelling variants of the same name collapse
    assert entity_node_key(Entity("a", "Jürgen Klopp", "person")) == entity_node_key(Entity("b", "Jurgen  Klopp", "person"))
    assert entity_node_key(Entity("x", "ÖFB", "team")) == "ofb"
    assert entity_node_key(Entity("x", "北京国安", "team")).startswith("x-")
    assert entity_node_key(Entity("x", "北京国安", "team")) != entity_node_key(Entity("y", "上海申花", "team"))
