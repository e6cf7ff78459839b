"""The reader with nothing selected: where to begin (one suggestion, then every theme's entry chapter)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.state import Explorer
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
    return f"[{md_escape(chapter.title)}](/?{query})"


def start_here(ex: Explorer, on_select: Callable[[str | None], None], done: set[str] | None = None,
               before: Callable[[], None] | None = None) -> None:
    """``done`` is given when progress tracking is on: the suggestion then continues where the reader is.
    ``before`` draws what comes before the suggestion (today's chapters of a study plan)."""
    cur = ex.curriculum
    with st.container(key="product-intro"):
        st.markdown(f"**System Design Space Explorer** · a map of {len(cur.chapters)} system-design chapters "
                    f"in {len(cur.themes)} themes and how they lead into each other. Pick a chapter to read "
                    "it here.")
    st.title("Start here", anchor=False)
    if before is not None:
        before()
    suggestion, continuing = start_chapter(cur, done)
    if suggestion is None:
        st.success("You have read every chapter. Pick any node to revisit it.", icon=":material/check_circle:")
    else:
        verb = "Continue with" if continuing else "Start with"
        with st.container(border=True, key="start-suggestion"):
            st.markdown(f"**{verb}** {chapter_link(suggestion)} · {suggestion.difficulty}")
            st.caption(suggestion.summary)
            st.button(f"Open “{suggestion.title}” here", key="start-open", type="secondary",
                      icon=":material/menu_book:", on_click=on_select, args=(suggestion.slug,))
    st.markdown("**Or begin a theme** at its entry chapter:")
    lines = []
    for theme in cur.themes:
        first = entry_chapter(cur, theme.slug)
        if first is not None:
            mark = " ✓" if done and first.slug in done else ""
            lines.append(f"- [{md_escape(theme.name)}](/themes?theme={theme.slug}): {chapter_link(first)}{mark}")
    st.markdown("\n".join(lines))
    st.caption(
        "Click a node to read its chapter here. Colours are themes, bigger nodes have more links, arrows "
        "point in reading order: a chapter's context leads into it and it leads to where to go next."
    )
