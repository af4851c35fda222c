"""A real gunicorn serving the app on a free loopback port, for end-to-end tests."""
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask_cli(env, *args):
    """Run `flask --app service …` as an operator would; return its stdout."""
    result = subprocess.run([str(BIN / "flask"), "--app", "service", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


@contextmanager
def gunicorn(database_url, workers=2, extra_env=None, log=None):
    """Serve; the server's stderr goes to `log` (a binary file the caller reads) or a file of its own."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, **(extra_env or {})}
    own_log = log is None
    log = tempfile.TemporaryFile() if own_log else log
    flask_cli(env, "db", "upgrade")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "service/gunicorn_conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "service:create_app()"],
        # A file, not a pipe: a full pipe would block the server's log writes.
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("gunicorn did not start: " + log.read().decode()[-2000:])
            time.sleep(0.1)
        yield base, env
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if own_log:
            log.close()
