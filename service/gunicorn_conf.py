"""gunicorn settings for the service, from the environment (`gunicorn -c service/gunicorn_conf.py`).

Used by `make run`, the Docker image and the end-to-end tests alike, so the
service is measured and tested as it is deployed. gthread workers: requests
mostly wait on the database, so threads overlap that wait cheaply.
"""
import os
import shutil
import tempfile

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# The app logs each request as a JSON line (service.http.requestlog); a
# second, plain access log from gunicorn would only repeat it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
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
