"""A read-only SPARQL 1.1 Protocol endpoint for a kickgraph store: ``kickgraph serve STORE``.

Design: a small pool of ``oxigraph serve-read-only`` processes (the Rust server binary, each on
an internal 127.0.0.1 port, each running one query at a time) evaluates the queries, behind a
Python front (stdlib ``ThreadingHTTPServer``) that is the only public face.

Why not pyoxigraph in-process: a query cannot be stopped once pyoxigraph runs it - a runaway
``ORDER BY`` over a cross product keeps a CPU busy and can eat all memory (measured: 23 GB
before the OOM killer struck). Oxigraph's own ``--timeout-s`` is passed on too, but it only
cancels at some points of the evaluation. A separate process is the only thing that can be
stopped for sure: when a query overruns ``--timeout-s``, the front answers 503 and kills that
engine process and starts a fresh one; the other queries, on their own processes, go on.

The front does what the binary does not: it tokenizes every query (comments, strings and IRIs,
in one pass, so nothing can hide a keyword; rdflib's full parser was tried and costs 0.1-0.3 s
per query under a lock), refuses updates and anything but SELECT / ASK / CONSTRUCT / DESCRIBE,
refuses ``SERVICE`` (the binary would follow any SERVICE URL - a server-side request forgery
hole) unless ``--allow-service`` (the strict syntax check is the engine's: 400 on errors), caps the result rows (``--max-rows``: it reads the engine's line-based TSV /
N-Triples stream and stops, so a huge result is never buffered), limits request sizes and
concurrent queries, and re-serialises the result in the format the client asks for (JSON, XML,
CSV, TSV; Turtle, N-Triples, RDF/XML, JSON-LD...) with pyoxigraph.

The default graph is the union of all graphs (``--union-default-graph``), as for
``kickgraph query``. A STORE may be a store directory (opened read-only; do not serve a store
another process is writing) or a graph file, loaded into a temporary store first. The engine
ports are reachable from the local host only: on a shared host, run the endpoint in its own
container or network namespace.
"""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .errors import KickgraphError, QueryError, StoreError

QUERY_PATHS = ("/", "/query", "/sparql")
MAX_QUERY_BYTES = 256 * 1024
MAX_BODY_BYTES = 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024
SHORT_FORMATS = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json",
}


class Refused(KickgraphError):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout_s: float = 30.0
    max_rows: int = 10000  # 0 = no cap
    allow_service: bool = False
    max_concurrent: int = 4  # engine processes = queries running at once
    quiet: bool = False


# ---------------------------------------------------------------------- query checks


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_TOKEN = re.compile(r"[^\W\d][\w.-]*:?|:|<>|\S")
# SERVICE as a keyword: not part of a longer word, a prefixed name, a variable or a language tag
_SERVICE_KEYWORD = re.compile(r"(?<![\w:?$@])SERVICE(?![\w:])", re.IGNORECASE)
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


def skeleton(sparql: str) -> str:
    """The query with comments removed and every string and IRI emptied: one tokenizer pass.

    Left to right, like a SPARQL lexer, so a ``#`` or a quote inside a string, an IRI or a
    comment can never hide a keyword (per-token-kind regexes can be fooled by quotes in comments).
    """
    out: list[str] = []
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            while i < n and sparql[i] not in "\r\n":
                i += 1
            out.append(" ")
        elif c in "\"'":
            quote = c * 3 if sparql.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not sparql.startswith(quote, i):
                if len(quote) == 1 and sparql[i] in "\r\n":
                    raise Refused(400, "invalid SPARQL: a string is not closed on its line.")
                i += 2 if sparql[i] == "\\" else 1
            if i >= n:
                raise Refused(400, "invalid SPARQL: a string is not closed.")
            i += len(quote)
            out.append(' "" ')
        elif c == "<" and (m := _IRIREF.match(sparql, i)):
            out.append(" <> ")
            i = m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


def check_query(sparql: str, allow_service: bool = False) -> str:
    """The form (SELECT, ASK, CONSTRUCT, DESCRIBE) of a query this endpoint will run.

    Raises :class:`Refused` for updates (403), SERVICE without ``allow_service`` (403), other
    non-queries (400) and oversized queries (413). The strict syntax check is the engine's.
    """
    if len(sparql.encode("utf-8", errors="replace")) > MAX_QUERY_BYTES:
        raise Refused(413, f"the query is longer than {MAX_QUERY_BYTES // 1024} KiB.")
    skel = skeleton(sparql)
    if "\\" in skel:
        raise Refused(400, "escape sequences (\\u...) are only supported inside strings.")
    tokens = _TOKEN.findall(skel)
    k = 0  # skip the prologue: BASE <iri>, PREFIX name: <iri>
    while k < len(tokens) and tokens[k].upper() in ("BASE", "PREFIX"):
        k += 2 if tokens[k].upper() == "BASE" else 3
    first = tokens[k].upper() if k < len(tokens) else ""
    if first in UPDATE_KEYWORDS:
        raise Refused(403, "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, DROP, "
                           "CLEAR, CREATE...) are refused.")
    if first not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise Refused(400, "expected a SPARQL query: SELECT, ASK, CONSTRUCT or DESCRIBE." if first
                      else "empty query.")
    if not allow_service and _SERVICE_KEYWORD.search(skel):
        raise Refused(403, "SERVICE (federated query) is disabled on this endpoint; start it with "
                           "--allow-service to allow it.")
    return first


# ---------------------------------------------------------------------- content negotiation


def _accepted(accept: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values; stable for ties)."""
    items = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, fields[0].lower()))
    return [m for _, _, m in sorted(items)]


def negotiate(form: str, accept: str | None, fmt_param: str | None):
    """(pyoxigraph format, media type) for the response."""
    wanted = []
    if fmt_param:
        wanted.append(SHORT_FORMATS.get(fmt_param.lower(), fmt_param.lower()))
    wanted += _accepted(accept)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    for media in wanted:
        if media in ("application/json", "text/javascript", "application/javascript") and not graph:
            media = "application/sparql-results+json"
        if media == "application/xml" or media == "text/xml":
            media = "application/rdf+xml" if graph else "application/sparql-results+xml"
        fmt = ox.RdfFormat.from_media_type(media) if graph else ox.QueryResultsFormat.from_media_type(media)
        if fmt is not None:
            return fmt, fmt.media_type
    if graph:
        return ox.RdfFormat.TURTLE, ox.RdfFormat.TURTLE.media_type
    return ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.JSON.media_type


# ---------------------------------------------------------------------- the oxigraph backend


def find_oxigraph() -> str:
    """Path of the ``oxigraph`` server binary (PATH, or next to this Python)."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise StoreError("the `oxigraph` server binary is not installed; install it with "
                         "`pip install 'kickgraph[server]'` (or `pip install oxigraph`).")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_sparql(url: str, timeout: float = 15.0, proc: subprocess.Popen | None = None) -> None:
    """Poll ``url`` with an ASK query until it answers 200."""
    from urllib.error import URLError
    from urllib.request import Request, urlopen

    deadline = time.monotonic() + timeout
    last: Exception | str = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise StoreError(f"the SPARQL server exited with code {proc.returncode}. {err.strip()[-500:]}".strip())
        try:
            req = Request(url + "?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
            with urlopen(req, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (URLError, OSError, http.client.HTTPException) as exc:
            last = exc
        time.sleep(0.05)
    raise StoreError(f"{url} did not become ready within {timeout:.0f} s ({last}).")


class Backend:
    """One ``oxigraph serve-read-only`` process on an internal loopback port."""

    def __init__(self, location: Path, timeout_s: float) -> None:
        self.location = location
        self.timeout_s = timeout_s
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> Backend:
        cmd = [find_oxigraph(), "serve-read-only", "--location", str(self.location),
               "--bind", f"127.0.0.1:{self.port}", "--union-default-graph",
               "--timeout-s", str(max(1, round(self.timeout_s)))]
        # the engine logs errors to stderr: a file, never a pipe nobody drains (it would block)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log)
        try:
            wait_for_sparql(self.url, proc=self.proc)
        except StoreError as exc:
            self._log.seek(0)
            lines = self._log.read(4000).decode(errors="replace").strip().splitlines()
            first = lines[0].strip() if lines else str(exc)
            self.stop()
            raise StoreError(f"{self.location}: the oxigraph engine cannot serve it ({first}); is it a store "
                             "directory (`kickgraph build ... --store DIR`) or a graph file?") from None
        except BaseException:
            self.stop()
            raise
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()  # read-only: nothing to flush, and a runaway query must stop now
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:  # pragma: no cover
                pass
        self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None


class BackendPool:
    """``size`` engine processes, one query each at a time; a broken one is replaced."""

    def __init__(self, location: Path, size: int, timeout_s: float) -> None:
        import queue

        self.location = location
        self.timeout_s = timeout_s
        self.size = size
        self._idle: queue.Queue[Backend] = queue.Queue()
        self._all: set[Backend] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._replacing: list[threading.Thread] = []
        self.restarts = 0

    def start(self) -> BackendPool:
        backends = [Backend(self.location, self.timeout_s) for _ in range(self.size)]
        errors: list[BaseException] = []

        def run(b: Backend) -> None:
            try:
                b.start()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(b,)) for b in backends]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        if errors:
            for b in backends:
                b.stop()
            raise errors[0]
        with self._lock:
            self._all.update(backends)
        for b in backends:
            self._idle.put(b)
        return self

    def acquire(self, timeout: float) -> Backend | None:
        import queue

        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            return None

    def release(self, backend: Backend, healthy: bool = True) -> None:
        if healthy and backend.alive() and not self._closed:
            self._idle.put(backend)
            return
        backend.stop()
        with self._lock:
            self._all.discard(backend)
            if self._closed:
                return
            self.restarts += 1
            self._replacing = [th for th in self._replacing if th.is_alive()]
            th = threading.Thread(target=self._replace, daemon=True)
            self._replacing.append(th)
        th.start()

    def _replace(self) -> None:
        delay = 0.1
        while not self._closed:
            b = Backend(self.location, self.timeout_s)
            try:
                b.start()
            except KickgraphError as exc:
                sys.stderr.write(f"kickgraph serve: cannot restart the query engine ({exc}); retrying.\n")
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            with self._lock:
                if self._closed:
                    b.stop()
                    return
                self._all.add(b)
            self._idle.put(b)
            return

    def close(self) -> None:
        with self._lock:
            self._closed = True
            replacing = list(self._replacing)
        for th in replacing:  # a replacement being started stops itself once it sees _closed
            th.join(20)
        with self._lock:
            backends = list(self._all)
            self._all.clear()
        for b in backends:
            b.stop()


def prepare_location(store: str | Path) -> tuple[Path, tempfile.TemporaryDirectory | None]:
    """A store directory to serve: STORE itself, or a temporary store loaded from a graph file."""
    path = Path(store)
    if path.is_dir():
        return path, None
    if not path.exists():
        raise StoreError(f"{path}: no such store directory or graph file.")
    from .store import GraphStore

    tmp = tempfile.TemporaryDirectory(prefix="kickgraph-serve-")
    try:
        gs = GraphStore.persistent(Path(tmp.name) / "store")
        gs.load_file(path)
        gs.flush()
        del gs  # closes the store before the server opens it
        import gc

        gc.collect()
    except BaseException:
        tmp.cleanup()
        raise
    return Path(tmp.name) / "store", tmp


# ---------------------------------------------------------------------- the front


class _Timeout(Exception):
    pass


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, options: ServeOptions, pool: BackendPool) -> None:
        self.options = options
        self.pool = pool
        super().__init__((options.host, options.port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/query"


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kickgraph-sparql"
    protocol_version = "HTTP/1.1"

    # ------------------------------------------------------------------ plumbing
    def log_message(self, format: str, *args) -> None:
        if not self.server.options.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    # ------------------------------------------------------------------ verbs
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        self._dispatch(url.path, params, None)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        length = self.headers.get("Content-Length")
        if length is None:
            self.close_connection = True
            return self._error(411, "a POST needs a Content-Length.")
        try:
            n = int(length)
        except ValueError:
            self.close_connection = True
            return self._error(400, "invalid Content-Length.")
        if n > MAX_BODY_BYTES:
            self.close_connection = True
            return self._error(413, f"the request body is larger than {MAX_BODY_BYTES // 1024} KiB.")
        body = self.rfile.read(n)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: SPARQL updates are refused.")
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            self._dispatch(url.path, params, None)
        elif ctype == "application/sparql-query":
            self._dispatch(url.path, params, body.decode("utf-8", errors="replace"))
        else:
            self._error(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded.")

    def _refuse_write(self) -> None:
        self._error(405, "this endpoint is read-only.")

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # ------------------------------------------------------------------ queries
    def _dispatch(self, path: str, params: dict[str, list[str]], body_query: str | None) -> None:
        if path == "/update" or "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL updates are refused.")
        if path not in QUERY_PATHS:
            return self._error(404, f"not found; the SPARQL endpoint is {self.server.url}")
        queries = [body_query] if body_query is not None else params.get("query", [])
        if not queries:
            if path == "/":
                return self._send(200, f"kickgraph read-only SPARQL 1.1 endpoint: {self.server.url}\n".encode(),
                                  "text/plain; charset=utf-8")
            return self._error(400, "missing the 'query' parameter.")
        if len(queries) > 1:
            return self._error(400, "exactly one 'query' parameter is allowed.")
        opts = self.server.options
        try:
            form = check_query(queries[0], allow_service=opts.allow_service)
        except Refused as exc:
            return self._error(exc.status, str(exc))
        fmt_param = (params.get("format") or params.get("output") or [None])[0]
        fmt, media = negotiate(form, self.headers.get("Accept"), fmt_param)
        backend = self.server.pool.acquire(timeout=opts.timeout_s)
        if backend is None:
            return self._error(503, "the endpoint is busy; retry later.")
        healthy = False
        try:
            status, body, headers = self._run(backend, form, queries[0], params, fmt)
            # a capped result was cut off mid-stream: the engine may still be computing it
            healthy = "X-Kickgraph-Truncated" not in headers
        except _Timeout as exc:
            return self._error(503, str(exc))
        except Refused as exc:
            return self._error(exc.status, str(exc))
        finally:
            # a query that overran (or broke the engine) may still be running: kill that process
            self.server.pool.release(backend, healthy=healthy)
        if status != 200:
            return self._error(status, body.decode("utf-8", errors="replace"))
        self._send(200, body, media if "charset" in media or not media.startswith("text/")
                   else media + "; charset=utf-8", headers)

    def _run(self, backend: Backend, form: str, query: str, params: dict[str, list[str]],
             fmt) -> tuple[int, bytes, dict[str, str]]:
        opts = self.server.options
        if not backend.alive():
            raise Refused(502, "the query engine had stopped; a new one is starting, retry in a moment.")
        from urllib.parse import urlencode

        graph_params = [(k, v) for k in ("default-graph-uri", "named-graph-uri") for v in params.get(k, [])]
        target = "/query" + ("?" + urlencode(graph_params) if graph_params else "")
        accept = {"SELECT": "text/tab-separated-values", "ASK": "application/sparql-results+json"}.get(
            form, "application/n-triples")
        deadline = time.monotonic() + opts.timeout_s
        timeout_msg = f"the query did not finish within {opts.timeout_s:g} s and was cancelled."

        def remaining() -> float:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Timeout(timeout_msg)
            return left

        conn = http.client.HTTPConnection("127.0.0.1", backend.port, timeout=opts.timeout_s)
        try:
            try:
                conn.request("POST", target, body=query.encode("utf-8"),
                             headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})
                conn.sock.settimeout(remaining())
                resp = conn.getresponse()
            except TimeoutError:
                raise _Timeout(timeout_msg) from None
            except (OSError, http.client.HTTPException) as exc:
                raise Refused(502, f"the query engine failed ({exc}).") from None
            if resp.status != 200:
                conn.sock.settimeout(remaining())
                text = resp.read(64 * 1024)
                return resp.status, text, {}
            truncated = False
            try:
                if form == "ASK":
                    conn.sock.settimeout(remaining())
                    lines = [resp.read(64 * 1024)]
                else:
                    lines = []
                    if form == "SELECT":
                        conn.sock.settimeout(remaining())
                        header = resp.readline(MAX_LINE_BYTES)
                        if not header.endswith(b"\n"):
                            raise _Timeout(timeout_msg)
                        lines.append(header)
                    cap = opts.max_rows if opts.max_rows > 0 else None
                    n = 0
                    while True:
                        conn.sock.settimeout(remaining())
                        line = resp.readline(MAX_LINE_BYTES)
                        if not line:
                            break
                        if cap is not None and n >= cap:
                            truncated = True
                            break
                        if line.strip():
                            lines.append(line)
                            n += 1
            except TimeoutError:
                raise _Timeout(timeout_msg) from None
            except (OSError, http.client.HTTPException):
                raise _Timeout(timeout_msg + " (the result stream was cut)") from None
        finally:
            conn.close()
        raw = b"".join(lines)
        try:
            if form == "ASK":
                result = ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON)
                body = result.serialize(format=fmt)
            elif form == "SELECT":
                result = ox.parse_query_results(raw, format=ox.QueryResultsFormat.TSV)
                body = result.serialize(format=fmt)
            else:
                from .ontology import PREFIXES

                triples = list(ox.parse(raw, format=ox.RdfFormat.N_TRIPLES))
                prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
                body = ox.serialize(triples, format=fmt, prefixes=prefixes)
        except (SyntaxError, ValueError, OSError):
            # oxigraph writes its cancellation message into the stream when --timeout-s strikes
            raise _Timeout(timeout_msg) from None
        headers = {}
        if truncated:
            headers["X-Kickgraph-Truncated"] = "true"
            headers["X-Kickgraph-Max-Rows"] = str(opts.max_rows)
        return 200, body or b"", headers


# ---------------------------------------------------------------------- running


class Endpoint:
    """The whole endpoint (backend + front); a context manager. ``url`` is the query URL."""

    def __init__(self, store: str | Path, options: ServeOptions | None = None) -> None:
        self.options = options or ServeOptions()
        if self.options.timeout_s <= 0:
            raise QueryError("--timeout-s must be positive.")
        if self.options.max_rows < 0:
            raise QueryError("--max-rows must be 0 (no cap) or positive.")
        if self.options.max_concurrent < 1:
            raise QueryError("--max-concurrent must be at least 1.")
        self.store = store
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.pool: BackendPool | None = None
        self.server: SparqlServer | None = None

    def start(self) -> Endpoint:
        location, self._tmp = prepare_location(self.store)
        try:
            self.pool = BackendPool(location, self.options.max_concurrent, self.options.timeout_s).start()
            try:
                self.server = SparqlServer(self.options, self.pool)
            except OSError as exc:
                raise StoreError(f"cannot listen on {self.options.host}:{self.options.port} ({exc.strerror}); "
                                 "choose another --port or --host.") from exc
        except BaseException:
            self.close()
            raise
        return self

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def serve_forever(self) -> None:
        assert self.server is not None
        self.server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        if self.server is not None:
            self.server.server_close()
            self.server = None
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Endpoint:  # noqa: PYI034
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


def serve(store: str | Path, options: ServeOptions | None = None, announce=print) -> None:
    """Run the endpoint until interrupted (Ctrl-C or SIGTERM)."""

    def on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term) if threading.current_thread() is threading.main_thread() \
        else None
    endpoint = Endpoint(store, options)
    try:
        endpoint.start()
        opts = endpoint.options
        announce(f"kickgraph: read-only SPARQL endpoint at {endpoint.url} "
                 f"(timeout {opts.timeout_s:g} s, max rows {opts.max_rows or 'unlimited'}, "
                 f"SERVICE {'allowed' if opts.allow_service else 'refused'}); Ctrl-C to stop.")
        try:
            endpoint.serve_forever()
        except KeyboardInterrupt:
            pass
    finally:
        endpoint.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

