"""System Design Space Explorer: router and frame. Shared sidebar filters, session set-up, navigation."""

import streamlit as st

from components import progress_ui, routes, state
from components.compat import leave_legacy_pages_mode, run_page
from components.filters import sidebar_filters

leave_legacy_pages_mode()  # before any widget: a fresh server's first run would otherwise lose them
st.set_page_config(page_title="System Design Space Explorer", page_icon="static/favicon.png", layout="wide")

explorer = state.load_explorer()
page = st.navigation([
    st.Page("pages/graph.py", title="Graph", icon=":material/hub:", default=True),
    st.Page("pages/themes.py", title="Themes", icon=":material/category:", url_path="themes"),
    st.Page("pages/catalog.py", title="Catalog", icon=":material/table_rows:", url_path="catalog"),
    st.Page("pages/team.py", title="Team", icon=":material/groups:", url_path="team"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:", url_path="settings"),
    st.Page("pages/about.py", title="About", icon=":material/info:", url_path="about"),
])
state.on_page(page.url_path)  # before the session reads the URL: on /themes, theme= is the theme shown
state.start_session(explorer.curriculum)
progress_ui.refresh()
try:
    run_page(page)
finally:
    # The sidebar after the page: its widgets go to the browser after the graph, which then loads
    # first (the browser fetches each widget type's code as it first meets it); it still shows under
    # the navigation. In `finally`, so a page that stops early (st.stop) keeps its sidebar.
    chapter = state.selected(explorer.curriculum) if page.url_path == "" else None  # the graph page's local graph
    sidebar_filters(explorer.curriculum, routes.local_view(explorer, chapter), chapter.title if chapter else "")
    with st.sidebar:
        progress_ui.sidebar_progress(explorer.curriculum)
state.sync_url()
