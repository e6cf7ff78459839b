"""Theme pages (issue 7)."""

import streamlit as st

from components.compat import run_inside_frame

run_inside_frame()
st.title("Themes", anchor=False)
st.info("Theme pages are being built.")
