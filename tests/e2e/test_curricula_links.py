"""A notes curriculum that is not the first one, in a real browser: a chapter link clicked in the reader and a
theme legend click keep ``?c=`` of that curriculum in the address (so the view, reloads and Back stay in it), and
Back returns to the note read before, in the same curriculum and the same page; the reader's links name the
curriculum, so one opened in a new tab stays in it.

The curriculum in the app's own format comes first here, so an address that lost ``c=`` would open it instead,
and the vault's notes would be "no chapter called …"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURE, ROOT
from tests.e2e.helpers import (
    MAIN,
    browser_page,
    click_legend,
    follow_link,
    open_app,
    save_screenshot,
    wait_selected,
    wait_title,
)
from tests.e2e.server import Server
from topicgraph.loader import read_curriculum

VAULT_DIR = ROOT / "tests" / "fixtures" / "notes" / "vault"
VAULT = read_curriculum(VAULT_DIR)
REDIS, CACHING = VAULT.chapter_map["02-databases-redis"], VAULT.chapter_map["01-basics-caching"]


@pytest.fixture(scope="module")
def mixed_server(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    """The content fixture first, the vault second (read-only, its cache apart)."""
    data = os.pathsep.join([str(FIXTURE), str(VAULT_DIR)])
    cache = tmp_path_factory.mktemp("mixed-cache")
    s = Server(Path(data), results_dir / "server-mixed.log", env={"TOPICGRAPH_CACHE": str(cache)})
    yield s
    s.stop()


def params(page: Any) -> dict[str, str]:
    return dict(page.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))"))


def wait_params(page: Any, **wanted: str | None) -> None:
    """Until the address holds these values (None: the parameter is absent)."""
    page.wait_for_function("(w) => { const q = new URLSearchParams(location.search);"
                           " return Object.entries(w).every(([k, v]) => q.get(k) === v); }", arg=wanted)


def vault_drawn(page: Any) -> None:
    page.wait_for_function("(s) => window.topicGraph && JSON.stringify([...window.topicGraph.visibleNodes()].sort())"
                           " === JSON.stringify(s)", arg=sorted(c.slug for c in VAULT.chapters))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_reader_links_and_the_legend_keep_the_curriculum(browser: Any, mixed_server: Server, viewport: str) -> None:
    with browser_page(browser, viewport) as page:
        page.set_default_timeout(60_000)  # two shared cores under load: be generous, never sleep
        open_app(page, f"{mixed_server.url}/?c=vault&chapter={REDIS.slug}")
        wait_selected(page, REDIS.slug)
        wait_title(page, REDIS.title)
        page.evaluate("() => { window.__samePage = true; }")
        # every link of the reader to a note or theme names the vault: opened in a new tab, bookmarked or copied,
        # it shows the vault too
        hrefs = page.locator(".st-key-reader a[href*='chapter='], .st-key-reader a[href*='theme=']").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))")
        assert f"/?c=vault&chapter={CACHING.slug}" in hrefs and all("?c=vault&" in h for h in hrefs), hrefs
        tab = page.context.new_page()
        open_app(tab, mixed_server.url + f"/?c=vault&chapter={CACHING.slug}")
        wait_title(tab, CACHING.title)
        tab.close()

        # a link in the note's text (a relative Markdown link, pointing into the app): the same page, the same vault
        assert follow_link(page, "caching first", CACHING.title) is page
        wait_selected(page, CACHING.slug)
        wait_params(page, c="vault", chapter=CACHING.slug)
        vault_drawn(page)

        # and from there its wiki link [[Redis]], back to Redis: a third entry
        page.locator(".st-key-reader").get_by_role("link", name=REDIS.title, exact=True).first.click()
        wait_selected(page, REDIS.slug)
        wait_params(page, c="vault", chapter=REDIS.slug)

        page.go_back()  # the note read before, in the same curriculum
        wait_selected(page, CACHING.slug)
        wait_title(page, CACHING.title)
        wait_params(page, c="vault", chapter=CACHING.slug)
        vault_drawn(page)

        # a theme of the legend filters the vault's graph; the address keeps the curriculum and the note
        theme = REDIS.themes[0]
        click_legend(page, theme)
        wait_params(page, c="vault", theme=theme, chapter=CACHING.slug)
        page.wait_for_function("(n) => window.topicGraph.fadedNodes().length === n",
                               arg=sum(theme not in c.themes for c in VAULT.chapters))
        save_screenshot(page, f"curricula-links-{viewport}.png")
        page.go_back()  # the filter goes; still the vault, still the note
        wait_params(page, c="vault", theme=None, chapter=CACHING.slug)
        page.wait_for_function("() => window.topicGraph.fadedNodes().length === 0")
        page.go_back()  # and the first note
        wait_selected(page, REDIS.slug)
        wait_params(page, c="vault", chapter=REDIS.slug)
        wait_title(page, REDIS.title)
        vault_drawn(page)

        page.wait_for_timeout(800)  # the app did not write another view over history's
        assert params(page).get("c") == "vault" and params(page).get("chapter") == REDIS.slug
        assert page.evaluate("() => window.__samePage === true")  # no reload on the way
        assert page.locator(f"{MAIN} [data-testid='stAlert']", has_text="no chapter called").count() == 0
