"""A test page for the graph view's browser tests (tests/e2e/test_graph_page.py).

The real graph component on the fixture content beside a minimal reader that keeps the reader DOM
contract (``h1#chapter``, ``st.container(key="reader")``, chapter links as ``[Title](/?chapter=slug)``
anchors), with fixed contract fields from the first URL: ``t_route=a,b,c`` (a route), ``t_local=a,b``
(the local graph), ``t_status=a:done,b:reading`` (reading status), ``t_marked=a,b`` (search hits to mark). Served from a temporary folder
that links ``static/`` (Streamlit serves the static folder next to the main script).
"""

import streamlit as st

from components import state
from components.graph import graph_view

st.set_page_config(page_title="Graph test page", layout="wide")
ex = state.load_explorer()
cur = ex.curriculum
if "t_fields" not in st.session_state:  # read once: sync_url drops parameters it does not know
    st.session_state.t_fields = {k: st.query_params.get(k, "") for k in ("t_route", "t_local", "t_status", "t_marked")}
state.start_session(cur)
fields = st.session_state.t_fields
route = [s for s in fields["t_route"].split(",") if s] or None
local = {s for s in fields["t_local"].split(",") if s} or None
marked = [s for s in fields["t_marked"].split(",") if s] or None
status = dict(p.split(":", 1) for p in fields["t_status"].split(",") if ":" in p) or None

chapter = state.selected(cur)
left, right = st.columns([5, 3])
with left:
    graph_view(ex.payload, selected=chapter.slug if chapter else None, matching=state.matching(cur),
               mode="hide" if state.hide_unmatched() else "fade", themes=state.filters().themes,
               on_select=state.select, on_theme=state.toggle_theme, on_nav=state.navigate,
               on_present=state.set_presenting, filters=state.filters(), route=route, local=local, status=status,
               marked=marked, present=state.presenting())
with right, st.container(height=600, key="reader"):
    if chapter is not None:
        st.title(chapter.title, anchor="chapter")
        st.markdown(chapter.body)
        st.markdown("A long filler paragraph so that the reader scrolls. " * 300)
        st.subheader("Where to go next", anchor=False)
        for slug in chapter.next:
            st.markdown(f"[{cur.chapter_map[slug].title}](/?chapter={slug})")
state.sync_url()
