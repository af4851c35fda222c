"""The operator's commands (docs/api.md): `flask --app service db upgrade`, `keys create`…"""
import os
import sys

import click
from flask.cli import AppGroup

from .db import write_transaction
from .http import auth
from .models import SCOPES

db_cli = AppGroup("db", help="The database schema.")
keys_cli = AppGroup("keys", help="API keys.")
fixtures_cli = AppGroup("fixtures", help="The seed dataset in fixtures/.")


@db_cli.command("upgrade")
def db_upgrade():
    """Create or migrate the schema; safe to run twice."""
    from .migrations import upgrade
    version = upgrade()
    click.echo(f"schema at version {version}")


@keys_cli.command("create")
@click.argument("name")
@click.option("--scope", type=click.Choice(SCOPES), default="write", show_default=True)
def keys_create(name, scope):
    """Create an API key; the key is printed once, alone on the last line."""
    from .models import ApiKey
    with write_transaction():
        if ApiKey.select().where(ApiKey.name == name).exists():
            raise click.ClickException(f"a key named {name!r} exists; revoke it or pick another name")
        secret = auth.create_key(name, scope)
    click.echo(f"created key {name!r} with scope {scope}; store it now, it is not shown again:", err=True)
    click.echo(secret)


@keys_cli.command("revoke")
@click.argument("name")
def keys_revoke(name):
    """Revoke a key at once."""
    with write_transaction():
        revoked = auth.revoke_key(name)
    if not revoked:
        raise click.ClickException(f"no live key named {name!r}")
    click.echo(f"revoked {name!r}")


@fixtures_cli.command("load")
def fixtures_load():
    """Load fixtures/ (the seed dataset); loading twice adds nothing."""
    from .fixtures import load
    counts = load()
    for table, added in counts.items():
        click.echo(f"{table}: {added} added")


@click.command("synth")
@click.option("--statements", "count", type=click.IntRange(1, 10_000_000), required=True,
              help="How many statements to add (with proportionate articles, events, participants).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed builds the same data.")
def synth(count, seed):
    """Fill the database with synthetic, realistic statements for benchmarks."""
    from .synth import synthesize
    with click.progressbar(length=count, label="statements", file=sys.stderr) as bar:
        made = synthesize(count, seed=seed, progress=bar.update)
    click.echo(", ".join(f"{n} {what}" for what, n in made.items()))


@click.command("export")
@click.argument("output", type=click.File("w", encoding="utf-8"), default="-")
def export_dataset(output):
    """Write the whole dataset as NDJSON (to OUTPUT, default stdout)."""
    from .records.dataset import export_lines
    for line in export_lines():
        output.write(line)


@click.command("import")
@click.argument("source", type=click.File("rb"))
def import_dataset(source):
    """Load an NDJSON dump (a file, or - for stdin) atomically: every line or, on any bad line, none."""
    from .records.dataset import UNSTORABLE, DatasetError, import_lines
    refuse_an_unmigrated_database()
    try:
        size = os.fstat(source.fileno()).st_size or None
    except (OSError, ValueError):  # a pipe, or a stream with no file behind it
        size = None
    try:
        if size:
            with click.progressbar(length=size, label="bytes", file=sys.stderr) as bar:
                added = import_lines(_decoded_lines(source, bar.update))
        else:  # from a pipe: no length to measure progress against
            added = import_lines(_decoded_lines(source, lambda _: None))
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{source.name} is not UTF-8 ({error.reason} at byte {error.start} "
                                   "of a line); nothing was imported") from None
    except DatasetError as error:
        for where, messages in error.errors.items():
            click.echo(f"{where}: {'; '.join(messages)}", err=True)
        raise click.ClickException("nothing was imported") from None
    except UNSTORABLE as error:
        raise click.ClickException(f"a value cannot be stored ({type(error).__name__}: {error}); "
                                   "nothing was imported") from None
    click.echo(", ".join(f"{table}: {count}" for table, count in added.items() if count))


def refuse_an_unmigrated_database():
    """A load into a database whose schema is behind the code's would fail on its first
    missing table or column: say so, and what to run, before reading a line."""
    from . import migrations
    version, head = migrations.current_version(), migrations.head()
    if version < head:
        raise click.ClickException(
            f"the database is at schema version {version} of {head}: run `flask --app service db upgrade` "
            "first; nothing was imported")


PROGRESS_EVERY = 1 << 20  # bytes read between two updates of the bar


def _decoded_lines(source, progress):
    # Bytes split on b"\n" only: a dump's strings may hold U+2028 or U+0085,
    # which text-mode reading would take for line breaks.
    unreported = 0
    for line in source:
        unreported += len(line)
        if unreported >= PROGRESS_EVERY:
            progress(unreported)
            unreported = 0
        yield line.decode("utf-8")
    progress(unreported)


@click.command("spec")
def spec():
    """Print the OpenAPI document as YAML (make spec writes it to openapi.yaml)."""
    from .api.docs import spec_yaml
    click.echo(spec_yaml(), nl=False)


def init_app(app):
    for command in (db_cli, keys_cli, fixtures_cli, synth, export_dataset, import_dataset, spec):
        app.cli.add_command(command)
    from .extraction.cli import COMMANDS
    for command in COMMANDS:
        app.cli.add_command(command)
    from .search.cli import search_cli
    app.cli.add_command(search_cli)
