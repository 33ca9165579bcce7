"""The build job: ingest -> nlp -> extract -> (link) -> rdf -> store/file.

:func:`build` is what ``kickgraph build`` calls. Each article's quads are written to its own
named graph as soon as the article is processed, so an interrupted build keeps every
article finished before the interruption and a re-run replaces, never duplicates.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, KickgraphError
from .ingest import IngestProblem, read_articles
from .model import Article, Extraction
from .ontology import Vocabulary
from .rdf import article_graph, article_iri, extraction_quads
from .resources import resource_path
from .store import GraphStore, resolve_format

ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/kickgraph/id/graph/ontology")


@dataclass(frozen=True)
class BuildOptions:
    model: str | None = None  # spaCy pipeline name/path; None = bundled model
    link: bool = False  # link entities to Wikidata QIDs with the bundled knowledge base
    strict: bool = False  # the first unreadable input aborts the build
    gazetteer: bool = True  # use the football gazetteer from the knowledge base
    workers: int = 1  # extraction processes
    force: bool = False  # re-extract articles whose stored content hash is unchanged


@dataclass(frozen=True)
class BuildReport:
    articles: int
    skipped: int
    facts: int
    facts_by_relation: dict[str, int]
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    output: str | None
    store: str | None
    quads: int
    words: int = 0
    seconds: float = 0.0
    unchanged: int = 0  # articles skipped because the store already holds them unchanged


@dataclass
class Pipeline:
    """Loaded models and data for extraction; reuse one Pipeline for many articles."""

    options: BuildOptions = field(default_factory=BuildOptions)

    def __post_init__(self) -> None:
        from .extract import Extractor
        from .nlp import Lexicon, load_analyzer

        kb = None
        if self.options.gazetteer or self.options.link:
            kb = _load_kb()
        self.kb = kb
        self.vocab = Vocabulary.load()
        self.analyzer = load_analyzer(self.options.model, kb=kb if self.options.gazetteer else None)
        self.extractor = Extractor(Lexicon.load("de"), kb=kb)

    def extract(self, article: Article) -> Extraction:
        """Extract one article; errors propagate (see :meth:`extract_many` for batches)."""
        return self._link(self.extractor.extract(self.analyzer.analyze(article)))

    def _link(self, extraction: Extraction) -> Extraction:
        if self.options.link and self.kb is not None:
            from .link import link_extraction

            return link_extraction(extraction, self.kb)
        return extraction

    def extract_many(self, articles: Iterable[Article], batch: int = 64) -> Iterator[Extraction | ArticleFailure]:
        """Extract in batches (the NER runs over many articles at once); an article that
        raises an unexpected error becomes an :class:`ArticleFailure`, the rest go on."""
        for chunk in _batches(articles, batch):
            yield from self._extract_chunk(chunk)

    def _extract_chunk(self, chunk: list[Article]) -> Iterator[Extraction | ArticleFailure]:
        try:
            done = [self._link(self.extractor.extract(a)) for a in self.analyzer.analyze_many(chunk)]
        except Exception:  # noqa: BLE001 - isolate the failing article below
            done = [_isolated(self, a) for a in chunk]
        yield from done

    def quads(self, extraction: Extraction) -> list[ox.Quad]:
        return extraction_quads(extraction, self.vocab, fingerprint(extraction.article, self.options))


def fingerprint(article: Article, options: BuildOptions) -> str:
    """A hash of everything that determines an article's graph: its text and metadata,
    the kickgraph version, the NLP model (also when chosen by $KICKGRAPH_MODEL) and the switches."""
    from . import __version__
    from .nlp import resolve_model

    payload = json.dumps([article.id, article.text, article.date, article.url, article.title, article.lang,
                          article.publisher, __version__, resolve_model(options.model), options.link,
                          options.gazetteer], ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


_WORKER: Pipeline | None = None


def _init_worker(options: BuildOptions) -> None:
    global _WORKER  # one pipeline per worker process (process-local, set once)
    _WORKER = Pipeline(options)


def _extract_in_worker(chunk: list[Article]) -> list[Extraction | ArticleFailure]:
    assert _WORKER is not None
    return list(_WORKER._extract_chunk(chunk))


@dataclass(frozen=True)
class ArticleFailure:
    """An article whose extraction raised an unexpected error (a bug: please report it)."""

    article: Article
    message: str


def _isolated(pipe: Pipeline, article: Article) -> Extraction | ArticleFailure:
    try:
        return pipe.extract(article)
    except KickgraphError:
        raise
    except Exception as exc:  # noqa: BLE001 - one article must not abort a batch
        return ArticleFailure(article, f"{article.source or article.id}: extraction failed "
                                       f"({type(exc).__name__}: {exc}); article skipped - please report this bug.")


def _extractions(pipe_factory, articles: Iterable[Article],
                 options: BuildOptions) -> Iterator[Extraction | ArticleFailure]:
    """Extractions in input order, in this process or in ``options.workers`` processes."""
    if options.workers <= 1:
        yield from pipe_factory().extract_many(articles)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(options.workers, initializer=_init_worker, initargs=(options,)) as pool:
        for done in pool.imap(_extract_in_worker, _batches(articles, 16)):
            yield from done


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Articles in lists of ``size``, so each worker keeps spaCy's batching."""
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_kb():
    try:
        from .kb import KnowledgeBase
    except ImportError:  # pragma: no cover - kb module is part of the package
        return None
    return KnowledgeBase.load()


def ontology_quads() -> list[ox.Quad]:
    """The ontology itself, in its own named graph, so every output is self-describing."""
    with open(resource_path("ontology", "kickgraph.ttl"), "rb") as fh:
        return [ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH) for t in ox.parse(fh, ox.RdfFormat.TURTLE)]


def build(
    inputs: Iterable[str | Path],
    output: str | Path | None = None,
    fmt: str | None = None,
    store: str | Path | None = None,
    options: BuildOptions | None = None,
    stdin_text: str | None = None,
    pipeline: Pipeline | None = None,
) -> BuildReport:
    """Read ``inputs``, extract facts, write them to ``store`` (directory) and/or ``output`` (file)."""
    import time

    options = options or BuildOptions()
    if output is None and store is None:
        raise InputError("nothing to write: give an output file (-o career.ttl) and/or a store (--store DIR).")
    out_fmt = resolve_format(output, fmt) if output is not None else None
    t0 = time.perf_counter()
    loaded: list[Pipeline] = [pipeline] if pipeline is not None else []

    def pipe() -> Pipeline:
        if not loaded:
            loaded.append(Pipeline(options))
        return loaded[0]

    vocab = Vocabulary.load()
    graph_store = GraphStore.persistent(store) if store is not None else GraphStore.memory()
    onto = ontology_quads()
    graph_store.replace_graph(ONTOLOGY_GRAPH, onto)
    written = len(onto)
    problems: list[str] = []
    warnings: list[str] = []
    by_rel: Counter[str] = Counter()
    n_articles = words = unchanged = 0
    seen_ids: dict[str, str] = {}
    content_hash = vocab("contentHash")

    def articles() -> Iterator[Article]:
        for item in read_articles(inputs, stdin_text=stdin_text):
            if isinstance(item, IngestProblem):
                if item.fatal:
                    if options.strict:
                        raise InputError(item.message + " (--strict: build stopped)")
                    problems.append(item.message)
                else:
                    warnings.append(item.message)
                continue
            if item.id in seen_ids and seen_ids[item.id] != item.source:
                warnings.append(f"article id {item.id!r} from {item.source} also came from {seen_ids[item.id]}; "
                                "the later one replaces the earlier in the graph.")
            seen_ids[item.id] = item.source or ""
            if store is not None and not options.force and graph_store.literal_value(
                    article_iri(item.id), content_hash, article_graph(item.id)) == fingerprint(item, options):
                nonlocal unchanged
                unchanged += 1
                continue
            yield item

    try:
        for extraction in _extractions(pipe, articles(), options):
            if isinstance(extraction, ArticleFailure):
                if options.strict:
                    raise KickgraphError(extraction.message + " (--strict: build stopped)")
                problems.append(extraction.message)
                continue
            quads = extraction_quads(extraction, vocab, fingerprint(extraction.article, options))
            graph_store.replace_graph(article_graph(extraction.article.id), quads)
            written += len(quads)
            n_articles += 1
            words += len(extraction.article.text.split())
            by_rel.update(f.relation for f in extraction.facts)
            warnings.extend(extraction.warnings)
    finally:
        graph_store.flush()
    # quads written by this build; with an output file, everything in it (len() of a large
    # disk store would count every quad, which dominated small incremental builds)
    n_quads = graph_store.dump(output, out_fmt) if output is not None else written
    return BuildReport(
        articles=n_articles,
        skipped=len(problems),
        facts=sum(by_rel.values()),
        facts_by_relation=dict(by_rel),
        problems=tuple(problems),
        warnings=tuple(warnings),
        output=str(output) if output is not None else None,
        store=str(store) if store is not None else None,
        quads=n_quads,
        words=words,
        seconds=time.perf_counter() - t0,
        unchanged=unchanged,
    )
