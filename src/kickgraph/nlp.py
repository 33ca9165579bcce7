"""Stage 2: sentences and entity mentions.

* Sentences: a rule-based splitter that knows German ordinals ("1. FC", "am 12. Spieltag"),
  years ("bis 2016. Dann ...") and abbreviations, taken from the lexicon data.
* Mentions: kickgraph's own small German NER model (trained on GermEval 2014, bundled) or
  any spaCy pipeline given with ``model=`` (e.g. ``de_core_news_lg`` when installed), plus a
  football gazetteer (clubs and players from the bundled knowledge base, see
  :mod:`kickgraph.gazetteer`); gazetteer matches win over statistical ones.

Nothing is loaded at import time: :func:`load_analyzer` builds an :class:`Analyzer`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .errors import ModelError
from .model import AnalyzedArticle, Article, Mention, Sentence
from .resources import data_path, model_dir

if TYPE_CHECKING:  # pragma: no cover
    from .kb import KnowledgeBase

BUNDLED_MODEL = "de_kick_ner"
MAX_CHUNK = 20_000  # characters per spaCy doc; long paragraphs are cut at sentence ends


@dataclass(frozen=True)
class Lexicon:
    """German cue words and patterns, loaded from ``data/lexicon_de.json``."""

    data: dict

    @classmethod
    def load(cls, lang: str = "de") -> Lexicon:
        path = data_path(f"lexicon_{lang}.json")
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelError(f"cannot read the lexicon {path}: {exc}; reinstall kickgraph.") from exc

    def words(self, name: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in self.data[name])

    def regex(self, name: str, flags: int = re.I) -> re.Pattern[str]:
        """An alternation of the patterns listed under ``name`` (each a regex fragment)."""
        items = self.data[name]
        return re.compile("(?:" + "|".join(items) + ")", flags)


# ---------------------------------------------------------------------------- sentences


class SentenceSplitter:
    """Split German/English news text into sentences with exact character offsets."""

    _CAND = re.compile(r"[.!?…]+[\"'“”»«’)\]]*(?=\s)|[\"“”»«]\s*(?=\n)")

    def __init__(self, lexicon: Lexicon) -> None:
        self.abbreviations = lexicon.words("abbreviations")
        self.starters = lexicon.words("sentence_starters")

    def split(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for m in re.finditer(r"[^\n]+", text):
            self._split_line(text, m.start(), m.end(), spans)
        return spans

    def _split_line(self, text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
        line = text[start:end]
        cur = 0
        for m in self._CAND.finditer(line):
            stop = m.end()
            if not self._is_boundary(line, m.start(), stop):
                continue
            self._emit(text, start + cur, start + stop, out)
            cur = stop
        self._emit(text, start + cur, end, out)

    @staticmethod
    def _emit(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))

    def _is_boundary(self, line: str, dot: int, stop: int) -> bool:
        nxt = re.match(r"\s+([\"„“»«(\[]?)(\S*)", line[stop:])
        if not nxt:
            return True
        following = nxt.group(2)
        if not following:
            return True
        first = following[0]
        if line[dot] != ".":
            return first.isupper() or first.isdigit() or bool(nxt.group(1))
        if not (first.isupper() or first.isdigit() or nxt.group(1)):
            return False
        prev = re.search(r"(\S+)$", line[:dot])
        if not prev:
            return True
        word = prev.group(1).lstrip("(\"„“»«[")
        if word.casefold() + "." in self.abbreviations or word.casefold() in self.abbreviations:
            return False
        if re.fullmatch(r"[A-ZÄÖÜ]", word):  # initial: "J. Klopp"
            return False
        if re.fullmatch(r"\d{1,2}", word):  # ordinal: "1. FC", "am 12. Spieltag", but "Mainz 05. Der"
            head = re.sub(r"\W+$", "", following).casefold()
            return head in self.starters
        return True


# ---------------------------------------------------------------------------- analyzer


class Analyzer:
    """Sentence splitting + NER + gazetteer for one language; reuse it for many articles."""

    def __init__(self, nlp, lexicon: Lexicon, kb: KnowledgeBase | None = None, model_name: str = BUNDLED_MODEL):
        self.nlp = nlp
        self.lexicon = lexicon
        self.kb = kb
        self.model_name = model_name
        self.splitter = SentenceSplitter(lexicon)
        self._club_word = lexicon.regex("club_tokens", flags=0)
        self._not_a_name = re.compile(r"(?:" + "|".join(lexicon.data["not_name_starts"]) + r")\b")
        self._not_first = lexicon.words("not_first_names") | lexicon.words("sentence_starters")
        self._particles = frozenset(lexicon.data["name_particles"])
        self._role_noun = re.compile(r"(?:" + "|".join(lexicon.data["role_noun_suffixes"]) + r")$", re.I)

    @cached_property
    def _gazetteer(self):
        """The football gazetteer over the KB's team and person names (built on first use)."""
        from .gazetteer import Gazetteer

        if self.kb is None:
            return Gazetteer([])
        teams = (("TEAM", s, i, c) for s, i, c in self.kb.team_patterns())
        persons = (("PER", s, i, c) for s, i, c in self.kb.person_patterns())
        return Gazetteer([*teams, *persons])

    def _chunks(self, text: str) -> Iterator[tuple[int, str]]:
        """Paragraph-sized pieces (offset, text) so that huge articles stay within spaCy limits."""
        for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
            para, base = m.group(0), m.start()
            while len(para) > MAX_CHUNK:
                cut = para.rfind(". ", 0, MAX_CHUNK)
                cut = cut + 1 if cut > 0 else MAX_CHUNK
                yield base, para[:cut]
                base, para = base + cut, para[cut:]
            yield base, para

    def analyze(self, article: Article) -> AnalyzedArticle:
        return next(iter(self.analyze_many([article])))

    def analyze_many(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[AnalyzedArticle]:
        """Analyse articles lazily; the NER runs over the paragraphs of up to ``batch_size``
        articles in one spaCy call (faster than one call per article)."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._analyze_batch(batch)
                batch = []
        if batch:
            yield from self._analyze_batch(batch)

    def _analyze_batch(self, articles: list[Article]) -> Iterator[AnalyzedArticle]:
        chunks = [(n, base, c) for n, a in enumerate(articles) for base, c in self._chunks(a.text)]
        ner: list[list[Mention]] = [[] for _ in articles]
        for (n, base, _), doc in zip(chunks, self.nlp.pipe((c for _, _, c in chunks), batch_size=256)):
            ner[n].extend(self._ner_mentions(doc, base))
        for article, found in zip(articles, ner):
            text = article.text
            sents = self.splitter.split(text)
            mentions: list[Mention] = [
                Mention(g.start, g.end, text[g.start:g.end], g.entry.label, -1, "gazetteer", g.entry.kb_id,
                        g.entry.canonical)
                for g in self._gazetteer.find(text)
            ]
            mentions.extend(found)
            mentions = self._extend_first_names(text, _resolve_overlaps(mentions, self._club_word, self._not_first))
            mentions = self._name_pairs(text, mentions)
            sentences = tuple(Sentence(i, a, b, text[a:b]) for i, (a, b) in enumerate(sents))
            yield AnalyzedArticle(article, sentences, _assign_sentences(mentions, sents))

    @cached_property
    def _first_names(self) -> frozenset[str]:
        """Given names seen at least 3 times in the KB's person names ("Manuel", "Tayfun")."""
        if self.kb is None:
            return frozenset()
        from collections import Counter

        counts: Counter[str] = Counter()
        for _, _, name in self.kb.person_patterns(min_birth_year=None):
            first = name.split(" ", 1)[0]
            if len(first) >= 3 and first[0].isupper() and first[1:].islower():
                counts[first] += 1
        return frozenset(f for f, n in counts.items() if n >= 3 and f.casefold() not in self._not_first
                         and not self._club_word.search(f))

    def _name_pairs(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Persons the NER missed: a known given name followed by a capitalised surname ("Manuel Baum")."""
        firsts = self._first_names
        if not firsts:
            return mentions
        fixed = []
        for m in mentions:  # "Manuel Baum" tagged ORG by the NER
            if m.source == "ner" and m.label in ("ORG", "MISC", "LOC"):
                pm = _NAME_PAIR.fullmatch(m.text)
                if pm and pm.group(1) in firsts and not self._club_word.search(m.text) \
                        and pm.group(2).casefold() not in self._not_first:
                    m = Mention(m.start, m.end, m.text, "PER", m.sentence, m.source, m.kb_id, m.canonical)
            fixed.append(m)
        mentions = fixed
        spans = sorted((m.start, m.end) for m in mentions)
        ends = [y for _, y in spans]
        added: list[Mention] = []
        for m in _NAME_PAIR.finditer(text):
            if m.group(1) not in firsts:
                continue
            last = m.group(2)
            if last.casefold() in self._not_first or self._role_noun.search(last) or self._club_word.search(last):
                continue
            a, b = m.start(), m.end()
            pos = bisect_left(spans, (b, b))
            # mention spans may nest, so look back until a span ends before ``a`` by its start order
            if any(x < b and a < y for x, y in spans[max(0, pos - 8):pos]) or _overlaps_before(spans, ends, pos, a):
                continue
            added.append(Mention(a, b, text[a:b], "PER", -1, "rule"))
            insort(spans, (a, b))
            ends.insert(bisect_left(spans, (a, b)), b)
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _extend_first_names(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A lone surname right after a capitalised first name: "Seamus ⟦Coleman⟧" -> "Seamus Coleman"."""
        out = []
        prev_end = -1
        for m in mentions:
            if m.label == "PER" and " " not in m.text:
                fm = _PREV_WORD.search(text, max(0, m.start - 20), m.start)
                if (fm and fm.start(1) >= prev_end and fm.start(1) > 0 and text[fm.start(1) - 1] in " \t(\"„"
                        and fm.group(1).casefold() not in self._not_first and not self._role_noun.search(fm.group(1))
                        and not self._club_word.search(fm.group(1))):
                    a = fm.start(1)
                    m = Mention(a, m.end, text[a:m.end], m.label, m.sentence, m.source, m.kb_id, m.canonical)
            out.append(m)
            prev_end = m.end
        return out

    def _name_tail(self, text: str) -> str:
        """The name part of a PER span: the words after the last one that cannot be in a name
        (a lowercase word other than a particle, a role noun, a "Fußball-" compound); "" if none."""
        toks = text.split(" ")
        if len(toks) < 2:
            return text
        cut = 0
        for i, t in enumerate(toks):
            w = t.strip(",;:")
            if (w[:1].islower() and w not in self._particles) or (i > 0 and self._role_noun.search(w)) \
                    or w.casefold().startswith(("fußball-", "fussball-")) or w.casefold() in self._not_first:
                cut = i + 1
        if cut == 0:
            return text
        tail = toks[cut:]
        if not tail or not tail[0][:1].isupper():
            return ""
        return " ".join(tail)

    def _ner_mentions(self, doc, base: int) -> list[Mention]:
        found: list[Mention] = []
        for ent in doc.ents:
            label = _NER_LABELS.get(ent.label_, ent.label_)
            text = ent.text.strip(" -–„“\"'»«()")
            if not text:
                continue
            # "Der frühere Real-Profi", "Tabellenführer": descriptions, not names
            if not (text[0].isupper() or text[0].isdigit()) or self._not_a_name.match(text):
                continue
            if label == "PER":
                first, _, rest = text.partition(" ")
                if not rest and (self._role_noun.search(text) or text.casefold() in self._not_first):
                    continue
                if rest and (self._role_noun.search(first) or first.casefold() in self._not_first):
                    text = rest  # "Bundestrainer Hansi Flick", "Wird Magaths"
                text = self._name_tail(text)  # "Sportlicher Leiter Marc Arnold" -> "Marc Arnold"
                if not text:
                    continue  # "Braunschweigs Fußball-Zweitligist": a description, no name
            start = base + ent.start_char + ent.text.find(text)
            if label in ("ORG", "MISC") and self._club_word.search(text):
                label = "TEAM"
            if label == "PER" and " / " in text:  # "Niko Kovac / Ralph Hasenhüttl"
                off = 0
                for part in text.split(" / "):
                    if part.strip():
                        found.append(Mention(start + off, start + off + len(part), part, label, -1, "ner"))
                    off += len(part) + 3
                continue
            found.append(Mention(start, start + len(text), text, label, -1, "ner"))
        return _resolve_overlaps(found, self._club_word)


_NER_LABELS = {"PERSON": "PER", "GPE": "LOC", "OTH": "MISC", "NORP": "MISC"}
_SOURCE_RANK = {"gazetteer": 0, "rule": 1, "ner": 2}


_NAME_PAIR = re.compile(r"(?<![\w-])([A-ZÄÖÜ][a-zäöüßéèáàíóúñçëï]+)\s+((?:(?:van|de|da|di|von|del|dos|ter|el)\s+)?"
                        r"[A-ZÄÖÜ][a-zäöüßéèáàíóúñçëïć]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)(?![\w-])")
_PREV_WORD = re.compile(r"([A-ZÄÖÜ][a-zäöüßéèáàíóúñçëï]{2,}) $")
_FIRST_NAME = re.compile(r"[A-ZÄÖÜ][a-zäöüßéèáàíóúñçëï]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàíóúñçëï]+)?\s")


def _overlaps_before(spans: list[tuple[int, int]], ends: list[int], pos: int, a: int) -> bool:
    """Does any of ``spans[:pos]`` (sorted by start) end after ``a``? (only long spans reach that far)"""
    j = pos - 9
    while j >= 0:
        if ends[j] > a:
            return True
        if spans[j][0] + 200 < a:  # mentions are short: nothing further back reaches ``a``
            return False
        j -= 1
    return False


def _resolve_overlaps(mentions: list[Mention], club_word: re.Pattern[str] | None = None,
                      not_first: frozenset[str] = frozenset()) -> list[Mention]:
    """Keep non-overlapping mentions: gazetteer first, then longer spans, then earlier ones.

    A statistical PER span that strictly contains a gazetteer match wins (a longer full name),
    also over a gazetteer team that is the surname part of it ("Marco Antwerpen").
    """

    def person_over_team(m: Mention, k: Mention) -> bool:
        if k.label != "TEAM" or not (m.start < k.start and k.end == m.end):
            return False
        head = m.text[: k.start - m.start]
        return (bool(_FIRST_NAME.fullmatch(head)) and not (club_word and club_word.search(head))
                and head.strip().casefold() not in not_first)

    def rank(m: Mention) -> tuple:
        return (_SOURCE_RANK.get(m.source, 3), -(m.end - m.start), m.start)

    ordered = sorted(mentions, key=rank)
    # kept mentions never overlap, so sorted by start they are also sorted by end: clashes are found
    # by bisection (linear-logarithmic, not quadratic, in the number of mentions)
    kept: list[Mention] = []
    starts: list[int] = []
    for m in ordered:
        pos = bisect_left(starts, m.end)
        j = pos - 1
        while j >= 0 and kept[j].end > m.start:
            j -= 1
        clash = kept[j + 1:pos]
        if not clash:
            kept.insert(pos, m)
            starts.insert(pos, m.start)
            continue
        if (m.label == "PER" and m.source == "ner"
                and all((k.label == "PER" and m.start <= k.start and k.end <= m.end and (k.end - k.start) < (m.end - m.start))
                        or person_over_team(m, k) for k in clash)):
            del kept[j + 1:pos]
            del starts[j + 1:pos]
            kept.insert(j + 1, m)
            starts.insert(j + 1, m.start)
    return kept


def _assign_sentences(mentions: list[Mention], sents: list[tuple[int, int]]) -> tuple[Mention, ...]:
    out: list[Mention] = []
    i = 0
    for m in sorted(mentions, key=lambda m: m.start):
        while i < len(sents) and sents[i][1] <= m.start:
            i += 1
        if i < len(sents) and sents[i][0] <= m.start and m.end <= sents[i][1]:
            out.append(Mention(m.start, m.end, m.text, m.label, i, m.source, m.kb_id, m.canonical))
    return tuple(out)


def resolve_model(model: str | None = None) -> str:
    """The spaCy pipeline to use: ``model``, else $KICKGRAPH_MODEL, else the bundled model."""
    import os

    return model or os.environ.get("KICKGRAPH_MODEL") or BUNDLED_MODEL


def load_spacy(model: str | None = None):
    """The bundled NER pipeline, or an installed spaCy pipeline by name/path.

    ``model`` None means the ``KICKGRAPH_MODEL`` environment variable if set, else the bundled model.
    """
    import spacy

    model = resolve_model(model)
    if model == BUNDLED_MODEL:
        path = model_dir(BUNDLED_MODEL)
        if path is None:
            raise ModelError("kickgraph's bundled German NER model is missing; reinstall kickgraph or "
                             "rebuild it with `python scripts/train_ner.py`.")
        nlp = spacy.load(path)
    else:
        try:
            nlp = spacy.load(model, exclude=["parser", "lemmatizer", "attribute_ruler", "senter", "tagger",
                                             "morphologizer", "tok2vec_unused"])
        except OSError as exc:
            raise ModelError(f"spaCy pipeline {model!r} is not installed; install it (e.g. "
                             f"`python -m spacy download {model}` where that is possible) or omit --model "
                             "to use kickgraph's bundled model.") from exc
    keep = {"ner", "tok2vec", "transformer"}
    disable = [name for name in nlp.pipe_names if name not in keep]
    for name in disable:
        nlp.disable_pipe(name)
    return nlp


def load_analyzer(model: str | None = None, kb: KnowledgeBase | None = None, lang: str = "de") -> Analyzer:
    """Build an :class:`Analyzer` (loads the NER model; the gazetteer is built on first use)."""
    lexicon = Lexicon.load(lang)
    nlp = load_spacy(model)
    return Analyzer(nlp, lexicon, kb, resolve_model(model))
