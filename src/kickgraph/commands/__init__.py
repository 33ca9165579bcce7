"""Extra CLI commands, one module per command group; each defines ``command`` (a click command).

:mod:`kickgraph.cli` registers every module listed in ``COMMAND_MODULES`` that is present.
:func:`friendly` is the error handling every command shares.
"""

from __future__ import annotations

import sys
from functools import wraps

COMMAND_MODULES = ("eval", "serve", "push", "viz", "wikidata")


def friendly(fn):
    """Print KickgraphError messages (no traceback) and exit with the error's code."""
    import click

    from ..errors import KickgraphError

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KickgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; everything written before the interruption is kept.", err=True)
            sys.exit(130)

    return wrapper
