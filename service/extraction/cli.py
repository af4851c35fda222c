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
        from .store import commit as save
        proposals["saved"] = save(article, proposals)
    click.echo(json.dumps(proposals, ensure_ascii=False, indent=2, default=str))


@click.command("eval-extract")
@click.option("--min-precision", type=float, default=None, help="Exit 1 when the seeds' precision is below this.")
@click.option("--min-recall", type=float, default=None, help="Exit 1 when the seeds' recall is below this.")
@click.option("--dev/--no-dev", default=True, show_default=True,
              help="Also score the 30 readable reports of data/extraction-dev/ (misses and false positives).")
@click.option("--dev-min-precision", type=float, default=None, help="Exit 1 when the 30's precision is below this.")
@click.option("--dev-min-recall", type=float, default=None, help="Exit 1 when the 30's recall is below this.")
@click.option("--sealed", is_flag=True,
              help="Score only the 10 sealed reports, and print their totals only.")
@with_appcontext
def eval_extract_command(min_precision, min_recall, dev, dev_min_precision, dev_min_recall, sealed):
    """Score the extractor: the seeds (fixtures/) and the development set (data/extraction-dev/)."""
    from . import devset
    if sealed:
        scores = devset.evaluate(sealed=True)
        click.echo("sealed reports (totals only, by design):")
        click.echo(devset.totals(scores, f"sealed ({len(scores)} reports)"))
        click.echo(devset.summary(devset.overall(scores)))
        return
    from .evaluate import evaluate, overall, report
    try:
        scores = evaluate()
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    click.echo("seed reports (fixtures/):")
    click.echo(report(scores))
    total = overall(scores)
    failed = (min_precision is not None and total.precision < min_precision) or \
        (min_recall is not None and total.recall < min_recall)
    if dev:
        dev_scores = devset.evaluate()
        click.echo("")
        click.echo(f"development set, the {len(dev_scores)} readable reports (data/extraction-dev/; "
                   "a training score: the rules were written reading them):")
        click.echo(devset.report(dev_scores))
        dev_total = devset.overall(dev_scores)
        p, r, _ = devset.prf(dev_total.matched, dev_total.proposed, dev_total.gold)
        failed = failed or (dev_min_precision is not None and p < dev_min_precision) or \
            (dev_min_recall is not None and r < dev_min_recall)
    if failed:
        raise SystemExit(1)


def init_app(app):
    for command in (extract_command, eval_extract_command):
        app.cli.add_command(command)
