"""The chapter reader in a real browser: structure, links, keyboard, colour, print, phone, hostile content.

Layout checks run at desktop 1440×900, projector 1280×720 and phone 390×844, light and dark.
Hostile content lives in a private copy of the fixture curriculum served by its own server.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from components.page_style import badge_colors
from tests.conftest import FIXTURE
from tests.e2e.conftest import Requests
from tests.e2e.helpers import MAIN, click_node, follow_link, open_app, wait_drawn, wait_selected, wait_title
from tests.e2e.server import Server
from topicgraph.colors import contrast, to_hex
from topicgraph.loader import read_curriculum
from topicgraph.query import backlinks

VIEWPORTS = {"desktop": (1440, 900), "projector": (1280, 720), "phone": (390, 844)}
SCHEMES = ("light", "dark")
RAG = "Retrieval-Augmented Generation (RAG) Architecture"

HOSTILE_TITLE = ":material/home: :red[Red] $x^2$ https://example.com/x www.example.org a@b.example"
HOSTILE_THEME = ":blue[Data] :material/bolt: $y$ www.example.net"
LONG_TITLE = "Long " + "title " * 1665  # 10,000 characters
LAST_PARAGRAPH = "This is the last paragraph of the long chapter, and it must reach the paper."
FOREIGN_IMAGES = ("http://example.invalid/body.png", "https://example.invalid/b2.png",
                  "//example.invalid/proto.png", "http://example.invalid/why.png",
                  "http://example.invalid/summary.png", "https://example.invalid/ref.png")


# --- helpers -----------------------------------------------------------------------------------------------


def new_page(browser: Any, viewport: str = "desktop", scheme: str = "light", requests: Requests | None = None) -> Any:
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    if requests is not None:
        context.on("request", lambda r: requests.urls.append(r.url))
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def h1_texts(page: Any) -> list[str]:
    return list(page.evaluate("() => [...document.querySelectorAll('h1')].map((h) => h.innerText.trim())"))


def shown(text: str) -> str:
    """Text as a reader sees it (the invisible word joiners that break autolinks removed)."""
    return text.replace("\u2060", "").strip()


def rgb(css: str) -> str:
    r, g, b = (int(float(x)) for x in re.findall(r"[\d.]+", css)[:3])
    return to_hex((r, g, b))


def nested_scroll_boxes(page: Any) -> list[str]:
    """Elements in the main area, other than the page's own scroller, that scroll vertically."""
    return list(page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return [...main.querySelectorAll('*')].filter((e) => {
            const s = getComputedStyle(e);
            return ['auto', 'scroll'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 2
                && e.clientHeight > 0 && !e.closest('[data-testid="topic-graph"]') && !e.closest('pre');
        }).map((e) => e.className.toString().slice(0, 60));
    }"""))


def write_chapter(root: Path, slug: str, *, title: str, summary: str = "One line.", why: str = "Start there.",
                  themes: str = "[databases]", body: str = "## Body\n\nText.\n", nxt: str = "[redis-architecture]"
                  ) -> None:
    front = (f"title: {json.dumps(title)}\nthemes: {themes}\ndifficulty: medium\ntype: original\n"
             f"updated: 2026-03-01T10:00:00\nsummary: {json.dumps(summary)}\n"
             f"context:\n  chapter: data-storage-overview\n  label: Context\n  why: {json.dumps(why)}\n"
             f"next: {nxt}\n")
    (root / "chapters" / f"{slug}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def hostile_content(root: Path) -> Path:
    shutil.copytree(FIXTURE, root)
    themes = (root / "themes.yaml").read_text(encoding="utf-8")
    (root / "themes.yaml").write_text(themes.replace("name: Databases", f"name: {json.dumps(HOSTILE_THEME)}"),
                                      encoding="utf-8")
    body = ("## Pictures\n\nInline ![body alt](http://example.invalid/body.png) here.\n\n"
            "Two: ![second](https://example.invalid/b2.png \"t\") and ![proto](//example.invalid/proto.png).\n\n"
            "By reference: ![ref alt][r]\n\n[r]: https://example.invalid/ref.png\n\n"
            "`![in code](http://example.invalid/code.png)` stays code.\n")
    write_chapter(root, "hostile-images", title="Hostile Images", body=body,
                  why="Why ![w](http://example.invalid/why.png) [Session expired](http://example.invalid/login)",
                  summary="Summary ![s](http://example.invalid/summary.png)")
    write_chapter(root, "hostile-title", title=HOSTILE_TITLE, nxt="[hostile-images, long-title]")
    write_chapter(root, "long-title", title=LONG_TITLE, nxt="[hostile-images]")  # hostile-title links here
    paragraphs = "\n\n".join(f"Paragraph {i}: " + "words that fill the page " * 12 for i in range(60))
    write_chapter(root, "long-chapter", title="A Long Chapter",
                  body=f"## Part one\n\n{paragraphs}\n\n## The end\n\n{LAST_PARAGRAPH}\n")
    return root


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    root = hostile_content(tmp_path_factory.mktemp("hostile") / "content")
    assert not read_curriculum(root).problems, read_curriculum(root).problems
    s = Server(root, results_dir / "server-reader-hostile.log")
    yield s
    s.stop()


# --- 1. structure and layout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_reader_structure_and_layout(browser: Any, server: Server, viewport: str, scheme: str) -> None:
    page = new_page(browser, viewport, scheme)
    open_app(page, f"{server.url}/?chapter=rag-architecture")
    wait_title(page, RAG)
    # one H1, the chapter title; the chapter's sections and the reader's own sections are H2
    assert h1_texts(page) == [RAG]
    h2 = page.evaluate("() => [...document.querySelectorAll('.st-key-reader h2')].map((h) => h.innerText.trim())")
    assert h2 == ["What it is", "Key ideas", "Where to go next", "Read before", "Linked from"]
    graph = page.locator(".st-key-graph-pane").bounding_box()
    reader = page.locator(".st-key-reader").bounding_box()
    if viewport == "phone":  # the reader flows in the page, right under the graph, no box in a box
        assert reader["y"] >= graph["y"] + graph["height"] - 1
        assert reader["y"] - (graph["y"] + graph["height"]) < 80
        assert nested_scroll_boxes(page) == []
    else:  # a column beside the graph that scrolls on its own, no taller than the window
        assert reader["x"] >= graph["x"] + graph["width"] - 1 and abs(reader["y"] - graph["y"]) < 40
        box = page.locator('.st-key-reader [class*="st-key-reader-view-"]')
        assert box.evaluate("(e) => getComputedStyle(e).overflowY") == "auto"
        assert box.bounding_box()["y"] + box.bounding_box()["height"] <= VIEWPORTS[viewport][1]
    page.context.close()


@pytest.mark.parametrize("viewport", ["desktop", "projector"])
def test_a_new_chapter_starts_at_its_top(browser: Any, bundled_server: Server, viewport: str) -> None:
    page = new_page(browser, viewport)
    open_app(page, f"{bundled_server.url}/?chapter=rag-architecture")
    page.locator(".st-key-reader a[href*='chapter=']").last.scroll_into_view_if_needed()  # read to the end
    assert page.locator("h1#chapter").bounding_box()["y"] < 0  # the title scrolled away
    click_node(page, "llm-evaluation")
    wait_title(page, "Evaluating LLM Applications")
    title = page.locator("h1#chapter").bounding_box()
    box = page.locator('.st-key-reader [class*="st-key-reader-view-"]').bounding_box()
    assert box["y"] - 1 <= title["y"] and title["y"] + title["height"] <= VIEWPORTS[viewport][1]
    page.context.close()


def test_the_landing_panel_is_the_only_heading_source_without_a_chapter(page: Any, server: Server) -> None:
    open_app(page, server.url)
    assert page.locator("h1#chapter").count() == 0
    assert len(h1_texts(page)) <= 1  # the landing panel (start_here) may give the page its one H1


# --- 2. chapter links are real links -----------------------------------------------------------------------


def test_chapter_links_are_anchors_that_open_the_chapter_in_a_new_page(page: Any, server: Server) -> None:
    open_app(page, f"{server.url}/?chapter=rag-architecture")
    links = page.locator(".st-key-reader a[href*='chapter=']")
    hrefs = links.evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")
    # context, next, read before, then "linked from" in slug order
    linked_from = sorted({slug for _kind, slug in backlinks(read_curriculum(FIXTURE), "rag-architecture")})
    assert hrefs == ["/?chapter=qdrant-overview", "/?chapter=llm-serving-cost", "/?chapter=ai-engineering-overview",
                     *(f"/?chapter={slug}" for slug in linked_from)]
    assert page.locator(".st-key-reader").get_by_role("button", name=re.compile("LLM Serving")).count() == 0
    # in each list every label starts at the same left edge and is left-aligned, one line or two
    lists = page.locator(".st-key-reader ul:has(a[href*='chapter='])").evaluate_all("""(uls) => uls.map((ul) =>
        [...ul.querySelectorAll('li')].map((li) => [Math.round(li.getBoundingClientRect().left),
                                                   getComputedStyle(li).textAlign]))""")
    assert lists and all(len({left for left, _ in items}) == 1 for items in lists), lists
    assert {align for items in lists for _, align in items} <= {"left", "start"}
    other = page.context.new_page()
    other.goto(server.url + hrefs[1])  # what "open in new tab" does
    wait_drawn(other)
    wait_title(other, "LLM Serving: Latency, Throughput and Cost")
    wait_selected(other, "llm-serving-cost")
    assert h1_texts(other) == ["LLM Serving: Latency, Throughput and Cost"]


# --- 3. close button and theme badges ------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_close_button_has_a_name_and_badges_read_in_their_theme_colour(browser: Any, server: Server,
                                                                       scheme: str) -> None:
    page = new_page(browser, "desktop", scheme)
    open_app(page, f"{server.url}/?chapter=ai-vs-ml-engineering")
    wait_title(page, "AI Engineering vs ML Engineering")
    themes = {t.slug: t for t in read_curriculum(FIXTURE).themes}
    badges = page.locator(".st-key-reader-badges a[href^='/themes?theme=']")
    assert badges.count() == 2  # AI Engineering and ML Engineering
    for i in range(badges.count()):
        badge = badges.nth(i)
        slug = badge.get_attribute("href").split("theme=")[1]
        style = badge.evaluate("(a) => { const s = getComputedStyle(a); return [s.color, s.backgroundColor]; }")
        fg, bg = rgb(style[0]), rgb(style[1])
        assert contrast(fg, bg) >= 4.5, (slug, fg, bg)
        expected = badge_colors(themes[slug].color)
        assert (fg, bg) == (expected[f"{scheme}_text"], expected[f"{scheme}_bg"])  # the theme's own colour
        assert badge.inner_text().strip() == themes[slug].name
    close = page.locator(MAIN).get_by_role("button", name="Close chapter", exact=True)
    assert close.count() == 1
    close.click()
    wait_selected(page, None)
    page.locator("h1#chapter").wait_for(state="detached")
    page.wait_for_function("() => !location.search.includes('chapter=')")
    page.context.close()


# --- 4. skip link ------------------------------------------------------------------------------------------


def tab_to_first_chapter_link(page: Any, use_skip_link: bool) -> int:
    page.locator(f"{MAIN} input").first.focus()
    skipped = False
    for presses in range(1, 61):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const a = document.activeElement;
            return [a.innerText, a.getAttribute('href'), !!a.closest('.st-key-reader')]; }""")
        if skipped:  # the skip link lands in the chapter: the next stop is the reader's own (close, badges, ...)
            assert focused[2], focused
            skipped = False
        if use_skip_link and focused[1] == "#chapter":
            assert focused[0].strip() == "Skip to the chapter"
            box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
            assert box["width"] > 20 and box["height"] > 10 and box["top"] >= 0  # visible once focused
            page.keyboard.press("Enter")
            use_skip_link, skipped = False, True
        elif focused[1] and "chapter=" in focused[1]:
            return presses
    raise AssertionError("no chapter link reached")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_skip_link_reaches_the_chapter_in_a_handful_of_tabs(browser: Any, server: Server, viewport: str) -> None:
    page = new_page(browser, viewport)
    open_app(page, f"{server.url}/?chapter=rag-architecture")
    wait_title(page, RAG)
    skip = page.locator(".st-key-skip-link").bounding_box()
    assert skip["x"] + skip["width"] <= 0 or skip["width"] <= 1  # hidden until focused
    # search box → Share/export → skip link ↵ → Close → theme badge → progress control → first chapter link
    # (19 Tabs before issue 6; without the skip link the graph, route planner and depth control come first)
    assert tab_to_first_chapter_link(page, use_skip_link=True) <= 6
    assert page.evaluate("() => location.hash") == "#chapter"
    page.context.close()


# --- 5. print ----------------------------------------------------------------------------------------------


def test_printing_gives_the_whole_chapter_and_nothing_else(page: Any, hostile_server: Server,
                                                           results_dir: Path) -> None:
    open_app(page, f"{hostile_server.url}/?chapter=long-chapter")
    wait_title(page, "A Long Chapter")
    pdf = page.pdf(format="A4", print_background=True)
    (results_dir / "reader-print.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages >= 3, pages  # ~60 paragraphs do not fit on one page: nothing clipped into a scroll box
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="topic-graph"]').is_visible()
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    last = page.get_by_text(LAST_PARAGRAPH)
    assert last.is_visible()
    # no ancestor of the last paragraph clips it
    clipped = last.evaluate("""(p) => { const r = p.getBoundingClientRect(); const out = [];
        for (let e = p.parentElement; e; e = e.parentElement) { const s = getComputedStyle(e);
          if (s.overflowY !== 'visible') { const b = e.getBoundingClientRect();
            if (r.bottom > b.bottom + 1 && e !== document.documentElement && e !== document.body) out.push(e.className); } }
        return out; }""")
    assert clipped == []
    reader = page.locator(".st-key-reader").bounding_box()
    assert reader["width"] > 600  # the reader takes the page width, not a column


# --- 6. phone ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_tap_opens_the_chapter_in_the_page_flow(browser: Any, server: Server, scheme: str) -> None:
    page = new_page(browser, "phone", scheme)
    open_app(page, server.url)
    pos = page.evaluate("() => window.topicGraph.nodePosition('redis-architecture')")
    page.mouse.click(pos["x"], pos["y"])
    wait_title(page, "Redis: In-Memory Database and Architecture")
    assert nested_scroll_boxes(page) == []
    # the graph's JS scrolls the title into view; the layout lets the page itself do it
    page.evaluate("() => document.querySelector('h1#chapter').scrollIntoView({block: 'start'})")
    title = page.locator("h1#chapter").bounding_box()
    assert title["y"] >= 0 and title["y"] + title["height"] <= VIEWPORTS["phone"][1]
    graph = page.locator(".st-key-graph-pane").bounding_box()
    assert title["y"] > graph["y"] + graph["height"] - 1  # the reader follows the graph strip
    page.context.close()


# --- 7. URL values are never Markdown -------------------------------------------------------------------------


HOSTILE_URL_VALUES = {
    "chapter": "![x](http://example.invalid/p.png)",
    "theme": "[Session expired - log in](http://example.invalid/login)",
    "difficulty": "\n\n# injected heading",
    "type": ":material/home: :red[red] $x$",
}


@pytest.mark.parametrize("param", list(HOSTILE_URL_VALUES))
def test_url_values_are_shown_as_typed(browser: Any, server: Server, param: str) -> None:
    requests = Requests()
    page = new_page(browser, requests=requests)
    value = HOSTILE_URL_VALUES[param]
    open_app(page, f"{server.url}/?{param}={quote(value)}")
    alerts = page.locator(f'{MAIN} [data-testid="stAlert"]')
    alerts.first.wait_for()
    text = shown(alerts.first.inner_text())
    typed = " ".join(value.split())  # literally, line breaks as spaces, long values cut short
    assert (typed if len(typed) <= 40 else typed[:39] + "…") in " ".join(text.split())
    assert alerts.first.locator("a, img, h1, h2, h3, .katex").count() == 0
    assert alerts.first.locator("[data-testid='stIconMaterial']").count() <= 1  # only the notice's own icon
    assert page.locator(f"{MAIN} a[href*='example.invalid'], {MAIN} img[src*='example.invalid']").count() == 0
    assert h1_texts(page) == ["Start here"]  # the landing panel's own H1 only: no heading was injected
    page.wait_for_timeout(300)
    assert requests.foreign() == []
    page.context.close()


def test_many_unknown_values_make_few_notices(page: Any, server: Server) -> None:
    themes = ",".join(f"t{i}" for i in range(1000))
    open_app(page, f"{server.url}/?theme={themes}&difficulty=x,y&chapter=nope")
    alerts = page.locator(f'{MAIN} [data-testid="stAlert"]')
    alerts.first.wait_for()
    texts = [shown(t) for t in alerts.all_inner_texts()]
    assert len(texts) == 3, texts
    assert "1,000 unknown themes were ignored: 't0', 't1', 't2' and 997 more." in texts[0]


# --- 8. nothing foreign is fetched because of content ------------------------------------------------------


def test_remote_images_in_content_are_never_fetched(browser: Any, hostile_server: Server) -> None:
    requests = Requests()
    page = new_page(browser, requests=requests)
    open_app(page, f"{hostile_server.url}/?chapter=hostile-images")
    wait_title(page, "Hostile Images")
    reader = page.locator(".st-key-reader")
    assert reader.inner_text().count("(remote image blocked)") == 4  # body, second, proto, reference
    for alt in ("body alt", "second", "proto", "ref alt"):
        assert reader.get_by_text(alt, exact=True).count() == 1
    assert "![in code](http://example.invalid/code.png)" in reader.inner_text()  # code stays code
    assert shown(page.locator(".st-key-reader-context [data-testid='stCaptionContainer']").inner_text()).startswith(
        "Why ![w](http://example.invalid/why.png) [Session expired](http://example.invalid/login)")
    assert page.locator(f"{MAIN} img").count() == 0
    assert page.locator(f"{MAIN} a[href*='example.invalid']").count() == 0
    # a chapter that links here: hovering the link shows the summary as plain text, fetches nothing
    page.goto(f"{hostile_server.url}/?chapter=hostile-title")
    wait_drawn(page)
    link = page.locator(".st-key-reader a[href='/?chapter=hostile-images']")
    link.hover()
    assert shown(link.get_attribute("title") or "") == "Summary ![s](http://example.invalid/summary.png)"
    page.wait_for_timeout(500)
    assert requests.urls and requests.foreign() == []
    page.context.close()


# --- 10. titles and theme names render literally ---------------------------------------------------------------


def test_markdown_extras_in_titles_and_theme_names_render_literally(page: Any, hostile_server: Server) -> None:
    open_app(page, f"{hostile_server.url}/?chapter=hostile-title")
    title = page.locator("h1#chapter")
    title.wait_for()
    assert shown(title.inner_text()) == HOSTILE_TITLE
    assert title.locator("img, .katex, [data-testid='stIconMaterial']").count() == 0
    assert title.locator("a:not([data-testid='stHeaderActionElements'] a)").count() == 0  # no autolink
    assert title.locator("span[style*='color'], span[class*='color']").count() == 0
    badge = page.locator(".st-key-reader-badges a[href='/themes?theme=databases']")
    assert shown(badge.inner_text()) == HOSTILE_THEME
    assert badge.locator("a, img, .katex, [data-testid='stIconMaterial'], span[style*='color']").count() == 0
    # and in the links of another chapter
    page.goto(f"{hostile_server.url}/?chapter=long-title")
    wait_drawn(page)
    link = page.locator(".st-key-reader a[href='/?chapter=hostile-title']").first
    assert shown(link.inner_text()) == HOSTILE_TITLE
    assert link.locator("a, img, .katex, [data-testid='stIconMaterial']").count() == 0


def test_a_10000_character_title_is_clamped_and_the_panel_works(page: Any, hostile_server: Server) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, f"{hostile_server.url}/?chapter=long-title")
    title = page.locator("h1#chapter")
    title.wait_for()
    assert title.bounding_box()["height"] < 200  # at most four lines
    assert shown(title.inner_text()).endswith("…")
    close = page.get_by_role("button", name="Close chapter", exact=True)
    box = close.bounding_box()
    assert box is not None and 0 <= box["y"] < 900 and box["x"] + box["width"] <= 1440
    # the whole title is there (in its own expander; the route planner above the reader is one too)
    expander = page.locator(".st-key-reader [data-testid='stExpander']").filter(has_text="Full title")
    expander.get_by_text("Full title").click()
    full = expander.locator("[data-testid='stExpanderDetails'] [data-testid='stMarkdownContainer']").first
    full.wait_for()
    assert shown(full.inner_text()) == LONG_TITLE.strip()
    assert page.locator(".st-key-reader a[href='/?chapter=hostile-title']").first.is_visible()
    assert len(page.title()) < 300
    close.click()
    wait_selected(page, None)


# --- 9. live edits ---------------------------------------------------------------------------------------------


@pytest.fixture
def live_server(tmp_path: Path, results_dir: Path) -> Iterator[tuple[Server, Path]]:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    s = Server(root, results_dir / "server-reader-live.log")
    yield s, root
    s.stop()


def test_live_edits_show_on_the_next_click_and_a_deleted_chapter_says_so(page: Any,
                                                                        live_server: tuple[Server, Path]) -> None:
    server, root = live_server
    open_app(page, f"{server.url}/?chapter=system-types")
    wait_title(page, "System Types in System Design Interviews")
    redis = root / "chapters" / "redis-architecture.md"
    redis.write_text(redis.read_text(encoding="utf-8") + "\nFreshly edited sentence number 42.\n", encoding="utf-8")
    click_node(page, "redis-architecture")
    wait_title(page, "Redis: In-Memory Database and Architecture")
    page.locator(".st-key-reader").get_by_text("Freshly edited sentence number 42.").wait_for()
    # delete the open chapter: the next run says so and the URL forgets it
    redis.unlink()
    page.locator('[data-testid="stSidebar"]').get_by_text("Hide non-matching chapters").click()
    page.locator(MAIN).get_by_text("This chapter was removed or renamed").wait_for()
    page.wait_for_function("() => !location.search.includes('chapter=')")
    page.locator("h1#chapter").wait_for(state="detached")
    page.wait_for_function("() => !window.topicGraph.visibleNodes().includes('redis-architecture')")
    assert urlsplit(page.url).query in ("mode=hide", "")


def test_an_edit_shows_on_the_next_click_without_a_reload(page: Any, live_server: tuple[Server, Path]) -> None:
    """A graph-fragment rerun re-checks the content through the file watcher, not a stat of every file."""
    server, content = live_server
    open_app(page, f"{server.url}/?chapter=caching-strategies")
    wait_title(page, "Caching Strategies")
    redis = content / "chapters" / "redis-architecture.md"
    redis.write_text(redis.read_text(encoding="utf-8").replace(
        'title: "Redis: In-Memory Database and Architecture"', 'title: "Redis, Edited While Open"')
        + "\nA sentence added while the page was open.\n", encoding="utf-8")
    # The link was drawn before the edit, so it still carries the old title; the click loads the new text.
    shown = follow_link(page, "Redis: In-Memory Database and Architecture", "Redis, Edited While Open")
    assert shown is page  # the graph's JS took the click: a fragment rerun, not a new page
    reader = page.locator(f"{MAIN} .st-key-reader")
    reader.get_by_text("A sentence added while the page was open.").wait_for()
