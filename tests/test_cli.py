"""The operator's commands (docs/api.md), as deployment scripts call them."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.db import database
from service.models import ApiKey, Statement

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [["db", "upgrade"], ["fixtures", "load"], ["keys", "create"], ["keys", "revoke"],
            ["synth"], ["export"], ["import"], ["spec"], ["extract"], ["eval-extract"]]


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(cli, command):
    result = cli.invoke(args=[*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_keys_create_prints_the_key_alone_on_the_last_line(app, cli):
    result = cli.invoke(args=["keys", "create", "desk", "--scope", "write"])
    assert result.exit_code == 0
    secret = result.stdout.strip().splitlines()[-1]
    assert secret.startswith("sdk_") and " " not in secret
    with app.app_context():
        stored = ApiKey.get(ApiKey.name == "desk")
        assert stored.scope == "write" and secret not in (stored.secret_hash, stored.prefix)
        database.close()


def test_a_second_key_with_the_same_name_is_a_clear_failure(cli):
    cli.invoke(args=["keys", "create", "desk"])
    result = cli.invoke(args=["keys", "create", "desk"])
    assert result.exit_code != 0 and "exists" in result.output


def test_revoking_a_key_that_does_not_exist_fails(cli):
    result = cli.invoke(args=["keys", "revoke", "nobody"])
    assert result.exit_code != 0 and "no live key" in result.output


def test_a_wrong_scope_is_refused_before_anything_is_written(app, cli):
    assert cli.invoke(args=["keys", "create", "x", "--scope", "root"]).exit_code == 2
    with app.app_context():
        assert ApiKey.select().count() == 0
        database.close()


def test_upgrade_and_fixtures_load_are_safe_to_run_twice(app, cli):
    for _ in range(2):
        assert cli.invoke(args=["db", "upgrade"]).exit_code == 0
        assert cli.invoke(args=["fixtures", "load"]).exit_code == 0
    with app.app_context():
        assert Statement.select().count() == 63
        database.close()


def test_export_then_import_through_the_cli(seeded, app, tmp_path):
    dump = tmp_path / "dump.ndjson"
    assert seeded.test_cli_runner().invoke(args=["export", str(dump)]).exit_code == 0
    result = app.test_cli_runner().invoke(args=["import", str(dump)])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.ndjson"
    app.test_cli_runner().invoke(args=["export", str(again)])
    assert again.read_bytes() == dump.read_bytes()


def test_importing_a_broken_dump_exits_non_zero_and_names_the_line(app, tmp_path):
    dump = tmp_path / "dump.ndjson"
    dump.write_text('{"type": "meta", "format": "statements-desk/1"}\n{"type": "nonsense"}\n', encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import", str(dump)])
    assert result.exit_code != 0 and "line 2" in result.output


def test_importing_into_a_database_never_migrated_says_what_to_run(seeded, tmp_path):
    from service import create_app
    dump = tmp_path / "dump.ndjson"
    assert seeded.test_cli_runner().invoke(args=["export", str(dump)]).exit_code == 0
    empty = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.db'}", "RATE_LIMIT": "off"})
    result = empty.test_cli_runner().invoke(args=["import", str(dump)])
    assert result.exit_code == 1, result.output
    assert "schema version 0 of" in result.output and "db upgrade" in result.output
    assert "Traceback" not in result.output


def test_the_docker_entrypoint_migrates_then_runs_the_command(tmp_path):
    database_file = tmp_path / "data" / "statements.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database_file}", "LOAD_FIXTURES": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run([str(ROOT / "service" / "entrypoint.sh"), "flask", "--app", "service",
                             "export"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"type":"statement"') == 63  # migrated, loaded, then the command ran


def test_the_docker_entrypoint_fails_when_the_database_cannot_be_migrated(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run([str(ROOT / "service" / "entrypoint.sh"), "echo", "served"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "served" not in result.stdout
