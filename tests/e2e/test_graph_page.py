"""The graph component on a small page of its own (tests/e2e/graph_app.py): chapter links as real anchors,
the reader following the selection, and the contract fields other parts pass in (route, local graph,
reading status)."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.conftest import FIXTURE, ROOT
from tests.e2e.conftest import Server
from tests.e2e.helpers import browser_page, canvas_share, open_app, wait_selected, wait_still
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum

CUR = read_curriculum(FIXTURE)


@pytest.fixture(scope="module")
def page_server(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    where = tmp_path_factory.mktemp("graph-page")
    shutil.copyfile(ROOT / "tests" / "e2e" / "graph_app.py", where / "graph_app.py")
    (where / "static").symlink_to(ROOT / "static")  # Streamlit serves static/ next to the main script
    s = Server(FIXTURE, results_dir / "server-graph-page.log", script=str(where / "graph_app.py"))
    yield s
    s.stop()


def wait_heading(page: Any, slug: str) -> None:
    page.wait_for_function("(t) => document.querySelector('h1#chapter')?.textContent.trim() === t",
                           arg=CUR.chapter_map[slug].title)


def link(page: Any, slug: str) -> Any:
    return page.locator(f'.st-key-reader a[href="/?chapter={slug}"]').first


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_following_a_link_shows_and_focuses_the_new_title(browser: Any, page_server: Server, viewport: str) -> None:
    with browser_page(browser, viewport) as page:
        open_app(page, f"{page_server.url}/?chapter=rag-architecture&theme=ai-engineering")
        wait_heading(page, "rag-architecture")
        # A phone holds a deep link's title in view for a moment; a reader's own scroll ends that hold.
        page.mouse.move(195, 800 if viewport == "phone" else 450)
        page.mouse.wheel(0, 40)
        page.wait_for_timeout(200)
        page.evaluate("() => { window.__samePage = true; }")
        nxt = link(page, "llm-serving-cost")
        nxt.scroll_into_view_if_needed()  # read down to the links: the title is far above now
        assert not page.locator("h1#chapter").evaluate(
            "(h) => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
        nxt.click()
        wait_selected(page, "llm-serving-cost")
        wait_heading(page, "llm-serving-cost")
        # The new title is in view and focused; the page did not reload; the filters stayed.
        page.wait_for_function("""() => { const h = document.querySelector('h1#chapter');
            const r = h.getBoundingClientRect(), c = document.querySelector('.st-key-reader').getBoundingClientRect();
            return document.activeElement === h && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0
                && r.right <= innerWidth && r.top >= c.top - 1 && r.bottom <= c.bottom + 1; }""")
        assert page.evaluate("() => window.__samePage") is True
        page.wait_for_url(re.compile(r"chapter=llm-serving-cost"))
        assert "theme=ai-engineering" in page.url
        # Back: the previous chapter again, in the same page.
        page.go_back()
        wait_selected(page, "rag-architecture")
        wait_heading(page, "rag-architecture")
        assert page.evaluate("() => window.__samePage") is True


def test_a_chapter_link_is_a_real_link(browser: Any, page_server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{page_server.url}/?chapter=rag-architecture")
        wait_heading(page, "rag-architecture")
        anchor = link(page, "llm-serving-cost")
        assert anchor.get_attribute("href") == "/?chapter=llm-serving-cost"
        # ctrl-click (and middle click) open the chapter in a new page; this page stays where it was.
        with page.context.expect_page() as info:
            anchor.click(modifiers=["Control"])
        other = info.value
        other.set_default_timeout(30_000)
        other.wait_for_function("() => window.topicGraph && window.topicGraph.selected() === 'llm-serving-cost'")
        other.wait_for_function("() => document.querySelector('h1#chapter')?.textContent.includes('LLM Serving')")
        assert page.evaluate("() => window.topicGraph.selected()") == "rag-architecture"


def test_escape_closes_the_chapter(browser: Any, page_server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{page_server.url}/?chapter=rag-architecture")
        wait_heading(page, "rag-architecture")
        page.locator("h1#chapter").click()
        page.keyboard.press("Escape")
        wait_selected(page, None)
        page.wait_for_function("() => !location.search.includes('chapter=')")
        assert page.locator("h1#chapter").count() == 0


ROUTE = ["system-types", "caching-strategies", "redis-architecture", "qdrant-overview"]


def test_route_is_numbered_highlighted_and_framed(browser: Any, page_server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{page_server.url}/?t_route={','.join(ROUTE)}")
        wait_still(page)
        numbers = page.evaluate("() => window.topicGraph.routeNumbers()")
        assert [(n["slug"], n["n"], n["drawn"]) for n in numbers] == [(s, i + 1, True) for i, s in enumerate(ROUTE)]
        # Links between consecutive route chapters, in either direction, are highlighted; no others.
        g = build_graph(CUR)
        expected = {frozenset(p) for p in pairwise(ROUTE) if g.has_edge(*p) or g.has_edge(*p[::-1])}
        assert len(expected) >= 2
        assert {frozenset(e) for e in page.evaluate("() => window.topicGraph.routeEdges()")} == expected
        faded = set(page.evaluate("() => window.topicGraph.routeFaded()"))
        assert faded == {c.slug for c in CUR.chapters} - set(ROUTE)
        box = page.evaluate("() => window.topicGraph.canvasBox()")
        pts = [page.evaluate("(s) => window.topicGraph.nodePosition(s)", s) for s in ROUTE]
        assert all(pts)
        xs, ys = [p["x"] for p in pts], [p["y"] for p in pts]
        assert max((max(xs) - min(xs)) / box["w"], (max(ys) - min(ys)) / box["h"]) >= 0.6
        assert min(page.evaluate("(s) => window.topicGraph.labelSize(s)", s) for s in ROUTE) >= 12


def test_local_graph_draws_only_its_chapters_framed_and_labelled(browser: Any, page_server: Server) -> None:
    local = ["rag-architecture", "llm-serving-cost", "qdrant-overview", "ai-engineering-overview"]
    with browser_page(browser) as page:
        open_app(page, f"{page_server.url}/?chapter=rag-architecture&t_local={','.join(local)}")
        wait_selected(page, "rag-architecture")
        wait_still(page)
        assert page.evaluate("() => window.topicGraph.visibleNodes()") == sorted(local)
        assert max(canvas_share(page)) >= 0.6
        assert min(page.evaluate("(s) => window.topicGraph.labelSize(s)", s) for s in local) >= 12


def test_reading_status_marks_differ_in_greyscale(browser: Any, page_server: Server) -> None:
    marks = {"system-types": "done", "caching-strategies": "reading", "redis-architecture": "skipped",
             "scalable-systems": ""}
    status = ",".join(f"{k}:{v}" for k, v in marks.items() if v)
    with browser_page(browser) as page:
        open_app(page, f"{page_server.url}/?t_status={status}")
        wait_still(page)
        assert page.evaluate("() => window.topicGraph.statusMarks()") == {k: v for k, v in marks.items() if v}
        # Each node, cut out of a greyscale screenshot and centred, looks different from the others.
        shot = Image.open(io.BytesIO(page.screenshot())).convert("L")
        crops = []
        for slug in marks:
            p = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
            r = page.evaluate("(s) => window.topicGraph.nodeRadius(s)", slug) + 8
            crop = shot.crop((int(p["x"] - r), int(p["y"] - r), int(p["x"] + r), int(p["y"] + r)))
            crops.append(crop.resize((48, 48)))
        for i in range(len(crops)):
            for j in range(i + 1, len(crops)):
                diff = ImageStat.Stat(ImageChops.difference(crops[i], crops[j])).mean[0]
                assert diff > 6, (list(marks)[i], list(marks)[j], diff)


def test_presenter_mode_puts_the_reader_beside_the_full_height_graph(browser: Any, page_server: Server) -> None:
    with browser_page(browser, "projector") as page:
        open_app(page, f"{page_server.url}/?chapter=rag-architecture&present=1")
        wait_heading(page, "rag-architecture")
        wait_still(page)
        box = page.evaluate("() => window.topicGraph.canvasBox()")
        reader = page.locator(".st-key-reader")
        assert reader.evaluate("(el) => getComputedStyle(el).position") == "fixed"
        r = reader.bounding_box()
        assert r["x"] >= 0 and r["y"] >= 0 and r["x"] + r["width"] <= 1280 and r["y"] + r["height"] <= 720
        assert r["width"] <= 0.45 * 1280  # a column beside the graph, not a page
        # issue 15: the graph takes the rest of the window, the reader covers none of it
        assert box["h"] >= 719 and box["w"] + r["width"] >= 1279 and r["x"] >= box["x"] + box["w"] - 1, box
        assert page.locator("h1#chapter").is_visible()
        # The selection and its labels stay clear of the floating legend.
        legend_top = page.locator('[data-testid="topic-graph"] .tg-legend').bounding_box()["y"]
        pos = page.evaluate("() => window.topicGraph.nodePosition('rag-architecture')")
        assert pos["y"] < legend_top
        assert pos["x"] < r["x"]  # not under the reader


def test_marked_chapters_are_ringed_and_named_without_moving_the_view(browser: Any, page_server: Server) -> None:
    """``marked`` (search hits): drawn highlighted, never faded, named first; the camera is where it was."""
    hits = ["redis-architecture", "caching-strategies"]
    with browser_page(browser, "desktop") as page:
        open_app(page, f"{page_server.url}/?chapter=rag-architecture&theme=ai-engineering")
        wait_still(page)
        before = page.evaluate("() => [window.topicGraph.scale(), window.topicGraph.nodePosition('rag-architecture')]")
        assert page.evaluate("() => window.topicGraph.marked()") == []
    with browser_page(browser, "desktop") as page:
        open_app(page, f"{page_server.url}/?chapter=rag-architecture&theme=ai-engineering&t_marked={','.join(hits)}")
        wait_still(page)
        after = page.evaluate("() => [window.topicGraph.scale(), window.topicGraph.nodePosition('rag-architecture')]")
        assert after[0] == pytest.approx(before[0], rel=0.01)
        assert after[1]["x"] == pytest.approx(before[1]["x"], abs=2) and after[1]["y"] == pytest.approx(before[1]["y"], abs=2)
        assert page.evaluate("() => window.topicGraph.marked()") == sorted(hits)
        accent = page.evaluate("() => window.topicGraph.nodeStyle('redis-architecture').color.border")
        plain = page.evaluate("() => window.topicGraph.nodeStyle('system-types').color.border")
        assert accent != plain
        for slug in hits:  # outside the theme filter, yet not faded: full colour, named
            style = page.evaluate("(s) => window.topicGraph.nodeStyle(s).color.background", slug)
            assert not style.startswith("rgba"), (slug, style)
            if page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug) is not None:
                assert page.evaluate("(s) => window.topicGraph.labelSize(s)", slug) >= 12
