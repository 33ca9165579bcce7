"""Stage 3: career facts from an analysed article.

1. Mentions are resolved into article entities ("Klose" -> "Miroslav Klose", "der FCK" ->
   "1. FC Kaiserslautern", "die Wolfsburger" -> VfL Wolfsburg).
2. Each sentence is rewritten with placeholders (⟦P0⟧ for persons, ⟦T1⟧ for teams), and cue
   patterns from the lexicon (``data/lexicon_de.json``) find coached / replaced /
   candidateFor / playedFor with role, certainty, tense and dates.
   Before that, names the NER missed are propagated (surnames, KB team aliases), national
   teams ("Bundestrainer", "der spanische Nationalcoach") and reserve teams ("zweite
   Mannschaft", "U19") become team placeholders, and "er" / "der 42-Jährige" / subjectless
   sentences under a "NAME:" heading get the salient person's placeholder.
3. Article-level passes: implied successions (a team dismisses one coach, another takes
   over), section headings "Club: Old / New", candidate lists under a question.
4. Facts about the same (subject, relation, object) are merged, keeping the most specific
   qualifiers and the strongest evidence.

Negation never produces a positive fact: a negated candidacy becomes ``denied``, any other
negated fact is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .model import AnalyzedArticle, Entity, Evidence, Extraction, Fact, Mention, Sentence
from .nlp import Lexicon
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


@lru_cache(maxsize=65536)
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
                b = self._team_for(m.text, ents) or self._team_for(m.text, ents, exact_only=False) \
                    or new(slug(m.text), m.text, "team")
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
                surname = self._person_for_surname(m.text, ents)
                team = self._team_for(m.text, ents)
                if team is None and surname is None and len(m.text) >= 4:
                    team = self._team_for(m.text, ents, exact_only=False)  # "Everton" tagged PER, "FC Everton"
                if team is not None and surname is None:
                    team.aliases.add(m.text)
                    team.count += 1
                    assign[i] = team.key
                    continue
                b = surname or self._person_for_firstname(m.text, ents) or new(slug(m.text), m.text, "person")
            else:
                b = self._person_for_fullname(m.text, ents) or new(slug(name), name, "person")
            b.aliases.add(m.text)
            b.count += 1
            assign[i] = b.key
        # a one-word team match that is the surname of a person named in full ("Sousa" after "Paulo Sousa")
        for i, m in enumerate(mentions):
            if m.label == "TEAM" and " " not in m.text and i in assign:
                p = self._person_for_surname(m.text, ents)
                if p is not None and p.type == "person":
                    t = ents.get(assign[i])
                    if t is not None:
                        t.count -= 1
                        t.aliases.discard(m.text)
                    assign[i] = p.key
                    p.aliases.add(m.text)
                    p.count += 1
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

    @staticmethod
    def _person_for_firstname(text: str, ents: dict[str, _EntityBuilder]) -> _EntityBuilder | None:
        """A lone given name ("Mario") of exactly one person named in full ("Mario Götze")."""
        hits = [e for e in ents.values() if e.type == "person" and len(e.name.split()) > 1
                and e.name.split()[0] == text]
        return hits[0] if len(hits) == 1 else None

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

    def demonym_kb_team(self, word: str, kb) -> tuple[str, str] | None:
        """(kb id, name) of the one senior club of a demonym's city ("Fürther" -> Greuther Fürth)."""
        city = self.demonyms.get(word.casefold())
        if not city or kb is None:
            return None
        hits = [e for e in kb.teams_with_alias(city) if e.kind == "club" and e.level == "senior"]
        return (hits[0].id, hits[0].name) if len(hits) == 1 else None


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
        self.re_nonfootball = re.compile(r"(?:^|[\s(„\"⟧-])(?:" + "|".join(d["non_football_roles"]) + r")\s*$", re.I)
        self.re_dismissal = lexicon.regex("dismissal")
        self.re_coach_verb = re.compile(r"\b(?:" + "|".join(d["coach_verbs"]) + r")\b", re.I)
        self.re_succ = [re.compile(p.replace("P", r"⟦P(\d+)⟧"), re.I) for p in d["succession_object"]]
        self.re_cand = re.compile(r"\b(?:" + "|".join(d["candidate"]) + r")\b", re.I)
        self.re_cand_weak = re.compile(r"\b(?:" + "|".join(d["candidate_weak"]) + r")\b", re.I)
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
        self.re_coref = re.compile(d["coref"])
        self.re_bound_team = re.compile(d["bound_team"], re.I)
        self.re_coach_post = re.compile(r"(?:" + d["coach_post"] + r")", re.I)
        self.re_coord_gap = re.compile(r"\s*(?:\(\d+\)\s*)?(?:,|und|sowie)\s*(?:(?:[A-ZÄÖÜ][\w-]*|[a-zäöü][\w-]*e[nr]?)\s+){0,2}")
        # "⟦P0⟧, derzeit Cheftrainer der ⟦T1⟧, und Kapitän ⟦P2⟧": an apposition between coordinated subjects
        self.re_coord_back = re.compile(r"\s*(?:\(\d+\)\s*|\([^()]{0,100}\)\s*)?(?:,[^,;:⟦]{0,50}(?:⟦T\d+⟧[^,;:⟦]{0,20})?,)?\s*(?:und|sowie)\s*(?:[A-ZÄÖÜ][\w-]*\s+)?")
        self.re_verb_object = re.compile(r"\s+(?:(?:de[nmrs]|die|das)\s+)?(?:[a-zäöü][\w-]*e[nrs]?\s+)?⟦T(\d+)⟧")
        self.re_role_tail = re.compile(r"(?:" + "|".join(d["role_noun_suffixes"]) + r")$", re.I)
        self.re_captain = re.compile(r"\b(?:Mannschafts)?[Kk]apitän(?:\s+(?:der|des|von|beim|bei)\s+(?:[\w-]+\s+)?⟦T(\d+)⟧)?")
        self.re_past_event = re.compile(r"\b(?:" + "|".join(d["past_event_markers"]) + r")\b", re.I)
        self.re_recent = re.compile(r"\b(?:" + "|".join(d["recent_markers"]) + r")\b", re.I)
        self.re_team_before_person = re.compile(r"⟦T(?P<gen>\d+)⟧(?:s|'|’)\s+⟦P(?P<p>\d+)⟧(?!-)")
        # "mit den Freiburgern ⟦P⟧ und ⟦P⟧": a plural demonym (or club) right before a list of players
        self.re_plural_team_persons = re.compile(r"\bden\s+⟦T(\d+)⟧n?\s+⟦P\d+⟧(?:\s*\([^()]{0,40}\))?(?:\s*(?:,|und|sowie)\s*⟦P\d+⟧(?:\s*\([^()]{0,40}\))?)*")
        self.re_list_item = re.compile(r"^⟦P(\d+)⟧\s*\([^()]*\)\s*:\s*$")
        self.re_section = re.compile(r"^\s*([A-ZÄÖÜ][A-ZÄÖÜÉ'-]+(?:\s+[A-ZÄÖÜ][A-ZÄÖÜÉ'-]+){1,2})\s*:")
        self.re_verb_initial = re.compile(d["verb_initial"])
        self.re_prep_before = re.compile(r"\b(?:bei|mit|von|vom|für|an|in|zu|zum|gegen|über|unter|nach|auf|seit|ohne|um)\s+(?:de[nmrs]\s+|die\s+|das\s+)?$", re.I)
        self.re_playing = re.compile(r"(?:" + d["playing_career"] + r")", re.I)
        self.re_person_of_team = re.compile(r"⟦P(\d+)⟧\s*(?:\(\d+\)\s*)?(?:vom|von)\s+(?:(?:[a-zäöüß][\w-]*|Bundesligisten|Zweitligisten|Drittligisten|Erstligisten|Rekordmeister|Tabellenführer|Klub|Verein|Ligarivalen)\s+){0,3}?⟦T(\d+)⟧")
        self.re_passive = re.compile(r"\b(?:wurde|wird|ist|war|sei|musste|muss|bekam|erhielt)\b", re.I)
        self.re_von_before = re.compile(r"\b(?:von|vom)\s+(?:[\w-]+\s+){0,3}$", re.I)
        self.re_opponent = re.compile(r"\b(?:" + d["opponent_markers"] + r")\s+(?:den\s+|die\s+|das\s+|dem\s+)?(?:[\w-]+\s+){0,2}?⟦T(\d+)⟧", re.I)
        self.re_dessen = re.compile(d["dessen_successor"], re.I)
        self.re_heading = re.compile(r"^\s*⟦T(\d+)⟧\s*:\s*⟦P(\d+)⟧\s*/\s*⟦P(\d+)⟧\s*$")
        self.re_from_team = re.compile(r"\b(von|aus|vom)\s+(?:[\wäöü-]+\s+){0,2}?⟦T(\d+)⟧", re.I)
        self.re_to_team = re.compile(r"\b(zu|zum|zur|nach|an|in)\s+(?:den\s+|die\s+|das\s+)?⟦T(\d+)⟧", re.I)
        self.re_the_team = re.compile(r"\s+(?:" + d["the_team"] + r")\b", re.I)
        self.re_the_team_before = re.compile(r"\b(?:" + d["the_team"] + r")\s+$", re.I)
        self.re_denial = re.compile(d["denial"], re.I)
        self.re_neg_cand = re.compile(d["negated_candidacy"], re.I)
        self.re_name_follows = re.compile(r"\s*(?:\(\d+\)\s*)?(?:[A-ZÄÖÜ][\w-]+\s+)*[A-ZÄÖÜ][a-zäöüéèáíóúñç]+(?:\s|,|$)(?!\s*(?:soll|wird|ist|war|hat|hatte|kann))")
        self.nationalities = {k.casefold(): v for k, v in d["nationalities"].items()}
        self.federations = {k.casefold(): v for k, v in d["federations"].items()}
        self.default_country = d["default_country"]
        self.plain_adjectives = frozenset(w.casefold() for w in d["plain_adjectives"])
        self.countries = {k.casefold(): v for k, v in d["countries"].items()}
        self.re_country_after = re.compile(d["country_after_role"].replace(
            "COUNTRY", "|".join(sorted(map(re.escape, d["countries"]), key=len, reverse=True))))
        self.re_national = re.compile(d["national_role"])
        self.re_reserve = re.compile(d["reserve_team"])
        self.re_same = re.compile(d["same_applies"], re.I)
        self.re_succ_search = re.compile(d["successor_search"], re.I)
        self.re_arrival = re.compile(d["arrival_cues"], re.I)
        self.re_coach_item = re.compile(d["coach_list_item"], re.I)
        self.re_newcomer = re.compile(d["newcomer_nouns"])
        self._reserve_keys: set[str] = set()
        self._fact_index: list | None = None
        self.re_demonym = re.compile(r"\b(?:die|der|den|dem|des|bei den|gegen die)\s+(" +
                                     "|".join(map(re.escape, d["demonyms"])) + r")n?\b", re.I)

    # ------------------------------------------------------------------ entry point
    def extract(self, analyzed: AnalyzedArticle) -> Extraction:
        art = analyzed.article
        builders, assign = self.resolver.resolve(analyzed)
        analyzed, assign = self._propagate(analyzed, builders, assign)
        sents = self._placeholder_sentences(analyzed, assign, builders)
        focus = self._focus_team(builders)
        self._strong_focus = self._focus_team(builders, strong=True)
        facts: list[Fact] = []
        coaches: set[str] = set()
        # pass 1: coaching facts tell which persons are coaches (for "wechselt zu" etc.)
        prev_teams: list[tuple[int, str]] = []
        for s in sents:
            recent = prev_teams[-1][1] if prev_teams and s.sent.index - prev_teams[-1][0] <= 2 else None
            facts += self._coached(s, focus, art.date, recent)
            if s.teams():
                prev_teams.append((s.sent.index, s.teams()[-1][0]))
        coaches = {f.subject for f in facts}
        # a team named as someone's post ("⟦P⟧ steht als Teamchef der ⟦T⟧ ...") is not the topic team
        held = {(f.evidence.sentence, f.object) for f in facts if f.evidence is not None}
        prev_person: str | None = None
        prev_person_at = -10
        ctx_teams: list[str] = []
        pending: tuple[str, str, int] | None = None  # (predecessor, team, sentence) of "Nachfolger für X gefunden"
        for idx, s in enumerate(sents):
            ant = prev_person if prev_person and s.sent.index - prev_person_at <= 3 else None
            if s.teams():
                bound = {s.slots[int(next(g for g in m.groups() if g is not None))][1]
                         for m in self.re_bound_team.finditer(s.text)} if "⟦T" in s.text else set()
                free_teams = [t for t in s.teams() if t[0] not in bound and t[0] not in self._reserve_keys
                              and (s.sent.index, t[0]) not in held]
                if free_teams:
                    ctx_teams.append(free_teams[0][0])
            if not s.slots or (not s.persons() and ant is None):
                continue
            n_sent = len(facts)
            facts += self._heading(s, art.date)
            if pending is not None and 0 < s.sent.index - pending[2] <= 2:
                got = self._pending_successor(s, pending, art.date)
                if got:
                    facts += got
                    pending = None
            n_before = len(facts)
            facts += self._succession(s, focus, art.date, facts, ant)
            if len(facts) == n_before:
                pending = self._successor_search(s, focus) or pending
            facts += self._candidates(s, focus, coaches, facts, ctx_teams[-1] if ctx_teams else None)
            facts += self._same_applies(s, facts)
            ant = prev_person if idx > 0 and sents[idx - 1].sent.index == s.sent.index - 1 else None
            # a successor found in pass 2 ("Nachfolger für X gefunden. Von ⟦T⟧ kommt ⟦P⟧") is a coach too
            coaches |= {f.subject for f in facts[n_sent:] if f.relation in ("coached", "replaced")}
            facts += self._played(s, coaches, art.date, ant)
            ps = s.persons()
            if ps:
                prev_person, prev_person_at = ps[0][0], s.sent.index
        facts += self._candidate_list(sents, focus, coaches)
        facts += self._implied_successions(facts)
        facts = _merge(facts)
        used = {f.subject for f in facts} | {f.object for f in facts} | {f.team for f in facts if f.team}
        entities = tuple(
            Entity(b.key, _display_name(b), b.type, tuple(sorted(b.aliases)))
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
        kb = self.kb
        for b in builders:
            if b.type != "team":
                continue
            forms = set(b.aliases) | {b.name}
            if kb is not None and b.kb_id:
                e = kb.get(b.kb_id)
                if e is not None:
                    forms |= {a for a in e.aliases if " " not in a or a.count(" ") < 3}
            forms |= {f.replace(" ", "-") for f in forms if " " in f and "." not in f}  # "Manchester-United-Trainer"
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
        # plain substring search (no per-article regex compilation), longest surfaces first
        hits: list[tuple[int, int, str]] = []
        for f in sorted(surfaces, key=len, reverse=True):
            i = text.find(f)
            while i >= 0:
                j = i + len(f)
                before = text[i - 1] if i > 0 else " "
                k = j
                for suf in ("’s", "'s", "s", "'", "’"):
                    if text.startswith(suf, j):
                        k = j + len(suf)
                        break
                after = text[k] if k < len(text) else " "
                if not (before.isalnum() or before == ".") and not after.isalnum():
                    hits.append((i, j, f))
                elif not (before.isalnum() or before == ".") and not (text[j] if j < len(text) else " ").isalnum():
                    hits.append((i, j, f))
                i = text.find(f, j)
        taken = sorted((m.start, m.end) for i, m in enumerate(analyzed.mentions) if i in assign)
        sent_starts = [x.start for x in analyzed.sentences]
        types = {b.key: b.type for b in builders}
        by_key = {b.key: b for b in builders}
        mentions = list(analyzed.mentions)
        assign = dict(assign)
        for a, b, f in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
            pos = bisect_right(taken, (b, b))
            if any(x < b and a < y for x, y in taken[max(0, pos - 3):pos + 1]):
                continue
            si = bisect_right(sent_starts, a) - 1
            if si < 0 or analyzed.sentences[si].end < b:
                continue
            key = surfaces[f]
            label = "PER" if types[key] == "person" else "TEAM"
            assign[len(mentions)] = key
            mentions.append(Mention(a, b, f, label, si, "rule"))
            by_key[key].count += 1
            by_key[key].aliases.add(f)
            insort(taken, (a, b))
        return AnalyzedArticle(analyzed.article, analyzed.sentences, tuple(mentions)), assign

    def _placeholder_sentences(self, analyzed: AnalyzedArticle, assign: dict[int, str],
                               builders: list[_EntityBuilder]) -> list[_Sent]:
        by_sent: dict[int, list[tuple[Mention, str]]] = defaultdict(list)
        for i, m in enumerate(analyzed.mentions):
            if i in assign:
                by_sent[m.sentence].append((m, assign[i]))
        focus = self._focus_team(builders)
        out: list[_Sent] = []
        salient: list[tuple[int, str]] = []  # (sentence index, first person) of recent sentences
        last_person: tuple[int, str] | None = None
        section: str | None = None  # the person a "NAME:" section is about
        weak: tuple[int, str] | None = None  # (sentence index, person) named only after a preposition
        atext = analyzed.article.text
        main = self._main_person(builders)
        for sent in analyzed.sentences:
            types = {b.key: b.type for b in builders}
            items = by_sent.get(sent.index, [])
            text = sent.text
            # (start, end, entity key, text that follows the placeholder)
            spans = [(m.start, m.end, key, "") for m, key in items]

            def free(a: int, b: int) -> bool:
                return not any(x < b and a < y for x, y, _, _ in spans)

            # demonyms: "die Wolfsburger" -> the team
            for dm in self.re_demonym.finditer(text):
                team = self.resolver.demonym_team(dm.group(1), builders)
                if team is None:
                    hit = self.resolver.demonym_kb_team(dm.group(1), self.kb)
                    if hit is not None:
                        team = next((x for x in builders if x.kb_id == hit[0]), None) or self._add_team(builders, hit[1])
                        team.kb_id = team.kb_id or hit[0]
                a, b = sent.start + dm.start(1), sent.start + dm.end(1)
                if team is not None and free(a, b):
                    spans.append((a, b, team.key, ""))
            # national teams: "Bundestrainer", "der spanische Nationalcoach", "Ex-ÖFB-Teamchef"
            for nm in self.re_national.finditer(text):
                country = self._country(nm)
                if country is None:
                    continue
                rg = next((g for g in ("role", "role_n", "role_t") if nm.group(g)), None)
                a = sent.start + nm.start() + (3 if nm.group(0).startswith("Ex-") else 0)  # keep "Ex-" as text
                if nm.group("adj") and nm.group("adj").casefold() in self.plain_adjectives | _DETERMINER_STEMS:
                    a = sent.start + nm.start("role_n")  # "der ehemalige ⟦T⟧-spieler": the adjective stays text
                b = sent.start + (nm.start(rg) if rg else nm.end())
                if nm.group("age2") and re.search(r"(?:trainer|coach)$", nm.group(0), re.I):
                    b = sent.start + nm.end("age2") + 1  # "U20-Nationaltrainer": keep the coach word as text
                level = nm.group("age") or nm.group("age2")
                name = f"{country} national football team" if not level else \
                    f"{country} national under-{level[1:]} football team"
                team = self._add_team(builders, name)
                if nm.group("fed2"):  # "beim DFB"
                    b = sent.start + nm.end()
                # a federation acronym the NER/gazetteer took for a club ("ÖFB") is the national team here
                spans = [x for x in spans if not (a <= x[0] and x[1] <= sent.start + nm.end()
                                                  and atext[x[0]:x[1]].casefold() in self.federations)]
                if free(a, sent.start + nm.end()):
                    spans.append((a, b, team.key, "-" if b < sent.start + nm.end() else ""))
            # a country after a coach/player noun: "Teamchef der Türkei", "Trainer von Island"
            for cm in self.re_country_after.finditer(text):
                country = self.countries.get(cm.group("country").casefold())
                a, b = sent.start + cm.start("country"), sent.start + cm.end("country")
                spans = [x for x in spans if not (a <= x[0] and x[1] <= b)]  # a LOC/club taken for it
                if country and free(a, b):
                    spans.append((a, b, self._add_team(builders, f"{country} national football team").key, ""))
            # reserve/youth teams: "Trainer der zweiten Mannschaft", "U19", "Regionalligateam des VfL"
            for rm in self.re_reserve.finditer(text):
                a, b = sent.start + rm.start("res"), sent.start + rm.end("res")
                if not free(a, b):
                    continue
                parent = self._reserve_parent(rm, sent, spans, builders) or focus
                if parent is None:
                    continue
                pb = next(x for x in builders if x.key == parent)
                suffix = rm.group("age").upper() if rm.group("age") else "II"
                team = self._add_team(builders, self._reserve_name(pb, suffix), reserve=True)
                spans.append((a, b, team.key, ""))
            # section headings "JUPP HEYNCKES: ..." set the topic person of the following sentences
            hm = self.re_section.match(text)
            if hm:
                section = self._section_person(hm.group(1), builders)
                if section is not None:
                    a, b = sent.start + hm.start(1), sent.start + hm.end(1)
                    if free(a, b):
                        spans.append((a, b, section, ""))
            elif section is not None and self.re_verb_initial.match(text):
                # "War vom ... VfL-Coach": a subjectless sentence about the section's person
                spans.append((sent.start, sent.start, section, " "))
            # coreference: "er", "der 42-Jährige", "der frühere Torjäger" -> the salient person
            types = {b.key: b.type for b in builders}
            person_spans = sorted((x for x in spans if types[x[2]] == "person"), key=lambda x: x[0])
            for cm in self.re_coref.finditer(text):
                a, b = sent.start + cm.start(), sent.start + cm.end("head")
                if not free(a, b) or self._name_follows(text, cm.end()):
                    continue
                if not cm.group("er") and cm.group(0)[:1] in "Dd":
                    words = text[cm.end():cm.end() + 90].split()[:6]
                    i = next((j for j, w in enumerate(words) if w[:1].isupper() or w[:1].isdigit()), None)
                    if i is not None and i + 1 < len(words) and (words[i + 1][:1].isupper() or words[i + 1][:1] == "⟦"):
                        continue
                prior = [x for x in person_spans if x[1] <= a]
                if cm.group(0).lower().startswith("letzter") and last_person and sent.index - last_person[0] <= 2:
                    ant = last_person[1]
                elif section is not None and not prior:
                    ant = section
                elif prior:
                    ant = prior[-1][2]
                else:
                    # the previous sentence's subject, else a person it names after a preposition
                    # ("... verabschiedete sich von ⟦P⟧. Für ihn übernahm ..."), else a recent subject
                    ant = (salient[-1][1] if salient and salient[-1][0] == sent.index - 1 else None) \
                        or (weak[1] if weak and weak[0] == sent.index - 1 else None) \
                        or next((k for si, k in reversed(salient) if sent.index - si <= 3), None) \
                        or (main if not cm.group("er") and cm.group(0)[:1] in "Dd" else None)
                if ant is None:
                    continue
                spans.append((a, b, ant, ""))
            parts, slots, pos, plen = [], [], sent.start, 0
            for a, b, key, suffix in sorted(spans):
                if a < pos:
                    continue
                chunk = atext[pos:a]
                parts.append(chunk)
                plen += len(chunk)
                kind = "P" if types[key] == "person" else "T"
                ph = f"⟦{kind}{len(slots)}⟧"
                slots.append((kind, key, plen, plen + len(ph)))
                parts.append(ph + suffix)
                plen += len(ph) + len(suffix)
                pos = b
            parts.append(atext[pos:sent.end])
            out.append(_Sent(sent, "".join(parts), slots, []))
            ptext = "".join(parts)
            first = next((k for kind, k, a0, _ in slots if kind == "P"
                          and not self.re_prep_before.search(ptext, max(0, a0 - 12), a0)
                          and not self.re_nonfootball.search(ptext[max(0, a0 - 40):a0])), None)
            if first is None:
                ps = [k for kind, k, a0, _ in slots if kind == "P"
                      and not self.re_nonfootball.search(ptext[max(0, a0 - 40):a0])]
                if ps:
                    weak = (sent.index, ps[-1])
            if first is not None:
                salient.append((sent.index, first))
                last_person = (sent.index, [k for kind, k, _, _ in slots if kind == "P"][-1])
        return out

    def _name_follows(self, text: str, pos: int) -> bool:
        """A name right after "Der" ("Der Trainer Jürgen Klopp"), not a role noun ("Der Weltmeister von 2014")."""
        m = self.re_name_follows.match(text, pos)
        if m is None:
            return False
        last = re.findall(r"[A-ZÄÖÜ][\w-]*", m.group(0))
        return not (last and self.re_role_tail.search(last[-1]))

    def _section_person(self, heading: str, builders: list[_EntityBuilder]) -> str | None:
        """The person of a heading "JUPP HEYNCKES" (an article person, else a new one)."""
        name = " ".join(w.capitalize() if w.isupper() else w for w in heading.split())
        n = _norm(name)
        last = n.split()[-1]
        for b in builders:
            if b.type == "person" and (_norm(b.name) == n or _norm(b.name).split()[-1] == last):
                b.aliases.add(name)
                return b.key
        key = slug(name)
        if any(b.key == key for b in builders):
            return None
        builders.append(_EntityBuilder(key, name, "person", {name}))
        return key

    def _country(self, m: re.Match) -> str | None:
        g = m.groupdict()
        if g.get("adj") and g["adj"].casefold() in _DETERMINER_STEMS:
            return self.default_country  # "die Nationalelf": an article, not a nationality
        if g.get("adj") or g.get("adj2"):
            adj = (g.get("adj") or g["adj2"]).casefold()
            country = self.nationalities.get(adj)
            if country is None and g.get("adj") and adj in self.plain_adjectives \
                    and "spieler" in (g.get("role_n") or "").casefold():
                return self.default_country  # "der ehemalige Nationalspieler": no country named
            return country
        if g.get("fed") or g.get("fed2"):
            return self.federations.get((g.get("fed") or g["fed2"]).casefold())
        return self.default_country

    def _add_team(self, builders: list[_EntityBuilder], name: str, reserve: bool = False) -> _EntityBuilder:
        key = slug(name)
        for b in builders:
            if b.key == key:
                return b
        b = _EntityBuilder(key, name, "team", {name})
        builders.append(b)
        if reserve:
            self._reserve_keys.add(key)
        return b

    def _reserve_name(self, parent: _EntityBuilder, suffix: str) -> str:
        """The KB's name of a club's reserve/youth team ("VfL Wolfsburg II"), else "<club> II"/"<club> U19"."""
        kb = self.kb
        if kb is not None and parent.kb_id:
            level = "reserve" if suffix == "II" else suffix
            kids = [kb.get(t) for t in kb.team_family(parent.kb_id) if t != parent.kb_id]
            base = {_norm(parent.name), _norm(_display_name(parent))}
            kids = [k for k in kids if k is not None and k.level == level
                    and any(_norm(k.name).startswith(b + " ") for b in base)]
            if kids:
                return max(kids, key=lambda k: (k.name.endswith(" II"), k.weight)).name
        return f"{_display_name(parent)} {suffix}"

    def _reserve_parent(self, rm: re.Match, sent: Sentence, spans, builders) -> str | None:
        """The club of a reserve team: a team mention right before or after the phrase."""
        types = {b.key: b.type for b in builders}
        a, b = sent.start + rm.start(), sent.start + rm.end()
        best = None
        for x, y, key, _ in spans:
            if types.get(key) != "team" or key in self._reserve_keys:
                continue
            d = a - y if y <= a else x - b
            if 0 <= d <= 25 and (best is None or d < best[0]):
                best = (d, key)
        return best[1] if best else None

    @staticmethod
    def _main_person(builders: list[_EntityBuilder]) -> str | None:
        """The person the article is about: named clearly more often than anyone else (for descriptions
        such as "der ehemalige Nationalcoach" far from the last name)."""
        counts = sorted(((b.count, b.key) for b in builders if b.type == "person"), reverse=True)
        if not counts or counts[0][0] < 3 or (len(counts) > 1 and counts[1][0] * 2 > counts[0][0]):
            return None
        return counts[0][1]

    @staticmethod
    def _focus_team(builders: list[_EntityBuilder], strong: bool = False) -> str | None:
        """The article's main team: clearly the most mentioned (``strong``: by a wide margin)."""
        counts = sorted(((b.count, b.key) for b in builders if b.type == "team"), reverse=True)
        if not counts or counts[0][0] < (3 if strong else 2):
            return None
        if len(counts) > 1 and counts[1][0] * (2.0 if strong else 1.5) > counts[0][0]:
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
        m = self.re_nonfootball.search(s.text[max(0, start - 40):start])
        if m is None:
            return False
        word = m.group(0).strip(" („\"⟧-")
        return not self.re_coach_base.search(word.casefold())  # "Teammanager" is a coach

    def _negated(self, text: str) -> bool:
        return bool(self.re_neg.search(text))

    @staticmethod
    def _clause(s: _Sent, a: int, b: int) -> tuple[int, int]:
        """The clause around [a, b): bounded by ; : – and sentence ends (commas kept)."""
        left = max(s.text.rfind(c, 0, a) for c in (";", ":", " – ", " - ", "?", "!"))
        rights = [s.text.find(c, b) for c in (";", ":", " – ", " - ", "?", "!")]
        right = min([r for r in rights if r >= 0], default=len(s.text))
        return left + 1, right

    def _event_tense(self, text: str) -> str:
        """Tense of a takeover/succession event: its verbs, not "der frühere Profi"."""
        if self.re_future.search(text):
            return "future"
        return "past" if self.re_past_event.search(text) else "current"

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
    def _coached(self, s: _Sent, focus: str | None, date: str | None, context_team: str | None = None) -> list[Fact]:
        out: list[Fact] = []
        text = s.text
        persons = s.persons()
        if not persons:
            return out
        dismissal = self.re_dismissal.search(text)
        groups = self._coordination_groups(s, persons) if dismissal else {}
        chain: tuple[str, int, int] | None = None  # (person, end of the role phrase, person start)
        for cm in self.re_coach.finditer(text):
            word = cm.group(0)
            role = self._role_of(word.split("-")[-1] if word.lower().startswith(("ex-", "noch-")) else word)
            if role is None:
                continue
            if self._cand_cue(text[max(0, cm.start() - 60): cm.end() + 60], text) and re.search(
                    r"\bals\s+(?:[\wäöü]+\s+){0,2}$", text[max(0, cm.start() - 30):cm.start()], re.I):
                continue  # "als (neuer) Trainer gehandelt": a candidacy, handled later
            # team glued to the role word ("⟦T1⟧-Trainer") or right after it ("Trainer von/des/beim ⟦T1⟧")
            team = None
            glued = re.search(r"⟦T(\d+)⟧-\S*$", text[max(0, cm.start() - 12):cm.start() + 1])
            if glued or re.search(r"⟦T(\d+)⟧-$", text[:cm.start()]):
                g = re.search(r"⟦T(\d+)⟧-[\w-]*$", text[:cm.start() + 1]) or re.search(r"⟦T(\d+)⟧-$", text[:cm.start()])
                if g:
                    team = s.slots[int(g.group(1))][1]
            if team is None:
                gen = re.search(r"⟦T(\d+)⟧(?:s|'s|’s|')\s+(?:[a-zäöü][\w-]*\s+)?$", text[max(0, cm.start() - 40):cm.start()])
                if gen:
                    team = s.slots[int(gen.group(1))][1]
            after = re.match(r"\s*(?:\(\d+\)\s*)?(?:von|des|der|beim|bei|vom|in|am|im)\s+(?:[\wäöü-]+\s+){0,2}?⟦T(\d+)⟧", text[cm.end():])
            if team is None and after:
                team = s.slots[int(after.group(1))][1]
            national = word.lower().startswith(self.national_prefixes)
            # the person: directly after the role word, or before it in an apposition/predicate
            person = None
            direct = re.match(r"\s*(?:[\wäöü-]+\s+)?⟦P(\d+)⟧", text[cm.end():])
            if direct and not re.match(r"\s*(?:von|des|der|beim|bei|vom)\b", text[cm.end():]):
                person = s.slots[int(direct.group(1))][1]
                pstart = cm.end() + direct.group(0).index("⟦")
            else:
                before = [p for p in persons if p[2] <= cm.start() and cm.start() - p[2] <= 60
                          and not re.search(r"[.;:]|⟦P", text[p[2]:cm.start()])]
                between = text[before[-1][2]:cm.start()] if before else ""
                verbish = before and (re.fullmatch(r"\s*\(\s*(?:⟦T\d+⟧-)?", between) or re.search(r"\b(?:ist|war|wird|wurde|bleibt|als|neuer|neue[rn]?|derzeit|aktuell|einst|zuvor|damals|bisher)\b|,", between, re.I)
                                      or (re.fullmatch(r"\s*(?:(?:[a-zäöüß][\w-]*|Ex-(?:⟦T\d+⟧-)?|⟦T\d+⟧-(?=\S*$))\s*){0,3}", between)
                                          and not re.search(r"\b(?:und|oder|sowie|mit|von|für|bei|gegen|als)\b", between)))
                if before and verbish and not re.search(r"\b(?:dass|ob|weil|wer|wen)\b", between, re.I):
                    # a subordinate clause in between ("⟦P⟧ kündigte an, dass der neue Trainer ...") is another NP
                    person = before[-1][0]
                    pstart = before[-1][1]
            if person is None and chain is not None and re.fullmatch(
                    r"\s*(?:und|sowie|,)\s*(?:[a-zäöüß][\w-]*\s+)?", text[chain[1]:cm.start()]):
                person, pstart = chain[0], chain[2]  # "Trainer von ⟦T1⟧ und Interimstrainer von ⟦T2⟧"
            if person is None or (national and team is None):
                continue
            if self._nonfootball_before(s, pstart):
                continue
            clause_a, clause_b = self._clause(s, min(pstart, cm.start()), max(pstart, cm.end()))
            clause = text[clause_a:clause_b]
            if team is None:
                team = self._nearest_team(s, cm.start(), window=40, exclude=self._opponents(s))
                if team is None:
                    # only the article's main team is left: not in rumour sentences ("der gehandelte Coach X")
                    if self._cand_cue(text) or s.teams():
                        continue
                    team = self._strong_focus
            if team is None:
                continue
            if self._negated(text[min(pstart, cm.start()):max(pstart, cm.end())]):
                continue
            if role == "head_coach" and self.re_interim.search(text[min(pstart, cm.start()):max(pstart + 4, cm.end() + 25)]):
                role = "interim_coach"
            prefix = text[max(0, cm.start() - 30):cm.start()].lower()
            tense = "past" if re.search(r"(ehemalig|früher|einstig|ex-|damalig)\w*\s*$|ex-$", prefix) or word.lower().startswith("ex-") else None
            is_new = bool(re.search(r"\bneue[rnm]?\s+$", prefix)) or role == "interim_coach" or word.lower().startswith("neu")
            gone = bool(dismissal) and not is_new and (
                self._dismissed(s, pstart, pstart + 1, dismissal)
                or (pstart in groups and self._dismissed(s, *groups[pstart], dismissal)))
            if tense is None:
                tense = "past" if gone else self._tense(clause)
            rng = self.times.range_in(clause, date)
            end = rng.end
            if gone and not end:
                rel = [t for t in self.times.find(text, date) if t.kind == "relative"]
                end = rel[0].value if rel else _year(date)
            rule = "#coach-noun-gone" if gone else "#coach-noun-new" if is_new and tense != "past" else "#coach-noun"
            start0 = rng.start or (_year(date) if rule == "#coach-noun-new" else None)
            if team in self._reserve_keys and role != "assistant_coach":
                role = "youth_coach"
            out.append(Fact(person, "coached", team, "confirmed", role, tense, start0, end, None, 0.7,
                            self._evidence(s), EXTRACTOR + rule))
            chain = (person, cm.end() + (after.end() if after else 0), pstart)
        # verbs: "P trainierte ⟦T⟧", "P übernimmt den ⟦T⟧"
        for vm in self.re_coach_verb.finditer(text):
            clause_a, clause_b = self._clause(s, vm.start(), vm.end())
            interim_clause = bool(self.re_interim.search(text[clause_a:clause_b]))
            ok = (lambda p: interim_clause or not self._nonfootball_before(s, p[1]))  # a director as interim coach
            before = [p for p in persons if clause_a <= p[1] < vm.start() and ok(p)
                      and not self.re_prep_before.search(text, max(0, p[1] - 14), p[1])]
            after_p = [p for p in persons if vm.end() <= p[1] < clause_b and ok(p)]
            verb = vm.group(0).lower()
            takeover = verb.startswith(("übern", "tritt", "amt"))
            if before:
                final = not re.search(r"\w", text[vm.end():clause_b].split(",")[0])
                subjects = [before[0] if takeover and final and len(before) > 1 else before[-1]]
                for p in before[before.index(subjects[0]) + 1:]:  # "Tim Danneberg und Maniyel Nergiz übernommen"
                    if re.fullmatch(r"\s*(?:,|und|sowie)\s*", text[subjects[-1][2]:p[1]]):
                        subjects.append(p)
                for p in reversed(before[:before.index(subjects[0])]):  # "⟦P0⟧, derzeit ..., und Kapitän ⟦P1⟧ betreuten"
                    if self.re_coord_back.fullmatch(text, p[2], subjects[0][1]):
                        subjects.insert(0, p)
                    else:
                        break
            elif after_p and after_p[0][1] - vm.end() < 45:
                subjects = [after_p[0]]
                for p in after_p[1:]:  # "Tim Danneberg und Maniyel Nergiz"
                    if re.fullmatch(r"\s*(?:,|und|sowie)\s*", text[subjects[-1][2]:p[1]]):
                        subjects.append(p)
            else:
                continue
            obj = self.re_verb_object.match(text, vm.end())  # "betreute den ⟦T3⟧"
            team = s.slots[int(obj.group(1))][1] if obj else None
            if team is None or team in self._opponents(s):
                team = self._nearest_team(s, vm.start(), window=45, exclude=self._opponents(s))
            if team is not None and not any(clause_a <= a < clause_b for k, a, b in s.teams() if k == team):
                team = None
            if self.re_the_team.match(text, vm.end()) or self.re_the_team_before.search(text, clause_a, vm.start()):
                team = focus or context_team or team
            if team is None and takeover and not s.teams():
                team = focus or context_team
            if team is None:
                continue
            clause = text[clause_a:clause_b]
            if self._negated(clause) or self._cand_cue(clause, text):
                continue
            if takeover and re.search(r"⟦T\d+⟧\s*\W?\s*$", text[:vm.start()]) and not before:
                continue
            hedged = bool(self.re_hedge.search(clause)) and takeover
            rng = self.times.range_in(clause, date)
            tense = self._tense(clause, "past" if re.search(r"te\b|ten\b|hatte|war", clause) and verb.startswith(("train", "betreu", "coach")) else "current")
            start = rng.start
            if takeover and not start:
                start = rng.point or (_year(date) if tense != "past" else None)
            role = "head_coach"
            if self.re_interim.search(text) or (takeover and re.search(r"co-trainer|assistent", clause, re.I)):
                role = "interim_coach"
            for key, _, _ in subjects:
                out.append(Fact(key, "coached", team, "reported" if hedged else "confirmed", role, tense, start,
                                rng.end, None, 0.6, self._evidence(s),
                                EXTRACTOR + ("#takeover" if takeover else "#coach-verb")))
        # coach lists "drei Trainer: ⟦P⟧ mit ⟦T⟧, ⟦P⟧ mit dem ⟦T⟧ und ⟦P⟧ mit ⟦T⟧"
        items = list(self.re_coach_item.finditer(text)) if "mit" in text else []
        if len(items) >= 2 and not self.re_player_ctx.search(text) and not self._negated(text):
            cm = self.re_coach.search(text)
            listed = cm is not None and cm.end() <= items[0].start() and self._role_of(cm.group(0)) == "head_coach"
            for prev, cur in zip(items, items[1:]):
                if not re.fullmatch(r"\s*(?:,|und|sowie|;)\s*", text[prev.end():cur.start()]):
                    listed = False
            if listed:
                for im in items:
                    key = s.slots[int(im.group(1))][1]
                    if not any(f.subject == key for f in out):
                        out.append(Fact(key, "coached", s.slots[int(im.group(2))][1], "confirmed", "head_coach",
                                        self._tense(text[im.start():im.end()], "current"), None, None, None, 0.5,
                                        self._evidence(s), EXTRACTOR + "#coach-list"))
        # dismissals: "⟦T⟧ trennt sich von ⟦P⟧", "⟦P⟧ wurde entlassen"
        if dismissal:
            groups = self._coordination_groups(s, persons)
            for key, a, b in persons:
                if self._nonfootball_before(s, a):
                    continue
                ga, gb = groups.get(a, (a, b))  # "von ⟦P1⟧ und ⟦P2⟧ getrennt": the whole group
                if any(f.subject == key for f in out) or not (self._dismissed(s, a, b, dismissal)
                                                              or self._dismissed(s, ga, gb, dismissal)):
                    continue
                if self._negated(text[min(a, dismissal.start()):max(b, dismissal.end())]):
                    continue
                team = self._nearest_team(s, dismissal.start(), exclude=self._opponents(s)) or focus
                if team is None and not s.teams() and self.re_coach.search(text) and not self._cand_cue(text):
                    team = context_team  # "Nach der Trennung von ⟦P⟧ sucht der Zweitligist einen neuen Trainer"
                if team is None:
                    continue
                rel = [t for t in self.times.find(text, date) if t.kind == "relative"]
                end = rel[0].value if rel else _year(date)
                out.append(Fact(key, "coached", team, "confirmed", "head_coach", "past", None, end, None, 0.55,
                                self._evidence(s), EXTRACTOR + "#dismissal"))
        return out

    # ------------------------------------------------------------------ replaced
    def _succession(self, s: _Sent, focus: str | None, date: str | None, known: list[Fact],
                    antecedent: str | None = None) -> list[Fact]:
        out: list[Fact] = []
        text = s.text
        # "⟦P1⟧ ... als dessen Nachfolger": the predecessor is the person named before the successor
        for m in self.re_dessen.finditer(text):
            ps = [p for p in s.persons() if p[2] <= m.start()]
            if len(ps) >= 2 and ps[-1][0] != ps[-2][0]:
                succ, pred = ps[-1][0], ps[-2][0]
                team = self._nearest_team(s, m.start(), exclude=self._opponents(s)) or focus
                if team and not self._negated(text[ps[-1][1]:m.end()]):
                    rng = self.times.range_in(text, date)
                    ev = self._evidence(s)
                    start = rng.start or rng.point or _year(date)
                    out.append(Fact(succ, "replaced", pred, "confirmed", "head_coach", "current", start,
                                    None, team, 0.6, ev, EXTRACTOR + "#succession"))
                    out.append(Fact(succ, "coached", team, "confirmed", "head_coach", "current", start,
                                    None, None, 0.6, ev, EXTRACTOR + "#successor"))
                    out.append(Fact(pred, "coached", team, "confirmed", "head_coach", "past", None, start, None,
                                    0.6, ev, EXTRACTOR + "#predecessor"))
        for rx in self.re_succ:
            for m in rx.finditer(text):
                pred = s.slots[int(m.group(1))][1]
                succ_cands = [p for p in s.persons() if p[0] != pred and not self._nonfootball_before(s, p[1])]
                if not succ_cands:
                    # "für den 37 Jahre alten Nachfolger von ⟦P⟧": the person the text is about
                    if antecedent is None or antecedent == pred:
                        continue
                    succ_cands = [(antecedent, -1, -1)]
                # the successor: the nearest other person (prefer one before the cue)
                before = [p for p in succ_cands if p[2] <= m.start()]
                succ = before[-1][0] if before else succ_cands[0][0]
                coached_by = self._indexed(known)[1]
                pred_teams = [f.object for f in coached_by.get(pred, []) if f.object not in self._reserve_keys]
                in_sent = {t[0] for t in s.teams()}
                team = next((t for t in pred_teams if t in in_sent), None) or self._nearest_team(
                    s, m.start(), exclude=self._opponents(s) | self._reserve_keys)
                if team is None:
                    succ_teams = [f.object for f in coached_by.get(succ, [])
                                  if f.object not in self._reserve_keys and f.tense != "past"]
                    team = (pred_teams[0] if pred_teams else None) or focus or (succ_teams[0] if succ_teams else None)
                if team is None:
                    continue
                clause = text
                hedged = bool(self.re_hedge.search(clause)) or bool(self.re_cand.search(clause))
                if self._negated(text[min(m.start(), before[-1][1] if before else m.start()):m.end()]):
                    continue
                role = "interim_coach" if self.re_interim.search(text) or re.search(r"interims", text, re.I) else "head_coach"
                tense = self._event_tense(text)
                rng = self.times.range_in(text, date)
                # an undated takeover: the article's year (a year matches any more precise gold date)
                start = rng.start or rng.point or (_year(date) if not hedged else None)
                ev = self._evidence(s)
                if hedged:
                    status = "denied" if self._negated(text) else "reported"
                    after = [p[0] for p in succ_cands if p[1] >= m.end()]
                    for who in dict.fromkeys([succ] if before else (after or [succ])):
                        out.append(Fact(who, "candidateFor", team, status, role, "current", None, None, None, 0.5,
                                        ev, EXTRACTOR + "#succession-rumour"))
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

    def _successor_search(self, s: _Sent, focus: str | None) -> tuple[str, str, int] | None:
        """"Einen Nachfolger für ⟦P⟧ hat ⟦T⟧ gefunden" with no successor named in the sentence: the
        predecessor and team, to be completed by an arrival in the next sentences."""
        m = self.re_succ_search.search(s.text)
        if m is None or self._negated(s.text) or self.re_hedge.search(s.text):
            return None
        pred = s.slots[int(m.group(1))][1]
        if any(p[0] != pred for p in s.persons()):
            return None
        team = self._nearest_team(s, m.start(), exclude=self._opponents(s) | self._reserve_keys) or focus
        return (pred, team, s.sent.index) if team else None

    def _pending_successor(self, s: _Sent, pending: tuple[str, str, int], date: str | None) -> list[Fact]:
        """The person arriving in a sentence after "Nachfolger für X gefunden" ("Vom FC Thun kommt Y")."""
        pred, team, _ = pending
        text = s.text
        am = self.re_arrival.search(text)
        if am is None or self._negated(text) or self.re_hedge.search(text) or self._cand_cue(text):
            return []
        cands = [p for p in s.persons() if p[0] != pred and not self._nonfootball_before(s, p[1])]
        if not cands:
            return []
        succ = min(cands, key=lambda p: abs(p[1] - am.start()))[0]
        rng = self.times.range_in(text, date)
        start = rng.start or rng.point or _year(date)
        ev = self._evidence(s)
        rule = EXTRACTOR + "#succession-next-sentence"
        return [Fact(succ, "replaced", pred, "confirmed", "head_coach", "current", start, None, team, 0.55, ev, rule),
                Fact(succ, "coached", team, "confirmed", "head_coach", "current", start, None, None, 0.55, ev, rule),
                Fact(pred, "coached", team, "confirmed", "head_coach", "past", None, start, None, 0.5, ev, rule)]

    def _same_applies(self, s: _Sent, known: list[Fact]) -> list[Fact]:
        """"Gleiches gilt für ⟦P⟧": the candidacy of the previous sentences holds for ⟦P⟧ too."""
        m = self.re_same.search(s.text)
        if m is None or self._negated(s.text[m.start():m.end() + 20]):
            return []
        by_sent = self._indexed(known)[0]
        src = None
        for back in (1, 2):
            fs = [f for f in by_sent.get(s.sent.index - back, []) if f.relation == "candidateFor"]
            if fs:
                src = fs[-1]
                break
        if src is None:
            return []
        out = []
        for key, a, _ in s.persons():
            if a < m.end() or key == src.object or any(f.subject == key and f.relation == "candidateFor"
                                                      for f in by_sent.get(s.sent.index, [])):
                continue
            out.append(replace(src, subject=key, evidence=self._evidence(s), confidence=0.45,
                               extractor=EXTRACTOR + "#same-applies"))
            break
        return out

    def _indexed(self, known: list[Fact]) -> tuple[dict[int, list[Fact]], dict[str, list[Fact]]]:
        """Facts found so far by evidence sentence and coached facts by subject, updated incrementally
        (``known`` only grows during one article), so that lookups stay linear in the article."""
        idx = self._fact_index
        if idx is None or idx[0] is not known or idx[1] > len(known):
            idx = self._fact_index = [known, 0, defaultdict(list), defaultdict(list)]
        for f in known[idx[1]:]:
            if f.evidence is not None:
                idx[2][f.evidence.sentence].append(f)
            if f.relation == "coached":
                idx[3][f.subject].append(f)
        idx[1] = len(known)
        return idx[2], idx[3]

    def _cand_cue(self, part: str, sentence: str | None = None) -> bool:
        """A candidacy cue in ``part``; weak cues ("interessiert", "holen") only in hedged sentences."""
        if self.re_cand.search(part):
            return True
        return bool(self.re_cand_weak.search(part) and self.re_hedge.search(sentence or part))

    def _dismissed(self, s: _Sent, a: int, b: int, dm: re.Match) -> bool:
        """Is the person at [a, b) the one the dismissal cue is about?"""
        text = s.text
        if b <= dm.start() and text[dm.start():dm.start() + 14].lower().startswith(("sein", "getrennte wege")):  # "⟦P⟧ ... nach seinem Aus beim ⟦T⟧"
            return "⟦P" not in text[b:dm.start()] and dm.start() - b <= 60
        if dm.end() <= a:  # "trennt sich von (Trainer) ⟦P⟧", "entlassenen Trainer ⟦P⟧"
            between = text[dm.end():a]
            return len(between) <= 40 and "⟦P" not in between and not re.search(r"[.;:]", between)
        if b <= dm.start():  # "⟦P⟧ wurde ... entlassen", "von Trainer ⟦P⟧ getrennt"
            if re.match(r"\w+(?:ene[nmrs]?)\s+[\w-]*\s*⟦P", text[dm.start():]) or \
                    re.match(r"\w+ene[nmrs]?\s+(?:[\w-]+\s+)?⟦P", text[dm.start():]):
                return False  # "dem entlassenen Trainer ⟦P⟧": the person after the participle
            between = text[b:dm.start()]
            if "⟦P" in between or len(between) > 80:
                return False
            return bool(self.re_passive.search(between) or self.re_von_before.search(text, max(0, a - 30), a))
        return False

    def _coordination_groups(self, s: _Sent, persons: list[tuple[str, int, int]]) -> dict[int, tuple[int, int]]:
        """Persons joined by "und" / "sowie" / "," ("⟦P1⟧ und Co-Trainer ⟦P2⟧"): start -> (group start, group end)."""
        out: dict[int, tuple[int, int]] = {}
        group: list[tuple[str, int, int]] = []

        def close() -> None:
            for p in group:
                out[p[1]] = (group[0][1], group[-1][2])

        for p in persons:
            if group and self.re_coord_gap.fullmatch(s.text, group[-1][2], p[1]):
                group.append(p)
            else:
                close()
                group = [p]
        close()
        return out

    def _opponents(self, s: _Sent) -> set[str]:
        return {s.slots[int(m.group(1))][1] for m in self.re_opponent.finditer(s.text)}

    def _heading(self, s: _Sent, date: str | None) -> list[Fact]:
        """Section headings "Club: Old / New" (old coach replaced by new one)."""
        m = self.re_heading.match(s.text)
        if not m:
            return []
        team, old, new = (s.slots[int(m.group(i))][1] for i in (1, 2, 3))
        if old == new:
            return []
        ev = self._evidence(s)
        return [Fact(new, "replaced", old, "confirmed", "head_coach", "current", None, None, team, 0.6, ev,
                     EXTRACTOR + "#heading"),
                Fact(new, "coached", team, "confirmed", "head_coach", "current", None, None, None, 0.55, ev,
                     EXTRACTOR + "#heading"),
                Fact(old, "coached", team, "confirmed", "head_coach", "past", None, None, None, 0.55, ev,
                     EXTRACTOR + "#heading")]

    def _candidate_list(self, sents: list[_Sent], focus: str | None, coaches: set[str]) -> list[Fact]:
        """List items "Name (33, vertraglos, zuletzt Club):" under a question ("Wie könnte der BVB
        reagieren?", "Wer wird Nachfolger?"): options for the question's team."""
        out: list[Fact] = []
        question: tuple[int, str | None] | None = None
        for s in sents:
            text = s.text.strip()
            if text.endswith("?"):
                teams = [t[0] for t in s.teams() if t[0] not in self._reserve_keys]
                question = (s.sent.index, teams[0] if teams else focus)
                continue
            m = self.re_list_item.match(text)
            if not m or question is None or question[1] is None or s.sent.index - question[0] > 40:
                continue
            person = s.slots[int(m.group(1))][1]
            role = "head_coach" if person in coaches or self.re_coach.search(text) else "player"
            if self.re_coach.search(text) is None and not self.re_playing.search(text + " spieler") and role != "player":
                continue
            out.append(Fact(person, "candidateFor", question[1], "reported", role, "current", None, None, None, 0.45,
                            self._evidence(s), EXTRACTOR + "#candidate-list"))
        return out

    def _implied_successions(self, facts: list[Fact]) -> list[Fact]:
        """A team parts with its coach and someone takes over: the newcomer replaced him.

        Departed: coaches of dismissal sentences ("trennt sich von Trainer X"). Incoming:
        coaches from takeover cues ("übernimmt", "Interimstrainer", "neuer Trainer"). Only when
        the team has exactly one departed coach in the post's role family.
        """
        departed: dict[str, list[Fact]] = defaultdict(list)
        incoming: dict[str, list[Fact]] = defaultdict(list)
        explicit = {f.subject for f in facts if f.relation == "replaced"}
        for f in facts:
            if f.relation != "coached":
                continue
            rule = f.extractor.rsplit("#", 1)[-1]
            if rule in ("dismissal", "coach-noun-gone"):
                departed[f.object].append(f)
            elif rule in ("takeover", "successor", "coach-noun-new") or f.role == "interim_coach":
                incoming[f.object].append(f)
        out = []
        for team, incs in incoming.items():
            gone = {f.subject for f in departed.get(team, ())}
            for inc in incs:
                if inc.subject in explicit or inc.subject in gone:
                    continue
                fam = "assistant" if inc.role == "assistant_coach" else "head"
                cands = {f.subject for f in departed.get(team, ())
                         if ("assistant" if f.role == "assistant_coach" else "head") == fam}
                if len(cands) != 1:
                    continue
                pred = next(iter(cands))
                out.append(Fact(inc.subject, "replaced", pred, inc.status, inc.role, inc.tense, inc.start, None, team,
                                0.5, inc.evidence, EXTRACTOR + "#implied-succession"))
        return out

    # ------------------------------------------------------------------ candidateFor
    def _candidates(self, s: _Sent, focus: str | None, coaches: set[str], known: list[Fact] = (),
                    context_team: str | None = None) -> list[Fact]:
        out: list[Fact] = []
        text = s.text
        cue = self.re_cand.search(text)
        if not cue and self.re_hedge.search(text):
            cue = self.re_cand_weak.search(text)
        if not cue:
            if self.re_denial.search(text) or self.re_neg_cand.search(text):
                for f in known:
                    if f.relation == "candidateFor" and any(p[0] == f.subject for p in s.persons()):
                        out.append(replace(f, status="denied", evidence=self._evidence(s),
                                           extractor=EXTRACTOR + "#candidate-denied"))
            return out
        # persons used as modifiers ("der Haller-Wechsel") or with a non-football title are not candidates
        persons = [p for p in s.persons() if not self._nonfootball_before(s, p[1])
                   and not re.match(r"-[A-ZÄÖÜa-zäöü]", text[p[2]:p[2] + 2])]
        if not persons:
            return out
        # persons who are the predecessor in a succession phrase are not candidates
        preds = {s.slots[int(m.group(1))][1] for rx in self.re_succ for m in rx.finditer(text)}
        player_ctx = bool(self.re_player_ctx.search(text)) and not self.re_coach.search(text)
        # teams bound to someone in this sentence: opponents, former/current clubs, compounds
        bound_all: set[str] = set()  # opponents: bound for everyone
        bound_near: list[tuple[int, int, str]] = []  # former/own clubs: bound to the person next to them
        for m in self.re_bound_team.finditer(text):
            g = next(x for x in m.groups() if x is not None)
            low = m.group(0).lower()
            compound = text[m.end() - 1:m.end()].isalpha() and low.startswith("⟦")
            if low.startswith("ex-"):
                continue  # a former club may well be the target ("bei seinem Ex-Klub")
            if low.startswith("gegen") or compound:
                bound_all.add(s.slots[int(g)][1])
            else:
                bound_near.append((m.start(), m.end(), s.slots[int(g)][1], False))
        sent_facts = self._indexed(known)[0].get(s.sent.index, [])
        denied_ctx = bool(self.re_denial.search(text))
        for key, a, b in persons:
            if key in preds:
                continue
            exclude = set(bound_all)
            exclude |= {k for x, y, k, _ in bound_near if 0 <= x - b <= 45 or 0 <= a - y <= 45}
            exclude |= {f.object for f in sent_facts if f.subject == key and f.relation in ("coached", "playedFor")}
            teams = [t for t in s.teams() if t[0] not in exclude and text[t[2]:t[2] + 1] != "-"
                     and t[0] not in self._reserve_keys]
            if teams:
                team = min(teams, key=lambda t: abs(t[1] - cue.start()))[0]
            else:
                team = next((t for t in (focus, context_team) if t and t not in exclude), None)
            if team is None:
                continue
            window = text[max(0, min(a, cue.start()) - 30):max(b, cue.end()) + 40]
            if denied_ctx or self._negated(window):
                status = "denied"
            elif self.re_hedge.search(text):
                status = "reported"
            else:
                status = "confirmed"
            role = "player" if (player_ctx and key not in coaches) else "head_coach"
            if re.search(r"co-trainer|assistenztrainer|trainerstab", text, re.I) and role != "player":
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
            # "⟦P⟧, der ehemalige ⟦T⟧-Nationalspieler", "⟦P⟧ ehemalige ⟦T⟧-Profi" (coreference)
            prv = re.search(r"⟦P(\d+)⟧(?:\s*\(\d+\))?(?:,\s*)?(?:\s*(?:der|die|ein|[a-zäöüß][\w-]*(?:e|en|er|es)|Ex-)\s*){0,3}$",
                            text[max(0, m.start() - 60):m.start()])
            if not nxt and not prv:
                continue
            person = s.slots[int((nxt or prv).group(1))][1]
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
            coach_ctx = bool(self.re_coach.search(text)) or not self.re_playing.search(text)
            if subject is None:
                continue
            seg = text[clause_a:clause_b]
            hedged = bool(self.re_hedge.search(seg) or self._cand_cue(seg, text))
            if self._negated(seg[max(0, vm.start() - clause_a - 30):vm.end() - clause_a + 40]):
                continue
            years = [t for t in self.times.find(seg, date) if t.kind in ("date", "relative")]
            year = years[0].value if years else None
            if year is None and date and self.re_recent.search(text):
                year = date[:4]
            clause_persons = [p for p in persons if clause_a <= p[1] < clause_b]

            def year_at(pos: int) -> str | None:
                # "2004 wechselte er zu X, 2007 ging er zu Y": the year nearest before each club
                prior = [t for t in years if t.start < pos]
                return prior[-1].value if prior else year

            def subject_at(pos: int) -> str:
                # in a list "A von X zu Y, B von Z nach W" each club pair belongs to the person before it
                prior = [p for p in clause_persons if p[2] <= clause_a + pos]
                return prior[-1][0] if prior and len(clause_persons) > 1 else subject

            for m in self.re_from_team.finditer(seg):
                who = subject_at(m.start())
                if who not in coaches or not coach_ctx:
                    fact(who, s.slots[int(m.group(2))][1], "past", end=year_at(m.start()), rule="transfer-from")
                elif not hedged:  # a coach who came from a club coached it
                    out.append(Fact(who, "coached", s.slots[int(m.group(2))][1], "confirmed", None, "past", None,
                                    year, None, 0.5, ev, EXTRACTOR + "#coach-transfer-from"))
            for m in self.re_to_team.finditer(seg):
                who = subject_at(m.start())
                if who not in coaches or not coach_ctx:
                    fact(who, s.slots[int(m.group(2))][1], "current", start=year_at(m.start()), rule="transfer-to")
                elif not hedged and m.group(1).lower() in ("zu", "zum", "zur", "nach"):  # "Trainer X wechselt zu ⟦T⟧"
                    out.append(Fact(who, "coached", s.slots[int(m.group(2))][1], "confirmed", "head_coach",
                                    self._tense(seg, "current"), year, None, None, 0.5, ev,
                                    EXTRACTOR + "#coach-transfer-to"))
        # "in 147 Spielen (für ⟦T⟧) ... Tore", "spielte für ⟦T⟧", "im Trikot von ⟦T⟧"
        for vm in list(self.re_player_for.finditer(text)) + list(self.re_matches.finditer(text)):
            clause_a, clause_b = self._clause(s, vm.start(), vm.end())
            team_m = re.search(r"\b(?:für|bei|beim|in|im trikot (?:von|des)|des|von)\s+(?:den\s+|die\s+|das\s+)?⟦T(\d+)⟧(?:\s+und\s+(?:de[mnr]\s+|die\s+)?⟦T(\d+)⟧)?",
                               text[vm.start():clause_b]) or re.search(r"(?:für|bei|beim)\s+⟦T(\d+)⟧(?:\s+und\s+(?:de[mnr]\s+|die\s+)?⟦T(\d+)⟧)?", text[clause_a:vm.start()]) \
                or (re.search(r"\b(?:in|bei|beim)\s+⟦T(\d+)⟧()\s+$", text[clause_a:vm.start()])
                    if vm.group(0).lower() in ("unter vertrag", "vertrag bis") else None)
            if not team_m:
                continue
            before = [p for p in persons if clause_a <= p[1] < vm.start()]
            after_p = [p for p in persons if vm.end() <= p[1] < clause_b]
            subject = before[-1][0] if before else (after_p[0][0] if after_p else None)
            if subject is None and antecedent and self.re_pronoun.search(text[clause_a:clause_b]):
                subject = antecedent
            if subject is None or (subject in coaches and (self.re_coach.search(text) or not self.re_playing.search(text))):
                continue
            if self._negated(text[clause_a:clause_b]) and not self.re_matches.search(text):
                continue
            word = vm.group(0).lower()
            if word in ("karriere", "aktiv", "debüt") and not re.search(r"spiel|tor|profi", text, re.I):
                continue
            tense = self._tense(text[clause_a:clause_b], "current")
            contract_of_coach = word.startswith(("unter vertrag", "vertrag bis")) and self.re_coach_post.search(text)
            for gi in (1, 2):
                if team_m.group(gi):
                    team = s.slots[int(team_m.group(gi))][1]
                    if contract_of_coach:  # "der bei ⟦T⟧ unter Vertrag stehende ⟦P⟧" in a coach search
                        out.append(Fact(subject, "coached", team, "confirmed", "head_coach", "current", None, None,
                                        None, 0.5, ev, EXTRACTOR + "#coach-contract"))
                    else:
                        fact(subject, team, tense, rule="player-for")
        # "Neuzugang ⟦P⟧": a new player of the article's club
        for m in self.re_newcomer.finditer(text):
            if self._strong_focus and not self._negated(text[max(0, m.start() - 20):m.end()]) \
                    and not re.search(r"⟦T\d+⟧-$", text[max(0, m.start() - 8):m.start()]):
                fact(s.slots[int(m.group(1))][1], self._strong_focus, "current", start=_year(date), rule="newcomer")
        # "Kapitän ⟦P⟧" (the article's club), "⟦P⟧, Kapitän des ⟦T⟧": captains are players
        for m in self.re_captain.finditer(text):
            team = s.slots[int(m.group(1))][1] if m.group(1) else None
            nxt = re.match(r"\s*⟦P(\d+)⟧", text[m.end():])
            prv = re.search(r"⟦P(\d+)⟧(?:\s*\(\d+\))?,?\s*(?:der\s+|(?:[a-zäöüß][\w-]*\s+){0,2})$", text[max(0, m.start() - 50):m.start()])
            person_m = nxt or prv
            if person_m is None:
                continue
            team = team or self._strong_focus
            if team is not None:
                fact(s.slots[int(person_m.group(1))][1], team, "current", rule="captain")
        # "Leverkusens Florian Wirtz", "der Freiburger Christian Günter": the club before a player's name
        for m in self.re_team_before_person.finditer(text):
            person = s.slots[int(m.group("p"))][1]
            if person in coaches or self._nonfootball_before(s, m.start("p")) \
                    or self._negated(text[max(0, m.start() - 20):m.end()]):
                continue
            fact(person, s.slots[int(m.group("gen"))][1], "current", rule="team-before-person")
        for m in self.re_plural_team_persons.finditer(text):
            if self._negated(text[max(0, m.start() - 30):m.end() + 30]):
                continue
            team = s.slots[int(m.group(1))][1]
            for pm in _PH.finditer(text, m.start(), m.end()):
                if pm.group(1) == "P" and s.slots[int(pm.group(2))][1] not in coaches:
                    fact(s.slots[int(pm.group(2))][1], team, "current", rule="team-plural-list")
        # "Toni Kroos (28) vom spanischen Rekordmeister Real Madrid": the club of a player
        for m in self.re_person_of_team.finditer(text):
            person = s.slots[int(m.group(1))][1]
            if person not in coaches and not self.re_coach.search(text[max(0, m.start() - 25):m.end()]) \
                    and not self._nonfootball_before(s, m.start()):
                fact(person, s.slots[int(m.group(2))][1], "current", rule="person-of-team")
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


# what the national-role regex's adjective group leaves of an article/determiner ("di|e", "d|er", "sein|e")
_DETERMINER_STEMS = frozenset({"d", "di", "de", "ein", "sein", "ihr", "unser"})


def _year(date: str | None) -> str | None:
    """The article year: the date of an event the text dates only as "now"."""
    return date[:4] if date else None


def _display_name(b: _EntityBuilder) -> str:
    """The fullest name the text gives (teams): "Hertha BSC Berlin" over the KB's "Hertha BSC"."""
    if b.type != "team" or not b.aliases or re.search(r" national (?:under-\d+ )?football team$", b.name):
        return b.name  # national teams keep their standard name ("Austria national football team", not "ÖFB")
    best = max(b.aliases, key=lambda a: (len(a.split()), len(a)))
    name_toks = set(_norm(b.name).split())
    best_toks = set(_norm(best).split())
    if len(best_toks) > len(name_toks):
        return best
    if any(set(_norm(a).split()) <= name_toks for a in b.aliases):  # "Bayern" in "FC Bayern München"
        return b.name
    return best  # the KB name is not what the text uses ("AC Florenz" for "Fiorentina")


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
                f.role == "head_coach" and "#coach-noun" in f.extractor for f in fs):
            role = "interim_coach"
        tenses = [f.tense for f in fs if f.tense]
        tense = best.tense
        if "past" in tenses and best.tense == "current" and (end or any(
                f.extractor.endswith(("#dismissal", "#coach-noun-gone")) for f in fs)):
            tense = "past"  # a dismissal ends a post named elsewhere as current
        conf = min(0.95, best.confidence + 0.1 * (len(fs) - 1))
        team = best.team or next((f.team for f in fs if f.team), None)
        out.append(replace(best, status=status, start=start, end=end, role=role, tense=tense, confidence=round(conf, 2),
                           team=team))
    return out
