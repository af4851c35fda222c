"""The dashboard page and its assets, as the service serves them.

The page itself is driven in a real browser by tests/e2e/test_dashboard_browser.py;
these check what can be checked without one: it is served, right-to-left,
offline, and the asset route serves its known files and nothing else.
"""
import re

import pytest

ASSETS = ("/dashboard/dashboard.js", "/dashboard/dashboard.css")
# XML namespace names look like addresses but are never fetched.
NAMESPACES = ("http://www.w3.org/2000/svg",)


def page_html(client):
    response = client.get("/dashboard")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_dashboard_page_is_arabic_and_right_to_left(client):
    html = page_html(client)
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert '<meta charset="utf-8">' in html
    assert "مكتب التصريحات" in html


def test_every_filter_has_a_label(client):
    html = page_html(client)
    for control in ("q", "speaker", "country", "topic", "from", "to"):
        assert f'<label for="{control}">' in html, control
        assert f'id="{control}" name="{control}"' in html, control


def test_page_links_only_its_own_assets(client):
    linked = re.findall(r'(?:src|href)="([^"]+)"', page_html(client))
    assert sorted(link for link in linked if link.startswith("/dashboard/")) == sorted(ASSETS)
    # Besides its assets: /docs, and an empty inline icon (so no request for /favicon.ico).
    assert set(linked) - set(ASSETS) == {"/docs", "data:,"}, linked


@pytest.mark.parametrize("asset, mimetype", [
    ("/dashboard/dashboard.js", "text/javascript"),
    ("/dashboard/dashboard.css", "text/css"),
])
def test_assets_are_served(client, asset, mimetype):
    response = client.get(asset)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert len(response.data) > 1000


def test_nothing_is_fetched_from_another_host(client):
    """No CDN, no web fonts: the dashboard works on a machine with no network."""
    for path in ("/dashboard", *ASSETS):
        text = client.get(path).get_data(as_text=True)
        for namespace in NAMESPACES:
            text = text.replace(namespace, "")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE), path
        assert "@import" not in text and "@font-face" not in text, path


def test_the_script_calls_only_documented_endpoints(client):
    """A reference client: every API path it reads is in the OpenAPI document."""
    script = client.get("/dashboard/dashboard.js").get_data(as_text=True)
    assert 'const API = "/api/v1";' in script
    called = set(re.findall(r'(?:getJSON|getAll)\(`?"?(/[^"`,)]*)', script))
    assert called == {"/statements", "/search", "/stats/statements", "/participants", "/countries", "/topics",
                      "/participants/${id}", "/participants/${id}/counterparts", "/events",
                      "/participants/${id}/events", "/participants/${id}/duplicates"}
    documented = client.get("/openapi.json").get_json()["paths"]
    for path in called:
        assert "get" in documented["/api/v1" + path.replace("${id}", "{participant_id}")], path


@pytest.mark.parametrize("asset", ["index.html", "dashboard.py", "..%2Fdashboard.py", "missing.js"])
def test_unknown_asset_is_a_problem_404(client, asset):
    response = client.get(f"/dashboard/{asset}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_dashboard_is_in_the_spec(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    assert "get" in paths["/dashboard"]
    assert "get" in paths["/dashboard/{asset}"]
