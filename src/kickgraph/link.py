"""Stage 4: link an article's entities to the offline knowledge base (Wikidata QIDs).

Precision first: an entity gets a ``qid`` only when the KB match is confident, and only
for real Wikidata QIDs (KB entries with a "kg:" id stay unlinked).

Teams
    exact normalised match of the entity name (else of its aliases) against the KB's team
    aliases at the same team level (senior / reserve / U21 ...). Ambiguous names ("Everton",
    "Arsenal") are settled by the careers of the article's persons, else by prominence
    when one candidate dominates; failing that, a strong fuzzy match.
Persons
    exact full-name match. The article's teams (the person's own facts first, then every
    team of the article) are compared with the candidate's career (reserve and senior
    teams count as one family). A unique full name links without context unless the
    surname is very common; namesakes need context (or one clearly more prominent
    namesake). A bare surname, a mononym or a misspelt name links only when the candidate
    played for a club the article says the person played for (coaching posts are no
    evidence: a namesake may have played for the coached club), and a common surname needs
    two matching clubs. Candidates too young or too old for the article date, too young
    for a coaching post or too old to be playing are dropped.

:func:`kickgraph.rdf.entity_node_key` gives the cross-article identity used for graph nodes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from .kb import Candidate, KBEntry, KnowledgeBase, normalize, team_level
from .model import Entity, Extraction

__all__ = ["DEFAULT_MIN_SCORE", "link_extraction", "link_entity"]

DEFAULT_MIN_SCORE = 0.8

# link scores
_EXACT = 1.0
_EXACT_ALIAS = 0.95
_CONTEXT_PICK = 0.92
_UNIQUE_NAME = 0.86
_COMMON_NAME = 0.7  # unique full name, very common surname, no context: below the default
_PROMINENT = 0.85
_PROMINENT_PERSON = 0.8
_SURNAME_OWN = 0.85
_FUZZY_TEAM_MAX = 0.85
_FUZZY_PERSON = 0.8

_COMMON_SURNAME = 25  # persons in the KB sharing the surname: a unique full name needs context
_COMMON_SHORT_NAME = 10  # a bare surname this common needs two matching clubs
_COMMON_FIRST_NAME = 40  # mononyms ("Xavi") only when the first name is rare
_TITLES = re.compile(r"^(?:sir|dr|prof|don)\.?\s+", re.I)
_QID = re.compile(r"^Q[1-9]\d*$")


def link_extraction(
    extraction: Extraction, kb: KnowledgeBase, min_score: float = DEFAULT_MIN_SCORE
) -> Extraction:
    """A copy of ``extraction`` whose entities carry ``qid``/``link_score`` where the KB
    match scores at least ``min_score``. Entities without a confident match are returned
    unchanged."""
    results = _ArticleLinker(extraction, kb).run()
    best_for_qid: dict[str, tuple[float, str]] = {}
    for key, (entry, score) in results.items():
        if entry is None or entry.qid is None or score < min_score:
            continue
        prev = best_for_qid.get(entry.qid)
        if prev is None or score > prev[0]:
            best_for_qid[entry.qid] = (score, key)
    winners = {key for _, key in best_for_qid.values()}
    entities = []
    for e in extraction.entities:
        entry, score = results.get(e.key, (None, 0.0))
        if e.key in winners and entry is not None:
            e = dataclasses.replace(e, qid=entry.qid, link_score=round(score, 3))
        entities.append(e)
    return dataclasses.replace(extraction, entities=tuple(entities))


def link_entity(
    entity: Entity, kb: KnowledgeBase, context_teams: Iterable[str] = (), year: int | None = None
) -> tuple[KBEntry | None, float]:
    """Link one entity given the KB ids of teams from its context (best entry, score)."""
    art = Extraction(
        article=_dummy_article(year),
        entities=(entity,),
        facts=(),
    )
    linker = _ArticleLinker(art, kb)
    ctx = set()
    for t in context_teams:
        ctx |= kb.team_family(t)
    linker.article_ctx = ctx
    if entity.type == "team":
        return linker.link_team(entity)
    return linker.link_person(entity, own_ctx=ctx, art_ctx=ctx, played_ctx=ctx)


def _dummy_article(year: int | None):
    from .model import Article

    return Article(id="-", text="", date=str(year) if year else None)


class _ArticleLinker:
    def __init__(self, extraction: Extraction, kb: KnowledgeBase) -> None:
        self.x = extraction
        self.kb = kb
        self.year = _year(extraction.article.date)
        self.article_ctx: set[str] = set()
        self.person_hint: list[KBEntry] = []

    # ------------------------------------------------------------------ driver

    def run(self) -> dict[str, tuple[KBEntry | None, float]]:
        out: dict[str, tuple[KBEntry | None, float]] = {}
        teams = [e for e in self.x.entities if e.type == "team"]
        persons = [e for e in self.x.entities if e.type == "person"]
        # persons with a unique exact full name give context to ambiguous team names
        for p in persons:
            cands = self._person_exact(p)
            if len(cands) == 1:
                self.person_hint.append(cands[0].entry)
        for t in teams:
            out[t.key] = self.link_team(t)
        team_ids: dict[str, frozenset[str]] = {}
        for t in teams:
            entry, score = out[t.key]
            if entry is not None and score >= _PROMINENT:
                team_ids[t.key] = self.kb.team_family(entry.id)
                self.article_ctx |= team_ids[t.key]
        for p in persons:
            own: set[str] = set()
            played: set[str] = set()
            for f in self.x.facts:
                keys = []
                if f.subject == p.key:
                    keys.append(f.object)
                    if f.team:
                        keys.append(f.team)
                    if _is_player_fact(f):
                        played |= team_ids.get(f.object, frozenset())
                elif f.object == p.key and f.team:
                    keys.append(f.team)
                for k in keys:
                    own |= team_ids.get(k, frozenset())
            out[p.key] = self.link_person(p, own_ctx=own, art_ctx=self.article_ctx, played_ctx=played)
        return out

    # ------------------------------------------------------------------ teams

    def link_team(self, e: Entity) -> tuple[KBEntry | None, float]:
        level = team_level(e.name)
        name_c = self._team_exact(e.name, level)
        if len(name_c) == 1:
            return name_c[0], _EXACT
        alias_sets = []
        for a in e.aliases:
            if normalize(a) == normalize(e.name):
                continue
            c = self._team_exact(a, team_level(a) if team_level(a) != "senior" else level)
            if c:
                alias_sets.append({x.id: x for x in c})
        if name_c:
            ids = {x.id: x for x in name_c}
            # aliases narrowing the name's candidates
            narrowed = set(ids)
            for s in alias_sets:
                if set(s) & narrowed:
                    narrowed &= set(s)
            if len(narrowed) == 1:
                return ids[next(iter(narrowed))], _EXACT_ALIAS
            return self._disambiguate_teams([ids[i] for i in sorted(narrowed)])
        if alias_sets:
            common = set(alias_sets[0])
            for s in alias_sets[1:]:
                common &= set(s)
            pool = {}
            for s in alias_sets:
                pool.update(s)
            if len(common) == 1:
                return pool[next(iter(common))], _EXACT_ALIAS
            if common:
                return self._disambiguate_teams([pool[i] for i in sorted(common)])
            # aliases disagree: only a unanimous context pick is acceptable
            entry, score = self._disambiguate_teams(list(pool.values()), allow_prominence=False)
            return entry, score
        return self._fuzzy_team(e.name, level)

    def _team_exact(self, surface: str, level: str) -> list[KBEntry]:
        return [x for x in self.kb.teams_with_alias(surface) if x.level == level]

    def _disambiguate_teams(
        self, cands: list[KBEntry], allow_prominence: bool = True
    ) -> tuple[KBEntry | None, float]:
        if not cands:
            return None, 0.0
        support = []
        for c in cands:
            fam = self.kb.team_family(c.id)
            n = sum(1 for p in self.person_hint if fam & p.career_teams)
            support.append(n)
        if max(support) > 0 and support.count(max(support)) == 1:
            return cands[support.index(max(support))], _CONTEXT_PICK
        if not allow_prominence or any(c.kind == "national" for c in cands):
            return None, 0.0
        ranked = sorted(cands, key=lambda c: -c.weight)
        top, second = ranked[0], ranked[1]
        if top.weight >= 100 and top.weight >= 8 * max(second.weight, 1):
            return top, _PROMINENT
        return None, 0.0

    def _fuzzy_team(self, name: str, level: str) -> tuple[KBEntry | None, float]:
        cands = [c for c in self.kb.scored_candidates(name, "team", fuzzy=True) if c.method == "fuzzy"]
        cands = [c for c in cands if c.entry.level == level and c.score >= 0.9]
        if not cands:
            return None, 0.0
        cands.sort(key=lambda c: -c.score)
        best = cands[0]
        others = [c for c in cands[1:] if c.entry.id != best.entry.id]
        if others and others[0].score > best.score - 0.03:
            return None, 0.0
        return best.entry, min(_FUZZY_TEAM_MAX, best.score - 0.05)

    # ------------------------------------------------------------------ persons

    def _person_names(self, e: Entity) -> list[str]:
        names = [e.name] + [a for a in e.aliases if a != e.name]
        out = []
        for n in names:
            n = n.strip()
            if not n:
                continue
            if n.isupper() and len(n) > 3:
                n = n.title()
            out.append(n)
            stripped = _TITLES.sub("", n)
            if stripped != n:
                out.append(stripped)
        return list(dict.fromkeys(out))

    def _person_exact(self, e: Entity) -> list[Candidate]:
        for n in self._person_names(e):
            if " " not in n.strip():
                continue
            found = [Candidate(x, 1.0, "name") for x in self.kb.persons_named(n)]
            if found:
                return [c for c in found if self._plausible(c.entry, e)]
        return []

    def _plausible(self, p: KBEntry, e: Entity) -> bool:
        if self.year is None or p.birth_year is None:
            return True
        age = self.year - p.birth_year
        if age < 15 or age > 90:
            return False
        roles = [f for f in self.x.facts if f.subject == e.key]
        if roles and age < 28 and all(_is_staff(f) for f in roles):
            return False  # only coaching posts in this article: a 24-year-old namesake is not the coach
        if age > 42 and any(_is_active_player(f) for f in roles):
            return False  # playing now or wanted as a player
        return True

    def link_person(
        self, e: Entity, own_ctx: set[str], art_ctx: set[str], played_ctx: set[str] | None = None
    ) -> tuple[KBEntry | None, float]:
        if played_ctx is None:
            played_ctx = own_ctx
        exact = self._person_exact(e)
        if exact:
            return self._pick_person([c.entry for c in exact], own_ctx, art_ctx, e)
        # surname only ("Klose") or a mononym: needs context
        names = self._person_names(e)
        single = [n for n in names if " " not in n]
        if single and " " not in e.name.strip():
            pool = self.kb.persons_with_surname(single[0])
            if len(self.kb.persons_with_first_name(single[0])) >= _COMMON_FIRST_NAME:
                pool = []  # "Carlos", "Harry": a first name, not a surname
            cands = [x for x in pool if self._plausible(x, e)]
            entry, score = self._pick_short_name(cands, len(pool), played_ctx, art_ctx)
            if entry is not None:
                return entry, score
            if not pool:  # a mononym ("Xavi"): first names, and never a common one
                pool = self.kb.persons_with_first_name(single[0])
                if len(pool) < _COMMON_FIRST_NAME:
                    cands = [x for x in pool if self._plausible(x, e)]
                    entry, score = self._pick_short_name(cands, len(pool), played_ctx, set())
                    if entry is not None:
                        return entry, score
        # typos ("Lorenzo Insignie"): fuzzy, same first name, a club the article says he played for
        if " " in e.name.strip():
            key = normalize(_TITLES.sub("", e.name))
            first = key.split()[0]
            cands = [
                c.entry
                for c in self.kb.scored_candidates(e.name, "person", fuzzy=False, person_fuzzy=True)
                if c.method == "fuzzy" and c.score >= 0.9 and normalize(c.entry.name).split()[0] == first
                and self._plausible(c.entry, e)
            ]
            if cands and played_ctx:
                entry, score = self._pick_by_context(cands, played_ctx, set(), _FUZZY_PERSON, 0.0)
                if entry is not None:
                    return entry, score
        return None, 0.0

    def _pick_person(
        self, cands: list[KBEntry], own_ctx: set[str], art_ctx: set[str], e: Entity
    ) -> tuple[KBEntry | None, float]:
        if len(cands) == 1:
            p = cands[0]
            if p.career_teams & (own_ctx | art_ctx):
                return p, _EXACT
            surname = e.name.split()[-1] if e.name.split() else ""
            if len(self.kb.persons_with_surname(surname)) >= _COMMON_SURNAME:
                return p, _COMMON_NAME
            return p, _UNIQUE_NAME
        return self._pick_by_context(
            cands, own_ctx, art_ctx, _CONTEXT_PICK, _CONTEXT_PICK - 0.04, without_context=True
        )

    def _pick_short_name(
        self, cands: list[KBEntry], pool_size: int, played_ctx: set[str], art_ctx: set[str]
    ) -> tuple[KBEntry | None, float]:
        """A bare surname or mononym: the candidate's playing career must meet the clubs the
        article says the person played for (coaching posts are no evidence: a namesake may
        well have played for the coached club), and two distinct clubs of the article when
        the name is common."""
        if not cands or not played_ctx:
            return None, 0.0
        need = 2 if pool_size >= _COMMON_SHORT_NAME else 1
        root = self.kb.team_root
        played_roots = {root(t) for t in played_ctx}
        all_roots = played_roots | {root(t) for t in art_ctx}
        ok = []
        for c in cands:
            roots = {root(t) for t in c.career_teams}
            if roots & played_roots and len(roots & all_roots) >= need:
                ok.append((len(roots & all_roots), c))
        if not ok:
            return None, 0.0
        ok.sort(key=lambda x: -x[0])
        if len(ok) == 1 or ok[0][0] > ok[1][0]:
            return ok[0][1], _SURNAME_OWN
        return None, 0.0

    @staticmethod
    def _pick_by_context(
        cands: list[KBEntry],
        own_ctx: set[str],
        art_ctx: set[str],
        own_score: float,
        art_score: float,
        without_context: bool = False,
    ) -> tuple[KBEntry | None, float]:
        """The one candidate whose career meets the person's own teams (else >= 2 of the
        article's teams). Ties go to a clearly more prominent candidate (three times the
        league appearances) at a lower score; so do namesakes without any context when
        ``without_context`` (full names only, never bare surnames)."""
        if not cands:
            return None, 0.0
        own = [len(c.career_teams & own_ctx) for c in cands]
        if max(own) > 0:
            best = [c for c, n in zip(cands, own) if n == max(own)]
            if len(best) == 1 and sorted(own)[-2:-1] in ([], [0]):
                return best[0], own_score
            return _prominent(best)
        if art_score > 0:
            art = [len(c.career_teams & art_ctx) for c in cands]
            if max(art) >= 2:
                best = [c for c, n in zip(cands, art) if n == max(art)]
                if len(best) == 1 and (len(art) == 1 or sorted(art)[-2] == 0):
                    return best[0], art_score
                return _prominent(best)
        if without_context:
            return _prominent(cands)
        return None, 0.0


def _prominent(cands: list[KBEntry]) -> tuple[KBEntry | None, float]:
    if len(cands) == 1:
        return cands[0], _PROMINENT_PERSON
    ranked = sorted(cands, key=lambda c: -c.weight)
    if ranked[0].weight >= 200 and ranked[0].weight >= 3 * ranked[1].weight:
        return ranked[0], _PROMINENT_PERSON
    return None, 0.0


def _is_staff(fact) -> bool:
    if fact.relation in ("coached", "replaced"):
        return True
    return fact.relation == "candidateFor" and fact.role not in (None, "player")


def _is_player_fact(fact) -> bool:
    return fact.relation == "playedFor" or (fact.relation == "candidateFor" and fact.role == "player")


def _is_active_player(fact) -> bool:
    if fact.relation == "playedFor":
        return fact.tense in ("current", "future")
    return fact.relation == "candidateFor" and fact.role == "player"


def _year(date: str | None) -> int | None:
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None
