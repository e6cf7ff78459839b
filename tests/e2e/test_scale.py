"""A 5,000-chapter curriculum (generated here with bench/synth.py, never committed) opens and answers a click."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.synth import generate
from tests.e2e.server import Server
from topicgraph.graph import build_graph
from topicgraph.layout import LAYOUT_FILE
from topicgraph.loader import read_curriculum

SIZE = 5000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "content"
    generate(SIZE, 25, seed=7, out=out)
    return out


@pytest.fixture(scope="module")
def big_server(big: Path, results_dir: Path) -> Iterator[Server]:
    s = Server(big, results_dir / "server-scale.log")
    yield s
    s.stop()


@pytest.mark.timeout(300)
def test_a_5000_chapter_curriculum_draws_and_opens_a_clicked_chapter(page: Any, big: Path, big_server: Server) -> None:
    cur = read_curriculum(big)
    assert len(cur.chapters) == SIZE and not cur.problems
    g = build_graph(cur)
    slug = max(g, key=lambda n: (g.degree(n), n))  # the best-linked chapter: drawn biggest
    title = cur.chapter_map[slug].title

    page.goto(big_server.url)  # no layout.json yet: the server lays out 5,000 chapters from scratch
    page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null", timeout=180_000)
    assert len(page.evaluate("() => window.topicGraph.visibleNodes()")) == SIZE
    assert (big / LAYOUT_FILE).is_file()  # and stored it for the next server

    # Zoom in on the chapter the way a reader would (wheel over it), then click it.
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    assert pos is not None, f"{slug} is not on screen"
    page.mouse.move(pos["x"], pos["y"])
    for _ in range(6):
        page.mouse.wheel(0, -240)
        page.wait_for_timeout(60)
    page.wait_for_function("(s) => window.topicGraph.nodePosition(s) !== null", arg=slug)
    page.wait_for_timeout(300)  # let the wheel's last frame settle before reading the position
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    page.mouse.click(pos["x"], pos["y"])

    page.wait_for_function("(s) => new URL(location).searchParams.get('chapter') === s", arg=slug, timeout=60_000)
    page.wait_for_function(
        """(t) => [...document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] h2')]
                   .some((h) => h.innerText.trim() === t)""", arg=title, timeout=60_000)
    assert page.evaluate("() => window.topicGraph.selected()") == slug
