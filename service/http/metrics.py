"""Prometheus metrics at /metrics: requests, latency, database time, pool use.

gunicorn runs several worker processes; a scrape reaches one of them, so
each worker writes its samples to files in PROMETHEUS_MULTIPROC_DIR and
/metrics aggregates all of them (prometheus_client's multiprocess mode;
the gunicorn config marks dead workers). Without that variable (tests, the
Flask dev server) the registry is the process's own.

Routes are labelled by their rule (`/api/v1/statements/<int:statement_id>`),
never by the raw path, so the label set stays small.
"""
import os
import time

from flask import Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from .. import db

REQUESTS = Counter("http_requests_total", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram("http_request_duration_seconds", "Time to answer a request", ["method", "route"],
                    buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
DB_TIME = Histogram("db_query_duration_seconds", "Time spent in database queries", ["engine"],
                    buckets=(.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5, 1, 5))
POOL_IN_USE = Gauge("db_pool_connections_in_use", "Pooled database connections checked out",
                    multiprocess_mode="livesum")
POOL_IDLE = Gauge("db_pool_connections_idle", "Pooled database connections waiting in the pool",
                  multiprocess_mode="livesum")


def observe_query(engine, seconds):
    DB_TIME.labels(engine).observe(seconds)


def registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        aggregated = CollectorRegistry()
        multiprocess.MultiProcessCollector(aggregated)
        return aggregated
    from prometheus_client import REGISTRY
    return REGISTRY


def sample_pool(database):
    pool = getattr(database, "_in_use", None)
    if pool is not None:
        POOL_IN_USE.set(len(database._in_use))
        POOL_IDLE.set(len(getattr(database, "_connections", ())))


def metrics_response():
    return Response(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)


def init_app(app):
    db.time_queries_with(observe_query)

    @app.before_request
    def start_clock():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def count(response):
        started = getattr(g, "metrics_started", None)
        if started is None:
            return response
        route = request.url_rule.rule if request.url_rule else "<unmatched>"
        LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        sample_pool(app.extensions["database"])
        return response
