"""Graph page (default, served at /): the knowledge graph with the chapter reader beside it."""

import streamlit as st

from components import progress_ui, routes, state
from components.chapter_panel import chapter_panel
from components.compat import run_inside_frame
from components.graph_view import graph_view
from components.start_here import start_here

run_inside_frame()
ex = state.explorer()
cur = ex.curriculum

for notice in state.take_notices():
    st.warning(notice, icon=":material/help:")
if cur.problems:
    with st.expander(f"{len(cur.problems)} problem(s) in the content: those chapters or links are left out",
                     icon=":material/report:"):
        st.code("\n".join(str(p) for p in cur.problems), language=None, wrap_lines=True)


def _jump() -> None:
    state.select(st.session_state.pop("jump", None))


st.selectbox("Find a chapter", [c.slug for c in cur.chapters], index=None, key="jump",
             format_func=lambda s: cur.chapter_map[s].title, on_change=_jump,
             placeholder=f"Find a chapter: search {len(cur.chapters)} titles…", label_visibility="collapsed")


@st.fragment
def explorer() -> None:
    # A fragment: a click reruns only the graph and the panel, not the sidebar or the search box.
    if state.needs_full_rerun():  # a legend click changed the filters the sidebar shows
        st.rerun(scope="app")
    chapter = state.selected(cur)
    shown = state.matching(cur)
    # The tab title names the chapter, so bookmarks and tab lists read well.
    st.set_page_config(page_title=f"{chapter.title} · System Design Space" if chapter
                       else "System Design Space Explorer")
    left, right = st.columns([5, 3], gap="medium")
    with left:
        graph_view(ex.payload, selected=chapter.slug if chapter else None, matching=shown,
                   mode="hide" if state.hide_unmatched() else "fade", themes=state.filters().themes,
                   on_select=state.select, on_theme=state.toggle_theme,
                   route=routes.current_route(ex), local=progress_ui.without_done(cur, routes.local_nodes(ex, chapter)),
                   status=progress_ui.statuses(cur), present=state.presenting())
    with right, st.container(height=740, border=False):
        if routes.route_panel(ex):
            pass
        elif chapter is None:
            start_here(ex, on_select=state.select, done=progress_ui.done_chapters(cur))
        else:
            if shown is not None and chapter.slug not in shown:
                how = "hidden" if state.hide_unmatched() else "faded"
                st.caption(f"This chapter is outside the current filters ({how} in the graph).")
            chapter_panel(chapter, cur, on_select=state.select, top=progress_ui.status_control,
                          bottom=routes.theme_cards)
    state.sync_url()


explorer()
