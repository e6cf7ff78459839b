"""Graph page (default, served at /): the knowledge graph with the chapter reader beside it."""

import streamlit as st

from components import curricula_ui, page_style, plan_ui, progress_ui, routes, state
from components.chapter_panel import TITLE_LIMIT, chapter_panel
from components.compat import run_inside_frame
from components.export_ui import export_menu
from components.graph import graph_view
from components.i18n_ui import t
from components.search import mark_listener, marked, search_box
from components.start_here import start_here
from topicgraph.safe_md import literal

run_inside_frame()
# The graph gets the width: the sidebar (filters, progress) starts collapsed here, one click opens it;
# Streamlit applies this on the page's first load only, so an opened sidebar stays open.
st.set_page_config(initial_sidebar_state=page_style.sidebar_state())
ex = state.explorer()
cur = ex.curriculum
page_style.inject(cur.themes)  # our layout, print and badge CSS (a fragment cannot add it)

# A session's first run sends the graph alone; the rest follows once it is drawn (state.graph_first).
# The slots before the graph stay the same in both runs, so the graph is not drawn twice.
first = state.graph_first()
with st.container(key="url-notices"):
    for notice in state.take_notices(keep=first):
        st.warning(literal(notice), icon=":material/help:")  # URL values are shown as typed
curricula_ui.notes_notices(cur)
# Filled right after the graph (the browser then meets its code after the graph's), in the first run too.
problems = st.container(key="problems") if cur.problems else None


# The search box shows above the graph but is drawn after it: the browser loads each widget type's
# code as it first meets one, so the graph's code comes first and the graph draws sooner.
top = st.container(key="search-top")  # page.css keeps its room while it is empty


@st.fragment
def explorer() -> None:
    # A fragment: a click reruns only the graph and the panel, not the sidebar or the search box.
    if state.needs_full_rerun():  # a legend click changed the filters the sidebar shows
        st.rerun(scope="app")
    ex = state.current_explorer()  # a chapter file edited since the last full run shows on the next click
    cur = ex.curriculum
    wanted, chapter = st.session_state.get(state.CHAPTER), state.selected(cur)
    if wanted and chapter is None:  # the open chapter's file was deleted or renamed
        st.warning(t("graphpage.removed", slug=literal(str(wanted), limit=80)),
                   icon=":material/report:")
        state.select(None)
    # Always there (empty with no chapter): an element appearing before the columns would remount
    # the graph, and keyboard focus would drop to <body> right after Enter opened a chapter.
    with st.container(key="skip-link"):
        if chapter is not None:
            st.markdown(t("graphpage.skip"))
    shown = state.matching(cur)
    # The tab title names the chapter, so bookmarks and tab lists read well.
    st.set_page_config(page_title=t("graphpage.tab_title", title=chapter.title[:TITLE_LIMIT]) if chapter
                       else t("app.title"))
    left, right = st.columns([5, 3], gap="medium")
    with left, st.container(key="graph-pane"):
        graph_view(ex.payload, selected=chapter.slug if chapter else None, matching=shown,
                   mode="hide" if state.hide_unmatched() else "fade", themes=state.filters().themes,
                   on_select=state.select, on_theme=state.toggle_theme, on_nav=state.navigate,
                   on_present=state.set_presenting, filters=state.filters(),
                   route=routes.current_route(ex) or plan_ui.today_route(ex),
                   local=routes.local_view(ex, chapter),
                   status=progress_ui.statuses(cur), present=state.presenting(), marked=marked(),
                   on_drawn=state.graph_drawn if state.graph_first() else None)
    # The scroll box is keyed by what it shows, so a new chapter starts at its top.
    view = chapter.slug if chapter else "start"
    with right, st.container(key="reader"), st.container(key=f"reader-view-{view}"):
        if state.graph_first():
            pass  # the reader comes with the rest of the page
        elif chapter is None and state.route() is None:  # where to begin first, then the route planner
            start_here(ex, on_select=state.select, done=progress_ui.done_chapters(cur),
                       before=lambda: plan_ui.today_card(ex, state.select))
            routes.route_panel(ex)
        elif routes.route_panel(ex):
            pass
        else:
            if shown is not None and chapter.slug not in shown:
                st.caption(t("graphpage.outside_hidden") if state.hide_unmatched() else t("graphpage.outside_faded"))
            chapter_panel(chapter, cur, on_select=state.select, top=plan_ui.reader_top,
                          bottom=routes.theme_cards)
    state.sync_url()
    mark_listener(ex)  # search hits from the box reach the graph through this fragment


explorer()
if problems is not None:  # in the first run too: its height depends on the width and the language
    with problems:
        curricula_ui.problem_list(cur)
if first:
    with top:
        st.space("xxsmall")  # holds the search row's room (page.css), so the graph does not move down
    st.stop()  # the frame still runs; it leaves the sidebar's widgets for the next run too
with top:
    search_box(ex, on_select=state.select, aside=lambda: export_menu(ex, state.filters()))
