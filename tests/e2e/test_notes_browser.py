"""An imported notes folder in a real browser at the three viewports: the graph is drawn, a note opens in
the reader with its links pointing into the app, the problems are listed; a second folder is one choice away."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.helpers import MAIN, browser_page, click_node, open_app, save_screenshot, visible, wait_title
from tests.e2e.server import Server
from topicgraph.loader import read_curriculum

NOTES = ROOT / "tests" / "fixtures" / "notes"
VAULT = read_curriculum(NOTES / "vault")


def problems_text(page: Any) -> str:
    expander = page.locator(f"{MAIN} [data-testid='stExpander']", has_text="problems in the notes").first
    expander.locator("summary").click()
    code = expander.locator('[data-testid="stText"]').first  # plain text (no highlighter to load)
    code.wait_for()
    return str(code.inner_text())


@pytest.mark.parametrize("viewport", ["desktop", "projector", "phone"])
def test_vault_graph_reader_and_problems(browser: Any, notes_server: Server, viewport: str) -> None:
    with browser_page(browser, viewport) as page:
        open_app(page, notes_server.url)
        assert sorted(visible(page)) == sorted(c.slug for c in VAULT.chapters)  # the orphan is drawn too
        assert page.url.endswith("?c=vault") or "c=vault" in page.url
        click_node(page, "02-databases-redis")
        wait_title(page, "Redis")
        # the body's Markdown link and the list of links both lead into the app
        expect(page.locator(f"{MAIN} a[href$='?c=vault&chapter=01-basics-caching']", has_text="caching first")).to_have_count(1)
        page.locator(f"{MAIN} h2", has_text="Links in this note").first.wait_for()
        save_screenshot(page, f"notes-vault-{viewport}.png")
        text = problems_text(page)
        for problem in VAULT.problems:
            assert str(problem) in text


def test_a_folder_without_links_says_why_and_the_sidebar_switches(browser: Any, notes_server: Server) -> None:
    with browser_page(browser, "desktop") as page:
        open_app(page, notes_server.url + "/?c=nolinks")
        assert sorted(visible(page)) == ["alpha-one", "alpha-two", "beta-one"]
        page.locator(MAIN, has_text="None of these 3 notes links to another one").first.wait_for()
        # back to the vault through the sidebar choice
        box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']", has_text="Curriculum")
        box.locator("input").click()
        page.get_by_role("option", name="vault").click()
        page.wait_for_function("() => window.topicGraph && window.topicGraph.visibleNodes().length === 13")
        page.wait_for_url(re.compile(r"[?&]c=vault"))
