"""Progress in a real browser: enable tracking in Settings, mark a chapter done in the reader, the status reaches
the graph and the theme bar moves, a reload keeps it; import/export in Settings; two app replicas sharing one
PostgreSQL database."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import FIXTURE
from tests.e2e.helpers import click_node, open_app, visible, wait_drawn, wait_still
from tests.e2e.server import Server
from tests.postgres import PostgresServer, pg_server  # noqa: F401  (session fixture)
from topicgraph import progress as p
from topicgraph.loader import read_curriculum

pytestmark = pytest.mark.e2e
TITLES = {c.slug: c.title for c in read_curriculum(FIXTURE).chapters}
REDIS = "redis-architecture"
SIDEBAR = '[data-testid="stSidebar"]'

# The reading status the graph draws a mark for, from the documented hook (null: no mark, or not drawn).
STATUS_OF = """(slug) => {
  const g = window.topicGraph;
  if (!g || !g.ready || g.drawnAt() === null) return undefined;
  return g.statusMarks()[slug] || null;
}"""
# After this, the browser has painted a frame with the marks as they are now.
PAINTED = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


def create_profiles(db: str, *names: str) -> None:
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    for name in names:
        store.create_profile(name)
    store.close()


@contextmanager
def app_server(db: str, log: Path) -> Iterator[Server]:
    old = os.environ.get("TOPICGRAPH_DB")
    os.environ["TOPICGRAPH_DB"] = db  # Server copies the environment when it starts
    try:
        server = Server(FIXTURE, log)
    finally:
        if old is None:
            os.environ.pop("TOPICGRAPH_DB", None)
        else:
            os.environ["TOPICGRAPH_DB"] = old
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("progress") / "progress.sqlite"
    with app_server(str(db), results_dir / "server-progress.log") as server:
        server.db = str(db)  # type: ignore[attr-defined]
        yield server


def sqlite_db(server: Server) -> str:
    return str(server.db)  # type: ignore[attr-defined]


@pytest.fixture
def slow_page(page: Any) -> Any:
    page.set_default_timeout(60_000)  # two shared cores: be generous, never sleep
    return page


def sidebar_text(page: Any) -> str:
    return str(page.locator(SIDEBAR).inner_text())


def wait_sidebar(page: Any, text: str) -> None:
    page.wait_for_function("([sel, t]) => document.querySelector(sel).innerText.includes(t)", arg=[SIDEBAR, text])


def status_of(page: Any, slug: str) -> str | None:
    return page.evaluate(STATUS_OF, slug)  # type: ignore[no-any-return]


def wait_status(page: Any, slug: str, status: str | None) -> None:
    page.wait_for_function(f"([slug, want]) => ({STATUS_OF})(slug) === want", arg=[slug, status], polling="raf")


# The status control (key p_status_<slug>_<status>); the reader also has the local-graph depth control.
CONTROL = ('[data-testid="stElementContainer"][class*="st-key-p_status_"]:not([data-stale="true"]) '
           '[data-testid="stButtonGroup"]')


def status_button(page: Any, label: str) -> Any:
    """The reader's status option (the current control: a replaced one lingers, stale, during a rerun)."""
    page.wait_for_function("(sel) => document.querySelectorAll(sel).length === 1", arg=CONTROL)
    return page.locator(CONTROL).get_by_role("radio", name=label, exact=True)


def upload(page: Any, path: Path) -> None:
    """Choose a file in the import box (the app imports it on upload)."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))


def open_chapter(page: Any, slug: str) -> None:
    """Click a node and wait until the reader shows that chapter (and its status control)."""
    wait_still(page)  # the graph frames the selection: click where the node is, not where it was
    click_node(page, slug)
    page.wait_for_function(  # the chapter title is the page's H1 (word joiners may guard its punctuation)
        "(t) => { const h = document.querySelector('[data-testid=stMain] h1#chapter');"
        " return !!h && h.innerText.replaceAll('\\u2060', '').trim() === t; }", arg=TITLES[slug])
    status_button(page, "Done").wait_for()


def node_pixels(page: Any, slug: str) -> bytes:
    wait_still(page)
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    return page.screenshot(clip={"x": pos["x"] - 22, "y": pos["y"] - 22, "width": 44, "height": 44})  # type: ignore


def test_enable_tracking_mark_done_graph_and_bar_reload(slow_page: Any, sqlite_app: Server, results_dir: Path) -> None:
    page = slow_page
    page.goto(sqlite_app.url + "/settings")
    page.get_by_text("Track my progress").click()
    page.get_by_role("textbox", name="New profile").fill("Ada <b>L</b>")
    page.get_by_role("button", name="Create and use it").click()
    page.get_by_text("Tracking as Ada <b>L</b> in this tab").wait_for()  # escaped: the tag is shown as text
    assert page.locator('[data-testid="stMain"] b:text("L")').count() == 0
    assert page.get_by_role("textbox", name="Stored in").input_value().endswith("progress.sqlite")

    page.get_by_test_id("stSidebarNavLink").filter(has_text="Graph").click()
    wait_drawn(page)
    assert "profile=Ada" in page.url
    wait_sidebar(page, "Databases: 0 of 3 done · 0%")
    open_chapter(page, REDIS)
    wait_status(page, REDIS, "reading")  # opening it marked it reading (the Settings default)

    timings = []
    for label, status, bar in [("Done", "done", "1 of 3"), ("Skipped", "skipped", "0 of 2"), ("Done", "done", "1 of 3"),
                               ("Reading", "reading", "0 of 3"), ("Done", "done", "1 of 3"), ("Skipped", "skipped", "0 of 2"),
                               ("Done", "done", "1 of 3")]:
        button = status_button(page, label)
        button.wait_for()
        start = time.perf_counter()
        button.click()
        wait_status(page, REDIS, status)
        page.evaluate(PAINTED)
        timings.append((time.perf_counter() - start) * 1000)  # click in the reader → mark drawn on the graph
        wait_sidebar(page, f"Databases: {bar} done")
    median = statistics.median(timings)
    line = (f"status change, click in the reader → mark drawn on the graph: median {median:.0f} ms over {len(timings)} "
            f"(min {min(timings):.0f}, max {max(timings):.0f}; load average {os.getloadavg()[0]:.1f})")
    with (results_dir / "progress-measurements.txt").open("a") as f:
        f.write(line + "\n")
    print(line)
    assert "Overall: 1 of 12 done · 8%" in sidebar_text(page)

    page.reload()
    wait_drawn(page)
    wait_status(page, REDIS, "done")
    wait_sidebar(page, "Databases: 1 of 3 done · 33%")
    status_button(page, "Done").wait_for()
    assert page.locator(CONTROL).get_by_role("radio", checked=True).inner_text() == "Done"

    # The mark: the same view with only the status changed looks different around the node, and back again.
    done = node_pixels(page, REDIS)
    status_button(page, "Not started").click()
    wait_status(page, REDIS, None)
    wait_sidebar(page, "Databases: 0 of 3 done")
    not_started = node_pixels(page, REDIS)
    assert not_started != done, "no status mark drawn around the done chapter"
    status_button(page, "Done").click()
    wait_status(page, REDIS, "done")
    wait_sidebar(page, "Databases: 1 of 3 done")
    assert node_pixels(page, REDIS) == done  # the mark, nothing else, made the difference


def test_hide_done_and_skipped(slow_page: Any, sqlite_app: Server) -> None:
    page = slow_page
    create_profiles(sqlite_db(sqlite_app), "Grace")  # a URL selects a profile, never creates one
    open_app(page, sqlite_app.url + "/?profile=Grace")
    wait_sidebar(page, "Overall: 0 of 12 done")
    marks_legend = page.locator('[data-testid="topic-graph"] .tg-marks')
    assert marks_legend.count() == 0  # no marks drawn: nothing to explain
    for slug, label in [(REDIS, "Done"), ("qdrant-overview", "Skipped")]:
        open_chapter(page, slug)
        status_button(page, label).click()
        wait_status(page, slug, label.lower())
    assert len(visible(page)) == 12
    page.locator(SIDEBAR).get_by_text("Hide done and skipped").click()
    page.wait_for_function("(s) => !window.topicGraph.visibleNodes().includes(s)", arg=REDIS)
    shown = visible(page)
    assert REDIS not in shown and len(shown) == 11  # done: off the graph
    assert "qdrant-overview" in shown  # skipped, but it is the open chapter: it stays
    assert page.evaluate("() => window.topicGraph.statusMarks()") == {"qdrant-overview": "skipped"}
    # marks on the graph: the legend says what each one means, in full, inside the graph's box
    marks_legend.wait_for()
    assert marks_legend.evaluate("(e) => e.scrollWidth <= e.clientWidth + 1 && e.innerText.trim().length > 20")
    box, graph = marks_legend.bounding_box(), page.locator('[data-testid="topic-graph"]').bounding_box()
    assert graph["x"] <= box["x"] and box["x"] + box["width"] <= graph["x"] + graph["width"] + 1, (box, graph)


def test_settings_export_then_import_merges_and_rejects_a_bad_file(slow_page: Any, sqlite_app: Server,
                                                                  tmp_path: Path) -> None:
    page = slow_page
    create_profiles(sqlite_db(sqlite_app), "Linus")
    open_app(page, sqlite_app.url + f"/?profile=Linus&chapter={REDIS}")
    status_button(page, "Done").click()
    wait_sidebar(page, "Databases: 1 of 3 done")
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Settings").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export my progress (JSON)").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["profile"] == "Linus" and [c["status"] for c in exported["chapters"]] == ["done"]

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "topicgraph-progress", "version": 1, "chapters": [{"chapter": "x", "status": "read"}]}')
    upload(page, bad)
    page.get_by_text("Not imported: chapters[0].status: must be one of").wait_for()
    assert "Nothing was changed" in page.locator('[data-testid="stAlert"]').last.inner_text()

    exported["chapters"].append({"chapter": "caching-strategies", "status": "done",
                                 "updated_at": "2026-01-01T00:00:00+00:00"})
    good = tmp_path / "good.json"
    good.write_text(json.dumps(exported))
    upload(page, good)
    page.get_by_text("Imported good.json: 1 added, 0 updated, 1 kept").wait_for()
    wait_sidebar(page, "Overall: 2 of 12 done")


def test_two_replicas_share_one_postgres_database(slow_page: Any, browser: Any, pg_server: PostgresServer,  # noqa: F811
                                                  results_dir: Path) -> None:
    url = pg_server.create_database()
    create_profiles(url, "Team")
    with app_server(url, results_dir / "server-replica-a.log") as a, \
            app_server(url, results_dir / "server-replica-b.log") as b:
        other = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
        other.set_default_timeout(60_000)
        open_app(other, b.url + f"/?profile=Team&chapter={REDIS}")
        wait_status(other, REDIS, "reading")

        open_app(slow_page, a.url + f"/?profile=Team&chapter={REDIS}")
        status_button(slow_page, "Done").click()
        wait_status(slow_page, REDIS, "done")
        wait_sidebar(slow_page, "Databases: 1 of 3 done")

        other.reload()
        wait_drawn(other)
        wait_status(other, REDIS, "done")
        wait_sidebar(other, "Databases: 1 of 3 done · 33%")
        other.context.close()


def test_team_heat_map_is_drawn(slow_page: Any, sqlite_app: Server) -> None:
    page = slow_page
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(sqlite_db(sqlite_app))))
    for slug in ("redis-architecture", "data-storage-overview", "caching-strategies"):
        store.set_status("Heat Map", slug, p.DONE)
    names = store.profiles()
    store.close()
    page.goto(sqlite_app.url + "/team?chapter=caching-strategies")
    chart = page.locator('[data-testid="stVegaLiteChart"]')
    chart.locator("canvas, svg").first.wait_for()
    box = chart.bounding_box()
    assert box["width"] > 600 and box["height"] >= 100 + 30 * len(names)  # a row per profile, none squashed
    page.get_by_text("Who has read a chapter").wait_for()


def test_profile_names_are_plain_text_and_a_url_never_creates_one(slow_page: Any, sqlite_app: Server) -> None:
    """Names that look like a link, Markdown or an icon code show as typed in the sidebar, Settings' list and the
    notices; ``?profile=`` of a missing profile says so and creates nothing (both defects on main)."""
    page = slow_page
    name = "**x** :material/home: https://evil.ex/a"
    create_profiles(sqlite_db(sqlite_app), name)
    open_app(page, sqlite_app.url + "/?profile=" + quote(name))
    wait_sidebar(page, "Tracking as")
    sidebar = page.locator(SIDEBAR)
    assert f"Tracking as {name}" in sidebar.inner_text().replace("\u2060", "")
    assert page.locator('a[href*="evil"]').count() == 0
    assert sidebar.locator('[data-testid="stIconMaterial"]:text("home"), strong:text-is("x")').count() == 0

    page.get_by_test_id("stSidebarNavLink").filter(has_text="Settings").click()
    page.get_by_text("Track my progress").wait_for()
    page.get_by_role("combobox", name="Profile").click()  # the list of profiles: names as typed
    option = page.get_by_role("option", name=name, exact=True)
    option.wait_for()
    assert option.locator("strong, a, [data-testid='stIconMaterial']").count() == 0
    page.keyboard.press("Escape")

    missing = "https://evil.example/Victim"
    open_app(page, sqlite_app.url + f"/?chapter={REDIS}&profile=" + quote(missing))
    wait_sidebar(page, "There is no profile named")
    assert f"There is no profile named “{missing}”" in sidebar.inner_text().replace("\u2060", "")
    assert page.locator('a[href*="evil"]').count() == 0 and "profile=" not in page.url
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(sqlite_db(sqlite_app))))
    try:
        assert missing not in store.profiles() and store.statuses(missing) == {}
    finally:
        store.close()
