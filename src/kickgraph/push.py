"""Push a kickgraph graph into any SPARQL 1.1 store: ``kickgraph push STORE_OR_FILE --endpoint URL``.

Two standard ways, both plain HTTP (urllib, no extra dependency):

* ``gsp`` - the SPARQL 1.1 Graph Store HTTP Protocol: N-Triples sent to ``URL?graph=<g>``
  (``URL?default`` for the default graph), one graph at a time. The first request of a graph
  is a PUT, which *replaces* the graph - so pushing again after a re-build gives the same
  remote graph, like ``kickgraph build`` replaces an article's graph - the next batches are
  POSTs, which add. URL is the store's graph store endpoint: Oxigraph ``http://HOST:7878/store``,
  Fuseki ``http://HOST:3030/DATASET/data``, GraphDB ``.../repositories/REPO/rdf-graphs/service``.
* ``update`` - SPARQL 1.1 Update ``INSERT DATA`` in batches, preceded by ``DROP SILENT GRAPH``
  (``CLEAR SILENT DEFAULT``) for each graph. URL is the update endpoint: Oxigraph
  ``http://HOST:7878/update``, Fuseki ``http://HOST:3030/DATASET/update``. Every term is
  serialised by pyoxigraph (N-Triples syntax, escaped), never pasted from raw strings.

kickgraph's named graphs (one per article, plus the ontology) are kept unless ``graph`` merges
everything into one graph (``graph="default"``: the store's default graph). ``append=True``
adds to the remote graphs instead of replacing them. Requests answered with 429 or 5xx, and
network errors, are retried with exponential backoff (honouring ``Retry-After``); anything else
stops the push with a :class:`~kickgraph.errors.RemoteError` that says what to check.
A graph with blank nodes is sent in one request, so its blank nodes stay one node each.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pyoxigraph as ox

from .errors import QueryError, RemoteError
from .retry import backoff_delay, parse_retry_after

METHODS = ("gsp", "update")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Target = ox.NamedNode | ox.DefaultGraph


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    method: str
    graphs: int
    triples: int
    requests: int
    retries: int
    seconds: float

    def summary(self) -> str:
        return (f"{self.triples} triples in {self.graphs} graph{'s' if self.graphs != 1 else ''} pushed to "
                f"{self.endpoint} ({self.method}, {self.requests} requests, {self.retries} retries, "
                f"{self.seconds:.1f} s).")


def parse_target(graph: str | None) -> Target | None:
    """``None`` (keep the graphs), ``"default"`` or an IRI (``<iri>`` or bare) to merge into."""
    if graph is None:
        return None
    if graph.lower() == "default":
        return ox.DefaultGraph()
    iri = graph[1:-1] if graph.startswith("<") and graph.endswith(">") else graph
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"--graph {graph!r} is not a valid IRI ({exc}); give an absolute IRI or 'default'.") \
            from None


def group_quads(quads: Iterable[ox.Quad], target: Target | None = None) -> dict[Target, list[ox.Triple]]:
    """Triples per destination graph (kickgraph's own graphs, or all in ``target``), without duplicates."""
    groups: dict[Target, dict[ox.Triple, None]] = {}
    for q in quads:
        g = target if target is not None else q.graph_name
        groups.setdefault(g, {})[ox.Triple(q.subject, q.predicate, q.object)] = None
    return {g: list(ts) for g, ts in groups.items()}


def _has_bnode(triples: list[ox.Triple]) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


def batches(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    if _has_bnode(triples) or len(triples) <= size:
        return [triples]
    return [triples[i:i + size] for i in range(0, len(triples), size)]


def _term(t) -> str:
    return str(t)  # pyoxigraph's N-Triples serialisation: IRIs validated, literals escaped


def insert_data(graph: Target, triples: list[ox.Triple], replace: bool) -> str:
    """One SPARQL Update request: optionally clear the graph, then INSERT DATA the triples."""
    body = "\n".join(f"{_term(t.subject)} {_term(t.predicate)} {_term(t.object)} ." for t in triples)
    if isinstance(graph, ox.DefaultGraph):
        head = "CLEAR SILENT DEFAULT ;\n" if replace else ""
        return f"{head}INSERT DATA {{\n{body}\n}}\n"
    head = f"DROP SILENT GRAPH {_term(graph)} ;\n" if replace else ""
    return f"{head}INSERT DATA {{ GRAPH {_term(graph)} {{\n{body}\n}} }}\n"


def gsp_url(endpoint: str, graph: Target) -> str:
    sep = "&" if "?" in endpoint else "?"
    if isinstance(graph, ox.DefaultGraph):
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={quote(graph.value, safe='')}"


class _Client:
    """HTTP with retries on 429/5xx and network errors; errors become RemoteError."""

    def __init__(self, endpoint: str, method: str, retries: int, backoff: float, timeout: float,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        from . import __version__

        self.endpoint = endpoint
        self.method = method
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.agent = f"kickgraph/{__version__} (push)"
        self.requests = 0
        self.retried = 0

    def send(self, verb: str, url: str, body: bytes, content_type: str, what: str) -> int:
        attempt = 0
        while True:
            self.requests += 1
            req = Request(url, data=body, method=verb,
                          headers={"Content-Type": content_type, "User-Agent": self.agent, "Accept": "*/*"})
            try:
                with urlopen(req, timeout=self.timeout) as resp:
                    resp.read()
                    return resp.status
            except HTTPError as exc:
                text = _body_text(exc)
                if exc.code in RETRY_STATUSES and attempt < self.retries:
                    self._wait(attempt, exc.headers.get("Retry-After"))
                    attempt += 1
                    continue
                raise RemoteError(self._message(verb, url, what, exc.code, exc.reason, text)) from None
            except (URLError, ConnectionError, TimeoutError) as exc:
                if attempt < self.retries:
                    self._wait(attempt, None)
                    attempt += 1
                    continue
                reason = getattr(exc, "reason", exc)
                raise RemoteError(f"{self.endpoint}: cannot reach the endpoint ({reason}) after {attempt + 1} "
                                  "attempts; check the URL and that the store is running.") from None

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        self.retried += 1
        self.sleep(min(backoff_delay(attempt, self.backoff, 30.0, parse_retry_after(retry_after)), 30.0))

    def _message(self, verb: str, url: str, what: str, code: int, reason: str, text: str) -> str:
        hint = {
            400: "the store rejected the data or the request; see its message",
            401: "the store needs authentication for writes",
            403: "the store refuses writes (read-only, or needs authentication)",
            404: "no such endpoint; check the URL",
            405: "the URL does not accept this request",
            413: "the request is too large; lower --batch-size",
            415: "the store does not accept this content type",
        }.get(code, "see the store's message")
        if code in (404, 405):
            hint += (" - --method gsp needs the graph store URL (Oxigraph http://HOST:7878/store, Fuseki "
                     "http://HOST:3030/DATASET/data), --method update the update URL (.../update)")
        if code in RETRY_STATUSES:
            hint = f"still failing after {self.retries} retries; the store is overloaded or down"
        detail = f": {text}" if text else ""
        return f"{self.endpoint}: {verb} {what} failed with HTTP {code} {reason}{detail} ({hint})."


def _body_text(exc: HTTPError) -> str:
    try:
        raw = exc.read(2000)
    except Exception:  # noqa: BLE001 - best effort only
        return ""
    return " ".join(raw.decode("utf-8", errors="replace").split())[:300]


def _graph_name(g: Target) -> str:
    return "the default graph" if isinstance(g, ox.DefaultGraph) else f"graph <{g.value}>"


def push(source, endpoint: str, graph: str | None = None, method: str = "gsp", batch_size: int = 10000,
         append: bool = False, retries: int = 4, backoff: float = 0.5, timeout: float = 120.0,
         progress: Callable[[str], None] | None = None) -> PushReport:
    """Push every quad of ``source`` (GraphStore, store directory or graph file) to ``endpoint``."""
    from .store import GraphStore

    if method not in METHODS:
        raise QueryError(f"unknown push method {method!r}; use gsp or update.")
    if batch_size < 1:
        raise QueryError("--batch-size must be at least 1.")
    if not endpoint.startswith(("http://", "https://")):
        raise RemoteError(f"{endpoint}: the endpoint must be an http:// or https:// URL.")
    t0 = time.perf_counter()
    store = source if isinstance(source, GraphStore) else GraphStore.open(Path(source))
    groups = group_quads(store.quads(), parse_target(graph))
    client = _Client(endpoint, method, retries, backoff, timeout)
    n_triples = 0
    for g, triples in groups.items():
        for i, chunk in enumerate(batches(triples, batch_size)):
            first = i == 0 and not append
            what = f"{len(chunk)} triples of {_graph_name(g)}"
            if method == "gsp":
                body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b""
                client.send("PUT" if first else "POST", gsp_url(endpoint, g), body, "application/n-triples", what)
            else:
                client.send("POST", endpoint, insert_data(g, chunk, replace=first).encode("utf-8"),
                            "application/sparql-update; charset=utf-8", what)
            n_triples += len(chunk)
        if progress is not None:
            progress(f"{_graph_name(g)}: {len(triples)} triples")
    return PushReport(endpoint, method, len(groups), n_triples, client.requests, client.retried,
                      time.perf_counter() - t0)
