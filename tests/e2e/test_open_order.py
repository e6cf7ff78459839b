"""Issue 17 (page open ≤ floor + 1 s): a session's first graph run sends the graph alone, and the reader,
search box, sidebar widgets and the rest once the browser has drawn it (components/state.py graph_first).
What a person sees: the graph comes first, then the rest of the page beside and above it, and nothing moves,
flickers or is drawn twice when it does; a URL notice is there from the start and stays; a graph that cannot
load does not keep the reader away."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BUNDLED
from tests.e2e.helpers import browser_page, save_screenshot, wait_drawn
from tests.e2e.server import Server
from topicgraph.loader import read_curriculum

# When each part first reaches the page, in ms after navigation (performance.now()).
FIRSTS = """
window.__firsts = {};
new MutationObserver(() => {
  const f = window.__firsts, now = performance.now(), reader = document.querySelector('.st-key-reader');
  if (!f.search && document.querySelector('.st-key-search-box input')) f.search = now;
  if (!f.reader && reader && reader.innerText.trim()) f.reader = now;
  if (!f.filters && document.querySelector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')) f.filters = now;
}).observe(document, { childList: true, subtree: true, characterData: true });
"""
# In page coordinates: on a phone a deep link scrolls the page down to the chapter's title.
PANE = """() => { const r = document.querySelector('.st-key-graph-pane').getBoundingClientRect();
  const main = document.querySelector('[data-testid="stMain"]');
  return [Math.round(r.x), Math.round(r.y + scrollY + (main ? main.scrollTop : 0)), Math.round(r.width),
          Math.round(r.height)]; }"""
# Tag the drawn canvas: if the graph were mounted again, the tag would be gone.
TAG = """(tag) => { const host = [...document.querySelectorAll('.st-key-topic-graph *')].find((e) => e.shadowRoot);
  const c = host && host.shadowRoot.querySelector('canvas'); if (!c) return null;
  if (tag) c.__openTag = tag; return c.__openTag || null; }"""


def drawn_at(page: Any) -> float:
    page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null", timeout=90_000)
    return float(page.evaluate("() => window.topicGraph.drawnAt()"))


@pytest.mark.parametrize(("viewport", "scheme"), [("desktop", "light"), ("projector", "dark"), ("phone", "dark")])
def test_the_graph_comes_first_and_the_rest_joins_it_without_a_jump(browser: Any, bundled_server: Server,
                                                                     viewport: str, scheme: str) -> None:
    cur = read_curriculum(BUNDLED)
    chapter = cur.chapter_map["consensus-protocols"]
    with browser_page(browser, viewport, scheme) as page:
        page.add_init_script(FIRSTS)
        page.goto(f"{bundled_server.url}/?chapter={chapter.slug}&difficulty=impossible")
        drawn = drawn_at(page)
        pane, notice = page.evaluate(PANE), page.get_by_text("impossible").first
        assert notice.is_visible(), "the URL notice must be there with the graph"
        assert page.evaluate(TAG, "first") == "first"
        wait_drawn(page)  # now the rest of the page
        page.locator("h1#chapter").get_by_text(chapter.title).wait_for()
        page.wait_for_timeout(800)  # anything still to come would move the graph now
        firsts = page.evaluate("window.__firsts")
        save_screenshot(page, f"open-order-{viewport}-{scheme}.png")
        # the graph was on screen before the search box and the reader (and, where shown, the filters)
        assert drawn < firsts["search"] and drawn < firsts["reader"], (drawn, firsts)
        if viewport != "phone":  # the test server opens the sidebar on a wide screen
            assert drawn < firsts["filters"], (drawn, firsts)
        # and nothing moved the graph or drew it again when they came
        assert page.evaluate(PANE) == pane
        assert page.evaluate(TAG, "") == "first", "the graph was mounted again"
        assert notice.is_visible(), "the URL notice must stay"
        assert page.evaluate("() => window.topicGraph.selected()") == chapter.slug


def test_a_graph_that_cannot_load_does_not_keep_the_reader_away(browser: Any, bundled_server: Server) -> None:
    with browser_page(browser, "desktop") as page:
        page.route("**/vis-network.min.js", lambda route: route.abort())
        page.goto(bundled_server.url)
        # the canvas says why there is no graph, and the page around it comes all the same
        page.locator('[data-testid="topic-graph"]').get_by_text("vis-network").first.wait_for(timeout=60_000)
        page.locator(".st-key-search-box input").wait_for(timeout=30_000)
        page.locator(".st-key-reader").get_by_text("Start here").first.wait_for()
        page.locator(".st-key-search-box input").fill("raft")
        page.locator(".st-key-search-hits button").first.wait_for()
