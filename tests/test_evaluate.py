"""Scoring: kickgraph's scorer agrees with the evaluation kit's score.py; dev quality does not regress."""

from __future__ import annotations

import csv
import importlib.util
import io

import pytest
from click.testing import CliRunner

from kickgraph.cli import main
from kickgraph.evaluate import load_gold, score


@pytest.fixture(scope="module")
def dev_table(tmp_path_factory, shared_eval):
    out = tmp_path_factory.mktemp("dev") / "dev.ttl"
    res = CliRunner().invoke(main, ["build", str(shared_eval / "articles"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "39 articles read, 0 skipped" in res.output
    table = CliRunner().invoke(main, ["query", str(out), "facts", "--format", "csv"])
    assert table.exit_code == 0
    path = out.with_name("table.csv")
    path.write_text(table.output, encoding="utf-8")
    return path


def _kit_scorer(shared_eval):
    spec = importlib.util.spec_from_file_location("kit_score", shared_eval.parent / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_scorer_agrees_with_the_evaluation_kit(dev_table, shared_eval):
    kit = _kit_scorer(shared_eval).score(shared_eval / "gold", dev_table)
    ours = score(load_gold(shared_eval / "gold"), csv.DictReader(io.StringIO(dev_table.read_text(encoding="utf-8"))))
    assert ours.micro == kit["micro"]
    assert ours.by_relation == kit["by_relation"]
    assert ours.qualifiers == kit["qualifiers"]
    assert ours.unaligned == kit["unaligned_predictions"]


def test_german_dev_quality_floor(dev_table, shared_eval):
    """A regression floor below the current dev numbers (see the issue notes for the targets)."""
    gold = {k: v for k, v in load_gold(shared_eval / "gold").items() if not k.startswith("en_")}
    sc = score(gold, csv.DictReader(io.StringIO(dev_table.read_text(encoding="utf-8"))))
    assert sc.micro["P"] >= 0.85, sc.micro
    assert sc.micro["F1"] >= 0.74, sc.micro
    assert sc.qualifiers["status"]["acc"] >= 0.9
    for rel, v in sc.by_relation.items():
        assert v["F1"] >= 0.6, (rel, v)


def test_eval_command_prints_the_table(shared_eval):
    res = CliRunner().invoke(main, ["eval", str(shared_eval / "articles"), str(shared_eval / "gold"), "--ids",
                                    "seed_000,seed_003,seed_004"])
    assert res.exit_code == 0, res.output
    assert "micro" in res.output and "candidateFor" in res.output and "3 articles" in res.output
