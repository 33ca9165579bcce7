"""``kickgraph eval ARTICLES_DIR GOLD_DIR``: build, run queries/facts_qualified.rq, score against gold."""

from __future__ import annotations

import json

import click

from . import friendly


@click.command("eval")
@click.argument("articles_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--lang", default="de", show_default=True, help="Only articles in this language ('all' for every article).")
@click.option("--ids", help="Comma-separated article ids to score.")
@click.option("--model", help="spaCy pipeline instead of the bundled model.")
@click.option("--link/--no-link", default=False)
@click.option("--json", "as_json", is_flag=True, help="Print the score as JSON.")
@click.option("--verbose", is_flag=True, help="List missed and extra facts.")
@friendly
def command(articles_dir, gold_dir, lang, ids, model, link, as_json, verbose):
    """Score the extractor on ARTICLES_DIR against GOLD_DIR (per relation P/R/F1, qualifier accuracy)."""
    from ..evaluate import evaluate, format_score
    from ..pipeline import BuildOptions

    sc = evaluate(articles_dir, gold_dir, ids=ids.split(",") if ids else None,
                  lang=None if lang == "all" else lang, options=BuildOptions(model=model, link=link))
    if as_json:
        click.echo(json.dumps(sc.as_dict(), indent=1))
    else:
        click.echo(format_score(sc, verbose=verbose), nl=False)
