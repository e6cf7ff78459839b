"""Plan (/plan): goals, a target date and hours a day become a day-by-day study plan along the routes."""

import streamlit as st

from components import plan_ui, state
from components.compat import run_inside_frame

run_inside_frame()
ex = state.explorer()
st.title("Study plan", anchor=False)
st.caption("Pick chapters or whole themes, a date and the time you have: the plan reads every prerequisite first, "
           "re-plans as you mark chapters done, and brings done chapters back for short reviews.")
plan_ui.plan_page(ex)
