"""``kickgraph serve STORE``: a read-only SPARQL 1.1 endpoint (see :mod:`kickgraph.serve`)."""

from __future__ import annotations

import sys

import click

from ..errors import KickgraphError


@click.command("serve")
@click.argument("store")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for all interfaces).")
@click.option("--timeout-s", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Cancel queries running longer than this.")
@click.option("--max-rows", default=10000, show_default=True, type=click.IntRange(min=0),
              help="Cap on result rows (triples for CONSTRUCT/DESCRIBE); 0 = no cap.")
@click.option("--allow-service", is_flag=True, help="Allow federated SERVICE clauses (off: refused with 403).")
@click.option("--max-concurrent", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Queries run at once (one oxigraph engine process each).")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
def command(store, port, host, timeout_s, max_rows, allow_service, max_concurrent, quiet):
    """Serve STORE (store directory or graph file) as a read-only SPARQL 1.1 endpoint.

    \b
    Queries: GET/POST http://HOST:PORT/query (SPARQL 1.1 Protocol); updates are refused.
    Example: kickgraph serve store/ --port 7878
             kickgraph query --endpoint http://127.0.0.1:7878/query person_career --param "name=..."
    """
    from ..serve import ServeOptions, serve

    options = ServeOptions(host=host, port=port, timeout_s=timeout_s, max_rows=max_rows,
                           allow_service=allow_service, max_concurrent=max_concurrent, quiet=quiet)
    try:
        serve(store, options, announce=lambda msg: click.echo(msg, err=True))
    except KickgraphError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
