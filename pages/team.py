"""Team: every profile's progress per theme as a heat map, and who has read a chosen chapter."""

import pandas as pd
import streamlit as st

from components import account, plan_ui, state
from components import progress_ui as ui
from components.charts import team_heatmap, team_height
from components.compat import run_inside_frame
from topicgraph import progress as p
from topicgraph.curricula import local_rows

run_inside_frame()
cur = state.explorer().curriculum
st.title("Team", anchor=False)
if not account.sees_team():  # sign-in mode: signed-in members (or only admins, as configured)
    account.team_gate()
    st.stop()
st.caption("Everyone who tracks progress on this deployment.")

data = ui.attempt(lambda s: (s.profiles(), s.all_progress()))
err = ui.error()
if data is None or err is not None:
    st.error(ui.unavailable_message(err) if err else "Progress is unavailable.", icon=":material/sync_problem:")
    st.stop()
names, rows = data
rows = local_rows(rows, state.current_choice().prefix)  # this curriculum's statuses (see topicgraph/curricula.py)
names, rows = ui.team_labels(names, rows)  # the names people see (a signed-in person's display name), each unique
if not names:
    st.info("No profiles yet. Turn on “Track my progress” in Settings to create one.")
    st.stop()

table = pd.DataFrame(p.team_rows(cur, rows, names))
themes = [t.name for t in sorted(cur.themes, key=lambda t: t.order)]
st.subheader("Progress per theme", anchor=False)
people = sorted(names, key=str.lower)
st.altair_chart(team_heatmap(table, themes, people), width="stretch", height=team_height(themes, people))
st.caption("Percent of each theme's chapters done; skipped chapters leave the count, so 100 % means every counted "
           "chapter is done.")

st.subheader("Who has read a chapter", anchor=False)
chapter = st.selectbox("Chapter", [c.slug for c in cur.chapters], format_func=lambda s: cur.chapter_map[s].title,
                       index=0 if state.selected(cur) is None else [c.slug for c in cur.chapters].index(
                           state.selected(cur).slug))  # type: ignore[union-attr]
readers = {name: (status, at) for name, slug, status, at in rows if slug == chapter}
st.dataframe(
    pd.DataFrame({
        "profile": names,
        "status": [p.STATUS_LABELS[readers.get(n, (p.NOT_STARTED, None))[0]] for n in names],
        "updated": [readers[n][1] if n in readers else None for n in names],
    }).sort_values("status", key=lambda s: s.map({"Done": 0, "Reading": 1, "Skipped": 2, "Not started": 3})),
    hide_index=True, width="stretch",
    column_config={"updated": st.column_config.DatetimeColumn("updated (UTC)", format="YYYY-MM-DD HH:mm")},
)
plan_ui.team_section(state.explorer(), names, rows)
