"""Sidebar filters shared by every page (they live in the app frame)."""

from __future__ import annotations

import streamlit as st

from components import state
from topicgraph.model import DIFFICULTIES, TYPE_LABELS, TYPES, UNRATED, Curriculum


def sidebar_filters(cur: Curriculum) -> None:
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
        shown = state.matching(cur)
        total = len(cur.chapters)
        st.markdown(f"Showing {total if shown is None else len(shown)} of {total} chapters")
        if state.filters().active:
            st.button("Clear filters", on_click=state.clear_filters, icon=":material/filter_alt_off:")
