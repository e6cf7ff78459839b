"""System Design Space Explorer: router and frame. Shared sidebar filters, session set-up, navigation."""

import streamlit as st

from components import curricula_ui, progress_ui, routes, state
from components.compat import leave_legacy_pages_mode, run_page
from components.filters import sidebar_filters
from components.i18n_ui import language_switch, t

leave_legacy_pages_mode()  # before any widget: a fresh server's first run would otherwise lose them
st.set_page_config(page_title=t("app.title"), page_icon="static/favicon.png", layout="wide")

explorer = state.load_explorer()
page = st.navigation([
    st.Page("pages/graph.py", title=t("nav.graph"), icon=":material/hub:", default=True),
    st.Page("pages/themes.py", title=t("nav.themes"), icon=":material/category:", url_path="themes"),
    st.Page("pages/catalog.py", title=t("nav.catalog"), icon=":material/table_rows:", url_path="catalog"),
    st.Page("pages/plan.py", title=t("nav.plan"), icon=":material/event_note:", url_path="plan"),
    st.Page("pages/team.py", title=t("nav.team"), icon=":material/groups:", url_path="team"),
    st.Page("pages/settings.py", title=t("nav.settings"), icon=":material/settings:", url_path="settings"),
    st.Page("pages/about.py", title=t("nav.about"), icon=":material/info:", url_path="about"),
])
state.on_page(page.url_path)  # before the session reads the URL: on /themes, theme= is the theme shown
state.start_session(explorer.curriculum)
language_slot = st.sidebar.container(key="sidebar-language")  # first in the sidebar, filled after the page
progress_ui.refresh()
try:
    run_page(page)
finally:
    # The sidebar after the page: its widgets go to the browser after the graph, which then loads
    # first (the browser fetches each widget type's code as it first meets it); it still shows under
    # the navigation. In `finally`, so a page that stops early (st.stop) keeps its sidebar.
    if not state.graph_first():  # the graph's first run sends the graph alone (see state.graph_first)
        with language_slot:
            language_switch()
        with st.sidebar:
            curricula_ui.curriculum_picker()
        chapter = state.selected(explorer.curriculum) if page.url_path == "" else None  # the graph page's local graph
        sidebar_filters(explorer.curriculum, routes.local_view(explorer, chapter), chapter.title if chapter else "")
        with st.sidebar:
            curricula_ui.orphans_filter(explorer.curriculum)
            progress_ui.sidebar_progress(explorer.curriculum)
state.sync_url()
