"""kickgraph: football news articles in, a knowledge graph of football careers out.

The pipeline stages are modules: :mod:`kickgraph.ingest` -> :mod:`kickgraph.nlp` ->
:mod:`kickgraph.extract` -> :mod:`kickgraph.link` -> :mod:`kickgraph.rdf` ->
:mod:`kickgraph.store` -> :mod:`kickgraph.query` / :mod:`kickgraph.export` / :mod:`kickgraph.viz`.
Nothing heavy is imported or loaded here.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
