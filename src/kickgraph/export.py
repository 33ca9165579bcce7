"""Export a graph file or store to another RDF format."""

from __future__ import annotations

from pathlib import Path

from .store import GraphStore, resolve_format


def export(source: str | Path, output: str | Path, fmt: str | None = None) -> int:
    """Write everything in ``source`` (graph file or store directory) to ``output``; returns the quad count."""
    store = GraphStore.open(source)
    return store.dump(output, resolve_format(output, fmt))
