"""The operator's commands: `flask extract ARTICLE_ID` and `flask eval-extract`."""
import json

import click
from flask.cli import with_appcontext


@click.command("extract")
@click.argument("article_id", type=int)
@click.option("--commit", is_flag=True, help="Save the confident proposals, as ?commit=true does.")
@with_appcontext
def extract_command(article_id, commit):
    """Print the proposals for a stored article as JSON (writes nothing without --commit)."""
    from ..models import Article
    from . import extract
    article = Article.get_or_none(Article.id == article_id)
    if article is None:
        raise click.ClickException(f"no article with id {article_id}")
    proposals = extract(article)
    if commit:
        from . import store
        proposals["saved"] = store.commit(article, proposals)
    click.echo(json.dumps(proposals, ensure_ascii=False, indent=2, default=str))


@click.command("eval-extract")
@click.option("--min-precision", type=float, default=None, help="Exit 1 when overall precision is below this.")
@click.option("--min-recall", type=float, default=None, help="Exit 1 when overall recall is below this.")
@with_appcontext
def eval_extract_command(min_precision, min_recall):
    """Score the extractor on the seed articles against fixtures/statements.json."""
    from .evaluate import evaluate, overall, report
    try:
        scores = evaluate()
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(report(scores))
    total = overall(scores)
    if (min_precision is not None and total.precision < min_precision) or \
            (min_recall is not None and total.recall < min_recall):
        raise SystemExit(1)


COMMANDS = (extract_command, eval_extract_command)
