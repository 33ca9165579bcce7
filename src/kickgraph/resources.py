"""Locate bundled resources: ontology, queries, lexicons, models, knowledge base.

In a wheel the repository's ``ontology/`` and ``queries/`` folders are packaged inside
``kickgraph/``; in an editable checkout they are read from the repository root.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ModelError

_PKG = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the directory of a bundled resource folder (``ontology``, ``queries``...)."""
    for candidate in (_PKG / name, _PKG.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise ModelError(
        f"kickgraph's bundled '{name}' folder is missing; reinstall kickgraph "
        "(pip install --force-reinstall kickgraph) or run from a complete checkout."
    )


def resource_path(folder: str, filename: str) -> Path:
    path = resource_dir(folder) / filename
    if not path.exists():
        raise ModelError(f"bundled resource {folder}/{filename} is missing; reinstall kickgraph.")
    return path


def data_path(filename: str) -> Path:
    """A file under ``kickgraph/data`` (lexicons, knowledge base)."""
    path = _PKG / "data" / filename
    if not path.exists():
        raise ModelError(
            f"bundled data file {filename} is missing; rebuild it with the scripts in "
            "scripts/ or reinstall kickgraph."
        )
    return path


def model_dir(name: str) -> Path | None:
    """Directory of a model bundled under ``kickgraph/models``, or None."""
    path = _PKG / "models" / name
    return path if path.is_dir() else None
