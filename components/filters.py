"""Sidebar filters shared by every page (they live in the app frame)."""

from __future__ import annotations

import streamlit as st

from components import state
from topicgraph.model import DIFFICULTIES, TYPE_LABELS, TYPES, UNRATED, Curriculum
from topicgraph.safe_md import literal


def shown_text(total: int, matching: frozenset[str] | set[str] | None, local: set[str] | None = None,
               hide: bool = False, around: str = "") -> str:
    """What the graph draws, in words (the local graph counts what it draws, not the whole curriculum).

    >>> shown_text(213, None)
    'Showing 213 of 213 chapters'
    >>> shown_text(213, {"a", "b"})
    'Showing 2 of 213 chapters'
    >>> shown_text(213, None, {"a", "b", "c"}, around="Caching")
    'Showing 3 of 213 chapters: the local graph around Caching'
    >>> shown_text(213, {"a", "x"}, {"a", "b", "c"}, around="Caching")
    'Showing 3 of 213 chapters: the local graph around Caching, 1 of them matching the filters'
    >>> shown_text(213, {"a", "x"}, {"a", "b", "c"}, hide=True, around="Caching")
    'Showing 1 of 213 chapters: the local graph around Caching, matching the filters'
    """
    if local is None:
        return f"Showing {total if matching is None else len(matching)} of {total} chapters"
    where = f": the local graph around {around}" if around else ": the local graph"
    if matching is None:
        return f"Showing {len(local)} of {total} chapters{where}"
    both = len(local & set(matching))
    if hide:
        return f"Showing {both} of {total} chapters{where}, matching the filters"
    return f"Showing {len(local)} of {total} chapters{where}, {both} of them matching the filters"


def sidebar_filters(cur: Curriculum, local: set[str] | None = None, around: str = "") -> None:
    """``local``: the chapters the local graph draws on this page (None: the whole graph), around ``around``."""
    names = {t.slug: t.name for t in cur.themes}
    with st.sidebar:
        st.subheader("Filters")
        st.multiselect("Themes", list(names), key=state.THEMES, format_func=names.__getitem__,
                       placeholder="All themes")
        # Imported notes carry no difficulty or type unless their front matter says so: "Unrated" is offered.
        unrated = (UNRATED,) if cur.is_notes else ()
        st.multiselect("Difficulty", (*DIFFICULTIES, *unrated), key=state.DIFFICULTY, format_func=str.capitalize,
                       placeholder="Any difficulty",
                       help="Notes without a 'difficulty' in their front matter are Unrated." if unrated else None)
        st.multiselect("Content type", (*TYPES, *unrated), key=state.TYPE, format_func=TYPE_LABELS.__getitem__,
                       placeholder="Any type",
                       help="Notes without a 'type' in their front matter are Unrated." if unrated else None)
        st.toggle("Hide non-matching chapters", key=state.HIDE,
                  help="Off: chapters outside the filters stay in the graph, faded. On: they disappear.")
        # Chapter titles are content: shown as typed, never as Markdown.
        st.markdown(literal(shown_text(len(cur.chapters), state.matching(cur), local, state.hide_unmatched(),
                                       around[:80])))
        if state.filters().active:
            st.button("Clear filters", on_click=state.clear_filters, icon=":material/filter_alt_off:")
