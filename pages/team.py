"""Team: every profile's progress per theme as a heat map, and who has read a chosen chapter."""

import altair as alt
import pandas as pd
import streamlit as st

from components import progress_ui as ui
from components import state
from components.compat import run_inside_frame
from topicgraph import progress as p
from topicgraph.curricula import local_rows

run_inside_frame()
cur = state.explorer().curriculum
st.title("Team", anchor=False)
st.caption("Everyone who tracks progress on this deployment (profiles are chosen in Settings).")

data = ui.attempt(lambda s: (s.profiles(), s.all_progress()))
err = ui.error()
if data is None or err is not None:
    st.error(ui.unavailable_message(err) if err else "Progress is unavailable.", icon=":material/sync_problem:")
    st.stop()
names, rows = data
rows = local_rows(rows, state.current_choice().prefix)  # this curriculum's statuses (see topicgraph/curricula.py)
if not names:
    st.info("No profiles yet. Turn on “Track my progress” in Settings to create one.")
    st.stop()

table = pd.DataFrame(p.team_rows(cur, rows, names))
themes = [t.name for t in sorted(cur.themes, key=lambda t: t.order)]
st.subheader("Progress per theme", anchor=False)
chart = alt.Chart(table).mark_rect(stroke="white", strokeWidth=1).encode(
    x=alt.X("theme:N", sort=themes, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=180)),
    y=alt.Y("profile:N", sort=sorted(names, key=str.lower), title=None),
    color=alt.Color("percent:Q", scale=alt.Scale(domain=[0, 100], scheme="blues"), title="% done"),
    tooltip=["profile:N", "theme:N", "done:Q", "counted:Q", alt.Tooltip("percent:Q", format=".0f", title="% done")],
)
labels = chart.mark_text(fontSize=11).encode(
    text=alt.Text("percent:Q", format=".0f"),
    color=alt.condition("datum.percent > 60", alt.value("white"), alt.value("black")),
)
st.altair_chart(chart + labels, width="stretch", height=120 + 40 * len(names))  # room for the theme names
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
