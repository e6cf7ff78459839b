"""The reader with nothing selected: where to begin (one suggestion, then every theme's entry chapter)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.i18n_ui import difficulty_label, t
from components.state import Explorer, link_query
from topicgraph.model import Chapter
from topicgraph.reading import entry_chapter, start_chapter


def md_escape(text: str) -> str:
    """Titles go into Markdown; keep them literal (no links, emphasis or HTML from content)."""
    for ch in "\\`*_[]<>#|~$":
        text = text.replace(ch, "\\" + ch)
    return text


def chapter_link(chapter: Chapter, **params: str) -> str:
    """A real link to a chapter on the graph page, as Markdown (extra URL parameters kept)."""
    query = "&".join(f"{k}={v}" for k, v in {"chapter": chapter.slug, **params}.items())
    return f"[{md_escape(chapter.title)}](/?{link_query()}{query})"  # c= first: with several curricula


def start_here(ex: Explorer, on_select: Callable[[str | None], None], done: set[str] | None = None,
               before: Callable[[], None] | None = None) -> None:
    """``done`` is given when progress tracking is on: the suggestion then continues where the reader is.
    ``before`` draws what comes before the suggestion (today's chapters of a study plan)."""
    cur = ex.curriculum
    with st.container(key="product-intro"):
        st.markdown(t("start.intro", chapters=t("start.intro_chapters", n=len(cur.chapters)),
                      themes=t("start.intro_themes", n=len(cur.themes))))
    st.title(t("start.title"), anchor=False)
    if before is not None:
        before()
    suggestion, continuing = start_chapter(cur, done)
    if suggestion is None:
        st.success(t("start.all_read"), icon=":material/check_circle:")
    else:
        with st.container(border=True, key="start-suggestion"):
            st.markdown(t("start.continue" if continuing else "start.begin", link=chapter_link(suggestion),
                          difficulty=difficulty_label(suggestion.difficulty)))
            st.caption(suggestion.summary)
            st.button(t("plan.open_here", title=suggestion.title), key="start-open", type="secondary",
                      icon=":material/menu_book:", on_click=on_select, args=(suggestion.slug,))
    st.markdown(t("start.themes"))
    lines = []
    for theme in cur.themes:
        first = entry_chapter(cur, theme.slug)
        if first is not None:
            mark = " ✓" if done and first.slug in done else ""
            theme_page = f"/themes?{link_query()}theme={theme.slug}"
            lines.append(f"- [{md_escape(theme.name)}]({theme_page}): {chapter_link(first)}{mark}")
    st.markdown("\n".join(lines))
    st.caption(t("start.hint"))
