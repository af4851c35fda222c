"""The dashboard as a reader uses it: headless Chromium on real gunicorn with the seed dataset.

Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)
drive the page through selenium; nothing is downloaded, and the browser is
kept off the network except for the service on the loopback. The expected
answers are the API's own, asked with requests beside the browser: the page
must show what its endpoints say.
"""
import os
import re
import struct
import zlib
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests

from .server import flask_cli, gunicorn

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("browser test skipped: Debian's chromium and chromium-driver are not installed "
                "(apt-get install chromium chromium-driver; .ci/run installs them)", allow_module_level=True)

from selenium import webdriver  # noqa: E402  (after the skip: only needed with a browser)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

API = "/api/v1"
KHAMENEI = "علي خامنئي"
WAIT = 15  # seconds; a page settles in well under one
POLL = 0.05  # seconds between looks (selenium's default of 0.5 s would be most of the test's time)


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The service's address and the environment of its operator's commands, serving the
    seed dataset (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""
    with ExitStack() as stack:
        server = os.environ.get("TEST_DATABASE_URL")
        if server:
            from tests import pg
            url = stack.enter_context(pg.fresh_database(server))
        else:
            url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'statements.db'}"
        base, env = stack.enter_context(gunicorn(url, workers=1))
        flask_cli(env, "fixtures", "load")
        yield base, env


@pytest.fixture(scope="module")
def site(served_site):
    return served_site[0]


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1280,1000", "--lang=ar"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def api(site, path, **params):
    response = requests.get(f"{site}{API}{path}", params=params, timeout=10)
    response.raise_for_status()
    return response.json()


def open_dashboard(browser, site, query=""):
    browser.get_log("browser")  # drained: what no_script_errors sees is this page's
    browser.get(f"{site}/dashboard{query}")
    settled(browser)


def settled(browser, **address):
    """Wait until the page has answered its latest query (and its address shows `address`)."""
    def done(driver):
        return driver.execute_script(
            "const params = new URLSearchParams(location.search);"
            "return document.body.dataset.state === 'ready'"
            " && Object.entries(arguments[0]).every(([name, value]) => params.get(name) === value);",
            address)
    WebDriverWait(browser, WAIT, poll_frequency=POLL).until(done)


def results(browser):
    return browser.find_elements(By.CSS_SELECTOR, "#feed li.statement")


def bars(browser):
    return {bar.get_attribute("data-month"): int(bar.get_attribute("data-count"))
            for bar in browser.find_elements(By.CSS_SELECTOR, "#chart svg g.bar")}


def no_script_errors(browser):
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_search_shows_the_speaker_on_the_first_result(site, browser, tmp_path):
    open_dashboard(browser, site)
    box = browser.find_element(By.ID, "q")
    box.send_keys("الخامنئي", Keys.ENTER)
    settled(browser, q="الخامنئي")

    found = results(browser)
    assert found, "no results for الخامنئي"
    first = found[0].find_element(By.CSS_SELECTOR, ".speaker")
    assert first.text == KHAMENEI
    expected = api(site, "/statements", q="الخامنئي", count="true")["total"]
    assert len(found) == expected
    assert browser.find_element(By.ID, "feed-count").text == f"({expected})"

    months = api(site, "/stats/statements", q="الخامنئي", group_by="month")["items"]
    assert bars(browser) == {item["key"]: item["count"] for item in months}

    screenshot = tmp_path / "dashboard-search.png"
    assert browser.save_screenshot(str(screenshot))
    viewport = browser.execute_script(
        "return [innerWidth * devicePixelRatio, innerHeight * devicePixelRatio].map(Math.round)")
    width, height, distinct = png_summary(screenshot.read_bytes())
    assert (width, height) == tuple(viewport)
    assert distinct > 100, "the screenshot is blank (one colour, or nearly)"
    assert no_script_errors(browser) == []


def test_the_feed_is_newest_first_by_the_articles_date(site, browser):
    open_dashboard(browser, site)
    shown = [int(item.get_attribute("data-id")) for item in results(browser)]
    newest_first = api(site, "/statements", sort="-published_at", limit=50)["items"]
    assert shown == [statement["id"] for statement in newest_first]
    dates = [time.get_attribute("datetime") for time in
             browser.find_elements(By.CSS_SELECTOR, "#feed li.statement .source time")]
    assert len(dates) > 1 and dates == sorted(dates, reverse=True), dates
    assert no_script_errors(browser) == []


def test_a_phrase_search_highlights_the_match(site, browser):
    open_dashboard(browser, site, "?q=" + requests.utils.quote('"محور المقاومة"'))
    found = results(browser)
    assert len(found) == 1
    assert found[0].find_element(By.CSS_SELECTOR, ".speaker").text == "علي شمخاني"
    marks = [mark.text for mark in found[0].find_elements(By.CSS_SELECTOR, ".text mark")]
    assert marks[:2] == ["محور", "المقاومة"]


def test_a_query_the_api_refuses_is_explained_not_hidden(site, browser):
    open_dashboard(browser, site, "?q=-")
    problem = requests.get(f"{site}{API}/statements", params={"q": "-"}, timeout=10).json()
    status = browser.find_element(By.ID, "status")
    assert problem["detail"] in status.text and "error" in status.get_attribute("class")
    assert results(browser) == []


def test_filters_narrow_the_feed_and_the_chart(site, browser):
    open_dashboard(browser, site, "?country=SY&from=2022-01-01&to=2022-12-31")
    assert Select(browser.find_element(By.ID, "country")).first_selected_option.text == "سورية"
    expected = api(site, "/statements", country="SY", **{"from": "2022-01-01", "to": "2022-12-31"},
                   count="true")
    assert len(results(browser)) == expected["total"] > 0
    assert set(bars(browser)) == {"2022-05"}

    topic = next(t for t in api(site, "/topics", limit=500)["items"] if t["slug"] == "terrorism")
    Select(browser.find_element(By.ID, "topic")).select_by_value(str(topic["id"]))
    settled(browser, country="SY", topic=str(topic["id"]))
    narrowed = api(site, "/statements", country="SY", topic=topic["id"],
                   **{"from": "2022-01-01", "to": "2022-12-31"}, count="true")["total"]
    assert len(results(browser)) == narrowed < expected["total"]
    for item in results(browser):
        assert topic["name_ar"] in item.find_element(By.CSS_SELECTOR, ".topics").text


def test_a_month_bar_limits_the_feed_to_its_month(site, browser):
    open_dashboard(browser, site)
    assert set(bars(browser)) == {"2017-01", "2020-01", "2022-05", "2024-11"}
    browser.find_element(By.CSS_SELECTOR, '#chart g.bar[data-month="2017-01"]').click()
    settled(browser, **{"from": "2017-01-01", "to": "2017-01-31"})
    assert bars(browser) == {"2017-01": 13}
    assert len(results(browser)) == 13


def test_a_speakers_profile_shows_roles_and_counterparts(site, browser):
    open_dashboard(browser, site, "?q=" + requests.utils.quote("الخامنئي"))
    results(browser)[0].find_element(By.CSS_SELECTOR, ".speaker").click()
    profile = browser.find_element(By.ID, "profile")
    WebDriverWait(browser, WAIT, poll_frequency=POLL).until(
        lambda driver: profile.get_attribute("data-state") == "ready"
        and driver.find_element(By.ID, "profile-title").text == KHAMENEI)
    roles = profile.find_element(By.ID, "profile-roles").text
    assert "قائد الثورة الإسلامية" in roles

    counterparts = profile.find_element(By.ID, "profile-counterparts").text
    khamenei = next(p for p in api(site, "/participants", q="خامنئي")["items"])
    answer = requests.get(f"{site}{API}/participants/{khamenei['id']}/counterparts", timeout=10)
    if answer.status_code == 200:
        assert "بشار الأسد" in counterparts
    else:  # a server without /counterparts yet: the profile says so, and nothing breaks
        assert counterparts == "—"
    assert "participant=" in browser.current_url

    profile.find_element(By.ID, "profile-filter").click()
    settled(browser, speaker=str(khamenei["id"]))
    speakers = {item.find_element(By.CSS_SELECTOR, ".speaker").text for item in results(browser)}
    assert speakers == {KHAMENEI}


# --- who met whom, and when ---------------------------------------------------------

ARABIC = re.compile("[\u0600-\u06ff]")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"  # kept for a person to look at


def network_ready(browser):
    WebDriverWait(browser, WAIT, poll_frequency=POLL).until(
        lambda driver: driver.find_element(By.ID, "network").get_attribute("data-state") == "ready")


def drawn_graph(browser):
    nodes = {int(node.get_attribute("data-id")): node.find_element(By.TAG_NAME, "text").text
             for node in browser.find_elements(By.CSS_SELECTOR, "#network svg g.node")}
    edges = {(int(edge.get_attribute("data-a")), int(edge.get_attribute("data-b"))): int(edge.get_attribute("data-count"))
             for edge in browser.find_elements(By.CSS_SELECTOR, "#network svg line.edge")}
    return nodes, edges


def every(site, path, **params):
    items, cursor = [], None
    while True:
        page = api(site, path, limit=500, **params, **({"cursor": cursor} if cursor else {}))
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def expected_graph(events):
    """Participants of the events with two or more, and each pair that met, with how often."""
    nodes, edges = set(), {}
    for event in events:
        ids = sorted({p["participant_id"] for p in event["participants"]})
        if len(ids) < 2:
            continue
        nodes.update(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                edges[(a, b)] = edges.get((a, b), 0) + 1
    return nodes, edges


def names(site, ids):
    return {key: api(site, f"/participants/{key}")["name_ar"] for key in ids}


def test_the_network_draws_every_seed_meeting_with_arabic_names(site, browser):
    open_dashboard(browser, site)
    network_ready(browser)
    nodes, edges = drawn_graph(browser)
    expected_nodes, expected_edges = expected_graph(every(site, "/events"))
    assert len(expected_edges) >= 5, "the seed dataset has meetings"
    assert set(nodes) == expected_nodes
    assert edges == expected_edges
    assert nodes == names(site, expected_nodes)
    assert all(ARABIC.search(label) for label in nodes.values())
    assert browser.find_element(By.ID, "network-count").text == f"({len(nodes)} مشاركاً، {len(edges)} صلة)"
    # every node is drawn inside the picture
    box = browser.find_element(By.CSS_SELECTOR, "#network svg").rect
    for node in browser.find_elements(By.CSS_SELECTOR, "#network svg g.node circle"):
        centre = node.rect
        assert box["x"] <= centre["x"] and centre["x"] + centre["width"] <= box["x"] + box["width"] + 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("document.getElementById('network').parentElement.scrollIntoView()")
    assert browser.save_screenshot(str(SCREENSHOTS / "dashboard-network.png"))
    assert no_script_errors(browser) == []


def test_the_network_follows_the_page_filters(site, browser):
    dates = {"from": "2022-01-01", "to": "2022-12-31"}
    open_dashboard(browser, site, "?from=2022-01-01&to=2022-12-31")
    network_ready(browser)
    nodes, edges = drawn_graph(browser)
    expected_nodes, expected_edges = expected_graph(every(site, "/events", **dates))
    assert set(nodes) == expected_nodes and edges == expected_edges
    assert 0 < len(edges) < len(expected_graph(every(site, "/events"))[1])

    # A search: the meetings reported by the articles its statements come from.
    open_dashboard(browser, site, "?q=" + requests.utils.quote("الخامنئي"))
    network_ready(browser)
    articles = {s["article_id"] for s in every(site, "/statements", q="الخامنئي", fields="id,article_id")}
    reported = [e for e in every(site, "/events") if set(e["article_ids"]) & articles]
    nodes, edges = drawn_graph(browser)
    assert (set(nodes), edges) == expected_graph(reported)
    assert KHAMENEI in nodes.values()


def test_clicking_a_node_opens_the_profile_with_a_timeline_of_meetings(site, browser):
    open_dashboard(browser, site)
    network_ready(browser)
    khamenei = next(p for p in api(site, "/participants", q="خامنئي")["items"])
    browser.find_element(By.CSS_SELECTOR, f'#network g.node[data-id="{khamenei["id"]}"] circle').click()
    profile = browser.find_element(By.ID, "profile")
    WebDriverWait(browser, WAIT, poll_frequency=POLL).until(
        lambda driver: profile.get_attribute("data-state") == "ready"
        and driver.find_element(By.ID, "profile-title").text == KHAMENEI)
    assert f"participant={khamenei['id']}" in browser.current_url
    chosen = browser.find_elements(By.CSS_SELECTOR, "#network g.node.chosen")
    assert [node.get_attribute("data-id") for node in chosen] == [str(khamenei["id"])]

    meetings = [e for e in every(site, f"/participants/{khamenei['id']}/events") if e["date"]]
    dots = browser.find_elements(By.CSS_SELECTOR, "#profile-timeline svg g.meeting")
    assert sorted(int(dot.get_attribute("data-event-id")) for dot in dots) == sorted(e["id"] for e in meetings)
    assert meetings, "the seed has Khamenei's meetings"
    # oldest on the right, as the page reads
    by_date = sorted(dots, key=lambda dot: dot.get_attribute("data-date"))
    if by_date[0].get_attribute("data-date") != by_date[-1].get_attribute("data-date"):
        assert by_date[0].rect["x"] > by_date[-1].rect["x"]
    browser.execute_script("document.getElementById('profile').scrollIntoView()")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / "dashboard-profile-timeline.png"))
    assert no_script_errors(browser) == []


# --- likely duplicates ----------------------------------------------------------------


def test_a_profile_lists_likely_duplicates_with_the_command_that_merges_each(served_site, browser):
    """"حسن روحانى" (a final ى, as many outlets write it) is added as a new record: Rouhani's
    profile lists it with its reasons and a curl command naming its version and the survivor."""
    site, env = served_site
    key = flask_cli(env, "keys", "create", "dashboard-test", "--scope", "write").strip().splitlines()[-1]
    variant = requests.post(f"{site}{API}/participants", json={"name_ar": "حسن روحانى", "country_code": "IR"},
                            headers={"Authorization": f"Bearer {key}"}, timeout=10)
    assert variant.status_code == 201, variant.text
    variant = variant.json()
    rouhani = next(p for p in api(site, "/participants", q="حسن روحاني")["items"] if p["name_ar"] == "حسن روحاني")
    expected = api(site, f"/participants/{rouhani['id']}/duplicates", limit=5)["items"]
    assert expected and expected[0]["candidate"]["id"] == variant["id"]

    open_dashboard(browser, site, f"?participant={rouhani['id']}")
    profile = browser.find_element(By.ID, "profile")
    WebDriverWait(browser, WAIT, poll_frequency=POLL).until(
        lambda driver: profile.get_attribute("data-state") == "ready"
        and driver.find_element(By.ID, "profile-title").text == "حسن روحاني")
    shown = browser.find_elements(By.CSS_SELECTOR, "#profile-duplicates li.duplicate")
    assert [int(item.get_attribute("data-id")) for item in shown] == [c["candidate"]["id"] for c in expected]
    first = shown[0]
    assert first.find_element(By.CSS_SELECTOR, "button.link").text == "حسن روحانى"
    reasons = [r.text for r in first.find_elements(By.CSS_SELECTOR, ".reasons li")]
    assert reasons == [r["detail"] if r["weight"] > 0 else f"against: {r['detail']}" for r in expected[0]["reasons"]]
    command = first.find_element(By.CSS_SELECTOR, ".merge-command code").text
    tag = requests.head(f"{site}{API}/participants/{variant['id']}", timeout=10).headers["ETag"]
    assert command == (f"curl -X POST '{site}{API}/participants/{variant['id']}/merge' "
                       f'-H "Authorization: Bearer $KEY" -H \'If-Match: {tag}\' '
                       f"-H 'Content-Type: application/json' -d '{{\"survivor_id\": {rouhani['id']}}}'")
    assert key not in browser.page_source  # the page holds no key
    browser.execute_script("document.getElementById('profile-duplicates').scrollIntoView()")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / "dashboard-profile-duplicates.png"))
    assert no_script_errors(browser) == []

    # A record with none says so.
    open_dashboard(browser, site, f"?participant={variant['id'] - 1}")
    WebDriverWait(browser, WAIT, poll_frequency=POLL).until(
        lambda driver: driver.find_element(By.ID, "profile").get_attribute("data-state") == "ready")
    assert browser.find_element(By.ID, "profile-duplicates").text == "—"


# --- /docs -----------------------------------------------------------------------------


def test_the_docs_list_statements_and_search_first_with_arabic_right_to_left(site, browser):
    browser.get(f"{site}/docs")
    WebDriverWait(browser, WAIT, poll_frequency=POLL).until(
        lambda driver: len(driver.find_elements(By.CSS_SELECTOR, ".opblock-tag-section")) > 5)
    tags = [section.find_element(By.CSS_SELECTOR, ".opblock-tag").get_attribute("data-tag")
            for section in browser.find_elements(By.CSS_SELECTOR, ".opblock-tag-section")]
    assert tags[:2] == ["statements", "search"], tags
    statements = browser.find_elements(By.CSS_SELECTOR, ".opblock-tag-section")[0]
    listing = next(block for block in statements.find_elements(By.CSS_SELECTOR, ".opblock-get")
                   if block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").text.strip() == "/api/v1/statements")
    listing.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    WebDriverWait(browser, WAIT, poll_frequency=POLL).until(
        lambda driver: any(ARABIC.search(span.text) for span in
                           driver.find_elements(By.CSS_SELECTOR, ".highlight-code code span")))
    arabic = [span for span in browser.find_elements(By.CSS_SELECTOR, ".highlight-code code span")
              if ARABIC.search(span.text)]
    assert arabic
    for span in arabic[:5]:
        assert span.value_of_css_property("unicode-bidi") == "plaintext", span.text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", arabic[0])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / "docs-statements.png"))


def png_summary(data):
    """(width, height, distinct byte values in the filtered pixel rows) of a PNG.

    Decoding every pixel in pure Python takes seconds; this doesn't need to.
    Whatever filter an encoder picks per row, an image of one colour filters
    to at most 1 + 2 × channels byte values (the colour, the colour less half
    of itself, zero), so more than that proves at least two colours, and a
    rendered page of text and bars gives well over a hundred.
    """
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, compressed = 8, []
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed.append(body)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "an unexpected PNG layout"
    stride = width * (3 if colour == 2 else 4)
    rows = zlib.decompress(b"".join(compressed))
    assert len(rows) == height * (1 + stride), "truncated pixel data"
    pixels = set()
    for y in range(height):
        pixels.update(rows[y * (1 + stride) + 1:(y + 1) * (1 + stride)])
    return width, height, len(pixels)
