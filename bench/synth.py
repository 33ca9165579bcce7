#!/usr/bin/env python
"""Synthetic kickgraph graphs of a given size, with the shape of real builds, as N-Quads.

    python bench/synth.py 1m -o /tmp/kg-1m.nq [--seed 7]

The graph is made the way ``kickgraph build`` makes one: synthetic
:class:`~kickgraph.model.Extraction` objects (articles, persons, teams, facts with
qualifiers and evidence) go through :func:`kickgraph.rdf.extraction_quads`, one named graph
per article, plus the ontology graph and a ``kg:graph/wikidata`` slice made by
:func:`kickgraph.wikidata.wikidata_quads` (so ``news_vs_wikidata.rq`` has work to do).

Shape (per article, as in builds of the dev articles): 1-8 facts (mean ~4.5) over
coached 35 % / playedFor 25 % / candidateFor 25 % / replaced 15 %; status confirmed 65 % /
reported 25 % / denied 10 %; roles, tenses, start/end dates of year, month or day precision,
evidence sentences. Persons and teams are drawn with a Zipf-like popularity from pools that
grow with the graph, so popular coaches and clubs occur in thousands of articles; ~40 % of
persons and ~60 % of teams carry a Wikidata QID. Names and texts are made up from word lists.

The file is written streaming (constant memory) and is deterministic for a seed. The last
batch may overshoot the target by a few hundred quads; :func:`generate` returns the count.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import pyoxigraph as ox

from kickgraph.model import Article, Entity, Evidence, Extraction, Fact
from kickgraph.ontology import Vocabulary
from kickgraph.pipeline import ontology_quads
from kickgraph.rdf import extraction_quads

SYNTH_VERSION = 2  # bump when the shape changes (cached files are keyed by it)
QUADS_PER_ARTICLE = 100  # measured average of extraction_quads below; sizes the entity pools
WIKIDATA_SHARE = 0.05  # share of the quads in kg:graph/wikidata

FIRST = ("Thomas Michael Andreas Stefan Markus Frank Jürgen Dirk Uwe Jens Sven Marco Sebastian Florian "
         "Tobias Christian Daniel Alexander Jan Niklas Lukas Felix Jonas Leon Paul Julian Tim Kevin Dennis "
         "Patrick Marcel Mario Robin Benedikt Dominik Manuel Fabian Pascal Oliver Matthias Heiko Holger "
         "Rüdiger Bernd Horst Dieter Klaus Norbert Werner Enrico Miroslav Ante Zoran Ivan Luca Nico Erik "
         "Timo Kai Ole Malte Hannes").split()
LAST = ("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
        "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt "
        "Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser "
        "Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger "
        "Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin "
        "Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf "
        "Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer "
        "Maaßen Antwerpen Lindner Kovač Petrović Nowak Yilmaz Öztürk Rossi").split()
PREFIX = ("FC,SV,TSV,SC,VfB,VfL,1. FC,SpVgg,FSV,TuS,SG,Eintracht,Borussia,Union,Fortuna,Alemannia,"
          "Rot-Weiss,Viktoria,Germania,Preußen,Kickers,Sportfreunde,ASV,BSC").split(",")
TOWN = ("Aachen Augsburg Bamberg Bielefeld Bochum Bonn Bremen Chemnitz Cottbus Darmstadt Dessau Dortmund "
        "Dresden Duisburg Düren Erfurt Essen Frankfurt Freiburg Fürth Gera Gießen Göttingen Halle Hamburg "
        "Hamm Hannover Heidelberg Heilbronn Hildesheim Homburg Ingolstadt Jena Kassel Kiel Koblenz Köln "
        "Krefeld Leipzig Lübeck Magdeburg Mainz Mannheim Meppen Münster Neuss Nürnberg Oberhausen "
        "Offenbach Oldenburg Osnabrück Paderborn Passau Pforzheim Potsdam Regensburg Rheintal Rostock "
        "Saarbrücken Sandhausen Siegen Solingen Stuttgart Trier Ulm Unterhaching Verl Wiesbaden Worms "
        "Wuppertal Würzburg Zwickau Altach Linz Graz Salzburg Innsbruck Basel Bern Luzern Zürich Aarau").split()
PUBLISHERS = ("Sportblatt", "Kicker-Rundschau", "Fußball-Woche", "Tageszeitung Nord", "Südkurier Sport",
              "Ballgeflüster", "RevierSport-Echo", "Alpen-Kurier", "Stadionpost", "90 Minuten Online",
              "Westdeutscher Anzeiger", "Transfer-Ticker")
TEMPLATES = {
    "coached": ("{s} ist neuer Trainer beim {o}.", "Der {o} trennt sich von Trainer {s}.",
                "{s} übernimmt ab sofort den {o}.", "{s} war von {a} bis {b} Coach des {o}."),
    "playedFor": ("{s} spielte früher für den {o}.", "{s} wechselt zum {o}.",
                  "Der {o} verpflichtet Mittelfeldspieler {s}."),
    "candidateFor": ("{s} gilt als Kandidat beim {o}.", "Der {o} soll an {s} interessiert sein.",
                     "{s} ist beim {o} kein Thema, heißt es aus dem Verein."),
    "replaced": ("{s} folgt beim {t} auf {o}.", "Der {t} ersetzt {o} durch {s}."),
}
RELATIONS = (("coached", 35), ("playedFor", 25), ("candidateFor", 25), ("replaced", 15))
STATUSES = (("confirmed", 65), ("reported", 25), ("denied", 10))
COACH_ROLES = (("head_coach", 70), ("interim_coach", 12), ("assistant_coach", 12), ("youth_coach", 6))
TENSES = (("past", 45), ("current", 35), ("future", 10), (None, 10))


def parse_size(text: str) -> int:
    """"100k" -> 100000, "1m" -> 1000000, "2.5M" -> 2500000, "12345" -> 12345."""
    t = text.strip().lower().replace("_", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1_000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    return int(float(t) * mult)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def _weighted(rng: random.Random, table):
    items, weights = zip(*table)
    return rng.choices(items, weights)[0]


class _Zipf:
    """Draw indices 0..n-1 with probability ~ 1/(rank+10)^s (a few very popular items)."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        self.n = n
        self.cum = list(itertools.accumulate(1.0 / (i + 10) ** s for i in range(n)))

    def draw(self, rng: random.Random) -> int:
        return min(bisect.bisect_left(self.cum, rng.random() * self.cum[-1]), self.n - 1)


def person_name(i: int) -> str:
    f, rest = FIRST[i % len(FIRST)], i // len(FIRST)
    last = LAST[rest % len(LAST)]
    rest //= len(LAST)
    if rest:  # beyond first x last: double surnames, then numbered (still unique slugs)
        last = f"{last}-{LAST[(rest - 1) % len(LAST)]}"
        rest = (rest - 1) // len(LAST)
        if rest:
            last = f"{last} {rest + 1}"
    return f"{f} {last}"


def team_name(i: int) -> str:
    p, rest = PREFIX[i % len(PREFIX)], i // len(PREFIX)
    town = TOWN[rest % len(TOWN)]
    rest //= len(TOWN)
    return f"{p} {town}" if not rest else f"{p} {town} {1890 + rest}"


def _qid(kind: str, i: int) -> str | None:
    """Deterministic: ~40 % of persons and ~60 % of teams are linked."""
    h = int(hashlib.md5(f"{kind}{i}".encode()).hexdigest()[:8], 16) % 100
    if kind == "person":
        return f"Q{1_000_000 + i}" if h < 40 else None
    return f"Q{500_000 + i}" if h < 60 else None


def _date(rng: random.Random, lo: int = 1995, hi: int = 2024) -> str:
    y = rng.randint(lo, hi)
    r = rng.random()
    if r < 0.45:
        return str(y)
    if r < 0.7:
        return f"{y}-{rng.randint(1, 12):02d}"
    return f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


class Generator:
    """Makes synthetic extractions; pools sized for about ``target`` quads."""

    def __init__(self, target: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        n_articles = max(50, target // QUADS_PER_ARTICLE)
        self.n_persons = max(200, n_articles // 2)
        self.n_teams = max(60, min(8_000, n_articles // 12))
        self.persons = _Zipf(self.n_persons)
        self.teams = _Zipf(self.n_teams, 0.9)

    def person(self, i: int) -> Entity:
        name = person_name(i)
        surname = name.split(" ", 1)[1]
        return Entity(f"p{i}", name, "person", (name, surname), qid=_qid("person", i))

    def team(self, i: int) -> Entity:
        name = team_name(i)
        aliases = (name, name.split(" ", 1)[1]) if i % 3 == 0 else (name,)
        return Entity(f"t{i}", name, "team", aliases, qid=_qid("team", i))

    def extraction(self, n: int) -> Extraction:
        rng = self.rng
        date = _date(rng, 2015, 2024)
        if len(date) < 10:
            date = None if rng.random() < 0.1 else f"{date[:4]}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        aid = f"syn-{n:08d}"
        art = Article(aid, "", date, f"https://news.example.org/{n}", f"Trainerwechsel {n}",
                      "de", PUBLISHERS[rng.randrange(len(PUBLISHERS))], "synthetic")
        ents: dict[str, Entity] = {}
        facts: dict[tuple[str, str, str], Fact] = {}
        text_pos = 0
        for _ in range(rng.choice((1, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8))):
            rel = _weighted(rng, RELATIONS)
            s = self.person(self.persons.draw(rng))
            team = self.team(self.teams.draw(rng))
            if rel == "replaced":
                o = self.person(self.persons.draw(rng))
                if o.key == s.key:
                    continue
            else:
                o = team
            key = (s.key, rel, o.key)
            if key in facts:
                continue
            ents[s.key], ents[o.key] = s, o
            status = _weighted(rng, STATUSES)
            role = "player" if rel == "playedFor" else _weighted(rng, COACH_ROLES)
            if rel == "playedFor" and rng.random() < 0.3:
                role = None
            start = _date(rng) if rng.random() < 0.7 else None
            end = None
            if start and rng.random() < 0.45:
                end = str(min(2025, int(start[:4]) + rng.randint(0, 4))) + start[4:]
            tpl = rng.choice(TEMPLATES[rel])
            text = tpl.format(s=s.name, o=o.name, t=team.name, a=(start or "2019")[:4], b=(end or "2021")[:4])
            evidence = Evidence(text, text_pos, text_pos + len(text), len(facts))
            text_pos += len(text) + 1
            if rel == "replaced":
                ents[team.key] = team
            facts[key] = Fact(s.key, rel, o.key, status, role, _weighted(rng, TENSES), start,
                              None if rel == "replaced" else end, team.key if rel == "replaced" else None,
                              round(rng.uniform(0.3, 0.95), 2), evidence)
        if not facts:
            return self.extraction(n)
        return Extraction(art, tuple(ents.values()), tuple(facts.values()))

    def wikidata_batch(self, n_items: int):
        """Wikidata statements (P54 / P6087 / P286 with qualifiers) for linked popular persons."""
        from kickgraph.wikidata import WikidataEntity, WikidataStatement

        rng = self.rng
        stmts, ents = [], {}
        for _ in range(n_items):
            p = self.persons.draw(rng)
            pq = _qid("person", p)
            if pq is None:
                continue
            ents[pq] = WikidataEntity(pq, {"de": person_name(p)}, {}, ("Q5",))
            for k in range(rng.randint(1, 3)):
                t = self.teams.draw(rng)
                tq = _qid("team", t)
                if tq is None:
                    continue
                ents[tq] = WikidataEntity(tq, {"de": team_name(t)}, {}, ("Q476028",))
                prop = rng.choice(("P54", "P54", "P6087", "P286"))
                start = _date(rng)
                end = str(int(start[:4]) + rng.randint(1, 5)) if rng.random() < 0.6 else None
                repl = ()
                if prop == "P286" and rng.random() < 0.5:
                    q = _qid("person", self.persons.draw(rng))
                    repl = (q,) if q and q != pq else ()
                    for r in repl:
                        ents.setdefault(r, WikidataEntity(r, {}, {}, ("Q5",)))
                stmts.append(WikidataStatement(f"http://www.wikidata.org/entity/statement/{pq}-{tq}-{k}-{prop}",
                                               prop, pq, tq, start, end, repl, ()))
        return stmts, list(ents.values())


def generate(path: str | Path, target: int, seed: int = 7, batch_articles: int = 500,
             progress: bool = False) -> dict:
    """Write about ``target`` quads of N-Quads to ``path``; returns {"quads", "articles", "seconds", ...}."""
    from kickgraph.wikidata import wikidata_quads

    t0 = time.perf_counter()
    vocab = Vocabulary.load()
    gen = Generator(target, seed)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    written = 0
    n_art = 0
    news_target = int(target * (1 - WIKIDATA_SHARE))
    club_count: dict[str, int] = {}
    with open(tmp, "wb") as fh:
        onto = ontology_quads()
        fh.write(ox.serialize(onto, format=ox.RdfFormat.N_QUADS))
        written += len(onto)
        while written < news_target:
            batch: list[ox.Quad] = []
            for _ in range(batch_articles):
                ex = gen.extraction(n_art)
                n_art += 1
                batch.extend(extraction_quads(ex, vocab, hashlib.sha1(ex.article.id.encode()).hexdigest()))
                for e in ex.entities:
                    if e.type == "team":
                        club_count[e.name] = club_count.get(e.name, 0) + 1
                if written + len(batch) >= news_target:
                    break
            fh.write(ox.serialize(batch, format=ox.RdfFormat.N_QUADS))
            written += len(batch)
            if progress:
                print(f"\r  {path.name}: {written:,} quads", end="", file=sys.stderr, flush=True)
        while written < target:
            stmts, ents = gen.wikidata_batch(200)
            quads = wikidata_quads(stmts, ents, vocab=vocab)[: max(0, target - written) + 50]
            fh.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            written += len(quads)
    tmp.replace(path)
    if progress:
        print(file=sys.stderr)
    top_person = person_name(0)
    top_club = max(club_count, key=club_count.get) if club_count else team_name(0)
    return {"quads": written, "articles": n_art, "seconds": time.perf_counter() - t0, "seed": seed,
            "persons_pool": gen.n_persons, "teams_pool": gen.n_teams, "top_person": top_person,
            "top_club": top_club, "synth_version": SYNTH_VERSION}


def cached(cache_dir: str | Path, target: int, seed: int = 7, progress: bool = False) -> tuple[Path, dict]:
    """The N-Quads file for (target, seed) in ``cache_dir``, generated once and reused."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"synth-v{SYNTH_VERSION}-{size_label(target)}-s{seed}.nq"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        meta["cached"] = True
        return path, meta
    meta = generate(path, target, seed, progress=progress)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    meta["cached"] = False
    return path, meta


def union_copy(path: str | Path) -> Path:
    """``path`` with every quad moved to the default graph (cached beside it as ``*-union.nq``).

    Loaded into a store this is the graph a SPARQL query over the union default graph should see:
    each triple once. Oxigraph 0.5 instead returns a triple once per named graph holding it
    (oxigraph issue #1919, fixed upstream by PR #1920, not in a 0.5.x release), and kickgraph
    writes each entity's rdf:type / rdfs:label / skos:altLabel / owl:sameAs into every article
    graph that mentions it. ``bench/run.py --layout union`` measures the queries on this copy.
    """
    path = Path(path)
    out = path.with_name(path.stem + "-union.nq")
    if out.exists():
        return out
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "wb") as fh:
        batch: dict[ox.Triple, None] = {}
        for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            batch.setdefault(ox.Triple(q.subject, q.predicate, q.object), None)
            if len(batch) >= 200_000:
                fh.write(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
                batch.clear()
        fh.write(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
    tmp.replace(out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", help="number of quads: 100k, 1m, 10m or an integer")
    ap.add_argument("-o", "--output", required=True, help="N-Quads file to write")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    meta = generate(args.output, parse_size(args.size), args.seed, progress=True)
    print(json.dumps(meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
