"""Settings (issue 8)."""

import streamlit as st

from components.compat import run_inside_frame

run_inside_frame()
st.title("Settings", anchor=False)
st.info("Progress tracking is being built.")
