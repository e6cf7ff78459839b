"""Catalog (``/catalog``): every chapter in one sortable, searchable table; a row opens it in the graph."""

import streamlit as st

from components import curricula_ui, progress_ui, state
from components.compat import run_inside_frame
from components.i18n_ui import difficulty_label, t, type_label
from components.search import catalog_search
from topicgraph.catalog import catalog_table, search_table
from topicgraph.model import TYPE_LABELS

run_inside_frame()
ex = state.explorer()
cur = ex.curriculum
tracking = progress_ui.done_chapters(cur) is not None

st.title(t("catalog.title"), anchor=False)
curricula_ui.url_notices()  # unknown values in the URL, said once (as typed: never Markdown)
hits = catalog_search(ex)  # the graph page's full-text search, typos corrected; best match first
table = catalog_table(cur, ex.graph, progress_ui.statuses(cur) if tracking else None)
rows = search_table(table, hits, state.matching(cur)).copy()
# The model's values in the interface language (the difficulty keeps its easy → expert order).
rows["difficulty"] = rows["difficulty"].cat.rename_categories(difficulty_label)
rows["type"] = rows["type"].map({label: type_label(kind) for kind, label in TYPE_LABELS.items()})
if "status" in rows:
    rows["status"] = rows["status"].map(lambda s: t(f"status.{str(s).replace(' ', '-')}"))
st.caption(t("catalog.count", shown=len(rows), n=len(table)))

picked = st.dataframe(
    rows, key="catalog", hide_index=True, width="stretch", height=560, on_select="rerun",
    selection_mode="single-row",
    column_order=[c for c in rows.columns if c != "slug"],
    column_config={
        "title": st.column_config.TextColumn(t("catalog.col.title"), width="medium"),
        "themes": t("catalog.col.themes"), "difficulty": t("catalog.col.difficulty"), "type": t("catalog.col.type"),
        "updated": st.column_config.DatetimeColumn(t("catalog.col.updated"), format="YYYY-MM-DD HH:mm"),
        "words": st.column_config.NumberColumn(t("catalog.col.words")),
        "minutes": st.column_config.NumberColumn(t("catalog.col.minutes"), format="%.1f",
                                                 help=t("catalog.col.minutes_help")),
        "links_in": st.column_config.NumberColumn(t("catalog.col.links_in"), help=t("catalog.col.links_in_help")),
        "links_out": st.column_config.NumberColumn(t("catalog.col.links_out"), help=t("catalog.col.links_out_help")),
        "status": t("catalog.col.status"),
        "match": st.column_config.TextColumn(t("catalog.col.match"), width="large", help=t("catalog.col.match_help")),
    },
)
st.download_button(t("catalog.download"), rows.to_csv(index=False).encode("utf-8"),
                   file_name="chapters.csv", mime="text/csv", icon=":material/download:")

selected = picked.selection.rows if picked is not None else []
if selected:  # one history entry: Back returns here
    state.open_in_graph(str(rows.iloc[selected[0]]["slug"]))
