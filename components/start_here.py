"""The reader with nothing selected: where to begin (issue 7 fills this in)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.state import Explorer


def start_here(ex: Explorer, on_select: Callable[[str | None], None], done: set[str] | None = None) -> None:
    del ex, on_select, done
    st.subheader("Pick a chapter", anchor=False)
    st.markdown(
        "Click a node to read its chapter here. Colours are themes, bigger nodes have more links, "
        "arrows point in reading order: a chapter's context leads into it and it leads to where to go "
        "next. Click a theme in the legend to filter by it."
    )
