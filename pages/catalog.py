"""Catalog (issue 7)."""

import streamlit as st

from components.compat import run_inside_frame

run_inside_frame()
st.title("Catalog", anchor=False)
st.info("The catalog is being built.")
