"""``kickgraph push STORE_OR_FILE --endpoint URL``: load a graph into any SPARQL 1.1 store."""

from __future__ import annotations

import sys

import click

from ..errors import KickgraphError


@click.command("push")
@click.argument("source")
@click.option("--endpoint", required=True,
              help="gsp: the graph store URL (Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DS/data); "
                   "update: the update URL (http://HOST:7878/update, http://HOST:3030/DS/update).")
@click.option("--graph", help="Merge everything into this graph IRI ('default': the default graph) instead of "
                              "keeping kickgraph's per-article named graphs.")
@click.option("--method", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="Graph Store HTTP Protocol (PUT/POST N-Triples) or SPARQL Update INSERT DATA.")
@click.option("--batch-size", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Triples per request.")
@click.option("--append", is_flag=True, help="Add to the remote graphs instead of replacing them.")
@click.option("--retries", default=4, show_default=True, type=click.IntRange(min=0),
              help="Retries (with exponential backoff) on HTTP 429/5xx and network errors.")
@click.option("--verbose", is_flag=True, help="Print each graph as it is pushed.")
def command(source, endpoint, graph, method, batch_size, append, retries, verbose):
    """Push SOURCE (store directory or graph file) to a SPARQL 1.1 store at --endpoint.

    \b
    Examples:
      kickgraph push store/ --endpoint http://localhost:7878/store
      kickgraph push career.trig --endpoint http://localhost:3030/kick/update --method update
      kickgraph push career.trig --endpoint http://localhost:3030/kick/data --graph https://example.org/kick
    """
    from ..push import push

    try:
        report = push(source, endpoint, graph=graph, method=method, batch_size=batch_size, append=append,
                      retries=retries, progress=(lambda m: click.echo(m, err=True)) if verbose else None)
    except KickgraphError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(report.summary())
