"""Learning paths in a real browser: start here → theme → chapter, routes, local graph, catalog, reading order."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import BUNDLED, FIXTURE
from tests.e2e.conftest import Server
from tests.e2e.helpers import MAIN, open_app, save_screenshot, visible, wait_drawn, wait_selected, wait_still
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum
from topicgraph.query import neighbourhood
from topicgraph.reading import entry_chapter

FIX = read_curriculum(FIXTURE)


def query(page: Any) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def follow(page: Any, link: Any) -> Any:
    """Click a link as a reader does and return the page that shows its target: a chapter link on the graph
    page is taken over by the graph (same page, new ``?chapter=``), other links (Streamlit's Markdown links
    have ``target=_blank``) open a new tab."""
    before = list(page.context.pages)
    url = page.url
    link.click()
    for _ in range(400):
        new = [p for p in page.context.pages if p not in before]
        if new:
            new[0].set_default_timeout(30_000)
            new[0].wait_for_load_state()
            return new[0]
        if page.url != url:
            return page
        page.wait_for_timeout(100)
    raise AssertionError(f"clicking {link!r} neither opened a tab nor changed {url}")


def h1(page: Any) -> str:
    page.wait_for_selector(f"{MAIN} h1")
    return str(page.locator(f"{MAIN} h1").first.inner_text()).strip()


def test_from_start_here_to_a_theme_page_to_its_first_chapter(page: Any, server: Server) -> None:
    open_app(page, server.url)
    page.wait_for_function(f"() => document.querySelector('{MAIN} h1')?.innerText.trim() === 'Start here'")
    assert page.locator(f"{MAIN} h1").count() == 1
    start = page.locator(MAIN).get_by_role("link", name="ML Engineering", exact=True)
    assert start.is_visible()
    themes = follow(page, start)
    themes.wait_for_function(f"() => document.querySelector('{MAIN} h1')?.innerText.trim() === 'ML Engineering'")
    assert "/themes" in themes.url and query(themes)["theme"] == "ml-engineering"
    first = themes.locator(f"{MAIN} ol li").first.get_by_role("link")
    assert first.inner_text().startswith("ML Engineering: Designing Models")
    reader = follow(themes, first)
    wait_drawn(reader)
    wait_selected(reader, "ml-engineering-overview")
    assert query(reader)["chapter"] == "ml-engineering-overview"
    settle(reader, "ML Engineering: Designing Models, Pipelines, and the Production Loop")  # the reader shows it


def plan_path(page: Any, goal_title: str) -> None:
    panel = page.locator(MAIN)
    expander = panel.get_by_text("Plan a route")
    if not panel.get_by_role("button", name="Show the path").is_visible():
        expander.click()
    box = panel.get_by_role("combobox", name="Goal chapter")
    box.click()
    page.keyboard.type(goal_title)
    page.get_by_role("option", name=goal_title).click()
    panel.get_by_role("button", name="Show the path").click()


def test_path_to_llm_serving_is_listed_numbered_and_restored_after_reload(page: Any, server: Server) -> None:
    open_app(page, server.url)
    plan_path(page, "LLM Serving: Latency, Throughput and Cost")
    page.wait_for_function("() => new URLSearchParams(location.search).get('route') === 'llm-serving-cost'")
    panel = page.locator(".st-key-route-panel")
    panel.get_by_text("Path to LLM Serving: Latency, Throughput and Cost").wait_for()
    items = panel.locator("ol li")
    steps = [items.nth(i).get_by_role("link").first.inner_text() for i in range(items.count())]
    assert steps[-1] == "LLM Serving: Latency, Throughput and Cost" and len(steps) >= 3
    assert steps.index("AI Engineering Overview") < steps.index("Retrieval-Augmented Generation (RAG) Architecture") \
        if "AI Engineering Overview" in steps else True
    page.reload()
    wait_drawn(page)
    page.locator(".st-key-route-panel").get_by_text("Path to LLM Serving").wait_for()
    assert query(page)["route"] == "llm-serving-cost"
    restored = page.locator(".st-key-route-panel ol li")
    assert [restored.nth(i).get_by_role("link").first.inner_text() for i in range(restored.count())] == steps
    # the graph draws the same route: numbered 1..n on its nodes, consecutive steps joined where they link
    slugs = [FIX.chapters[[c.title for c in FIX.chapters].index(t)].slug for t in steps]
    page.wait_for_function("(n) => window.topicGraph.routeNumbers().length === n", arg=len(slugs))
    numbers = page.evaluate("() => window.topicGraph.routeNumbers()")
    assert [(n["slug"], n["n"]) for n in numbers] == [(s, i) for i, s in enumerate(slugs, 1)]
    assert all(n["drawn"] for n in numbers)
    wait_still(page)  # the camera frames the route: every numbered node is on screen
    assert [s for s in slugs if page.evaluate("(s) => window.topicGraph.nodePosition(s)", s) is None] == []
    edges = {frozenset(e) for e in page.evaluate("() => window.topicGraph.routeEdges()")}
    g = build_graph(FIX)
    linked = {frozenset((a, b)) for a, b in pairwise(slugs) if g.has_edge(a, b) or g.has_edge(b, a)}
    assert linked and edges == linked


def test_depth_one_draws_only_the_neighbourhood(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=rag-architecture")
    wait_selected(page, "rag-architecture")
    page.locator(MAIN).get_by_role("radio", name="1 hop", exact=True).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('depth') === '1'")
    expected = sorted(neighbourhood(build_graph(FIX), "rag-architecture", 1))
    assert len(expected) < len(FIX.chapters)
    page.wait_for_function("(n) => window.topicGraph.visibleNodes().length === n", arg=len(expected))
    assert visible(page) == expected
    page.reload()
    wait_drawn(page)
    page.wait_for_function("(n) => window.topicGraph.visibleNodes().length === n", arg=len(expected))


def test_a_catalog_row_opens_its_chapter_on_the_graph_page(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/catalog")
    page.wait_for_function(f"() => document.querySelector('{MAIN} h1')?.innerText.trim() === 'Catalog'")
    page.get_by_placeholder("Titles, summaries and text, e.g. consensus").fill("redis architecture")
    page.keyboard.press("Enter")  # the graph page's search: best match first
    page.wait_for_function(  # the grid draws on a canvas; its accessible cells say which row is first
        "() => (document.querySelector('[data-testid=\"stDataFrame\"] #glide-cell-1-0')?.textContent || '')"
        ".startsWith('Redis')")
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.wait_for()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the row's selection cell, first data row
    wait_drawn(page)
    wait_selected(page, "redis-architecture")
    assert urlsplit(page.url).path == "/" and query(page)["chapter"] == "redis-architecture"


def settle(page: Any, title: str) -> None:
    """Wait until the reader shows *title* (h1 or h2) and the app has finished its run."""
    page.wait_for_function(
        """([main, t]) => [...document.querySelectorAll(main + ' h1, ' + main + ' h2')]
                            .some(h => h.innerText.trim().replace(/\\s+/g, ' ') === t)
                          && !document.querySelector('[data-testid="stStatusWidget"]')""",
        arg=[MAIN, title], timeout=40_000)


def first_next(page: Any) -> Any:
    """The first link under "Where to go next" in the reader (a button or a real anchor)."""
    handle = page.evaluate_handle(
        """(main) => {
            const root = document.querySelector(main);
            const heads = [...root.querySelectorAll('h1,h2,h3,h4')].filter(h => h.innerText.trim() === 'Where to go next');
            if (!heads.length) return null;
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
            walker.currentNode = heads[0];
            while (walker.nextNode()) {
                const el = walker.currentNode;
                if ((el.tagName === 'A' && el.getAttribute('href')?.includes('chapter=')) || el.tagName === 'BUTTON') return el;
            }
            return null;
        }""", MAIN)
    return handle.as_element()


@pytest.mark.parametrize("theme", ["ml-engineering", "system-design-approaches"])  # all 14: test_content.py
def test_first_next_from_a_theme_entry_never_revisits_in_15_steps(page: Any, bundled_server: Server,
                                                                   theme: str) -> None:
    cur = read_curriculum(BUNDLED)
    start = entry_chapter(cur, theme)
    assert start is not None
    open_app(page, f"{bundled_server.url}/?chapter={start.slug}")
    seen = [start.slug]
    for _ in range(15):
        wait_selected(page, seen[-1])
        settle(page, cur.get(seen[-1]).title)
        link = first_next(page)
        assert link is not None, f"no 'Where to go next' link on {seen[-1]}"
        label = link.inner_text()
        page = follow(page, link)
        try:
            page.wait_for_function("(s) => new URLSearchParams(location.search).get('chapter') !== s",
                                   arg=seen[-1], timeout=40_000)
        except PlaywrightTimeout as exc:  # say where the chain stopped
            raise AssertionError(f"clicking {label!r} on {seen[-1]} did not move on; so far {seen}") from exc
        wait_drawn(page)
        seen.append(query(page)["chapter"])
    assert len(set(seen)) == 16, seen
    assert seen[1] == cur.get(start.slug).next[0]


def test_theme_badge_target_and_bridge_cards(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=ai-vs-ml-engineering")
    cards = page.locator('[class*="st-key-theme-card-"]')
    cards.first.wait_for()
    assert cards.count() == 2
    assert re.search("ML Engineering", cards.nth(0).inner_text()) and re.search("AI Engineering",
                                                                                  cards.nth(1).inner_text())
    cards.nth(1).get_by_role("button", name="Open theme").click()
    page.wait_for_function(f"() => document.querySelector('{MAIN} h1')?.innerText.trim() === 'AI Engineering'")
    page.wait_for_function("() => new URLSearchParams(location.search).get('theme') === 'ai-engineering'")
    assert urlsplit(page.url).path == "/themes"



def test_screenshots_of_the_learning_path_pages(page: Any, bundled_server: Server) -> None:
    page.goto(f"{bundled_server.url}/themes?theme=ml-engineering")
    page.wait_for_function(f"() => document.querySelector('{MAIN} h1')?.innerText.trim() === 'ML Engineering'")
    page.get_by_text("Bridges between two themes").wait_for()
    save_screenshot(page, "themes.png")
    page.goto(f"{bundled_server.url}/catalog")
    page.locator('[data-testid="stDataFrame"]').wait_for()
    page.get_by_text("213 of 213 chapters (the sidebar").wait_for()
    save_screenshot(page, "catalog.png")
    open_app(page, f"{bundled_server.url}/?route=consensus-protocols")
    page.locator(".st-key-route-panel").get_by_text("Path to Consensus").wait_for()
    save_screenshot(page, "route.png")
