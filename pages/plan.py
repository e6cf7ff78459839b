"""Plan (/plan): goals, a target date and hours a day become a day-by-day study plan along the routes."""

import streamlit as st

from components import curricula_ui, plan_ui, state
from components.compat import run_inside_frame
from components.i18n_ui import t

run_inside_frame()
ex = state.explorer()
st.title(t("plan.title"), anchor=False)
curricula_ui.url_notices()  # unknown values in the URL, said once
st.caption(t("plan.intro"))
plan_ui.plan_page(ex)
