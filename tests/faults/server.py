"""A gunicorn that a test can crash: its own process group, known pids, a port kept across restarts.

It runs with service/gunicorn_conf.py, as `make run` and the Docker image do.
"""
import os
import signal
import subprocess
import time
from pathlib import Path

import requests

from tests.e2e.server import BIN, ROOT, flask_cli, free_port


class Gunicorn:
    def __init__(self, database_url, workers=2, threads=4, log=None, extra_env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.threads = threads
        self.env = {**os.environ, "DATABASE_URL": database_url, "RATE_LIMIT": "100000/minute",
                    **(extra_env or {})}
        self.log = Path(log) if log else None
        self.process = None
        flask_cli(self.env, "db", "upgrade")

    def key(self, name, scope="write"):
        secret = flask_cli(self.env, "keys", "create", name, "--scope", scope).strip().splitlines()[-1]
        return {"Authorization": f"Bearer {secret}"}

    def start(self, deadline=30):
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL
        # A session (and process group) of its own: the test can kill it
        # whole, and never the test runner with it.
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "service/gunicorn_conf.py", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--threads", str(self.threads),
             "service:create_app()"],
            cwd=ROOT, env=self.env, stdout=output, stderr=output, start_new_session=True)
        if output is not subprocess.DEVNULL:
            output.close()
        self.wait_ready(deadline)
        return self

    def wait_ready(self, deadline=30):
        until = time.monotonic() + deadline
        while time.monotonic() < until:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if requests.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not become ready")

    def worker_pids(self):
        """The master's children, read from /proc (no ps needed)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def wait_for_workers(self, count, deadline=20, besides=()):
        until = time.monotonic() + deadline
        while time.monotonic() < until:
            pids = [pid for pid in self.worker_pids() if pid not in besides]
            if len(pids) >= count:
                return pids
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn has {self.worker_pids()} workers, not {count}")

    def kill_worker(self):
        victim = self.wait_for_workers(self.workers)[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def crash(self):
        """kill -9 the master, then whatever of its group is left (its orphaned workers)."""
        workers = self.worker_pids()
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._kill_group()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            self._kill_group()
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._kill_group()

    def _kill_group(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
