"""Small page helpers built on the documented `window.topicGraph` hook."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from topicgraph import colors

MAIN = '[data-testid="stMain"]'


def open_app(page: Any, url: str) -> None:
    page.goto(url)
    wait_drawn(page)


def wait_drawn(page: Any) -> None:
    """Until the graph is drawn and the rest of the page has come: a session's first graph run sends the
    graph alone and the reader, search box and sidebar once it is drawn (components.state.graph_first)."""
    page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null")
    page.wait_for_selector('[data-testid="topic-graph"][data-drawn="true"]', state="attached")
    # the app's graph page holds the search row's room from its first run; test pages have none
    page.wait_for_function("() => !document.querySelector('.st-key-search-top')"
                           " || document.querySelector('.st-key-search-box input')")


def visible(page: Any) -> list[str]:
    return list(page.evaluate("() => window.topicGraph.visibleNodes()"))


def click_node(page: Any, slug: str) -> None:
    """Click the node of ``slug`` as a reader does. The camera frames the selection's neighbourhood, so a
    node further away can be off-screen: then pan to it first (what a reader does by dragging), and
    never click while a framing animation is still moving the nodes."""
    assert slug in visible(page), f"{slug} is not drawn"
    wait_still(page)
    if page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug) is None:
        page.evaluate("(s) => window.topicGraph.focus(s)", slug)
        page.wait_for_function("(s) => window.topicGraph.nodePosition(s) !== null", arg=slug)
        wait_still(page)
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    assert pos is not None, f"{slug} is off-screen"
    page.mouse.click(pos["x"], pos["y"])


def click_legend(page: Any, slug: str) -> None:
    """Press a theme in the graph's legend as a reader does: when the legend is folded and the theme is
    below the fold, unfold it first ("+ N more themes")."""
    item = page.locator(f'[data-testid="topic-graph"] [data-theme="{slug}"]')
    more = page.locator('[data-testid="topic-graph"] .tg-legend-more')
    if more.count() and more.get_attribute("aria-expanded") == "false" and item.evaluate(
            "(b) => b.getBoundingClientRect().top >= b.parentElement.getBoundingClientRect().bottom - 1"):
        more.click()
    item.click()


def wait_title(page: Any, title: str) -> None:
    page.wait_for_function(
        "([sel, t]) => { const h = document.querySelector(sel); return h && h.innerText.trim() === t; }",
        arg=[f"{MAIN} h1#chapter", title],
    )


def wait_selected(page: Any, slug: str | None) -> None:
    page.wait_for_function("(s) => window.topicGraph.selected() === s", arg=slug)


def follow_link(page: Any, name: str, title: str) -> Any:
    """Click the reader's chapter link called ``name`` (a real ``<a href="/?chapter=…">``) and return
    the page that then shows ``title``: this one when the graph's JS takes the click over, the new
    tab that Streamlit's ``target=_blank`` opens otherwise."""
    import re

    link = page.locator(".st-key-reader").get_by_role("link", name=re.compile("^" + re.escape(name))).first
    link.click()
    for _ in range(300):
        for candidate in page.context.pages:
            h = candidate.locator(f"{MAIN} h1#chapter")
            if h.count() and h.first.inner_text().strip() == title:
                return candidate
        page.wait_for_timeout(100)
    raise AssertionError(f"no page shows {title!r} after following {name!r}")


VIEWPORTS = {"desktop": (1440, 900), "projector": (1280, 720), "phone": (390, 844)}


@contextmanager
def browser_page(browser: Any, viewport: str = "desktop", scheme: str = "light", **options: Any) -> Iterator[Any]:
    """A fresh context (no shared history, cookies or storage) with one page, at a named viewport."""
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, **options)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


def wait_still(page: Any) -> None:
    """Until the camera has stopped (no framing animation running) and a frame has been drawn."""
    page.wait_for_function("() => window.topicGraph && !window.topicGraph.animating()")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def canvas_share(page: Any) -> tuple[float, float]:
    """Width and height share of the canvas filled by the bounding box of the drawn, on-screen nodes."""
    share = page.evaluate("""() => {
        const g = window.topicGraph, box = g.canvasBox();
        const pts = g.visibleNodes().map((s) => g.nodePosition(s)).filter(Boolean);
        if (pts.length < 2) return [0, 0];
        const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
        return [(Math.max(...xs) - Math.min(...xs)) / box.w, (Math.max(...ys) - Math.min(...ys)) / box.h];
    }""")
    return float(share[0]), float(share[1])


def click_link(page: Any, title: str) -> None:
    """Click the first chapter link in the main area whose text contains ``title`` (buttons or anchors)."""
    page.locator(MAIN).locator("a, button").filter(has_text=title).first.click()


def save_screenshot(page: Any, name: str) -> None:
    """Save the page as test-results/NAME (and docs/NAME under ``make screenshots``), once it is a real picture."""
    import os
    import shutil

    from tests.conftest import ROOT

    page.wait_for_timeout(400)  # let the last animation settle
    out = ROOT / "test-results" / name
    out.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(out))
    assert out.stat().st_size > 20_000  # a real picture, not a blank page
    if os.environ.get("TOPICGRAPH_UPDATE_DOCS"):
        shutil.copyfile(out, ROOT / "docs" / name)


def rgb(css: str) -> tuple[float, float, float]:
    if css.startswith("#"):
        return (int(css[1:3], 16), int(css[3:5], 16), int(css[5:7], 16))
    r, g, b = (float(x) for x in re.findall(r"[\d.]+", css)[:3])
    return (r, g, b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two CSS colours as the page reports them (``#rrggbb`` or ``rgb(...)``)."""
    return colors.contrast(colors.to_hex(rgb(a)), colors.to_hex(rgb(b)))
