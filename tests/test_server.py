"""Real servers, no mocks: an ``oxigraph serve`` (writable, for push) and ``kickgraph serve`` (read-only).

Both are started on free 127.0.0.1 ports for this module and stopped at teardown. The library
queries must give the same rows remotely (SPARQLWrapper, ``kickgraph query --endpoint``) as on
the embedded store.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from test_queries import (
    CASE_IDS,
    CASES,
    HOSTILE,
    LABEL_PARAMS,
    RH,
    carousel_store,
    filter_only_params,
    inline_values,
    values,
)

from kickgraph.cli import main
from kickgraph.errors import RemoteError
from kickgraph.push import push
from kickgraph.query import load_query, parse_params, run_local, run_remote
from kickgraph.serve import (
    Refused,
    check_query,
    find_oxigraph,
    free_port,
    wait_for_sparql,
)

pytestmark = pytest.mark.server

MAX_ROWS = 60
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


# ---------------------------------------------------------------------------- helpers


def http(method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    req = Request(url, data=data, method=method, headers=headers or {})
    try:
        with urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def form(**fields: str) -> tuple[bytes, dict[str, str]]:
    return urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def run_case_remote(endpoint: str, query: str, params: dict[str, str]):
    """run_remote (trailing VALUES); FILTER-only parameters go in a VALUES at the top of the WHERE."""
    bound = parse_params(params)
    if filter_only_params(query) & set(params):
        return run_remote(endpoint, inline_values(load_query(query), bound))
    return run_remote(endpoint, load_query(query), bound)


def local_quads(store) -> set[tuple[str, ...]]:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store.quads()}


def remote_quads(query_url: str) -> set[tuple[str, ...]]:
    return {tuple(str(t) for t in row) for row in run_remote(query_url, ALL_QUADS).rows}


def remote_count(query_url: str) -> int:
    return int(run_remote(query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def fixture_files(tmp_path_factory):
    """The carousel as a store directory and as a TriG file; plus the in-memory reference store."""
    base = tmp_path_factory.mktemp("carousel")
    gs = carousel_store(base / "store")
    gs.dump(base / "carousel.trig")
    del gs
    import gc

    gc.collect()
    return {"store": base / "store", "trig": base / "carousel.trig", "memory": carousel_store()}


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A writable `oxigraph serve` (union default graph, like kickgraph's local queries)."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([find_oxigraph(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_sparql(base + "/query", proc=proc)
        yield base
    finally:
        stop(proc)
        if proc.stderr:
            proc.stderr.close()


@pytest.fixture(scope="module")
def kick_endpoint(fixture_files):
    """`kickgraph serve STORE` as a real subprocess: timeout 1 s, max rows 60."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kickgraph", "serve", str(fixture_files["store"]),
                             "--port", str(port), "--timeout-s", "1", "--max-rows", str(MAX_ROWS),
                             "--max-concurrent", "2", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_for_sparql(url, timeout=30, proc=proc)
        yield url
    finally:
        stop(proc)
        if proc.stderr:
            proc.stderr.close()


def clear(base: str) -> None:
    status, _, body = http("POST", base + "/update", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    assert status in (200, 204), body


# ---------------------------------------------------------------------------- push + remote queries


@pytest.mark.parametrize(("method", "path"), [("gsp", "/store"), ("update", "/update")])
def test_push_then_every_library_query_matches(oxigraph_server, fixture_files, method, path):
    clear(oxigraph_server)
    ref = fixture_files["memory"]
    report = push(fixture_files["trig"], oxigraph_server + path, method=method, batch_size=37)
    assert report.graphs == len(ref.named_graphs()) == 6  # 4 articles, the ontology, the shared entity descriptions
    assert report.triples == len(ref) and report.requests > report.graphs and report.retries == 0
    query_url = oxigraph_server + "/query"
    # every quad arrives intact: graph names kept, quotes / backslashes / apostrophes escaped right
    assert remote_quads(query_url) == local_quads(ref)
    for case, query, params, expected in CASES:
        assert values(run_case_remote(query_url, query, params)) == expected, case
        assert values(run_local(ref, load_query(query), parse_params(params))) == expected, case
    # pushing again replaces the graphs: nothing doubles
    push(fixture_files["store"], oxigraph_server + path, method=method, batch_size=1000)
    assert remote_quads(query_url) == local_quads(ref)


def test_push_merges_into_one_graph(oxigraph_server, fixture_files):
    clear(oxigraph_server)
    ref = fixture_files["memory"]
    report = push(fixture_files["trig"], oxigraph_server + "/store", graph="https://example.org/kick",
                  batch_size=100)
    distinct = {(q.subject, q.predicate, q.object) for q in ref.quads()}
    assert report.graphs == 1 and report.triples == len(distinct)
    query_url = oxigraph_server + "/query"
    graphs = run_remote(query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert values(graphs) == [("https://example.org/kick",)]
    for case, query, params, expected in CASES:
        assert values(run_case_remote(query_url, query, params)) == expected, case


def test_push_into_the_default_graph(oxigraph_server, fixture_files):
    clear(oxigraph_server)
    report = push(fixture_files["trig"], oxigraph_server + "/update", graph="default", method="update",
                  batch_size=200)
    assert report.graphs == 1
    assert values(run_remote(oxigraph_server + "/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == []
    assert remote_count(oxigraph_server + "/query") == report.triples


@pytest.mark.parametrize("which", ["oxigraph", "kickgraph"])
def test_hostile_parameters_on_the_endpoints(oxigraph_server, fixture_files, kick_endpoint, which):
    clear(oxigraph_server)
    push(fixture_files["trig"], oxigraph_server + "/store")
    before = remote_quads(oxigraph_server + "/query")
    url = oxigraph_server + "/query" if which == "oxigraph" else kick_endpoint
    for hostile in HOSTILE[:3] + HOSTILE[4:6]:
        for query, name in LABEL_PARAMS.items():
            params = {name: hostile} | ({"date": "2023-03-13"} if query == "club_as_of" else {})
            assert values(run_case_remote(url, query, params)) == [], (query, hostile)
    assert remote_quads(oxigraph_server + "/query") == before


def test_push_retries_on_429_and_5xx(fixture_files):
    seen: list[tuple[str, str]] = []
    answers = [503, 429, 502]  # then 204 for everything

    class Flaky(BaseHTTPRequestHandler):
        def _handle(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append((self.command, self.path))
            code = answers.pop(0) if answers else 204
            self.send_response(code)
            if code == 429:
                self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PUT = do_POST = _handle

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        report = push(fixture_files["trig"], url, backoff=0.01)
        assert report.retries == 3 and report.requests == report.graphs + 3
        assert seen[0] == seen[1] == seen[2] == seen[3]  # the same request, retried
        assert seen[0][0] == "PUT" and "graph=https%3A%2F%2Fw3id.org" in seen[0][1]
        answers.extend([500] * 10)
        with pytest.raises(RemoteError, match=r"HTTP 500 .*still failing after 2 retries"):
            push(fixture_files["trig"], url, retries=2, backoff=0.01)
    finally:
        server.shutdown()
        server.server_close()


def test_push_errors_are_clear(oxigraph_server, fixture_files):
    with pytest.raises(RemoteError, match=r"HTTP 404.*graph store URL"):
        push(fixture_files["trig"], oxigraph_server + "/nowhere")
    with pytest.raises(RemoteError, match="cannot reach the endpoint"):
        push(fixture_files["trig"], f"http://127.0.0.1:{free_port()}/store", retries=1, backoff=0.01)
    with pytest.raises(RemoteError, match="http:// or https://"):
        push(fixture_files["trig"], "ftp://example.org/store")


# ---------------------------------------------------------------------------- the read-only endpoint


@pytest.mark.parametrize(("case", "query", "params", "expected"), CASES, ids=CASE_IDS)
def test_endpoint_library_queries_match_the_embedded_store(kick_endpoint, case, query, params, expected):
    assert values(run_case_remote(kick_endpoint, query, params)) == expected


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:1/evil.ttl>",
    "DROP ALL",
    "CLEAR DEFAULT",
    "PREFIX x: <http://x/> INSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
])
def test_endpoint_refuses_updates(kick_endpoint, update):
    n = remote_count(kick_endpoint)
    base = kick_endpoint.rsplit("/", 1)[0]
    attempts = [
        ("POST", kick_endpoint, *form(query=update)),
        ("POST", kick_endpoint, *form(update=update)),
        ("POST", base + "/update", *form(update=update)),
        ("POST", kick_endpoint, update.encode(), {"Content-Type": "application/sparql-update"}),
        ("POST", kick_endpoint, update.encode(), {"Content-Type": "application/sparql-query"}),
        ("GET", kick_endpoint + "?" + urlencode({"query": update}), None, {}),
        ("GET", kick_endpoint + "?" + urlencode({"update": update}), None, {}),
    ]
    for method, url, data, headers in attempts:
        status, _, body = http(method, url, data, headers)
        assert 400 <= status < 500, (method, url, status, body)
    status, _, _ = http("PUT", base + "/store?default", b"<a:a> <a:b> <a:c> .",
                        {"Content-Type": "application/n-triples"})
    assert status == 405
    assert remote_count(kick_endpoint) == n


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { ?x ?y ?z . optional { service silent <http://127.0.0.1:1/x> { ?s ?p ?o } } }",
    "ASK { { SELECT ?s WHERE { SERVICE <http://169.254.169.254/latest> { ?s ?p ?o } } } }",
    "PREFIX e: <http://127.0.0.1:1/> CONSTRUCT { ?s ?p ?o } WHERE { SERVICE e:q { ?s ?p ?o } }",
])
def test_endpoint_refuses_service(kick_endpoint, query):
    t0 = time.monotonic()
    status, _, body = http("POST", kick_endpoint, *form(query=query))
    assert status == 403 and b"SERVICE" in body
    assert time.monotonic() - t0 < 2
    if "CONSTRUCT" not in query:
        with pytest.raises(RemoteError):
            run_remote(kick_endpoint, query)


def test_endpoint_times_out_long_queries_and_recovers(kick_endpoint):
    t0 = time.monotonic()
    status, _, body = http("POST", kick_endpoint, *form(query=HEAVY), timeout=30)
    elapsed = time.monotonic() - t0
    assert status == 503 and b"did not finish within 1 s" in body
    assert elapsed < 4
    with pytest.raises(RemoteError):
        run_remote(kick_endpoint, HEAVY)
    # the runaway engine was replaced; the endpoint answers again
    assert values(run_case_remote(kick_endpoint, "succession", {"club": RH}))


def test_endpoint_caps_rows(kick_endpoint, fixture_files):
    assert len(fixture_files["memory"]) > MAX_ROWS
    status, headers, body = http("GET", kick_endpoint + "?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}),
                                 headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers.get("X-Kickgraph-Truncated") == "true"
    assert len(list(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))) == MAX_ROWS
    result = run_remote(kick_endpoint, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(result.rows) == MAX_ROWS
    status, headers, body = http("POST", kick_endpoint, *form(query="CONSTRUCT WHERE { ?s ?p ?o }"))
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == MAX_ROWS
    small = run_remote(kick_endpoint, "SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/kickgraph/ontology#Team> }")
    assert len(small.rows) == 2


def test_endpoint_protocol_and_formats(kick_endpoint):
    q = "SELECT DISTINCT ?club WHERE { ?t a <https://w3id.org/kickgraph/ontology#Team> ; <http://www.w3.org/2000/01/rdf-schema#label> ?club } ORDER BY ?club"
    status, headers, body = http("POST", kick_endpoint, q.encode(), {"Content-Type": "application/sparql-query",
                                                                     "Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().split() == ["club", "Borussia", "M'hausen", "SC", "Rheintal", "1907"]
    status, headers, body = http("GET", kick_endpoint + "?" + urlencode({"query": q}),
                                 headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    rows = ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
    assert [s["club"].value for s in rows] == ["Borussia M'hausen", "SC Rheintal 1907"]
    status, _, body = http("GET", kick_endpoint + "?" + urlencode({"query": "ASK { ?s ?p ?o }"}),
                           headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and b'"boolean":true' in body
    status, headers, body = http("GET", kick_endpoint + "?" + urlencode(
        {"query": "DESCRIBE <https://w3id.org/kickgraph/id/team/sc-rheintal-1907>"}),
        headers={"Accept": "application/n-triples"})
    assert status == 200 and b'"SC Rheintal 1907"' in body
    for bad in ("SELEC * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p }"):  # refused by the front / the engine
        status, _, body = http("GET", kick_endpoint + "?" + urlencode({"query": bad}))
        assert status == 400, body
    status, _, _ = http("GET", kick_endpoint)
    assert status == 400
    status, _, _ = http("GET", kick_endpoint.rsplit("/", 1)[0] + "/elsewhere")
    assert status == 404


def test_check_query():
    assert check_query("SELECT * WHERE { ?s ?p ?o }") == "SELECT"
    assert check_query("PREFIX service: <http://x/> BASE <http://b/> SELECT * { ?s service:p ?o }") == "SELECT"
    assert check_query("ASK { ?s ?p 'SERVICE <http://x/>' } # SERVICE <http://y/>") == "ASK"
    assert check_query('SELECT * WHERE { ?s ?p """multi\n"line" SERVICE""" }') == "SELECT"
    assert check_query("PREFIX : <http://x/> SELECT * { ?s :SERVICE ?service ; <http://x/#SERVICE> 'x'@service }")
    assert check_query("DESCRIBE <http://x/SERVICE>") == "DESCRIBE"
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", allow_service=True) == "SELECT"
    refused = [
        ("DROP ALL", 403), ("INSERT DATA { <a:a> <a:b> <a:c> }", 403), ("LOAD <http://x/>", 403),
        ("PREFIX : <http://x/> WITH :g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", 403),
        ("SELEC * WHERE { ?s ?p ?o }", 400), ("", 400), ("  # nothing", 400),
        ("SELECT * WHERE { ?s ?p 'unclosed }", 400),
        ("SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }", 403),
        ("SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", 403),
        ("SELECT * WHERE { FILTER(?a<?b) SERVICE <x:y> {} }", 403),
        # quotes in comments must not hide the keyword from the check
        ("SELECT * WHERE { ?s ?p ?o # '''\n SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } # '''\n}", 403),
        ("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }", 400),
    ]
    for text, status in refused:
        with pytest.raises(Refused) as info:
            check_query(text)
        assert info.value.status == status, text


# ---------------------------------------------------------------------------- CLI


@pytest.mark.filterwarnings("ignore:update operations MUST be done by POST")
def test_cli_query_endpoint_and_push(kick_endpoint, oxigraph_server, fixture_files):
    runner = CliRunner()
    res = runner.invoke(main, ["query", "--endpoint", kick_endpoint, "person_career", "--param", "name=Marco Lindner",
                               "--format", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("name,relation,team,other,role,status,start,end,sources,firstReported,person")
    assert [line.split(",")[1] for line in lines[1:]] == ["playedFor", "candidateFor", "coached", "replaced"]
    res = runner.invoke(main, ["query", "--endpoint", kick_endpoint, "--sparql", "DROP ALL"])
    assert res.exit_code == 6 and "error:" in res.output

    clear(oxigraph_server)
    res = runner.invoke(main, ["push", str(fixture_files["store"]), "--endpoint", oxigraph_server + "/update",
                               "--method", "update", "--batch-size", "50"])
    assert res.exit_code == 0, res.output
    assert "triples in 6 graphs pushed to" in res.output
    res = runner.invoke(main, ["query", "--endpoint", oxigraph_server + "/query", "succession", "--param",
                               f"club={RH}", "--format", "tsv"])
    assert res.exit_code == 0, res.output
    assert len(res.output.strip().splitlines()) == 3
    res = runner.invoke(main, ["push", str(fixture_files["trig"]), "--endpoint", oxigraph_server + "/nowhere"])
    assert res.exit_code == 6 and "error:" in res.output and "HTTP 404" in res.output
    res = runner.invoke(main, ["push", str(fixture_files["trig"]), "--endpoint", oxigraph_server + "/store",
                               "--graph", "not an iri"])
    assert res.exit_code != 0 and "error:" in res.output
