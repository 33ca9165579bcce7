"""Stage 7: run SPARQL from ``queries/*.rq`` against a graph file, a store or an endpoint.

Parameters are *bound*, never pasted into the query text: locally through Oxigraph's
substitutions (SEP-0007), remotely through a trailing ``VALUES`` block built from
serialised RDF terms.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .ontology import PREFIXES
from .resources import resource_dir

_VAR_RE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (or the single boolean of an ASK), as RDF terms."""

    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...], ...]
    boolean: bool | None = None

    def values(self) -> list[dict[str, str | None]]:
        """Rows as dicts of plain strings (IRI or lexical form)."""
        return [{v: (t.value if t is not None else None) for v, t in zip(self.variables, row)} for row in self.rows]


def list_queries() -> list[Path]:
    return sorted(resource_dir("queries").glob("*.rq"))


def load_query(name_or_path: str | Path) -> str:
    """Read a query file, or a bundled query by name (``facts`` -> queries/facts.rq)."""
    path = Path(name_or_path)
    if not path.exists():
        bundled = resource_dir("queries") / (path.name if path.suffix == ".rq" else f"{path.name}.rq")
        if bundled.exists():
            path = bundled
        else:
            names = ", ".join(p.stem for p in list_queries())
            raise QueryError(f"{name_or_path}: no such query file; bundled queries are: {names}.")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query ({exc}).") from exc


def query_variables(sparql: str) -> set[str]:
    return set(_VAR_RE.findall(_mask(sparql)))


def parse_term(value: str) -> ox.NamedNode | ox.Literal:
    """``<iri>`` or ``prefix:local`` (known prefixes) -> IRI; anything else -> a plain string literal."""
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise QueryError(f"invalid IRI parameter {value!r}: {exc}") from exc
    m = re.fullmatch(r"([a-z][a-z0-9]*):([A-Za-z0-9_][A-Za-z0-9_.\-]*)", value)
    if m and m.group(1) in PREFIXES:
        return ox.NamedNode(PREFIXES[m.group(1)] + m.group(2))
    return ox.Literal(value)


def parse_params(pairs: Iterable[str] | Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """``["club=FC Augsburg", "date=2019-01-01"]`` -> {name: RDF term}."""
    items = pairs.items() if isinstance(pairs, Mapping) else (_split_pair(p) for p in pairs)
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in items:
        name = name.lstrip("?$")
        if not _PARAM_NAME.match(name):
            raise QueryError(f"invalid parameter name {name!r}; use letters, digits and _.")
        out[name] = parse_term(value) if isinstance(value, str) else value
    return out


def _split_pair(pair: str) -> tuple[str, str]:
    if "=" not in pair:
        raise QueryError(f"parameter {pair!r} must look like name=value.")
    name, value = pair.split("=", 1)
    return name.strip(), value


def check_params(sparql: str, params: Mapping[str, object]) -> None:
    unknown = set(params) - query_variables(sparql)
    if unknown:
        raise QueryError(f"the query has no variable(s) {', '.join('?' + u for u in sorted(unknown))} to bind; "
                         "check the parameter names in the query's header comment.")


def run_local(store, sparql: str, params: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> QueryResult:
    """Run a SELECT/ASK on a :class:`~kickgraph.store.GraphStore` with bound parameters."""
    params = dict(params or {})
    check_params(sparql, params)
    subs = {ox.Variable(k): v for k, v in params.items()}
    result = store.query(sparql, subs)
    return _to_result(result)


def _to_result(result) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(("ask",), ((ox.Literal(str(bool(result)).lower()),),), boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        rows = tuple((t.subject, t.predicate, t.object) for t in result)
        return QueryResult(("subject", "predicate", "object"), rows)
    variables = tuple(v.value for v in result.variables)
    rows = tuple(tuple(sol[v] for v in variables) for sol in result)
    return QueryResult(variables, rows)


def values_block(params: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """A SPARQL VALUES block from RDF terms, serialised (escaped) by Oxigraph."""
    if not params:
        return ""
    names = list(params)
    terms = " ".join(str(params[n]) for n in names)
    return "VALUES (" + " ".join("?" + n for n in names) + ") { (" + terms + ") }"


def bind_with_values(sparql: str, params: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters for a remote endpoint: a VALUES block at the start of the outermost
    WHERE group (so FILTERs see the values, like a local substitution); a trailing VALUES
    block when the query has no explicit WHERE."""
    block = values_block(params)
    if not block:
        return sparql
    masked = _mask(sparql)
    m = re.search(r"\bWHERE\s*\{", masked, re.I)
    if m is None:
        return sparql + "\n" + block + "\n"
    return sparql[: m.end()] + "\n  " + block + "\n" + sparql[m.end():]


def _mask(sparql: str) -> str:
    """Blank out comments, strings and IRIs (same length) so keywords inside them are not found."""
    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    out = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'', blank, sparql)
    out = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', blank, out)
    out = re.sub(r"<[^<>\s]*>", blank, out)
    return re.sub(r"(?m)#[^\n]*$", blank, out)


# ---------------------------------------------------------------------- output


def _short(term, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in prefixes.items():
            if term.value.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_\-.]*", term.value[len(ns):]):
                return f"{p}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    return term.value


def format_result(result: QueryResult, fmt: str = "table", max_width: int = 60) -> str:
    if fmt == "json":
        return json.dumps(_sparql_json(result), ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, dialect="excel-tab" if fmt == "tsv" else "excel", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else t.value for t in row])
        return buf.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown result format {fmt!r}; use table, csv, tsv or json.")
    header = list(result.variables)
    body = [[_short(t, PREFIXES) for t in row] for row in result.rows]

    def clip(s: str) -> str:
        s = " ".join(s.split())
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    body = [[clip(c) for c in row] for row in body]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(header, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _sparql_json(result: QueryResult) -> dict:
    if result.boolean is not None:
        return {"head": {}, "boolean": result.boolean}

    def term_json(t) -> dict:
        if isinstance(t, ox.NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, ox.BlankNode):
            return {"type": "bnode", "value": t.value}
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = t.datatype.value
        return d

    bindings = [{v: term_json(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def run_remote(endpoint: str, sparql: str, params: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
               timeout: float = 60.0) -> QueryResult:
    """Run a SELECT/ASK on a remote SPARQL 1.1 endpoint through SPARQLWrapper."""
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from . import __version__
    from .errors import RemoteError

    params = dict(params or {})
    check_params(sparql, params)
    client = SPARQLWrapper(endpoint, agent=f"kickgraph/{__version__} (football career graph tool)")
    client.setQuery(bind_with_values(sparql, params))
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    try:
        data = client.queryAndConvert()
    except (SPARQLWrapperException, OSError, ValueError) as exc:
        raise RemoteError(f"{endpoint}: the query failed ({exc}); check the endpoint URL and that it is running.") from exc
    return result_from_json(data)


def result_from_json(data: dict) -> QueryResult:
    """Parse SPARQL 1.1 JSON results into a :class:`QueryResult`."""
    if "boolean" in data:
        b = bool(data["boolean"])
        return QueryResult(("ask",), ((ox.Literal(str(b).lower()),),), boolean=b)
    variables = tuple(data.get("head", {}).get("vars", []))

    def term(d: dict | None):
        if d is None:
            return None
        if d["type"] == "uri":
            return ox.NamedNode(d["value"])
        if d["type"] == "bnode":
            return ox.BlankNode(d["value"])
        if "xml:lang" in d:
            return ox.Literal(d["value"], language=d["xml:lang"])
        if "datatype" in d:
            return ox.Literal(d["value"], datatype=ox.NamedNode(d["datatype"]))
        return ox.Literal(d["value"])

    rows = tuple(tuple(term(b.get(v)) for v in variables) for b in data.get("results", {}).get("bindings", []))
    return QueryResult(variables, rows)


def run_query(sparql: str, source: str | Path | None = None, endpoint: str | None = None,
              params: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> QueryResult:
    """Run on a graph file / store directory (embedded Oxigraph) or on a remote endpoint."""
    if endpoint:
        return run_remote(endpoint, sparql, params)
    if source is None:
        raise QueryError("give a graph file or store to query, or --endpoint URL.")
    from .store import GraphStore

    return run_local(GraphStore.open(source), sparql, params)
