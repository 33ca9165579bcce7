"""Stage 3: career facts from an analysed article.

1. Mentions are resolved into article entities ("Klose" -> "Miroslav Klose", "der FCK" ->
   "1. FC Kaiserslautern", "die Wolfsburger" -> VfL Wolfsburg).
2. Each sentence is rewritten with placeholders (⟦P0⟧ for persons, ⟦T1⟧ for teams), and cue
   patterns from the lexicon (``data/lexicon_de.json``) find coached / replaced /
   candidateFor / playedFor with role, certainty, tense and dates.
3. Facts about the same (subject, relation, object) are merged, keeping the most specific
   qualifiers and the strongest evidence.

Negation never produces a positive fact: a negated candidacy becomes ``denied``, any other
negated fact is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from .model import AnalyzedArticle, Entity, Evidence, Extraction, Fact, Mention, Sentence
from .nlp import Lexicon, shared_kb
from .rdf import slug
from .timex import TimeResolver

EXTRACTOR = "kickgraph-de-rules/0.1"
_PH = re.compile(r"⟦([PT])(\d+)⟧")
_STATUS_RANK = {"confirmed": 2, "reported": 1, "denied": 0}


# ----------------------------------------------------------------------- entities


@dataclass
class _EntityBuilder:
    key: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    count: int = 0
    kb_id: str | None = None


def _norm(text: str) -> str:
    return slug(text).replace("-", " ")


class EntityResolver:
    """Group the mentions of one article into persons and teams."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.demonyms: dict[str, str] = lexicon.data["demonyms"]

    def resolve(self, analyzed: AnalyzedArticle) -> tuple[list[_EntityBuilder], dict[int, str]]:
        """Return entities and a map from mention index to entity key."""
        mentions = analyzed.mentions
        ents: dict[str, _EntityBuilder] = {}
        assign: dict[int, str] = {}

        def new(key: str, name: str, typ: str, kb_id: str | None = None) -> _EntityBuilder:
            base, n = key, 2
            while key in ents and ents[key].type != typ:
                key, n = f"{base}-{n}", n + 1
            if key not in ents:
                ents[key] = _EntityBuilder(key, name, typ, kb_id=kb_id)
            return ents[key]

        # teams: gazetteer ids first, then names
        for i, m in enumerate(mentions):
            if m.label != "TEAM":
                continue
            if m.kb_id:
                b = next((e for e in ents.values() if e.kb_id == m.kb_id), None) or new(
                    slug(m.canonical or m.text), m.canonical or m.text, "team", m.kb_id)
            else:
                b = self._team_for(m.text, ents) or new(slug(m.text), m.text, "team")
            b.aliases.add(m.text)
            b.count += 1
            assign[i] = b.key
        # persons: full names first so that surnames can attach to them
        order = sorted((i for i, m in enumerate(mentions) if m.label == "PER"),
                       key=lambda i: (-len(mentions[i].text.split()), i))
        for i in order:
            m = mentions[i]
            name = m.canonical or m.text
            if m.kb_id:
                b = next((e for e in ents.values() if e.kb_id == m.kb_id), None)
                if b is None:
                    b = new(slug(name), name, "person", m.kb_id)
            elif len(m.text.split()) == 1:
                b = self._person_for_surname(m.text, ents) or new(slug(m.text), m.text, "person")
            else:
                b = self._person_for_fullname(m.text, ents) or new(slug(name), name, "person")
            b.aliases.add(m.text)
            b.count += 1
            assign[i] = b.key
        # ORG/LOC mentions that name an article team ("Dortmund" when "Borussia Dortmund" is there)
        for i, m in enumerate(mentions):
            if i in assign or m.label not in ("ORG", "LOC", "MISC"):
                continue
            b = self._team_for(m.text, ents, exact_only=False)
            if b is not None:
                b.aliases.add(m.text)
                b.count += 1
                assign[i] = b.key
        return list(ents.values()), assign

    def _person_for_surname(self, text: str, ents: dict[str, _EntityBuilder]) -> _EntityBuilder | None:
        for cand in (text, re.sub(r"(?:s|'|’|’s|'s)$", "", text)):
            hits = [e for e in ents.values() if e.type == "person" and len(e.name.split()) > 1
                    and e.name.split()[-1] == cand]
            if len(hits) == 1:
                return hits[0]
        hits = [e for e in ents.values() if e.type == "person" and e.name == text]
        return hits[0] if hits else None

    def _person_for_fullname(self, text: str, ents: dict[str, _EntityBuilder]) -> _EntityBuilder | None:
        n = _norm(text)
        for e in ents.values():
            if e.type == "person" and (_norm(e.name) == n or n in {_norm(a) for a in e.aliases}):
                return e
        stripped = re.sub(r"(?:s|'|’)$", "", text)
        if stripped != text:
            return self._person_for_fullname(stripped, ents)
        return None

    def _team_for(self, text: str, ents: dict[str, _EntityBuilder], exact_only: bool = True) -> _EntityBuilder | None:
        n = _norm(text)
        teams = [e for e in ents.values() if e.type == "team"]
        for e in teams:
            if n == _norm(e.name) or n in {_norm(a) for a in e.aliases}:
                return e
        if exact_only:
            return None
        toks = set(n.split()) - {"fc", "sv", "vfl", "vfb", "sc", "1", "tsg", "ac", "as", "fk", "cf", "afc"}
        if not toks:
            return None
        hits = [e for e in teams if toks <= set(_norm(e.name).split())]
        return hits[0] if len(hits) == 1 else None

    def demonym_team(self, word: str, ents: list[_EntityBuilder]) -> _EntityBuilder | None:
        city = self.demonyms.get(word.casefold())
        if not city:
            return None
        c = _norm(city)
        hits = [e for e in ents if e.type == "team" and (c in _norm(e.name) or any(c in _norm(a) for a in e.aliases))]
        return hits[0] if len(hits) == 1 else None


# ----------------------------------------------------------------------- sentences


@dataclass
class _Sent:
    sent: Sentence
    text: str  # placeholder text
    slots: list[tuple[str, str, int, int]]  # (kind, entity key, start in ptext, end in ptext)
    mention_at: list[int]  # ptext offset -> index into slots (for placeholders)

    def persons(self) -> list[tuple[str, int, int]]:
        return [(k, a, b) for kind, k, a, b in self.slots if kind == "P"]

    def teams(self) -> list[tuple[str, int, int]]:
        return [(k, a, b) for kind, k, a, b in self.slots if kind == "T"]


class Extractor:
    """Rule-based German career-fact extractor (cue words live in the lexicon)."""

    def __init__(self, lexicon: Lexicon, kb=None) -> None:
        self.lx = lexicon
        self.kb = kb
        self.alias_stop = lexicon.words("alias_stopwords")
        self.resolver = EntityResolver(lexicon)
        self.times = TimeResolver(lexicon)
        d = lexicon.data
        self.re_coach = re.compile(d["coach_word"], re.I)
        self.re_coach_base = re.compile(d["coach_base"] + "$", re.I)
        self.coach_exclude = set(d["coach_word_exclude"])
        self.role_prefixes: dict[str, list[str]] = d["role_prefixes"]
        self.national_prefixes = tuple(d["national_coach_prefixes"])
        self.re_interim = lexicon.regex("interim_cues")
        self.re_nonfootball = re.compile(r"(?:^|[\s(-])(?:" + "|".join(d["non_football_roles"]) + r")\s*$", re.I)
        self.re_dismissal = lexicon.regex("dismissal")
        self.re_coach_verb = re.compile(r"\b(?:" + "|".join(d["coach_verbs"]) + r")\b", re.I)
        self.re_succ = [re.compile(p.replace("P", r"⟦P(\d+)⟧"), re.I) for p in d["succession_object"]]
        self.re_cand = re.compile(r"\b(?:" + "|".join(d["candidate"]) + r")\b", re.I)
        self.re_hedge = re.compile(r"\b(?:" + "|".join(d["hedges"]) + r")\b", re.I)
        self.re_neg = re.compile(r"\b(?:" + "|".join(d["negations"]) + r")\b", re.I)
        self.re_past = re.compile(r"(?:\b|^)(?:" + "|".join(d["past_markers"]) + r")", re.I)
        self.re_future = re.compile(r"\b(?:" + "|".join(d["future_markers"]) + r")\b", re.I)
        nouns = "|".join(d["player_nouns"])
        self.re_player_noun = re.compile(rf"(?:{nouns})\b", re.I)
        self.re_team_player = re.compile(rf"⟦T(\d+)⟧-(?:{nouns})(?![\w-])", re.I)
        self.re_player_to = re.compile(r"\b(?:" + "|".join(d["player_verbs_to"]) + r")\b", re.I)
        self.re_player_for = re.compile(r"\b(?:" + "|".join(d["player_verbs_for"]) + r")", re.I)
        self.re_matches = re.compile(d["matches_goals"], re.I)
        self.re_player_ctx = re.compile(r"\b(?:" + "|".join(d["player_context"]) + r")\b", re.I)
        self.re_pronoun = re.compile(r"\b(?:" + "|".join(d["pronoun_subjects"]) + r")\b", re.I)
        self.re_demonym = re.compile(r"\b(?:die|der|den|dem|des|bei den|gegen die)\s+(" +
                                     "|".join(map(re.escape, d["demonyms"])) + r")\b", re.I)

    # ------------------------------------------------------------------ entry point
    def extract(self, analyzed: AnalyzedArticle) -> Extraction:
        art = analyzed.article
        builders, assign = self.resolver.resolve(analyzed)
        analyzed, assign = self._propagate(analyzed, builders, assign)
        by_key = {b.key: b for b in builders}
        sents = self._placeholder_sentences(analyzed, assign, builders)
        focus = self._focus_team(builders)
        facts: list[Fact] = []
        coaches: set[str] = set()
        # pass 1: coaching facts tell which persons are coaches (for "wechselt zu" etc.)
        for s in sents:
            facts += self._coached(s, focus, art.date)
        coaches = {f.subject for f in facts}
        prev_person: str | None = None
        for idx, s in enumerate(sents):
            facts += self._succession(s, focus, art.date, facts)
            facts += self._candidates(s, focus, coaches)
            ant = prev_person if idx > 0 and sents[idx - 1].sent.index == s.sent.index - 1 else None
            facts += self._played(s, coaches, art.date, ant)
            ps = s.persons()
            if ps:
                prev_person = ps[0][0]
        facts = _merge(facts)
        used = {f.subject for f in facts} | {f.object for f in facts} | {f.team for f in facts if f.team}
        entities = tuple(
            Entity(b.key, b.name, b.type, tuple(sorted(b.aliases)))
            for b in builders if b.key in used
        )
        return Extraction(art, entities, tuple(facts))

    # ------------------------------------------------------------------ preparation
    def _propagate(self, analyzed: AnalyzedArticle, builders: list[_EntityBuilder],
                   assign: dict[int, str]) -> tuple[AnalyzedArticle, dict[int, str]]:
        """Find further mentions of the article's entities the NER missed.

        Surnames of persons named in full ("Klose" after "Miroslav Klose", "Frontzecks"), the
        full names themselves, and the names/KB aliases of article teams ("Real" when
        "Real Madrid" is in the article). One alternation per article, case-sensitive.
        """
        text = analyzed.article.text
        surfaces: dict[str, str | None] = {}
        team_forms: set[str] = set()
        kb = self.kb if self.kb is not None else shared_kb()
        for b in builders:
            if b.type != "team":
                continue
            forms = set(b.aliases) | {b.name}
            if kb is not None and b.kb_id:
                e = kb.get(b.kb_id)
                if e is not None:
                    forms |= {a for a in e.aliases if " " not in a or a.count(" ") < 3}
            for f in forms:
                if len(f) >= 3 and f[0].isupper() and f.casefold() not in self.alias_stop:
                    surfaces[f] = None if surfaces.get(f, b.key) != b.key else b.key
                    team_forms.add(f)
        for b in builders:
            if b.type != "person":
                continue
            parts = b.name.split()
            forms = {a for a in b.aliases if a[:1].isupper()} | {b.name}
            if len(parts) >= 2 and len(parts[-1]) >= 3:
                forms.add(parts[-1])
                if parts[-2][:1].islower():  # "van Gaal"
                    forms.add(" ".join(parts[-2:]))
            for f in forms:
                if f in team_forms or f.casefold() in self.alias_stop:
                    continue
                surfaces[f] = None if surfaces.get(f, b.key) != b.key else b.key
        surfaces = {k: v for k, v in surfaces.items() if v is not None}
        if not surfaces:
            return analyzed, assign
        alt = "|".join(re.escape(f) for f in sorted(surfaces, key=len, reverse=True))
        rx = re.compile(rf"(?<![\w.])({alt})(?:s|'s|’s|'|’)?(?![\wäöüß])")
        taken = sorted((m.start, m.end) for i, m in enumerate(analyzed.mentions) if i in assign)
        starts = [a for a, _ in taken]
        sent_starts = [x.start for x in analyzed.sentences]
        types = {b.key: b.type for b in builders}
        mentions = list(analyzed.mentions)
        assign = dict(assign)
        for m in rx.finditer(text):
            a, b = m.span(1)
            i = bisect_right(starts, b) - 1
            if i >= 0 and taken[i][1] > a or (i >= 1 and taken[i - 1][1] > a):
                continue
            si = bisect_right(sent_starts, a) - 1
            if si < 0 or analyzed.sentences[si].end < b:
                continue
            key = surfaces[m.group(1)]
            label = "PER" if types[key] == "person" else "TEAM"
            assign[len(mentions)] = key
            mentions.append(Mention(a, b, m.group(1), label, si, "rule"))
        return AnalyzedArticle(analyzed.article, analyzed.sentences, tuple(mentions)), assign

    def _placeholder_sentences(self, analyzed: AnalyzedArticle, assign: dict[int, str],
                               builders: list[_EntityBuilder]) -> list[_Sent]:
        by_sent: dict[int, list[tuple[Mention, str]]] = defaultdict(list)
        types = {b.key: b.type for b in builders}
        for i, m in enumerate(analyzed.mentions):
            if i in assign:
                by_sent[m.sentence].append((m, assign[i]))
        out = []
        for sent in analyzed.sentences:
            parts, slots, pos = [], [], sent.start
            plen = 0
            items = by_sent.get(sent.index, [])
            # demonyms: "die Wolfsburger" -> the team
            text = sent.text
            extra: list[tuple[int, int, str]] = []
            for dm in self.re_demonym.finditer(text):
                team = self.resolver.demonym_team(dm.group(1), builders)
                if team is not None:
                    extra.append((sent.start + dm.start(1), sent.start + dm.end(1), team.key))
            spans = [(m.start, m.end, key) for m, key in items]
            spans += [e for e in extra if not any(a < e[1] and e[0] < b for a, b, _ in spans)]
            for a, b, key in sorted(spans):
                if a < pos:
                    continue
                chunk = analyzed.article.text[pos:a]
                parts.append(chunk)
                plen += len(chunk)
                kind = "P" if types[key] == "person" else "T"
                ph = f"⟦{kind}{len(slots)}⟧"
                slots.append((kind, key, plen, plen + len(ph)))
                parts.append(ph)
                plen += len(ph)
                pos = b
            parts.append(analyzed.article.text[pos:sent.end])
            out.append(_Sent(sent, "".join(parts), slots, []))
        return out

    @staticmethod
    def _focus_team(builders: list[_EntityBuilder]) -> str | None:
        counts = sorted(((b.count, b.key) for b in builders if b.type == "team"), reverse=True)
        if not counts or counts[0][0] < 2:
            return None
        if len(counts) > 1 and counts[1][0] * 1.5 > counts[0][0]:
            return None
        return counts[0][1]

    # ------------------------------------------------------------------ helpers
    def _role_of(self, word: str) -> str | None:
        w = word.casefold()
        if w in self.coach_exclude or any(w.endswith(x) for x in self.coach_exclude):
            return None
        base = self.re_coach_base.search(w)
        head = w[:base.start()] if base else w
        for role, prefixes in self.role_prefixes.items():
            if any(head.startswith(p) or f"-{p}" in head for p in prefixes):
                return role
        return "head_coach"

    def _evidence(self, s: _Sent) -> Evidence:
        return Evidence(s.sent.text, s.sent.start, s.sent.end, s.sent.index)

    def _slot_at(self, s: _Sent, idx: int) -> tuple[str, str, int, int]:
        return s.slots[idx]

    def _nonfootball_before(self, s: _Sent, start: int) -> bool:
        """A manager/agent/president title directly before a person ("Sportboss Horst Heldt")."""
        return bool(self.re_nonfootball.search(s.text[max(0, start - 40):start]))

    def _negated(self, text: str) -> bool:
        return bool(self.re_neg.search(text))

    @staticmethod
    def _clause(s: _Sent, a: int, b: int) -> tuple[int, int]:
        """The clause around [a, b): bounded by ; : – and sentence ends (commas kept)."""
        left = max(s.text.rfind(c, 0, a) for c in (";", ":", " – ", " - ", "?", "!"))
        rights = [s.text.find(c, b) for c in (";", ":", " – ", " - ", "?", "!")]
        right = min([r for r in rights if r >= 0], default=len(s.text))
        return left + 1, right

    def _tense(self, text: str, default: str = "current") -> str:
        if self.re_future.search(text):
            return "future"
        if self.re_past.search(text):
            return "past"
        return default

    def _nearest_team(self, s: _Sent, pos: int, exclude: set[str] = frozenset(), window: int = 10_000) -> str | None:
        best = None
        for key, a, b in s.teams():
            if key in exclude:
                continue
            d = a - pos if a >= pos else pos - b
            if d <= window and (best is None or d < best[0]):
                best = (d, key)
        return best[1] if best else None

    # ------------------------------------------------------------------ coached
    def _coached(self, s: _Sent, focus: str | None, date: str | None) -> list[Fact]:
        out: list[Fact] = []
        text = s.text
        persons = s.persons()
        if not persons:
            return out
        dismissal = self.re_dismissal.search(text)
        for cm in self.re_coach.finditer(text):
            word = cm.group(0)
            role = self._role_of(word.split("-")[-1] if word.lower().startswith(("ex-", "noch-")) else word)
            if role is None:
                continue
            if self.re_cand.search(text[max(0, cm.start() - 40): cm.end() + 60]) and "als" in text[max(0, cm.start() - 8):cm.start()].lower():
                continue  # "als Trainer gehandelt": a candidacy, handled later
            # team glued to the role word ("⟦T1⟧-Trainer") or right after it ("Trainer von/des/beim ⟦T1⟧")
            team = None
            glued = re.search(r"⟦T(\d+)⟧-\S*$", text[max(0, cm.start() - 12):cm.start() + 1])
            if glued or re.search(r"⟦T(\d+)⟧-$", text[:cm.start()]):
                g = re.search(r"⟦T(\d+)⟧-[\w-]*$", text[:cm.start() + 1]) or re.search(r"⟦T(\d+)⟧-$", text[:cm.start()])
                if g:
                    team = s.slots[int(g.group(1))][1]
            after = re.match(r"\s*(?:\(\d+\)\s*)?(?:von|des|der|beim|bei|vom|in|am|im)\s+(?:[\wäöü-]+\s+){0,2}?⟦T(\d+)⟧", text[cm.end():])
            if team is None and after:
                team = s.slots[int(after.group(1))][1]
            national = word.lower().startswith(self.national_prefixes)
            # the person: directly after the role word, or before it in an apposition/predicate
            person = None
            direct = re.match(r"\s*(?:[\wäöü-]+\s+)?⟦P(\d+)⟧", text[cm.end():])
            if direct and not re.match(r"\s*(?:von|des|der|beim|bei|vom)\b", text[cm.end():]):
                person = s.slots[int(direct.group(1))][1]
                pstart = cm.end() + direct.start()
            else:
                before = [p for p in persons if p[2] <= cm.start() and cm.start() - p[2] <= 60
                          and not re.search(r"[.;:]|⟦P", text[p[2]:cm.start()])]
                verbish = re.search(r"\b(?:ist|war|wird|wurde|bleibt|als|neuer|neue[rn]?|derzeit|aktuell|einst|zuvor|damals|bisher)\b|,",
                                    text[before[-1][2]:cm.start()]) if before else None
                if before and verbish:
                    person = before[-1][0]
                    pstart = before[-1][1]
            if person is None or national:
                continue
            if self._nonfootball_before(s, pstart):
                continue
            clause_a, clause_b = self._clause(s, min(pstart, cm.start()), max(pstart, cm.end()))
            clause = text[clause_a:clause_b]
            if team is None:
                team = self._nearest_team(s, cm.start(), window=40) or focus
            if team is None:
                continue
            if self._negated(text[min(pstart, cm.start()):max(pstart, cm.end())]):
                continue
            if role == "head_coach" and self.re_interim.search(clause):
                role = "interim_coach"
            prefix = text[max(0, cm.start() - 30):cm.start()].lower()
            tense = "past" if re.search(r"(ehemalig|früher|einstig|ex-|damalig)\w*\s*$|ex-$", prefix) or word.lower().startswith("ex-") else None
            if tense is None:
                tense = "past" if dismissal else self._tense(clause)
            rng = self.times.range_in(clause, date)
            end = rng.end
            if dismissal and not end:
                rel = [t for t in self.times.find(text, date) if t.kind == "relative"]
                end = rel[0].value if rel else None
            out.append(Fact(person, "coached", team, "confirmed", role, tense, rng.start, end, None, 0.7,
                            self._evidence(s), EXTRACTOR + "#coach-noun"))
        # verbs: "P trainierte ⟦T⟧", "P übernimmt den ⟦T⟧"
        for vm in self.re_coach_verb.finditer(text):
            clause_a, clause_b = self._clause(s, vm.start(), vm.end())
            before = [p for p in persons if clause_a <= p[1] < vm.start() and not self._nonfootball_before(s, p[1])]
            after_p = [p for p in persons if vm.end() <= p[1] < clause_b and not self._nonfootball_before(s, p[1])]
            person = before[-1][0] if before else (after_p[0][0] if after_p and vm.end() - after_p[0][1] > -25 else None)
            if person is None:
                continue
            team = self._nearest_team(s, vm.start(), window=45)
            if team is None or not (clause_a <= next(a for k, a, b in s.teams() if k == team) < clause_b):
                continue
            verb = vm.group(0).lower()
            clause = text[clause_a:clause_b]
            if self._negated(clause) or self.re_cand.search(clause):
                continue
            if verb.startswith("übern") and re.search(r"⟦T\d+⟧\s*\W?\s*$", text[:vm.start()]) and not before:
                continue
            hedged = bool(self.re_hedge.search(clause)) and verb.startswith("übern")
            if hedged:
                continue
            rng = self.times.range_in(clause, date)
            tense = self._tense(clause, "past" if re.search(r"te\b|ten\b|hatte|war", clause) and verb.startswith(("train", "betreu", "coach")) else "current")
            start = rng.start
            if verb.startswith("übern") and not start and tense != "past":
                start = date
            out.append(Fact(person, "coached", team, "confirmed", "head_coach", tense, start, rng.end, None, 0.6,
                            self._evidence(s), EXTRACTOR + "#coach-verb"))
        # dismissals: "⟦T⟧ trennt sich von ⟦P⟧", "⟦P⟧ wurde entlassen"
        if dismissal:
            for key, a, b in persons:
                if self._nonfootball_before(s, a):
                    continue
                if abs(a - dismissal.start()) > 80 or any(f.subject == key for f in out):
                    continue
                team = self._nearest_team(s, dismissal.start()) or focus
                if team is None:
                    continue
                rel = [t for t in self.times.find(text, date) if t.kind == "relative"]
                end = rel[0].value if rel else date
                out.append(Fact(key, "coached", team, "confirmed", "head_coach", "past", None, end, None, 0.55,
                                self._evidence(s), EXTRACTOR + "#dismissal"))
        return out

    # ------------------------------------------------------------------ replaced
    def _succession(self, s: _Sent, focus: str | None, date: str | None, known: list[Fact]) -> list[Fact]:
        out: list[Fact] = []
        text = s.text
        for rx in self.re_succ:
            for m in rx.finditer(text):
                pred = s.slots[int(m.group(1))][1]
                succ_cands = [p for p in s.persons() if p[0] != pred and not self._nonfootball_before(s, p[1])]
                if not succ_cands:
                    continue
                # the successor: the nearest other person (prefer one before the cue)
                before = [p for p in succ_cands if p[2] <= m.start()]
                succ = before[-1][0] if before else succ_cands[0][0]
                team = self._nearest_team(s, m.start())
                if team is None:
                    team = next((f.object for f in known if f.subject == pred and f.relation == "coached"), None) or focus
                if team is None:
                    continue
                clause = text
                hedged = bool(self.re_hedge.search(clause)) or bool(self.re_cand.search(clause))
                if self._negated(text[min(m.start(), before[-1][1] if before else m.start()):m.end()]):
                    continue
                role = "interim_coach" if self.re_interim.search(text) or re.search(r"interims", text, re.I) else "head_coach"
                tense = self._tense(text, "current")
                rng = self.times.range_in(text, date)
                start = rng.start or (date if tense != "past" and not hedged else None)
                ev = self._evidence(s)
                if hedged:
                    status = "denied" if self._negated(text) else "reported"
                    out.append(Fact(succ, "candidateFor", team, status, role, "current", None, None, None, 0.5, ev,
                                    EXTRACTOR + "#succession-rumour"))
                    out.append(Fact(pred, "coached", team, "confirmed", "head_coach", "past", None, None, None, 0.5, ev,
                                    EXTRACTOR + "#predecessor"))
                    continue
                out.append(Fact(succ, "replaced", pred, "confirmed", role, tense, start, None, team, 0.65, ev,
                                EXTRACTOR + "#succession"))
                out.append(Fact(succ, "coached", team, "confirmed", role, tense, start, None, None, 0.6, ev,
                                EXTRACTOR + "#successor"))
                out.append(Fact(pred, "coached", team, "confirmed", "head_coach", "past", None, start, None, 0.6, ev,
                                EXTRACTOR + "#predecessor"))
        return out

    # ------------------------------------------------------------------ candidateFor
    def _candidates(self, s: _Sent, focus: str | None, coaches: set[str]) -> list[Fact]:
        out: list[Fact] = []
        text = s.text
        cue = self.re_cand.search(text)
        if not cue:
            return out
        persons = [p for p in s.persons() if not self._nonfootball_before(s, p[1])]
        if not persons:
            return out
        # persons who are the predecessor in a succession phrase are not candidates
        preds = {s.slots[int(m.group(1))][1] for rx in self.re_succ for m in rx.finditer(text)}
        player_ctx = bool(self.re_player_ctx.search(text)) and not self.re_coach.search(text)
        for key, a, b in persons:
            if key in preds:
                continue
            # the team the person is bound to by a compound ("Paderborn-Coach X") is not the target
            own = None
            g = re.search(r"⟦T(\d+)⟧-[\w-]+\s+(?:[\wäöü-]+\s+)?$", text[max(0, a - 40):a])
            if g:
                own = s.slots[int(g.group(1))][1] if int(g.group(1)) < len(s.slots) else None
            gm = re.search(r"⟦T(\d+)⟧-[\w-]+\s+(?:[\wäöü-]+\s+)?$", text[:a])
            if gm:
                own = s.slots[int(gm.group(1))][1]
            exclude = {own} if own else set()
            # "bei ⟦T⟧ unter Vertrag stehende ⟦P⟧": the current club
            for m in re.finditer(r"(?:bei|beim)\s+⟦T(\d+)⟧\s+unter Vertrag", text):
                exclude.add(s.slots[int(m.group(1))][1])
            team = self._nearest_team(s, cue.start(), exclude=exclude) if s.teams() else None
            if team is None or team in exclude:
                team = focus if focus not in exclude else None
            if team is None:
                continue
            window = text[max(0, min(a, cue.start()) - 30):max(b, cue.end()) + 40]
            if self._negated(window) or self._negated(text[cue.start():]) and re.search(r"nicht zur verfügung|abgesagt|absage", text, re.I):
                status = "denied"
            elif self.re_hedge.search(text):
                status = "reported"
            else:
                status = "confirmed"
            role = "player" if (player_ctx and key not in coaches) else "head_coach"
            if re.search(r"co-trainer|assistenztrainer", text, re.I) and role != "player":
                role = "assistant_coach"
            out.append(Fact(key, "candidateFor", team, status, role, "current", None, None, None, 0.5,
                            self._evidence(s), EXTRACTOR + "#candidate"))
        return out

    # ------------------------------------------------------------------ playedFor
    def _played(self, s: _Sent, coaches: set[str], date: str | None, antecedent: str | None) -> list[Fact]:
        out: list[Fact] = []
        text = s.text
        persons = [p for p in s.persons() if not self._nonfootball_before(s, p[1])]
        ev = self._evidence(s)

        def fact(person: str, team: str, tense: str, start=None, end=None, conf=0.55, rule="player") -> None:
            out.append(Fact(person, "playedFor", team, "confirmed", "player", tense, start, end, None, conf, ev,
                            EXTRACTOR + "#" + rule))

        # "Ex-⟦T⟧-Profi ⟦P⟧", "⟦T⟧-Legende ⟦P⟧"
        for m in self.re_team_player.finditer(text):
            nxt = re.match(r"\s*(?:[\wäöü-]+\s+)?⟦P(\d+)⟧", text[m.end():])
            if not nxt:
                continue
            person = s.slots[int(nxt.group(1))][1]
            past = bool(re.search(r"(ex-|früher\w*\s+|ehemalig\w*\s+|einstig\w*\s+)$", text[max(0, m.start() - 12):m.start()], re.I))
            fact(person, s.slots[int(m.group(1))][1], "past" if past else "current", rule="team-player-noun")
        # transfers: "⟦P⟧ wechselte 2004 (von ⟦T1⟧) zu ⟦T2⟧"
        for vm in self.re_player_to.finditer(text):
            clause_a, clause_b = self._clause(s, vm.start(), vm.end())
            before = [p for p in persons if clause_a <= p[1] < vm.start()]
            after_p = [p for p in persons if vm.end() <= p[1] < clause_b]
            subject = before[-1][0] if before else (after_p[0][0] if after_p else None)
            if subject is None and antecedent and self.re_pronoun.search(text[clause_a:vm.end()]):
                subject = antecedent
            if subject is None or subject in coaches:
                continue
            seg = text[clause_a:clause_b]
            if self._negated(seg[max(0, vm.start() - clause_a - 30):vm.end() - clause_a + 40]):
                continue
            years = [t for t in self.times.find(seg, date) if t.kind in ("date", "relative")]
            year = years[0].value if years else None
            for m in re.finditer(r"\b(von|aus|vom)\s+(?:[\wäöü-]+\s+){0,2}?⟦T(\d+)⟧", seg):
                fact(subject, s.slots[int(m.group(2))][1], "past", end=year, rule="transfer-from")
            for m in re.finditer(r"\b(zu|zum|zur|nach|an|in)\s+(?:den\s+|die\s+|das\s+)?⟦T(\d+)⟧", seg):
                fact(subject, s.slots[int(m.group(2))][1], "current", start=year, rule="transfer-to")
        # "in 147 Spielen (für ⟦T⟧) ... Tore", "spielte für ⟦T⟧", "im Trikot von ⟦T⟧"
        for vm in list(self.re_player_for.finditer(text)) + list(self.re_matches.finditer(text)):
            clause_a, clause_b = self._clause(s, vm.start(), vm.end())
            team_m = re.search(r"\b(?:für|bei|beim|in|im trikot (?:von|des)|des|von)\s+(?:den\s+|die\s+|das\s+)?⟦T(\d+)⟧(?:\s+und\s+⟦T(\d+)⟧)?",
                               text[vm.start():clause_b]) or re.search(r"(?:für|bei|beim)\s+⟦T(\d+)⟧()", text[clause_a:vm.start()])
            if not team_m:
                continue
            before = [p for p in persons if clause_a <= p[1] < vm.start()]
            after_p = [p for p in persons if vm.end() <= p[1] < clause_b]
            subject = before[-1][0] if before else (after_p[0][0] if after_p else None)
            if subject is None and antecedent and self.re_pronoun.search(text[clause_a:clause_b]):
                subject = antecedent
            if subject is None or subject in coaches:
                continue
            if self._negated(text[clause_a:clause_b]) and not self.re_matches.search(text):
                continue
            word = vm.group(0).lower()
            if word in ("karriere", "aktiv", "debüt") and not re.search(r"spiel|tor|profi", text, re.I):
                continue
            tense = self._tense(text[clause_a:clause_b], "current")
            for gi in (1, 2):
                if team_m.group(gi):
                    fact(subject, s.slots[int(team_m.group(gi))][1], tense, rule="player-for")
        # "⟦P⟧ (28, vertraglos, zuletzt ⟦T⟧)", "(früher ⟦T⟧)", "(Vertrag bis 2025, ⟦T⟧)"
        for m in re.finditer(r"⟦P(\d+)⟧\s*\(([^()]*?)\)", text):
            inner = m.group(2)
            for tm in re.finditer(r"(zuletzt|früher|ex-|bis \d{4},|vertrag bis \d{4},)?\s*⟦T(\d+)⟧", inner, re.I):
                cue = (tm.group(1) or "").lower()
                if not cue:
                    continue
                tense = "past" if cue in ("zuletzt", "früher", "ex-") else "current"
                fact(s.slots[int(m.group(1))][1], s.slots[int(tm.group(2))][1], tense, rule="parenthesis")
        return out


# ----------------------------------------------------------------------- merging


def _merge(facts: list[Fact]) -> list[Fact]:
    """One fact per (subject, relation, object): keep the strongest evidence, the most specific qualifiers."""
    groups: dict[tuple[str, str, str], list[Fact]] = {}
    for f in facts:
        if f.subject == f.object:
            continue
        groups.setdefault((f.subject, f.relation, f.object), []).append(f)
    out = []
    for (_, rel, _), fs in groups.items():
        statuses = Counter(f.status for f in fs)
        if rel == "candidateFor" and statuses.get("denied"):
            status = "denied"
        else:
            status = max(statuses, key=lambda st: (_STATUS_RANK[st], statuses[st]))
        best = max((f for f in fs if f.status == status), key=lambda f: f.confidence)
        start = next((f.start for f in fs if f.start and len(f.start) > 4), None) or next((f.start for f in fs if f.start), None)
        end = next((f.end for f in fs if f.end and len(f.end) > 4), None) or next((f.end for f in fs if f.end), None)
        roles = [f.role for f in fs if f.role]
        role = best.role
        if rel == "coached" and "interim_coach" in roles and role == "head_coach" and not any(
                f.role == "head_coach" and f.extractor.endswith("#coach-noun") for f in fs):
            role = "interim_coach"
        tenses = [f.tense for f in fs if f.tense]
        tense = best.tense
        if "past" in tenses and best.tense == "current" and end:
            tense = "past"
        conf = min(0.95, best.confidence + 0.1 * (len(fs) - 1))
        team = best.team or next((f.team for f in fs if f.team), None)
        out.append(replace(best, status=status, start=start, end=end, role=role, tense=tense, confidence=round(conf, 2),
                           team=team))
    return out


def extract(analyzed: AnalyzedArticle, lexicon: Lexicon) -> Extraction:
    """Convenience wrapper: build an :class:`Extractor` and run it on one article."""
    return Extractor(lexicon).extract(analyzed)
