"""About page: what the product is and what the bundled content holds."""

import streamlit as st

from components import state
from components.compat import run_inside_frame
from topicgraph.stats import summary, theme_table

run_inside_frame()
ex = state.explorer()
cur = ex.curriculum
numbers = summary(cur, ex.graph)

st.title("System Design Space Explorer", anchor=False)
st.markdown(
    "An interactive map of a system-design curriculum. Every chapter is a node; its **context** "
    "(what to read first), **where to go next** and **prerequisites** are the arrows between them. "
    "Filter by theme, difficulty and content type in the sidebar, click a chapter to read it beside the "
    "graph and follow its links. The URL always holds the view, so any view can be shared."
)
cols = st.columns(4)
cols[0].metric("Chapters", numbers["chapters"])
cols[1].metric("Themes", numbers["themes"])
cols[2].metric("Links", numbers["links"])
cols[3].metric("Cross-theme links", numbers["cross_theme_links"])

st.subheader("Themes", anchor=False)
table = theme_table(cur).reset_index(drop=True)
table.insert(2, "description", [t.description for t in cur.themes])
st.dataframe(table[["name", "chapters", "words", "description"]], hide_index=True, width="stretch",
             height=(len(table) + 1) * 35 + 3,  # every theme visible, no inner scrolling
             column_config={"name": "Theme", "chapters": "Chapters", "words": "Words", "description": "About"})
st.caption(
    f"Content from `{cur.root}` ({numbers['words']:,} words). Point `TOPICGRAPH_DATA` at another folder "
    "to explore your own curriculum; `python -m topicgraph validate` checks it."
)
