"""A fresh server: the first visitor keeps their view; no traceback ever reaches a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.conftest import FIXTURE
from tests.e2e.helpers import open_app, wait_title
from tests.e2e.server import Server


def query(page: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_first_visitor_of_a_fresh_server_keeps_filters_when_switching_hide(page: Any, results_dir: Path) -> None:
    fresh = Server(FIXTURE, results_dir / "server-fresh-filters.log")
    try:
        open_app(page, f"{fresh.url}/?chapter=caching-strategies&theme=databases&difficulty=medium")
        wait_title(page, "Caching Strategies")
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("Showing 2 of 12 chapters").wait_for()
        toggle = sidebar.get_by_role("switch", name="Hide non-matching chapters")
        sidebar.get_by_text("Hide non-matching chapters").click()
        page.wait_for_function("() => new URLSearchParams(location.search).get('mode') === 'hide'")
        # the two matching chapters, plus the open one drawn as outside the filters
        page.wait_for_function("() => window.topicGraph.visibleNodes().length === 3")
        assert page.evaluate("() => window.topicGraph.outsideNodes()") == ["caching-strategies"]
        assert toggle.is_checked()
        assert sidebar.get_by_text("Showing 2 of 12 chapters").is_visible()
        assert query(page) == {"chapter": "caching-strategies", "theme": "databases", "difficulty": "medium",
                               "mode": "hide"}
        boxes = sidebar.locator('[data-testid="stMultiSelect"]')
        assert "Databases" in boxes.nth(0).inner_text() and "Medium" in boxes.nth(1).inner_text()
    finally:
        fresh.stop()


LEAKS = ("Traceback", "RuntimeError", "secret", "/srv/private", "site-packages", 'File "', ".py")


def test_errors_never_show_a_traceback_and_are_logged(page: Any, results_dir: Path) -> None:
    log = results_dir / "server-crash.log"
    crash = Server(FIXTURE, log, script="tests/fixtures/bad/crash_app.py")
    try:
        page.goto(crash.url)
        page.get_by_text("Something went wrong while showing this page.").wait_for()
        text = page.locator("body").inner_text()
        assert not [leak for leak in LEAKS if leak in text], text
        page.goto(f"{crash.url}/?mode=uncaught")
        page.locator('[data-testid="stException"], [data-testid="stAlert"]').first.wait_for()
        text = page.locator("body").inner_text()
        assert not [leak for leak in LEAKS if leak in text], text
    finally:
        crash.stop()
    logged = log.read_text()
    assert "error on page 'Broken' at / (content " in logged and "secret detail at /srv/private/app.py line 7" in logged
    assert "Traceback" in logged  # the details are on the server, where they belong


def test_content_that_used_to_crash_the_app_shows_problems_not_tracebacks(page: Any, tmp_path: Path,
                                                                          results_dir: Path) -> None:
    import shutil

    from tests.conftest import VALID_FRONT, chapter_text

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    chapters = content / "chapters"
    (chapters / "feb-30.md").write_text(chapter_text(VALID_FRONT.replace("2026-03-01T10:00:00", "2026-02-30")))
    (chapters / "month-13.md").write_text(chapter_text(VALID_FRONT.replace("2026-03-01T10:00:00",
                                                                           "2026-13-01T10:00:00")))
    (chapters / "alias.md").write_text(chapter_text(VALID_FRONT + "order: &a [*a]\n"))
    (chapters / "nested.md").write_text(chapter_text(VALID_FRONT + "order: " + "[" * 5000 + "]" * 5000 + "\n"))
    (chapters / "bytes.md").write_bytes(chapter_text().encode() + b"\xff\xfe\n")
    fresh = Server(content, results_dir / "server-crash-content.log")
    try:
        open_app(page, f"{fresh.url}/?chapter=redis-architecture")
        wait_title(page, "Redis: In-Memory Database and Architecture")
        page.get_by_text("5 problems in the content").wait_for()
        text = page.locator("body").inner_text()
        assert "Traceback" not in text and "site-packages" not in text and "Error:" not in text
    finally:
        fresh.stop()
    assert "Traceback" not in (results_dir / "server-crash-content.log").read_text()
