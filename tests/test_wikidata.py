"""Live Wikidata client and merge, against a REAL local `oxigraph serve` holding Wikidata-shaped RDF.

Failure modes (429 + Retry-After, 5xx, malformed JSON, timeouts) come from a tiny real HTTP server
on 127.0.0.1 that answers badly a given number of times and otherwise proxies to the oxigraph server.
No mocks: requests are counted by the client's stats, the proxy's log and the cache files.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kickgraph.errors import InputError, RemoteError
from kickgraph.model import Article, Entity, Evidence, Extraction, Fact
from kickgraph.ontology import Vocabulary
from kickgraph.pipeline import ONTOLOGY_GRAPH, ontology_quads
from kickgraph.query import load_query, run_local
from kickgraph.rdf import article_graph, entity_iri, extraction_quads
from kickgraph.store import GraphStore
from kickgraph.wikidata import (
    WIKIDATA_GRAPH,
    WikidataClient,
    normalize_qid,
    parse_retry_after,
    time_to_iso,
    values_clause,
    wikidata_quads,
)

pytestmark = pytest.mark.server

FIXTURE = Path(__file__).parent / "data" / "wikidata_fixture.ttl"
KG = "https://w3id.org/kickgraph/id/"
WDS = "http://www.wikidata.org/entity/statement/"


# ---------------------------------------------------------------------- servers


def _oxigraph_bin() -> str:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    return exe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path):
    """Load the fixture into ``location`` and serve it on a free port; yields the query endpoint."""
    exe = _oxigraph_bin()
    subprocess.run([exe, "load", "--location", str(location), "--file", str(FIXTURE)],
                   check=True, capture_output=True, timeout=60)
    for _ in range(5):  # another process may grab the port between probing and binding
        port = _free_port()
        proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        endpoint = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                req = urllib.request.Request(endpoint + "?query=ASK%7B%7D",
                                             headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=2) as resp:
                    resp.read()
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        if proc.poll() is None:
            break
        proc.stderr.close()
    else:
        pytest.fail("could not start oxigraph serve")
    try:
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("wd-store")) as url:
        yield url


class FaultProxy:
    """A real HTTP server on 127.0.0.1: plays scripted bad answers, then proxies to ``upstream``."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.script: list[tuple] = []  # ("status", code, headers, body) | ("sleep", seconds)
        self.always: tuple | None = None
        self.log: list[tuple[float, str]] = []  # (monotonic time, what was answered)
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                proxy._handle(self, None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                proxy._handle(self, self.rfile.read(length))

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self, script=(), always=None) -> None:
        with self.lock:
            self.script, self.always, self.log = list(script), always, []

    def _send(self, h, code: int, headers: dict, body: bytes) -> None:
        h.send_response(code)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def _handle(self, h, post_body: bytes | None) -> None:
        with self.lock:
            action = self.script.pop(0) if self.script else self.always
            self.log.append((time.monotonic(), action[0] if action else "proxy"))
        if action and action[0] == "status":
            _, code, headers, body = action
            self._send(h, code, headers, body)
            return
        if action and action[0] == "sleep":
            time.sleep(action[1])
        query = h.path.split("?", 1)[1] if "?" in h.path else ""
        req = urllib.request.Request(self.upstream + ("?" + query if query else ""), data=post_body,
                                     headers={"Accept": h.headers.get("Accept", "*/*"),
                                              "Content-Type": h.headers.get("Content-Type",
                                                                            "application/x-www-form-urlencoded")})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                body, code, ctype = resp.read(), resp.status, resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            body, code, ctype = exc.read(), exc.code, exc.headers.get("Content-Type", "text/plain")
        try:
            self._send(h, code, {"Content-Type": ctype}, body)
        except OSError:  # the client gave up (timeout test)
            pass

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def proxy(endpoint):
    p = FaultProxy(endpoint)
    yield p
    p.close()


def client(endpoint: str, cache_dir=None, **kw) -> WikidataClient:
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", 5)
    return WikidataClient(endpoint, cache_dir=cache_dir, **kw)


def cache_files(cache_dir: Path) -> list[Path]:
    return sorted(p for p in cache_dir.iterdir()) if cache_dir.exists() else []


def assert_cache_valid(cache_dir: Path) -> None:
    for p in cache_files(cache_dir):
        assert p.suffix == ".json", f"leftover temp file {p.name}"
        entry = json.loads(p.read_text(encoding="utf-8"))
        assert "bindings" in entry["result"]["results"]


JSON_HEADERS = {"Content-Type": "application/sparql-results+json"}

# ---------------------------------------------------------------------- pure helpers


def test_qids_are_validated_and_built_as_iris():
    assert normalize_qid("Q80471") == "Q80471"
    assert normalize_qid("http://www.wikidata.org/entity/Q8466") == "Q8466"
    assert normalize_qid("Q007") == "Q7"
    for bad in ("P54", "Q", "q80471", "Q1 } INSERT DATA { <a> <b> <c> }", "Q1>", "<http://evil/Q1>", ""):
        with pytest.raises(InputError):
            normalize_qid(bad)
    assert values_clause(["Q80471", "Q8466"]) == (
        "\nVALUES ?item { <http://www.wikidata.org/entity/Q80471> <http://www.wikidata.org/entity/Q8466> }\n")
    c = WikidataClient("http://127.0.0.1:9/query")  # never contacted: validation comes first
    with pytest.raises(InputError):
        c.fetch_entities(["Q1", "Q2 } ; DROP ALL"])
    assert c.stats.requests == 0


def test_time_precision_to_xsd_shapes():
    assert time_to_iso("2004-07-01T00:00:00Z", 11) == "2004-07-01"
    assert time_to_iso("2004-07-01T00:00:00Z", 10) == "2004-07"
    assert time_to_iso("2004-01-01T00:00:00Z", 9) == "2004"
    assert time_to_iso("1990-01-01T00:00:00Z", 8) is None  # decade: too vague for a career date
    assert time_to_iso("2004-07-01T00:00:00Z", None) == "2004-07-01"
    assert time_to_iso("-0500-01-01T00:00:00Z", 9) is None
    assert time_to_iso("http://www.wikidata.org/.well-known/genid/abc", 11) is None


def test_parse_retry_after_seconds_and_http_date():
    assert parse_retry_after("3") == 3.0
    now = 1_700_000_000.0
    assert parse_retry_after(email.utils.formatdate(now + 7, usegmt=True), now=now) == pytest.approx(7, abs=1)
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


# ---------------------------------------------------------------------- against the server


def test_fetch_entities(endpoint):
    c = client(endpoint)
    ents = {e.qid: e for e in c.fetch_entities(["Q80471", "http://www.wikidata.org/entity/Q8466",
                                                 "Q1673975", "Q999999"])}
    assert set(ents) == {"Q80471", "Q8466", "Q1673975"}  # unknown items are left out
    klose = ents["Q80471"]
    assert klose.labels == {"de": "Miroslav Klose", "en": "Miroslav Klose"}  # no fr
    assert klose.aliases == {"de": ("Miro",), "en": ("Miroslav Josef Klose",)}
    assert klose.instance_of == ("Q5",) and klose.kind == "person"
    fck = ents["Q8466"]
    assert fck.kind == "team" and fck.label == "1. FC Kaiserslautern"
    assert set(fck.aliases["de"]) == {"FCK", "Die Roten Teufel"}
    assert c.stats.requests == 1


def test_fetch_careers(endpoint):
    sts = client(endpoint).fetch_careers(["Q80471", "Q8466", "Q679901"])
    klose = [s for s in sts if s.person == "Q80471"]
    assert [(s.property, s.team, s.start, s.end) for s in klose] == [
        ("P54", "Q8466", "1999", "2004"),
        ("P54", "Q51976", "2004-07", "2007-06"),
        ("P54", "Q15789", "2007-07-01", "2011"),
        ("P54", "Q2609", "2011", "2016"),  # the deprecated 1990 Lazio statement is left out
    ]
    assert all(s.statement.startswith(WDS + "Q80471-") for s in klose)
    head = {s.person: s for s in sts if s.property == "P286"}
    assert set(head) == {"Q463936", "Q679901", "Q1568284"}
    assert (head["Q679901"].start, head["Q679901"].end, head["Q679901"].replaced_by) == ("2024-02", "2024-06",
                                                                                          ("Q1568284",))
    assert (head["Q1568284"].start, head["Q1568284"].end, head["Q1568284"].replaces) == ("2024-07", None,
                                                                                         ("Q679901",))
    assert head["Q1568284"].item == "Q8466"
    coach = [s for s in sts if s.property == "P6087"]
    assert [(s.person, s.team, s.start, s.end) for s in coach] == [("Q679901", "Q8466", "2024-02", "2024-06")]
    # P286 is also found from the person's side (team not asked for)
    only_anfang = client(endpoint).fetch_careers(["Q1568284"])
    assert [(s.property, s.team, s.replaces) for s in only_anfang] == [("P286", "Q8466", ("Q679901",))]


def test_batching_and_cache_reuse(endpoint, tmp_path):
    qids = ["Q80471", "Q8466", "Q51976", "Q15789", "Q2609"]
    c = client(endpoint, tmp_path / "cache", batch_size=2)
    first = c.fetch_entities(qids)
    assert c.stats.requests == 3 and c.stats.cache_hits == 0
    assert len(cache_files(tmp_path / "cache")) == 3
    assert_cache_valid(tmp_path / "cache")
    again = client(endpoint, tmp_path / "cache", batch_size=2)
    assert again.fetch_entities(qids) == first
    assert again.stats.requests == 0 and again.stats.cache_hits == 3
    # another endpoint is another cache key
    other = client(endpoint.replace("127.0.0.1", "localhost"), tmp_path / "cache", batch_size=2)
    other.fetch_entities(qids[:2])
    assert other.stats.requests == 1 and len(cache_files(tmp_path / "cache")) == 4


def test_cache_answers_when_the_server_is_gone(tmp_path):
    cache = tmp_path / "cache"
    with oxigraph_server(tmp_path / "store") as url:
        live = client(url, cache).fetch_careers(["Q80471", "Q8466"])
        assert len(live) == 7
    cached = client(url, cache, max_retries=1)
    assert cached.fetch_careers(["Q80471", "Q8466"]) == live
    assert cached.stats.requests == 0
    with pytest.raises(RemoteError, match=r"after 2 attempt\(s\).*connection failed"):
        client(url, None, max_retries=1).fetch_careers(["Q80471"])  # no cache: a clear error


def test_429_retry_after_seconds_is_honoured(proxy, tmp_path):
    proxy.reset([("status", 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"Too many requests")])
    c = client(proxy.url, tmp_path / "cache")
    ents = c.fetch_entities(["Q80471"])
    assert [e.qid for e in ents] == ["Q80471"]
    assert [what for _, what in proxy.log] == ["status", "proxy"]
    assert proxy.log[1][0] - proxy.log[0][0] >= 0.95  # waited the server's 1 s, not the 0.01 s backoff
    assert c.stats.retries == 1 and c.stats.requests == 2
    assert_cache_valid(tmp_path / "cache")


def test_429_retry_after_http_date_is_honoured(proxy):
    when = email.utils.formatdate(time.time() + 2, usegmt=True)  # 1-2 s from now (1 s resolution)
    proxy.reset([("status", 429, {"Retry-After": when}, b"")])
    c = client(proxy.url)
    c.fetch_entities(["Q8466"])
    assert c.stats.retries == 1 and 0.5 <= c.stats.waited <= 2.5
    assert proxy.log[1][0] - proxy.log[0][0] >= 0.5


def test_too_long_retry_after_fails_fast(proxy):
    proxy.reset([("status", 429, {"Retry-After": "3600"}, b"")])
    c = client(proxy.url, max_retry_after=60)
    with pytest.raises(RemoteError, match="asks to wait 3600 s"):
        c.fetch_entities(["Q8466"])
    assert c.stats.requests == 1


def test_5xx_then_success(proxy, tmp_path):
    proxy.reset([("status", 503, {"Content-Type": "text/html"}, b"<h1>busy</h1>"),
                 ("status", 502, {}, b"bad gateway"),
                 ("status", 500, {}, b"java.lang.OutOfMemoryError")])
    c = client(proxy.url, tmp_path / "cache")
    assert len(c.fetch_careers(["Q8466"])) == 3
    assert c.stats.retries == 3 and c.stats.requests == 4
    assert len(proxy.log) == 4
    assert_cache_valid(tmp_path / "cache")


def test_malformed_json_is_retried_and_never_cached(proxy, tmp_path):
    cache = tmp_path / "cache"
    proxy.reset([("status", 200, JSON_HEADERS, b'{"head": {"vars": ["item"]}, "results": {"bindi'),
                 ("status", 200, JSON_HEADERS, b'{"unexpected": true}'),
                 ("status", 200, {"Content-Type": "text/html"}, b"<html>maintenance</html>")])
    c = client(proxy.url, cache)
    assert [e.qid for e in c.fetch_entities(["Q80471"])] == ["Q80471"]
    assert c.stats.retries == 3
    assert len(cache_files(cache)) == 1
    assert_cache_valid(cache)


def test_timeout_is_retried(proxy):
    proxy.reset([("sleep", 1.6)])
    c = client(proxy.url, timeout=1)
    assert [e.qid for e in c.fetch_entities(["Q2609"])] == ["Q2609"]
    assert c.stats.retries == 1


def test_gives_up_after_max_retries_and_keeps_the_cache_valid(proxy, tmp_path):
    cache = tmp_path / "cache"
    proxy.reset()
    client(proxy.url, cache).fetch_entities(["Q80471"])  # one good entry
    before = {p.name: p.read_bytes() for p in cache_files(cache)}
    proxy.reset(always=("status", 503, {"Retry-After": "0"}, b"down"))
    c = client(proxy.url, cache, max_retries=2)
    with pytest.raises(RemoteError) as info:
        c.fetch_entities(["Q8466"])
    msg = str(info.value)
    assert "after 3 attempt(s)" in msg and "HTTP 503" in msg and proxy.url in msg
    assert c.stats.requests == 3 and len(proxy.log) == 3
    assert {p.name: p.read_bytes() for p in cache_files(cache)} == before
    assert_cache_valid(cache)
    # a bad request is not retried
    proxy.reset(always=("status", 400, {}, b"Query syntax error"))
    c = client(proxy.url, max_retries=3)
    with pytest.raises(RemoteError, match="rejected"):
        c.fetch_entities(["Q8466"])
    assert c.stats.requests == 1
    proxy.reset()


def test_corrupt_cache_entry_is_refetched(endpoint, tmp_path):
    cache = tmp_path / "cache"
    c = client(endpoint, cache)
    c.fetch_entities(["Q80471"])
    (entry,) = cache_files(cache)
    entry.write_text('{"endpoint": "truncated', encoding="utf-8")
    c2 = client(endpoint, cache)
    assert [e.qid for e in c2.fetch_entities(["Q80471"])] == ["Q80471"]
    assert c2.stats.requests == 1
    assert_cache_valid(cache)


# ---------------------------------------------------------------------- merge with news


def _ev(text: str) -> Evidence:
    return Evidence(text, 0, len(text), 0)


def news_extractions() -> list[Extraction]:
    t1 = "Torsten Lieberknecht wird zum 1. Juli Trainer beim 1. FC Kaiserslautern und beerbt Markus Anfang."
    t2 = "Markus Anfang, bis Juni 2025 Trainer in Kaiserslautern, hat einen neuen Job."
    a1 = Extraction(
        Article("fck-2025-06", t1 + " " + t2, "2025-06-02", title="Lieberknecht beerbt Anfang"),
        (
            Entity("lieberknecht", "Torsten Lieberknecht", "person", qid="Q1673975"),
            Entity("anfang", "Markus Anfang", "person", qid="Q1568284"),
            Entity("fck", "1. FC Kaiserslautern", "team", ("FCK",), qid="Q8466"),
            Entity("schuster", "Dirk Schuster", "person"),  # not linked: never compared
        ),
        (
            Fact("lieberknecht", "coached", "fck", "confirmed", "head_coach", "future", "2025-07",
                 confidence=0.8, evidence=_ev(t1)),
            Fact("lieberknecht", "replaced", "anfang", "confirmed", "head_coach", "future", "2025-07", team="fck",
                 confidence=0.7, evidence=_ev(t1)),
            Fact("anfang", "coached", "fck", "confirmed", "head_coach", "past", "2024", "2025-06",
                 confidence=0.7, evidence=_ev(t2)),
            Fact("schuster", "coached", "fck", "confirmed", "head_coach", "past", confidence=0.6, evidence=_ev(t2)),
        ),
    )
    t3 = "Miroslav Klose, der von 2005 bis 2007 für Werder Bremen stürmte, beendet bei Lazio seine Karriere."
    a2 = Extraction(
        Article("klose-2016", t3, "2016-06-30"),
        (
            Entity("klose", "Miroslav Klose", "person", qid="Q80471"),
            Entity("werder", "SV Werder Bremen", "team", ("Werder Bremen",), qid="Q51976"),
            Entity("lazio", "Lazio Rom", "team", qid="Q2609"),
            Entity("fck", "1. FC Kaiserslautern", "team", qid="Q8466"),
        ),
        (
            Fact("klose", "playedFor", "werder", "confirmed", "player", "past", "2005", "2007", evidence=_ev(t3)),
            Fact("klose", "playedFor", "lazio", "confirmed", "player", "past", "2011", "2016", evidence=_ev(t3)),
            Fact("klose", "coached", "fck", "denied", "head_coach", "current", evidence=_ev(t3)),
        ),
    )
    return [a1, a2]


def news_store() -> GraphStore:
    vocab = Vocabulary.load()
    gs = GraphStore.memory()
    gs.replace_graph(ONTOLOGY_GRAPH, ontology_quads())
    for ex in news_extractions():
        gs.replace_graph(article_graph(ex.article.id), extraction_quads(ex, vocab))
    return gs


@pytest.fixture(scope="module")
def merged(endpoint):
    gs = news_store()
    from kickgraph.wikidata import graph_qids

    kinds = graph_qids(gs)
    assert kinds == {"Q80471": "person", "Q1568284": "person", "Q1673975": "person", "Q8466": "team",
                     "Q51976": "team", "Q2609": "team"}
    c = client(endpoint)
    statements = c.fetch_careers(kinds)
    referenced = set(kinds) | {q for s in statements for q in (s.person, s.team, *s.replaces, *s.replaced_by)}
    entities = c.fetch_entities(referenced)
    quads = wikidata_quads(statements, entities, kinds)
    gs.replace_graph(WIKIDATA_GRAPH, quads)
    return gs, statements, quads


def test_wikidata_quads_map_onto_the_ontology(merged):
    gs, statements, quads = merged
    assert all(q.graph_name == WIKIDATA_GRAPH for q in quads)
    klose = entity_iri(Entity("x", "Miroslav Klose", "person", qid="Q80471"))
    assert klose.value == KG + "person/wd-Q80471"
    rows = run_local(gs, """
        PREFIX kick: <https://w3id.org/kickgraph/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?s ?rel ?o ?role ?start ?end ?src WHERE {
          ?st kick:extractor "wikidata" ; kick:subject ?s ; kick:relation ?rel ; kick:object ?o ;
              kick:status kick:confirmed ; prov:wasDerivedFrom ?src .
          OPTIONAL { ?st kick:role ?role } OPTIONAL { ?st kick:startDate ?start } OPTIONAL { ?st kick:endDate ?end }
        } ORDER BY ?start""", {"s": klose}).rows
    assert len(rows) == 4
    _, rel, team, role, start, end, src = rows[1]
    assert rel.value.endswith("#playedFor") and team.value == KG + "team/wd-Q51976"
    assert role.value.endswith("#player")
    assert start == ox.Literal("2004-07", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth"))
    assert end.datatype.value.endswith("#gYearMonth")
    assert rows[0][4].datatype.value.endswith("#gYear") and rows[2][4].datatype.value.endswith("#date")
    assert src.value == WDS + "Q80471-0A1B2C3D-0000-4000-8000-000000000055"
    # news and Wikidata meet on one node: the news label and the Wikidata sameAs/altLabels are on it
    labels = {t.object.value for t in gs.oxigraph.quads_for_pattern(klose, None, None)
              if t.predicate.value.endswith("altLabel")}
    assert {"Miro", "Miroslav Josef Klose"} <= labels
    # P286 -> coached with role head_coach; replaces/replaced by -> one replaced statement with the team
    rep = run_local(gs, """
        PREFIX kick: <https://w3id.org/kickgraph/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?s ?o ?team ?role ?start (COUNT(?src) AS ?n) WHERE {
          ?st kick:extractor "wikidata" ; kick:relation kick:replaced ; kick:subject ?s ; kick:object ?o ;
              kick:team ?team ; kick:role ?role ; kick:startDate ?start ; prov:wasDerivedFrom ?src .
        } GROUP BY ?s ?o ?team ?role ?start""").values()
    assert len(rep) == 1
    assert rep[0]["s"] == KG + "person/wd-Q1568284" and rep[0]["o"] == KG + "person/wd-Q679901"
    assert rep[0]["team"] == KG + "team/wd-Q8466" and rep[0]["role"].endswith("#head_coach")
    assert rep[0]["start"] == "2024-07" and rep[0]["n"] == "2"  # from P1365 and from P1366
    heads = run_local(gs, """
        PREFIX kick: <https://w3id.org/kickgraph/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { ?st kick:extractor "wikidata" ; kick:relation kick:coached ;
                                              kick:role kick:head_coach }""").values()
    assert heads[0]["n"] == "3"
    # a Wikidata-only team gets a labelled, typed node
    bayern = {q.object.value for q in quads if q.subject.value == KG + "team/wd-Q15789"}
    assert "FC Bayern München" in bayern and "https://w3id.org/kickgraph/ontology#Team" in bayern


def test_merged_graph_conforms_to_the_shapes(merged):
    from kickgraph.validate import validate

    result = validate(merged[0])
    assert result.conforms, result.report


def test_news_vs_wikidata(merged):
    gs = merged[0]
    result = run_local(gs, load_query("news_vs_wikidata"))
    assert result.variables == ("kind", "subjectLabel", "relation", "objectLabel", "newsStart", "newsEnd",
                                "wikidataStart", "wikidataEnd", "articleId", "evidence")
    rows = [(r["kind"], r["subjectLabel"], r["relation"], r["objectLabel"], r["newsStart"], r["newsEnd"],
             r["wikidataStart"], r["wikidataEnd"], r["articleId"]) for r in result.values()]
    assert rows == [
        # news: Anfang coached FCK until 2025-06; Wikidata: open-ended since 2024-07
        ("contradiction_open_ended", "Markus Anfang", "coached", "1. FC Kaiserslautern", "2024", "2025-06",
         "2024-07", None, "fck-2025-06"),
        # news: Klose joined Werder in 2005; Wikidata: 2004-07
        ("start_year_differs", "Miroslav Klose", "playedFor", "SV Werder Bremen", "2005", "2007",
         "2004-07", "2007-06", "klose-2016"),
        # news: Lieberknecht replaces Anfang (2025-07) -> Anfang's stint ended; Wikidata has no P582
        ("wikidata_lacks_end", "Markus Anfang", "coached", "1. FC Kaiserslautern", None, "2025-07",
         "2024-07", None, "fck-2025-06"),
        # news-only facts
        ("wikidata_lacks_fact", "Torsten Lieberknecht", "coached", "1. FC Kaiserslautern", "2025-07", None,
         None, None, "fck-2025-06"),
        ("wikidata_lacks_fact", "Torsten Lieberknecht", "replaced", "Markus Anfang", "2025-07", None,
         None, None, "fck-2025-06"),
    ]
    assert all(r["evidence"] for r in result.values())


def test_news_vs_wikidata_is_empty_without_wikidata():
    assert run_local(news_store(), load_query("news_vs_wikidata")).rows == ()


# ---------------------------------------------------------------------- CLI


def _count(path: Path, fmt: str | None = None) -> tuple[int, int]:
    """(all triples/quads, Wikidata career statements) of a graph file or store."""
    gs = GraphStore.open(path)
    n = run_local(gs, """PREFIX kick: <https://w3id.org/kickgraph/ontology#>
        SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st kick:extractor "wikidata" }""").values()[0]["n"]
    return len(gs), int(n)


def test_cli_wikidata_fetch(endpoint, tmp_path):
    from click.testing import CliRunner

    from kickgraph.cli import main

    runner = CliRunner()
    cache = tmp_path / "cache"
    news = tmp_path / "news.trig"
    news_store().dump(news)
    base = ["--endpoint", endpoint, "--cache", str(cache)]

    # file -> OUT
    out = tmp_path / "merged.trig"
    res = runner.invoke(main, ["wikidata", "fetch", str(news), *base, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "6 linked entities; 7 Wikidata statements" in res.output
    n_out, n_wd = _count(out)
    assert n_wd == 8  # 4 P54 + 3 P286 statements + 1 replaced
    assert _count(news)[1] == 0  # source untouched
    merged = GraphStore.open(out)
    assert WIKIDATA_GRAPH in merged.named_graphs()
    assert run_local(merged, load_query("news_vs_wikidata")).rows

    # Turtle file replaced in place, twice: the second run (from cache) does not grow it
    ttl = tmp_path / "news.ttl"
    news_store().dump(ttl)
    res = runner.invoke(main, ["wikidata", "fetch", str(ttl), *base])
    assert res.exit_code == 0, res.output
    first = _count(ttl)
    res = runner.invoke(main, ["wikidata", "fetch", str(ttl), *base])
    assert res.exit_code == 0, res.output
    assert "(0 requests" in res.output
    assert _count(ttl) == first and first[1] == 8

    # store directory: the Wikidata graph is replaced
    store_dir = tmp_path / "store"
    gs = GraphStore.persistent(store_dir)
    gs.add(news_store().quads())
    gs.flush()
    del gs
    for _ in range(2):
        res = runner.invoke(main, ["wikidata", "fetch", str(store_dir), *base])
        assert res.exit_code == 0, res.output
    assert _count(store_dir)[1] == 8

    # an unreachable endpoint: a clear error and exit code 6, the file is unchanged
    before = ttl.read_bytes()
    res = runner.invoke(main, ["wikidata", "fetch", str(ttl), "--endpoint", "http://127.0.0.1:9/query",
                               "--no-cache", "--max-retries", "0"])
    assert res.exit_code == 6
    assert "failed after 1 attempt(s)" in res.output
    assert ttl.read_bytes() == before


def test_cli_wikidata_fetch_without_links(tmp_path, endpoint):
    from click.testing import CliRunner

    from kickgraph.cli import main

    ex = news_extractions()[0]
    unlinked = Extraction(ex.article, tuple(Entity(e.key, e.name, e.type) for e in ex.entities), ex.facts)
    gs = GraphStore.memory()
    gs.replace_graph(article_graph(ex.article.id), extraction_quads(unlinked, Vocabulary.load()))
    path = tmp_path / "plain.ttl"
    gs.dump(path)
    before = path.read_bytes()
    res = CliRunner().invoke(main, ["wikidata", "fetch", str(path), "--endpoint", endpoint, "--no-cache"])
    assert res.exit_code == 0 and "no linked entities" in res.output
    assert path.read_bytes() == before


def test_offline_merge_from_the_bundled_kb(tmp_path):
    """`kickgraph wikidata fetch --offline`: Wikidata P54 stints from the bundled KB, no network."""
    from click.testing import CliRunner

    from kickgraph.cli import main

    text = "Miroslav Klose spielte von 1999 bis 2004 für den 1. FC Kaiserslautern und später für Hertha BSC."
    art = Article("klose-offline", text, "2016-11-01")
    ents = (Entity("klose", "Miroslav Klose", "person", ("Miroslav Klose",), qid="Q80471"),
            Entity("fck", "1. FC Kaiserslautern", "team", ("1. FC Kaiserslautern",), qid="Q8466"),
            Entity("bsc", "Hertha BSC", "team", ("Hertha BSC",), qid="Q102720"))
    ev = Evidence(text, 0, len(text), 0)
    facts = (Fact("klose", "playedFor", "fck", "confirmed", "player", "past", "1999", "2004", evidence=ev),
             Fact("klose", "playedFor", "bsc", "confirmed", "player", "past", evidence=ev))
    gs = GraphStore.memory()
    gs.replace_graph(ONTOLOGY_GRAPH, ontology_quads())
    gs.replace_graph(article_graph(art.id), extraction_quads(Extraction(art, ents, facts), Vocabulary.load()))
    src = tmp_path / "news.trig"
    gs.dump(src)
    out = tmp_path / "merged.trig"
    res = CliRunner().invoke(main, ["wikidata", "fetch", str(src), "--offline", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "0 requests" in res.output
    rows = {(r["kind"], r["objectLabel"]) for r in run_local(GraphStore.open(out), load_query("news_vs_wikidata")).values()}
    assert ("wikidata_lacks_fact", "Hertha BSC") in rows  # never in his Wikidata career
    assert not any(label == "1. FC Kaiserslautern" for _, label in rows)  # agrees with P54 1999-2004
