"""Typed, immutable records passed between the pipeline stages.

ingest -> :class:`Article`
nlp    -> :class:`AnalyzedArticle` (sentences and entity mentions)
extract-> :class:`Extraction` (entities resolved within the article + facts)
link   -> :class:`Extraction` with Wikidata QIDs on its entities
rdf    -> rdflib / pyoxigraph quads
"""

from __future__ import annotations

from dataclasses import dataclass, field

RELATIONS: tuple[str, ...] = ("playedFor", "coached", "replaced", "candidateFor")
ROLES: tuple[str, ...] = ("head_coach", "interim_coach", "assistant_coach", "youth_coach", "player")
STATUSES: tuple[str, ...] = ("confirmed", "reported", "denied")
TENSES: tuple[str, ...] = ("past", "current", "future")
ENTITY_TYPES: tuple[str, ...] = ("person", "team")


@dataclass(frozen=True)
class Article:
    """One news article as read from an input file."""

    id: str
    text: str
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    url: str | None = None
    title: str | None = None
    lang: str = "de"
    publisher: str | None = None
    source: str | None = None  # file path (or "-") it was read from


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # character offsets into Article.text
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A named entity mention in the article text."""

    start: int
    end: int
    text: str
    label: str  # PER, TEAM, ORG, LOC, MISC
    sentence: int
    source: str = "ner"  # "ner", "gazetteer", "rule"
    kb_id: str | None = None  # gazetteer id (Wikidata QID or kickgraph team id)
    canonical: str | None = None  # canonical name from the gazetteer


@dataclass(frozen=True)
class AnalyzedArticle:
    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Entity:
    """A person or team, resolved within one article (and linked across articles)."""

    key: str  # unique within the article
    name: str
    type: str  # "person" or "team"
    aliases: tuple[str, ...] = ()
    qid: str | None = None  # Wikidata QID when linked ("Q80471")
    link_score: float | None = None


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class Fact:
    subject: str  # Entity.key
    relation: str  # one of RELATIONS
    object: str  # Entity.key
    status: str = "confirmed"
    role: str | None = None
    tense: str | None = None
    start: str | None = None
    end: str | None = None
    team: str | None = None  # Entity.key of the team (replaced only)
    confidence: float = 0.5
    evidence: Evidence | None = None
    extractor: str = "kickgraph"

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.role is not None and self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.tense is not None and self.tense not in TENSES:
            raise ValueError(f"unknown tense {self.tense!r}")


@dataclass(frozen=True)
class Extraction:
    article: Article
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    warnings: tuple[str, ...] = field(default=())

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
