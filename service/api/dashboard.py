"""The newsroom dashboard: /dashboard and its three static files.

A plain HTML page with vanilla JS and an inline SVG chart, no build step
and nothing fetched from another host, so it works offline. It reads only
the public API (/api/v1/statements, /stats/statements, /search,
/participants…, a profile's likely duplicates with the command that merges each),
which makes it a reference client as well as a page.
"""
from pathlib import Path

from flask import send_from_directory

from ..http.blueprint import ApiBlueprint, asset_parameter
from ..http.errors import ApiError

blp = ApiBlueprint("dashboard", __name__, description="The newsroom dashboard (static HTML, reads the public API)")

DASHBOARD_DIR = Path(__file__).resolve().parent.parent / "static" / "dashboard"
# Only these names are served: the directory's contents are not an API.
ASSETS = {"dashboard.js", "dashboard.css"}


@blp.get("/dashboard", operation_id="getDashboardPage")
@blp.response(200)
def dashboard():
    """The newsroom dashboard: statement feed, filters, monthly chart, participant profiles

    An HTML page reading the public API only: the feed newest first, the network of who met whom.
    """
    return send_from_directory(DASHBOARD_DIR, "index.html", max_age=0)


@blp.get("/dashboard/<string:asset>", parameters=[asset_parameter(ASSETS)], operation_id="getDashboardAsset")
@blp.response(200)
@blp.alt_response(404, response="NOT_FOUND")
def dashboard_asset(asset):
    """A static asset of the dashboard page (its script or stylesheet)

    Served from service/static/dashboard/, nothing from another host.
    """
    if asset not in ASSETS:
        raise ApiError(404, f"No dashboard asset {asset!r}.")
    # Revalidated on every load (ETag / Last-Modified), so an upgrade is seen at once.
    return send_from_directory(DASHBOARD_DIR, asset, max_age=0)
