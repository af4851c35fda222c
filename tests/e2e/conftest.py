"""What the end-to-end tests share: a real gunicorn server and a write key made with the CLI."""
import pytest

from .server import flask_cli, gunicorn


@pytest.fixture
def server(database_url):
    """(base URL, Authorization header of a `write` key) of gunicorn serving `database_url`."""
    with gunicorn(database_url) as (base, env):
        secret = flask_cli(env, "keys", "create", "e2e", "--scope", "write").strip().splitlines()[-1]
        yield base, {"Authorization": f"Bearer {secret}"}
