"""XSS and injection payloads in every text field and every URL parameter, in real Chromium.

One temporary copy of the fixture content gets, per payload family, a theme whose name and
description are the payload and a chapter whose title, summary, context label and why, and body
carry it (``hostile-N``; they link to each other, so the links' hover text shows the next one's
summary). Each chapter is opened and its links hovered; each payload also goes into all URL
parameters at once. After every page: no dialog fired, no ``window.__xss`` set, no element the app
never renders (``script``/``iframe``/``object``/``embed``, ``on*`` handlers, ``javascript:`` links,
images from other hosts) beyond the clean page's own, and no request left localhost.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import FIXTURE
from tests.e2e.conftest import Requests
from tests.e2e.helpers import click_node, wait_drawn, wait_selected
from tests.e2e.server import Server

MARK = "window.__xss=1"
# (id, one-line payload, extra body-only Markdown)
PAYLOADS: list[tuple[str, str, str]] = [
    ("script-tag", f"<script>{MARK};alert(1)</script>", ""),
    ("img-onerror", f'<img src=x onerror="{MARK};alert(2)">', ""),
    ("svg-onload", f"<svg onload={MARK}><circle r=9></circle></svg>", ""),
    ("javascript-link", "[click me](javascript:window.__xss=1)", "<javascript:alert(4)>\n\n[ref][j]\n\n[j]: javascript:alert(4)"),
    ("iframe", '<iframe src="http://example.invalid/frame"></iframe>', '<object data="http://example.invalid/o"></object>'),
    ("streamlit-directives", ":material/warning: :red[ALERT] :rainbow-background[log in] :streamlit:", ""),
    ("remote-image", "![tracker](http://example.invalid/p.png)", "![ref img][r]\n\n[r]: https://example.invalid/r.png\n\n"
                                                                   "![proto](//example.invalid/p2.png)"),
    ("data-url", "[d](data:text/html,<script>alert(7)</script>) ![s](data:image/svg+xml,<svg onload=alert(7)>)", ""),
    ("html-entities", "&lt;script&gt;alert(8)&lt;/script&gt; &#x3C;img src=x onerror=alert(8)&#x3E; &#106;avascript:x", ""),
    ("rtl-override", "\u202egnp.exe \u200b\u2066hidden\u2069 admin\u202c", ""),
    ("katex-href", "$\\href{javascript:alert(10)}{x}$ $$\\url{javascript:alert(10)}$$", ""),
    ("event-anchor", '<a href="http://example.invalid" onmouseover="window.__xss=1">hover</a> <http://example.invalid/a>',
     "<details open ontoggle=alert(12)><summary>x</summary></details>\n\n<style>*{background:url(http://example.invalid/s)}</style>"),
    ("phishing-newlines", "Session expired - [log in](http://example.invalid/login)", "%0A%0A# injected heading\n\n---\n\n# H1"),
]
# Elements and attributes the app must never get from content. Counted on the clean page first.
DANGEROUS = ("script", "iframe", "object", "embed", "[onerror]", "[onload]", "[onmouseover]", "[ontoggle]",
             "a[href^='javascript:' i]", "a[href^='data:' i]", "img[src^='http']", "img[src^='//']",
             "link[href*='example.invalid']")
URL_PARAMS = ("chapter", "theme", "difficulty", "type", "mode", "route", "depth", "present")


def yaml_str(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def hostile_content(root: Path) -> Path:
    shutil.copytree(FIXTURE, root)
    themes = (root / "themes.yaml").read_text()
    for i, (_, payload, _) in enumerate(PAYLOADS):
        themes += (f"- slug: hostile-{i}\n  name: {yaml_str(payload)}\n  description: {yaml_str(payload)}\n"
                   f"  color: \"#{(i * 2654435761) % 0xFFFFFF:06x}\"\n  order: {10 + i}\n")
        nxt = f"hostile-{i + 1}" if i + 1 < len(PAYLOADS) else "system-types"
        (root / "chapters" / f"hostile-{i}.md").write_text(
            f"---\ntitle: {yaml_str(payload)}\nthemes: [hostile-{i}, databases]\ndifficulty: medium\n"
            f"type: original\nupdated: 2026-03-01T10:00:00\nsummary: {yaml_str(payload)}\n"
            f"context:\n  chapter: hostile-{(i + 1) % len(PAYLOADS)}\n  label: {yaml_str(payload)}\n"
            f"  why: {yaml_str(payload)}\nnext: [{nxt}]\n---\n"
            f"## Body {i}\n\n{payload}\n\nIn a sentence: {payload} end.\n\n{PAYLOADS[i][2]}\n\n- item {payload}\n\n"
            f"> quote {payload}\n", encoding="utf-8")
    (root / "themes.yaml").write_text(themes)
    return root


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    root = hostile_content(tmp_path_factory.mktemp("hostile") / "content")
    s = Server(root, results_dir / "server-hostile.log")
    yield s
    s.stop()
    log = (results_dir / "server-hostile.log").read_text()
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture
def watched(page: Any) -> Iterator[tuple[Any, list[str]]]:
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    yield page, dialogs


COUNT_JS = """(sels) => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {  // the document and every open shadow root in it
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  return Object.fromEntries(sels.map((s) => [s, roots.reduce((n, r) => n + r.querySelectorAll(s).length, 0)]));
}"""


def dangerous_counts(page: Any) -> dict[str, int]:
    return dict(page.evaluate(COUNT_JS, list(DANGEROUS)))


@pytest.fixture(scope="module")
def baseline(browser: Any, hostile_server: Server) -> dict[str, int]:
    """What the app itself renders on a clean chapter (Streamlit's own scripts and styles)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{hostile_server.url}/?chapter=redis-architecture")
    wait_drawn(page)
    wait_selected(page, "redis-architecture")
    page.get_by_text("Where to go next").first.wait_for()
    counts = dangerous_counts(page)
    context.close()
    return counts


def assert_clean(page: Any, dialogs: list[str], requests: Requests, baseline: dict[str, int], where: str) -> None:
    assert dialogs == [], (where, dialogs)
    assert page.evaluate("() => window.__xss === undefined"), where
    found = dangerous_counts(page)
    extra = {sel: n for sel, n in found.items() if n > baseline.get(sel, 0)}
    assert extra == {}, (where, extra)
    assert requests.foreign() == [], (where, requests.foreign())


def params(xfail: dict[str, str] | None = None) -> list[Any]:
    """Every payload; a known gap is xfail(strict=True) with its reason, so fixing it turns the case red."""
    xfail = xfail or {}
    return [pytest.param(i, id=name, marks=[pytest.mark.xfail(strict=True, reason=xfail[name])] if name in xfail else [])
            for i, (name, _, _) in enumerate(PAYLOADS)]


@pytest.fixture(scope="module")
def reader_page(browser: Any, hostile_server: Server) -> Iterator[tuple[Any, list[str], Requests]]:
    """One session for all chapter cases: each opens its chapter by clicking its node (a fragment rerun,
    much cheaper than a page load on a busy machine). Dialogs and requests are cleared per case."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    requests = Requests()
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    context.on("request", lambda r: requests.urls.append(r.url))
    page = context.new_page()
    page.on("dialog", on_dialog)
    page.set_default_timeout(30_000)
    page.goto(hostile_server.url)
    wait_drawn(page)
    yield page, dialogs, requests
    context.close()


@pytest.mark.parametrize("i", params())
def test_payload_in_every_chapter_and_theme_field(reader_page: tuple[Any, list[str], Requests],
                                                  baseline: dict[str, int], i: int) -> None:
    page, dialogs, requests = reader_page
    dialogs.clear()
    requests.urls.clear()
    slug = f"hostile-{i}"
    page.mouse.move(5, 5)
    click_node(page, slug)
    wait_selected(page, slug)
    page.wait_for_function("(n) => [...document.querySelectorAll('h2, h3')].some((h) => h.innerText.includes(n))",
                           arg=f"Body {i}")
    assert_clean(page, dialogs, requests, baseline, f"{slug} opened")
    # the reader's chapter links carry the linked chapter's summary as hover text: hover each, and the
    # link to the next hostile chapter shows that chapter's payload as typed (plain text, nothing rendered)
    links = page.locator('.st-key-reader a[href*="chapter="]')
    assert links.count() >= 2  # the context link and "Where to go next"
    for k in range(links.count()):
        link = links.nth(k)
        if link.is_visible():  # the "Linked from" ones sit in a closed expander
            link.hover(timeout=5_000)
            page.wait_for_timeout(300)  # a hover handler would run now; nothing to wait for when none does
    assert_clean(page, dialogs, requests, baseline, f"{slug} links hovered")
    j = (i + 1) % len(PAYLOADS)
    tip = page.locator(f'.st-key-reader a[href$="?chapter=hostile-{j}"]').first.get_attribute("title")
    assert tip is not None and " ".join(tip.replace("\u2060", "").split()) == " ".join(PAYLOADS[j][1].split())
    # the graph's own tooltip shows title and theme name
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    if pos is not None:
        page.mouse.move(pos["x"], pos["y"])
        page.wait_for_timeout(300)
    assert_clean(page, dialogs, requests, baseline, f"{slug} node hovered")


@pytest.mark.parametrize("i", params())
def test_payload_in_every_url_parameter(watched: tuple[Any, list[str]], requests: Requests, hostile_server: Server,
                                        baseline: dict[str, int], i: int) -> None:
    page, dialogs = watched
    payload = PAYLOADS[i][1] + ("\n\n# injected" if i % 2 else "")
    query = "&".join(f"{p}={quote(payload)}" for p in URL_PARAMS)
    page.goto(f"{hostile_server.url}/?{query}")
    page.locator('[data-testid="stAlert"]').first.wait_for()  # the unknown-value notices
    page.locator('[data-testid="topic-graph"]').wait_for(state="attached")
    assert_clean(page, dialogs, requests, baseline, f"url {PAYLOADS[i][0]}")
    # a URL value is never Markdown: no link, heading or image made from it in the notices
    notices = page.locator('[data-testid="stAlert"]')
    assert notices.locator("a, img, h1, h2, h3").count() == 0, notices.all_inner_texts()
    assert notices.count() <= 8  # capped, not one box per value


@pytest.mark.parametrize("path", ["themes", "catalog", "about"])
def test_every_payload_on_the_other_pages(watched: tuple[Any, list[str]], requests: Requests, hostile_server: Server,
                                          baseline: dict[str, int], path: str) -> None:
    page, dialogs = watched
    page.goto(f"{hostile_server.url}/{path}")
    page.locator('[data-testid="stSidebar"]').get_by_text("Showing").wait_for()
    page.wait_for_timeout(500)
    assert_clean(page, dialogs, requests, baseline, path)
    for i in range(len(PAYLOADS)):
        page.goto(f"{hostile_server.url}/{path}?theme=hostile-{i}")
        page.locator('[data-testid="stSidebar"]').get_by_text("Showing").wait_for()
        assert_clean(page, dialogs, requests, baseline, f"{path}?theme=hostile-{i}")
        if path != "themes":
            break
