"""The graph follows the reader (issue 6): framing, readable labels, theme names, legend, tooltip, keyboard,
presenter mode and the PNG, at desktop, projector and phone sizes, light and dark, in real Chromium."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUNDLED, FIXTURE
from tests.e2e.conftest import Server
from tests.e2e.helpers import (
    VIEWPORTS,
    browser_page,
    canvas_share,
    click_legend,
    click_link,
    click_node,
    contrast,
    open_app,
    rgb,
    wait_selected,
    wait_still,
    wait_title,
)
from topicgraph.loader import read_curriculum

BUNDLED_CUR = read_curriculum(BUNDLED)
FIXTURE_CUR = read_curriculum(FIXTURE)
GRAPH = '[data-testid="topic-graph"]'

viewports = pytest.mark.parametrize("viewport", list(VIEWPORTS))
schemes = pytest.mark.parametrize("scheme", ["light", "dark"])


def label_px(page: Any, slug: str) -> float:
    return float(page.evaluate("(s) => window.topicGraph.labelSize(s)", slug))


def assert_fills(page: Any, what: str) -> None:
    w, h = canvas_share(page)
    assert max(w, h) >= 0.6, f"{what}: the visible nodes fill only {w:.0%} x {h:.0%} of the canvas"


@viewports
@schemes
def test_the_view_frames_what_is_shown(browser: Any, bundled_server: Server, viewport: str, scheme: str) -> None:
    with browser_page(browser, viewport, scheme) as page:
        # A deep link: the chapter and its neighbourhood, labels readable.
        open_app(page, f"{bundled_server.url}/?chapter=llm-serving-cost")
        wait_selected(page, "llm-serving-cost")
        wait_still(page)
        assert_fills(page, "deep link")
        assert label_px(page, "llm-serving-cost") >= 12
        for slug in BUNDLED_CUR.chapter_map["llm-serving-cost"].next:
            assert label_px(page, slug) >= 12, slug  # neighbours labelled too
        # A filtered deep link draws its 20 nodes large, not as a blob.
        open_app(page, f"{bundled_server.url}/?theme=databases&mode=hide")
        wait_still(page)
        assert_fills(page, "?theme=databases&mode=hide")
        # A filter change from the legend refits to what is left.
        click_legend(page, "databases")  # remove the filter: everything again
        page.wait_for_function("(n) => window.topicGraph.visibleNodes().length === n", arg=len(BUNDLED_CUR.chapters))
        page.wait_for_function("() => !location.search.includes('theme=')")
        wait_still(page)
        click_legend(page, "ai-engineering")
        page.wait_for_function("() => location.search.includes('theme=ai-engineering')")
        in_theme = sum(1 for c in BUNDLED_CUR.chapters if "ai-engineering" in c.themes)
        page.wait_for_function("(n) => window.topicGraph.visibleNodes().length === n", arg=in_theme)
        wait_still(page)
        assert_fills(page, "legend filter change")
        # A selection by click: framed, readable.
        click_node(page, "rag-architecture")
        wait_selected(page, "rag-architecture")
        wait_still(page)
        assert_fills(page, "selection")
        assert label_px(page, "rag-architecture") >= 12
        # At the overview, labels that would be specks are left out.
        page.locator(f"{GRAPH} .tg-fit").click()
        wait_still(page)
        sizes = page.evaluate("() => window.topicGraph.visibleNodes().map((s) => window.topicGraph.labelSize(s))")
        assert all(px == 0 or px >= 9 for px in sizes), sorted(sizes)[:5]


@viewports
@schemes
def test_every_theme_name_is_drawn_readable_inside_the_canvas(browser: Any, bundled_server: Server, viewport: str,
                                                             scheme: str) -> None:
    with browser_page(browser, viewport, scheme) as page:
        open_app(page, bundled_server.url)
        wait_still(page)
        labels = page.evaluate("() => window.topicGraph.themeLabels()")
        # A name with no room beside its own cluster is left out (test_graph_labels checks where they sit).
        assert {lab["slug"] for lab in labels} <= {t.slug for t in BUNDLED_CUR.themes}
        assert len(labels) >= (10 if viewport == "phone" else 12), [lab["slug"] for lab in labels]
        box = page.evaluate("() => window.topicGraph.canvasBox()")
        # The real background behind the canvas, read from the page, not from the hook.
        bg = page.locator(GRAPH).evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert (rgb(bg)[0] < 60) == (scheme == "dark"), bg
        for lab in labels:
            assert contrast(lab["color"], bg) >= 4.5, (lab["slug"], lab["color"], bg)
            assert box["x"] <= lab["x"] and lab["x"] + lab["w"] <= box["x"] + box["w"] + 0.5, lab
            assert box["y"] <= lab["y"] and lab["y"] + lab["h"] <= box["y"] + box["h"] + 0.5, lab
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                apart = (a["x"] + a["w"] <= b["x"] + 0.5 or b["x"] + b["w"] <= a["x"] + 0.5
                         or a["y"] + a["h"] <= b["y"] + 0.5 or b["y"] + b["h"] <= a["y"] + 0.5)
                assert apart, (a["slug"], b["slug"])
        # Theme names follow the filters: a hidden theme's name goes away.
        click_legend(page, "databases")
        page.wait_for_function("() => window.topicGraph.fadedNodes().length > 0")  # fade mode: framed on the matches
        page.wait_for_function("() => window.topicGraph.themeLabels().some((l) => l.slug === 'databases')")
        page.goto(f"{bundled_server.url}/?theme=databases&mode=hide")
        page.wait_for_function("() => window.topicGraph && window.topicGraph.themeLabels().length === 1")
        assert page.evaluate("() => window.topicGraph.themeLabels()[0].slug") == "databases"


def test_a_chapter_outside_the_filters_is_drawn_and_marked(browser: Any, server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{server.url}/?chapter=rag-architecture&theme=databases&mode=hide")
        wait_selected(page, "rag-architecture")
        assert "rag-architecture" in page.evaluate("() => window.topicGraph.visibleNodes()")
        assert page.evaluate("() => window.topicGraph.outsideNodes()") == ["rag-architecture"]
        assert page.evaluate("() => window.topicGraph.nodePosition('rag-architecture')") is not None
        dashes = page.evaluate("() => window.topicGraph.nodeStyle('rag-architecture').shapeProperties.borderDashes")
        assert dashes, "the outside chapter has a dashed border"


def test_hand_made_zoom_is_respected_until_the_next_automatic_framing(browser: Any, server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{server.url}/?chapter=system-types")
        wait_still(page)
        canvas = page.locator(f"{GRAPH} .tg-canvas")
        box = canvas.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 400)  # zoom out by hand
        page.wait_for_function("() => window.topicGraph.userMoved()")
        scale = page.evaluate("() => window.topicGraph.scale()")
        click_link(page, "Caching Strategies")
        page.wait_for_function("() => window.topicGraph.selected() !== 'system-types'")
        wait_still(page)
        assert page.evaluate("() => window.topicGraph.scale()") == pytest.approx(scale, rel=0.01)
        page.locator(f"{GRAPH} .tg-fit").click()  # Fit is automatic framing again
        page.wait_for_function("() => !window.topicGraph.userMoved()")


def test_tooltip_goes_away_on_click_and_stays_away(browser: Any, server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, server.url)
        pos = page.evaluate("() => window.topicGraph.nodePosition('system-types')")
        page.mouse.move(pos["x"], pos["y"])
        tooltip = page.locator(f"{GRAPH} .vis-tooltip")
        tooltip.wait_for(state="visible")
        page.mouse.click(pos["x"], pos["y"])
        tooltip.wait_for(state="hidden")
        wait_selected(page, "system-types")
        click_link(page, "Caching Strategies")
        page.wait_for_function("() => window.topicGraph.selected() !== 'system-types'")
        wait_still(page)
        assert not tooltip.is_visible()


def test_legend_lists_every_theme_as_toggle_buttons(browser: Any, server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{server.url}/?theme=databases&mode=hide")
        items = page.locator(f"{GRAPH} .tg-legend-item")
        assert items.count() == len(FIXTURE_CUR.themes)
        pressed = {items.nth(i).get_attribute("data-theme"): items.nth(i).get_attribute("aria-pressed")
                   for i in range(items.count())}
        assert pressed == {t.slug: "true" if t.slug == "databases" else "false" for t in FIXTURE_CUR.themes}
        assert "off" in page.locator(f'{GRAPH} [data-theme="ml-engineering"]').inner_text()
        # one Tab stop for the whole legend; arrow keys move inside it
        assert [items.nth(i).get_attribute("tabindex") for i in range(items.count())].count("0") == 1
        click_legend(page, "ai-engineering")
        page.wait_for_url(re.compile(r"theme=databases%2Cai-engineering|theme=databases,ai-engineering"))
        page.wait_for_function("() => window.topicGraph.visibleNodes().length === 7")
        assert page.locator(f'{GRAPH} [data-theme="ai-engineering"]').get_attribute("aria-pressed") == "true"


def test_png_download_of_the_current_view(browser: Any, server: Server, tmp_path: Path) -> None:
    with browser_page(browser, accept_downloads=True) as page:
        open_app(page, f"{server.url}/?chapter=system-types")
        with page.expect_download() as info:
            page.locator(f"{GRAPH} .tg-png").click()
        download = info.value
        assert download.suggested_filename == "system-design-space-system-types.png"
        out = tmp_path / "g.png"
        download.save_as(out)
        data = out.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        box = page.evaluate("() => window.topicGraph.canvasBox()")
        assert width >= 2 * box["w"] - 2 and height >= 2 * box["h"]  # at least twice the canvas
        assert len(data) > 10_000  # a picture, not an empty canvas


def test_keyboard_only_walk_through_the_graph(browser: Any, server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{server.url}/?chapter=rag-architecture")
        wait_title(page, "Retrieval-Augmented Generation (RAG) Architecture")
        page.get_by_role("combobox").first.focus()  # the search box
        for _ in range(12):  # Tab to the graph
            page.keyboard.press("Tab")
            if page.evaluate("() => window.topicGraph.hasFocus()"):
                break
        assert page.evaluate("() => window.topicGraph.hasFocus()"), "the graph is reachable by Tab"
        # Few Tab stops inside the widget: the graph, the toolbar and the legend (arrow keys move within).
        stops = page.locator(GRAPH).evaluate("(el) => [...el.querySelectorAll('[tabindex], button')]"
                                             ".filter((e) => e.tabIndex >= 0).length")
        assert stops == 3
        name = page.locator(f"{GRAPH} .tg-canvas").get_attribute("aria-label")
        assert "arrow keys" in name and "Enter" in name
        start = page.evaluate("() => window.topicGraph.nodePosition('rag-architecture')")
        moved = None
        for key, axis, sign in (("ArrowRight", "x", 1), ("ArrowLeft", "x", -1), ("ArrowDown", "y", 1),
                                ("ArrowUp", "y", -1)):
            page.keyboard.press(key)
            cursor = page.evaluate("() => window.topicGraph.cursor()")
            if cursor and cursor != "rag-architecture":
                pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", cursor)
                assert (pos[axis] - start[axis]) * sign > 0, (key, cursor)
                moved = cursor
                break
        assert moved is not None, "an arrow key moved to a neighbour"
        adjacent = page.evaluate("() => window.topicGraph.neighbours('rag-architecture')")
        assert moved in adjacent
        page.keyboard.press("Enter")
        wait_selected(page, moved)
        scale = page.evaluate("() => window.topicGraph.scale()")
        page.keyboard.press("+")
        page.wait_for_function("(s) => window.topicGraph.scale() > s * 1.1", arg=scale)
        page.keyboard.press("0")
        page.wait_for_function("() => !window.topicGraph.userMoved()")


def test_presenter_mode_fills_the_screen(browser: Any, server: Server) -> None:
    with browser_page(browser, "projector") as page:
        open_app(page, f"{server.url}/?chapter=rag-architecture")
        page.locator(f"{GRAPH} .tg-present-btn").click()
        page.wait_for_url(re.compile(r"present=1"))
        page.wait_for_function("() => window.topicGraph.canvasBox().h > 700")
        wait_still(page)
        box = page.evaluate("() => window.topicGraph.canvasBox()")
        reader = page.locator(".st-key-reader").bounding_box()  # issue 15: the reader is a column beside the graph
        assert box["h"] >= 719 and box["w"] + reader["width"] >= 1279 and reader["x"] >= box["x"] + box["w"] - 1, box
        assert label_px(page, "rag-architecture") >= 18
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        # the arrow keys walk "where to go next"
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => window.topicGraph.selected() !== 'rag-architecture'")
        assert page.evaluate("() => window.topicGraph.selected()") in FIXTURE_CUR.chapter_map["rag-architecture"].next
        wait_still(page)
        assert label_px(page, page.evaluate("() => window.topicGraph.selected()")) >= 18
        page.locator(f"{GRAPH} .tg-present-btn").click()
        page.wait_for_function("() => !location.search.includes('present=1')")
        page.wait_for_function("() => window.topicGraph.canvasBox().w < 1000")
