"""About page: what the product is and what the bundled content holds."""

import streamlit as st

from components import curricula_ui, state
from components.compat import run_inside_frame
from components.i18n_ui import lang, t
from topicgraph.i18n import format_number
from topicgraph.i18n.content import languages
from topicgraph.stats import summary, theme_table

run_inside_frame()
ex = state.explorer()
cur = ex.curriculum
numbers = summary(cur, ex.graph)

st.title(t("app.title"), anchor=False)
curricula_ui.url_notices()  # unknown values in the URL, said once
st.markdown(t("about.intro"))
cols = st.columns(4)
cols[0].metric(t("about.chapters"), format_number(numbers["chapters"], lang()))
cols[1].metric(t("about.themes"), format_number(numbers["themes"], lang()))
cols[2].metric(t("about.links"), format_number(numbers["links"], lang()))
cols[3].metric(t("about.cross_links"), format_number(numbers["cross_theme_links"], lang()))

st.subheader(t("about.themes_header"), anchor=False)
table = theme_table(cur).reset_index(drop=True)
table.insert(2, "description", [th.description for th in cur.themes])
st.dataframe(table[["name", "chapters", "words", "description"]], hide_index=True, width="stretch",
             height=(len(table) + 1) * 35 + 3,  # every theme visible, no inner scrolling
             column_config={"name": t("about.col.theme"), "chapters": t("about.col.chapters"),
                            "words": t("about.col.words"), "description": t("about.col.about")})
for other in languages(cur):
    translated = sum(1 for c in cur.chapters if other in c.i18n)
    st.caption(t("about.translated", language=t(f"lang.name.{other}"), translated=translated, total=len(cur.chapters)))
st.caption(t("about.source", root=cur.root, words=t("count.words", n=numbers["words"])))
