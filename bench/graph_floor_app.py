"""The graph component alone (no sidebar, search, reader or planner): how soon the component itself can
draw on this machine. The bench serves it from a temporary folder that links ``static/``."""

import streamlit as st

from components import state
from components.graph import graph_view

st.set_page_config(page_title="Graph only", layout="wide")
ex = state.load_explorer()
state.start_session(ex.curriculum)
left, _right = st.columns([5, 3])
with left:
    graph_view(ex.payload, selected=None, matching=None, mode="fade", themes=(), on_select=state.select,
               on_theme=state.toggle_theme)
