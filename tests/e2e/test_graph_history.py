"""Browser history in the real app: every chapter change is an entry; Back/Forward restore chapter and
filters in the same page (no reload)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Server
from tests.e2e.helpers import browser_page, click_legend, click_link, click_node, open_app, wait_selected, wait_still

SIDEBAR = '[data-testid="stSidebar"]'


def view(page: Any) -> tuple[str | None, int, bool]:
    """Selected chapter, visible node count, and whether this is still the first page load."""
    return (page.evaluate("() => window.topicGraph.selected()"),
            len(page.evaluate("() => window.topicGraph.visibleNodes()")),
            page.evaluate("() => window.__samePage === true"))


def wait_url(page: Any, part: str, present: bool = True) -> None:
    page.wait_for_function("([p, on]) => location.search.includes(p) === on", arg=[part, present])


def test_back_and_forward_restore_chapter_and_filters(browser: Any, server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{server.url}/?chapter=rag-architecture")
        page.evaluate("() => { window.__samePage = true; }")
        click_link(page, "LLM Serving")  # a "next" link in the reader
        wait_selected(page, "llm-serving-cost")
        wait_url(page, "chapter=llm-serving-cost")
        wait_still(page)
        click_node(page, "ml-system-design-book")  # a node (a neighbour: the view is framed on them)
        wait_selected(page, "ml-system-design-book")
        wait_url(page, "chapter=ml-system-design-book")
        click_legend(page, "databases")  # a filter
        wait_url(page, "theme=databases")
        page.locator(SIDEBAR).get_by_text("Showing 3 of 12 chapters").wait_for()

        page.go_back()  # the filter goes, the chapter stays
        wait_url(page, "theme=", present=False)
        page.locator(SIDEBAR).get_by_text("Showing 12 of 12 chapters").wait_for()
        page.wait_for_function("() => window.topicGraph.fadedNodes().length === 0")
        assert view(page) == ("ml-system-design-book", 12, True)
        page.go_back()
        wait_selected(page, "llm-serving-cost")
        wait_url(page, "chapter=llm-serving-cost")
        page.go_back()
        wait_selected(page, "rag-architecture")
        wait_url(page, "chapter=rag-architecture")
        page.go_forward()
        wait_selected(page, "llm-serving-cost")
        wait_url(page, "chapter=llm-serving-cost")
        page.go_forward()
        page.go_forward()
        wait_url(page, "theme=databases")
        page.locator(SIDEBAR).get_by_text("Showing 3 of 12 chapters").wait_for()
        page.wait_for_function("() => window.topicGraph.fadedNodes().length === 9")
        assert view(page) == ("ml-system-design-book", 12, True)
        # The URL stays what history says: the app does not write the old view back over it.
        page.wait_for_timeout(800)
        assert "chapter=ml-system-design-book" in page.url and "theme=databases" in page.url


def test_filters_from_the_sidebar_are_history_entries_too(browser: Any, server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{server.url}/?chapter=qdrant-overview")
        page.evaluate("() => { window.__samePage = true; }")
        page.locator(SIDEBAR).get_by_text("Hide non-matching chapters").click()
        wait_url(page, "mode=hide")
        page.go_back()
        wait_url(page, "mode=hide", present=False)
        page.locator(SIDEBAR).get_by_role("switch").first.wait_for()
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stSidebar\"] input[role=switch]')?.checked")
        assert view(page)[0] == "qdrant-overview" and view(page)[2] is True
