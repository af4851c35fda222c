"""gunicorn settings for the service, from the environment (`gunicorn -c service/gunicorn_conf.py`).

Used by `make run`, the Docker image and the end-to-end tests alike, so the
service is measured and tested as it is deployed. gthread workers: requests
mostly wait on the database, so threads overlap that wait cheaply.
"""
import json
import os
import shutil
import tempfile

from gunicorn.http.errors import LimitRequestLine
from gunicorn.util import write_nonblock
from gunicorn.workers.gthread import ThreadWorker


class ProblemThreadWorker(ThreadWorker):
    """gthread, but a request line over `limit_request_line` is a problem+json 414.

    gunicorn refuses that line before the service sees it, with an HTML page of
    its own; this gives the client the same shape as every other error.
    """

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        body = json.dumps({"type": "about:blank", "title": "URI Too Long", "status": 414,
                           "detail": f"The request line is longer than {self.cfg.limit_request_line} bytes."})
        head = ("HTTP/1.1 414 URI Too Long\r\nConnection: close\r\n"
                "Content-Type: application/problem+json; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nX-Content-Type-Options: nosniff\r\n\r\n")
        try:
            write_nonblock(client, (head + body).encode("ascii"))
        except OSError:
            self.log.debug("Failed to send error message.")


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = ProblemThreadWorker
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# The longest request line (method, URL with its query string, version) in
# bytes. 8190 is the most gunicorn takes as a bound: it silently lowers any
# larger number to 8190, and only 0 lifts the bound, which is unsafe in front
# of clients (gunicorn's Python parser copies the whole line again on every
# read: a 16 MB line held a worker ~45 s of CPU). A longer line is a 414
# from ProblemThreadWorker, before the service sees it (README, Known limits).
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", 8190))
if not 0 <= limit_request_line <= 8190:
    raise ValueError(f"GUNICORN_LIMIT_REQUEST_LINE={limit_request_line}: gunicorn takes 0 (no bound) to 8190")
# The app logs each request as a JSON line (service.http.requestlog); a
# second, plain access log from gunicorn would only repeat it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# gunicorn's control socket (for `gunicornc`) defaults to one path per user,
# so every gunicorn on a host (tests, the benchmark's servers, two instances)
# would take it from the others. Off unless a path is given.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
# One process-wide directory for the workers' metric files (prometheus_client's
# multiprocess mode); made empty at start, so counters begin at zero.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(),
                                                               f"statements-metrics-{os.getpid()}"))


def on_starting(server):
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess
    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
