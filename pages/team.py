"""Team progress (issue 8)."""

import streamlit as st

from components.compat import run_inside_frame

run_inside_frame()
st.title("Team", anchor=False)
st.info("Team progress is being built.")
