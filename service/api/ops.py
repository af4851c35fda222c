"""Operations and humans: health, readiness, the spec and its docs."""
from flask import current_app

from .. import config
from ..db import database
from ..http.auth import require_scope
from ..http.blueprint import ApiBlueprint
from ..http.metrics import metrics_response

blp = ApiBlueprint("ops", __name__, description="Health and readiness probes")


@blp.get("/healthz", operation_id="getLiveness")
@blp.response(200)
def healthz():
    """The process is up (touches no database)

    For a liveness probe: 200 while the worker answers, whatever the database's state.
    """
    return {"status": "ok"}


@blp.get("/readyz", operation_id="getReadiness")
@blp.response(200)
@blp.alt_response(503, description="The database does not answer")
def readyz():
    """The service can reach its database

    For a readiness probe: 200 when a query succeeds, 503 when it does not.
    """
    database.execute_sql("SELECT 1")
    return {"status": "ready"}


@blp.get("/metrics", operation_id="getMetrics")
@blp.response(200)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.doc(security=[{}, {"bearerAuth": ["admin"]}])
def metrics():
    """Prometheus metrics of every worker (text exposition format)

    Open unless the operator sets METRICS_SCOPE, which is `admin` when
    REQUIRE_AUTH_FOR_READS=1: then it needs a key with that scope.
    """
    scope = config.metrics_scope(current_app.config)
    if scope != "none":
        require_scope(scope)
    return metrics_response()
