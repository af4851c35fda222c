"""The ceiling: a bare Flask JSON endpoint under the service's gunicorn settings.

No database, no validation, no schema: what a request costs this machine
before the service does anything. `bench/run.py` serves it exactly as the
service is served (gthread, the same workers and threads, the access log)
and reports each workload's rate as a fraction of this one.

    gunicorn --worker-class gthread --workers 3 --threads 4 bench.ceiling:app
"""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def bare():
    """A small JSON object, built and encoded by Flask as the service's are."""
    return {"status": "ok", "id": 1}
