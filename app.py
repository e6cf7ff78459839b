"""System Design Space Explorer: router and frame. Shared sidebar filters, session set-up, navigation."""

import streamlit as st

from components import state
from components.filters import sidebar_filters

st.set_page_config(page_title="System Design Space Explorer", page_icon="static/favicon.png", layout="wide")

explorer = state.load_explorer()
state.start_session(explorer.curriculum)
sidebar_filters(explorer.curriculum)

page = st.navigation([
    st.Page("pages/graph.py", title="Graph", icon=":material/hub:", default=True),
    st.Page("pages/about.py", title="About", icon=":material/info:"),
])
page.run()
state.sync_url()
