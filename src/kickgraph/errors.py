"""The one exception family of kickgraph.

Every error a user can cause or fix derives from :class:`KickgraphError`; its message
says what to do. The CLI prints the message and exits non-zero, never a traceback.
"""

from __future__ import annotations


class KickgraphError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 1


class InputError(KickgraphError):
    """An input article or file cannot be read or parsed."""

    exit_code = 2


class QueryError(KickgraphError):
    """A SPARQL query is missing, malformed or has unbound parameters."""

    exit_code = 3


class StoreError(KickgraphError):
    """A graph file or persistent store cannot be opened or written."""

    exit_code = 4


class ModelError(KickgraphError):
    """An NLP model or a bundled resource cannot be loaded."""

    exit_code = 5


class RemoteError(KickgraphError):
    """A remote SPARQL endpoint failed after retries."""

    exit_code = 6


class ValidationError(KickgraphError):
    """A graph does not conform to the kickgraph SHACL shapes."""

    exit_code = 7
