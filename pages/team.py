"""Team: every profile's progress per theme as a heat map, and who has read a chosen chapter."""

from typing import NoReturn

import pandas as pd
import streamlit as st

from components import account, curricula_ui, plan_ui, state
from components import progress_ui as ui
from components.charts import team_heatmap, team_height
from components.compat import run_inside_frame
from components.i18n_ui import t
from topicgraph import progress as p
from topicgraph.curricula import local_rows


def stop() -> NoReturn:
    """End the page here, the address first set right (the frame's own update comes after the page: not run)."""
    state.sync_url()
    st.stop()


run_inside_frame()
cur = state.explorer().curriculum
st.title(t("team.title"), anchor=False)
curricula_ui.url_notices()  # unknown values in the URL, said once
if not account.sees_team():  # sign-in mode: signed-in members (or only admins, as configured)
    account.team_gate()
    stop()
st.caption(t("team.intro"))

data = ui.attempt(lambda s: (s.profiles(), s.all_progress()))
err = ui.error()
if data is None or err is not None:
    st.error(ui.unavailable_message(err) if err else t("team.unavailable"), icon=":material/sync_problem:")
    stop()
names, rows = data
rows = local_rows(rows, state.current_choice().prefix)  # this curriculum's statuses (see topicgraph/curricula.py)
names, rows = ui.team_labels(names, rows)  # the names people see (a signed-in person's display name), each unique
if not names:
    st.info(t("team.no_profiles"))
    stop()

table = pd.DataFrame(p.team_rows(cur, rows, names))
themes = [t.name for t in sorted(cur.themes, key=lambda t: t.order)]
st.subheader(t("team.per_theme"), anchor=False)
people = sorted(names, key=str.lower)
st.altair_chart(team_heatmap(table, themes, people), width="stretch", height=team_height(themes, people))
st.caption(t("team.per_theme_note"))

st.subheader(t("team.readers"), anchor=False)
chapter = st.selectbox(t("team.chapter"), [c.slug for c in cur.chapters],
                       format_func=lambda s: cur.chapter_map[s].title,
                       index=0 if state.selected(cur) is None else [c.slug for c in cur.chapters].index(
                           state.selected(cur).slug))  # type: ignore[union-attr]
readers = {name: (status, at) for name, slug, status, at in rows if slug == chapter}
statuses = [readers.get(n, (p.NOT_STARTED, None))[0] for n in names]
rank = {p.DONE: 0, p.READING: 1, p.SKIPPED: 2, p.NOT_STARTED: 3}
order = sorted(range(len(names)), key=lambda i: rank.get(statuses[i], 4))  # stable: names keep their order
updated = t("team.col.updated")
st.dataframe(
    pd.DataFrame({
        t("team.col.profile"): [names[i] for i in order],
        t("team.col.status"): [t(f"status.{statuses[i]}") for i in order],
        updated: [readers[names[i]][1] if names[i] in readers else None for i in order],
    }),
    hide_index=True, width="stretch",
    column_config={updated: st.column_config.DatetimeColumn(t("team.col.updated_utc"), format="YYYY-MM-DD HH:mm")},
)
plan_ui.team_section(state.explorer(), names, rows)
