"""`flask --app service search …`: the operator's commands for the ranked index."""
import sys

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="The ranked search index.")


def _ranked_index(hint=""):
    """The database's ranked index, or a command-line error saying there is none."""
    from . import ranked_index
    found = ranked_index()
    if found is None:
        raise click.ClickException(f"this database has no ranked index (in memory, or not migrated{hint})")
    return found


@search_cli.command("rebuild")
def rebuild():
    """Build the ranked index again from the database (waits for a writer that holds it)."""
    from . import KINDS, documents
    found = _ranked_index(": run `flask --app service db upgrade`")
    total = sum(documents.MODELS[kind].select().count() for kind in KINDS)
    with click.progressbar(length=total, label="records", file=sys.stderr) as bar:
        state = found.rebuild(progress=bar.update)
    click.echo(f"ranked index rebuilt at {found.root}: {total} records, up to revision {state['revision']}")


@search_cli.command("catch-up")
def catch_up():
    """Apply the revisions the ranked index has not applied yet (building it if there is none)."""
    state = _ranked_index().catch_up()
    click.echo(f"ranked index at revision {state['revision']}")


@search_cli.command("status")
def status():
    """Where the ranked index is, and how far it has followed the revision log."""
    from .follower import latest_revision
    found = _ranked_index()
    state = found.state()
    applied = state["revision"] if state else None
    click.echo(f"index: {found.root}\napplied: {applied if state else 'none (not built)'}\n"
               f"log: {latest_revision()}")
