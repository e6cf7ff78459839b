"""Every word on the graph readable and in the right place (issue 15), measured in real Chromium on the
bundled curriculum at 1440×900, 1280×720 and 390×844, light and dark: chapter names (boxes at the drawn
font size) never overlap and are never cut by the canvas edge, for busy chapters' neighbourhoods, a
14-step route and after zooming by hand; route numbers never collide; each theme name sits nearer its own
cluster than any other; a filter in fade mode frames its matches; no match says which filter to clear;
the PNG is at least twice the canvas, with a title and the legend, named after the view."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.conftest import BUNDLED
from tests.e2e.conftest import Server
from tests.e2e.helpers import (
    VIEWPORTS,
    browser_page,
    canvas_share,
    click_legend,
    contrast,
    open_app,
    wait_selected,
    wait_still,
)
from tests.e2e.labels import (
    ROUTE_DISCS,
    canvas_box,
    cut_by_edge,
    disc_collisions,
    dots_under_themes,
    label_boxes,
    misplaced_themes,
    overlapping_pairs,
    theme_boxes,
)
from topicgraph.graph import build_graph, degree_map
from topicgraph.loader import read_curriculum
from topicgraph.query import Filters, matching_set
from topicgraph.routes import path_to

CUR = read_curriculum(BUNDLED)
THEME_OF = {c.slug: c.theme for c in CUR.chapters}
G = build_graph(CUR)
DEGREE = degree_map(G)
BUSY = ["consensus-protocols", *[s for s, _ in sorted(DEGREE.items(), key=lambda x: -x[1]) if s != "consensus-protocols"][:2]]
# A goal whose reading path has 14 steps.
ROUTE_GOAL = next(c.slug for c in CUR.chapters if len(path_to(CUR, G, c.slug)) == 14)
GRAPH = '[data-testid="topic-graph"]'

viewports = pytest.mark.parametrize("viewport", list(VIEWPORTS))
schemes = pytest.mark.parametrize("scheme", ["light", "dark"])


def assert_words_readable(page: Any, what: str) -> list[dict[str, Any]]:
    """No two drawn words overlap (chapter names and theme names), none is cut by the canvas edge."""
    boxes = label_boxes(page)
    words = boxes + theme_boxes(page)
    assert not overlapping_pairs(words), f"{what}: overlapping words {overlapping_pairs(words)}"
    assert not cut_by_edge(words, canvas_box(page)), f"{what}: cut by the canvas edge {cut_by_edge(words, canvas_box(page))}"
    return boxes


def settle(page: Any) -> None:
    wait_still(page)
    page.wait_for_timeout(300)
    wait_still(page)


@viewports
@schemes
def test_chapter_names_never_overlap_nor_leave_the_canvas(browser: Any, bundled_server: Server, viewport: str,
                                                         scheme: str) -> None:
    with browser_page(browser, viewport, scheme) as page:
        # Light: busy chapters' neighbourhoods. Dark: the 14-step route, then zoomed by hand.
        if scheme == "light":
            for slug in BUSY:
                open_app(page, f"{bundled_server.url}/?chapter={slug}")
                wait_selected(page, slug)
                settle(page)
                boxes = assert_words_readable(page, slug)
                named = {b["slug"] for b in boxes}
                assert slug in named, f"{slug}: the selected chapter has no name drawn"
                near = [n for n in page.evaluate("(s) => window.topicGraph.neighbours(s)", slug)]
                shown = [n for n in near if n in named]
                # Every neighbour on screen is named where there is room; on a phone at least a third.
                assert len(shown) >= len(near) * (0.3 if viewport == "phone" else 0.6), (slug, len(shown), len(near))
                for b in boxes:
                    if b["slug"] in near or b["slug"] == slug:
                        assert b["px"] >= 12, (b["slug"], b["px"])
        else:
            open_app(page, f"{bundled_server.url}/?route={ROUTE_GOAL}")
            page.wait_for_function("() => window.topicGraph.routeNumbers().length === 14")
            settle(page)
            boxes = assert_words_readable(page, "route")
            discs = page.evaluate(ROUTE_DISCS)
            assert sorted(d["n"] for d in discs) == list(range(1, 15)), "every step's number is drawn"
            goal = [b["text"] for b in boxes if b["slug"] == ROUTE_GOAL]
            assert goal and goal[0], f"the route's goal {ROUTE_GOAL} shows its number without its name: {goal}"
            assert not disc_collisions(discs, boxes), disc_collisions(discs, boxes)
            for d in discs:  # each number is drawn next to its own chapter (at most two lines out)
                p = page.evaluate("(s) => window.topicGraph.nodePosition(s)", d["slug"])
                r = page.evaluate("(s) => window.topicGraph.nodeRadius(s)", d["slug"])
                assert ((d["x"] - p["x"]) ** 2 + (d["y"] - p["y"]) ** 2) ** 0.5 <= r + 7 * d["r"] + 4, d
            # Zoom by hand, in and out: still no overlap, nothing cut.
            box = canvas_box(page)
            page.mouse.move(box["x"] + box["w"] / 2, box["y"] + box["h"] / 2)
            for delta, what in ((-240, "zoomed in"), (600, "zoomed out")):
                page.mouse.wheel(0, delta)
                page.wait_for_timeout(400)
                settle(page)
                assert_words_readable(page, what)


@viewports
@schemes
def test_each_theme_name_sits_on_its_own_cluster(browser: Any, bundled_server: Server, viewport: str,
                                                 scheme: str) -> None:
    with browser_page(browser, viewport, scheme) as page:
        views = ["/", f"/?chapter={BUSY[0]}"] if scheme == "light" else ["/?chapter=caching-strategies"]
        bg = None
        for view in views:
            open_app(page, bundled_server.url + view)
            settle(page)
            labels = page.evaluate("() => window.topicGraph.themeLabels()")
            assert not misplaced_themes(page, THEME_OF), (view, misplaced_themes(page, THEME_OF))
            # a name over chapters' dots is drawn on a backdrop, or it reads as noise (and the dots as specks)
            assert not dots_under_themes(page), (view, dots_under_themes(page))
            assert_words_readable(page, view)
            bg = bg or page.locator(GRAPH).evaluate("(el) => getComputedStyle(el).backgroundColor")
            for lab in labels:
                assert contrast(lab["color"], bg) >= 4.5, (lab["slug"], lab["color"], bg)
            if view == "/":  # most themes are named on the whole picture (a name without room is left out)
                assert len(labels) >= (10 if viewport == "phone" else 12), [lab["slug"] for lab in labels]


def test_a_filter_in_fade_mode_frames_its_matches(browser: Any, bundled_server: Server) -> None:
    with browser_page(browser, "projector") as page:
        open_app(page, bundled_server.url)
        settle(page)
        click_legend(page, "databases")
        page.wait_for_function("() => window.topicGraph.fadedNodes().length > 0")
        settle(page)
        faded = set(page.evaluate("() => window.topicGraph.fadedNodes()"))
        matches = [s for s in page.evaluate("() => window.topicGraph.visibleNodes()") if s not in faded]
        assert len(faded) > 100 and len(matches) >= 15  # fade mode: the rest stays drawn, faded
        share = page.evaluate("""(ids) => {
            const g = window.topicGraph, box = g.canvasBox();
            const pts = ids.map((s) => g.nodePosition(s)).filter(Boolean);
            const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
            return [pts.length, (Math.max(...xs) - Math.min(...xs)) / box.w, (Math.max(...ys) - Math.min(...ys)) / box.h];
        }""", matches)
        assert share[0] == len(matches), "every match is on screen"
        assert max(share[1], share[2]) >= 0.6, f"the matches fill only {share[1]:.0%} x {share[2]:.0%}"
        assert_words_readable(page, "fade filter")
        # the filtered theme's name is drawn in full colour; themes with nothing lit are named faded, like
        # their chapters, or left out
        names = {lab["slug"]: lab["faded"] for lab in page.evaluate("() => window.topicGraph.themeLabels()")}
        assert names.get("databases") is False, names
        lit = {THEME_OF[s] for s in matches}
        assert all(faded_name for slug, faded_name in names.items() if slug not in lit), names


def zero_match_filters() -> tuple[Filters, str]:
    """Theme + difficulty + type with no chapter, where dropping the type brings chapters back."""
    for t, d, k in itertools.product(CUR.themes, ("easy", "medium", "hard", "expert"),
                                     ("documentary", "book-summary", "case-study")):
        f = Filters((t.slug,), (d,), (k,))
        if not matching_set(CUR, f) and matching_set(CUR, Filters((t.slug,), (d,), ())):
            return f, k
    raise AssertionError("the bundled content has no such filter")


def test_no_match_says_which_filter_to_clear_and_clears_it(browser: Any, bundled_server: Server) -> None:
    f, kind = zero_match_filters()
    params = "&".join(f"{k}={v}" for k, v in f.to_params().items())
    with browser_page(browser, "desktop") as page:
        open_app(page, f"{bundled_server.url}/?{params}")
        page.wait_for_function("() => window.topicGraph.emptyMessage() !== null")
        message = page.evaluate("() => window.topicGraph.emptyMessage()")
        assert "No chapter matches" in message and "type" in message and kind.replace("-", " ") in message, message
        page.locator(f"{GRAPH} .tg-empty button").click()
        page.wait_for_function("() => !location.search.includes('type=')")
        page.wait_for_function("() => window.topicGraph.emptyMessage() === null")
        assert f"theme={f.themes[0]}" in page.evaluate("() => location.search")
        settle(page)
        assert canvas_share(page) != (0.0, 0.0)


@pytest.mark.parametrize(("viewport", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_png_is_twice_the_canvas_with_title_names_and_legend(browser: Any, bundled_server: Server, tmp_path: Path,
                                                              viewport: str, scheme: str) -> None:
    with browser_page(browser, viewport, scheme, accept_downloads=True) as page:
        open_app(page, f"{bundled_server.url}/?chapter=consensus-protocols")
        settle(page)
        box = canvas_box(page)
        with page.expect_download() as info:
            page.locator(f"{GRAPH} .tg-png").click()
        assert info.value.suggested_filename == "system-design-space-consensus-protocols.png"
        out = tmp_path / "g.png"
        info.value.save_as(out)
        img = Image.open(out).convert("RGB")
        assert img.width >= 2 * box["w"] - 2 and img.height >= 2 * box["h"], (img.size, box)
        # The view is unchanged afterwards (the picture was drawn off screen at the higher resolution).
        assert page.evaluate("() => window.topicGraph.canvasBox().w") == box["w"]
        bg = img.getpixel((1, 1))
        assert (sum(bg) < 200) == (scheme == "dark"), bg

        def ink(region: tuple[int, int, int, int]) -> float:
            """Share of pixels in *region* that differ clearly from the background."""
            crop = img.crop(region)
            px = list(crop.getdata())
            return sum(1 for p in px if sum(abs(a - b) for a, b in zip(p, bg, strict=True)) > 120) / len(px)

        k = img.width / box["w"]
        title_band = (0, 0, img.width, int(30 * k))
        graph_band = (0, int(40 * k), img.width, int(40 * k + box["h"] * k * 0.9))
        legend_band = (0, int(img.height - 20 * k), img.width, img.height)
        assert ink(title_band) > 0.01, "a title is written at the top"
        assert ink(graph_band) > 0.01, "the graph is drawn"
        assert ink(legend_band) > 0.005, "the legend is written at the bottom"
        colours = {p for p in img.crop(graph_band).getdata()}
        assert len(colours) > 500, "nodes in their theme colours and names, not a blank picture"
