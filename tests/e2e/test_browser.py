"""What a reader does in a real browser: the graph, clicks, links, filters, deep links, themes, offline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.conftest import FIXTURE, ROOT
from tests.e2e.conftest import Requests, Server
from tests.e2e.helpers import (
    MAIN,
    click_legend,
    click_node,
    follow_link,
    open_app,
    save_screenshot,
    visible,
    wait_drawn,
    wait_selected,
    wait_title,
)
from topicgraph.loader import read_curriculum

FIXTURE_SLUGS = sorted(c.slug for c in read_curriculum(FIXTURE).chapters)


def query(page: Any) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_graph_is_drawn_with_every_chapter(page: Any, server: Server) -> None:
    open_app(page, server.url)
    assert visible(page) == FIXTURE_SLUGS
    legend = page.locator('[data-testid="topic-graph"] .tg-legend').inner_text()
    assert "Databases (3)" in legend and "ML Engineering (3)" in legend  # counted by home theme (node colour)


def test_clicking_a_node_opens_the_chapter_and_puts_it_in_the_url(page: Any, server: Server) -> None:
    open_app(page, server.url)
    click_node(page, "redis-architecture")
    wait_title(page, "Redis: In-Memory Database and Architecture")
    page.wait_for_url(re.compile(r"chapter=redis-architecture"))
    # Each of these arrives in its own message: on a loaded machine one may lag the others by a moment.
    expect(page.get_by_text("A short fixture chapter about Redis")).to_be_visible()
    wait_selected(page, "redis-architecture")
    expect(page).to_have_title("Redis: In-Memory Database and Architecture · System Design Space")
    page.locator(".st-key-close-redis-architecture button").first.click()  # close the chapter
    wait_selected(page, None)
    page.wait_for_function("() => !location.search.includes('chapter=')")
    expect(page).to_have_title("System Design Space Explorer")


def test_next_and_context_links_move_the_selection(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=rag-architecture")
    wait_title(page, "Retrieval-Augmented Generation (RAG) Architecture")
    page = follow_link(page, "LLM Serving", "LLM Serving: Latency, Throughput and Cost")
    wait_drawn(page)
    wait_selected(page, "llm-serving-cost")  # the graph follows the panel
    page.wait_for_url(re.compile(r"chapter=llm-serving-cost"))  # the URL is rewritten after the run
    # the context box links back
    page = follow_link(page, "Retrieval-Augmented", "Retrieval-Augmented Generation (RAG) Architecture")
    wait_drawn(page)
    wait_selected(page, "rag-architecture")


def test_theme_filter_changes_the_visible_nodes(page: Any, server: Server) -> None:
    open_app(page, server.url)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Hide non-matching chapters").click()
    # the switch's run has finished (it rewrites the URL last) before the next widget is touched: a click
    # on a widget that this run is about to redraw can be lost on a busy machine
    page.wait_for_function("() => new URLSearchParams(location.search).get('mode') === 'hide'")
    assert sidebar.get_by_role("switch", name="Hide non-matching chapters").is_checked()
    sidebar.locator('[data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="Databases").click()
    page.keyboard.press("Escape")
    expected = ["data-storage-overview", "qdrant-overview", "redis-architecture"]
    page.wait_for_function("(n) => window.topicGraph.visibleNodes().length === n", arg=len(expected))
    assert visible(page) == expected
    sidebar.get_by_text("Showing 3 of 12 chapters").wait_for()
    page.wait_for_url(re.compile(r"theme=databases"))  # the URL is rewritten after the run
    assert query(page) == {"theme": "databases", "mode": "hide"}
    # fade mode keeps every node but dims the others
    sidebar.get_by_text("Hide non-matching chapters").click()
    page.wait_for_function("(n) => window.topicGraph.visibleNodes().length === n", arg=len(FIXTURE_SLUGS))
    assert page.evaluate("() => window.topicGraph.fadedNodes().length") == len(FIXTURE_SLUGS) - 3


def test_deep_link_restores_chapter_and_filters_after_reload(page: Any, server: Server) -> None:
    url = f"{server.url}/?chapter=qdrant-overview&theme=databases,ai-engineering&difficulty=medium&mode=hide"
    open_app(page, url)
    for _ in range(2):  # first load, then a reload
        wait_title(page, "Qdrant: Vector Database and Architecture")
        wait_selected(page, "qdrant-overview")
        page.wait_for_function("() => window.topicGraph.visibleNodes().length === 3")
        assert visible(page) == ["qdrant-overview", "rag-architecture", "redis-architecture"]
        assert page.locator('[data-testid="stSidebar"]').get_by_text("Showing 3 of 12 chapters").is_visible()
        page.reload()
        wait_drawn(page)


def test_unknown_chapter_in_the_url_shows_a_notice(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=no-such-thing&difficulty=mid")
    assert page.get_by_text("There is no chapter called 'no-such-thing'").is_visible()
    assert page.get_by_text("Unknown difficulty 'mid' was ignored.").is_visible()
    assert visible(page) == FIXTURE_SLUGS
    click_node(page, "system-types")  # the rest of the page works
    wait_title(page, "System Types in System Design Interviews")


def test_chapter_html_is_shown_as_text_never_run(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=caching-strategies")
    wait_title(page, "Caching Strategies")
    assert page.get_by_text("Raw HTML in a chapter stays text").is_visible()
    assert page.locator(f'{MAIN} img[src="x"]').count() == 0
    assert page.evaluate("() => window.__pwned === undefined")


def test_every_request_goes_to_localhost(page: Any, bundled_server: Server, requests: Requests) -> None:
    open_app(page, bundled_server.url)
    click_node(page, "ai-vs-ml-engineering")
    wait_title(page, "AI Engineering vs ML Engineering")
    page = follow_link(page, "System Types", "System Types in System Design Interviews")
    page.get_by_role("link", name="About").click()
    page.get_by_text("Cross-theme links").wait_for()
    page.wait_for_timeout(500)
    assert requests.urls, "no requests recorded"
    assert any("vis-network.min.js" in u for u in requests.urls)
    assert requests.foreign() == []


def test_dark_theme_renders_with_light_labels(dark_page: Any, bundled_server: Server) -> None:
    open_app(dark_page, f"{bundled_server.url}/?chapter=ai-vs-ml-engineering")
    wait_title(dark_page, "AI Engineering vs ML Engineering")
    background = dark_page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
    assert _luminance(background) < 0.1, background
    palette = dark_page.evaluate("() => window.topicGraph.palette()")
    assert palette["dark"] is True
    assert _luminance(palette["text"]) > 0.7, palette  # node labels readable on the dark canvas
    save_screenshot(dark_page, "screenshot-dark.png")


def test_screenshot_of_the_real_app(page: Any, bundled_server: Server) -> None:
    open_app(page, f"{bundled_server.url}/?chapter=ai-vs-ml-engineering")
    wait_title(page, "AI Engineering vs ML Engineering")
    palette = page.evaluate("() => window.topicGraph.palette()")
    assert palette["dark"] is False and _luminance(palette["text"]) < 0.3
    assert len(visible(page)) == len(read_curriculum(ROOT / "data").chapters)
    save_screenshot(page, "screenshot.png")



def _luminance(css: str) -> float:
    if css.startswith("#"):
        r, g, b = (int(css[i:i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (int(float(x)) for x in re.findall(r"[\d.]+", css)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255




def test_legend_click_filters_by_theme(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?mode=hide")
    click_legend(page, "ai-engineering")
    page.wait_for_function("() => window.topicGraph.visibleNodes().length === 4")
    assert visible(page) == ["ai-engineering-overview", "ai-vs-ml-engineering", "llm-serving-cost", "rag-architecture"]
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Showing 4 of 12 chapters").wait_for()  # the sidebar follows the legend
    page.wait_for_url(re.compile(r"theme=ai-engineering"))
    click_legend(page, "ai-engineering")  # and back
    page.wait_for_function("(n) => window.topicGraph.visibleNodes().length === n", arg=len(FIXTURE_SLUGS))


def test_graph_comes_back_after_visiting_another_page(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=system-types")
    page.get_by_role("link", name="About").click()
    page.get_by_text("Cross-theme links").wait_for()
    page.get_by_role("link", name="Graph").click()
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"] h1#chapter')?.innerText.startsWith('System Types')")
    wait_selected(page, "system-types")
    assert visible(page) == FIXTURE_SLUGS
    page.wait_for_function("() => !window.topicGraph.animating()")  # framed on system-types and its links
    click_node(page, "caching-strategies")
    wait_title(page, "Caching Strategies")


def test_hover_tooltip_is_plain_text(page: Any, server: Server) -> None:
    open_app(page, server.url)
    pos = page.evaluate("() => window.topicGraph.nodePosition('system-types')")
    page.mouse.move(pos["x"], pos["y"])
    tooltip = page.locator('[data-testid="topic-graph"] .vis-tooltip')
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text() == "System Types in System Design Interviews\nEasy · System Design Approaches"
    # set as text: the only elements inside are the line breaks innerText makes
    assert tooltip.evaluate("(el) => [...el.querySelectorAll('*')].map((e) => e.tagName)") == ["BR"]


def test_first_visit_to_about_on_a_fresh_server_has_the_frame(page: Any, results_dir: Path) -> None:
    # A fresh process: Streamlit's legacy pages/ mode is still on until the frame clears it.
    fresh = Server(FIXTURE, results_dir / "server-fresh.log")
    try:
        page.goto(f"{fresh.url}/about")
        page.get_by_text("Cross-theme links").wait_for()
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("Showing 12 of 12 chapters").wait_for()
        assert sidebar.get_by_role("link", name="Graph").is_visible()
        assert sidebar.get_by_role("link", name="app").count() == 0  # no file-name menu
    finally:
        fresh.stop()


def test_theme_names_are_drawn_over_their_neighbourhoods(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?theme=databases&mode=hide")
    page.wait_for_function("() => window.topicGraph.themeLabels().length === 1")
    assert page.evaluate("() => window.topicGraph.themeLabels().map((l) => l.slug)") == ["databases"]
    open_app(page, server.url)
    page.wait_for_function("() => window.topicGraph.themeLabels().length === 4")


def test_labels_follow_a_live_theme_switch(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=system-types")
    assert page.evaluate("() => window.topicGraph.palette().dark") is False
    page.emulate_media(color_scheme="dark")  # Streamlit follows the system theme without a rerun
    page.wait_for_function("() => window.topicGraph.palette().dark === true")
    assert _luminance(page.evaluate("() => window.topicGraph.palette().text")) > 0.7


def test_graph_structure_is_sent_again_when_the_page_lost_it(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=system-types")
    page.get_by_role("link", name="About").click()
    page.get_by_text("Cross-theme links").wait_for()
    page.evaluate("() => window.__topicGraphStructures.clear()")  # as if the page had never seen it
    page.get_by_role("link", name="Graph").click()
    page.wait_for_function("() => window.__topicGraphStructures.size === 1")  # asked for, and re-sent
    page.wait_for_function("(n) => window.topicGraph.visibleNodes().length === n", arg=len(FIXTURE_SLUGS))
    wait_selected(page, "system-types")
