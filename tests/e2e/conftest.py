"""Browser tests: a real `streamlit run` server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUNDLED, FIXTURE, ROOT

pytestmark = pytest.mark.e2e
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium's own background traffic (updates, sync, safe browsing) is switched off, so
# every request we see comes from the page.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, data: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        env = {**os.environ, "TOPICGRAPH_DATA": str(data)}
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


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
