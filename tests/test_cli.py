"""The command line, end to end on the bundled examples (click's CliRunner)."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from click.testing import CliRunner

from kickgraph.cli import main


@pytest.fixture(scope="module")
def built(tmp_path_factory, repo):
    out = tmp_path_factory.mktemp("cli") / "career.ttl"
    result = CliRunner().invoke(main, ["build", str(repo / "examples" / "articles"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_reports_counts(built):
    out, result = built
    assert "5 articles read, 0 skipped" in result.output
    assert out.exists() and out.stat().st_size > 1000


def test_facts_query_csv_has_contract_columns(built, repo):
    out, _ = built
    result = CliRunner().invoke(main, ["query", str(out), str(repo / "queries" / "facts.rq"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["articleId", "subjectLabel", "relation", "objectLabel", "role", "status", "start",
                             "end", "teamLabel", "evidence"]
    ids = {r["articleId"] for r in rows}
    assert "example-tuchel-dortmund" in ids
    assert all(r["relation"].startswith("https://w3id.org/kickgraph/ontology#") for r in rows)


def test_query_table_and_json(built):
    out, _ = built
    table = CliRunner().invoke(main, ["query", str(out), "careers"])
    assert table.exit_code == 0 and "Thomas Tuchel" in table.output and "rows)" in table.output
    js = CliRunner().invoke(main, ["query", str(out), "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                   "--format", "json"])
    data = json.loads(js.output)
    assert int(data["results"]["bindings"][0]["n"]["value"]) > 100


def test_query_param_is_bound(built):
    out, _ = built
    res = CliRunner().invoke(main, ["query", str(out), "facts", "--param", "articleId=example-tuchel-dortmund",
                                    "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert rows and {r["articleId"] for r in rows} == {"example-tuchel-dortmund"}
    hostile = CliRunner().invoke(main, ["query", str(out), "facts", "--param", 'articleId="} ; DROP ALL ; {',
                                        "--format", "csv"])
    assert hostile.exit_code == 0 and hostile.output.strip().count("\n") == 0


def test_stats_and_validate(built):
    out, _ = built
    res = CliRunner().invoke(main, ["stats", str(out)])
    assert res.exit_code == 0 and "persons" in res.output and "statements" in res.output
    res = CliRunner().invoke(main, ["validate", str(out)])
    assert res.exit_code == 0, res.output
    assert "conforms" in res.output


@pytest.mark.parametrize("ext,fmt", [(".trig", "trig"), (".nt", "nt"), (".nq", "nquads"), (".jsonld", "json-ld")])
def test_export_formats_round_trip(built, tmp_path, ext, fmt):
    out, _ = built
    target = tmp_path / f"g{ext}"
    res = CliRunner().invoke(main, ["export", str(out), "-o", str(target)])
    assert res.exit_code == 0, res.output
    g = rdflib.Dataset() if fmt in ("trig", "nquads") else rdflib.Graph()
    g.parse(target, format=fmt)
    assert len(g) > 0 or sum(len(c) for c in g.contexts()) > 0


def test_store_rebuild_is_idempotent(tmp_path, repo):
    from kickgraph.store import GraphStore

    store = tmp_path / "store"
    args = ["build", str(repo / "examples" / "articles"), "--store", str(store)]

    def size() -> int:
        return len(GraphStore.open(store))

    r1 = CliRunner().invoke(main, args)
    assert r1.exit_code == 0, r1.output
    n = size()
    r2 = CliRunner().invoke(main, args)
    assert r2.exit_code == 0
    assert "0 articles read" in r2.output and "5 unchanged" in r2.output
    assert size() == n
    r3 = CliRunner().invoke(main, args + ["--force"])
    assert "5 articles read" in r3.output
    assert size() == n  # re-extracted, nothing duplicated
    res = CliRunner().invoke(main, ["stats", str(store)])
    assert res.exit_code == 0 and "articles" in res.output


def test_build_formats_by_extension(tmp_path, repo):
    src = repo / "examples" / "articles" / "tuchel_dortmund.json"
    for name, fmt in (("g.trig", "trig"), ("g.nq", "nquads"), ("g.jsonld", "json-ld")):
        res = CliRunner().invoke(main, ["build", str(src), "-o", str(tmp_path / name)])
        assert res.exit_code == 0, res.output
    ds = rdflib.Dataset()
    ds.parse(tmp_path / "g.trig", format="trig")
    assert any("graph/article/example-tuchel-dortmund" in str(c.identifier) for c in ds.graphs())


def test_build_from_stdin(tmp_path):
    out = tmp_path / "s.ttl"
    res = CliRunner().invoke(main, ["build", "-", "-o", str(out)],
                             input='{"id": "stdin-1", "text": "Der VfB Stuttgart hat Trainer Bruno Labbadia entlassen."}')
    assert res.exit_code == 0, res.output
    assert "1 articles read" in res.output


@pytest.mark.parametrize("args,code,needle", [
    (["build", "/nonexistent/dir", "-o", "x.ttl"], 2, "no such file"),
    (["query", "/nonexistent.ttl", "facts"], 4, "no such graph file"),
    (["query", "examples", "nosuchquery"], 3, "bundled queries are"),
])
def test_errors_are_messages_not_tracebacks(args, code, needle, repo, monkeypatch):
    monkeypatch.chdir(repo)
    res = CliRunner().invoke(main, args)
    assert res.exit_code == code
    assert needle in res.output
    assert "Traceback" not in res.output


def test_invalid_sparql_is_reported(built):
    out, _ = built
    res = CliRunner().invoke(main, ["query", str(out), "--sparql", "SELEC nothing"])
    assert res.exit_code == 3 and "invalid SPARQL" in res.output


def test_build_skips_bad_files_unless_strict(tmp_path, repo):
    (tmp_path / "good.txt").write_text("Der FC Augsburg hat Trainer Manuel Baum entlassen.", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "o.ttl")])
    assert res.exit_code == 0 and "1 skipped" in res.output and "skipped: " in res.output
    strict = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "o2.ttl"), "--strict"])
    assert strict.exit_code == 2 and "--strict" in strict.output
