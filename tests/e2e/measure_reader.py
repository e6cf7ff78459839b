"""Measure the reader on the bundled curriculum (not a test): ``python -m tests.e2e.measure_reader``.

Prints, per viewport, the key presses from the search box to the first chapter link in the reader
(with and without the skip link) on ``/?chapter=rag-architecture``, and where the new chapter's
title sits after reading to the end of a chapter and opening another one in the page (px above
the visible part of its scroll box, negative means inside it; and its top's y in the window: on the
phone it is the graph's JS that scrolls it into view).
"""

from __future__ import annotations

from typing import Any

from tests.conftest import BUNDLED, ROOT
from tests.e2e.helpers import MAIN, click_node, open_app, wait_title
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, Server

VIEWPORTS = ((1440, 900), (1280, 720), (390, 844))
FOCUS = "() => [document.activeElement.innerText || '', document.activeElement.getAttribute('href') || '']"
OFFSET = """() => { const h = document.querySelector('h1#chapter'), r = h.getBoundingClientRect();
  let p = h.parentElement;
  while (p && !(p.scrollHeight > p.clientHeight + 1 && ['auto', 'scroll'].includes(getComputedStyle(p).overflowY)))
    p = p.parentElement;
  return Math.round(Math.max(p ? p.getBoundingClientRect().top : 0, 0) - r.bottom); }"""


def tabs(page: Any, skip: bool) -> str:
    page.locator(f"{MAIN} input").first.focus()
    enters = 0
    for n in range(1, 80):
        page.keyboard.press("Tab")
        text, href = page.evaluate(FOCUS)
        if skip and href == "#chapter" and "Skip" in text:
            page.keyboard.press("Enter")
            enters, skip = 1, False
        elif "chapter=" in href:
            return f"{n} Tab" + (" + 1 Enter" if enters else "")
    return "not reached"


def main() -> None:
    from playwright.sync_api import sync_playwright

    server = Server(BUNDLED, ROOT / "test-results" / "server-measure.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height in VIEWPORTS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.set_default_timeout(30_000)
                open_app(page, f"{server.url}/?chapter=rag-architecture")
                wait_title(page, "Retrieval-Augmented Generation (RAG) Architecture")
                page.locator(".st-key-reader a[href*='chapter=']").last.scroll_into_view_if_needed()
                if width < 640:  # the phone's graph strip is above: scroll back up to tap
                    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
                click_node(page, "llm-evaluation")
                wait_title(page, "Evaluating LLM Applications")
                top = round(page.locator("h1#chapter").bounding_box()["y"])
                offset = page.evaluate(OFFSET)
                open_app(page, f"{server.url}/?chapter=rag-architecture")  # a fresh load for the keyboard
                wait_title(page, "Retrieval-Augmented Generation (RAG) Architecture")
                without, with_skip = tabs(page, skip=False), tabs(page, skip=True)
                print(f"{width}x{height}: search -> first chapter link: {with_skip} with the skip link, "
                      f"{without} without; new title after reading to the end: {offset} px above "
                      f"its scroll box's visible part, top at y={top} of {height}")
                page.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
