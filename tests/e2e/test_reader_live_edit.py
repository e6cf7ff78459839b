"""A chapter edited while the page is open shows on the next click (a graph-fragment rerun, which re-checks
the content through the file watcher instead of a stat of every file)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURE
from tests.e2e.helpers import MAIN, follow_link, open_app, wait_title
from tests.e2e.server import Server


@pytest.fixture
def live_server(tmp_path: Path, results_dir: Path) -> Iterator[tuple[Server, Path]]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    s = Server(content, results_dir / "server-live-edit.log")
    yield s, content
    s.stop()


def test_an_edit_shows_on_the_next_click_without_a_reload(page: Any, live_server: tuple[Server, Path]) -> None:
    server, content = live_server
    open_app(page, f"{server.url}/?chapter=caching-strategies")
    wait_title(page, "Caching Strategies")
    redis = content / "chapters" / "redis-architecture.md"
    redis.write_text(redis.read_text(encoding="utf-8").replace(
        'title: "Redis: In-Memory Database and Architecture"', 'title: "Redis, Edited While Open"')
        + "\nA sentence added while the page was open.\n", encoding="utf-8")
    # The link was drawn before the edit, so it still carries the old title; the click loads the new text.
    shown = follow_link(page, "Redis: In-Memory Database and Architecture", "Redis, Edited While Open")
    assert shown is page  # the graph's JS took the click: a fragment rerun, not a new page
    reader = page.locator(f"{MAIN} .st-key-reader")
    reader.get_by_text("A sentence added while the page was open.").wait_for()
