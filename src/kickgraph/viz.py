"""Visualise a career graph: a networkx graph, an interactive HTML page, career timelines.

* :func:`to_networkx` - persons and teams as nodes, one edge per career statement (so two
  articles reporting the same stint give two parallel edges), with filters by club, person,
  relation, status and time window;
* :func:`write_html` - one self-contained page (inline SVG + vanilla JS, no network at view
  time): search box, club selector, relation/status toggles, tooltips with the evidence
  sentence and the source article;
* :func:`timeline` - a Gantt-like PNG/SVG of a person's career or of a club's coaches;
* :func:`write_graphml` / :func:`write_gexf` / :func:`export_network` - for Gephi, yEd, Cytoscape.

The SPARQL lives in ``queries/viz_nodes.rq`` and ``queries/viz_edges.rq``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .errors import KickgraphError
from .query import load_query, run_local
from .rdf import slug

RELATION_COLORS = {
    "playedFor": "#1f77b4",
    "coached": "#2ca02c",
    "replaced": "#9467bd",
    "candidateFor": "#ff7f0e",
}
DENIED_COLOR = "#d62728"
ROLE_COLORS = {
    "player": "#1f77b4",
    "head_coach": "#2ca02c",
    "interim_coach": "#bcbd22",
    "assistant_coach": "#17becf",
    "youth_coach": "#8c564b",
    "coached": "#2ca02c",  # coached without a role
    "playedFor": "#1f77b4",
}
ROLE_LABELS = {
    "player": "player",
    "head_coach": "head coach",
    "interim_coach": "interim coach",
    "assistant_coach": "assistant coach",
    "youth_coach": "youth/reserve coach",
    "coached": "coach",
    "playedFor": "player",
}
PERSON_COLOR = "#9ecae1"
TEAM_COLOR = "#fdd06b"
EDGE_ATTRS = ("relation", "role", "status", "tense", "start", "end", "team", "team_label", "article",
              "headline", "url", "published", "evidence", "statement")
WIKIDATA = "http://www.wikidata.org/entity/"


# --------------------------------------------------------------------- dates

def _period(value: str | dt.date | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of "YYYY", "YYYY-MM" or "YYYY-MM-DD" (or a date)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value, value
    text = str(value).strip()
    try:
        if len(text) == 4:
            y = int(text)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if len(text) == 7:
            y, m = int(text[:4]), int(text[5:7])
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
        d = dt.date.fromisoformat(text[:10])
        return d, d
    except ValueError:
        raise KickgraphError(f"cannot read the date {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD.") from None


def _anchor(value: str | None) -> dt.date | None:
    """The date a bar starts/ends at: years at 1 July (football seasons), months on the 1st."""
    if not value:
        return None
    text = str(value)
    if len(text) == 4:
        return dt.date(int(text), 7, 1)
    if len(text) == 7:
        return dt.date(int(text[:4]), int(text[5:7]), 1)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _edge_interval(d: dict) -> tuple[dt.date, dt.date] | None:
    """The time an edge covers, for window filters: start..end, open ends unbounded.

    Undated facts fall back to the publication date of their article; with neither
    the edge has no interval (and is dropped by a time window)."""
    s, e = _period(d.get("start")), _period(d.get("end"))
    if s is None and e is None:
        p = _period(d.get("published"))
        return p
    lo = s[0] if s else dt.date.min
    hi = e[1] if e else dt.date.max
    return lo, hi


# --------------------------------------------------------------------- loading

def _open_store(store_or_path):
    from .store import GraphStore

    if isinstance(store_or_path, GraphStore):
        return store_or_path
    return GraphStore.open(store_or_path)


def _val(term) -> str:
    return "" if term is None else term.value


def _load(store) -> tuple[dict[str, dict], list[tuple[str, str, str, dict]]]:
    """All persons/teams and all statements of the store (no filtering)."""
    nodes_res = run_local(store, load_query("viz_nodes"))
    labels: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    info: dict[str, dict] = {}
    for row in nodes_res.values():
        iri = row["node"]
        entry = info.setdefault(iri, {"kind": row["kind"], "qid": ""})
        if row["kind"] == "team":  # a node typed both ways: team wins (never happens in kickgraph output)
            entry["kind"] = "team"
        if row.get("qid"):
            entry["qid"] = row["qid"][len(WIKIDATA):]
        if row["labelType"] == "label":
            labels[iri][row["label"]] += 1
        aliases[iri].add(row["label"])
    nodes: dict[str, dict] = {}
    for iri, entry in info.items():
        counts = labels.get(iri)
        if counts:
            label = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        else:
            label = sorted(aliases[iri])[0] if aliases[iri] else iri.rsplit("/", 1)[-1]
        attrs = {"label": label, "kind": entry["kind"]}
        if entry["qid"]:
            attrs["qid"] = entry["qid"]
        others = sorted(aliases[iri] - {label})
        if others:
            attrs["aliases"] = "|".join(others)
        nodes[iri] = attrs

    edges: list[tuple[str, str, str, dict]] = []
    seen: set[str] = set()
    for row in run_local(store, load_query("viz_edges")).values():
        st = row["st"]
        if st in seen:  # a statement derived from several sources: keep the first row
            continue
        seen.add(st)
        s, o = row["subject"], row["object"]
        if s not in nodes or o not in nodes:
            continue
        try:
            conf = float(row.get("confidence") or 0.0)
        except ValueError:
            conf = 0.0
        team = row.get("team") or ""
        d = {
            "relation": row["relation"],
            "role": row.get("role") or "",
            "status": row["status"],
            "tense": row.get("tense") or "",
            "start": row.get("start") or "",
            "end": row.get("end") or "",
            "team": team,
            "team_label": nodes[team]["label"] if team in nodes else "",
            "confidence": conf,
            "evidence": row.get("evidence") or "",
            "article": row.get("articleId") or "",
            "headline": row.get("headline") or "",
            "url": row.get("url") or "",
            "published": row.get("published") or "",
            "statement": st,
        }
        edges.append((s, o, st, d))
    return nodes, edges


def _norm(text: str) -> str:
    return slug(text)


def find_nodes(nodes: dict[str, dict] | nx.Graph, name: str, kind: str | None = None) -> list[str]:
    """Node IRIs matching ``name``: the IRI itself, an exact label/alias, else a unique part of one.

    Matching ignores case, accents and punctuation ("koln" finds "1. FC Köln")."""
    items = dict(nodes.nodes(data=True)) if isinstance(nodes, nx.Graph) else nodes
    name = str(name).strip()
    if name.startswith("<") and name.endswith(">"):
        name = name[1:-1]
    if name in items and (kind is None or items[name].get("kind") == kind):
        return [name]
    key = _norm(name)
    exact, partial = [], []
    for iri, attrs in items.items():
        if kind is not None and attrs.get("kind") != kind:
            continue
        names = [attrs.get("label", "")] + [a for a in attrs.get("aliases", "").split("|") if a]
        normed = [_norm(n) for n in names]
        if key in normed:
            exact.append(iri)
        elif any(key in n for n in normed):
            partial.append(iri)
    return exact or partial


def _resolve(nodes: dict[str, dict], name: str, kind: str | None, what: str) -> list[str]:
    found = find_nodes(nodes, name, kind)
    if not found:
        known = sorted(a["label"] for a in nodes.values() if kind is None or a["kind"] == kind)
        hint = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
        raise KickgraphError(f"no {what} named {name!r} in the graph; known {what}s: {hint or 'none'}.")
    labels = {nodes[i]["label"] for i in found}
    if len(found) > 1 and len(labels) > 1:
        raise KickgraphError(f"{what} {name!r} is ambiguous: {', '.join(sorted(labels))}; "
                             "give the full name or the IRI.")
    return found


def to_networkx(store_or_path, *, club: str | None = None, person: str | None = None,
                relations: Iterable[str] | None = None, statuses: Iterable[str] | None = None,
                since: str | dt.date | None = None, until: str | dt.date | None = None) -> nx.MultiDiGraph:
    """A MultiDiGraph of persons and teams; one edge per career statement, keyed by its IRI.

    Nodes (IRIs) have ``label``, ``kind`` ("person"/"team"), ``qid`` when linked to Wikidata
    and ``aliases`` ("|"-joined other names) when any. Edges have ``relation``, ``role``,
    ``status``, ``tense``, ``start``, ``end``, ``team``/``team_label`` (the post's team of a
    kick:replaced), ``confidence`` (float), ``evidence``, ``article`` (source article id),
    ``headline``, ``url``, ``published`` and ``statement``; missing values are "" (never None).

    Filters (combined with AND):
      club      label or IRI: edges touching the team (as object or as the team of the post)
                and the persons at their ends;
      person    label or IRI: edges from or to that person;
      relations playedFor/coached/replaced/candidateFor; statuses confirmed/reported/denied;
      since/until  keep facts whose time overlaps the window (YYYY[-MM[-DD]]); an undated fact
                counts at its article's publication date, and is dropped if there is none.
    """
    store = _open_store(store_or_path)
    nodes, edges = _load(store)
    rels = set(relations) if relations else None
    stats = set(statuses) if statuses else None
    from .model import RELATIONS, STATUSES

    if rels and rels - set(RELATIONS):
        raise KickgraphError(f"unknown relation(s) {', '.join(sorted(rels - set(RELATIONS)))}; "
                             f"use {', '.join(RELATIONS)}.")
    if stats and stats - set(STATUSES):
        raise KickgraphError(f"unknown status(es) {', '.join(sorted(stats - set(STATUSES)))}; "
                             f"use {', '.join(STATUSES)}.")
    win_lo = _period(since)[0] if since else dt.date.min
    win_hi = _period(until)[1] if until else dt.date.max
    clubs = set(_resolve(nodes, club, "team", "club")) if club else None
    persons = set(_resolve(nodes, person, "person", "person")) if person else None

    kept = []
    for s, o, key, d in edges:
        if rels is not None and d["relation"] not in rels:
            continue
        if stats is not None and d["status"] not in stats:
            continue
        if since or until:
            iv = _edge_interval(d)
            if iv is None or iv[0] > win_hi or iv[1] < win_lo:
                continue
        if clubs is not None and o not in clubs and d["team"] not in clubs:
            continue
        if persons is not None and s not in persons and o not in persons:
            continue
        kept.append((s, o, key, d))

    G = nx.MultiDiGraph()
    G.graph["name"] = "kickgraph career network"
    filtered = any(x is not None for x in (clubs, persons, rels, stats)) or since or until
    if not filtered:
        for iri, attrs in nodes.items():
            G.add_node(iri, **attrs)
    for extra in (clubs or set()) | (persons or set()):
        G.add_node(extra, **nodes[extra])
    for s, o, key, d in kept:
        for n in (s, o):
            if n not in G:
                G.add_node(n, **nodes[n])
        G.add_edge(s, o, key=key, **d)
    return G


# --------------------------------------------------------------------- exports

def _safe_copy(G: nx.MultiDiGraph, gexf: bool = False) -> nx.MultiDiGraph:
    """Only str/int/float/bool attribute values (None -> ""); GEXF reserves start/end."""

    def clean(d: dict) -> dict:
        out = {}
        for k, v in d.items():
            if gexf and k in ("start", "end"):
                k = f"{k}_date"
            if v is None:
                v = ""
            elif isinstance(v, bool) or isinstance(v, (int, float, str)):
                pass
            else:
                v = str(v)
            out[k] = v
        return out

    H = nx.MultiDiGraph()
    H.graph.update(clean(G.graph))
    for n, d in G.nodes(data=True):
        H.add_node(n, **clean(d))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **clean(d))
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(_safe_copy(G), path, named_key_ids=True)
    return path


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """GEXF 1.2 (Gephi); edge ``start``/``end`` are written as ``start_date``/``end_date``
    because GEXF reserves those names for dynamic graphs."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(_safe_copy(G, gexf=True), path)
    return path


NETWORK_FORMATS = {".graphml": "graphml", ".gexf": "gexf"}


def export_network(source, output: str | Path, fmt: str | None = None, **filters) -> tuple[int, int]:
    """Write the career network of ``source`` (graph file or store) as GraphML or GEXF.

    ``fmt`` is "graphml" or "gexf" (default: from the extension); ``filters`` go to
    :func:`to_networkx`. Returns (nodes, edges)."""
    fmt = (fmt or NETWORK_FORMATS.get(Path(output).suffix.lower(), "")).lower()
    if fmt not in ("graphml", "gexf"):
        raise KickgraphError(f"cannot tell the network format of {output}; use .graphml or .gexf "
                             "or --format graphml|gexf.")
    G = to_networkx(source, **filters)
    (write_graphml if fmt == "graphml" else write_gexf)(G, output)
    return G.number_of_nodes(), G.number_of_edges()


# --------------------------------------------------------------------- layout

def _fr_layout(G: nx.Graph, seed: int = 7, iterations: int = 120) -> dict:
    """Fruchterman-Reingold in plain numpy (networkx needs scipy above 500 nodes)."""
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    idx = {v: i for i, v in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)) * 2 - 1
    A = np.zeros((n, n))
    for u, v in G.edges():
        A[idx[u], idx[v]] = A[idx[v], idx[u]] = 1.0
    k = math.sqrt(4.0 / n)
    t = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = (k * k / dist**2 - A * dist / k)
        disp = np.einsum("ij,ijk->ik", force, delta)
        length = np.maximum(np.linalg.norm(disp, axis=-1), 0.01)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= 0.2 / (iterations + 1)
    pos -= pos.mean(axis=0)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for v, i in idx.items()}


def layout(G: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic 2-D positions, roughly in [-1, 1].

    Each connected component gets its own spring layout, sized by its node count, and the
    components are packed in rows, largest first, so small separate careers neither pile
    up in one spot nor get pushed to the edges by the global repulsion.
    """
    if G.number_of_nodes() == 0:
        return {}
    U = nx.Graph()
    U.add_nodes_from(sorted(G))
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)  # parallel facts do not pull harder
    comps = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[dict[str, tuple[float, float]], float]] = []
    for comp in comps:
        sub = U.subgraph(comp)
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        else:
            try:
                local = nx.spring_layout(sub, k=2.0 / math.sqrt(len(comp)), seed=seed, iterations=200)
            except ImportError:  # large graph and no scipy
                local = _fr_layout(sub, seed=seed)
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
        size = math.sqrt(len(comp))  # the cell edge grows with the component
        placed.append(({n: ((p[0] - cx) / half * size / 2 if len(comp) > 1 else 0.0,
                            (p[1] - cy) / half * size / 2 if len(comp) > 1 else 0.0) for n, p in local.items()},
                       size + 0.8))
    # shelf packing: rows about as wide as the whole picture is tall
    total = sum(cell * cell for _, cell in placed)
    row_width = max(math.sqrt(total), max(cell for _, cell in placed))
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for local, cell in placed:
        if x > 0 and x + cell > row_width + 1e-9:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (px, py) in local.items():
            pos[n] = (x + cell / 2 + px, y + cell / 2 + py)
        x += cell
        row_h = max(row_h, cell)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {n: ((p[0] - cx) / half, (p[1] - cy) / half) for n, p in pos.items()}


# --------------------------------------------------------------------- HTML

def _json_for_script(data) -> str:
    """JSON safe inside <script type="application/json">: no "<", ">" or "&" at all."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def html_data(G: nx.MultiDiGraph, title: str = "kickgraph") -> dict:
    """The data the HTML page draws: nodes with positions, edges with their qualifiers."""
    pos = layout(G)
    ids = {n: f"n{i}" for i, n in enumerate(sorted(G, key=lambda n: (G.nodes[n].get("kind", ""),
                                                                      G.nodes[n].get("label", n), n)))}
    nodes = []
    for n, i in ids.items():
        a = G.nodes[n]
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": i, "iri": n, "label": a.get("label") or n, "kind": a.get("kind", "person"),
            "qid": a.get("qid", ""), "aliases": [s for s in a.get("aliases", "").split("|") if s],
            "x": round(x * 350, 2), "y": round(y * 350, 2), "degree": G.degree(n),
        })
    edges = []
    for j, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))):
        e = {"id": f"e{j}", "key": str(k), "source": ids[u], "target": ids[v],
             "team": ids.get(d.get("team") or "", "")}
        for name in ("relation", "role", "status", "tense", "start", "end", "team_label", "evidence",
                     "article", "headline", "url", "published"):
            val = d.get(name)
            e[name] = "" if val is None else str(val)
        e["confidence"] = float(d.get("confidence") or 0.0)
        edges.append(e)
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "colors": {"relations": RELATION_COLORS, "denied": DENIED_COLOR, "person": PERSON_COLOR,
                   "team": TEAM_COLOR},
    }


def write_html(G: nx.MultiDiGraph, path: str | Path, title: str = "kickgraph career network") -> Path:
    """One self-contained interactive page (inline SVG + JS; nothing is fetched at view time).

    The URL hash drives the page too: ``#hover=e3`` (or a node id ``n0``) shows that
    element's tooltip as a mouse hover does, ``#search=Tuchel`` searches, ``#club=n2``
    (a team id or name) selects a club."""
    data = html_data(G, title)
    page = (_HTML_TEMPLATE.replace("__TITLE__", html.escape(title))
            .replace("__DATA__", _json_for_script(data)))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


# --------------------------------------------------------------------- timeline

@dataclass
class _Bar:
    start: dt.date
    end: dt.date
    color_key: str
    status: str
    open_end: bool = False  # runs on to the latest known date
    unknown_end: bool = False  # ended at an unknown time
    sources: int = 1


@dataclass
class _Marker:
    date: dt.date
    kind: str  # candidate, denied, replaced, succeeded, undated
    status: str
    text: str = ""
    color_key: str = ""


@dataclass
class _Row:
    label: str
    bars: list[_Bar] = field(default_factory=list)
    markers: list[_Marker] = field(default_factory=list)

    def first(self) -> dt.date:
        dates = [b.start for b in self.bars] + [m.date for m in self.markers]
        return min(dates) if dates else dt.date.max


_RANK = {"confirmed": 0, "reported": 1, "denied": 2}


def _latest_date(G: nx.MultiDiGraph) -> dt.date | None:
    dates = []
    for _, _, d in G.edges(data=True):
        for name in ("start", "end", "published"):
            a = _anchor(d.get(name))
            if a:
                dates.append(a)
    return max(dates) if dates else None


def _merge(bars: list[_Bar]) -> list[_Bar]:
    """Reports of the same stint from several articles become one bar."""
    out: list[_Bar] = []
    for b in sorted(bars, key=lambda b: (b.start, b.end)):
        if out and out[-1].color_key == b.color_key and b.start <= out[-1].end:
            cur = out[-1]
            if b.end > cur.end:
                cur.end, cur.open_end, cur.unknown_end = b.end, b.open_end, b.unknown_end
            cur.status = min(cur.status, b.status, key=_RANK.__getitem__)
            cur.sources += 1
        else:
            out.append(b)
    return out


def _coach_changes(G: nx.MultiDiGraph) -> dict[str, list[tuple[dt.date, str]]]:
    """Per team: the dated starts of head coaches (coached as head coach, or replaced at the team)."""
    changes: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        if d.get("status") == "denied":
            continue
        start = _anchor(d.get("start"))
        if start is None:
            continue
        if d["relation"] == "coached" and d.get("role") in ("", "head_coach"):
            changes[v].append((start, u))
        elif d["relation"] == "replaced" and d.get("team") and d.get("role") in ("", "head_coach"):
            changes[d["team"]].append((start, u))
    return {t: sorted(set(c)) for t, c in changes.items()}


def _stint(G, u: str, team: str, d: dict, latest: dt.date, changes) -> _Bar | _Marker | None:
    key = d.get("role") or d["relation"]
    start, end = _anchor(d.get("start")), _anchor(d.get("end"))
    status = d.get("status", "confirmed")
    if start is None and end is None:
        when = _anchor(d.get("published"))
        if when is None:
            return None
        return _Marker(when, "undated", status, "date unknown", key)
    if start is None:
        start = end - dt.timedelta(days=182)
    bar = _Bar(start, end or start, key, status)
    if end is None:
        nxt = [c for c, who in changes.get(team, []) if c > start and who != u]
        if key in ("head_coach", "coached") and nxt:
            bar.end = nxt[0]
        elif d.get("tense") == "past":
            bar.end, bar.unknown_end = start + dt.timedelta(days=182), True
        else:
            bar.end, bar.open_end = max(latest, start + dt.timedelta(days=30)), True
    return bar


def _timeline_rows(G: nx.MultiDiGraph, node: str, players: bool) -> tuple[list[_Row], str]:
    kind = G.nodes[node]["kind"]
    latest = _latest_date(G) or dt.date.today()
    changes = _coach_changes(G)
    rows: dict[str, _Row] = {}

    def row(n: str) -> _Row:
        if n not in rows:
            rows[n] = _Row(G.nodes[n].get("label", n) if n in G else n)
        return rows[n]

    def when(d: dict) -> dt.date | None:
        return _anchor(d.get("start")) or _anchor(d.get("end")) or _anchor(d.get("published"))

    def label(n: str) -> str:
        return G.nodes[n].get("label", n) if n in G else n

    def add_fact(row_key: str, person: str, team: str, d: dict) -> None:
        rel, status = d["relation"], d.get("status", "confirmed")
        if status == "denied":
            w = when(d)
            if w:
                row(row_key).markers.append(_Marker(w, "denied", status, f"denied: {rel}"))
            return
        if rel in ("playedFor", "coached"):
            item = _stint(G, person, team, d, latest, changes)
            if isinstance(item, _Bar):
                row(row_key).bars.append(item)
            elif item is not None:
                row(row_key).markers.append(item)
        elif rel == "candidateFor":
            w = when(d)
            if w:
                row(row_key).markers.append(_Marker(w, "candidate", status, "candidate"))

    if kind == "person":
        for _, v, d in G.out_edges(node, data=True):
            if d["relation"] == "replaced":
                w = when(d)
                if w and d.get("team") and d.get("status") != "denied":
                    row(d["team"]).markers.append(_Marker(w, "replaced", d["status"], f"replaced {label(v)}"))
                elif w and d.get("team"):
                    row(d["team"]).markers.append(_Marker(w, "denied", "denied", f"denied: replaced {label(v)}"))
            else:
                add_fact(v, node, v, d)
        for u, _, d in G.in_edges(node, data=True):
            if d["relation"] == "replaced" and d.get("team") and d.get("status") != "denied":
                w = when(d)
                if w:
                    row(d["team"]).markers.append(_Marker(w, "succeeded", d["status"], f"succeeded by {label(u)}"))
        what = "Career of"
    else:
        for u, _, d in G.in_edges(node, data=True):
            if d["relation"] == "playedFor" and not players:
                continue
            if d["relation"] in ("playedFor", "coached", "candidateFor"):
                add_fact(u, u, node, d)
        for u, v, d in G.edges(data=True):
            if d["relation"] == "replaced" and d.get("team") == node:
                w = when(d)
                if w:
                    kind_ = "denied" if d.get("status") == "denied" else "replaced"
                    row(u).markers.append(_Marker(w, kind_, d["status"], f"replaced {label(v)}"))
        what = "Coaches and players of" if players else "Coaches of"
    out = [r for r in rows.values() if r.bars or r.markers]
    for r in out:
        r.bars = _merge(r.bars)
    out.sort(key=lambda r: (r.first(), r.label))
    return out, f"{what} {G.nodes[node].get('label', node)}"


_MARKER_STYLE = {
    "candidate": dict(marker="D", color=RELATION_COLORS["candidateFor"], size=8, label="candidate for the post"),
    "denied": dict(marker="X", color=DENIED_COLOR, size=9, label="denied"),
    "replaced": dict(marker=">", color=RELATION_COLORS["replaced"], size=9, label="replaced predecessor"),
    "succeeded": dict(marker="|", color="#444444", size=12, label="succeeded by"),
    "undated": dict(marker="s", color="#7f7f7f", size=7, label="stint, date unknown (article date)"),
}


def timeline(store_or_path, entity: str, out_path: str | Path, *, players: bool = False,
             title: str | None = None, graph: nx.MultiDiGraph | None = None) -> Path:
    """A Gantt-like career (PERSON) or coaching (CLUB) timeline as PNG or SVG (by extension).

    Person: one row per team, a bar per stint coloured by role, candidacies as diamonds,
    denied facts as red crosses. Club: one row per coach (``players=True`` adds players).
    Open-ended stints run to the latest date known in the graph (dotted line); an open head
    coach stint ends where the team's next head coach starts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    import matplotlib.dates as mdates

    out_path = Path(out_path)
    ext = out_path.suffix.lower()
    if ext not in (".png", ".svg"):
        raise KickgraphError(f"{out_path}: the timeline is written as .png or .svg; change the extension.")
    G = graph if graph is not None else to_networkx(store_or_path)
    found = find_nodes(G, entity)
    if not found:
        names = sorted(G.nodes[n]["label"] for n in G)
        raise KickgraphError(f"no person or club named {entity!r} in the graph; e.g. {', '.join(names[:10])}.")
    if len({G.nodes[n]["label"] for n in found}) > 1:
        raise KickgraphError(f"{entity!r} is ambiguous: {', '.join(sorted({G.nodes[n]['label'] for n in found}))}.")
    node = found[0]
    rows, default_title = _timeline_rows(G, node, players)
    if not rows:
        raise KickgraphError(f"no dated career facts about {G.nodes[node]['label']!r} to draw.")
    latest = _latest_date(G)

    height = 1.6 + 0.5 * len(rows)
    fig = Figure(figsize=(11, max(3.0, height)), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    used_keys: set[str] = set()
    used_markers: set[str] = set()
    any_reported = any_open = False
    for i, r in enumerate(rows):
        y = len(rows) - 1 - i
        for b in r.bars:
            color = ROLE_COLORS.get(b.color_key, "#7f7f7f")
            used_keys.add(b.color_key)
            left = mdates.date2num(b.start)
            width = max(mdates.date2num(b.end) - left, 20)
            reported = b.status == "reported"
            any_reported |= reported
            ax.barh(y, width, left=left, height=0.55, color=color, alpha=0.45 if reported or b.unknown_end else 0.9,
                    edgecolor=color, hatch="///" if reported else None, linewidth=1.2)
            if b.open_end:
                any_open = True
                ax.plot([left + width], [y], marker=">", color=color, markersize=7)
            span = f"{b.start.year}–" + ("" if b.open_end else ("?" if b.unknown_end else str(b.end.year)))
            if width > 300:
                ax.text(left + width / 2, y, span, va="center", ha="center", fontsize=7,
                        color="white" if not reported else "black")
        for m in r.markers:
            st = _MARKER_STYLE[m.kind]
            used_markers.add(m.kind)
            color = ROLE_COLORS.get(m.color_key, st["color"]) if m.kind == "undated" else st["color"]
            hollow = m.status == "reported" and m.kind in ("candidate", "replaced")
            ax.plot([mdates.date2num(m.date)], [y], linestyle="none", marker=st["marker"], markersize=st["size"],
                    markerfacecolor="white" if hollow else color, markeredgecolor=color if hollow else "black",
                    markeredgewidth=1.2 if hollow else 0.6, zorder=5)
            if m.kind in ("replaced", "succeeded"):
                below = m.kind == "succeeded"
                ax.annotate(m.text, (mdates.date2num(m.date), y), xytext=(0, -10 if below else 9),
                            textcoords="offset points", fontsize=6.5, ha="center", va="top" if below else "baseline",
                            color="#333333")
    if latest:
        ax.axvline(mdates.date2num(latest), color="#555555", linestyle=":", linewidth=1)
        ax.annotate(f"latest report {latest.isoformat()}", (mdates.date2num(latest), len(rows) - 0.45),
                    fontsize=7, ha="right", va="bottom", color="#555555")
    ax.use_sticky_edges = False
    ax.margins(x=0.03)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r.label for r in reversed(rows)], fontsize=9)
    ax.set_ylim(-0.7, len(rows) - 0.1)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", linewidth=0.7)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(title or default_title, fontsize=13, loc="left", fontweight="bold")

    handles = [Patch(facecolor=ROLE_COLORS[k], label=ROLE_LABELS[k]) for k in ROLE_COLORS
               if k in used_keys and not (k == "coached" and "head_coach" in used_keys)
               and not (k == "playedFor" and "player" in used_keys)]
    if any_reported:
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="///", label="reported (unconfirmed)"))
    if any_open:
        handles.append(Line2D([], [], color="#555555", marker=">", linestyle="-", label="ongoing"))
    for k in ("candidate", "replaced", "succeeded", "denied", "undated"):
        if k in used_markers:
            st = _MARKER_STYLE[k]
            handles.append(Line2D([], [], linestyle="none", marker=st["marker"], markersize=7,
                                  markerfacecolor=st["color"], markeredgecolor="black", label=st["label"]))
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12 if len(rows) > 3 else -0.22),
                  ncol=min(len(handles), 4), fontsize=8, frameon=False)
    fig.tight_layout()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out_path, format=ext[1:], bbox_inches="tight")
    return out_path


# --------------------------------------------------------------------- template

_HTML_TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>__TITLE__</title>
<style>
  html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, "DejaVu Sans", sans-serif; color: #222; }
  body { display: grid; grid-template-rows: auto 1fr; grid-template-columns: 230px 1fr; }
  header { grid-column: 1 / 3; display: flex; gap: 12px; align-items: center; padding: 8px 12px;
           background: #20344f; color: #fff; flex-wrap: wrap; }
  header h1 { font-size: 16px; margin: 0 12px 0 0; font-weight: 600; }
  header input, header select { font: inherit; padding: 3px 6px; border-radius: 4px; border: 1px solid #889; }
  header input { width: 200px; }
  #search-info, #counts { font-size: 12px; opacity: .85; }
  aside { padding: 10px 12px; border-right: 1px solid #ddd; overflow: auto; background: #fafafa; }
  aside h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #667; margin: 12px 0 4px; }
  aside label { display: flex; align-items: center; gap: 6px; margin: 3px 0; cursor: pointer; }
  aside svg { flex: none; }
  aside p { font-size: 11px; color: #667; }
  main { position: relative; overflow: hidden; }
  #canvas { width: 100%; height: 100%; display: block; background: #fff; cursor: grab; touch-action: none; }
  #canvas.panning { cursor: grabbing; }
  .edge path.line { fill: none; stroke-width: 1.8; }
  .edge path.hit { fill: none; stroke: transparent; stroke-width: 10; cursor: pointer; }
  .edge.reported path.line { stroke-dasharray: 6 4; }
  .edge.denied path.line { stroke-dasharray: 2 3; }
  .edge path.cross { stroke: #d62728; stroke-width: 2.5; fill: none; }
  .edge.hover path.line, .edge.hit-edge path.line { stroke-width: 3.5; }
  .node { cursor: pointer; }
  .node .shape { stroke: #33475b; stroke-width: 1.2; }
  .node text { font-size: 12px; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round;
               fill: #1b2733; pointer-events: none; }
  .node.hover .shape, .node.hit .shape { stroke: #e6550d; stroke-width: 3.5; }
  .node.hit text { font-weight: 700; }
  .dim { opacity: .15; }
  .hidden { display: none; }
  #tooltip { position: absolute; max-width: 380px; background: #fff; border: 1px solid #9aa; border-radius: 6px;
             box-shadow: 0 3px 12px rgba(0,0,0,.18); padding: 8px 10px; font-size: 12px; pointer-events: auto;
             z-index: 10; }
  #tooltip[hidden] { display: none; }
  #tooltip .tt-title { font-weight: 700; margin-bottom: 4px; }
  #tooltip dl { display: grid; grid-template-columns: auto 1fr; gap: 1px 8px; margin: 4px 0; }
  #tooltip dt { color: #667; }
  #tooltip dd { margin: 0; }
  #tooltip blockquote { margin: 6px 0; padding: 4px 8px; border-left: 3px solid #bbb; background: #f5f5f5;
                        font-style: italic; }
  #tooltip ul { margin: 4px 0; padding-left: 16px; }
  #tooltip .status-denied { color: #d62728; font-weight: 700; }
</style>
</head>
<body>
<header>
  <h1>__TITLE__</h1>
  <input id="search" type="search" placeholder="Search a person or team" list="names" autocomplete="off" aria-label="search">
  <datalist id="names"></datalist>
  <span id="search-info"></span>
  <label>Club <select id="club" aria-label="filter by club"><option value="">all clubs</option></select></label>
  <span id="counts"></span>
</header>
<aside>
  <h2>Nodes</h2>
  <label><svg width="18" height="18"><circle cx="9" cy="9" r="7" class="lg-person"/></svg> person</label>
  <label><svg width="18" height="18"><rect x="2" y="2" width="14" height="14" rx="3" class="lg-team"/></svg> team</label>
  <h2>Relations</h2>
  <div id="relations"></div>
  <h2>Certainty</h2>
  <div id="statuses"></div>
  <p>Hover or click a node or an edge for details and the evidence sentence. Drag to pan, wheel to zoom,
  drag a node to move it.</p>
</aside>
<main>
  <svg id="canvas" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="career network">
    <defs id="defs"></defs>
    <g id="viewport"><g id="edges"></g><g id="nodes"></g></g>
  </svg>
  <div id="tooltip" hidden></div>
</main>
<script type="application/json" id="kg-data">__DATA__</script>
<script>
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var C = DATA.colors;
  var RELATION_NAMES = {playedFor: "played for", coached: "coached", replaced: "replaced", candidateFor: "candidate for"};
  var ROLE_NAMES = {head_coach: "head coach", interim_coach: "interim coach", assistant_coach: "assistant coach",
                    youth_coach: "youth/reserve coach", player: "player"};
  var svg = document.getElementById("canvas"), viewport = document.getElementById("viewport");
  var edgeLayer = document.getElementById("edges"), nodeLayer = document.getElementById("nodes");
  var tooltip = document.getElementById("tooltip"), main = document.querySelector("main");
  var nodes = DATA.nodes, edges = DATA.edges;
  var byId = {}, pinned = null, view = {x: 0, y: 0, k: 1};
  var state = {club: "", relations: {}, statuses: {}, hits: null};

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function h(tag, text, parent, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function norm(s) {
    return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/\u00df/g, "ss")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  function edgeColor(e) { return e.status === "denied" ? C.denied : (C.relations[e.relation] || "#777"); }
  function radius(n) { return 7 + Math.min(9, 2 * Math.sqrt(n.degree)); }

  // ----------------------------------------------------------------- legend / controls
  document.querySelector(".lg-person").setAttribute("fill", C.person);
  document.querySelector(".lg-person").setAttribute("stroke", "#33475b");
  document.querySelector(".lg-team").setAttribute("fill", C.team);
  document.querySelector(".lg-team").setAttribute("stroke", "#33475b");
  var defs = document.getElementById("defs");
  function marker(id, color) {
    var m = el("marker", {id: id, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "11", markerHeight: "11",
                          markerUnits: "userSpaceOnUse", orient: "auto-start-reverse"}, defs);
    el("path", {d: "M0,0 L10,5 L0,10 z", fill: color}, m);
  }
  Object.keys(C.relations).forEach(function (r) { marker("arrow-" + r, C.relations[r]); });
  marker("arrow-denied", C.denied);

  function toggle(container, key, label, drawSample, store) {
    var lab = h("label", null, container);
    var box = h("input", null, lab); box.type = "checkbox"; box.checked = true; box.value = key;
    store[key] = true;
    var s = el("svg", {width: "34", height: "12"}, lab); drawSample(s);
    h("span", label, lab);
    box.addEventListener("change", function () { store[key] = box.checked; applyFilters(); });
  }
  var present = {}, presentStatus = {};
  edges.forEach(function (e) { present[e.relation] = true; presentStatus[e.status] = true; });
  Object.keys(C.relations).forEach(function (r) {
    toggle(document.getElementById("relations"), r, RELATION_NAMES[r] || r, function (s) {
      el("line", {x1: 1, y1: 6, x2: 33, y2: 6, stroke: C.relations[r], "stroke-width": 3}, s);
    }, state.relations);
  });
  [["confirmed", "confirmed", ""], ["reported", "reported (dashed)", "6 4"], ["denied", "denied (red, crossed)", "2 3"]]
    .forEach(function (st) {
      toggle(document.getElementById("statuses"), st[0], st[1], function (s) {
        el("line", {x1: 1, y1: 6, x2: 33, y2: 6, stroke: st[0] === "denied" ? C.denied : "#555",
                    "stroke-width": 2.5, "stroke-dasharray": st[2]}, s);
        if (st[0] === "denied") el("path", {d: "M13,2 L21,10 M13,10 L21,2", stroke: C.denied, "stroke-width": 2}, s);
      }, state.statuses);
    });

  var names = document.getElementById("names"), clubSelect = document.getElementById("club");
  nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    var o = document.createElement("option"); o.value = n.label; names.appendChild(o);
    if (n.kind === "team") {
      var c = document.createElement("option"); c.value = n.id; c.textContent = n.label; clubSelect.appendChild(c);
    }
  });

  // ----------------------------------------------------------------- drawing
  nodes.forEach(function (n) { byId[n.id] = n; n.edges = []; });
  edges.forEach(function (e) { byId[e.id] = e; byId[e.source].edges.push(e); if (e.target !== e.source) byId[e.target].edges.push(e); });
  var pairs = {};
  edges.forEach(function (e) {
    var k = e.source < e.target ? e.source + "|" + e.target : e.target + "|" + e.source;
    (pairs[k] = pairs[k] || []).push(e);
  });
  Object.keys(pairs).forEach(function (k) {
    var list = pairs[k];
    list.forEach(function (e, i) {
      var off = (i - (list.length - 1) / 2) * 22;
      e.offset = e.source < e.target ? off : -off;
    });
  });

  edges.forEach(function (e) {
    var g = el("g", {"class": "edge " + e.status + " rel-" + e.relation, id: e.id, "data-id": e.id}, edgeLayer);
    e.el = g;
    e.line = el("path", {"class": "line", stroke: edgeColor(e),
                         "marker-end": "url(#arrow-" + (e.status === "denied" ? "denied" : e.relation) + ")"}, g);
    if (e.status === "denied") e.cross = el("path", {"class": "cross"}, g);
    e.hit = el("path", {"class": "hit"}, g);
    bindHover(g, e);
  });
  nodes.forEach(function (n) {
    var g = el("g", {"class": "node", id: n.id, "data-id": n.id, "data-kind": n.kind}, nodeLayer);
    n.el = g;
    var r = radius(n);
    if (n.kind === "team") el("rect", {"class": "shape", x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 4, fill: C.team}, g);
    else el("circle", {"class": "shape", r: r, fill: C.person}, g);
    var t = el("text", {x: r + 3, y: 4}, g); t.textContent = n.label;
    bindHover(g, n);
    bindDrag(g, n);
  });

  function edgeGeometry(e) {
    var s = byId[e.source], t = byId[e.target];
    if (s === t) {
      var r0 = radius(s);
      return {d: "M" + s.x + "," + (s.y - r0) + " C" + (s.x - 40) + "," + (s.y - 60) + " " + (s.x + 40) + "," +
              (s.y - 60) + " " + (s.x + 2) + "," + (s.y - r0 - 2), mx: s.x, my: s.y - 45};
    }
    var dx = t.x - s.x, dy = t.y - s.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var nx = -dy / len, ny = dx / len;
    var cx = (s.x + t.x) / 2 + nx * e.offset * 2, cy = (s.y + t.y) / 2 + ny * e.offset * 2;
    // shorten the end so the arrow head touches the target's outline
    var ex = t.x - cx, ey = t.y - cy, el2 = Math.sqrt(ex * ex + ey * ey) || 1, rt = radius(t) + 2;
    var tx = t.x - ex / el2 * rt, ty = t.y - ey / el2 * rt;
    return {d: "M" + s.x + "," + s.y + " Q" + cx + "," + cy + " " + tx + "," + ty,
            mx: 0.25 * s.x + 0.5 * cx + 0.25 * t.x, my: 0.25 * s.y + 0.5 * cy + 0.25 * t.y};
  }
  function drawEdge(e) {
    var g = edgeGeometry(e);
    e.line.setAttribute("d", g.d); e.hit.setAttribute("d", g.d);
    e.mx = g.mx; e.my = g.my;
    if (e.cross) e.cross.setAttribute("d", "M" + (g.mx - 5) + "," + (g.my - 5) + " L" + (g.mx + 5) + "," + (g.my + 5) +
                                      " M" + (g.mx - 5) + "," + (g.my + 5) + " L" + (g.mx + 5) + "," + (g.my - 5));
  }
  function drawNode(n) { n.el.setAttribute("transform", "translate(" + n.x + "," + n.y + ")"); }
  nodes.forEach(drawNode);
  edges.forEach(drawEdge);

  // ----------------------------------------------------------------- view (pan / zoom / fit)
  function applyView() { viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")"); }
  function fit(list) {
    list = list && list.length ? list : nodes;
    var w = svg.clientWidth || 800, hh = svg.clientHeight || 600;
    if (!list.length) { view = {x: w / 2, y: hh / 2, k: 1}; applyView(); return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    list.forEach(function (n) { x0 = Math.min(x0, n.x); y0 = Math.min(y0, n.y); x1 = Math.max(x1, n.x); y1 = Math.max(y1, n.y); });
    var pad = 60, bw = Math.max(x1 - x0, 1), bh = Math.max(y1 - y0, 1);
    var k = Math.min((w - 2 * pad - 120) / bw, (hh - 2 * pad) / bh, 1.6);
    view = {k: k, x: w / 2 - k * (x0 + x1) / 2 - 40, y: hh / 2 - k * (y0 + y1) / 2};
    applyView();
  }
  function toWorld(cx, cy) {
    var r = svg.getBoundingClientRect();
    return {x: (cx - r.left - view.x) / view.k, y: (cy - r.top - view.y) / view.k};
  }
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.target.closest && (ev.target.closest(".node") || ev.target.closest(".edge"))) return;
    drag = {pan: true, sx: ev.clientX, sy: ev.clientY, vx: view.x, vy: view.y, moved: false};
    svg.classList.add("panning");
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    if (drag.pan) {
      view.x = drag.vx + ev.clientX - drag.sx; view.y = drag.vy + ev.clientY - drag.sy; applyView();
    } else {
      var p = toWorld(ev.clientX, ev.clientY);
      drag.node.x = p.x; drag.node.y = p.y; drawNode(drag.node); drag.node.edges.forEach(drawEdge);
    }
    drag.moved = true;
  });
  function endDrag() {
    if (drag && drag.pan && !drag.moved) unpin();
    drag = null; svg.classList.remove("panning");
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
    var f = Math.exp(-ev.deltaY * 0.0015), k = Math.max(0.1, Math.min(8, view.k * f));
    view.x = mx - (mx - view.x) * k / view.k; view.y = my - (my - view.y) * k / view.k; view.k = k; applyView();
  }, {passive: false});
  function bindDrag(g, n) {
    g.addEventListener("pointerdown", function (ev) {
      ev.stopPropagation();
      drag = {pan: false, node: n, moved: false};
      svg.setPointerCapture(ev.pointerId);
    });
  }

  // ----------------------------------------------------------------- tooltips
  function dates(e) {
    if (!e.start && !e.end) return "";
    return (e.start || "?") + " – " + (e.end || (e.tense === "past" ? "?" : ""));
  }
  function row(dl, k, v, cls) {
    if (v === "" || v === null || v === undefined) return;
    h("dt", k, dl); h("dd", String(v), dl, cls);
  }
  function factText(e) {
    return byId[e.source].label + " " + (RELATION_NAMES[e.relation] || e.relation) + " " + byId[e.target].label +
      (e.team_label && e.relation === "replaced" ? " at " + e.team_label : "") +
      (dates(e) ? " (" + dates(e) + ")" : "") + (e.status !== "confirmed" ? " [" + e.status + "]" : "");
  }
  function fillEdge(e) {
    h("div", byId[e.source].label + " → " + (RELATION_NAMES[e.relation] || e.relation) + " → " + byId[e.target].label,
      tooltip, "tt-title");
    var dl = h("dl", null, tooltip);
    row(dl, "status", e.status, "status-" + e.status);
    row(dl, "role", ROLE_NAMES[e.role] || e.role);
    if (e.relation === "replaced") row(dl, "at", e.team_label);
    row(dl, "time", dates(e));
    row(dl, "tense", e.tense);
    row(dl, "confidence", e.confidence ? e.confidence.toFixed(2) : "");
    if (e.evidence) h("blockquote", e.evidence, tooltip, "evidence");
    var src = h("div", null, tooltip, "source");
    h("span", "Source: ", src);
    if (e.url && /^https?:\/\//i.test(e.url)) {
      var a = h("a", e.headline || e.url, src); a.href = e.url; a.target = "_blank"; a.rel = "noopener noreferrer";
    } else if (e.headline) h("span", e.headline, src);
    if (e.article) h("span", " [" + e.article + (e.published ? ", " + e.published : "") + "]", src, "article-id");
  }
  function fillNode(n) {
    h("div", n.label, tooltip, "tt-title");
    var dl = h("dl", null, tooltip);
    row(dl, "kind", n.kind);
    row(dl, "Wikidata", n.qid);
    row(dl, "also", n.aliases.join(", "));
    row(dl, "facts", n.edges.length);
    var ul = h("ul", null, tooltip);
    n.edges.slice(0, 10).forEach(function (e) { h("li", factText(e), ul); });
    if (n.edges.length > 10) h("li", "… " + (n.edges.length - 10) + " more", ul);
  }
  function showTooltip(item, cx, cy) {
    while (tooltip.firstChild) tooltip.removeChild(tooltip.firstChild);
    tooltip.setAttribute("data-for", item.id);
    if (item.source !== undefined) fillEdge(item); else fillNode(item);
    tooltip.hidden = false;
    var r = main.getBoundingClientRect();
    var x = cx - r.left + 14, y = cy - r.top + 14;
    var tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
    if (x + tw > r.width - 4) x = Math.max(4, cx - r.left - tw - 14);
    if (y + th > r.height - 4) y = Math.max(4, r.height - th - 4);
    tooltip.style.left = x + "px"; tooltip.style.top = y + "px";
  }
  function hideTooltip() { if (!pinned) { tooltip.hidden = true; tooltip.removeAttribute("data-for"); } }
  function unpin() { pinned = null; clearHover(); hideTooltip(); }
  function clearHover() {
    Array.prototype.forEach.call(document.querySelectorAll(".hover"), function (x) { x.classList.remove("hover"); });
  }
  // the one hover code path: mouse events and #hover=<id> both call this
  function hoverItem(item, cx, cy) {
    if (pinned && pinned !== item) return;
    clearHover();
    item.el.classList.add("hover");
    if (cx === undefined) {
      var b = (item.source !== undefined ? item.line : item.el).getBoundingClientRect();
      cx = b.left + b.width / 2; cy = b.top + b.height / 2;
    }
    showTooltip(item, cx, cy);
  }
  function bindHover(g, item) {
    g.addEventListener("mouseenter", function (ev) { hoverItem(item, ev.clientX, ev.clientY); });
    g.addEventListener("mousemove", function (ev) { if (!pinned) showTooltip(item, ev.clientX, ev.clientY); });
    g.addEventListener("mouseleave", function () { if (!pinned) { item.el.classList.remove("hover"); hideTooltip(); } });
    g.addEventListener("click", function (ev) {
      if (drag && drag.moved) return;
      pinned = null; hoverItem(item, ev.clientX, ev.clientY); pinned = item; ev.stopPropagation();
    });
  }

  // ----------------------------------------------------------------- filters and search
  function edgeVisible(e) {
    if (!state.relations[e.relation] || !state.statuses[e.status]) return false;
    if (state.club && e.target !== state.club && e.team !== state.club) return false;
    return true;
  }
  function applyFilters() {
    var visibleNodes = {}, nEdges = 0;
    edges.forEach(function (e) {
      var v = edgeVisible(e);
      e.visible = v;
      e.el.classList.toggle("hidden", !v);
      if (v) { nEdges++; visibleNodes[e.source] = true; visibleNodes[e.target] = true; }
    });
    var nNodes = 0;
    nodes.forEach(function (n) {
      var v = state.club ? (n.id === state.club || !!visibleNodes[n.id]) : (!!visibleNodes[n.id] || n.edges.length === 0);
      n.visible = v;
      n.el.classList.toggle("hidden", !v);
      if (v) nNodes++;
    });
    document.getElementById("counts").textContent = nNodes + " nodes, " + nEdges + " facts";
    applySearch();
  }
  function applySearch() {
    var q = norm(document.getElementById("search").value), info = document.getElementById("search-info");
    var hits = {};
    state.hits = null;
    if (q) {
      state.hits = nodes.filter(function (n) {
        return n.visible && [n.label].concat(n.aliases).some(function (s) { return norm(s).indexOf(q) >= 0; });
      });
      state.hits.forEach(function (n) { hits[n.id] = true; });
      info.textContent = state.hits.length + (state.hits.length === 1 ? " match" : " matches");
    } else info.textContent = "";
    var near = {};
    edges.forEach(function (e) {
      if (e.visible && (hits[e.source] || hits[e.target])) { near[e.source] = true; near[e.target] = true; }
    });
    nodes.forEach(function (n) {
      n.el.classList.toggle("hit", !!hits[n.id]);
      n.el.classList.toggle("dim", !!q && !hits[n.id] && !near[n.id]);
    });
    edges.forEach(function (e) { e.el.classList.toggle("dim", !!q && !hits[e.source] && !hits[e.target]); });
    return state.hits || [];
  }
  function focusSearch() {
    var hits = applySearch();
    if (hits.length) {
      fit(hits.length === 1 ? hits.concat(hits[0].edges.map(function (e) {
        return byId[e.source === hits[0].id ? e.target : e.source];
      })) : hits);
      hoverItem(hits[0]);
    }
  }
  var search = document.getElementById("search");
  search.addEventListener("input", applySearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") focusSearch(); });
  search.addEventListener("change", focusSearch);
  clubSelect.addEventListener("change", function () {
    state.club = clubSelect.value;
    unpin(); applyFilters();
    fit(nodes.filter(function (n) { return n.visible; }));
  });

  // ----------------------------------------------------------------- URL hash: #hover=e3&search=name&club=n2
  function applyHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("=");
      params[decodeURIComponent(i < 0 ? kv : kv.slice(0, i))] = i < 0 ? "" : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " "));
    });
    if (params.club !== undefined) {
      var club = byId[params.club] && byId[params.club].kind === "team" ? params.club : "";
      if (!club) nodes.forEach(function (n) { if (n.kind === "team" && norm(n.label) === norm(params.club)) club = n.id; });
      clubSelect.value = club; state.club = club; applyFilters();
      fit(nodes.filter(function (n) { return n.visible; }));
    }
    if (params.search !== undefined) { search.value = params.search; focusSearch(); }
    if (params.hover && byId[params.hover]) { pinned = null; hoverItem(byId[params.hover]); }
  }
  window.addEventListener("hashchange", applyHash);
  window.addEventListener("resize", function () { fit(nodes.filter(function (n) { return n.visible; })); });

  applyFilters();
  fit(nodes);
  applyHash();
  document.body.setAttribute("data-ready", "1");
})();
</script>
</body>
</html>
"""
