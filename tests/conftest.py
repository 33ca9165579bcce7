"""Shared fixtures: the repository paths and one loaded extraction pipeline per session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples" / "articles"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    path = SHARED / "eval" / "dev"
    if not path.is_dir():
        pytest.skip("../shared/eval/dev is not beside the repository")
    return path


@pytest.fixture(scope="session")
def pipeline():
    """The real extraction pipeline (bundled NER model + gazetteer), loaded once."""
    from kickgraph.pipeline import BuildOptions, Pipeline

    return Pipeline(BuildOptions())
