"""The graph in Russian (issue 19) in real Chromium on the bundled curriculum (every chapter and theme
translated), at 1440×900, 1280×720 and 390×844, light and dark: on the home view, a busy chapter and a
route the drawn words (boxes at the drawn size) do not overlap and are not cut by the canvas edge, theme
names sit on their own cluster; the toolbar and the legend speak Russian and every button holds its text;
the no-match message, the live region and the PNG title are Russian; a language switch re-words the
component without rebuilding it. Screenshots go to test-results/graph-ru-*.png."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import BUNDLED, ROOT
from tests.e2e.conftest import Server
from tests.e2e.helpers import VIEWPORTS, browser_page, open_app, save_screenshot, wait_selected, wait_still
from tests.e2e.labels import (
    ROUTE_DISCS,
    canvas_box,
    cut_by_edge,
    disc_collisions,
    label_boxes,
    misplaced_themes,
    overlapping_pairs,
    theme_boxes,
)
from topicgraph.graph import build_graph
from topicgraph.i18n import catalog
from topicgraph.i18n.content import localize
from topicgraph.loader import read_curriculum
from topicgraph.query import Filters, matching_set
from topicgraph.routes import path_to

CUR = read_curriculum(BUNDLED)
RU = localize(CUR, "ru")
THEME_OF = {c.slug: c.theme for c in CUR.chapters}
G = build_graph(CUR)
ROUTE_GOAL = next(c.slug for c in CUR.chapters if len(path_to(CUR, G, c.slug)) == 14)
BUSY = "consensus-protocols"
GRAPH = '[data-testid="topic-graph"]'
UI = {k[len("graph."):]: v for k, v in catalog("ru").items() if k.startswith("graph.")}

# Every button of the graph (toolbar, legend, reader toggle): its text and whether the text fits.
BUTTONS = """(all) => all.filter((b) => b.offsetParent !== null).map((b) => ({
    text: b.innerText.trim(), label: b.getAttribute("aria-label") || b.title || "",
    fits: b.scrollWidth <= b.clientWidth + 1 && b.scrollHeight <= b.clientHeight + 1,
    w: b.clientWidth, sw: b.scrollWidth, cls: b.className }))"""


def settle(page: Any) -> None:
    wait_still(page)
    page.wait_for_timeout(300)
    wait_still(page)


def assert_words_readable(page: Any, what: str) -> list[dict[str, Any]]:
    boxes = label_boxes(page)
    words = boxes + theme_boxes(page)
    assert not overlapping_pairs(words), f"{what}: overlapping words {overlapping_pairs(words)}"
    cut = cut_by_edge(words, canvas_box(page))
    assert not cut, f"{what}: cut by the canvas edge {cut}"
    return boxes


def assert_toolbar_russian(page: Any, what: str) -> None:
    page.locator(f"{GRAPH} .tg-fit").filter(has_text=UI["fit"]).wait_for()
    buttons = page.locator(f"{GRAPH} button").evaluate_all(BUTTONS)
    texts = {b["text"] for b in buttons}
    assert {UI["fit"], UI["png"]} <= texts and (UI["present"] in texts or UI["present_exit"] in texts), texts
    overflow = [b for b in buttons if not b["fits"]]
    assert not overflow, f"{what}: text overflows its button {overflow}"
    labels = {b["label"] for b in buttons}
    assert UI["fit_help"] in labels and UI["zoom_in_help"] in labels, labels
    # The legend: Russian theme names, the link kinds in Russian; no English word in the graph's own text.
    legend = page.locator(f"{GRAPH} .tg-legend").text_content() or ""  # the link kinds line is hidden on a phone
    assert UI["kinds"] in legend and "next" not in legend and "Databases" not in legend, legend
    assert page.locator(f"{GRAPH} .tg-canvas").get_attribute("aria-label") == UI["canvas"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_russian_graph_words_readable_and_in_place(browser: Any, bundled_server: Server, viewport: str,
                                                   scheme: str) -> None:
    with browser_page(browser, viewport, scheme) as page:
        # The whole picture: every theme name on its own cluster, nothing overlapping or cut.
        open_app(page, f"{bundled_server.url}/?lang=ru")
        settle(page)
        assert_toolbar_russian(page, "home")
        names = {lab["name"] for lab in page.evaluate("() => window.topicGraph.themeLabels()")}
        assert names and names <= {t.name for t in RU.themes}, names  # Russian theme names on the canvas
        assert len(names) >= (10 if viewport == "phone" else 12), names
        assert not misplaced_themes(page, THEME_OF), misplaced_themes(page, THEME_OF)
        assert_words_readable(page, "home")
        save_screenshot(page, f"graph-ru-home-{viewport}-{scheme}.png")

        # A busy chapter: its neighbours' (long, Russian) names.
        open_app(page, f"{bundled_server.url}/?lang=ru&chapter={BUSY}")
        wait_selected(page, BUSY)
        settle(page)
        boxes = assert_words_readable(page, BUSY)
        assert BUSY in {b["slug"] for b in boxes}, "the selected chapter is named"
        assert not misplaced_themes(page, THEME_OF), misplaced_themes(page, THEME_OF)
        ru_title = RU.chapter_map[BUSY].title
        assert page.evaluate("(s) => window.topicGraph.name(s)", BUSY) == ru_title
        assert_toolbar_russian(page, BUSY)
        save_screenshot(page, f"graph-ru-chapter-{viewport}-{scheme}.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_russian_route_numbers_and_names_never_collide(browser: Any, bundled_server: Server, viewport: str,
                                                       scheme: str) -> None:
    with browser_page(browser, viewport, scheme) as page:
        open_app(page, f"{bundled_server.url}/?lang=ru&route={ROUTE_GOAL}")
        page.wait_for_function("() => window.topicGraph.routeNumbers().length === 14")
        settle(page)
        save_screenshot(page, f"graph-ru-route-{viewport}-{scheme}.png")
        boxes = assert_words_readable(page, "route")
        discs = page.evaluate(ROUTE_DISCS)
        assert not disc_collisions(discs, boxes), disc_collisions(discs, boxes)
        assert sorted(d["n"] for d in discs) == list(range(1, 15)), "every step's number is drawn"


def zero_match() -> tuple[Filters, str]:
    for t in CUR.themes:
        for d in ("expert", "easy"):
            for k in ("documentary", "book-summary", "case-study"):
                f = Filters((t.slug,), (d,), (k,))
                if not matching_set(CUR, f) and matching_set(CUR, Filters((t.slug,), (d,), ())):
                    return f, k
    raise AssertionError("the bundled content has no such filter")


@pytest.mark.parametrize(("viewport", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_no_match_message_is_russian_and_clears(browser: Any, bundled_server: Server, viewport: str,
                                                scheme: str) -> None:
    f, kind = zero_match()
    params = "&".join(f"{k}={v}" for k, v in f.to_params().items())
    with browser_page(browser, viewport, scheme) as page:
        open_app(page, f"{bundled_server.url}/?lang=ru&{params}")
        page.wait_for_function("() => window.topicGraph.emptyMessage() !== null")
        message = page.evaluate("() => window.topicGraph.emptyMessage()")
        kind_ru = catalog("ru")[f"type.{kind}"].lower()
        assert UI["empty"] in message and f"тип ({kind_ru})" in message, message
        button = page.locator(f"{GRAPH} .tg-empty button")
        assert button.evaluate("(b) => b.scrollWidth <= b.clientWidth + 1"), "the clear button holds its text"
        # The message sits on the canvas, not over the legend below it.
        box = page.locator(f"{GRAPH} .tg-empty").bounding_box()
        canvas = page.evaluate("() => window.topicGraph.canvasBox()")
        assert box and box["y"] >= canvas["y"] and box["y"] + box["height"] <= canvas["y"] + canvas["h"], (box, canvas)
        save_screenshot(page, f"graph-ru-empty-{viewport}-{scheme}.png")
        button.click()
        page.wait_for_function("() => !location.search.includes('type=')")
        page.wait_for_function("() => window.topicGraph.emptyMessage() === null")
        assert "lang=ru" in page.evaluate("() => location.search")


def test_live_region_png_title_and_a_language_switch_keep_the_graph(browser: Any, bundled_server: Server) -> None:
    with browser_page(browser, "desktop") as page:
        open_app(page, f"{bundled_server.url}/?lang=ru&chapter={BUSY}")
        wait_selected(page, BUSY)
        settle(page)
        # The keyboard walk is announced in Russian, with the Russian plural.
        page.locator(f"{GRAPH} .tg-canvas").focus()
        page.keyboard.press("ArrowRight")
        live = page.locator(f"{GRAPH} .tg-live")
        live.filter(has_text=UI["enter_opens"]).wait_for()
        text = live.inner_text()
        assert "связ" in text and "linked" not in text, text
        page.keyboard.press("Enter")
        live.filter(has_text="Открыта глава").wait_for()

        # The PNG: its title in Russian, named after the view; saved for a look.
        png = page.evaluate("""async () => {
            const m = await window.__topicGraphModule;
            const out = m.renderPng(window.__topicGraphActive);
            return { title: out.title, data: out.canvas.toDataURL("image/png") };
        }""")
        assert png["title"].startswith("System Design Space — ") and "route" not in png["title"], png["title"]
        assert any(ch in png["title"] for ch in "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"), png["title"]
        out = ROOT / "test-results" / "graph-ru-export.png"
        out.write_bytes(base64.b64decode(png["data"].split(",", 1)[1]))
        assert out.stat().st_size > 20_000

        # Switch to English: the same component and network, now in English; then back.
        page.evaluate("() => { window.__topicGraphActive.network.__probe = 'kept'; }")
        page.locator(".st-key-lang-switch").get_by_text("English", exact=True).click()
        page.locator(f"{GRAPH} .tg-fit").filter(has_text="⤢ Fit").wait_for()
        page.wait_for_function("() => window.topicGraph.themeLabels().some((l) => l.name === 'Databases')")
        assert page.evaluate("() => window.__topicGraphActive.network.__probe") == "kept"
        assert "Topic graph" in (page.locator(f"{GRAPH} .tg-canvas").get_attribute("aria-label") or "")
        assert "next" in (page.locator(f"{GRAPH} .tg-legend").text_content() or "")
        settle(page)
        assert_words_readable(page, "after the switch")
        page.locator(".st-key-lang-switch").get_by_text("Русский", exact=True).click()
        page.locator(f"{GRAPH} .tg-fit").filter(has_text=UI["fit"]).wait_for()
        assert page.evaluate("() => window.__topicGraphActive.network.__probe") == "kept"
        assert_toolbar_russian(page, "switched back")



ROWS = """() => {
  const root = [...document.querySelectorAll('.st-key-topic-graph, .st-key-topic-graph *')].find((e) => e.shadowRoot);
  const items = [...root.shadowRoot.querySelectorAll('.tg-legend-item')];
  const box = root.shadowRoot.querySelector('.tg-legend-items').getBoundingClientRect();
  const seen = items.filter((b) => { const r = b.getBoundingClientRect(); return r.bottom <= box.bottom + 1; });
  return { rows: new Set(seen.map((b) => Math.round(b.getBoundingClientRect().top))).size, seen: seen.length,
           all: items.length, canvas: window.topicGraph.canvasBox().h }; }"""


@pytest.mark.parametrize("viewport", ["projector", "phone"])
def test_a_long_legend_folds_to_two_rows_and_unfolds(browser: Any, bundled_server: Server, viewport: str) -> None:
    """Russian theme names wrap the legend to 6 rows at 1280x720 and 9 on a phone, a third of the graph's
    height: it folds to two rows with a button naming how many themes are out of sight."""
    with browser_page(browser, viewport, "dark") as page:
        open_app(page, f"{bundled_server.url}/?lang=ru")
        wait_still(page)
        folded = page.evaluate(ROWS)
        more = page.locator(f"{GRAPH} .tg-legend-more")
        assert folded["rows"] == 2 and folded["seen"] < folded["all"] == 14, folded
        hidden = folded["all"] - folded["seen"]
        assert more.inner_text().strip() == UI["legend_more"]["many" if hidden >= 5 else "few"].format(n=hidden)
        more.click()
        page.wait_for_function("(h) => window.topicGraph.canvasBox().h < h - 10", arg=folded["canvas"])
        opened = page.evaluate(ROWS)
        assert opened["seen"] == 14 and opened["rows"] > 2, opened
        assert more.inner_text().strip() == UI["legend_less"] and more.get_attribute("aria-expanded") == "true"
        assert_words_readable(page, "legend unfolded")  # the canvas shrank: the words are placed again
        more.click()
        page.wait_for_function("(h) => window.topicGraph.canvasBox().h >= h - 1", arg=folded["canvas"])
        # the keyboard reaches a folded theme: focus on it unfolds the legend
        page.locator(f"{GRAPH} .tg-legend-item").first.focus()
        page.keyboard.press("End")
        expect(more).to_have_attribute("aria-expanded", "true")
        assert page.evaluate(ROWS)["seen"] == 14
