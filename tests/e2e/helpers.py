"""Small page helpers built on the documented `window.topicGraph` hook."""

from __future__ import annotations

from typing import Any

MAIN = '[data-testid="stMain"]'


def open_app(page: Any, url: str) -> None:
    page.goto(url)
    wait_drawn(page)


def wait_drawn(page: Any) -> None:
    page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null")
    page.wait_for_selector('[data-testid="topic-graph"][data-drawn="true"]', state="attached")


def visible(page: Any) -> list[str]:
    return list(page.evaluate("() => window.topicGraph.visibleNodes()"))


def click_node(page: Any, slug: str) -> None:
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    assert pos is not None, f"{slug} is not drawn"
    page.mouse.click(pos["x"], pos["y"])



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
