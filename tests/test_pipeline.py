"""The build job: fault isolation per article, worker processes, incremental store builds."""

from __future__ import annotations

import json

import pytest

from kickgraph.errors import KickgraphError
from kickgraph.pipeline import BuildOptions, build
from kickgraph.store import GraphStore
from kickgraph.validate import validate


def _articles(tmp_path, n=3):
    texts = ["Der FC Augsburg hat Trainer Manuel Baum entlassen.",
             "Borussia Dortmund trennt sich von Trainer Lucien Favre.",
             "Der VfB Stuttgart hat Trainer Tayfun Korkut freigestellt."]
    for i in range(n):
        (tmp_path / f"a{i}.json").write_text(json.dumps({"id": f"a{i}", "text": texts[i % 3], "date": "2019-04-09"}))
    return tmp_path


class _Exploding:
    """Wraps the real extractor and raises for one article id (an injected bug)."""

    def __init__(self, inner, bad_id):
        self.inner, self.bad_id = inner, bad_id

    def extract(self, analyzed):
        if analyzed.article.id == self.bad_id:
            raise RuntimeError("injected failure")
        return self.inner.extract(analyzed)


def test_one_failing_article_does_not_abort_the_batch(tmp_path, pipeline):
    src = tmp_path / "in"
    src.mkdir()
    _articles(src)
    original = pipeline.extractor
    pipeline.extractor = _Exploding(original, "a1")
    try:
        report = build([src], output=tmp_path / "o.ttl", pipeline=pipeline)
        assert report.articles == 2 and report.skipped == 1
        assert "a1" in report.problems[0] and "injected failure" in report.problems[0]
        with pytest.raises(KickgraphError, match="--strict"):
            build([src], output=tmp_path / "o2.ttl", pipeline=pipeline, options=BuildOptions(strict=True))
    finally:
        pipeline.extractor = original
    assert not (tmp_path / "o2.ttl").exists()


def test_workers_give_the_same_graph_as_one_process(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _articles(src, 6)
    one = build([src], output=tmp_path / "one.nq")
    two = build([src], output=tmp_path / "two.nq", options=BuildOptions(workers=2))
    assert one.facts == two.facts > 0
    assert set(GraphStore.open(tmp_path / "one.nq").quads()) == set(GraphStore.open(tmp_path / "two.nq").quads())
    result = validate(GraphStore.open(tmp_path / "two.nq"))
    assert result.conforms, result.report


def test_incremental_store_build_adds_only_new_articles(tmp_path, pipeline):
    src = tmp_path / "in"
    src.mkdir()
    _articles(src, 2)
    store = tmp_path / "store"
    first = build([src], store=store, pipeline=pipeline)
    assert first.articles == 2
    _articles(src, 3)  # a2 is new; a0, a1 unchanged
    second = build([src], store=store, pipeline=pipeline)
    assert (second.articles, second.unchanged) == (1, 2)
    (src / "a0.json").write_text(json.dumps({"id": "a0", "text": "Neuer Text ohne Fakten.", "date": "2019-04-09"}))
    third = build([src], store=store, pipeline=pipeline)
    assert (third.articles, third.unchanged) == (1, 2)  # the changed article is re-extracted


def test_fingerprint_changes_with_the_model_chosen_by_environment(monkeypatch):
    """A store rebuilt with another NER model (via $KICKGRAPH_MODEL too) must re-extract."""
    from kickgraph.model import Article
    from kickgraph.pipeline import fingerprint

    art = Article("a", "Text.", "2020-01-01")
    monkeypatch.delenv("KICKGRAPH_MODEL", raising=False)
    bundled = fingerprint(art, BuildOptions())
    assert fingerprint(art, BuildOptions(model="de_kick_ner")) == bundled
    monkeypatch.setenv("KICKGRAPH_MODEL", "de_core_news_lg")
    assert fingerprint(art, BuildOptions()) != bundled
    assert fingerprint(art, BuildOptions()) == fingerprint(art, BuildOptions(model="de_core_news_lg"))
