"""The chapter reader shown beside the graph. Content is rendered as Markdown, never as HTML.

DOM contract (the graph's JS relies on it): the chapter title is the page's only ``<h1>``
(``h1#chapter``); chapter links are real anchors ``<a href="/?chapter=slug">`` (new tab, copy
link work; a plain click is taken over by the graph's JS); theme badges link to
``/themes?theme=slug``. Plain-text fields go through :func:`literal`, the body has its remote
images blocked and its ``#`` headings demoted, so the reader never fetches anything foreign.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from urllib.parse import quote

import streamlit as st

from components import state
from components.i18n_ui import difficulty_label, lang, language_badge, t, type_label, when
from components.page_style import badge_key
from topicgraph.model import Chapter, Curriculum
from topicgraph.notes.read import ATTACHMENT_NOTE, IMAGE_NOTE
from topicgraph.query import backlinks
from topicgraph.safe_md import BLOCKED_NOTE, block_remote_images, block_unsafe_links, demote_h1, literal

DIFFICULTY_COLORS = {"easy": "green", "medium": "blue", "hard": "orange", "expert": "red", "unrated": "gray"}
TITLE_LIMIT = 200  # characters of a title shown in the heading; a longer one is cut, the full text right under it
LABEL_LIMIT = 120


def base_path() -> str:
    """``server.baseUrlPath`` as a prefix (``''`` or ``'/prefix'``), so links work behind a proxy path."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def chapter_href(slug: str) -> str:
    return f"{base_path()}/?{state.link_query()}chapter={quote(slug, safe='')}"


def theme_href(slug: str) -> str:
    return f"{base_path()}/themes?{state.link_query()}theme={quote(slug, safe='')}"


_LINKS_KEPT = 20_000  # link lines remembered per content version


def chapter_link(cur: Curriculum, slug: str, note: str = "", language: str | None = None) -> str:
    """One Markdown list item linking to a chapter (``slug (not available)`` when it did not load).

    Kept with the curriculum: a hub chapter lists a hundred backlinks, each escaped on every click."""
    base = f"{base_path()}/?{state.link_query()}"  # with several curricula the link names this one (c=)
    memo: dict[tuple[str, str, str, str], str] = cur.memo.setdefault("chapter_panel.links", {})
    key = (slug, note, base, language or lang())  # the difficulty and "(not available)" follow the language
    line = memo.get(key)
    if line is None:
        line = _link_line(cur, slug, note, base)
        if len(memo) >= _LINKS_KEPT:
            memo.clear()
        memo[key] = line
    return line


def _link_line(cur: Curriculum, slug: str, note: str, base: str) -> str:
    target = cur.get(slug)
    if target is None:  # a link to a chapter that did not load: say so, do not break
        return f"- {t('reader.not_available', slug=literal(slug))}"
    tip = literal(target.summary, limit=300)
    extra = f" · {literal(note)}" if note else ""
    return (f'- [{literal(target.title, limit=LABEL_LIMIT)}]({base}chapter={quote(slug, safe="")} "{tip}")'
            f" · {difficulty_label(target.difficulty)}{extra}")


@lru_cache(maxsize=256)
def safe_body(body: str) -> str:
    """The chapter text as shown: remote images blocked, unsafe links made plain text, ``#`` headings
    demoted. Three Markdown parses, so done once per text, not on every click."""
    return demote_h1(block_unsafe_links(block_remote_images(body)))


# A link into the app in a body: an inline ``](/?chapter=`` or a reference definition ``]: /?chapter=``.
_APP_LINK = re.compile(r"(\]\(<?|\]:[ \t]*<?)/\?chapter=")


def app_links(body: str, prefix: str, query: str) -> str:
    """A body's links into the app (a notes folder's links, made ``/?chapter=slug`` when read) behind the
    server's base path *prefix* and naming the curriculum shown (*query*, ``c=id&``); other links as written.

    >>> app_links("[R](/?chapter=r) and [x]: /?chapter=x and https://e.org/?chapter=y", "/team", "c=v&")
    '[R](/team/?c=v&chapter=r) and [x]: /team/?c=v&chapter=x and https://e.org/?chapter=y'
    """
    if not prefix and not query:
        return body
    return _APP_LINK.sub(lambda m: f"{m[1]}{prefix}/?{query}chapter=", body)


_NOTES = ((literal(BLOCKED_NOTE), "reader.remote_image_blocked"), (literal(ATTACHMENT_NOTE), "reader.attachment"),
          (literal(IMAGE_NOTE), "reader.image_not_shown"))


def in_language(body: str) -> str:
    """What the reader adds to a body (a blocked image, an attachment, an image of a note not shown) in the
    reader's language; the body's own words as written (the notes are escaped Markdown, the text's are not)."""
    for note, key in _NOTES:
        if note in body:
            body = body.replace(note, literal(t(key)))
    return body


def in_curriculum(body: str) -> str:
    """A body's links to chapters behind ``server.baseUrlPath``, naming the curriculum shown when there are several
    (``/?c=id&chapter=slug``), so that one opened in a new tab stays in it (:func:`app_links`)."""
    return app_links(body, base_path(), state.link_query())


def link_kind(kind: str) -> str:
    """A link's kind as the reader says it ("context", «контекст»)."""
    return t(f"link.{kind}") if kind in ("context", "next", "prerequisite") else kind


def chapter_links(cur: Curriculum, slugs: Iterable[str], notes: dict[str, str] | None = None) -> None:
    language = lang()  # once per list: a hub chapter lists a hundred backlinks
    items = [chapter_link(cur, s, (notes or {}).get(s, ""), language) for s in slugs]
    if items:
        st.markdown("\n".join(items))


def chapter_panel(
    chapter: Chapter,
    cur: Curriculum,
    on_select: Callable[[str | None], None],
    top: Callable[[Chapter], None] | None = None,
    bottom: Callable[[Chapter], None] | None = None,
) -> None:
    """The reader. ``top`` renders under the badges (e.g. the reading-status control), ``bottom``
    after the links (e.g. theme cards of a bridge chapter)."""
    themes = cur.theme_map
    cut = len(chapter.title) > TITLE_LIMIT  # only then is the heading cut (and clamped), the full title under it
    with st.container(horizontal=True, key="reader-head-cut" if cut else "reader-head", vertical_alignment="top",
                      gap="small"):
        st.title(literal(chapter.title, limit=TITLE_LIMIT), anchor="chapter")
        st.button(t("reader.close"), key=f"close-{chapter.slug}", icon=":material/close:", type="tertiary",
                  on_click=on_select, args=(None,))
    if cut:
        with st.expander(t("reader.full_title")):
            st.markdown(literal(chapter.title))
    with st.container(horizontal=True, gap="small", key="reader-badges", vertical_alignment="center"):
        for slug in chapter.themes:
            with st.container(key=badge_key(slug), width="content"):
                st.markdown(f"[{literal(themes[slug].name, limit=60)}]({theme_href(slug)})")
        st.badge(difficulty_label(chapter.difficulty), color=DIFFICULTY_COLORS[chapter.difficulty],
                 icon=":material/signal_cellular_alt:")
        st.badge(type_label(chapter.type), color="gray")
        language_badge(chapter)  # "EN only" when the text is not in the interface language
    if top is not None:
        top(chapter)
    st.caption(t("reader.updated", date=when(chapter.updated)))
    st.markdown(f"_{literal(chapter.summary)}_")

    if chapter.context.chapter:  # an imported note has no context box
        with st.container(border=True, key="reader-context"):
            st.markdown(f"**{literal(chapter.context.label)}**")
            chapter_links(cur, [chapter.context.chapter])
            st.caption(literal(chapter.context.why))

    st.markdown(in_language(in_curriculum(safe_body(chapter.body))))

    st.header(t("reader.note_links") if cur.is_notes else t("reader.next"), anchor=False)
    chapter_links(cur, chapter.next)
    if chapter.prerequisites:
        st.header(t("reader.before"), anchor=False)
        chapter_links(cur, chapter.prerequisites)
    arrivals: dict[str, list[str]] = {}
    for kind, slug in backlinks(cur, chapter.slug):
        arrivals.setdefault(slug, []).append(kind)
    if arrivals:
        st.header(t("reader.linked_from"), anchor=False)
        said = {kind: link_kind(kind) for kinds in arrivals.values() for kind in kinds}  # a few kinds, many links
        chapter_links(cur, sorted(arrivals), {s: " + ".join(said[x] for x in k) for s, k in arrivals.items()})
    if bottom is not None:
        bottom(chapter)
