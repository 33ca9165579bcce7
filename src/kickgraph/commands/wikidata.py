"""``kickgraph wikidata fetch``: merge live Wikidata career statements into a graph file or store."""

from __future__ import annotations


import click

from . import friendly


@click.group("wikidata")
def command() -> None:
    """Compare and merge with Wikidata (needs linked entities: `kickgraph build --link`)."""


@command.command("fetch")
@click.argument("source")
@click.option("--endpoint", default=None, help="SPARQL endpoint [default: https://query.wikidata.org/sparql].")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False),
              help="Cache directory for endpoint answers [default: ~/.cache/kickgraph/wikidata].")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the merged graph here instead of replacing SOURCE (a file); for a store, also dump it here.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld"]),
              help="Format of OUTPUT (default: from its extension).")
@click.option("--batch-size", type=click.IntRange(1, 500), default=50, show_default=True, help="QIDs per request.")
@click.option("--timeout", type=click.FloatRange(1, 600), default=30, show_default=True, help="Seconds per request.")
@click.option("--max-retries", type=click.IntRange(0, 20), default=5, show_default=True)
@click.option("--offline", is_flag=True,
              help="No network: take the players' Wikidata P54 stints from the bundled knowledge base.")
@friendly
def fetch(source, endpoint, cache_dir, no_cache, output, fmt, batch_size, timeout, max_retries, offline):
    """Fetch Wikidata careers of the entities linked in SOURCE (graph file or store) and merge them.

    The statements land in the named graph kg:graph/wikidata (replaced on every fetch); compare
    them with the news with `kickgraph query SOURCE news_vs_wikidata`.
    """
    from ..wikidata import DEFAULT_ENDPOINT, KBCareerSource, WikidataClient, default_cache_dir, fetch_into

    if offline:
        from ..kb import KnowledgeBase

        client = KBCareerSource(KnowledgeBase.load())
    else:
        client = WikidataClient(
            endpoint or DEFAULT_ENDPOINT,
            cache_dir=None if no_cache else (cache_dir or default_cache_dir()),
            timeout=timeout, max_retries=max_retries, batch_size=batch_size,
        )
    report = fetch_into(source, client, output=output, fmt=fmt)
    if report.qids == 0:
        click.echo(f"{source}: no linked entities (owl:sameAs wd:Q...) to fetch; build with --link. Nothing written.",
                   err=True)
        return
    click.echo(f"{report.qids} linked entities; {report.statements} Wikidata statements, {report.entities} items "
               f"({report.requests} requests, {report.cache_hits} from cache); {report.quads} quads written to "
               f"{report.written}.")
