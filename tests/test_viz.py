"""kickgraph.viz: networkx conversion and filters, GraphML/GEXF, timeline images, the HTML page
(rendered in headless Chromium), the `kickgraph viz` command and the examples/ scripts."""

from __future__ import annotations

import html as htmlmod
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kickgraph import viz
from kickgraph.model import Article, Entity, Evidence, Extraction, Fact
from kickgraph.ontology import Vocabulary
from kickgraph.pipeline import ontology_quads
from kickgraph.rdf import extraction_quads
from kickgraph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
KG = "https://w3id.org/kickgraph/id/"

TRICKY = 'Demir sagte: "</script><b>fett</b> & Co" – er spielte nie für den HSV.'


def ev(text: str) -> Evidence:
    return Evidence(text=text, start=0, end=len(text), sentence=0)


def _extractions() -> list[Extraction]:
    fca = Entity("t1", "FC Augsburg", "team", aliases=("FCA", "FC Augsburg"))
    koeln = Entity("t2", "1. FC Köln", "team", aliases=("Köln",))
    hsv = Entity("t3", "Hamburger SV", "team", aliases=("HSV",))
    keller = Entity("p1", "Jonas Keller", "person", qid="Q99000001")
    brandt = Entity("p2", "Martin Brandt", "person")
    vogel = Entity("p3", "Stefan Vogel", "person")
    demir = Entity("p4", "Ali Demir", "person")
    a1 = Extraction(
        Article("a1", "...", date="2019-04-09", url="https://example.org/news/a1",
                title="Augsburg trennt sich von Brandt"),
        (fca, keller, brandt),
        (
            Fact("p1", "coached", "t1", role="head_coach", tense="current", start="2019-04", confidence=0.9,
                 evidence=ev("Jonas Keller übernimmt ab sofort das Traineramt beim FC Augsburg.")),
            Fact("p1", "replaced", "p2", role="head_coach", team="t1", start="2019-04", confidence=0.8,
                 evidence=ev("Keller folgt auf Martin Brandt.")),
            Fact("p2", "coached", "t1", role="head_coach", tense="past", start="2016-07", end="2019-04",
                 confidence=0.85, evidence=ev("Brandt hatte den FCA seit Juli 2016 trainiert.")),
            Fact("p1", "playedFor", "t1", role="player", tense="past", start="2005", end="2010", confidence=0.7,
                 evidence=ev("Keller spielte von 2005 bis 2010 selbst für Augsburg.")),
        ),
    )
    a2 = Extraction(
        Article("a2", "...", date="2021-03-01", title="Wer folgt auf Keller?"),
        (fca, koeln, vogel, demir),
        (
            Fact("p3", "candidateFor", "t1", status="reported", confidence=0.6,
                 evidence=ev("Laut Medienberichten gilt Stefan Vogel als Kandidat beim FC Augsburg.")),
            Fact("p4", "candidateFor", "t1", status="denied", confidence=0.7,
                 evidence=ev("Ali Demir wird nicht Trainer in Augsburg, stellte der Verein klar.")),
            Fact("p3", "playedFor", "t1", role="player", tense="past", start="2008", end="2012", confidence=0.7,
                 evidence=ev("Vogel trug von 2008 bis 2012 das Trikot des FCA.")),
            Fact("p3", "coached", "t2", role="head_coach", tense="past", start="2018", end="2020", confidence=0.8,
                 evidence=ev("Zuvor trainierte Vogel den 1. FC Köln.")),
        ),
    )
    a3 = Extraction(
        Article("a3", "...", date="2021-06-15", url="https://example.org/news/a3", title="Vogel kommt, Keller geht"),
        (fca, koeln, hsv, keller, brandt, vogel),
        (
            Fact("p3", "coached", "t1", role="head_coach", tense="future", start="2021-07", confidence=0.9,
                 evidence=ev("Stefan Vogel wird zur neuen Saison Cheftrainer des FC Augsburg.")),
            Fact("p3", "replaced", "p1", role="head_coach", team="t1", start="2021-07", confidence=0.8,
                 evidence=ev("Vogel beerbt Jonas Keller.")),
            Fact("p1", "coached", "t1", role="head_coach", tense="current", start="2019-04", confidence=0.8,
                 evidence=ev("Keller, seit April 2019 im Amt, muss gehen.")),
            Fact("p1", "coached", "t3", status="reported", role="head_coach", tense="future", start="2021-07",
                 confidence=0.5, evidence=ev("Keller soll beim Hamburger SV im Gespräch sein.")),
            Fact("p2", "coached", "t2", role="interim_coach", tense="past", start="2020-05", end="2020-06",
                 confidence=0.7, evidence=ev("Brandt half 2020 kurz als Interimstrainer in Köln aus.")),
        ),
    )
    a4 = Extraction(
        Article("a4", "...", date="2021-07-02", title="Demir & der HSV"),
        (hsv, demir),
        (
            Fact("p4", "playedFor", "t3", status="denied", role="player", confidence=0.6, evidence=ev(TRICKY)),
        ),
    )
    return [a1, a2, a3, a4]


def build_fixture(path: Path) -> Path:
    vocab = Vocabulary.load()
    store = GraphStore.memory()
    store.add(ontology_quads())
    for x in _extractions():
        store.add(extraction_quads(x, vocab))
    store.dump(path)
    return path


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("vizgraph") / "fixture.trig")


def test_fixture_graph_conforms_to_the_shapes(graph_file):
    from kickgraph.validate import validate

    result = validate(GraphStore.open(graph_file))
    assert result.conforms, result.report


# ---------------------------------------------------------------------- networkx


def test_to_networkx_full(graph_file):
    G = viz.to_networkx(graph_file)
    assert isinstance(G, nx.MultiDiGraph)
    kinds = {G.nodes[n]["label"]: G.nodes[n]["kind"] for n in G}
    assert kinds == {"FC Augsburg": "team", "1. FC Köln": "team", "Hamburger SV": "team", "Jonas Keller": "person",
                     "Martin Brandt": "person", "Stefan Vogel": "person", "Ali Demir": "person"}
    assert G.nodes[KG + "person/wd-Q99000001"]["qid"] == "Q99000001"
    assert "qid" not in G.nodes[KG + "person/martin-brandt"]
    assert G.number_of_edges() == 14  # one per statement, the stint reported twice gives two parallel edges
    keller, fca = KG + "person/wd-Q99000001", KG + "team/fc-augsburg"
    stints = [d for d in G.get_edge_data(keller, fca).values() if d["relation"] == "coached"]
    assert sorted(d["article"] for d in stints) == ["a1", "a3"]
    d = next(d for d in stints if d["article"] == "a1")
    assert d["role"] == "head_coach" and d["status"] == "confirmed" and d["start"] == "2019-04"
    assert d["end"] == "" and d["confidence"] == pytest.approx(0.9)
    assert d["evidence"].startswith("Jonas Keller übernimmt") and d["url"] == "https://example.org/news/a1"
    assert d["headline"] == "Augsburg trennt sich von Brandt" and d["published"] == "2019-04-09"
    rep = next(d for _, _, d in G.edges(data=True) if d["relation"] == "replaced" and d["article"] == "a3")
    assert rep["team_label"] == "FC Augsburg"
    for _, _, d in G.edges(data=True):
        assert all(v is not None for v in d.values())


def _labels(G):
    return {G.nodes[n]["label"] for n in G}


def test_filters(graph_file):
    G = viz.to_networkx(graph_file, club="FC Augsburg")
    assert _labels(G) == {"FC Augsburg", "Jonas Keller", "Martin Brandt", "Stefan Vogel", "Ali Demir"}
    for _, v, d in G.edges(data=True):
        assert G.nodes[v]["label"] == "FC Augsburg" or d["team_label"] == "FC Augsburg"
    # club by alias, accent-insensitive part, or IRI
    assert _labels(viz.to_networkx(graph_file, club="koln")) == {"1. FC Köln", "Stefan Vogel", "Martin Brandt"}
    assert viz.to_networkx(graph_file, club=KG + "team/1-fc-koln").number_of_edges() == 2
    G = viz.to_networkx(graph_file, person="Vogel")
    assert all("Stefan Vogel" in (G.nodes[u]["label"], G.nodes[v]["label"]) for u, v in G.edges())
    assert G.number_of_edges() == 5
    G = viz.to_networkx(graph_file, relations=["candidateFor"])
    assert G.number_of_edges() == 2 and _labels(G) == {"FC Augsburg", "Stefan Vogel", "Ali Demir"}
    G = viz.to_networkx(graph_file, statuses=["denied"])
    assert sorted(d["relation"] for *_, d in G.edges(data=True)) == ["candidateFor", "playedFor"]
    G = viz.to_networkx(graph_file, club="FC Augsburg", statuses=["confirmed"], relations=["coached"])
    assert {G.nodes[u]["label"] for u, _ in G.edges()} == {"Jonas Keller", "Martin Brandt", "Stefan Vogel"}
    # time window: stints overlapping 2011, undated facts at their article's date
    G = viz.to_networkx(graph_file, since="2011", until="2011")
    assert {(G.nodes[u]["label"], d["relation"]) for u, _, d in G.edges(data=True)} == {("Stefan Vogel", "playedFor")}
    G = viz.to_networkx(graph_file, since="2021-03", until="2021-03")
    got = {(G.nodes[u]["label"], d["relation"], d["start"]) for u, _, d in G.edges(data=True)}
    assert ("Stefan Vogel", "candidateFor", "") in got and ("Jonas Keller", "coached", "2019-04") in got
    assert ("Martin Brandt", "coached", "2016-07") not in got
    with pytest.raises(viz.KickgraphError, match="no club named"):
        viz.to_networkx(graph_file, club="Real Madrid")
    with pytest.raises(viz.KickgraphError, match="unknown relation"):
        viz.to_networkx(graph_file, relations=["managed"])


def test_graphml_gexf_roundtrip(graph_file, tmp_path):
    G = viz.to_networkx(graph_file)
    viz.write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert H.nodes[KG + "team/1-fc-koln"]["label"] == "1. FC Köln"
    tricky = [d for *_, d in H.edges(data=True) if d.get("article") == "a4"]
    assert tricky[0]["evidence"] == TRICKY and tricky[0]["confidence"] == pytest.approx(0.6)
    viz.write_gexf(G, tmp_path / "g.gexf")
    X = nx.read_gexf(tmp_path / "g.gexf")
    assert X.number_of_nodes() == G.number_of_nodes() and X.number_of_edges() == G.number_of_edges()
    assert {X.nodes[n]["label"] for n in X} == _labels(G)
    d = next(d for *_, d in X.edges(data=True) if d.get("article") == "a4")
    assert d["evidence"] == TRICKY and d["status"] == "denied"
    assert any(d.get("start_date") == "2019-04" for *_, d in X.edges(data=True))
    n, m = viz.export_network(graph_file, tmp_path / "club.gexf", club="FC Augsburg")
    assert (n, m) == (5, 10) and nx.read_gexf(tmp_path / "club.gexf").number_of_edges() == 10
    with pytest.raises(viz.KickgraphError):
        viz.export_network(graph_file, tmp_path / "x.dot")


# ---------------------------------------------------------------------- timeline


def _check_image(path: Path) -> None:
    import matplotlib.image as mpimg
    import numpy as np

    assert path.stat().st_size > 10_000
    img = mpimg.imread(path)
    colours = np.unique((img[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 20, "the image is (nearly) a single colour"


def test_timeline_person_and_club(graph_file, tmp_path):
    out = viz.timeline(graph_file, "Jonas Keller", tmp_path / "keller.png")
    _check_image(out)
    out = viz.timeline(graph_file, "FC Augsburg", tmp_path / "fca.png")
    _check_image(out)
    svg = viz.timeline(graph_file, "FC Augsburg", tmp_path / "fca.svg", players=True)
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    rows, title = viz._timeline_rows(viz.to_networkx(graph_file), KG + "team/fc-augsburg", False)
    assert title == "Coaches of FC Augsburg"
    assert [r.label for r in rows] == ["Martin Brandt", "Jonas Keller", "Ali Demir", "Stefan Vogel"]
    keller = rows[1]
    assert len(keller.bars) == 1 and keller.bars[0].sources == 2  # two reports, one stint
    assert str(keller.bars[0].end) == "2021-07-01" and not keller.bars[0].open_end  # ended by Vogel's start
    assert rows[3].bars[0].open_end and {m.kind for m in rows[3].markers} == {"candidate", "replaced"}
    assert [m.kind for m in rows[2].markers] == ["denied"]
    with pytest.raises(viz.KickgraphError):
        viz.timeline(graph_file, "Nobody Known", tmp_path / "x.png")
    with pytest.raises(viz.KickgraphError):
        viz.timeline(graph_file, "Jonas Keller", tmp_path / "x.pdf")


# ---------------------------------------------------------------------- HTML


def test_html_is_self_contained_and_escaped(graph_file, tmp_path):
    G = viz.to_networkx(graph_file)
    page = viz.write_html(G, tmp_path / "g.html", title="Karussell <&> Test").read_text()
    assert "<title>Karussell &lt;&amp;&gt; Test</title>" in page
    assert re.search(r"""(src|href)=["']?(https?:)?//""", page) is None  # nothing fetched at view time
    data = page.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "&" not in data
    import json

    parsed = json.loads(data)
    assert len(parsed["nodes"]) == 7 and len(parsed["edges"]) == 14
    assert TRICKY in [e["evidence"] for e in parsed["edges"]]
    empty = viz.write_html(nx.MultiDiGraph(), tmp_path / "empty.html").read_text()
    assert '"nodes":[]' in empty


def _chromium(url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
           "--no-default-browser-check", f"--user-data-dir={profile}", "--window-size=1280,900",
           "--hide-scrollbars", "--virtual-time-budget=3000", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})


needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="/usr/bin/chromium is absent (apt-get install chromium; .ci/run installs it)")


@needs_chromium
def test_html_renders_in_chromium(graph_file, tmp_path):
    G = viz.to_networkx(graph_file)
    page = viz.write_html(G, tmp_path / "network.html", title="kickgraph test network")
    data = viz.html_data(G)
    edge = next(e for e in data["edges"] if e["article"] == "a4")  # the edge with the tricky evidence
    res = _chromium(page.as_uri() + f"#hover={edge['id']}", tmp_path, "--dump-dom")
    dom = res.stdout
    assert 'data-ready="1"' in dom, res.stderr[-2000:]
    assert len(re.findall(r'<g class="node[ "]', dom)) == G.number_of_nodes()
    assert len(re.findall(r'<g class="edge[ "]', dom)) == G.number_of_edges()
    assert "<b>fett</b>" not in dom  # the evidence stayed text
    tip = re.search(r'<div id="tooltip"[^>]*>(.*?)</div>\s*</main>', dom, re.S)
    assert tip and f'data-for="{edge["id"]}"' in dom
    assert TRICKY in htmlmod.unescape(re.sub(r"<[^>]+>", "", tip.group(1)))
    assert "a4" in tip.group(1) and "denied" in tip.group(1)
    assert "hidden" not in dom.split('<div id="tooltip"', 1)[1].split(">", 1)[0]

    # a node hover, the search box and the club filter, through the URL hash
    keller = next(n for n in data["nodes"] if n["label"] == "Jonas Keller")
    fca = next(n for n in data["nodes"] if n["label"] == "FC Augsburg")
    dom = _chromium(page.as_uri() + f"#club={fca['id']}&search=keller", tmp_path, "--dump-dom").stdout
    assert re.search(rf'<g class="node hit[^"]*" id="{keller["id"]}"', dom)
    assert "1 match" in dom
    hidden = re.findall(r'<g class="node[^"]*hidden[^"]*"', dom)
    assert len(hidden) == 2  # Köln and HSV are not linked to Augsburg
    assert "Jonas Keller" in re.search(r'<div id="tooltip"[^>]*>(.*?)</div>\s*</main>', dom, re.S).group(1)

    shot = tmp_path / "network.png"
    res = _chromium(page.as_uri() + f"#hover={edge['id']}", tmp_path, f"--screenshot={shot}")
    assert shot.exists(), res.stderr[-2000:]
    _check_image(shot)
    keep = os.environ.get("KICKGRAPH_VIZ_KEEP")
    if keep:  # for looking at the rendering: KICKGRAPH_VIZ_KEEP=/tmp/out pytest tests/test_viz.py
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "network.png")
        shutil.copy(page, Path(keep) / "network.html")
        viz.timeline(graph_file, "Jonas Keller", Path(keep) / "keller.png")
        viz.timeline(graph_file, "FC Augsburg", Path(keep) / "fca.png")


# ---------------------------------------------------------------------- CLI and examples


def test_cli_viz(graph_file, tmp_path):
    from click.testing import CliRunner

    from kickgraph.cli import main

    runner = CliRunner()
    res = runner.invoke(main, ["viz", str(graph_file), "--html", str(tmp_path / "v.html"), "--club", "FC Augsburg",
                               "--status", "confirmed", "--status", "reported"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "v.html").stat().st_size > 5000 and "nodes" in res.output
    res = runner.invoke(main, ["viz", str(graph_file), "--timeline", "Stefan Vogel", "-o", str(tmp_path / "v.svg")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "v.svg").exists()
    res = runner.invoke(main, ["viz", str(graph_file), "--graphml", str(tmp_path / "v.graphml"), "--relation", "coached"])
    assert res.exit_code == 0, res.output
    assert nx.read_graphml(tmp_path / "v.graphml", force_multigraph=True).number_of_edges() == 7
    res = runner.invoke(main, ["viz", str(graph_file), "--club", "Real Madrid", "--html", str(tmp_path / "x.html")])
    assert res.exit_code != 0 and "no club named" in res.output
    res = runner.invoke(main, ["viz", str(graph_file)])
    assert res.exit_code != 0


@pytest.mark.parametrize("script, args, outputs", [
    ("club_carousel.py", ["--club", "FC Augsburg"], ["fc-augsburg-carousel.html", "fc-augsburg-coaches.png"]),
    ("person_career.py", ["--person", "Jonas Keller"], ["jonas-keller-career.png", "jonas-keller-career.svg"]),
    ("homecomings_network.py", [], ["homecomings.graphml", "homecomings.html"]),
])
def test_examples(graph_file, tmp_path, script, args, outputs):
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, str(ROOT / "examples" / script), str(graph_file), "-o", str(out), *args],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    for name in outputs:
        assert (out / name).stat().st_size > 1000, name
    if script == "homecomings_network.py":
        H = nx.read_graphml(out / "homecomings.graphml", force_multigraph=True)
        assert {H.nodes[n]["label"] for n in H} == {"Jonas Keller", "Stefan Vogel", "FC Augsburg"}
        assert "Jonas Keller" in res.stdout and "Stefan Vogel" in res.stdout


def _bundled_model_present() -> bool:
    from kickgraph.nlp import BUNDLED_MODEL
    from kickgraph.resources import model_dir

    return model_dir(BUNDLED_MODEL) is not None


@pytest.mark.skipif(not any((ROOT / "examples" / "articles").glob("*")) or not _bundled_model_present(),
                    reason="examples/articles/ is empty or the bundled NER model is not built")
def test_example_builds_examples_articles_by_default(tmp_path):
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, str(ROOT / "examples" / "homecomings_network.py"), "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    assert (out / "graph.trig").exists() and (out / "homecomings.html").exists()
