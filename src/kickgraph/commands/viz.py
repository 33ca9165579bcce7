"""``kickgraph viz``: interactive HTML network, career/coaching timelines, GraphML/GEXF files."""

from __future__ import annotations


import click

from . import friendly
from ..model import RELATIONS, STATUSES


@click.command("viz")
@click.argument("graph")
@click.option("--html", "html_out", type=click.Path(dir_okay=False),
              help="Write the interactive network page (one self-contained .html file).")
@click.option("--timeline", "timeline_of", metavar="NAME",
              help="Draw the career timeline of a person, or the coaches of a club (name or IRI).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Timeline image: .png or .svg (default: NAME-timeline.png).")
@click.option("--players", is_flag=True, help="Club timeline: show players too, not only coaches.")
@click.option("--graphml", type=click.Path(dir_okay=False), help="Also write the network as GraphML.")
@click.option("--gexf", type=click.Path(dir_okay=False), help="Also write the network as GEXF (Gephi).")
@click.option("--club", help="Only facts touching this club (name or IRI) and the persons linked to it.")
@click.option("--person", help="Only facts of this person (name or IRI).")
@click.option("--relation", "relations", multiple=True, type=click.Choice(RELATIONS),
              help="Only these relations (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only these certainty statuses (repeatable).")
@click.option("--since", metavar="DATE", help="Only facts overlapping the time from DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only facts overlapping the time up to DATE.")
@click.option("--title", help="Title of the page or the timeline.")
@friendly
def command(graph, html_out, timeline_of, output, players, graphml, gexf, club, person, relations, statuses,
            since, until, title):
    """Visualise GRAPH (graph file or store): --html network page, --timeline NAME image, --graphml/--gexf.

    \b
    Examples:
      kickgraph viz career.ttl --html carousel.html --club "FC Augsburg"
      kickgraph viz career.ttl --timeline "FC Augsburg" -o fca.png
      kickgraph viz career.ttl --html net.html --relation coached --status confirmed
    """
    from .. import viz
    from ..rdf import slug
    from ..store import GraphStore

    if not (html_out or timeline_of or graphml or gexf):
        raise click.UsageError("nothing to draw: give --html FILE, --timeline NAME, --graphml FILE or --gexf FILE.")
    if output and not timeline_of:
        raise click.UsageError("-o/--output is the timeline image; use it with --timeline NAME.")
    store = GraphStore.open(graph)
    if html_out or graphml or gexf:
        G = viz.to_networkx(store, club=club, person=person, relations=relations or None,
                            statuses=statuses or None, since=since, until=until)
        n_persons = sum(1 for _, k in G.nodes(data="kind") if k == "person")
        summary = f"{n_persons} persons, {G.number_of_nodes() - n_persons} teams, {G.number_of_edges()} facts"
        if html_out:
            default = "kickgraph career network" + (f": {club}" if club else "") + (f": {person}" if person else "")
            viz.write_html(G, html_out, title=title or default)
            click.echo(f"network page ({summary}, {G.number_of_nodes()} nodes) written to {html_out}.")
        if graphml:
            viz.write_graphml(G, graphml)
            click.echo(f"GraphML ({summary}) written to {graphml}.")
        if gexf:
            viz.write_gexf(G, gexf)
            click.echo(f"GEXF ({summary}) written to {gexf}.")
    if timeline_of:
        out = output or f"{slug(timeline_of)}-timeline.png"
        viz.timeline(store, timeline_of, out, players=players, title=title if not html_out else None)
        click.echo(f"timeline of {timeline_of} written to {out}.")
