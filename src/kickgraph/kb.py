"""Offline football knowledge base: persons with careers, teams with aliases.

The KB is a single gzipped JSON file, ``kickgraph/data/kb.json.gz``, built reproducibly by
``scripts/build_kb.py`` from Wikidata-derived data (istintopuro, CC0/MIT, careers possibly
CC BY-SA), verified Wikidata QIDs and openfootball club lists (CC0); see
``data/KB_ATTRIBUTION.md``. Nothing is loaded at import time:

>>> kb = KnowledgeBase.load()            # doctest: +SKIP
>>> kb.candidates("FCK", "team")[0].qid  # doctest: +SKIP
'Q8466'

Ids: Wikidata QIDs ("Q80471") where the entity has a verified QID, else a stable
kickgraph id ("kg:team/sc-rheindorf-altach", "kg:person/max-muster-1999").

File layout (columnar, to keep it small and quick to parse)::

    {"format": "kickgraph-kb", "version": 2, "built": ..., "sources": [...],
     "teams":   {"id": [...], "name": [...], "country": [...], "kind": [...], "level": [...],
                 "parent": [...], "weight": [...], "aliases": [[...], ...]},
     "team_keys": {normalised alias: [team index, ...]},
     "no_pattern": [normalised aliases that must not be used as gazetteer patterns],
     "persons": {"id": "Q80471\n...", "name": "Miroslav Klose\n...",
                 "key": normalised names, "surnames": "klose|...\n...",
                 "born": [...], "weight": [...],
                 "career": "teamidx:start:end[:L];...\n..."}}   (string columns: one line per person)
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError
from .resources import data_path

__all__ = [
    "KB_FILENAME",
    "KBEntry",
    "Candidate",
    "KnowledgeBase",
    "normalize",
    "TRANSLITERATION",
    "slugify",
    "surname_keys",
    "team_level",
]

KB_FILENAME = "kb.json.gz"
KB_FORMAT = "kickgraph-kb"
KB_VERSION = 2

# ---------------------------------------------------------------------------- normalisation

TRANSLITERATION = str.maketrans(
    {
        "ß": "ss", "ẞ": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i", "ð": "d", "Ð": "d", "þ": "th",
        "Þ": "th", "ħ": "h", "Ħ": "h",
    }
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Lookup key: casefold, ß->ss, strip accents, punctuation -> space.

    Runs of single letters are joined, so "F.C." == "FC" and "D.C. United" == "DC United".
    """
    s = text.translate(TRANSLITERATION).casefold()
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    tokens = _NON_ALNUM.sub(" ", s).split()
    if not any(len(t) == 1 for t in tokens):
        return " ".join(tokens)
    out: list[str] = []
    run = ""
    for t in tokens:
        if len(t) == 1 and t.isalpha():
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    if run:
        out.append(run)
    return " ".join(out)


_PARTICLES = frozenset(
    "van von vom de del della dello der den di da das dos do du ten ter la le lo mac zu al el bin ben"
    " af av".split()
)


def slugify(text: str) -> str:
    """"1. FC Kaiserslautern" -> "1-fc-kaiserslautern"."""
    return normalize(text).replace(" ", "-")


def surname_keys(name: str) -> list[str]:
    """Normalised surname forms of a person name ("Louis van Gaal" -> ["gaal", "van gaal"]).

    The last whitespace token (hyphenated surnames stay whole), the same with preceding name
    particles, and for names of three or more tokens the last two tokens
    ("Quique Sánchez Flores" -> "flores", "sanchez flores").
    """
    parts = re.sub(r"\s*\(.*?\)\s*", " ", name).split()
    if len(parts) < 2:
        return []
    keys: list[str] = []
    last = normalize(parts[-1])
    if last:
        keys.append(last)
    i = len(parts) - 1
    while i > 1 and parts[i - 1].casefold() in _PARTICLES:
        i -= 1
    if i < len(parts) - 1:
        keys.append(normalize(" ".join(parts[i:])))
    elif len(parts) >= 3:
        keys.append(normalize(" ".join(parts[-2:])))
    return [k for k in dict.fromkeys(keys) if k]


_OLYMPIC = re.compile(r"\bolympic (?:football )?team\b|\bolympia-?auswahl\b|\bolympiamannschaft\b", re.I)
_AGE = re.compile(r"\b(?:u|under)[- ]?(\d{2})(?:'?s)?\b", re.I)
_YOUTH = re.compile(r"\b(?:youth|academy|primavera|jugend|nachwuchs)\b", re.I)
_RESERVE = re.compile(
    r"(?:\s(?:ii|iii|iv|b|2)|\s\"b\"|-2|\sam\.?|\samateure?|\samateurs?|\sreserves?(?:\sand\sacademy)?)$"
    r"|^jong\s|\scastilla$|\byoung violets\b|\sii\s",
    re.I,
)
_SENIOR_EXCEPTIONS = frozenset({"willem ii", "club mariscal castilla"})


def team_level(name: str) -> str:
    """"senior", "reserve", "youth", "olympic" or "U19"/"U21"/... for a team name.

    A club's U21/U23 counts as its reserve team; national teams keep their age level.

    >>> team_level("1. FC Kaiserslautern II"), team_level("Germany national under-21 football team")
    ('reserve', 'U21')
    """
    n = name.strip()
    low = n.casefold()
    if low in _SENIOR_EXCEPTIONS:
        return "senior"
    national = "national" in low
    if _OLYMPIC.search(n):
        return "olympic"
    m = _AGE.search(n)
    if m:
        age = int(m.group(1))
        if not national and age >= 21:
            return "reserve"
        return f"U{age}"
    if _RESERVE.search(n):
        return "reserve"
    if _YOUTH.search(n):
        return "youth"
    return "senior"


# ---------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class KBEntry:
    """One KB person or team.

    ``career`` holds ``(team id, start year, end year, loan)`` for persons (team ids are
    QIDs or "kg:team/..." ids that :meth:`KnowledgeBase.get` resolves).
    """

    id: str
    qid: str | None
    type: str  # "person" or "team"
    name: str
    aliases: tuple[str, ...] = ()
    birth_year: int | None = None
    career: tuple[tuple[str, int | None, int | None, bool], ...] = ()
    country: str | None = None
    kind: str | None = None  # team: "club" or "national"
    level: str | None = None  # team: "senior", "reserve", "youth", "olympic", "U21", ...
    parent: str | None = None  # team: the senior team of a reserve/youth team
    weight: int = 0  # prominence: players of a team; league appearances of a person

    @property
    def career_teams(self) -> frozenset[str]:
        return frozenset(c[0] for c in self.career)


@dataclass(frozen=True)
class Candidate:
    entry: KBEntry
    score: float  # 1.0 exact alias/name, 0.6 surname, fuzzy ratio / 100 otherwise
    method: str  # "alias", "name", "surname", "fuzzy"


_QID = re.compile(r"^Q[1-9]\d*$")


class KnowledgeBase:
    """Read-only lookups over the bundled KB; build one with :meth:`load`."""

    def __init__(self, data: dict, source: str | Path | None = None) -> None:
        if data.get("format") != KB_FORMAT or data.get("version") != KB_VERSION:
            raise ModelError(
                f"knowledge base {source or ''} has an unsupported format; rebuild it with "
                "scripts/build_kb.py or reinstall kickgraph."
            )
        try:
            self._init(data, source)
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            raise ModelError(
                f"knowledge base {source or ''} is incomplete ({exc!r}); rebuild it with "
                "scripts/build_kb.py or reinstall kickgraph."
            ) from exc

    def _init(self, data: dict, source: str | Path | None) -> None:
        self.source = str(source) if source else None
        self.built = data.get("built")
        self.sources: list[str] = data.get("sources", [])
        t = data["teams"]
        self._t_id: list[str] = t["id"]
        self._t_name: list[str] = t["name"]
        self._t_country: list[str | None] = t["country"]
        self._t_kind: list[str] = t["kind"]
        self._t_level: list[str] = t["level"]
        self._t_parent: list[int] = t["parent"]
        self._t_weight: list[int] = t["weight"]
        self._t_aliases: list[list[str]] = t["aliases"]
        self._team_keys: dict[str, list[int]] = data["team_keys"]
        self._no_pattern = frozenset(data.get("no_pattern", ()))
        p = data["persons"]
        self._p_id: list[str] = p["id"].split("\n")
        self._p_name: list[str] = p["name"].split("\n")
        self._p_born: list[int | None] = p["born"]
        self._p_weight: list[int] = p["weight"]
        self._p_career_blob: str = p["career"]
        self._p_career: list[str] | None = None  # split on first use
        nt = len(self._t_id)
        self._index: dict[str, int] = {tid: i for i, tid in enumerate(self._t_id)}
        self._index.update({pid: nt + i for i, pid in enumerate(self._p_id)})
        self._n_teams = nt
        person_keys: dict[str, list[int]] = {}
        for j, key in enumerate(p["key"].split("\n")):
            if key in person_keys:
                person_keys[key].append(j)
            else:
                person_keys[key] = [j]
        self._person_keys = person_keys
        self._p_surnames_blob: str = p["surnames"]
        self._surname_index: dict[str, list[int]] | None = None  # built on first use
        if not (len(self._p_id) == len(self._p_name) == len(self._p_born) == len(self._p_weight)):
            raise ModelError(f"knowledge base {source or ''} is corrupt: person columns differ in length.")
        self._children: dict[int, list[int]] = {}
        for i, par in enumerate(self._t_parent):
            if par >= 0:
                self._children.setdefault(par, []).append(i)
        self._cache: dict[int, KBEntry] = {}
        self._fuzzy_team_keys: list[str] | None = None
        self._fuzzy_person_keys: list[str] | None = None
        self._first_names: dict[str, list[int]] | None = None

    @property
    def _surname_keys(self) -> dict[str, list[int]]:
        if self._surname_index is None:
            idx: dict[str, list[int]] = {}
            for j, keys in enumerate(self._p_surnames_blob.split("\n")):
                if keys:
                    for k in keys.split("|"):
                        idx.setdefault(k, []).append(j)
            self._surname_index = idx
        return self._surname_index

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: str | Path | None = None) -> KnowledgeBase:
        """Load the bundled KB (or the file at ``path``)."""
        p = Path(path) if path is not None else data_path(KB_FILENAME)
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise ModelError(
                f"cannot read the knowledge base {p}: {exc.strerror or exc}; rebuild it with "
                "scripts/build_kb.py or reinstall kickgraph."
            ) from exc
        try:
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            data = json.loads(raw)
        except (OSError, ValueError, EOFError) as exc:
            raise ModelError(
                f"the knowledge base {p} is corrupt ({exc}); rebuild it with scripts/build_kb.py "
                "or reinstall kickgraph."
            ) from exc
        if not isinstance(data, dict):
            raise ModelError(f"the knowledge base {p} is corrupt; rebuild it with scripts/build_kb.py.")
        return cls(data, source=p)

    # ------------------------------------------------------------------ basics

    def __len__(self) -> int:
        return len(self._t_id) + len(self._p_id)

    def __contains__(self, kb_id: object) -> bool:
        return kb_id in self._index

    def __repr__(self) -> str:
        return f"<KnowledgeBase {len(self._p_id)} persons, {len(self._t_id)} teams>"

    def stats(self) -> dict[str, int]:
        return {
            "persons": len(self._p_id),
            "persons_with_qid": sum(1 for x in self._p_id if x[0] == "Q"),
            "teams": len(self._t_id),
            "teams_with_qid": sum(1 for x in self._t_id if x[0] == "Q"),
            "team_aliases": len(self._team_keys),
            "person_names": len(self._person_keys),
            "surnames": len(self._surname_keys),
        }

    def get(self, kb_id: str) -> KBEntry | None:
        """The entry with this id (QID or kg id), or None."""
        i = self._index.get(kb_id)
        return None if i is None else self._entry(i)

    def _entry(self, i: int) -> KBEntry:
        e = self._cache.get(i)
        if e is not None:
            return e
        if i < self._n_teams:
            tid = self._t_id[i]
            par = self._t_parent[i]
            e = KBEntry(
                id=tid,
                qid=tid if _QID.match(tid) else None,
                type="team",
                name=self._t_name[i],
                aliases=tuple(self._t_aliases[i]),
                country=self._t_country[i],
                kind=self._t_kind[i],
                level=self._t_level[i],
                parent=self._t_id[par] if par >= 0 else None,
                weight=self._t_weight[i],
            )
        else:
            j = i - self._n_teams
            pid = self._p_id[j]
            career = []
            if self._p_career is None:
                self._p_career = self._p_career_blob.split("\n")
            spec = self._p_career[j]
            if spec:
                for item in spec.split(";"):
                    parts = item.split(":")
                    career.append(
                        (
                            self._t_id[int(parts[0])],
                            int(parts[1]) if parts[1] else None,
                            int(parts[2]) if parts[2] else None,
                            len(parts) > 3 and parts[3] == "L",
                        )
                    )
            name = self._p_name[j]
            e = KBEntry(
                id=pid,
                qid=pid if _QID.match(pid) else None,
                type="person",
                name=name,
                aliases=tuple(_surface_surnames(name)),
                birth_year=self._p_born[j],
                career=tuple(career),
                weight=self._p_weight[j],
            )
        self._cache[i] = e
        return e

    def team_family(self, team_id: str) -> frozenset[str]:
        """The team, its senior team and the senior team's reserve/youth teams."""
        i = self._index.get(team_id)
        if i is None or i >= self._n_teams:
            return frozenset({team_id})
        root = self._t_parent[i] if self._t_parent[i] >= 0 else i
        ids = {root, i, *self._children.get(root, ())}
        return frozenset(self._t_id[k] for k in ids)

    def team_root(self, team_id: str) -> str:
        """The senior team of a reserve/youth team (else the team itself)."""
        i = self._index.get(team_id)
        if i is None or i >= self._n_teams or self._t_parent[i] < 0:
            return team_id
        return self._t_id[self._t_parent[i]]

    # ------------------------------------------------------------------ lookups

    def candidates(self, surface: str, type: str | None = None) -> list[KBEntry]:
        """Entries a surface form may refer to, best first.

        Exact normalised alias/name lookup; for persons then a surname lookup; for teams
        then a rapidfuzz fuzzy lookup (ratio >= 88, same team level).
        """
        return [c.entry for c in self.scored_candidates(surface, type)]

    def scored_candidates(
        self, surface: str, type: str | None = None, *, fuzzy: bool = True, person_fuzzy: bool = False
    ) -> list[Candidate]:
        if type not in (None, "person", "team"):
            raise ValueError(f"unknown entity type {type!r}")
        key = normalize(surface)
        if not key:
            return []
        out: list[Candidate] = []
        if type in (None, "team"):
            out.extend(Candidate(self._entry(i), 1.0, "alias") for i in self._team_keys.get(key, ()))
        if type in (None, "person"):
            idx = self._person_keys.get(key)
            if idx:
                out.extend(Candidate(self._entry(self._n_teams + j), 1.0, "name") for j in idx)
            elif key.count(" ") <= 1 or key in self._surname_keys:
                out.extend(
                    Candidate(self._entry(self._n_teams + j), 0.6, "surname")
                    for j in self._surname_keys.get(key, ())
                )
        if not out and fuzzy and type in (None, "team"):
            out.extend(self._fuzzy_teams(surface, key))
        if not out and person_fuzzy and type in (None, "person") and " " in key:
            out.extend(self._fuzzy_persons(key))
        out.sort(key=lambda c: (-c.score, -c.entry.weight, c.entry.id))
        return out

    def _fuzzy_teams(self, surface: str, key: str, cutoff: float = 88.0) -> list[Candidate]:
        from rapidfuzz import fuzz, process

        if len(key) < 5:
            return []
        if self._fuzzy_team_keys is None:
            self._fuzzy_team_keys = list(self._team_keys)
        level = team_level(surface)
        hits = process.extract(
            key, self._fuzzy_team_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=10
        )
        best: dict[int, float] = {}
        for alias, score, _ in hits:
            for i in self._team_keys[alias]:
                if self._t_level[i] != level:
                    continue
                best[i] = max(best.get(i, 0.0), score / 100.0)
        return [Candidate(self._entry(i), s, "fuzzy") for i, s in best.items()]

    def _fuzzy_persons(self, key: str, cutoff: float = 88.0) -> list[Candidate]:
        from rapidfuzz import fuzz, process

        if self._fuzzy_person_keys is None:
            self._fuzzy_person_keys = list(self._person_keys)
        hits = process.extract(
            key, self._fuzzy_person_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=10
        )
        return [
            Candidate(self._entry(self._n_teams + j), score / 100.0, "fuzzy")
            for alias, score, _ in hits
            for j in self._person_keys[alias]
        ]

    def persons_named(self, surface: str) -> list[KBEntry]:
        """Persons whose full name normalises to the same key."""
        return [self._entry(self._n_teams + j) for j in self._person_keys.get(normalize(surface), ())]

    def persons_with_surname(self, surname: str) -> list[KBEntry]:
        return [self._entry(self._n_teams + j) for j in self._surname_keys.get(normalize(surname), ())]

    def persons_with_first_name(self, first: str) -> list[KBEntry]:
        """Persons whose name starts with this (normalised) token; the index is built on
        first use."""
        if self._first_names is None:
            idx: dict[str, list[int]] = {}
            for key, js in self._person_keys.items():
                head = key.split(" ", 1)[0]
                idx.setdefault(head, []).extend(js)
            self._first_names = idx
        return [self._entry(self._n_teams + j) for j in self._first_names.get(normalize(first), ())]

    def teams_with_alias(self, surface: str) -> list[KBEntry]:
        return [self._entry(i) for i in self._team_keys.get(normalize(surface), ())]

    # ------------------------------------------------------------------ gazetteer patterns

    def team_patterns(self, min_length: int = 2) -> list[tuple[str, str, str]]:
        """``(surface form, kb id, canonical name)`` for every unambiguous team alias.

        Left out: aliases shared by several teams ("Eintracht", "Austria"), aliases that are
        common German/English words ("Real", "Union", "Energie"; decided at build time) and
        aliases shorter than ``min_length``.
        """
        out: list[tuple[str, str, str]] = []
        for i, aliases in enumerate(self._t_aliases):
            tid, canonical = self._t_id[i], self._t_name[i]
            seen: set[str] = set()
            for surface in (canonical, *aliases):
                if len(surface) < min_length or surface in seen:
                    continue
                key = normalize(surface)
                if not key or key in self._no_pattern or self._team_keys.get(key) != [i]:
                    continue
                seen.add(surface)
                out.append((surface, tid, canonical))
        return out

    def person_patterns(self, min_birth_year: int | None = 1950) -> list[tuple[str, str, str]]:
        """``(full name, kb id, name)`` for persons born >= ``min_birth_year``.

        Only names of two or more tokens whose normalised form is unique in the KB (an
        ambiguous name such as "Luis Suárez" gets no gazetteer id), and not made only of
        common words. ``min_birth_year=None`` includes everyone (also unknown birth years).
        """
        out: list[tuple[str, str, str]] = []
        for key, idx in self._person_keys.items():
            if len(idx) != 1 or " " not in key or key in self._no_pattern:
                continue
            j = idx[0]
            born = self._p_born[j]
            if min_birth_year is not None and (born is None or born < min_birth_year):
                continue
            name = self._p_name[j]
            if "(" in name:
                continue
            out.append((name, self._p_id[j], name))
        return out

    def iter_entries(self, type: str | None = None) -> Iterable[KBEntry]:
        if type in (None, "team"):
            for i in range(self._n_teams):
                yield self._entry(i)
        if type in (None, "person"):
            for j in range(len(self._p_id)):
                yield self._entry(self._n_teams + j)


def _surface_surnames(name: str) -> list[str]:
    parts = name.split()
    if len(parts) < 2:
        return []
    i = len(parts) - 1
    while i > 1 and parts[i - 1].casefold() in _PARTICLES:
        i -= 1
    return [" ".join(parts[i:])]
