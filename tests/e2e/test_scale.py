"""A 5,000-chapter curriculum (generated here with bench/synth.py, never committed).

It opens as a theme overview: one readable bubble per theme and a small first message. A theme opens
when it is clicked or zoomed into, and closes again on Fit. A clicked chapter opens in the reader,
and a shared link opens its chapter in view with its neighbours, on a desktop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from bench.browser import WsBytes
from bench.synth import generate
from components.graph.payload import LOD_BUDGET
from tests.e2e.helpers import browser_page, contrast, save_screenshot, wait_drawn, wait_still, wait_title
from tests.e2e.server import Server
from topicgraph.graph import build_graph
from topicgraph.layout import LAYOUT_FILE
from topicgraph.loader import read_curriculum
from topicgraph.model import Curriculum

SIZE, THEMES = 5000, 25


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "content"
    generate(SIZE, THEMES, seed=7, out=out)
    return out


@pytest.fixture(scope="module")
def content(big: Path) -> tuple[Curriculum, nx.DiGraph]:
    cur = read_curriculum(big)
    assert len(cur.chapters) == SIZE and not cur.problems
    return cur, build_graph(cur)


@pytest.fixture(scope="module")
def big_server(big: Path, results_dir: Path) -> Iterator[Server]:
    s = Server(big, results_dir / "server-scale.log")
    yield s
    s.stop()


def bubble(page: Any, theme: str) -> dict[str, Any]:
    found = [c for c in page.evaluate("() => window.topicGraph.clusters()") if c["slug"] == theme]
    assert found, f"no bubble for {theme}"
    return dict(found[0])


def open_themes(page: Any) -> list[str]:
    return list(page.evaluate("() => window.topicGraph.openThemes()"))


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


@pytest.mark.timeout(400)
def test_a_5000_chapter_curriculum_opens_as_a_theme_overview_and_a_clicked_chapter_opens(
        page: Any, big: Path, big_server: Server, content: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = content
    slug = max(g, key=lambda n: (g.degree(n), n))  # the best-linked chapter
    theme = cur.chapter_map[slug].theme
    frames = WsBytes(page)

    page.goto(big_server.url)  # no layout.json yet: the server lays out 5,000 chapters from scratch
    page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null", timeout=180_000)
    wait_drawn(page)  # and the rest of the page, which comes once the graph is drawn
    wait_still(page)
    assert (big / LAYOUT_FILE).is_file()  # and stored it for the next server
    assert frames.largest < 300_000, f"first messages too big: {frames.largest:,} bytes"

    # The overview: every theme a bubble on screen, sized by its chapters, and named where it is.
    bubbles = page.evaluate("() => window.topicGraph.clusters()")
    assert len(bubbles) == THEMES and all(b["onScreen"] for b in bubbles)
    assert sum(b["count"] for b in bubbles) == SIZE
    assert page.evaluate("() => window.topicGraph.visibleNodes()") == []  # no chapter dot drawn yet
    labels = page.evaluate("() => window.topicGraph.themeLabels()")
    box = page.evaluate("() => window.topicGraph.canvasBox()")
    assert {lab["slug"] for lab in labels} == {t.slug for t in cur.themes}
    for lab in labels:
        assert box["x"] <= lab["x"] and lab["x"] + lab["w"] <= box["x"] + box["w"] + 1
        assert box["y"] <= lab["y"] and lab["y"] + lab["h"] <= box["y"] + box["h"] + 1
    assert not any(overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1:])
    save_screenshot(page, "overview-5000.png")

    # Click the chapter's theme: the camera moves onto it and its chapters are drawn, within the budget.
    b = bubble(page, theme)
    page.mouse.click(b["x"], b["y"])
    page.wait_for_function("(t) => window.topicGraph.openThemes().includes(t)", arg=theme, timeout=30_000)
    wait_still(page)
    shown = set(page.evaluate("() => window.topicGraph.visibleNodes()"))
    assert {c.slug for c in cur.chapters if c.theme == theme} <= shown
    assert len(shown) <= LOD_BUDGET + 1
    if page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug) is None:
        # the theme is framed with its names' room; a chapter at its rim can sit just outside: pan to it,
        # as a reader drags
        page.evaluate("(s) => window.topicGraph.focus(s)", slug)
        page.wait_for_function("(s) => window.topicGraph.nodePosition(s) !== null", arg=slug)
        wait_still(page)

    # Zoom in on the chapter the way a reader would (wheel over it), then click it.
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    page.mouse.move(pos["x"], pos["y"])
    for _ in range(4):
        page.mouse.wheel(0, -240)
        page.wait_for_timeout(80)
    page.wait_for_function("(s) => window.topicGraph.nodePosition(s) !== null", arg=slug)
    page.wait_for_timeout(300)  # let the wheel's last frame settle before reading the position
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    page.mouse.click(pos["x"], pos["y"])

    page.wait_for_function("(s) => new URL(location).searchParams.get('chapter') === s", arg=slug, timeout=60_000)
    wait_title(page, cur.chapter_map[slug].title)
    assert page.evaluate("() => window.topicGraph.selected()") == slug
    # Its neighbours are drawn even where their themes are closed, so every link of it shows.
    drawn = set(page.evaluate("() => window.topicGraph.visibleNodes()"))
    assert set(nx.all_neighbors(g, slug)) <= drawn


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("viewport", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_a_shared_link_opens_its_chapter_readable_among_its_neighbours(
        browser: Any, big_server: Server, content: tuple[Curriculum, nx.DiGraph], viewport: str, scheme: str) -> None:
    cur, g = content
    # A well-linked chapter in a theme other than the first test's.
    slug = sorted(g, key=lambda n: (-g.degree(n), n))[40]
    chapter = cur.chapter_map[slug]
    with browser_page(browser, viewport, scheme) as page:
        page.goto(f"{big_server.url}/?chapter={slug}")
        page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null", timeout=180_000)
        wait_title(page, chapter.title)
        wait_still(page)
        assert page.evaluate("() => window.topicGraph.selected()") == slug
        assert chapter.theme in open_themes(page)
        assert page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug) is not None, "not in view"
        assert page.evaluate("(s) => window.topicGraph.labelSize(s)", slug) >= 10, "label not readable"
        drawn = set(page.evaluate("() => window.topicGraph.visibleNodes()"))
        assert set(nx.all_neighbors(g, slug)) <= drawn
        assert page.evaluate("() => window.topicGraph.palette().dark") == (scheme == "dark")
        # The closed themes around it are named readably on the page's own background.
        labels = page.evaluate("() => window.topicGraph.themeLabels()")
        assert labels and all(contrast(lab["color"], lab["background"]) >= 4.5 for lab in labels)


@pytest.mark.timeout(300)
def test_zooming_into_a_bubble_opens_its_theme_and_fit_closes_it(
        browser: Any, big_server: Server, content: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, _g = content
    with browser_page(browser, "projector") as page:
        page.goto(big_server.url)
        wait_drawn(page)
        wait_still(page)
        target = max(page.evaluate("() => window.topicGraph.clusters()"), key=lambda c: c["count"])
        page.mouse.move(target["x"], target["y"])
        for _ in range(16):  # a wheel notch zooms 10%
            if target["slug"] in open_themes(page):
                break
            page.mouse.wheel(0, -200)
            page.wait_for_timeout(250)
        page.wait_for_function("(t) => window.topicGraph.openThemes().includes(t)", arg=target["slug"])
        wait_still(page)
        own = {c.slug for c in cur.chapters if c.theme == target["slug"]}
        assert own <= set(page.evaluate("() => window.topicGraph.visibleNodes()"))
        on_screen = [s for s in own if page.evaluate("(s) => window.topicGraph.nodePosition(s)", s)]
        assert len(on_screen) > len(own) / 4  # the reader sees that theme's chapters, not a blank
        page.locator('[data-testid="topic-graph"] button', has_text="Fit").first.click()
        page.wait_for_function("() => window.topicGraph.openThemes().length === 0", timeout=20_000)
        assert page.evaluate("() => window.topicGraph.visibleNodes()") == []
        assert len(page.evaluate("() => window.topicGraph.clusters()")) == THEMES
