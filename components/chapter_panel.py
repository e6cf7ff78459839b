"""The chapter reader shown beside the graph. Content is rendered as Markdown, never as HTML."""

from __future__ import annotations

import colorsys
from collections.abc import Callable

import streamlit as st

from topicgraph.model import TYPE_LABELS, Chapter, Curriculum
from topicgraph.query import backlinks

DIFFICULTY_COLORS = {"easy": "green", "medium": "blue", "hard": "orange", "expert": "red"}
_BADGE_HUES = (("red", 0), ("orange", 30), ("yellow", 55), ("green", 120), ("blue", 210), ("violet", 280), ("red", 360))


def badge_color(hex_color: str) -> str:
    """Nearest of Streamlit's badge colours to a theme colour (grey for unsaturated ones)."""
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    if s < 0.2:
        return "gray"
    return min(_BADGE_HUES, key=lambda item: abs(item[1] - h * 360))[0]


def _md_escape(text: str) -> str:
    """Titles go into Markdown-rendering widgets; keep them literal."""
    for ch in "\\`*_[]<>#|~$":
        text = text.replace(ch, "\\" + ch)
    return text


def _link(cur: Curriculum, slug: str, key: str, on_select: Callable[[str | None], None], note: str = "") -> None:
    target = cur.get(slug)
    if target is None:  # link to a chapter that did not load: say so, do not break
        st.caption(f"{slug} (not available)")
        return
    label = f"{_md_escape(target.title)} · {target.difficulty}"
    st.button(label + (f" · {note}" if note else ""), key=key, type="tertiary", on_click=on_select,
              args=(slug,), icon=":material/arrow_forward:", help=target.summary)


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
    title, close = st.columns([12, 1], vertical_alignment="top")
    title.header(_md_escape(chapter.title), anchor=False)
    close.button("", key=f"close-{chapter.slug}", icon=":material/close:", type="tertiary",
                 help="Close the chapter", on_click=on_select, args=(None,))
    badges = st.container(horizontal=True, gap="small")
    with badges:
        for slug in chapter.themes:
            st.badge(themes[slug].name, color=badge_color(themes[slug].color))
        st.badge(chapter.difficulty.capitalize(), color=DIFFICULTY_COLORS[chapter.difficulty],
                 icon=":material/signal_cellular_alt:")
        st.badge(TYPE_LABELS[chapter.type], color="gray")
    if top is not None:
        top(chapter)
    st.caption(f"Updated: {chapter.updated:%B} {chapter.updated.day}, {chapter.updated:%Y, %H:%M}")
    st.markdown(f"_{_md_escape(chapter.summary)}_")

    with st.container(border=True):
        st.markdown(f"**{_md_escape(chapter.context.label)}**")
        _link(cur, chapter.context.chapter, f"ctx-{chapter.slug}", on_select)
        st.caption(chapter.context.why)

    st.markdown(chapter.body)

    st.subheader("Where to go next", anchor=False)
    for slug in chapter.next:
        _link(cur, slug, f"next-{chapter.slug}-{slug}", on_select)
    if chapter.prerequisites:
        st.subheader("Read before", anchor=False)
        for slug in chapter.prerequisites:
            _link(cur, slug, f"pre-{chapter.slug}-{slug}", on_select)
    arrivals: dict[str, list[str]] = {}
    for kind, slug in backlinks(cur, chapter.slug):
        arrivals.setdefault(slug, []).append(kind)
    if arrivals:
        with st.expander(f"Linked from {len(arrivals)} chapter(s)"):
            for slug, kinds in sorted(arrivals.items()):
                _link(cur, slug, f"in-{chapter.slug}-{slug}", on_select, note=" + ".join(kinds))
    if bottom is not None:
        bottom(chapter)
