"""The exported HTML page opens and draws in Chromium with the network blocked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUNDLED
from topicgraph.export import to_html
from topicgraph.graph import build_graph
from topicgraph.layout import read_positions
from topicgraph.loader import read_curriculum
from topicgraph.query import Filters


def open_offline(browser: Any, file: Path, size: tuple[int, int] = (1280, 800)) -> tuple[Any, Any, list[str]]:
    """A page whose every request other than file:/data:/blob: is aborted (and recorded)."""
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})

    def gate(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", gate)
    context.set_offline(True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(file.as_uri())
    page.wait_for_function("() => window.network && network.body && network.body.nodeIndices.length > 0",
                           timeout=30_000)
    assert errors == []
    return context, page, blocked


def redraw(page: Any, action: str) -> None:
    """Run a view change and wait until vis has drawn the result."""
    page.evaluate(f"() => new Promise((done) => {{ network.once('afterDrawing', () => done(true)); {action}; }})")


def drawn_nodes_in_view(page: Any) -> int:
    """Nodes whose drawn position lies inside the visible canvas."""
    return int(page.evaluate("""() => {
        const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
        const pos = network.getPositions();
        return Object.values(pos).map(p => network.canvasToDOM(p))
            .filter(p => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height).length;
    }"""))


def painted_pixels(page: Any) -> int:
    return int(page.evaluate("""() => {
        const c = document.querySelector('#mynetwork canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4 * 7) if (d[i] > 0) n++;
        return n;
    }"""))


def test_exported_view_draws_offline(browser: Any, tmp_path: Path) -> None:
    cur = read_curriculum(BUNDLED)
    view = Filters(themes=("databases", "distributed-systems"))
    expected = sum(1 for c in cur.chapters if view.matches(c))
    file = tmp_path / "view.html"
    file.write_text(to_html(cur, build_graph(cur), read_positions(BUNDLED / "layout.json"), view), encoding="utf-8")
    context, page, blocked = open_offline(browser, file)
    try:
        assert page.evaluate("() => nodes.length") == expected
        assert page.evaluate("() => network.body.nodeIndices.length") == expected
        redraw(page, "network.fit()")
        assert drawn_nodes_in_view(page) == expected
        assert painted_pixels(page) > 2000  # the canvas really has a drawing on it
        assert blocked == []  # it never even tried to fetch anything
        # the graph fills the window below the header and legend, without a page scrollbar
        fit = page.evaluate("""() => { const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            return [r.bottom, r.height, innerHeight, document.documentElement.scrollHeight]; }""")
        assert fit[0] == fit[2] == fit[3] and fit[1] > 0.8 * fit[2], fit
        assert page.locator("header .legend span").all_inner_texts() == ["Distributed Systems", "Databases"]
        title = page.title()
        assert title.startswith(f"System Design Space: {expected} chapters")
    finally:
        context.close()


def test_exported_titles_show_as_text(browser: Any, tmp_path: Path, content: Path) -> None:
    hostile = '<img src=x onerror="window.pwned=1"><b>bold</b> & </script>'
    path = content / "chapters" / "redis-architecture.md"
    path.write_text(path.read_text().replace('title: "Redis: In-Memory Database and Architecture"',
                                             f"title: {json.dumps(hostile)}"), encoding="utf-8")
    cur = read_curriculum(content)
    file = tmp_path / "hostile.html"
    file.write_text(to_html(cur, build_graph(cur), read_positions(content / "layout.json"), Filters()),
                    encoding="utf-8")
    context, page, _ = open_offline(browser, file)
    try:
        node = page.evaluate("() => nodes.get().find(n => n.title.startsWith('<img')).id")
        redraw(page, f"network.focus({json.dumps(node)}, {{scale: 1.5}})")
        pos = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", node)
        box = page.locator("#mynetwork canvas").bounding_box()
        page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        tip = page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=10_000)
        assert tip.inner_text().startswith(hostile)
        assert tip.locator("img, b").count() == 0
        assert page.evaluate("() => window.pwned === undefined")
    finally:
        context.close()


def label_problems(page: Any) -> list[str]:
    """Overlapping pairs and boxes outside the canvas among the drawn names (boxes at the drawn size)."""
    labels = page.evaluate("() => window.exportLabels()")
    w, h = page.evaluate("""() => { const c = document.querySelector('#mynetwork canvas');
        return [c.clientWidth, c.clientHeight]; }""")
    out = [f"{a['text']} cut" for a in labels
           if a["x"] < 0 or a["y"] < 0 or a["x"] + a["w"] > w or a["y"] + a["h"] > h]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] \
                    and b["y"] < a["y"] + a["h"]:
                out.append(f"{a['text']} / {b['text']}")
    return out


def framing(page: Any) -> dict[str, float]:
    """How much of the window the canvas takes, and how much of the canvas the drawing spans."""
    return dict(page.evaluate("""() => { const c = document.querySelector('#mynetwork canvas').getBoundingClientRect();
        const pos = Object.values(network.getPositions()).map(p => network.canvasToDOM(p));
        const xs = pos.map(p => p.x), ys = pos.map(p => p.y);
        return { area: c.width * c.height / (innerWidth * innerHeight),
                 span: Math.max((Math.max(...xs) - Math.min(...xs)) / c.width, (Math.max(...ys) - Math.min(...ys)) / c.height),
                 inside: pos.every(p => p.x >= 0 && p.y >= 0 && p.x <= c.width && p.y <= c.height) ? 1 : 0 }; }"""))


@pytest.mark.parametrize("width, height, dark", [(1440, 900, False), (1280, 720, True), (390, 844, False)])
def test_exported_page_is_framed_to_its_window_with_readable_names(browser: Any, tmp_path: Path, width: int,
                                                                   height: int, dark: bool) -> None:
    cur = read_curriculum(BUNDLED)
    file = tmp_path / "all.html"
    file.write_text(to_html(cur, build_graph(cur), read_positions(BUNDLED / "layout.json"), Filters(), dark=dark),
                    encoding="utf-8")
    context, page, blocked = open_offline(browser, file, (width, height))
    try:
        page.wait_for_function("() => window.exportLabels && window.exportLabels().length > 0")
        # the graph fills the window (the header takes the rest) and the view is fitted to it
        f = framing(page)
        assert f["area"] >= 0.9 and f["inside"] and f["span"] >= 0.75, f
        # names: readable size, none overlapping, none cut by the canvas edge; the busiest first
        labels = page.evaluate("() => window.exportLabels()")
        assert len(labels) >= (10 if width < 640 else 30) and all(lab["px"] >= 12 for lab in labels)
        assert label_problems(page) == []
        sizes = page.evaluate("() => Object.fromEntries(nodes.get().map(n => [n.id, n.size]))")
        placed = [sizes[str(lab["id"])] for lab in labels]
        assert placed == sorted(placed, reverse=True)  # the most linked chapters get their names first
        page.screenshot(path=f"/tmp/export-test-{width}x{height}{'-dark' if dark else ''}.png")
        # zooming in shows more names, still without overlaps
        before = len(labels)
        redraw(page, "network.moveTo({scale: network.getScale() * 2.5})")
        assert len(page.evaluate("() => window.exportLabels()")) > before * 0.5
        assert label_problems(page) == []
        # a resized window is framed again
        page.set_viewport_size({"width": height, "height": width})
        page.wait_for_function("""() => { const c = document.querySelector('#mynetwork canvas');
            return c.clientWidth === innerWidth; }""")
        page.wait_for_timeout(400)
        f = framing(page)
        assert f["inside"] and f["span"] >= 0.75, f
        assert label_problems(page) == []
        assert blocked == []
    finally:
        context.close()


def test_exported_short_name_shows_the_full_title_on_hover(browser: Any, tmp_path: Path) -> None:
    cur = read_curriculum(BUNDLED)
    file = tmp_path / "all.html"
    file.write_text(to_html(cur, build_graph(cur), read_positions(BUNDLED / "layout.json"), Filters()),
                    encoding="utf-8")
    context, page, _ = open_offline(browser, file, (1440, 900))
    try:
        page.wait_for_function("() => window.exportLabels && window.exportLabels().length > 0")
        short = next(lab for lab in page.evaluate("() => window.exportLabels()") if lab["text"].endswith("…"))
        full = page.evaluate("(id) => nodes.get(id).title.split('\\n')[0]", short["id"])
        assert len(full) > len(short["text"]) and full.startswith(short["text"][:-1])
        pos = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", short["id"])
        box = page.locator("#mynetwork canvas").bounding_box()
        page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        tip = page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=10_000)
        assert tip.inner_text().startswith(full)
    finally:
        context.close()
