"""Several curricula in a real browser: switching curriculum is a history entry, and Back/Forward switch the
curriculum back (with the chapter that was open) in the same page, at a desk and on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.helpers import browser_page, open_app, save_screenshot, wait_selected
from tests.e2e.server import Server
from topicgraph.loader import read_curriculum

NOTES = ROOT / "tests" / "fixtures" / "notes"
VAULT = sorted(c.slug for c in read_curriculum(NOTES / "vault").chapters)
NOLINKS = sorted(c.slug for c in read_curriculum(NOTES / "nolinks").chapters)
SIDEBAR = '[data-testid="stSidebar"]'


def wait_nodes(page: Any, slugs: list[str]) -> None:
    page.wait_for_function("(s) => window.topicGraph && JSON.stringify([...window.topicGraph.visibleNodes()].sort())"
                           " === JSON.stringify(s)", arg=slugs)


def wait_url(page: Any, part: str, present: bool = True) -> None:
    page.wait_for_function("([p, on]) => location.search.includes(p) === on", arg=[part, present])


def picker(page: Any) -> Any:
    if page.evaluate("() => document.querySelector('[data-testid=stSidebar]')?.dataset.collapsed === 'true'"):
        page.locator('[data-testid="stExpandSidebarButton"]').click()
    box = page.locator(f"{SIDEBAR} [data-testid='stSelectbox']", has_text="Curriculum")
    box.wait_for()
    return box


def pick(page: Any, name: str) -> None:
    """Choose *name* in the sidebar's picker. Right after a deep link the page may still rerun once
    (the sidebar slides in, the URL settles) and close an open list: then open it again, as a reader would."""
    option = page.get_by_role("option", name=name, exact=True)
    for _ in range(5):
        picker(page).locator("input").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:  # the list closed: open it again
            page.keyboard.press("Escape")
    option.click()


def shown_in_picker(page: Any, name: str) -> None:
    expect(picker(page).locator("input")).to_have_value(name)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_back_and_forward_switch_the_curriculum_in_the_same_page(browser: Any, notes_server: Server,
                                                                 viewport: str) -> None:
    with browser_page(browser, viewport) as page:
        page.set_default_timeout(60_000)  # two shared cores under load: be generous, never sleep
        open_app(page, notes_server.url + "/?c=vault&chapter=02-databases-redis")
        wait_selected(page, "02-databases-redis")
        page.evaluate("() => { window.__samePage = true; }")
        start = page.evaluate("() => history.length")

        pick(page, "nolinks")  # the sidebar's choice: a history entry naming the other curriculum
        wait_url(page, "c=nolinks")
        wait_nodes(page, NOLINKS)
        wait_url(page, "chapter=", present=False)
        assert page.evaluate("() => history.length") == start + 1

        page.go_back()  # the vault again, with the note that was open
        wait_url(page, "c=vault")
        wait_nodes(page, VAULT)
        wait_selected(page, "02-databases-redis")
        shown_in_picker(page, "vault")
        save_screenshot(page, f"curricula-back-{viewport}.png")

        page.go_forward()  # and the folder without links again
        wait_url(page, "c=nolinks")
        wait_nodes(page, NOLINKS)
        wait_selected(page, None)
        shown_in_picker(page, "nolinks")
        # all in the same page (no reload), and the app did not write another view over history's
        page.wait_for_timeout(800)
        assert page.evaluate("() => window.__samePage === true")
        assert "c=nolinks" in page.url and "chapter=" not in page.url
