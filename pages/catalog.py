"""Catalog (``/catalog``): every chapter in one sortable, searchable table; a row opens it in the graph."""

import streamlit as st

from components import progress_ui, state
from components.compat import run_inside_frame
from components.search import catalog_search
from topicgraph.catalog import catalog_table, search_table

run_inside_frame()
ex = state.explorer()
cur = ex.curriculum
tracking = progress_ui.done_chapters(cur) is not None

st.title("Catalog", anchor=False)
for notice in state.take_notices():  # unknown values in the URL, said once
    st.warning(notice, icon=":material/help:")
hits = catalog_search(ex)  # the graph page's full-text search, typos corrected; best match first
table = catalog_table(cur, ex.graph, progress_ui.statuses(cur) if tracking else None)
rows = search_table(table, hits, state.matching(cur))
st.caption(f"{len(rows)} of {len(table)} chapters (the sidebar filters apply). Click a column to sort, "
           "select a row to open the chapter in the graph.")

picked = st.dataframe(
    rows, key="catalog", hide_index=True, width="stretch", height=560, on_select="rerun",
    selection_mode="single-row",
    column_order=[c for c in rows.columns if c != "slug"],
    column_config={
        "title": st.column_config.TextColumn("Title", width="medium"),
        "themes": "Themes", "difficulty": "Difficulty", "type": "Type",
        "updated": st.column_config.DatetimeColumn("Updated", format="YYYY-MM-DD HH:mm"),
        "words": st.column_config.NumberColumn("Words"),
        "minutes": st.column_config.NumberColumn("Minutes", format="%.1f",
                                                 help="Minutes to read at 200 words a minute, rounded up to a tenth"),
        "links_in": st.column_config.NumberColumn("Links in", help="Chapters whose files link here"),
        "links_out": st.column_config.NumberColumn("Links out", help="Context, next and prerequisite links"),
        "status": "Status",
        "match": st.column_config.TextColumn("Match", width="large", help="Where the search words were found"),
    },
)
st.download_button("Download these rows as CSV", rows.to_csv(index=False).encode("utf-8"),
                   file_name="chapters.csv", mime="text/csv", icon=":material/download:")

selected = picked.selection.rows if picked is not None else []
if selected:  # one history entry: Back returns here
    state.open_in_graph(str(rows.iloc[selected[0]]["slug"]))
