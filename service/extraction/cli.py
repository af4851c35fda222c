"""The operator's commands: `flask extract ARTICLE_ID | --all`, and `flask eval-extract`."""
import json
import sys

import click
from flask.cli import with_appcontext


@click.command("extract")
@click.argument("article_ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Every stored article (with --since: published since DATE).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only articles published on or after DATE (YYYY-MM-DD).")
@click.option("--commit", is_flag=True, help="Save the confident proposals, as ?commit=true does.")
@with_appcontext
def extract_command(article_ids, every, since, commit):
    """Propose who said what and who met whom.

    With one ARTICLE_ID: print its proposals as JSON (writes nothing without
    --commit). With --all, --since or several ids: run over the archive with a
    progress bar, record each article done (a rerun skips it), and print what
    was proposed and saved.
    """
    if len(article_ids) == 1 and not every and since is None:
        return _print_one(article_ids[0], commit)
    if not (every or since or article_ids):
        raise click.UsageError("give ARTICLE_IDS, --all or --since DATE")
    from . import archive
    ids = archive.due(list(article_ids) or None, since.date() if since else None, commit)
    tally = archive.Tally()
    click.echo(f"extractor {archive.extractor_version()}: {len(ids)} articles to do"
               f"{' (saving the confident proposals)' if commit else ' (dry run: nothing saved)'}", err=True)
    with click.progressbar(ids, label="extracting", file=sys.stderr) as bar:
        for article_id in bar:
            archive.run_one(article_id, commit, tally)
            tally.articles += 1
    click.echo(f"articles: {tally.articles}; proposed: {tally.statements} statements, {tally.events} meetings; "
               f"saved: {tally.saved_statements} statements, {tally.saved_events} meetings; "
               f"over budget: {len(tally.errors)}")
    for article_id, reason in tally.errors:
        click.echo(f"  article {article_id}: {reason}")


def _print_one(article_id, commit):
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
@click.option("--min-precision", type=float, default=None, help="Exit 1 when the seeds' precision is below this.")
@click.option("--min-recall", type=float, default=None, help="Exit 1 when the seeds' recall is below this.")
@click.option("--dev/--no-dev", default=True, show_default=True,
              help="Also score the 30 readable reports of data/extraction-dev/ (misses and false positives).")
@click.option("--dev-min-precision", type=float, default=None, help="Exit 1 when the 30's precision is below this.")
@click.option("--dev-min-recall", type=float, default=None, help="Exit 1 when the 30's recall is below this.")
@click.option("--folds", is_flag=True,
              help="Split the 30: the training fold in full, the validation fold's totals only.")
@click.option("--sealed", is_flag=True,
              help="Score only the 10 sealed reports, and print their totals only.")
@with_appcontext
def eval_extract_command(min_precision, min_recall, dev, dev_min_precision, dev_min_recall, folds, sealed):
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
        click.echo(devset.folds(dev_scores) if folds else devset.report(dev_scores))
        dev_total = devset.overall(dev_scores)
        p, r, _ = devset.prf(dev_total.matched, dev_total.proposed, dev_total.gold)
        failed = failed or (dev_min_precision is not None and p < dev_min_precision) or \
            (dev_min_recall is not None and r < dev_min_recall)
    if failed:
        raise SystemExit(1)


COMMANDS = (extract_command, eval_extract_command)
