"""Russian in a real browser: ?lang=ru survives reload, links and Back/Forward; the graph's node labels,
theme names and legend are Russian; the sidebar switch changes language (a history entry); a browser
set to Russian gets Russian without ?lang."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_bilingual
from tests.e2e.helpers import MAIN, browser_page, open_app, save_screenshot, wait_selected, wait_title
from tests.e2e.server import Server

SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture(scope="module")
def ru_server(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    s = Server(make_bilingual(tmp_path_factory.mktemp("i18n") / "content"), results_dir / "server-i18n.log")
    yield s
    s.stop()


def label(page: Any, slug: str) -> str:
    return str(page.evaluate("(s) => window.topicGraph.name(s)", slug))


def legend(page: Any) -> str:
    return str(page.locator('[data-testid="topic-graph"] [data-theme="databases"]').first.text_content())


def wait_legend(page: Any, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="topic-graph"] [data-theme="databases"]').first).to_contain_text(text)


def wait_url(page: Any, part: str, present: bool = True) -> None:
    page.wait_for_function("([p, on]) => location.search.includes(p) === on", arg=[part, present])


def assert_russian(page: Any) -> None:
    page.wait_for_function("() => (window.topicGraph.name('data-storage-overview') || '').startsWith('Обзор')")
    assert label(page, "data-storage-overview") == "Обзор хранилищ данных"
    assert label(page, "rag-architecture").startswith("Retrieval")  # untranslated: English, never empty
    wait_legend(page, "Базы данных")
    names = page.evaluate("() => window.topicGraph.themeLabels().map((l) => l.name)")
    assert "Базы данных" in names and "Databases" not in names  # the theme names drawn on the canvas
    page.locator(SIDEBAR).get_by_text("Язык").wait_for()


def test_lang_survives_reload_links_and_history(browser: Any, ru_server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{ru_server.url}/?lang=ru&chapter=data-storage-overview")
        wait_title(page, "Обзор хранилищ данных")
        assert_russian(page)
        save_screenshot(page, "i18n-ru.png")
        page.reload()
        open_app(page, page.url)
        wait_title(page, "Обзор хранилищ данных")
        assert_russian(page)
        assert "lang=ru" in page.url

        # a "next" link in the reader: the Russian title, the language kept
        page.locator(MAIN).locator("a").filter(has_text="Redis: база данных в памяти").first.click()
        wait_selected(page, "redis-architecture")
        wait_title(page, "Redis: база данных в памяти")
        wait_url(page, "chapter=redis-architecture")
        assert "lang=ru" in page.url

        # the sidebar switch: English, a history entry of its own
        page.locator(".st-key-lang-switch").get_by_text("English", exact=True).click()
        wait_url(page, "lang=en")
        wait_title(page, "Redis: In-Memory Database and Architecture")
        page.wait_for_function("() => (window.topicGraph.name('data-storage-overview') || '').startsWith('Why')")
        wait_legend(page, "Databases")
        page.wait_for_function("() => window.topicGraph.themeLabels().some((l) => l.name === 'Databases')")

        page.go_back()
        wait_url(page, "lang=ru")
        wait_title(page, "Redis: база данных в памяти")
        assert_russian(page)
        page.go_back()
        wait_url(page, "chapter=data-storage-overview")
        wait_title(page, "Обзор хранилищ данных")
        assert "lang=ru" in page.url
        page.go_forward()
        page.go_forward()
        wait_url(page, "lang=en")
        wait_title(page, "Redis: In-Memory Database and Architecture")


def test_a_browser_in_russian_gets_russian_without_lang(browser: Any, ru_server: Server) -> None:
    with browser_page(browser, locale="ru-RU") as page:
        open_app(page, f"{ru_server.url}/?chapter=rag-architecture")
        wait_title(page, "Retrieval-Augmented Generation (RAG) Architecture")
        assert_russian(page)
        page.locator(MAIN).get_by_text("только EN").first.wait_for()  # the untranslated chapter says so
        assert "lang=" not in page.url  # the browser's choice is not written into shared links


def test_a_russian_query_in_the_english_interface_finds_russian_text_and_says_so(browser: Any,
                                                                                 ru_server: Server) -> None:
    with browser_page(browser) as page:
        open_app(page, f"{ru_server.url}/?lang=en")
        box = page.locator(".st-key-search-box input")
        box.click()
        box.press_sequentially("шардирования", delay=40)
        hits = page.locator(".st-key-search-hits")
        hits.get_by_text("No match in English: found in the Russian text.").wait_for()
        hits.get_by_role("button", name="Обзор хранилищ данных").wait_for()
        hits.get_by_role("button", name="Обзор хранилищ данных").click()
        wait_selected(page, "data-storage-overview")
        wait_title(page, "Why Understand Storage Systems?")  # the chapter opens in the interface's language
