"""The ``kickgraph`` command line: each command parses, calls one library function, prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .commands import friendly


@click.group()
@click.version_option(__version__, prog_name="kickgraph")
def main() -> None:
    """kickgraph: football news articles in, a knowledge graph of careers out."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Graph file to write (.ttl .trig .nt .nq .jsonld).")
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld"]),
              help="Output format (default: from the file extension).")
@click.option("--store", type=click.Path(file_okay=False), help="Persistent store directory to add the articles to.")
@click.option("--model", help="spaCy pipeline to use instead of the bundled German model (e.g. de_core_news_lg).")
@click.option("--link/--no-link", default=False, help="Link persons and teams to Wikidata QIDs (bundled KB).")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable input instead of skipping it.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Extraction processes.")
@click.option("--force", is_flag=True, help="With --store: re-extract articles the store already holds unchanged.")
@friendly
def build(inputs, output, fmt, store, model, link, strict, workers, force):
    """Build a career graph from INPUTS (.txt .html .json .jsonl files, directories, - for stdin)."""
    from .pipeline import BuildOptions, build as run_build

    stdin_text = sys.stdin.read() if "-" in inputs else None
    report = run_build(inputs, output=output, fmt=fmt, store=store,
                       options=BuildOptions(model=model, link=link, strict=strict, workers=workers, force=force),
                       stdin_text=stdin_text)
    for msg in report.warnings:
        click.echo(f"warning: {msg}", err=True)
    for msg in report.problems:
        click.echo(f"skipped: {msg}", err=True)
    rels = ", ".join(f"{k} {v}" for k, v in sorted(report.facts_by_relation.items())) or "none"
    where = " and ".join(x for x in (report.output, report.store and f"store {report.store}") if x)
    unchanged = f", {report.unchanged} unchanged" if report.unchanged else ""
    click.echo(f"{report.articles} articles read, {report.skipped} skipped{unchanged}; {report.facts} facts ({rels}); "
               f"{report.quads} quads written to {where}.")
    if report.articles == 0 and report.unchanged == 0:
        click.echo("error: no article could be read; check the inputs.", err=True)
        sys.exit(2)


@main.command()
@click.argument("source", required=False)
@click.argument("query", required=False)
@click.option("--sparql", help="Query text instead of a .rq file.")
@click.option("--param", "params", multiple=True, help="Bind a query variable: name=value (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table")
@click.option("--endpoint", help="Run against a remote SPARQL endpoint instead of a file/store.")
@friendly
def query(source, query, sparql, params, fmt, endpoint):
    """Run QUERY (a .rq file or a bundled query name) on SOURCE (graph file or store directory)."""
    from .errors import QueryError
    from .query import format_result, load_query, parse_params, run_query

    if endpoint and source and not query:
        source, query = None, source
    if sparql is None and query is None:
        raise QueryError("give a query file (queries/facts.rq), a bundled query name, or --sparql TEXT.")
    text = sparql if sparql is not None else load_query(query)
    result = run_query(text, source=source, endpoint=endpoint, params=parse_params(params))
    click.echo(format_result(result, fmt), nl=False)


@main.command()
@click.argument("source")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld", "graphml", "gexf"]))
@friendly
def export(source, output, fmt):
    """Export SOURCE (graph file or store) to OUTPUT: RDF formats, or GraphML/GEXF for Gephi/Cytoscape."""
    from .export import export as run_export

    if fmt in ("graphml", "gexf") or Path(output).suffix.lower() in (".graphml", ".gexf"):
        from .viz import export_network

        nodes, edges = export_network(source, output, fmt)
        click.echo(f"{nodes} nodes and {edges} edges written to {output}.")
        return

    n = run_export(source, output, fmt)
    click.echo(f"{n} quads written to {output}.")


@main.command()
@click.argument("source")
@friendly
def stats(source):
    """Counts of persons, teams, articles and facts by relation and status."""
    from .query import format_result, load_query, run_query

    click.echo(format_result(run_query(load_query("stats"), source=source)), nl=False)


@main.command()
@click.argument("source")
@click.option("--verbose", is_flag=True, help="Print the full SHACL report.")
@friendly
def validate(source, verbose):
    """Validate SOURCE against the kickgraph SHACL shapes."""
    from .store import GraphStore
    from .validate import validate as run_validate

    result = run_validate(GraphStore.open(source))
    if verbose or not result.conforms:
        click.echo(result.report)
    if result.conforms:
        click.echo(f"{source}: conforms to the kickgraph shapes.")
    else:
        click.echo(f"{source}: {result.violations} violation(s).", err=True)
        sys.exit(7)


def _register_extra_commands() -> None:
    import importlib
    import importlib.util

    from .commands import COMMAND_MODULES

    for name in COMMAND_MODULES:
        modname = f"{__package__}.commands.{name}"
        if importlib.util.find_spec(modname) is not None:
            main.add_command(importlib.import_module(modname).command)


_register_extra_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
