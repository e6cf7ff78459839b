"""Theme pages: ``/themes`` lists every theme as a card; ``/themes?theme=slug`` opens one.

The theme shown is not a filter (components/state.py keeps it apart): reading a theme page leaves the
graph's and the catalog's filters as they were; "Open in graph" sets the theme filter and goes there.
"""

import streamlit as st

from components import curricula_ui, routes, state
from components.charts import difficulty_chart
from components.compat import run_inside_frame
from components.i18n_ui import difficulty_label, t, type_label
from components.start_here import chapter_link
from topicgraph.safe_md import literal
from topicgraph.themes import theme_overview

run_inside_frame()
ex = state.explorer()
cur = ex.curriculum


def _open_in_graph(slug: str) -> None:
    st.session_state[state.THEMES] = [slug]  # the one place a theme page sets a filter
    st.session_state[state.CHAPTER] = None


curricula_ui.url_notices()  # unknown values in the URL, said once (as typed: never Markdown)
shown = state.theme_page()
overview = theme_overview(cur, ex.graph, shown) if shown in cur.theme_map else None

if overview is None:
    st.title(t("themes.title"), anchor=False)
    st.markdown(t("themes.intro", themes=t("count.themes", n=len(cur.themes))))
    for row in range(0, len(cur.themes), 3):
        for col, theme in zip(st.columns(3), cur.themes[row:row + 3], strict=False):
            with col, st.container(border=True, key=f"theme-{theme.slug}"):
                count = sum(theme.slug in c.themes for c in cur.chapters)
                st.markdown(f"**{literal(theme.name)}** · {t('count.chapters', n=count)}")
                st.caption(literal(theme.description))
                st.button(t("route.open_theme"), key=f"open-{theme.slug}", on_click=state.show_theme,
                          args=(theme.slug,), icon=":material/category:")
else:
    theme, chapters = overview.theme, overview.chapters
    st.button(t("themes.all"), icon=":material/arrow_back:", type="tertiary", on_click=state.show_theme, args=(None,))
    st.title(literal(theme.name), anchor=False)
    st.markdown(literal(theme.description))
    top, chart = st.columns([1, 2])
    top.metric(t("themes.chapters"), len(chapters))
    if top.button(t("themes.open_in_graph"), type="primary", icon=":material/hub:", on_click=_open_in_graph,
                  args=(theme.slug,), help=t("themes.open_in_graph_help")):
        state.open_in_graph()  # the filter was set before this run (a widget's state is set in a callback)
    chart.altair_chart(difficulty_chart(overview.difficulty, theme.color).properties(height=150), width="stretch")

    st.subheader(t("themes.reading_order"), anchor=False)
    st.markdown("\n".join(
        f"{i}. {chapter_link(c)} · {difficulty_label(c.difficulty)} · {type_label(c.type)}  \n   {literal(c.summary)}"
        for i, c in enumerate(chapters, 1)))
    hubs, links = st.columns(2)
    with hubs:
        st.subheader(t("themes.most_connected"), anchor=False)
        st.markdown("\n".join(f"- {chapter_link(cur.chapter_map[s])} · {t('themes.links', n=n)}"
                               for s, n in overview.hubs))
    with links:
        st.subheader(t("themes.links_most_to"), anchor=False)
        st.markdown("\n".join(f"- [{literal(cur.theme_map[slug].name)}](/themes?{state.link_query()}theme={slug}) · "
                               f"{t('themes.links', n=n)}" for slug, n in overview.neighbours) or t("themes.no_links"))

st.divider()
routes.bridges_section(ex, overview)
