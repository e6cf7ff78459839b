"""Browser tests: a real `streamlit run` server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUNDLED, FIXTURE, ROOT
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, Server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def results_dir() -> Path:
    out = ROOT / "test-results"
    out.mkdir(exist_ok=True)
    return out


@pytest.fixture(scope="session")
def server(results_dir: Path) -> Iterator[Server]:
    """The app on the shared fixture curriculum."""
    s = Server(FIXTURE, results_dir / "server-fixture.log")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def bundled_server(results_dir: Path) -> Iterator[Server]:
    """The app on the bundled curriculum, as `make run` serves it."""
    s = Server(BUNDLED, results_dir / "server-bundled.log")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def notes_server(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    """Two curricula side by side: the test vault and the folder without links (read-only, cache apart)."""
    notes = ROOT / "tests" / "fixtures" / "notes"
    data = os.pathsep.join([str(notes / "vault"), str(notes / "nolinks")])
    cache = tmp_path_factory.mktemp("notes-cache")
    s = Server(Path(data), results_dir / "server-notes.log", env={"TOPICGRAPH_CACHE": str(cache)})
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (or apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Requests:
    """Every URL the page asked for (HTTP and WebSocket)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def foreign(self) -> list[str]:
        from urllib.parse import urlsplit

        return [u for u in self.urls if urlsplit(u).hostname not in ("localhost", "127.0.0.1")
                and not u.startswith(("data:", "blob:", "about:"))]


@pytest.fixture
def requests() -> Requests:
    return Requests()


@pytest.fixture
def page(browser: Any, requests: Requests) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, color_scheme="light")
    context.on("request", lambda r: requests.urls.append(r.url))
    pg = context.new_page()
    pg.on("websocket", lambda ws: requests.urls.append(ws.url))
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


@pytest.fixture
def dark_page(browser: Any, requests: Requests) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, color_scheme="dark")
    context.on("request", lambda r: requests.urls.append(r.url))
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
