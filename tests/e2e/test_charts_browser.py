"""The team heat map and the theme page's chart in Chromium: every theme named in full, no two names
on top of each other, the theme's own colour on its chart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUNDLED
from tests.e2e.server import Server
from topicgraph import progress as p
from topicgraph.loader import read_curriculum

PROFILES = ("Ada", "Grace Hopper", "Linus")

# The chart's SVG text marks (axis labels, cell numbers, legend), as drawn: text, its screen box, and the
# four corners of its own (possibly rotated) box in page px.
TEXTS = """(chart) => [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect(), b = t.getBBox(), m = t.getScreenCTM();
    const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
    return { text: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height, corners,
             role: t.closest('[class*="role-axis-label"]') ? 'axis' : 'other' }; })"""


@pytest.fixture(scope="module")
def team_app(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("team") / "progress.sqlite"
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(str(db))))
    for i, name in enumerate(PROFILES):
        for slug in ("redis-architecture", "consensus-protocols", "caching-strategies")[: i + 1]:
            store.set_status(name, slug, p.DONE)
    store.close()
    server = Server(BUNDLED, results_dir / "server-charts.log", env={"TOPICGRAPH_DB": str(db)})
    yield server
    server.stop()


def _separated(a: list[list[float]], b: list[list[float]]) -> bool:
    """Two convex quadrilaterals do not overlap (by more than half a pixel): some edge normal separates them."""
    for quad in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = quad[i], quad[(i + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            length = (nx * nx + ny * ny) ** 0.5 or 1.0
            pa = [(x * nx + y * ny) / length for x, y in a]
            pb = [(x * nx + y * ny) / length for x, y in b]
            if max(pa) <= min(pb) + 0.5 or max(pb) <= min(pa) + 0.5:
                return True
    return False


def overlapping(labels: list[dict[str, Any]]) -> list[str]:
    """Pairs of labels whose drawn (rotated) text boxes overlap."""
    return [f"{a['text']} / {b['text']}" for i, a in enumerate(labels) for b in labels[i + 1:]
            if not _separated(a["corners"], b["corners"])]


@pytest.mark.parametrize("width, height, scheme", [(1440, 900, "light"), (1280, 720, "dark"), (390, 844, "light")])
def test_team_heat_map_names_every_theme(team_app: Server, browser: Any, width: int, height: int,
                                         scheme: str) -> None:
    themes = [t.name for t in read_curriculum(BUNDLED).themes]
    assert len(themes) == 14
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(team_app.url + "/team")
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.locator("svg text").first.wait_for()
        page.wait_for_timeout(500)
        texts = page.evaluate(TEXTS, chart.element_handle())
        labels = [t for t in texts if t["role"] == "axis"]
        shown = {t["text"] for t in labels}
        # every theme and every person is named, in full (no "…")
        assert set(themes) <= shown and set(PROFILES) <= shown, sorted(set(themes) - shown)
        assert not any(t["text"].endswith("…") for t in labels)
        # no two names overlap, and none runs outside the chart
        assert overlapping(labels) == []
        box = chart.bounding_box()
        assert box is not None
        for t in labels:
            assert t["x"] >= box["x"] - 1 and t["x"] + t["w"] <= box["x"] + box["width"] + 1, t
            assert t["x"] >= -1 and t["x"] + t["w"] <= width + 1, t
        chart.screenshot(path=f"/tmp/team-heatmap-{width}x{height}-{scheme}.png")
    finally:
        context.close()


def test_theme_chart_uses_the_theme_colour(team_app: Server, page: Any) -> None:
    cur = read_curriculum(BUNDLED)
    for slug in ("ai-engineering", "databases"):
        page.goto(f"{team_app.url}/themes?theme={slug}")
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.locator("svg .mark-rect path").first.wait_for()
        fills = set(page.evaluate("(c) => [...c.querySelectorAll('svg .mark-rect path')].map(p => p.getAttribute('fill'))",
                                  chart.element_handle()))
        assert fills == {cur.theme_map[slug].color.lower()}, fills
        # the four difficulties, easy to expert, named on the axis
        texts = [t["text"] for t in page.evaluate(TEXTS, chart.element_handle()) if t["role"] == "axis"]
        named = [t.lower() for t in texts if t.lower() in ("easy", "medium", "hard", "expert")]  # "Easy": the label
    assert named == ["easy", "medium", "hard", "expert"]
