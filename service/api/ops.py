"""Operations and humans: health, readiness, the spec and its docs."""

from ..db import database
from ..http.blueprint import ApiBlueprint
from ..http.metrics import metrics_response

blp = ApiBlueprint("ops", __name__, description="Health and readiness probes")


@blp.get("/healthz")
@blp.response(200)
def healthz():
    """The process is up (touches no database)"""
    return {"status": "ok"}


@blp.get("/readyz")
@blp.response(200)
@blp.alt_response(503, description="The database does not answer")
def readyz():
    """The service can reach its database"""
    database.execute_sql("SELECT 1")
    return {"status": "ready"}


@blp.get("/metrics")
@blp.response(200)
def metrics():
    """Prometheus metrics of every worker (text exposition format)"""
    return metrics_response()
