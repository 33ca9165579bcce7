"""The bundled offline knowledge base (src/kickgraph/data/kb.json.gz)."""

from __future__ import annotations

import gzip
import json
import time

import pytest

from kickgraph.errors import KickgraphError, ModelError
from kickgraph.kb import KBEntry, KnowledgeBase, normalize, slugify, surname_keys, team_level


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_load_is_fast():
    t0 = time.perf_counter()
    kb = KnowledgeBase.load()
    elapsed = time.perf_counter() - t0
    assert elapsed < 3.0, f"KB load took {elapsed:.2f}s (target < 1 s)"
    assert kb.stats()["persons"] > 50_000


def test_no_global_state():
    a, b = KnowledgeBase.load(), KnowledgeBase.load()
    assert a is not b
    assert a.get("Q80471") == b.get("Q80471")


def test_stats(kb):
    s = kb.stats()
    assert s["persons_with_qid"] > 60_000
    assert s["teams"] > 10_000 and s["teams_with_qid"] > 500
    assert s["team_aliases"] > s["teams"]


def test_klose(kb):
    e = kb.get("Q80471")
    assert isinstance(e, KBEntry)
    assert (e.name, e.type, e.qid, e.birth_year) == ("Miroslav Klose", "person", "Q80471", 1978)
    clubs = {team for team, *_ in e.career}
    assert "Q8466" in clubs  # 1. FC Kaiserslautern
    assert "Q51976" in clubs and "Q15789" in clubs  # Werder, Bayern
    assert any(kb.get(t).level == "reserve" and kb.get(t).parent == "Q8466" for t in clubs)
    stint = next(c for c in e.career if c[0] == "Q8466")
    assert stint[1] == 1999 and stint[2] == 2004 and stint[3] is False
    assert kb.candidates("Miroslav Klose", "person")[0].id == "Q80471"
    assert "Q80471" in [c.id for c in kb.candidates("Klose", "person")]


@pytest.mark.parametrize("surface", ["FCK", "Kaiserslautern", "1. FC Kaiserslautern", "1 FC Kaiserslautern", "fc kaiserslautern"])
def test_kaiserslautern_aliases(kb, surface):
    c = kb.candidates(surface, "team")
    assert c and c[0].id == "Q8466"
    assert c[0].name == "1. FC Kaiserslautern" and c[0].qid == "Q8466" and c[0].country == "DE"


@pytest.mark.parametrize(
    "surface,qid,canonical",
    [
        ("Bayern", "Q15789", "FC Bayern München"),
        ("FC Bayern Munich", "Q15789", "FC Bayern München"),
        ("Werder", "Q51976", "SV Werder Bremen"),
        ("Werder Bremen", "Q51976", "SV Werder Bremen"),
        ("Leverkusen", "Q104761", "Bayer 04 Leverkusen"),
        ("Bayer Leverkusen", "Q104761", "Bayer 04 Leverkusen"),
        ("Mainz 05", "Q105254", "1. FSV Mainz 05"),
        ("Mainz", "Q105254", "1. FSV Mainz 05"),
        ("Schalke", "Q32494", "FC Schalke 04"),
        ("HSV", "Q51974", "Hamburger SV"),
        ("BVB", "Q41420", "Borussia Dortmund"),
        ("Gladbach", "Q101959", "Borussia Mönchengladbach"),
        ("VfB", "Q4512", "VfB Stuttgart"),
        ("VfL Wolfsburg", "Q101859", "VfL Wolfsburg"),
        ("Hertha BSC Berlin", "Q102720", "Hertha BSC"),
        ("Inter Mailand", "Q631", "Inter Mailand"),
        ("Deutschland", "Q43310", "Germany national football team"),
        ("DFB-Elf", "Q43310", "Germany national football team"),
        ("deutsche Nationalmannschaft", "Q43310", "Germany national football team"),
    ],
)
def test_team_aliases(kb, surface, qid, canonical):
    c = kb.candidates(surface, "team")
    assert c and c[0].id == qid, [x.id for x in c]
    assert c[0].name == canonical


def test_teams_without_qid_have_stable_kg_ids(kb):
    altach = kb.candidates("SCR Altach", "team")[0]
    assert altach.id.startswith("kg:team/") and altach.qid is None and altach.country == "AT"
    austria = kb.candidates("Austria Wien", "team")[0]
    assert austria.name == "FK Austria Wien" and austria.qid is None
    assert kb.get(austria.id) == austria


def test_reserve_and_youth_teams_are_their_own_teams(kb):
    ii = kb.candidates("1. FC Kaiserslautern II", "team")
    assert len(ii) == 1 and ii[0].level == "reserve" and ii[0].parent == "Q8466" and ii[0].qid is None
    assert kb.candidates("FCK II", "team")[0].id == ii[0].id
    u21 = kb.candidates("Germany national under-21 football team", "team")[0]
    assert u21.level == "U21" and u21.kind == "national" and u21.parent == "Q43310"
    assert kb.candidates("DFB-U21", "team")[0].id == u21.id
    assert kb.team_family(ii[0].id) >= {"Q8466", ii[0].id}


def test_ambiguous_short_forms_stay_ambiguous(kb):
    assert {"Q38245", "Q154053"} <= {c.id for c in kb.candidates("Eintracht", "team")}  # Frankfurt, Braunschweig
    assert len(kb.candidates("Arsenal", "team")) >= 2  # London, Sarandí, Tula
    ids = {c.id for c in kb.candidates("Austria", "team")}
    assert "Q163534" in ids and len(ids) >= 2  # national team vs. the Vienna club
    assert "Q8466" not in {c.id for c in kb.candidates("Lautern", "team")}  # no invented forms


def test_fuzzy_team_lookup_respects_level(kb):
    assert kb.candidates("1. FC Kaiserslauten", "team")[0].id == "Q8466"
    assert all(c.level == "U18" for c in kb.candidates("FC Everton U18", "team"))


def test_person_lookup_and_surnames(kb):
    suarez = kb.candidates("Luis Suárez", "person")
    assert len(suarez) >= 2 and "Q26517" in {c.id for c in suarez}
    assert kb.candidates("Luis Suarez", "person") == suarez  # accents do not matter
    assert kb.candidates("Ole Gunnar Solskjaer", "person")[0].id == "Q18976"  # æ -> ae
    assert len(kb.persons_with_surname("Schmidt")) > 10
    assert kb.get("Q999999999999") is None


def test_patterns(kb):
    teams = kb.team_patterns()
    by_surface = {}
    for surface, kb_id, canonical in teams:
        by_surface.setdefault(surface, set()).add(kb_id)
        assert kb.get(kb_id) is not None and kb.get(kb_id).name == canonical
    assert by_surface["FCK"] == {"Q8466"} and by_surface["Werder Bremen"] == {"Q51976"}
    assert "Eintracht" not in by_surface and "Real" not in by_surface and "Union" not in by_surface
    persons = kb.person_patterns()
    names = {s for s, _, _ in persons}
    assert "Miroslav Klose" in names
    assert "Luis Suárez" not in names  # ambiguous full name
    assert all(" " in s for s in names)
    old = kb.person_patterns(min_birth_year=None)
    assert len(old) > len(persons)


def test_normalisation():
    assert normalize("Fußball-Club Köln") == normalize("Fussball Club Koln") == "fussball club koln"
    assert normalize("F.C. Hansa Rostock") == normalize("FC Hansa Rostock")
    assert normalize("Håvard Nielsen") == "havard nielsen"
    assert normalize("Ole Gunnar Solskjær") == "ole gunnar solskjaer"
    assert slugify("1. FC Kaiserslautern") == "1-fc-kaiserslautern"
    assert surname_keys("Louis van Gaal") == ["gaal", "van gaal"]
    assert team_level("1. FC Kaiserslautern II") == "reserve"
    assert team_level("Germany national under-21 football team") == "U21"
    assert team_level("Olympique Lyonnais") == "senior"
    assert team_level("Argentina Olympic football team") == "olympic"


def test_missing_or_corrupt_file(tmp_path):
    with pytest.raises(ModelError):
        KnowledgeBase.load(tmp_path / "nope.json.gz")
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(gzip.compress(b"{not json"))
    with pytest.raises(KickgraphError):
        KnowledgeBase.load(bad)
    other = tmp_path / "other.json.gz"
    other.write_bytes(gzip.compress(json.dumps({"format": "something-else"}).encode()))
    with pytest.raises(ModelError):
        KnowledgeBase.load(other)
