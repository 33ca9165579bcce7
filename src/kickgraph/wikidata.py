"""Live Wikidata: fetch career statements from a SPARQL endpoint and merge them into a kickgraph graph.

* :class:`WikidataClient` queries the Wikidata Query Service (or any endpoint holding Wikidata-shaped
  RDF) through SPARQLWrapper. The SPARQL lives in ``queries/wikidata_*.rq``; the QIDs of a batch are
  validated (``^Q[0-9]+$``) and bound by a trailing ``VALUES ?item { <...> }`` block built from the
  validated number, never pasted from arbitrary text. Requests retry with exponential backoff on
  HTTP 429 (honouring ``Retry-After``, seconds or HTTP date), 5xx, timeouts, connection errors and
  malformed JSON; after ``max_retries`` a :class:`~kickgraph.errors.RemoteError` says what failed.
  Answers are cached on disk as JSON, one file per (endpoint, query hash), written via temp file +
  rename so an interrupted run never leaves a corrupt cache entry.
* :func:`wikidata_quads` maps the statements onto the kickgraph ontology in the named graph
  ``kg:graph/wikidata``: nodes are the same IRIs :func:`kickgraph.rdf.entity_iri` gives linked news
  entities (``kg:person/wd-Q80471``), so news and Wikidata facts meet on one node.
* :func:`fetch_into` reads the QIDs of a graph file or store, fetches, merges and writes back.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import math
import os
import re
import socket
import time
import urllib.error
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .errors import InputError, RemoteError, StoreError
from .model import Entity
from .ontology import (
    OWL_SAMEAS,
    PROV_DERIVED,
    RDF_TYPE,
    RDFS_LABEL,
    RESOURCE_BASE,
    SKOS_ALT,
    WIKIDATA_ENTITY,
    Vocabulary,
)
from .query import load_query, result_from_json, run_local
from .rdf import date_literal, entity_iri
from .retry import backoff_delay, parse_retry_after

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = (f"kickgraph/{__version__} (https://w3id.org/kickgraph; football career graph tool) "
              "SPARQLWrapper/2")
WIKIDATA_GRAPH = ox.NamedNode(RESOURCE_BASE + "graph/wikidata")
WIKIDATA_STATEMENT = WIKIDATA_ENTITY + "statement/"
EXTRACTOR = "wikidata"
LANGS = ("de", "en")  # label preference order
HUMAN = "Q5"

_QID_RE = re.compile(r"^Q[0-9]+$")
_TIME_RE = re.compile(r"^\+?(\d{4})-(\d{2})-(\d{2})T")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kickgraph" / "wikidata"


# ---------------------------------------------------------------------- records


@dataclass(frozen=True)
class WikidataEntity:
    """Labels (de/en), aliases and P31 classes of one Wikidata item."""

    qid: str
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)  # lang -> label
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)  # lang -> aliases
    instance_of: tuple[str, ...] = ()  # QIDs

    @property
    def label(self) -> str:
        """German label, else English, else the QID."""
        for lang in LANGS:
            if self.labels.get(lang):
                return self.labels[lang]
        return self.qid

    @property
    def kind(self) -> str | None:
        """"person" for instances of human (Q5), "team" for any other class, None if unknown."""
        if HUMAN in self.instance_of:
            return "person"
        return "team" if self.instance_of else None


@dataclass(frozen=True)
class WikidataStatement:
    """One career statement: P54 / P6087 (on the person) or P286 (on the team), with qualifiers.

    ``start``/``end`` are ISO dates as precise as Wikidata's precision: "2004", "2004-07" or "2004-07-01".
    """

    statement: str  # statement IRI (wds:Q80471-...)
    property: str  # "P54", "P6087" or "P286"
    person: str  # QID
    team: str  # QID
    start: str | None = None
    end: str | None = None
    replaces: tuple[str, ...] = ()  # P1365 QIDs
    replaced_by: tuple[str, ...] = ()  # P1366 QIDs

    @property
    def item(self) -> str:
        """The QID the statement is stated on (the team for P286)."""
        return self.team if self.property == "P286" else self.person


# ---------------------------------------------------------------------- helpers


def normalize_qid(value: str) -> str:
    """``"Q80471"`` or ``"http://www.wikidata.org/entity/Q80471"`` -> ``"Q80471"``; else InputError."""
    text = str(value).strip()
    if text.startswith(WIKIDATA_ENTITY):
        text = text[len(WIKIDATA_ENTITY):]
    if not _QID_RE.match(text):
        raise InputError(f"{value!r} is not a Wikidata item id (Q followed by digits, e.g. Q80471).")
    return f"Q{int(text[1:])}"


def qid_iri(qid: str) -> ox.NamedNode:
    """The entity IRI, built from the validated number only."""
    return ox.NamedNode(f"{WIKIDATA_ENTITY}Q{int(normalize_qid(qid)[1:])}")


def values_clause(qids: Sequence[str], var: str = "item") -> str:
    """A trailing ``VALUES ?var { <...> ... }`` block; every QID is validated first."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
        raise ValueError(f"invalid variable name {var!r}")
    return f"\nVALUES ?{var} {{ " + " ".join(str(qid_iri(q)) for q in qids) + " }\n"


def time_to_iso(value: str | None, precision: int | None) -> str | None:
    """Wikidata time value + precision -> "YYYY" (9), "YYYY-MM" (10) or "YYYY-MM-DD" (>=11).

    Coarser precisions (decade, century...), negative years and unknown values give None.
    """
    if not value:
        return None
    m = _TIME_RE.match(value)
    if not m:
        return None
    year, month, day = m.groups()
    if year == "0000":
        return None
    precision = 11 if precision is None else precision
    if precision >= 11 and month != "00" and day != "00":
        return f"{year}-{month}-{day}"
    if precision >= 10 and month != "00":
        return f"{year}-{month}"
    if precision >= 9:
        return year
    return None


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _unique_qids(qids: Iterable[str]) -> list[str]:
    return sorted({normalize_qid(q) for q in qids}, key=lambda q: int(q[1:]))


def _qid_of(term) -> str | None:
    if isinstance(term, ox.NamedNode) and term.value.startswith(WIKIDATA_ENTITY):
        local = term.value[len(WIKIDATA_ENTITY):]
        if _QID_RE.match(local):
            return local
    return None


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# ---------------------------------------------------------------------- client


@dataclass
class ClientStats:
    requests: int = 0  # HTTP requests sent (including retries)
    retries: int = 0
    cache_hits: int = 0
    waited: float = 0.0  # seconds slept before retries


class WikidataClient:
    """Batched, cached, retrying SELECT queries against a Wikidata(-shaped) SPARQL endpoint."""

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        cache_dir: str | Path | None = None,
        timeout: float = 30,
        max_retries: int = 5,
        batch_size: int = 50,
        user_agent: str = USER_AGENT,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_retry_after: float = 300.0,
        cache_ttl: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.endpoint = endpoint
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.timeout = timeout
        self.max_retries = max_retries
        self.batch_size = batch_size
        self.user_agent = user_agent
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.cache_ttl = cache_ttl
        self._sleep = sleep
        self.stats = ClientStats()

    # ------------------------------------------------------------ public API
    def fetch_entities(self, qids: Iterable[str]) -> list[WikidataEntity]:
        """Labels (de, en), aliases and P31 of the items; items Wikidata does not know are left out."""
        qids = _unique_qids(qids)
        labels: dict[str, dict[str, str]] = {}
        aliases: dict[str, dict[str, list[str]]] = {}
        types: dict[str, list[str]] = {}
        seen: set[str] = set()
        for row in self._select_batched("wikidata_entities", qids):
            qid = _qid_of(row.get("item"))
            kind, value = row.get("kind"), row.get("value")
            if qid is None or kind is None or value is None:
                continue
            seen.add(qid)
            if kind.value == "type":
                cls = _qid_of(value)
                if cls and cls not in types.setdefault(qid, []):
                    types[qid].append(cls)
            elif isinstance(value, ox.Literal) and value.language:
                lang = value.language.split("-")[0].lower()
                if kind.value == "label":
                    labels.setdefault(qid, {}).setdefault(lang, value.value)
                elif kind.value == "alias":
                    lst = aliases.setdefault(qid, {}).setdefault(lang, [])
                    if value.value not in lst:
                        lst.append(value.value)
        return [
            WikidataEntity(
                qid,
                dict(labels.get(qid, {})),
                {lang: tuple(sorted(v)) for lang, v in aliases.get(qid, {}).items()},
                tuple(sorted(types.get(qid, []), key=lambda q: int(q[1:]))),
            )
            for qid in qids if qid in seen
        ]

    def fetch_careers(self, qids: Iterable[str]) -> list[WikidataStatement]:
        """P54 / P6087 statements of the persons and P286 statements of (or naming) the items."""
        qids = _unique_qids(qids)
        acc: dict[str, dict] = {}
        for row in self._select_batched("wikidata_careers", qids):
            st = row.get("statement")
            prop = row.get("property")
            person, team = _qid_of(row.get("person")), _qid_of(row.get("team"))
            if not isinstance(st, ox.NamedNode) or prop is None or person is None or team is None:
                continue  # "unknown value" / "no value" endpoints are skipped
            rec = acc.setdefault(st.value, {
                "property": prop.value.rsplit("/", 1)[-1], "person": person, "team": team,
                "start": None, "end": None, "replaces": set(), "replaced_by": set(),
            })
            for key in ("start", "end"):
                iso = _row_date(row, key)
                if iso and (rec[key] is None or len(iso) > len(rec[key])):
                    rec[key] = iso  # keep the most precise of several values
            if (q := _qid_of(row.get("replaces"))) is not None:
                rec["replaces"].add(q)
            if (q := _qid_of(row.get("replacedBy"))) is not None:
                rec["replaced_by"].add(q)
        out = [
            WikidataStatement(iri, r["property"], r["person"], r["team"], r["start"], r["end"],
                              tuple(sorted(r["replaces"])), tuple(sorted(r["replaced_by"])))
            for iri, r in acc.items()
        ]
        out.sort(key=lambda s: (int(s.person[1:]), s.property, s.start or "", s.statement))
        return out

    def select(self, sparql: str) -> list[dict[str, object]]:
        """Run one SELECT (through the cache) and return rows as dicts of RDF terms."""
        data = self._cached(sparql)
        result = result_from_json(data)
        return [dict(zip(result.variables, row)) for row in result.rows]

    # ------------------------------------------------------------ batching
    def _select_batched(self, query_name: str, qids: Sequence[str]) -> list[dict[str, object]]:
        text = load_query(query_name)
        rows: list[dict[str, object]] = []
        for batch in _chunks(list(qids), self.batch_size):
            rows.extend(self.select(text.rstrip() + "\n" + values_clause(batch)))
        return rows

    # ------------------------------------------------------------ cache
    def cache_path(self, sparql: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(f"{self.endpoint}\x1f{_query_hash(sparql)}".encode()).hexdigest()
        return self.cache_dir / f"{key[:40]}.json"

    def _read_cache(self, path: Path | None, sparql: str) -> tuple[dict | None, bool]:
        """(cached result or None, whether it is still fresh)."""
        if path is None or not path.exists():
            return None, False
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if (entry.get("endpoint") != self.endpoint or entry.get("query_sha256") != _query_hash(sparql)
                    or not _valid_results(entry.get("result"))):
                return None, False
        except (OSError, ValueError, AttributeError):
            log.warning("ignoring unreadable Wikidata cache entry %s", path)
            return None, False
        fresh = self.cache_ttl is None or time.time() - float(entry.get("fetched_at", 0)) <= self.cache_ttl
        return entry["result"], fresh

    def _write_cache(self, path: Path | None, sparql: str, result: dict) -> None:
        if path is None:
            return
        from .store import write_atomic

        entry = {"endpoint": self.endpoint, "query_sha256": _query_hash(sparql), "fetched_at": time.time(),
                 "query": sparql, "result": result}
        try:
            write_atomic(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:  # a cache that cannot be written is not fatal
            log.warning("cannot write the Wikidata cache %s: %s", path, exc)

    def _cached(self, sparql: str) -> dict:
        path = self.cache_path(sparql)
        cached, fresh = self._read_cache(path, sparql)
        if cached is not None and fresh:
            self.stats.cache_hits += 1
            return cached
        try:
            result = self._request(sparql)
        except RemoteError as exc:
            if cached is not None:  # stale beats nothing
                log.warning("%s; using the stale cache entry %s", exc, path)
                self.stats.cache_hits += 1
                return cached
            raise
        self._write_cache(path, sparql, result)
        return result

    # ------------------------------------------------------------ HTTP
    def _request(self, sparql: str) -> dict:
        attempts = self.max_retries + 1
        last: _Retryable | None = None
        for attempt in range(attempts):
            try:
                return self._request_once(sparql)
            except _Retryable as exc:
                last = exc
                if attempt + 1 >= attempts:
                    break
                if exc.retry_after is not None:
                    if exc.retry_after > self.max_retry_after:
                        raise RemoteError(
                            f"{self.endpoint}: the endpoint asks to wait {exc.retry_after:.0f} s before "
                            f"retrying ({exc}); try again later.") from None
                    delay = exc.retry_after
                else:
                    delay = backoff_delay(attempt, self.backoff, self.max_backoff)
                self.stats.retries += 1
                self.stats.waited += delay
                log.info("Wikidata request failed (%s); retry %d/%d in %.1f s", exc, attempt + 1,
                         self.max_retries, delay)
                self._sleep(delay)
        raise RemoteError(
            f"{self.endpoint}: the Wikidata query failed after {attempts} attempt(s); last error: {last}. "
            "Check the endpoint URL and your network, or try again later.")

    def _request_once(self, sparql: str) -> dict:
        from SPARQLWrapper import GET, JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import (
            EndPointInternalError,
            SPARQLWrapperException,
        )

        client = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        client.setOnlyConneg(True)  # Accept header only, no format=/output= parameters
        client.setReturnFormat(JSON)
        client.setMethod(POST if len(sparql) > 6000 else GET)  # long batches would hit URL limits
        client.setTimeout(max(1, math.ceil(self.timeout)))
        client.setQuery(sparql)
        self.stats.requests += 1
        try:
            response = client.query().response
            body = response.read()
        except urllib.error.HTTPError as exc:
            code = exc.code
            if code == 429 or 500 <= code < 600:
                retry_after = parse_retry_after(exc.headers.get("Retry-After") if exc.headers else None)
                raise _Retryable(f"HTTP {code} {exc.reason}", retry_after) from None
            raise RemoteError(f"{self.endpoint}: HTTP {code} {exc.reason}; check the endpoint URL.") from None
        except EndPointInternalError as exc:
            raise _Retryable(f"HTTP 500 internal server error ({_short(exc)})") from None
        except SPARQLWrapperException as exc:  # 400 bad query, 401, 404, 414: retrying will not help
            raise RemoteError(f"{self.endpoint}: the query was rejected ({_short(exc)}); check the "
                              "endpoint URL (it must be a SPARQL endpoint).") from None
        except (TimeoutError, socket.timeout) as exc:
            raise _Retryable(f"timed out after {self.timeout:g} s ({exc})") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            raise _Retryable(f"connection failed ({getattr(exc, 'reason', exc)})") from None
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise _Retryable(f"malformed response, not SPARQL JSON ({exc}; starts {body[:60]!r})") from None
        if not _valid_results(data):
            raise _Retryable(f"malformed response, not SPARQL JSON results (starts {body[:60]!r})")
        return data


def _short(exc: Exception, n: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= n else text[:n] + "..."


def _query_hash(sparql: str) -> str:
    return hashlib.sha256(sparql.encode("utf-8")).hexdigest()


def _valid_results(data) -> bool:
    """Structurally valid SPARQL 1.1 JSON SELECT results."""
    if not isinstance(data, dict):
        return False
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict) or not isinstance(head.get("vars", []), list):
        return False
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        return False
    for b in results["bindings"]:
        if not isinstance(b, dict):
            return False
        for v in b.values():
            if not isinstance(v, dict) or v.get("type") not in ("uri", "literal", "bnode", "typed-literal") \
                    or not isinstance(v.get("value"), str):
                return False
    return True


def _row_date(row: Mapping[str, object], key: str) -> str | None:
    full, precision, simple = row.get(key), row.get(f"{key}Precision"), row.get(f"{key}Simple")
    if isinstance(full, ox.Literal):
        try:
            prec = int(precision.value) if isinstance(precision, ox.Literal) else None
        except ValueError:
            prec = None
        return time_to_iso(full.value, prec)
    if isinstance(simple, ox.Literal):
        return time_to_iso(simple.value, None)
    return None


# ---------------------------------------------------------------------- merge


def _statement_node(*parts: str) -> ox.NamedNode:
    digest = hashlib.sha1("\x1f".join(("wikidata",) + parts).encode()).hexdigest()[:20]
    return ox.NamedNode(f"{RESOURCE_BASE}statement/wd-{digest}")


def wikidata_quads(
    statements: Iterable[WikidataStatement],
    entities: Iterable[WikidataEntity],
    kinds: Mapping[str, str] | None = None,
    vocab: Vocabulary | None = None,
) -> list[ox.Quad]:
    """Wikidata statements as kickgraph nodes and kick:CareerStatement nodes in ``kg:graph/wikidata``.

    ``kinds`` (QID -> "person"/"team") overrides the node type, e.g. with what the news graph says;
    otherwise the role in a statement decides, then P31 (human -> person, anything else -> team).
    """
    vocab = vocab or Vocabulary.load()
    g = WIKIDATA_GRAPH
    statements = list(statements)
    ents = {e.qid: e for e in entities}
    kind: dict[str, str] = {}
    for e in ents.values():
        if e.kind:
            kind[e.qid] = e.kind
    for st in statements:
        kind[st.person] = "person"
        kind[st.team] = "team"
        for q in st.replaces + st.replaced_by:
            kind[q] = "person"
    kind.update({normalize_qid(q): k for q, k in (kinds or {}).items()})

    out: list[ox.Quad] = []
    nodes: dict[str, ox.NamedNode] = {}

    def add(s, p, o) -> None:
        out.append(ox.Quad(s, p, o, g))

    def node(qid: str) -> ox.NamedNode:
        if qid in nodes:
            return nodes[qid]
        ent = ents.get(qid, WikidataEntity(qid))
        typ = kind.get(qid, "team")
        iri = entity_iri(Entity(key=qid, name=ent.label, type=typ, qid=qid))
        nodes[qid] = iri
        add(iri, RDF_TYPE, vocab("Person" if typ == "person" else "Team"))
        add(iri, RDFS_LABEL, ox.Literal(ent.label))
        add(iri, OWL_SAMEAS, qid_iri(qid))
        alts: dict[tuple[str, str], None] = {}
        for lang in sorted(ent.labels):
            alts[(ent.labels[lang], lang)] = None
        for lang in sorted(ent.aliases):
            for a in ent.aliases[lang]:
                alts[(a, lang)] = None
        for text, lang in alts:
            if text != ent.label:
                add(iri, SKOS_ALT, ox.Literal(text, language=lang))
        return iri

    for qid in sorted(ents, key=lambda q: int(q[1:])):
        node(qid)

    confirmed, extractor = vocab.code("confirmed"), ox.Literal(EXTRACTOR)

    def statement(st_node, s, rel, o, role, start, end, sources, team=None) -> None:
        add(s, vocab.code(rel), o)
        add(st_node, RDF_TYPE, vocab("CareerStatement"))
        add(st_node, vocab("subject"), s)
        add(st_node, vocab("relation"), vocab.code(rel))
        add(st_node, vocab("object"), o)
        add(st_node, vocab("status"), confirmed)
        if role:
            add(st_node, vocab("role"), vocab.code(role))
        if start:
            add(st_node, vocab("startDate"), date_literal(start))
        if end:
            add(st_node, vocab("endDate"), date_literal(end))
        if team is not None:
            add(st_node, vocab("team"), team)
        add(st_node, vocab("extractor"), extractor)
        for src in sources:
            add(st_node, PROV_DERIVED, src)

    # successor, predecessor, team -> (start, sources, role); P1365 beats P1366 for the date
    replaced: dict[tuple[str, str, str], dict] = {}
    for st in statements:
        if kind.get(st.person) != "person" or kind.get(st.team) != "team":
            log.warning("skipping %s: %s is not a person or %s not a team", st.statement, st.person, st.team)
            continue
        src = _source_iri(st)
        rel = "playedFor" if st.property == "P54" else "coached"
        role = {"P54": "player", "P286": "head_coach"}.get(st.property)
        statement(_statement_node(st.statement), node(st.person), rel, node(st.team), role, st.start, st.end, [src])
        if st.property == "P54":
            continue
        for pred in st.replaces:
            r = replaced.setdefault((st.person, pred, st.team), {"start": None, "from_p1365": False,
                                                                  "sources": [], "role": role})
            if not r["from_p1365"]:
                r["start"], r["from_p1365"] = st.start, True
            r["sources"].append(src)
        for succ in st.replaced_by:
            r = replaced.setdefault((succ, st.person, st.team), {"start": None, "from_p1365": False,
                                                                  "sources": [], "role": role})
            if not r["from_p1365"] and r["start"] is None:
                r["start"] = st.end
            r["sources"].append(src)
    for (succ, pred, team), r in sorted(replaced.items()):
        if kind.get(succ) != "person" or kind.get(pred) != "person":
            continue
        sources = list(dict.fromkeys(r["sources"]))
        statement(_statement_node("replaced", succ, pred, team), node(succ), "replaced", node(pred),
                  r["role"], r["start"], None, sources, team=node(team))
    return list(dict.fromkeys(out))


def _source_iri(st: WikidataStatement) -> ox.NamedNode:
    if st.statement.startswith(WIKIDATA_STATEMENT):
        try:
            return ox.NamedNode(st.statement)
        except ValueError:
            pass
    return qid_iri(st.item)


class KBCareerSource:
    """Wikidata career statements from the bundled offline knowledge base, no network.

    The KB holds Wikidata's P54 (member of sports team) stints of ~62k players, with years
    (see data/KB_ATTRIBUTION.md: some stints were filled in from Wikipedia infoboxes). It has
    no coaching statements. Duck-types the two fetch methods of :class:`WikidataClient`, so
    :func:`fetch_into` merges either.
    """

    def __init__(self, kb) -> None:
        self.kb = kb
        self.stats = ClientStats()

    def fetch_careers(self, qids: Iterable[str]) -> list[WikidataStatement]:
        out: list[WikidataStatement] = []
        for qid in _unique_qids(qids):
            entry = self.kb.get(qid)
            if entry is None or entry.type != "person":
                continue
            for team_id, start, end, _loan in entry.career:
                team = self.kb.get(team_id)
                if team is None or not team.qid:
                    continue
                out.append(WikidataStatement(
                    statement=f"kb:{qid}-P54-{team.qid}-{start or ''}", property="P54", person=qid,
                    team=team.qid, start=str(start) if start else None, end=str(end) if end else None))
        return out

    def fetch_entities(self, qids: Iterable[str]) -> list[WikidataEntity]:
        out = []
        for qid in _unique_qids(qids):
            entry = self.kb.get(qid)
            if entry is not None:
                out.append(WikidataEntity(qid, {"de": entry.name}, {"de": tuple(entry.aliases)},
                                          (HUMAN,) if entry.type == "person" else ()))
        return out


# ---------------------------------------------------------------------- graph round trip


@dataclass(frozen=True)
class FetchReport:
    qids: int
    entities: int
    statements: int
    quads: int
    written: str | None
    requests: int
    cache_hits: int


def graph_qids(store) -> dict[str, str]:
    """QID -> "person"/"team" for the linked nodes of a graph (queries/wikidata_qids.rq)."""
    out: dict[str, str] = {}
    for row in run_local(store, load_query("wikidata_qids")).rows:
        item, cls = row
        try:
            qid = normalize_qid(item.value)
        except InputError:
            continue
        out[qid] = "person" if cls.value.endswith("#Person") else "team"
    return out


_DROP_WIKIDATA_DEFAULT = """
PREFIX kick: <https://w3id.org/kickgraph/ontology#>
DELETE { ?st ?p ?o } WHERE { ?st kick:extractor "wikidata" ; ?p ?o }
"""


def fetch_into(source: str | Path, client: WikidataClient, output: str | Path | None = None,
               fmt: str | None = None) -> FetchReport:
    """Fetch Wikidata for the QIDs of ``source`` and merge them in as ``kg:graph/wikidata``.

    A store directory gets its Wikidata graph replaced (and is also dumped to ``output`` if given);
    a graph file is rewritten atomically, or written to ``output`` instead.
    """
    from .store import GraphStore, resolve_format

    path = Path(source)
    if path.is_dir():
        store = GraphStore.persistent(path)
    elif path.exists():
        store = GraphStore.from_file(path)
    else:
        raise StoreError(f"{path}: no such graph file or store; build one with `kickgraph build --link`.")
    kinds = graph_qids(store)
    if not kinds:
        return FetchReport(0, 0, 0, 0, None, client.stats.requests, client.stats.cache_hits)
    statements = client.fetch_careers(kinds)
    referenced = set(kinds)
    for st in statements:
        referenced |= {st.person, st.team, *st.replaces, *st.replaced_by}
    entities = client.fetch_entities(referenced)
    quads = wikidata_quads(statements, entities, kinds)

    if not path.is_dir():
        # triple formats keep no graph names: drop the Wikidata statements of an earlier fetch first
        store.oxigraph.update(_DROP_WIKIDATA_DEFAULT)
    store.replace_graph(WIKIDATA_GRAPH, quads)
    store.flush()
    target: Path | None = Path(output) if output is not None else (None if path.is_dir() else path)
    if target is not None:
        out_fmt = resolve_format(target, fmt if output is not None else None)
        store.dump(target, out_fmt)
    return FetchReport(len(kinds), len(entities), len(statements), len(quads),
                       str(target) if target is not None else str(path), client.stats.requests,
                       client.stats.cache_hits)
